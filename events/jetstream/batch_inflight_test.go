package jetstream_test

import (
	"context"
	"errors"
	"testing"

	"daotao/events"
	"daotao/events/jetstream/jstest"
)

// TestManyConcurrentBatches sends more atomic batches at once than the
// server keeps open per stream (50): the server refuses the extra ones
// with 10210 and stores nothing of them, so each must either land after a
// resend or fail as ErrUnavailable (a 503 the client retries), never as
// another error (a 500).
func TestManyConcurrentBatches(t *testing.T) {
	const batches = 120
	st := jstest.Open(t)
	errs := race(batches, func(int) error {
		a, b := newEvent(t), newEvent(t)
		_, err := st.AppendBatch(context.Background(), []events.Pending{
			{Envelope: a, MsgID: a.ID}, {Envelope: b, MsgID: b.ID},
		})
		return err
	})
	stored := 0
	for _, err := range errs {
		switch {
		case err == nil:
			stored++
		case !errors.Is(err, events.ErrUnavailable):
			t.Errorf("AppendBatch: %v; want success or ErrUnavailable", err)
		}
	}
	if last, err := st.LastSeq(context.Background()); err != nil || last != uint64(2*stored) {
		t.Errorf("LastSeq = %d, %v; want %d: two events for each batch that succeeded, none for the others", last, err, 2*stored)
	}
	t.Logf("%d of %d batches stored", stored, batches)
}
