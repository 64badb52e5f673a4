package audit

import (
	"fmt"
	"slices"
	"time"

	"daotao/events"
	"daotao/events/chain"
)

// Seal is a review.sealed event found in the log, with the root the
// verifier recomputed at its cut-off. It is what seals.json lists.
type Seal struct {
	Seq        uint64    `json:"seq"`
	Subject    string    `json:"subject"`
	SealedAt   time.Time `json:"sealed_at"`
	RecordedBy string    `json:"recorded_by"`
	events.ReviewSealed
	// RecomputedRoot is the root of the chain after CutoffSeq as the
	// verifier computed it; equal to RootHash, or verification fails.
	RecomputedRoot string `json:"recomputed_root"`
}

// checkSeal checks a review.sealed event at seq, on subject with instance
// id, against the ledger of the events before it.
func checkSeal(l *chain.Ledger, seq uint64, subject, id string, e events.Envelope, s *events.ReviewSealed) (Seal, *Problem) {
	bad := func(format string, args ...any) (Seal, *Problem) {
		return Seal{}, problemf(seq, subject, "seal of review %q: %s", s.ReviewID, fmt.Sprintf(format, args...))
	}
	switch {
	case s.ReviewID != id:
		return bad("review id differs from the subject's id %q", id)
	case s.Kind != events.ReviewSoKet && s.Kind != events.ReviewTongKet:
		return bad("kind %q is neither %s nor %s", s.Kind, events.ReviewSoKet, events.ReviewTongKet)
	case s.CutoffSeq == 0 || s.CutoffSeq >= seq:
		return bad("cut-off sequence %d is not before the seal", s.CutoffSeq)
	case len(s.SealedBy) == 0 || slices.Contains(s.SealedBy, ""):
		return bad("sealed_by names no reviewer")
	}
	for name, h := range s.Reports {
		if _, err := chain.ParseHash(h); err != nil || name == "" {
			return bad("report %q: hash %q is not a SHA-256 in hexadecimal", name, h)
		}
	}
	root, _ := l.RootAt(s.CutoffSeq)
	if s.RootHash != root.String() {
		return bad("root_hash %s differs from the root recomputed at seq %d, %s", s.RootHash, s.CutoffSeq, root)
	}
	return Seal{Seq: seq, Subject: subject, SealedAt: e.Time, RecordedBy: e.Actor.Username,
		ReviewSealed: *s, RecomputedRoot: root.String()}, nil
}
