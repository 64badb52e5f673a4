package audit

import (
	"bytes"
	"encoding/json"

	"daotao/events"
)

// checkEnvelope decodes the stored message r and checks that it is a
// well-formed envelope of this program: compact JSON, with an id, a
// registered type whose payload decodes, the subject it is stored on (one
// instance of the aggregate its type belongs to), a business time and an
// actor. It returns the envelope, its payload, or the first problem.
func checkEnvelope(r events.Raw) (events.Envelope, events.Payload, *Problem) {
	bad := func(format string, args ...any) (events.Envelope, events.Payload, *Problem) {
		return events.Envelope{}, nil, problemf(r.Seq, r.Subject, format, args...)
	}
	e, err := events.Decode(r.Data)
	if err != nil {
		return bad("not a valid envelope: %v", err)
	}
	var compact bytes.Buffer
	if json.Compact(&compact, r.Data) != nil || !bytes.Equal(compact.Bytes(), r.Data) {
		return bad("envelope is not compact JSON as the application writes it")
	}
	p, err := events.Unmarshal(e)
	if err != nil {
		return bad("payload of %s does not decode: %v", e.Type, err)
	}
	aggregate, id, ok := events.SplitSubject(r.Subject)
	switch {
	case e.Subject != r.Subject:
		return bad("envelope says subject %q but is stored on %q", e.Subject, r.Subject)
	case !ok || !events.ValidToken(aggregate) || !events.ValidToken(id):
		return bad("subject does not name one aggregate instance")
	case events.AggregateOf(e.Type) != aggregate:
		return bad("event type %s does not belong on aggregate %q", e.Type, aggregate)
	case e.Time.IsZero():
		return bad("event %s has no business time", e.ID)
	case e.Actor.Username == "" || e.Actor.Role == "":
		return bad("event %s has no actor username or role", e.ID)
	}
	return e, p, nil
}
