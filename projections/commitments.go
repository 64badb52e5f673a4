package projections

import (
	"daotao/domain"
	"daotao/domain/reimbursement"
	"daotao/events"
)

// commitmentBook holds the service commitments and the reimbursement
// cases, each keyed by the nomination it arises from, in opening order.
type commitmentBook struct {
	commitments map[string]*domain.Commitment
	comOrder    []*domain.Commitment
	cases       map[string]*reimbursement.ReimbursementCase
	caseOrder   []*reimbursement.ReimbursementCase
}

func newCommitmentBook() commitmentBook {
	return commitmentBook{commitments: map[string]*domain.Commitment{}, cases: map[string]*reimbursement.ReimbursementCase{}}
}

// apply folds one event of a commitment or a reimbursement case.
func (b *commitmentBook) apply(r events.Recorded, aggregate, id string, p events.Payload) {
	switch aggregate {
	case events.AggregateCommitment:
		c, ok := b.commitments[id]
		if !ok {
			c = &domain.Commitment{}
			b.commitments[id] = c
			b.comOrder = append(b.comOrder, c)
		}
		c.Apply(r.Seq, p)
	case events.AggregateReimbursement:
		c, ok := b.cases[id]
		if !ok {
			c = &reimbursement.ReimbursementCase{}
			b.cases[id] = c
			b.caseOrder = append(b.caseOrder, c)
		}
		c.Apply(r.Seq, p)
	}
}

// Commitment returns the service commitment of nomination id, a copy.
func (s *State) Commitment(id string) (domain.Commitment, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	c, ok := s.commitments.commitments[id]
	if !ok {
		return domain.Commitment{}, false
	}
	return *c, true
}

// Commitments returns the commitments of agency ("" for all), newest
// first, as of day.
func (s *State) Commitments(agency string, day events.Date) []domain.CommitmentView {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := []domain.CommitmentView{}
	for i := len(s.commitments.comOrder) - 1; i >= 0; i-- {
		c := s.commitments.comOrder[i]
		if agency == "" || c.AgencyCode() == agency {
			out = append(out, c.View(day))
		}
	}
	return out
}

// ReimbursementCase returns the reimbursement case of nomination id, a
// copy.
func (s *State) ReimbursementCase(id string) (reimbursement.ReimbursementCase, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	c, ok := s.commitments.cases[id]
	if !ok {
		return reimbursement.ReimbursementCase{}, false
	}
	return *c, true
}

// ReimbursementCases returns the cases of agency ("" for all) as of day,
// newest first; status, when not empty, keeps those in that status on day
// (overdue included).
func (s *State) ReimbursementCases(agency, status string, day events.Date) []reimbursement.CaseView {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := []reimbursement.CaseView{}
	for i := len(s.commitments.caseOrder) - 1; i >= 0; i-- {
		c := s.commitments.caseOrder[i]
		if agency != "" && c.AgencyCode() != agency {
			continue
		}
		if status != "" && c.StatusOn(day) != status {
			continue
		}
		out = append(out, c.View(day))
	}
	return out
}
