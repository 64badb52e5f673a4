package projections

import (
	"daotao/domain"
	"daotao/events"
)

// applyFilter folds an event of the saved queue filters of role.
func (s *State) applyFilter(r events.Recorded, role string, p events.Payload) {
	if s.queueFilters == nil {
		s.queueFilters = map[string]*domain.QueueFilters{}
	}
	f, ok := s.queueFilters[role]
	if !ok {
		f = &domain.QueueFilters{}
		s.queueFilters[role] = f
	}
	f.Apply(r.Seq, r.Time, r.Actor.Username, p)
}

// QueueFilters returns a copy of the filters saved for role's queue, to
// list or to decide on; an empty set when none was ever saved.
func (s *State) QueueFilters(role domain.Role) domain.QueueFilters {
	s.mu.RLock()
	defer s.mu.RUnlock()
	f, ok := s.queueFilters[string(role)]
	if !ok {
		return domain.QueueFilters{}
	}
	return f.Clone()
}
