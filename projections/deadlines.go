package projections

import (
	"slices"
	"strings"

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
		n, i, ok := s.nominationRow(id) // current.go
		if !ok {
			return
		}
		row := &s.index.nominations[i]
		c := row.clock // b.clocks[id], without a look-up
		had := c != nil
		stage, idx := n.Stage(), n.StageIndex()
		if stage == "" {
			if had {
				delete(b.clocks, id)
				row.clock = nil
			}
			return
		}
		if had && c.Stage == string(stage) && c.Index == idx {
			return
		}
		pin, ok := n.StagePin(idx) // Chain().Stages[idx], without unpacking the chain
		if !ok {
			pin = n.Chain().Stages[idx]
		}
		clock := domain.StageClock{NominationID: id, AgencyCode: n.AgencyCode(), Stage: string(stage),
			EnteredSeq: r.Seq, EnteredAt: r.Time, WorkingDays: pin.DueWorkingDays, Role: pin.Role, EscalationRole: pin.EscalateTo,
			Index: idx}
		if had { // a new stay in place of the last: no second look-up
			*c = clock
			return
		}
		b.clocks[id] = &clock
		row.clock = &clock
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

// DeadlineFilter selects requests awaiting a stage; zero fields match
// everything.
type DeadlineFilter struct {
	// Stage keeps the requests awaiting this stage role.
	Stage string
	// For keeps what role For must see: its own stage, and stages
	// escalated to it.
	For string
	// Agency keeps one agency's requests.
	Agency string
	// Overdue keeps only those past their due date.
	Overdue bool
}

// DeadlineView is one request awaiting a stage, with its deadline.
type DeadlineView struct {
	NominationID   string `json:"nomination_id"`
	Title          string `json:"title"`
	OfficialName   string `json:"official_name"`
	AgencyCode     string `json:"agency_code"`
	Stage          string `json:"stage"`
	WorkingDays    int    `json:"working_days"`
	EscalationRole string `json:"escalation_role,omitempty"`
	Escalated      bool   `json:"escalated"`
	domain.Deadline
}

// Deadlines lists the requests awaiting a stage that match f, with their
// deadlines on today, the soonest due first.
func (s *State) Deadlines(cal domain.WorkCalendar, today events.Date, f DeadlineFilter, pg Page) ([]DeadlineView, int) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []DeadlineView
	for id, c := range s.deadlines.clocks {
		if (f.Stage != "" && c.Stage != f.Stage) || (f.Agency != "" && c.AgencyCode != f.Agency) ||
			(f.For != "" && c.Stage != f.For && !(c.Escalated && c.EscalationRole == f.For)) {
			continue
		}
		d, ok := domain.DeadlineOf(*c, cal, today)
		if !ok || (f.Overdue && !d.Overdue) {
			continue
		}
		v := DeadlineView{NominationID: id, AgencyCode: c.AgencyCode, Stage: c.Stage, WorkingDays: c.WorkingDays,
			EscalationRole: c.EscalationRole, Escalated: c.Escalated, Deadline: d}
		if n, ok := s.nominations[id]; ok {
			v.Title = n.Details().Title
			if o, ok := s.officials[n.OfficialID()]; ok {
				v.OfficialName = o.FullName
			}
		}
		out = append(out, v)
	}
	slices.SortFunc(out, func(a, b DeadlineView) int {
		if c := a.Due.Time().Compare(b.Due.Time()); c != 0 {
			return c
		}
		return strings.Compare(a.NominationID, b.NominationID)
	})
	lo, hi := pg.window(len(out))
	return out[lo:hi], len(out)
}

// Deadline returns the deadline of nomination id's current stage on today.
func (s *State) Deadline(cal domain.WorkCalendar, today events.Date, id string) (domain.Deadline, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	c, ok := s.deadlines.clocks[id]
	if !ok {
		return domain.Deadline{}, false
	}
	return domain.DeadlineOf(*c, cal, today)
}

// DeadlineSeq returns the sequence of nomination id's deadline subject:
// the expected sequence of its next reminder or escalation.
func (s *State) DeadlineSeq(id string) uint64 {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.deadlines.seqs[id]
}
