package jetstream_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/uuid"

	"daotao/events"
	"daotao/events/jetstream/jstest"
)

// TestBatchesCommitInGroups sends many atomic batches at once, as
// concurrent approvals do: some on fresh subjects, some with a stale
// expectation, and pairs that compete for one shared subject. Batches
// waiting for the one in flight go to the server together, yet each
// caller gets exactly what it would have had alone: its own events stored
// contiguously at the sequences it is told, a conflict for a stale
// expectation without the group's other members failing, and one winner
// per shared subject.
func TestBatchesCommitInGroups(t *testing.T) {
	const n = 48
	ctx := context.Background()
	st := jstest.Open(t)
	stale := eventOn(t, events.Subject(events.AggregateOfficial, uuid.NewString()))
	if _, err := st.Append(ctx, stale, 0, stale.ID); err != nil {
		t.Fatal(err)
	}
	shared := make([]string, n/8)
	for i := range shared {
		shared[i] = events.Subject(events.AggregateOfficial, uuid.NewString())
	}
	batches := make([][]events.Pending, n)
	for i := range batches {
		a := newEvent(t)
		var b events.Envelope
		switch {
		case i%8 == 1: // expects the official's subject to be empty: it is not
			b = eventOn(t, stale.Subject)
		case i%8 == 2 || i%8 == 3: // two batches for one official's subject
			b = eventOn(t, shared[i/8])
		default:
			b = eventOn(t, events.Subject(events.AggregateOfficial, uuid.NewString()))
		}
		batches[i] = []events.Pending{{Envelope: a, MsgID: a.ID}, {Envelope: b, MsgID: b.ID}}
	}
	results := make([][]events.AppendResult, n)
	sentBefore := st.BatchesSent()
	errs := race(n, func(i int) error {
		var err error
		results[i], err = st.AppendBatch(ctx, batches[i])
		return err
	})
	won := map[string]int{}
	for i, err := range errs {
		switch {
		case i%8 == 1:
			if !errors.Is(err, events.ErrConflict) {
				t.Errorf("batch %d with a stale expectation: %v; want ErrConflict", i, err)
			}
			continue
		case i%8 == 2 || i%8 == 3:
			if err == nil {
				won[shared[i/8]]++
				break
			}
			if !errors.Is(err, events.ErrConflict) {
				t.Errorf("batch %d on a shared subject: %v; want success or ErrConflict", i, err)
			}
			continue
		case err != nil:
			t.Errorf("batch %d: %v", i, err)
			continue
		}
		// Stored where the caller is told, contiguously, in order.
		if len(results[i]) != 2 || results[i][1].Seq != results[i][0].Seq+1 {
			t.Errorf("batch %d: results %+v; want two consecutive sequences", i, results[i])
			continue
		}
		for k, p := range batches[i] {
			got, err := st.Load(ctx, p.Envelope.Subject)
			if err != nil || len(got) == 0 {
				t.Fatalf("load %s: %v", p.Envelope.Subject, err)
			}
			last := got[len(got)-1]
			if last.ID != p.Envelope.ID || last.Seq != results[i][k].Seq {
				t.Errorf("batch %d event %d: subject's last is %s at %d; told %d", i, k, last.ID, last.Seq, results[i][k].Seq)
			}
		}
	}
	for _, s := range shared {
		if won[s] != 1 {
			t.Errorf("%s: %d winners of two competing batches; want 1", s, won[s])
		}
	}
	// Every stored event is one of a successful batch: nothing of a
	// refused one, and nothing twice.
	stored := 1 // the stale subject's first event
	for i, err := range errs {
		if err == nil {
			stored += len(batches[i])
		}
	}
	if last, err := st.LastSeq(ctx); err != nil || last != uint64(stored) {
		t.Errorf("LastSeq = %d, %v; want %d", last, err, stored)
	}
	t.Logf("%d batches sent to the server for %d callers", st.BatchesSent()-sentBefore, n)
}

// TestCleanBatchesShareCommits: batches arriving together, none refused,
// take far fewer atomic batches on the server than there are callers.
func TestCleanBatchesShareCommits(t *testing.T) {
	const n = 48
	st := jstest.Open(t)
	before := st.BatchesSent()
	errs := race(n, func(int) error {
		a, b := newEvent(t), eventOn(t, events.Subject(events.AggregateOfficial, uuid.NewString()))
		_, err := st.AppendBatch(context.Background(), []events.Pending{{Envelope: a, MsgID: a.ID}, {Envelope: b, MsgID: b.ID}})
		return err
	})
	for i, err := range errs {
		if err != nil {
			t.Errorf("batch %d: %v", i, err)
		}
	}
	if last, err := st.LastSeq(context.Background()); err != nil || last != 2*n {
		t.Errorf("LastSeq = %d, %v; want %d", last, err, 2*n)
	}
	if sent := st.BatchesSent() - before; sent > n/2 {
		t.Errorf("%d atomic batches for %d callers arriving together; want them grouped (at most %d)", sent, n, n/2)
	} else {
		t.Logf("%d atomic batches for %d callers", sent, n)
	}
}
