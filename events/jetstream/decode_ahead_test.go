package jetstream_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"daotao/events"
	"daotao/events/jetstream/jstest"
)

// TestReadDecodesAheadInOrder: Read and Subscribe decode payloads on
// several goroutines but deliver every event once, in stream order, with
// its payload decoded; more events than the read-ahead window.
func TestReadDecodesAheadInOrder(t *testing.T) {
	st := jstest.Open(t)
	ctx := context.Background()
	const n = 2500
	for i := range n {
		id := fmt.Sprintf("s%d", i%7)
		subject := events.Subject(events.AggregateSession, id)
		var p events.Payload = &events.SessionClosed{}
		if i < 7 {
			p = &events.SessionOpened{SessionID: id, UserID: fmt.Sprint(i)}
		}
		e, err := events.New(fmt.Sprintf("e%d", i), subject, time.Now(), events.System, p)
		if err != nil {
			t.Fatal(err)
		}
		last, _ := st.LastSubjectSeq(ctx, subject)
		if _, err := st.Append(ctx, e, last, e.ID); err != nil {
			t.Fatal(err)
		}
	}
	check := func(name string, want *uint64, r events.Recorded) error {
		*want++
		if r.Seq != *want || r.ID != fmt.Sprintf("e%d", *want-1) {
			return fmt.Errorf("%s: got seq %d (%s), want %d", name, r.Seq, r.ID, *want)
		}
		if r.Payload == nil || r.Payload.EventType() != r.Type {
			return fmt.Errorf("%s: seq %d: payload %T for %s", name, r.Seq, r.Payload, r.Type)
		}
		return nil
	}
	var seq uint64
	if err := st.Read(ctx, 1, 0, func(r events.Recorded) error { return check("Read", &seq, r) }); err != nil || seq != n {
		t.Fatalf("Read: %v after %d events", err, seq)
	}
	subCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	var sub uint64
	done := make(chan error, 1)
	if err := st.Subscribe(subCtx, 1, func(r events.Recorded) error {
		err := check("Subscribe", &sub, r)
		if err != nil || sub == n {
			done <- err
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("Subscribe delivered %d of %d", sub, n)
	}
}
