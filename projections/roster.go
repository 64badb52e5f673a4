package projections

import (
	"slices"
	"strings"

	"daotao/domain"
	"daotao/events"
)

// Page selects a window of a list. Limit <= 0 means DefaultLimit.
type Page struct {
	Offset int
	Limit  int
}

// List limits.
const (
	DefaultLimit = 100
	MaxLimit     = 1000
)

func (p Page) window(total int) (int, int) {
	limit := p.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	lo := min(max(p.Offset, 0), total)
	return lo, min(lo+min(limit, MaxLimit), total)
}

// OfficialFilter selects officials; zero fields match everything.
type OfficialFilter struct {
	Agency string
	Group  int
	Query  string // case-insensitive substring of the full name
	// Sort is "" (registration order), "name" or "group"; a leading "-"
	// reverses it.
	Sort string
}

func (f OfficialFilter) match(o *domain.Official) bool {
	return (f.Agency == "" || o.AgencyCode == f.Agency) &&
		(f.Group == 0 || o.Group == f.Group) &&
		(f.Query == "" || strings.Contains(strings.ToLower(o.FullName), strings.ToLower(f.Query)))
}

func (s *State) applyOfficial(r events.Recorded, id string, p events.Payload) {
	o, ok := s.officials[id]
	if !ok {
		o = &domain.Official{}
		s.officials[id] = o
		s.officialOrder = append(s.officialOrder, o)
	}
	o.Apply(r.Seq, p)
}

// Official returns a copy of the official with id.
func (s *State) Official(id string) (domain.Official, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	o, ok := s.officials[id]
	if !ok {
		return domain.Official{}, false
	}
	return *o, true
}

// Officials returns one page of the officials matching f, in registration
// order, and how many match in all.
func (s *State) Officials(f OfficialFilter, pg Page) ([]domain.OfficialView, int) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var matched []*domain.Official
	for _, o := range s.officialOrder {
		if f.match(o) {
			matched = append(matched, o)
		}
	}
	sortOfficials(matched, f.Sort)
	lo, hi := pg.window(len(matched))
	out := make([]domain.OfficialView, 0, hi-lo)
	for _, o := range matched[lo:hi] {
		out = append(out, o.View())
	}
	return out, len(matched)
}

// NominationFilter selects nominations; zero fields match everything.
type NominationFilter struct {
	Status     []domain.Status
	Agency     string
	Kind       string
	Group      int
	OfficialID string
	// Sort is "" (creation order), "submitted", "start", "title" or
	// "status"; a leading "-" reverses it.
	Sort string
}

func (s *State) matchNomination(f NominationFilter, n *domain.Nomination) bool {
	if len(f.Status) > 0 && !slices.Contains(f.Status, n.Status()) {
		return false
	}
	if (f.Agency != "" && n.AgencyCode() != f.Agency) || (f.Kind != "" && n.Kind() != f.Kind) ||
		(f.OfficialID != "" && n.OfficialID() != f.OfficialID) {
		return false
	}
	if f.Group != 0 {
		o, ok := s.officials[n.OfficialID()]
		return ok && o.Group == f.Group
	}
	return true
}

func (s *State) applyNomination(r events.Recorded, id string, p events.Payload) {
	n, ok := s.nominations[id]
	if !ok {
		n = &domain.Nomination{}
		s.nominations[id] = n
		s.order = append(s.order, n)
	}
	n.Apply(r.Seq, r.Time, p)
}

// Nomination returns a copy of the nomination with id, to decide on.
func (s *State) Nomination(id string) (domain.Nomination, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	n, ok := s.nominations[id]
	if !ok {
		return domain.Nomination{}, false
	}
	return *n, true
}

// Nominations returns one page of the nominations matching f in creation
// order, and how many match in all.
func (s *State) Nominations(f NominationFilter, pg Page) ([]domain.NominationView, int) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	matched := s.filter(f)
	sortNominations(matched, f.Sort)
	return s.page(matched, pg)
}

// Queue returns one page of the nominations matching f, oldest submission
// first, and how many match in all.
func (s *State) Queue(f NominationFilter, pg Page) ([]domain.NominationView, int) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	matched := s.filter(f)
	slices.SortStableFunc(matched, func(a, b *domain.Nomination) int {
		return a.SubmittedAt().Compare(b.SubmittedAt())
	})
	return s.page(matched, pg)
}

func (s *State) filter(f NominationFilter) []*domain.Nomination {
	var out []*domain.Nomination
	for _, n := range s.order {
		if s.matchNomination(f, n) {
			out = append(out, n)
		}
	}
	return out
}

func (s *State) page(matched []*domain.Nomination, pg Page) ([]domain.NominationView, int) {
	lo, hi := pg.window(len(matched))
	out := make([]domain.NominationView, 0, hi-lo)
	for _, n := range matched[lo:hi] {
		out = append(out, n.View())
	}
	return out, len(matched)
}
