package projections_test

import (
	"bytes"
	"context"
	"runtime"
	"testing"

	"daotao/projections"
)

// BenchmarkSnapshot encodes and decodes the state of 20,000 officials
// (about 85,000 events); SetBytes is the encoded size, so MB/s is the
// snapshot's throughput.
func BenchmarkSnapshot(b *testing.B) {
	s := benchState(b, benchLog(b, 20_000))
	body, seq, err := projections.EncodeState(s)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("encode", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		for b.Loop() {
			if _, _, err := projections.EncodeState(s); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("decode", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := projections.DecodeState(body, seq); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("decode-serial", func(b *testing.B) { // as before maps were filled aside
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := projections.DecodeStateSerial(body, seq); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("dump", func(b *testing.B) {
		b.ReportAllocs()
		var buf bytes.Buffer
		for b.Loop() {
			buf.Reset()
			if err := s.Dump(&buf); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkSnapshotLoad reads a snapshot of the state of 100,000 officials
// (about 420,000 events, some 40 MB) back from a real embedded JetStream
// store, as a start does: path=whole fetches it all, checks it, then
// decodes on one goroutine (as before issue 7's snapshot round, kept in
// snapshot_load_old_test.go; its fetch is today's GetSnapshot, see
// BenchmarkSnapshotFetch in events/jetstream for the fetch before and
// after); path=stream decodes and hashes it while it arrives, maps filled
// on a second goroutine, the collector paused. fetch=… only fetches it,
// whole (GetSnapshot) or into one buffer (ReadSnapshot).
func BenchmarkSnapshotLoad(b *testing.B) {
	ctx := context.Background()
	store, sn, name, size := storedSnapshot(b, 100_000, "bench") // snapshot_refuse_test.go
	runtime.GC()
	for _, path := range []string{"whole", "stream"} {
		b.Run("path="+path, func(b *testing.B) {
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for b.Loop() {
				load := sn.Load
				if path == "whole" {
					load = func(ctx context.Context, name string) (*projections.State, projections.SnapshotInfo, error) {
						return projections.LoadWhole(ctx, sn, name)
					}
				}
				if s, _, err := load(ctx, name); err != nil || s.Applied() != 1 {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("fetch=whole", func(b *testing.B) {
		b.SetBytes(int64(size))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := store.GetSnapshot(ctx, name); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("fetch=read", func(b *testing.B) {
		b.SetBytes(int64(size))
		b.ReportAllocs()
		for b.Loop() {
			err := store.ReadSnapshot(ctx, name, func(n int) []byte { return make([]byte, n) }, func(int, int) {})
			if err != nil {
				b.Fatal(err)
			}
		}
	})
}
