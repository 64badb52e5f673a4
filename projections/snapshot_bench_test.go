package projections_test

import (
	"bytes"
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
