package projections

import (
	"time"

	"daotao/domain"
	"daotao/events"
)

// delegationIndex holds every user's delegations, by the delegator's user
// id, and which delegators granted to each delegate. The zero value is
// ready.
type delegationIndex struct {
	byDelegator map[string]*domain.Delegations
	toDelegate  map[string][]string // delegate id → delegator ids
}

func (s *State) applyDelegation(r events.Recorded, delegatorID string, p events.Payload) {
	x := &s.delegations
	if x.byDelegator == nil {
		x.byDelegator, x.toDelegate = map[string]*domain.Delegations{}, map[string][]string{}
	}
	d, ok := x.byDelegator[delegatorID]
	if !ok {
		d = &domain.Delegations{}
		x.byDelegator[delegatorID] = d
	}
	d.Apply(r.Seq, r.Time, r.Actor, p)
	if e, ok := p.(*events.DelegationGranted); ok {
		for _, id := range x.toDelegate[e.DelegateID] {
			if id == delegatorID {
				return
			}
		}
		x.toDelegate[e.DelegateID] = append(x.toDelegate[e.DelegateID], delegatorID)
	}
}

// Delegations returns a copy of the delegations granted by user
// delegatorID, to decide on.
func (s *State) Delegations(delegatorID string) domain.Delegations {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if d, ok := s.delegations.byDelegator[delegatorID]; ok {
		return *d
	}
	return domain.Delegations{}
}

// GrantsOf returns the grants user id made and those made to them, oldest
// first within each.
func (s *State) GrantsOf(id string) (made, received []domain.Grant) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if d, ok := s.delegations.byDelegator[id]; ok {
		made = d.Grants()
	}
	for _, from := range s.delegations.toDelegate[id] {
		for _, g := range s.delegations.byDelegator[from].Grants() {
			if g.DelegateID == id {
				received = append(received, g)
			}
		}
	}
	return made, received
}

// AllGrants returns every grant of every user.
func (s *State) AllGrants() []domain.Grant {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []domain.Grant
	for _, d := range s.delegations.byDelegator {
		out = append(out, d.Grants()...)
	}
	return out
}

// ActiveGrant returns a grant active at t that lets delegateID act for
// delegatorID.
func (s *State) ActiveGrant(delegateID, delegatorID string, t time.Time) (domain.Grant, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	d, ok := s.delegations.byDelegator[delegatorID]
	if !ok {
		return domain.Grant{}, false
	}
	for _, g := range d.Grants() {
		if g.DelegateID == delegateID && g.ActiveAt(t) {
			return g, true
		}
	}
	return domain.Grant{}, false
}
