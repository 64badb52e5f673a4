package storetest

import (
	"context"
	"errors"
	"sync"
	"testing"

	"daotao/events"
)

func testRace(t *testing.T, s events.Store) {
	const writers = 20
	subj := subject()
	base := appendOK(t, s, envelope(t, subj), 0)
	start := make(chan struct{})
	errs := make([]error, writers)
	var wg sync.WaitGroup
	for i := range writers {
		e := envelope(t, subj)
		wg.Go(func() {
			<-start
			_, errs[i] = s.Append(context.Background(), e, base, e.ID)
		})
	}
	close(start)
	wg.Wait()
	var ok, conflicts int
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case errors.Is(err, events.ErrConflict):
			conflicts++
		default:
			t.Errorf("Append: %v", err)
		}
	}
	if ok != 1 || conflicts != writers-1 {
		t.Fatalf("%d appended, %d conflicts; want 1 and %d", ok, conflicts, writers-1)
	}
	wantLastSeq(t, s, base+1)
}

func testParallel(t *testing.T, s events.Store) {
	const writers, each = 16, 50
	seqs := make([][]uint64, writers)
	var wg sync.WaitGroup
	for i := range writers {
		wg.Go(func() { seqs[i] = appendAll(s, subject(), each) })
	}
	wg.Wait()
	seen := make(map[uint64]bool)
	for i, ss := range seqs {
		if len(ss) != each {
			t.Fatalf("writer %d appended %d events; want %d", i, len(ss), each)
		}
		for _, seq := range ss {
			if seen[seq] {
				t.Fatalf("sequence %d assigned twice", seq)
			}
			seen[seq] = true
		}
	}
	wantLastSeq(t, s, writers*each)
}

// appendAll appends n events to subj and returns their sequences; it stops
// at the first error, so a short result reports a failure (t.Fatal must not
// be called from other goroutines).
func appendAll(s events.Store, subj string, n int) []uint64 {
	var seqs []uint64
	var last uint64
	for range n {
		e, err := build(subj)
		if err != nil {
			return seqs
		}
		res, err := s.Append(context.Background(), e, last, e.ID)
		if err != nil || res.Duplicate {
			return seqs
		}
		last = res.Seq
		seqs = append(seqs, last)
	}
	return seqs
}
