package handlers

import (
	"sync"

	"daotao/domain"
)

// agencyCache holds the agency directory built from one reference version.
type agencyCache struct {
	mu   sync.Mutex
	seq  uint64
	dirs *domain.Agencies
}

// agencies returns the agencies in force today: those of the reference
// data version in force (so a renamed, merged or retired agency follows
// its published dates), or the configured directory before any is
// published.
func (s *Server) agencies() *domain.Agencies {
	ref, ok := s.cfg.State.ReferenceAsOf(s.today())
	if !ok {
		return s.cfg.Agencies
	}
	s.agencyCache.mu.Lock()
	defer s.agencyCache.mu.Unlock()
	if s.agencyCache.dirs != nil && s.agencyCache.seq == ref.Seq {
		return s.agencyCache.dirs
	}
	var list []domain.Agency
	for _, a := range ref.Doc.AgenciesAsOf(s.today()) {
		list = append(list, domain.Agency{Code: a.Code, Name: a.Name, Kind: a.Kind})
	}
	dirs, err := domain.NewAgencies(list)
	if err != nil {
		return s.cfg.Agencies
	}
	s.agencyCache.seq, s.agencyCache.dirs = ref.Seq, dirs
	return dirs
}

// agencyName returns the name of agency code in any reference version,
// so that records of a retired agency still show its name.
func (s *Server) agencyName(code string) string {
	if a, ok := s.agencies().Get(code); ok {
		return a.Name
	}
	for _, ref := range s.cfg.State.References() {
		if a, ok := ref.Doc.Agency(code); ok {
			return a.Name
		}
	}
	return code
}
