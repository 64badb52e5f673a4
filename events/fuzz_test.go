package events_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"

	"daotao/events"
)

// FuzzEventDecode feeds arbitrary bytes to Decode and, for what decodes,
// to Unmarshal: neither panics, every refusal wraps ErrMalformed, and a
// payload that decodes encodes again to JSON that decodes to the same
// encoding (what a replay reads back is what was written). Seeds:
// testdata/fuzz/FuzzEventDecode.
func FuzzEventDecode(f *testing.F) {
	f.Fuzz(func(t *testing.T, b []byte) {
		e, err := events.Decode(b)
		if err != nil {
			if !errors.Is(err, events.ErrMalformed) {
				t.Fatalf("Decode: %v does not wrap ErrMalformed", err)
			}
			return
		}
		p, err := events.Unmarshal(e)
		if err != nil {
			if !errors.Is(err, events.ErrMalformed) {
				t.Fatalf("Unmarshal: %v does not wrap ErrMalformed", err)
			}
			return
		}
		if p.EventType() != e.Type {
			t.Fatalf("type %q decoded as a %q payload", e.Type, p.EventType())
		}
		once := encode(t, p)
		again, err := events.Unmarshal(events.Envelope{ID: e.ID, Type: e.Type, Version: events.CurrentVersion(e.Type), Subject: e.Subject, Data: once})
		if err != nil {
			t.Fatalf("the encoding of a decoded payload does not decode: %v\n%s", err, once)
		}
		if twice := encode(t, again); !bytes.Equal(once, twice) {
			t.Fatalf("encoding not stable:\n%s\n%s", once, twice)
		}
	})
}

func encode(t *testing.T, p events.Payload) []byte {
	t.Helper()
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatalf("encode %T: %v", p, err)
	}
	return b
}
