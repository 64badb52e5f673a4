package jetstream_test

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"daotao/events/jetstream"
	"daotao/events/jetstream/jstest"
)

// putRandomSnapshot stores size random bytes as the snapshot name and
// returns them.
func putRandomSnapshot(tb testing.TB, st *jetstream.Store, name string, size int) []byte {
	tb.Helper()
	data := make([]byte, size)
	rng := rand.New(rand.NewPCG(7, 7))
	for i := range data {
		data[i] = byte(rng.Uint32())
	}
	if err := st.PutSnapshot(context.Background(), name, data); err != nil {
		tb.Fatal(err)
	}
	return data
}

// TestSnapshotObjects: a snapshot larger than one part (16 MiB) is stored
// and read back byte for byte, listed once under its name, and deleted
// with all its parts.
func TestSnapshotObjects(t *testing.T) {
	st := jstest.Open(t)
	ctx := context.Background()
	big := putRandomSnapshot(t, st, "state-2", 40<<20)
	if err := st.PutSnapshot(ctx, "state-1", []byte{}); err != nil {
		t.Fatal(err)
	}
	names, err := st.SnapshotNames(ctx)
	slices.Sort(names)
	if err != nil || !slices.Equal(names, []string{"state-1", "state-2"}) {
		t.Fatalf("names = %v, %v", names, err)
	}
	got, err := st.GetSnapshot(ctx, "state-2")
	if err != nil || !bytes.Equal(got, big) {
		t.Fatalf("read back %d bytes (want %d), %v", len(got), len(big), err)
	}
	if got, err := st.GetSnapshot(ctx, "state-1"); err != nil || len(got) != 0 {
		t.Fatalf("empty snapshot read back as %d bytes, %v", len(got), err)
	}
	if err := st.DeleteSnapshot(ctx, "state-2"); err != nil {
		t.Fatal(err)
	}
	if names, _ := st.SnapshotNames(ctx); !slices.Equal(names, []string{"state-1"}) {
		t.Errorf("after delete: %v", names)
	}
	if _, err := st.GetSnapshot(ctx, "state-2"); err == nil {
		t.Error("a deleted snapshot can still be read")
	}
}

// BenchmarkSnapshotFetch reads back a 160 MiB snapshot (ten parts):
// by=objects as before ReadSnapshot (the object store's reader per part,
// then joined), by=pull with ReadSnapshot, parts=N at once.
func BenchmarkSnapshotFetch(b *testing.B) {
	st := jstest.Open(b)
	ctx := context.Background()
	data := putRandomSnapshot(b, st, "state-1", 160<<20)
	b.Run("by=objects/parts=4", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := jetstream.GetSnapshotByObjects(st, ctx, "state-1"); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, c := range []struct{ parts, pull int }{{2, 16}, {2, 8}, {4, 4}, {4, 8}, {8, 2}} {
		b.Run(fmt.Sprintf("by=pull/parts=%d/pull=%dMiB", c.parts, c.pull), func(b *testing.B) {
			defer jetstream.SetSnapshotFetchers(jetstream.SetSnapshotFetchers(c.parts))
			defer jetstream.SetSnapshotPull(jetstream.SetSnapshotPull(c.pull << 20))
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			buf := make([]byte, len(data))
			for b.Loop() {
				if err := st.ReadSnapshot(ctx, "state-1", func(int) []byte { return buf }, func(int, int) {}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
