package projections

import (
	"context"
	"fmt"
	"sort"

	"daotao/events"
)

// Violation is one breach of an invariant found in the event log.
type Violation struct {
	Invariant string `json:"invariant"`
	Seq       uint64 `json:"seq"`
	Subject   string `json:"subject"`
	Detail    string `json:"detail"`
}

func (v Violation) String() string {
	return fmt.Sprintf("seq %d %s: %s: %s", v.Seq, v.Subject, v.Invariant, v.Detail)
}

// Invariant names, as Check reports them.
const (
	InvOverlap       = "no_overlapping_programmes"
	InvQuota         = "quota_within_places"
	InvOwnAgency     = "agency_nominates_own_officials"
	InvActor         = "server_derived_actor"
	InvApprovalBooks = "approval_books_official"
	InvDecodable     = "decodable_events"
)

// checker folds the log into what the invariants need.
type checker struct {
	places     func(quotaID string) (int, bool)
	officials  map[string]string                  // official id → agency
	bookings   map[string][]events.OfficialBooked // official id → bookings
	nominees   map[string]string                  // nomination id → official id
	approvedAt map[string]uint64                  // nomination id → seq of its approval
	booked     map[string]bool                    // nomination ids with a booking
	quotaUse   map[string]map[string]bool         // quota id → nomination ids
	courses    courseCheck                        // courses_check.go
	money      moneyCheck                         // money_check.go
	completion completionCheck                    // completion_check.go
	found      []Violation
}

// Check reads the whole log of store and reports every violation of the
// programme's invariants: no official in two programmes whose periods
// overlap; no quota over its places (places tells a quota's size); an
// agency nominates only its own officials; every event has a
// server-derived actor; every approval books the official's time. An empty
// result means the log is sound.
func Check(ctx context.Context, store events.Store, places func(quotaID string) (int, bool)) ([]Violation, error) {
	c := &checker{places: places, officials: map[string]string{}, bookings: map[string][]events.OfficialBooked{},
		nominees: map[string]string{}, approvedAt: map[string]uint64{}, booked: map[string]bool{}, quotaUse: map[string]map[string]bool{},
		courses: courseCheck{}}
	if err := store.Read(ctx, 1, 0, c.fold); err != nil {
		return nil, err
	}
	c.finish()
	sort.SliceStable(c.found, func(i, j int) bool { return c.found[i].Seq < c.found[j].Seq })
	return c.found, nil
}

func (c *checker) report(r events.Recorded, inv, format string, args ...any) {
	c.found = append(c.found, Violation{Invariant: inv, Seq: r.Seq, Subject: r.Subject, Detail: fmt.Sprintf(format, args...)})
}

func (c *checker) fold(r events.Recorded) error {
	if r.Actor.Username == "" || r.Actor.Role == "" {
		c.report(r, InvActor, "event %s has no actor username or role", r.Type)
	}
	p, err := events.Unmarshal(r.Envelope)
	if err != nil {
		c.report(r, InvDecodable, "%v", err)
		return nil
	}
	_, id, _ := events.SplitSubject(r.Subject)
	switch e := p.(type) {
	case *events.OfficialRegistered:
		c.officials[e.OfficialID] = e.AgencyCode
	case *events.NominationCreated:
		c.nominated(r, e)
	case *events.NominationApproved:
		c.approvedAt[id] = r.Seq
	case *events.OfficialBooked:
		c.book(r, id, e)
	case *events.QuotaPlaceTaken:
		c.takePlace(r, e)
	case *events.QuotaPlaceReleased:
		delete(c.quotaUse[id], e.NominationID)
	case *events.QuotaPlacesReleased:
		for _, n := range e.NominationIDs {
			delete(c.quotaUse[id], n)
		}
	}
	if a, _, _ := events.SplitSubject(r.Subject); a == events.AggregateCourse {
		c.courses.fold(c, r, id, p)
	}
	c.money.fold(c, r, id, p)
	c.completion.fold(c, r, id, p)
	return nil
}

func (c *checker) nominated(r events.Recorded, e *events.NominationCreated) {
	c.nominees[e.NominationID] = e.OfficialID
	agency, ok := c.officials[e.OfficialID]
	switch {
	case !ok:
		c.report(r, InvOwnAgency, "nomination of unknown official %s", e.OfficialID)
	case agency != e.AgencyCode:
		c.report(r, InvOwnAgency, "agency %s nominated official %s of agency %s", e.AgencyCode, e.OfficialID, agency)
	case r.Actor.Role == "agency" && r.Actor.Agency != e.AgencyCode:
		c.report(r, InvOwnAgency, "user %s of agency %s created a nomination for agency %s", r.Actor.Username, r.Actor.Agency, e.AgencyCode)
	}
}

func (c *checker) book(r events.Recorded, officialID string, e *events.OfficialBooked) {
	for _, b := range c.bookings[officialID] {
		if !b.EndDate.Before(e.StartDate) && !e.EndDate.Before(b.StartDate) {
			c.report(r, InvOverlap, "official %s booked for nomination %s (%s–%s) overlapping nomination %s (%s–%s)",
				officialID, e.NominationID, e.StartDate, e.EndDate, b.NominationID, b.StartDate, b.EndDate)
		}
	}
	c.bookings[officialID] = append(c.bookings[officialID], *e)
	c.booked[e.NominationID] = true
}

func (c *checker) takePlace(r events.Recorded, e *events.QuotaPlaceTaken) {
	use := c.quotaUse[e.QuotaID]
	if use == nil {
		use = map[string]bool{}
		c.quotaUse[e.QuotaID] = use
	}
	use[e.NominationID] = true
	places, known := c.places(e.QuotaID)
	switch {
	case !known:
		c.report(r, InvQuota, "place taken on unknown quota %s", e.QuotaID)
	case len(use) > places:
		c.report(r, InvQuota, "quota %s has %d places taken of %d", e.QuotaID, len(use), places)
	}
}

// finish reports approvals that booked nothing.
func (c *checker) finish() {
	for id, seq := range c.approvedAt {
		if !c.booked[id] {
			c.found = append(c.found, Violation{Invariant: InvApprovalBooks, Seq: seq,
				Subject: events.Subject(events.AggregateNomination, id), Detail: "approval without a booking of the official's time"})
		}
	}
}
