package storetest

import (
	"context"
	"slices"
	"testing"
	"time"

	"daotao/events"
)

// subscribe starts a subscription from from and returns the channel its
// events arrive on. The subscription ends with the test.
func subscribe(t *testing.T, s events.Store, from uint64) <-chan events.Recorded {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	ch := make(chan events.Recorded, 100)
	err := s.Subscribe(ctx, from, func(r events.Recorded) error {
		select {
		case ch <- r:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	})
	if err != nil {
		t.Fatalf("Subscribe(%d): %v", from, err)
	}
	return ch
}

// receive waits for n events from ch and returns their sequences.
func receive(t *testing.T, ch <-chan events.Recorded, n int) []uint64 {
	t.Helper()
	deadline := time.After(waitFor)
	var got []uint64
	for len(got) < n {
		select {
		case r := <-ch:
			got = append(got, r.Seq)
		case <-deadline:
			t.Fatalf("received %v; want %d events within %v", got, n, waitFor)
		}
	}
	return got
}

func testSubscribeAll(t *testing.T, s events.Store) {
	subj := subject()
	seqs := appendN(t, s, subj, 2)
	ch := subscribe(t, s, 1)
	if got := receive(t, ch, 2); !slices.Equal(got, []uint64{1, 2}) {
		t.Fatalf("existing events = %v; want [1 2]", got)
	}
	last := appendOK(t, s, envelope(t, subj), seqs[1])
	appendOK(t, s, envelope(t, subject()), 0)
	appendOK(t, s, envelope(t, subj), last)
	if got := receive(t, ch, 3); !slices.Equal(got, []uint64{3, 4, 5}) {
		t.Fatalf("live events = %v; want [3 4 5]", got)
	}
}

func testSubscribeFrom(t *testing.T, s events.Store) {
	appendN(t, s, subject(), 4)
	ch := subscribe(t, s, 3)
	appendOK(t, s, envelope(t, subject()), 0)
	if got := receive(t, ch, 3); !slices.Equal(got, []uint64{3, 4, 5}) {
		t.Fatalf("events = %v; want [3 4 5]", got)
	}
}

func testSubscribeCancel(t *testing.T, s events.Store) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	err := s.Subscribe(ctx, 1, func(r events.Recorded) error {
		if r.Seq == 2 {
			close(done)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("Subscribe: %v", err)
	}
	appendN(t, s, subject(), 2)
	select {
	case <-done:
	case <-time.After(waitFor):
		t.Fatalf("event 2 not delivered within %v", waitFor)
	}
	cancel()
	// A second subscription still works after the first one ended.
	ch := subscribe(t, s, 2)
	if got := receive(t, ch, 1); !slices.Equal(got, []uint64{2}) {
		t.Fatalf("events = %v; want [2]", got)
	}
}
