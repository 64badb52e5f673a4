package projections

import (
	"daotao/domain"
	"daotao/events"
)

// reviewBook holds the review phases (sơ kết, tổng kết) by id, in the order
// they were opened.
type reviewBook struct {
	byID  map[string]*domain.Review
	order []*domain.Review
}

func newReviewBook() reviewBook { return reviewBook{byID: map[string]*domain.Review{}} }

// applyReview folds an event of review id.
func (s *State) applyReview(r events.Recorded, id string, p events.Payload) {
	rv, ok := s.reviews.byID[id]
	if !ok {
		rv = &domain.Review{}
		s.reviews.byID[id] = rv
		s.reviews.order = append(s.reviews.order, rv)
	}
	rv.Apply(r.Seq, r.Time, r.Actor.Username, p)
}

// Review returns a copy of review id.
func (s *State) Review(id string) (domain.Review, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	rv, ok := s.reviews.byID[id]
	if !ok {
		return domain.Review{}, false
	}
	return rv.Clone(), true
}

// Reviews returns a copy of every review, newest first.
func (s *State) Reviews() []domain.Review {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]domain.Review, 0, len(s.reviews.order))
	for i := len(s.reviews.order) - 1; i >= 0; i-- {
		out = append(out, s.reviews.order[i].Clone())
	}
	return out
}
