package audit

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"

	"daotao/events"
	"daotao/events/chain"
)

// Verifier checks stored messages one at a time, in stream order from
// sequence 1, and folds them into the hash chain. The zero value is not
// usable; call NewVerifier. Not safe for concurrent use.
type Verifier struct {
	ledger *chain.Ledger
	ids    map[uint64]uint64 // first 8 bytes of SHA-256(event id) → seq
	seals  []Seal
}

// NewVerifier returns a verifier of an empty log.
func NewVerifier() *Verifier {
	return &Verifier{ledger: chain.New(), ids: map[uint64]uint64{}}
}

// Add checks the stored message r and adds it to the chain. It returns
// the chain's entry and the envelope, or a *Problem for the first thing
// wrong with r: a sequence that does not follow the previous one, an
// envelope that is not well-formed, an event id used before, or a seal
// whose root is not the recomputed one. After a problem the verifier is
// unchanged.
func (v *Verifier) Add(r events.Raw) (chain.Entry, events.Envelope, error) {
	if p := v.sequence(r); p != nil {
		return chain.Entry{}, events.Envelope{}, p
	}
	e, payload, p := checkEnvelope(r)
	if p != nil {
		return chain.Entry{}, events.Envelope{}, p
	}
	idKey := idKey(e.ID)
	if first, dup := v.ids[idKey]; dup {
		return chain.Entry{}, events.Envelope{}, problemf(r.Seq, r.Subject, "event id %s was already used by seq %d", e.ID, first)
	}
	if s, ok := payload.(*events.ReviewSealed); ok {
		_, id, _ := events.SplitSubject(r.Subject)
		seal, p := checkSeal(v.ledger, r.Seq, r.Subject, id, e, s)
		if p != nil {
			return chain.Entry{}, events.Envelope{}, p
		}
		v.seals = append(v.seals, seal)
	}
	entry, err := v.ledger.Append(r.Seq, r.Subject, r.Data)
	if err != nil {
		return chain.Entry{}, events.Envelope{}, problemf(r.Seq, r.Subject, "%v", err)
	}
	v.ids[idKey] = r.Seq
	return entry, e, nil
}

// Last returns the sequence of the last event added, 0 for none.
func (v *Verifier) Last() uint64 { return v.ledger.Last() }

// sequence returns a problem unless r comes right after the last event.
func (v *Verifier) sequence(r events.Raw) *Problem {
	last := v.ledger.Last()
	switch {
	case r.Seq == last+1:
		return nil
	case r.Seq > last+1:
		return problemf(r.Seq, r.Subject, "sequence %d where %d was expected: events %d to %d are missing or moved", r.Seq, last+1, last+1, r.Seq-1)
	}
	return problemf(r.Seq, r.Subject, "sequence %d where %d was expected: an event repeated or moved back", r.Seq, last+1)
}

// idKey shortens an event id for the duplicate check: 8 bytes of its
// SHA-256 keep the map small for millions of events.
func idKey(id string) uint64 {
	h := sha256.Sum256([]byte(id))
	return binary.BigEndian.Uint64(h[:8])
}

// Summary is what a verification found.
type Summary struct {
	// Events is how many events were verified; LastSeq the last sequence.
	Events, LastSeq uint64
	// Subjects is how many aggregate instances have events.
	Subjects int
	// Root is the chain's root after LastSeq.
	Root chain.Hash
	// Seals lists every review.sealed event, each checked.
	Seals []Seal

	ledger *chain.Ledger
}

// Find returns the sequence after which the log's root was root, and
// false when it never was: how a root printed on a sealed review's summary
// is checked against the log.
func (s Summary) Find(root chain.Hash) (uint64, bool) {
	if s.ledger == nil {
		return 0, root.IsZero()
	}
	return s.ledger.Find(root)
}

// Summary returns what the verifier has checked so far.
func (v *Verifier) Summary() Summary {
	return Summary{Events: v.ledger.Last(), LastSeq: v.ledger.Last(), Subjects: v.ledger.Subjects(),
		Root: v.ledger.Root(), Seals: append([]Seal(nil), v.seals...), ledger: v.ledger}
}

// AsProblem returns the *Problem in err's chain, or nil.
func AsProblem(err error) *Problem {
	var p *Problem
	if errors.As(err, &p) {
		return p
	}
	return nil
}
