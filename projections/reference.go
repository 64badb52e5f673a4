package projections

import (
	"slices"
	"time"

	"daotao/domain/programme"
	"daotao/events"
)

// Reference subjects: one stream of versions each.
var (
	ReferenceSubject = events.Subject(events.AggregateReference, "programme")
	BaselineSubject  = events.Subject(events.AggregateReference, "baseline")
)

// Reference is one published version of the programme's reference data.
type Reference struct {
	Version       int
	EffectiveFrom events.Date
	Note          string
	Seq           uint64
	PublishedAt   time.Time
	PublishedBy   string
	Doc           *programme.Document
}

// BaselineVersion is one published version of the baseline tables.
type BaselineVersion struct {
	Version int
	Seq     uint64
	Tables  programme.Baseline
}

func (s *State) applyReference(r events.Recorded, p events.Payload) {
	switch e := p.(type) {
	case *events.ReferencePublished:
		doc, err := programme.Parse(e.Document)
		if err != nil {
			return // refused before publishing; an unreadable version is skipped, not fatal
		}
		s.references = append(s.references, Reference{Version: e.Version, EffectiveFrom: e.EffectiveFrom, Note: e.Note,
			Seq: r.Seq, PublishedAt: r.Time, PublishedBy: r.Actor.Username, Doc: doc})
		s.refSeq = r.Seq
	case *events.BaselinePublished:
		b, err := programme.ParseBaseline(e.Document)
		if err != nil {
			return
		}
		s.baselines = append(s.baselines, BaselineVersion{Version: e.Version, Seq: r.Seq, Tables: b})
		s.baseSeq = r.Seq
	}
}

// ReferenceAsOf returns the reference data in force on day: the version
// with the latest effective date not after day (the highest version among
// equals). It returns false when none is in force.
func (s *State) ReferenceAsOf(day events.Date) (Reference, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var best Reference
	found := false
	for _, ref := range s.references {
		if ref.EffectiveFrom.After(day) {
			continue
		}
		if !found || ref.EffectiveFrom.After(best.EffectiveFrom) || (ref.EffectiveFrom == best.EffectiveFrom && ref.Version > best.Version) {
			best, found = ref, true
		}
	}
	return best, found
}

// References returns every published version in publication order.
func (s *State) References() []Reference {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return slices.Clone(s.references)
}

// ReferenceSeq returns the stream sequence of the last reference version
// (the expected sequence of the next one) and the highest version number.
func (s *State) ReferenceSeq() (uint64, int) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	v := 0
	for _, ref := range s.references {
		v = max(v, ref.Version)
	}
	return s.refSeq, v
}

// Baseline returns the latest published baseline.
func (s *State) Baseline() (BaselineVersion, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if len(s.baselines) == 0 {
		return BaselineVersion{}, false
	}
	return s.baselines[len(s.baselines)-1], true
}

// BaselineSeq returns the stream sequence of the last baseline version.
func (s *State) BaselineSeq() uint64 {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.baseSeq
}
