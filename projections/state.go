// Package projections builds the current state from the event log: the
// aggregates commands decide against, and the read models queries use. It is
// fed in stream order, applies each event once by stream sequence, and can
// be rebuilt at any time by replaying the log.
package projections

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"daotao/domain"
	"daotao/events"
)

// State is the in-memory projection of the whole log. Safe for concurrent
// use: one writer (Apply) and many readers.
type State struct {
	mu       sync.RWMutex
	applied  atomic.Uint64
	notifyMu sync.Mutex
	notify   chan struct{} // made by a waiter, closed by the next apply (nil: none waits)

	users         map[string]*domain.User // by user id
	usersByName   map[string]*domain.User
	sessions      map[string]*Session // by token hash
	sessionByID   map[string]*Session
	officials     map[string]*domain.Official
	nominations   map[string]*domain.Nomination
	order         []*domain.Nomination // creation order
	officialOrder []*domain.Official
	idem          map[string]Idempotent
	quotas        map[string]*domain.QuotaUse
	quotaLog      map[string][]quotaEntry
	references    []Reference
	baselines     []BaselineVersion
	refSeq        uint64
	baseSeq       uint64
	queueFilters  map[string]*domain.QueueFilters // by role
	reviews       reviewBook                      // reviews.go
	index         readIndex
	attachments   attachmentIndex // attachments.go
	delegations   delegationIndex // delegations.go
	planning      planBook        // planning.go
	inbox         *inbox          // inbox.go
	sittings      sittingBook     // sittings.go
	deadlines     deadlineBook    // deadlines.go
	courseBook    *courseBook     // courses.go
	completion    completionBook  // completion.go
	commitments   commitmentBook  // commitments.go
	budgets       budgetBook      // budget.go
	ratingBook    ratingBook      // official_share.go
	// Where new officials and nominations are allocated (slab.go).
	officialSlab   slab[domain.Official]   `snapshot:"-"`
	nominationSlab slab[domain.Nomination] `snapshot:"-"`
	cur            current                 `snapshot:"-"` // current.go
	offered        offers                  `snapshot:"-"` // offer.go
}

// New returns an empty state.
func New() *State {
	return &State{
		users:       map[string]*domain.User{},
		usersByName: map[string]*domain.User{},
		sessions:    map[string]*Session{},
		sessionByID: map[string]*Session{},
		officials:   map[string]*domain.Official{},
		nominations: map[string]*domain.Nomination{},
		idem:        map[string]Idempotent{},
		quotas:      map[string]*domain.QuotaUse{},
		quotaLog:    map[string][]quotaEntry{},
		inbox:       newInbox(),
		sittings:    newSittingBook(),
		deadlines:   newDeadlineBook(),
		reviews:     newReviewBook(),
		courseBook:  newCourseBook(),
		completion:  newCompletionBook(),
		commitments: newCommitmentBook(),
		budgets:     newBudgetBook(),
	}
}

// Applied returns the stream sequence of the last event applied.
func (s *State) Applied() uint64 { return s.applied.Load() }

// Apply folds one recorded event into the state. An event whose sequence is
// not above Applied is ignored, so redelivery is harmless. It returns an
// error for an event it cannot decode; the state is then unchanged.
func (s *State) Apply(r events.Recorded) error {
	if r.Seq <= s.applied.Load() {
		return nil
	}
	p := r.Payload // decoded ahead by the store, if it could
	if p == nil {
		var err error
		if p, err = events.Unmarshal(r.Envelope); err != nil {
			return fmt.Errorf("apply seq %d: %w", r.Seq, err)
		}
	}
	s.mu.Lock()
	if r.Seq <= s.applied.Load() { // offered, and applied meanwhile
		s.mu.Unlock()
		return nil
	}
	s.apply(r, p)
	s.applied.Store(r.Seq)
	s.applyOffered() // offer.go
	s.mu.Unlock()
	s.wake()
	return nil
}

func (s *State) apply(r events.Recorded, p events.Payload) {
	aggregate, id, _ := events.SplitSubject(r.Subject)
	s.cur = current{}
	id = s.canonicalID(aggregate, id, p) // ids.go
	switch aggregate {
	case events.AggregateUser:
		s.applyUser(r, p)
	case events.AggregateSession:
		s.applySession(r, id, p)
	case events.AggregateOfficial:
		s.applyOfficial(r, id, p)
		s.shareRatings(id) // official_share.go
	case events.AggregateNomination:
		s.applyNomination(r, id, p)
	case events.AggregateQuota:
		s.applyQuota(r, id, p)
	case events.AggregateReference:
		s.applyReference(r, p)
	case events.AggregateFilter:
		s.applyFilter(r, id, p)
	case events.AggregateDelegation:
		s.applyDelegation(r, id, p)
	case events.AggregateNeed, events.AggregatePlan, events.AggregateFocus,
		events.AggregateProvider, events.AggregateSelection, events.AggregateProgress:
		s.applyPlanning(r, aggregate, id, p)
	case events.AggregateReview:
		s.applyReview(r, id, p)
	case events.AggregateProgramme, events.AggregateCourse:
		s.courseBook.apply(r, aggregate, id, p)
	case events.AggregateTraining:
		s.applyTraining(r, id, p)
	case events.AggregateCommitment, events.AggregateReimbursement:
		s.commitments.apply(r, aggregate, id, p)
	case events.AggregateBudget:
		s.budgets.apply(r, id, p)
	}
	s.shareIDs(id, p)                        // ids.go
	s.applyWorkflowTime(r, aggregate, id, p) // sittings.go
	if r.IdempotencyKey != "" {
		s.rememberKey(r, id)
	}
}

// wake releases the waiters, if any: a replay, which nobody waits on,
// makes no channel per event.
func (s *State) wake() {
	s.notifyMu.Lock()
	if s.notify != nil {
		close(s.notify)
		s.notify = nil
	}
	s.notifyMu.Unlock()
}

// WaitFor blocks until the state has applied seq or ctx is done. It returns
// ctx's error in the latter case.
func (s *State) WaitFor(ctx context.Context, seq uint64) error {
	for {
		s.notifyMu.Lock()
		if s.notify == nil {
			s.notify = make(chan struct{})
		}
		ch := s.notify
		s.notifyMu.Unlock()
		if s.applied.Load() >= seq {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// Run feeds the state from store, starting after what is already applied,
// until ctx is done. It returns once the subscription is established; errors
// met later are passed to onErr (which may be nil).
func (s *State) Run(ctx context.Context, store events.Store, onErr func(error)) error {
	if n, ok := store.(events.AppendNotifier); ok {
		n.OnAppended(s.offer) // offer.go
		context.AfterFunc(ctx, func() { n.OnAppended(nil) })
	}
	return store.Subscribe(ctx, s.Applied()+1, func(r events.Recorded) error {
		err := s.Apply(r)
		if err != nil && onErr != nil {
			onErr(err)
		}
		return err
	})
}

// WaitTimeout is WaitFor bounded by d.
func (s *State) WaitTimeout(ctx context.Context, seq uint64, d time.Duration) error {
	if s.applied.Load() >= seq {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	return s.WaitFor(ctx, seq)
}
