package projections

import (
	"bytes"
	"testing"
	"unsafe"
)

// benchSnapshotState is a state of n officials with one nomination each,
// built without a store.
func benchSnapshotState(tb testing.TB, n int) *State {
	tb.Helper()
	s := New()
	for _, r := range snapshotBenchLog(tb, n) {
		if err := s.Apply(r); err != nil {
			tb.Fatal(err)
		}
	}
	return s
}

// BenchmarkSnapshot encodes and decodes the state of 20,000 officials
// (about 85,000 events); b.SetBytes is the encoded size, so MB/s is the
// snapshot's throughput.
func BenchmarkSnapshot(b *testing.B) {
	s := benchSnapshotState(b, 20_000)
	body, seq, err := encodeState(s)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("encode", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		for b.Loop() {
			if _, _, err := encodeState(s); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("decode", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := decodeState(body, seq); err != nil {
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
	_ = unsafe.Pointer(s)
}
