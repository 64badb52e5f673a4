package jetstream_test

import (
	"bytes"
	"context"
	"math/rand/v2"
	"slices"
	"testing"

	"daotao/events/jetstream/jstest"
)

// TestSnapshotObjects: a snapshot larger than one part (16 MiB) is stored
// and read back byte for byte, listed once under its name, and deleted
// with all its parts.
func TestSnapshotObjects(t *testing.T) {
	st := jstest.Open(t)
	ctx := context.Background()
	big := make([]byte, 40<<20)
	rng := rand.New(rand.NewPCG(7, 7))
	for i := range big {
		big[i] = byte(rng.Uint32())
	}
	if err := st.PutSnapshot(ctx, "state-2", big); err != nil {
		t.Fatal(err)
	}
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
