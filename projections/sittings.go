package projections

import (
	"daotao/domain"
	"daotao/events"
)

// sittingBook is the projection of council sittings.
type sittingBook struct {
	byID  map[string]*domain.Sitting
	order []*domain.Sitting // opening order
	// agendaOf is the unresolved sitting each nomination is on.
	agendaOf map[string]string
}

func newSittingBook() sittingBook {
	return sittingBook{byID: map[string]*domain.Sitting{}, agendaOf: map[string]string{}}
}

func (s *State) applySitting(r events.Recorded, id string, p events.Payload) {
	b := &s.sittings
	st, ok := b.byID[id]
	if !ok {
		st = &domain.Sitting{}
		b.byID[id] = st
		b.order = append(b.order, st)
	}
	st.Apply(r.Seq, r.ID, r.Time, r.Actor, p)
	switch e := p.(type) {
	case *events.SittingOpened:
		for _, a := range e.Agenda {
			b.agendaOf[a.NominationID] = id
		}
	case *events.SittingResolved:
		for _, a := range st.Agenda() {
			if b.agendaOf[a.NominationID] == id {
				delete(b.agendaOf, a.NominationID)
			}
		}
	}
}

// Sitting returns a copy of sitting id.
func (s *State) Sitting(id string) (domain.Sitting, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	st, ok := s.sittings.byID[id]
	if !ok {
		return domain.Sitting{}, false
	}
	return *st, true
}

// Sittings returns every sitting, newest first.
func (s *State) Sittings(pg Page) ([]domain.SittingView, int) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	total := len(s.sittings.order)
	lo, hi := pg.window(total)
	out := make([]domain.SittingView, 0, hi-lo)
	for i := total - 1 - lo; i > total-1-hi; i-- {
		out = append(out, s.sittings.order[i].View())
	}
	return out, total
}

// UnfinishedSittings returns the ids of the sittings whose resolution has
// items not yet applied, oldest first.
func (s *State) UnfinishedSittings() []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []string
	for _, st := range s.sittings.order {
		if len(st.Pending()) > 0 {
			out = append(out, st.ID())
		}
	}
	return out
}

// AgendaCandidate describes nomination id for an agenda: whether it awaits
// the council and the unresolved sitting it is already on.
func (s *State) AgendaCandidate(id string) domain.AgendaCandidate {
	s.mu.RLock()
	defer s.mu.RUnlock()
	n, ok := s.nominations[id]
	if !ok {
		return domain.AgendaCandidate{}
	}
	return domain.AgendaCandidate{Known: true, AwaitsCouncil: n.Stage() == domain.RoleCouncil, Seq: n.Seq(), OnSitting: s.sittings.agendaOf[id]}
}

// OnOpenSitting returns the unresolved sitting nomination id is on, "" for
// none.
func (s *State) OnOpenSitting(id string) string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.sittings.agendaOf[id]
}

// applyWorkflowTime applies the sittings, stage deadlines and inbox
// projections, after the event's own aggregate.
func (s *State) applyWorkflowTime(r events.Recorded, aggregate, id string, p events.Payload) {
	if aggregate == events.AggregateSitting {
		s.applySitting(r, id, p)
	}
	s.applyDeadline(r, aggregate, id, p)
	s.applyInbox(r, id, p)
}
