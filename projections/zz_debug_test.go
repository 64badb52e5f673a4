package projections

import (
	"bytes"
	"testing"
	"time"

	"daotao/events"
)

func TestZZDebugUsers(t *testing.T) {
	s := New()
	e, _ := events.New("e1", events.Subject(events.AggregateUser, "hoidong"), time.Now(), events.System, &events.UserCreated{UserID: "u-council", Username: "hoidong", Role: "council"})
	if err := s.Apply(events.Recorded{Envelope: e, Seq: 1}); err != nil {
		t.Fatal(err)
	}
	body, seq, err := encodeState(s)
	if err != nil {
		t.Fatal(err)
	}
	r, err := decodeState(body, seq)
	if err != nil {
		t.Fatal(err)
	}
	var a, b bytes.Buffer
	s.Dump(&a)
	r.Dump(&b)
	if a.String() != b.String() {
		t.Fatalf("%s\n----\n%s", a.String()[:600], b.String()[:600])
	}
}
