package jetstream_test

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"sync"
	"testing"

	"github.com/google/uuid"

	"daotao/events"
	"daotao/events/jetstream"
	"daotao/events/jetstream/jstest"
)

// TestOnAppendedAnnouncesWhatIsStored appends events of the national
// sample one by one and in batches (concurrent batches go to the server
// in groups), and a retry that lands as a duplicate: every stored event is
// announced exactly once, equal — envelope and decoded payload — to what a
// read of the stream delivers, and the duplicate is not announced again.
func TestOnAppendedAnnouncesWhatIsStored(t *testing.T) {
	ctx := context.Background()
	st := jstest.Open(t)
	var mu sync.Mutex
	announced := map[uint64]events.Recorded{}
	var twice []uint64
	st.OnAppended(func(rs []events.Recorded) {
		mu.Lock()
		defer mu.Unlock()
		for i, r := range rs {
			if i > 0 && r.Seq != rs[i-1].Seq+1 {
				t.Errorf("one append's events announced out of order: %d after %d", r.Seq, rs[i-1].Seq)
			}
			if _, ok := announced[r.Seq]; ok {
				twice = append(twice, r.Seq)
			}
			announced[r.Seq] = r
		}
	})

	sample := jetstream.NationalSample(t)[:400]
	last := map[string]uint64{}
	var pending []events.Pending
	for i, b := range sample {
		e, err := events.DecodeWith(b, json.Unmarshal)
		if err != nil {
			t.Fatal(err)
		}
		if i%3 != 0 {
			res, err := st.Append(ctx, e, last[e.Subject], e.ID)
			if err != nil {
				t.Fatalf("append %d: %v", i, err)
			}
			last[e.Subject] = res.Seq
			continue
		}
		if len(pending) == 1 && pending[0].Envelope.Subject == e.Subject {
			continue // a batch's subjects differ
		}
		pending = append(pending, events.Pending{Envelope: e, Expected: last[e.Subject], MsgID: e.ID})
		if len(pending) == 2 {
			res, err := st.AppendBatch(ctx, pending)
			if err != nil {
				t.Fatalf("batch at %d: %v", i, err)
			}
			for j, p := range pending {
				last[p.Envelope.Subject] = res[j].Seq
			}
			pending = nil
		}
	}
	// Concurrent batches, grouped on the way to the server.
	errs := race(24, func(int) error {
		a, b := newEvent(t), newEvent(t)
		_, err := st.AppendBatch(ctx, []events.Pending{{Envelope: a, MsgID: a.ID}, {Envelope: b, MsgID: b.ID}})
		return err
	})
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	// A retried command: its message is already stored.
	retry := eventOn(t, events.Subject(events.AggregateNomination, uuid.NewString()))
	first, err := st.Append(ctx, retry, 0, "retry-1")
	if err != nil {
		t.Fatal(err)
	}
	again, err := st.Append(ctx, retry, 0, "retry-1")
	if err != nil || !again.Duplicate || again.Seq != first.Seq {
		t.Fatalf("retry: %+v, %v; want a duplicate of %d", again, err, first.Seq)
	}

	n := 0
	err = st.Read(ctx, 1, 0, func(r events.Recorded) error {
		n++
		mu.Lock()
		a, ok := announced[r.Seq]
		mu.Unlock()
		switch {
		case !ok:
			t.Errorf("event %d (%s) was stored but not announced", r.Seq, r.Type)
		case !reflect.DeepEqual(a.Envelope, r.Envelope) || !reflect.DeepEqual(a.Payload, r.Payload):
			t.Errorf("event %d announced as\n%+v %+v\nread as\n%+v %+v", r.Seq, a.Envelope, a.Payload, r.Envelope, r.Payload)
		case !a.StoredAt.IsZero():
			t.Errorf("event %d announced with StoredAt %v; the acknowledgement does not carry it", r.Seq, a.StoredAt)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != len(announced) || len(twice) > 0 {
		t.Errorf("%d events stored, %d announced, announced twice: %v", n, len(announced), twice)
	}
}
