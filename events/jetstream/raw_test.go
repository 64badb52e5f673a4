package jetstream_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"testing"

	natsjs "github.com/nats-io/nats.go/jetstream"

	"daotao/events"
	"daotao/events/jetstream"
	"daotao/events/jetstream/jstest"
)

// readRaw returns every raw message of st from..to.
func readRaw(t *testing.T, st *jetstream.Store, from, to uint64) []events.Raw {
	t.Helper()
	var out []events.Raw
	if err := st.ReadRaw(context.Background(), from, to, func(r events.Raw) error {
		out = append(out, r)
		return nil
	}); err != nil {
		t.Fatalf("ReadRaw(%d, %d): %v", from, to, err)
	}
	return out
}

// TestReadRawGivesStoredBytes checks that ReadRaw returns the envelope as
// encoded, bounded reads included, and delivers a message that is not an
// envelope where Read stops.
func TestReadRawGivesStoredBytes(t *testing.T) {
	_, nc := jstest.StartServer(t)
	st := open(t, nc, jetstream.Config{})
	ctx := context.Background()
	var want [][]byte
	for range 3 {
		e := newEvent(t)
		if _, err := st.Append(ctx, e, 0, e.ID); err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(e)
		want = append(want, b)
	}
	js, _ := natsjs.New(nc)
	if _, err := js.Publish(ctx, events.SubjectPrefix+"nomination.forged", []byte("not json")); err != nil {
		t.Fatal(err)
	}
	want = append(want, []byte("not json"))
	all := readRaw(t, st, 1, 0)
	if len(all) != 4 {
		t.Fatalf("ReadRaw delivered %d messages; want 4", len(all))
	}
	for i, r := range all {
		if r.Seq != uint64(i+1) || !bytes.Equal(r.Data, want[i]) || r.StoredAt.IsZero() {
			t.Errorf("message %d: seq %d data %s; want seq %d data %s", i, r.Seq, r.Data, i+1, want[i])
		}
	}
	if got := readRaw(t, st, 2, 3); len(got) != 2 || got[0].Seq != 2 || got[1].Seq != 3 {
		t.Errorf("ReadRaw(2, 3) = %d messages", len(got))
	}
	if got := readRaw(t, st, 5, 0); len(got) != 0 {
		t.Errorf("ReadRaw past the end = %d messages", len(got))
	}
}

// TestRestoreKeepsSequencesAndBytes copies one stream into a fresh one with
// Restore and checks that the copy is identical, and that Restore refuses
// an event out of sequence.
func TestRestoreKeepsSequencesAndBytes(t *testing.T) {
	ctx := context.Background()
	src := jstest.Open(t)
	for range 3 {
		e := newEvent(t)
		if _, err := src.Append(ctx, e, 0, e.ID); err != nil {
			t.Fatal(err)
		}
	}
	orig := readRaw(t, src, 1, 0)
	dst := jstest.Open(t)
	if err := dst.Restore(ctx, orig[1]); !errors.Is(err, events.ErrConflict) {
		t.Errorf("Restore of event 2 into an empty stream = %v; want ErrConflict", err)
	}
	for _, r := range orig {
		if err := dst.Restore(ctx, r); err != nil {
			t.Fatalf("Restore %d: %v", r.Seq, err)
		}
	}
	if err := dst.Restore(ctx, orig[2]); !errors.Is(err, events.ErrConflict) {
		t.Errorf("Restore of event 3 again = %v; want ErrConflict", err)
	}
	bad := events.Raw{Seq: 4, Subject: events.SubjectPrefix + "user.x", Data: []byte("{}")}
	if err := dst.Restore(ctx, bad); !errors.Is(err, events.ErrMalformed) {
		t.Errorf("Restore of a non-envelope = %v; want ErrMalformed", err)
	}
	for i, r := range readRaw(t, dst, 1, 0) {
		if r.Seq != orig[i].Seq || r.Subject != orig[i].Subject || !bytes.Equal(r.Data, orig[i].Data) {
			t.Errorf("restored %d differs: %+v vs %+v", i, r, orig[i])
		}
	}
}
