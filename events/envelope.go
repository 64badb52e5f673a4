// Package events defines the event envelope, the catalogue of event types and
// the Store contract every event store implements.
//
// Events are contracts: a type name is a dotted past-tense verb
// ("nomination.submitted"), each type has one payload struct registered in
// Catalogue, and a type is never renamed or reused. A change of payload is a
// new schema version with an upcaster.
package events

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// SubjectPrefix is the prefix of every subject the application writes.
const SubjectPrefix = "daotao.events."

// Actor is who caused an event: always derived on the server from the
// authenticated session, never taken from a request body.
type Actor struct {
	UserID   string `json:"user_id,omitempty"`
	Username string `json:"username"`
	Role     string `json:"role"`
	Agency   string `json:"agency,omitempty"`
	// OnBehalfOf names the user this actor acted for under a delegation.
	OnBehalfOf *Actor `json:"on_behalf_of,omitempty"`
}

// System is the actor of events the application itself records (seeding,
// reference data loaded on first start).
var System = Actor{Username: "system", Role: "system"}

// Envelope is one event as it is stored: metadata plus a JSON payload.
type Envelope struct {
	ID            string    `json:"id"`
	Type          string    `json:"type"`
	Version       int       `json:"version"`
	Subject       string    `json:"subject"`
	Time          time.Time `json:"time"`
	Actor         Actor     `json:"actor"`
	CorrelationID string    `json:"correlation_id,omitempty"`
	CausationID   string    `json:"causation_id,omitempty"`
	// IdempotencyKey is the client's Idempotency-Key, scoped to the actor,
	// when the command carried one.
	IdempotencyKey string `json:"idempotency_key,omitempty"`
	// RequestHash fingerprints the request that carried IdempotencyKey so a
	// key reused for a different request is refused.
	RequestHash string          `json:"request_hash,omitempty"`
	Data        json.RawMessage `json:"data"`
}

// Recorded is an envelope together with what the store assigned to it.
type Recorded struct {
	Envelope
	Seq      uint64    `json:"seq"`
	StoredAt time.Time `json:"stored_at"`
	// Payload is the decoded payload when the store decoded it ahead (a
	// replay decodes on several cores); nil otherwise: call Unmarshal.
	Payload Payload `json:"-"`
}

// Subject returns the subject of one aggregate instance, for example
// Subject("nomination", id) = "daotao.events.nomination.<id>". The id must be a
// single subject token: no dots, spaces or wildcards.
func Subject(aggregate, id string) string {
	return SubjectPrefix + aggregate + "." + id
}

// SplitSubject returns the aggregate type and id of a subject made by Subject.
func SplitSubject(subject string) (aggregate, id string, ok bool) {
	rest, found := strings.CutPrefix(subject, SubjectPrefix)
	if !found {
		return "", "", false
	}
	aggregate, id, ok = strings.Cut(rest, ".")
	return aggregate, id, ok && aggregate != "" && id != "" && !strings.Contains(id, ".")
}

// ValidToken reports whether s can stand as one subject token.
func ValidToken(s string) bool {
	if s == "" || len(s) > 128 {
		return false
	}
	for _, r := range s {
		if r <= ' ' || r == '.' || r == '*' || r == '>' || r > '~' {
			return false
		}
	}
	return true
}

// New builds an envelope for payload, which must be a type registered in the
// catalogue. It returns an error if the payload type is unknown or cannot be
// encoded.
func New(id, subject string, at time.Time, actor Actor, payload Payload) (Envelope, error) {
	data, err := json.Marshal(payload)
	if err != nil {
		return Envelope{}, fmt.Errorf("encode %s: %w", payload.EventType(), err)
	}
	return Envelope{
		ID:      id,
		Type:    payload.EventType(),
		Version: CurrentVersion(payload.EventType()),
		Subject: subject,
		Time:    at.UTC(),
		Actor:   actor,
		Data:    data,
	}, nil
}

// ErrMalformed is returned for an envelope that cannot be decoded.
var ErrMalformed = errors.New("malformed event")

// Decode parses a stored envelope. It returns ErrMalformed (wrapped) when the
// bytes are not a valid envelope.
func Decode(b []byte) (Envelope, error) { return DecodeWith(b, json.Unmarshal) }

// DecodeWith is Decode with another JSON decoder, which must accept and
// decode exactly what encoding/json does (the JetStream store replays with
// a faster one).
func DecodeWith(b []byte, decode JSONDecoder) (Envelope, error) {
	var e Envelope
	if err := decode(b, &e); err != nil {
		return Envelope{}, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if e.ID == "" || e.Type == "" || e.Subject == "" || e.Version < 1 {
		return Envelope{}, fmt.Errorf("%w: missing id, type, subject or version", ErrMalformed)
	}
	return e, nil
}
