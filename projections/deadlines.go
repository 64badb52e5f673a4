package projections

import (
	"daotao/domain"
	"daotao/events"
)

// deadlineBook is the projection of stage deadlines: the current stay of
// every request that awaits a stage, and the sequence of each request's
// deadline subject.
type deadlineBook struct {
	clocks map[string]*domain.StageClock // by nomination id
	seqs   map[string]uint64             // deadline subject sequence by nomination id
}

func newDeadlineBook() deadlineBook {
	return deadlineBook{clocks: map[string]*domain.StageClock{}, seqs: map[string]uint64{}}
}

// applyDeadline follows nominations into and out of their stages, and
// records the reminders and escalations sent. It runs after the
// nomination itself has been applied.
func (s *State) applyDeadline(r events.Recorded, aggregate, id string, p events.Payload) {
	b := &s.deadlines
	switch aggregate {
	case events.AggregateDeadline:
		b.seqs[id] = r.Seq
		if c, ok := b.clocks[id]; ok {
			c.Apply(p)
		}
	case events.AggregateNomination:
		n, ok := s.nominations[id]
		if !ok {
			return
		}
		stage, idx := n.Stage(), n.StageIndex()
		c, had := b.clocks[id]
		if stage == "" {
			delete(b.clocks, id)
			return
		}
		if had && c.Stage == string(stage) && c.Index == idx {
			return
		}
		pin := n.Chain().Stages[idx]
		b.clocks[id] = &domain.StageClock{NominationID: id, AgencyCode: n.AgencyCode(), Stage: string(stage),
			EnteredSeq: r.Seq, EnteredAt: r.Time, WorkingDays: pin.DueWorkingDays, Role: pin.Role, EscalationRole: pin.EscalateTo,
			Index: idx}
	}
}

// StageClock returns the current stay of nomination id in its stage.
func (s *State) StageClock(id string) (domain.StageClock, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	c, ok := s.deadlines.clocks[id]
	if !ok {
		return domain.StageClock{}, false
	}
	return *c, true
}

// DeadlineWork is what the deadline scanner must record for one request:
// the payloads, in order, and the deadline subject's sequence the first
// must find.
type DeadlineWork struct {
	NominationID string
	Expected     uint64
	Payloads     []events.Payload
}

// DueDeadlineNotices decides, for every request awaiting a stage, the
// reminders and escalations due on today (domain.DeadlineNotices).
func (s *State) DueDeadlineNotices(cal domain.WorkCalendar, today events.Date) []DeadlineWork {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []DeadlineWork
	for id, c := range s.deadlines.clocks {
		if ps := domain.DeadlineNotices(*c, cal, today); len(ps) > 0 {
			out = append(out, DeadlineWork{NominationID: id, Expected: s.deadlines.seqs[id], Payloads: ps})
		}
	}
	return out
}
