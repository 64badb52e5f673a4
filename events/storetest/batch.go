package storetest

import (
	"context"
	"errors"
	"sync"
	"testing"

	"daotao/events"
)

// pending returns a batch entry for a fresh envelope on subj.
func pending(t *testing.T, subj string, expected uint64) events.Pending {
	t.Helper()
	e := envelope(t, subj)
	return events.Pending{Envelope: e, Expected: expected, MsgID: e.ID}
}

func testBatchAppends(t *testing.T, s events.Store) {
	a, b := subject(), subject()
	first := appendOK(t, s, envelope(t, a), 0)
	res, err := s.AppendBatch(context.Background(), []events.Pending{pending(t, a, first), pending(t, b, 0)})
	if err != nil {
		t.Fatalf("AppendBatch: %v", err)
	}
	if len(res) != 2 || res[0].Seq != first+1 || res[1].Seq != first+2 || res[0].Duplicate || res[1].Duplicate {
		t.Fatalf("results = %+v; want sequences %d and %d", res, first+1, first+2)
	}
	wantSubjectLen(t, s, a, 2)
	wantSubjectLen(t, s, b, 1)
}

func testBatchAllOrNothing(t *testing.T, s events.Store) {
	a, b := subject(), subject()
	appendOK(t, s, envelope(t, b), 0)
	before := lastSeq(t, s)
	// a is fine, b is stale: nothing may be stored.
	_, err := s.AppendBatch(context.Background(), []events.Pending{pending(t, a, 0), pending(t, b, 0)})
	if !errors.Is(err, events.ErrConflict) {
		t.Fatalf("AppendBatch with one stale expectation = %v; want ErrConflict", err)
	}
	wantLastSeq(t, s, before)
	wantSubjectLen(t, s, a, 0)
}

func testBatchRetry(t *testing.T, s events.Store) {
	a, b := subject(), subject()
	batch := []events.Pending{pending(t, a, 0), pending(t, b, 0)}
	first, err := s.AppendBatch(context.Background(), batch)
	if err != nil {
		t.Fatalf("AppendBatch: %v", err)
	}
	again, err := s.AppendBatch(context.Background(), batch)
	if err != nil {
		t.Fatalf("retried AppendBatch = %v; want the original results", err)
	}
	for i := range first {
		if again[i].Seq != first[i].Seq || !again[i].Duplicate {
			t.Errorf("retry result %d = %+v; want seq %d, duplicate", i, again[i], first[i].Seq)
		}
	}
	wantSubjectLen(t, s, a, 1)
}

func testBatchInvalid(t *testing.T, s events.Store) {
	a := subject()
	for name, batch := range map[string][]events.Pending{
		"empty":        nil,
		"same subject": {pending(t, a, 0), pending(t, a, 0)},
	} {
		if _, err := s.AppendBatch(context.Background(), batch); !errors.Is(err, events.ErrBatch) {
			t.Errorf("%s batch: err = %v; want ErrBatch", name, err)
		}
	}
	wantLastSeq(t, s, 0)
}

// testBatchRace has 20 batches race for one shared subject (the consistency
// boundary), each also writing a subject of its own: exactly one lands.
func testBatchRace(t *testing.T, s events.Store) {
	const writers = 20
	shared := subject()
	base := appendOK(t, s, envelope(t, shared), 0)
	batches := make([][]events.Pending, writers)
	for i := range batches {
		batches[i] = []events.Pending{pending(t, subject(), 0), pending(t, shared, base)}
	}
	errs := make([]error, writers)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range writers {
		wg.Go(func() {
			<-start
			_, errs[i] = s.AppendBatch(context.Background(), batches[i])
		})
	}
	close(start)
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case !errors.Is(err, events.ErrConflict):
			t.Errorf("AppendBatch: %v", err)
		}
	}
	if ok != 1 {
		t.Fatalf("%d batches landed; want exactly 1", ok)
	}
	wantLastSeq(t, s, base+2)
}

// testBatchFull appends the largest batch there may be (a roster import of
// that many officials is one) and refuses a larger one before sending it.
func testBatchFull(t *testing.T, s events.Store) {
	batch := make([]events.Pending, events.MaxBatch+1)
	for i := range batch {
		batch[i] = pending(t, subject(), 0)
	}
	if _, err := s.AppendBatch(context.Background(), batch); !errors.Is(err, events.ErrBatch) {
		t.Fatalf("AppendBatch of %d events = %v; want ErrBatch", len(batch), err)
	}
	wantLastSeq(t, s, 0)
	res, err := s.AppendBatch(context.Background(), batch[:events.MaxBatch])
	if err != nil {
		t.Fatalf("AppendBatch of %d events: %v", events.MaxBatch, err)
	}
	if first, last := res[0].Seq, res[len(res)-1].Seq; first != 1 || last != events.MaxBatch {
		t.Errorf("sequences %d to %d; want 1 to %d", first, last, events.MaxBatch)
	}
	wantLastSeq(t, s, events.MaxBatch)
}

func wantSubjectLen(t *testing.T, s events.Store, subj string, n int) {
	t.Helper()
	recs, err := s.Load(context.Background(), subj)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if len(recs) != n {
		t.Errorf("%s has %d events; want %d", subj, len(recs), n)
	}
}

func lastSeq(t *testing.T, s events.Store) uint64 {
	t.Helper()
	seq, err := s.LastSeq(context.Background())
	if err != nil {
		t.Fatalf("LastSeq: %v", err)
	}
	return seq
}
