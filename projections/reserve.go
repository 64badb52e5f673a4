package projections

import "daotao/domain"

// Reserve sizes the largest books of a new state for a replay of about
// events events, so that they are not grown step by step while it runs
// (at national scale growing the maps cost a tenth of applying). The
// sizes follow the national log's shape: an official per 7 events, a
// nomination per 6, a notification per 6. It does nothing to a state
// that has applied anything.
func (s *State) Reserve(events int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.applied.Load() != 0 || len(s.nominations) != 0 || len(s.officials) != 0 || events <= 0 {
		return
	}
	officials, nominations, notices := events/7, events/6, events/6
	s.officials = make(map[string]*domain.Official, officials)
	s.officialOrder = make([]*domain.Official, 0, officials)
	s.index.officialAt = make(map[string]int32, officials)
	s.index.officials = make([]officialRow, 0, officials)
	s.nominations = make(map[string]*domain.Nomination, nominations)
	s.order = make([]*domain.Nomination, 0, nominations)
	s.index.nominationAt = make(map[string]int32, nominations)
	s.index.nominations = make([]nominationRow, 0, nominations)
	s.inbox.byID = make(map[string]*notice, notices)
}
