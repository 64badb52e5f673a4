package main

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"time"

	"github.com/google/uuid"

	"daotao/domain"
	"daotao/domain/eligibility"
	"daotao/domain/programme"
	"daotao/events"
)

// genEvent is one event of a script, before it gets its id and time.
type genEvent struct {
	subject string
	actor   events.Actor
	payload events.Payload
	// caused marks an event recorded because of the one before it (the
	// booking that goes with an approval).
	caused bool
}

// genScript is the history of one official, in order: registration,
// perhaps an update, then each nomination's way through the workflow.
type genScript struct {
	events []genEvent
	pos    int
	prevID string
}

// genPaths are the ways a generated nomination goes, as in a working year:
// most approved or waiting, some returned (and perhaps resubmitted), few
// refused or withdrawn.
var genPaths = [][]string{
	{"submit", "approve"}, {"submit", "approve"}, {"submit", "approve"}, {"submit", "approve"}, {"submit", "approve"},
	{"submit"}, {"submit"}, {"submit", "return"}, {"submit", "return", "revise", "resubmit", "approve"},
	{"submit", "reject"}, {"withdraw"}, {},
}

// meanPathEvents is the mean number of events of one generated nomination:
// its creation, one per step, and the booking of each approval.
func meanPathEvents() float64 {
	n := 0
	for _, p := range genPaths {
		n += 1 + len(p)
		for _, step := range p {
			if step == "approve" {
				n++
			}
		}
	}
	return float64(n) / float64(len(genPaths))
}

func newUUID() string { return uuid.Must(uuid.NewV7()).String() }

// script builds the history of official o.
func (g *generator) script(o programme.DemoOfficial, rng *rand.Rand) *genScript {
	id := newUUID()
	officer := g.b.users.officers[o.AgencyCode]
	subject := events.Subject(events.AggregateOfficial, id)
	s := &genScript{events: []genEvent{{subject: subject, actor: officer,
		payload: &events.OfficialRegistered{OfficialID: id, AgencyCode: o.AgencyCode, OfficialProfile: o.OfficialProfile}}}}
	n := 1
	if rng.Float64() < g.b.sc.nominationsMean-1 {
		n = 2
	}
	profile := o.OfficialProfile
	if !profile.InPlanningPool || rng.Float64() < g.b.sc.updateShare {
		next, update := promote(profile)
		s.events = append(s.events, genEvent{subject: subject, actor: officer, payload: update})
		profile = next
	}
	for k := range n {
		s.events = append(s.events, g.nomination(o.AgencyCode, id, profile, k, rng)...)
	}
	return s
}

// promote returns the profile in the planning pool and rated xuất sắc for
// 2025, and the update that records the change.
func promote(p events.OfficialProfile) (events.OfficialProfile, *events.OfficialUpdated) {
	next := p
	next.Ratings = maps.Clone(p.Ratings)
	if next.Ratings == nil {
		next.Ratings = map[string]string{}
	}
	var changed []events.FieldChange
	if !p.InPlanningPool {
		next.InPlanningPool = true
		changed = append(changed, events.FieldChange{Field: "in_planning_pool", From: false, To: true})
	}
	if r := p.Ratings["2025"]; r != domain.RatingExcellent {
		next.Ratings["2025"] = domain.RatingExcellent
		changed = append(changed, events.FieldChange{Field: "ratings", From: p.Ratings, To: next.Ratings})
	}
	return next, &events.OfficialUpdated{OfficialProfile: next, Changed: changed}
}

// nomination returns the events of the k-th nomination of an official: a
// refresher course on a content that admits the official's group, in a
// month of its own so that approvals never overlap.
func (g *generator) nomination(agency, officialID string, p events.OfficialProfile, k int, rng *rand.Rand) []genEvent {
	fits := g.contents[p.Group]
	c := fits[rng.IntN(len(fits))]
	start := events.NewDate(2027, time.Month(1+k*5+rng.IntN(4)), 2+rng.IntN(18))
	d := events.NominationDetails{Title: "Bồi dưỡng chuyên sâu: " + c.Name, ContentCode: c.Code, StartDate: start,
		EndDate: start.AddDate(0, 0, 4+rng.IntN(8)), CostEstimateVND: int64(8+rng.IntN(40)) * 1_000_000}
	n := genNomination{id: newUUID(), officialID: officialID, officer: g.b.users.officers[agency], council: g.b.users.council,
		details: d, elig: g.eligibility(p, d, c), version: g.doc.Version}
	n.subject = events.Subject(events.AggregateNomination, n.id)
	out := []genEvent{{subject: n.subject, actor: n.officer, payload: &events.NominationCreated{NominationID: n.id,
		OfficialID: officialID, AgencyCode: agency, Kind: domain.KindRefresher, NominationDetails: d}}}
	for _, step := range genPaths[rng.IntN(len(genPaths))] {
		out = append(out, n.step(step)...)
	}
	return out
}

// eligibility evaluates the rules in force today, as a submission does.
func (g *generator) eligibility(p events.OfficialProfile, d events.NominationDetails, c programme.Content) *events.Eligibility {
	day := events.DateOf(time.Now(), domain.Zone)
	req := eligibility.Request{Kind: eligibility.KindRefresher, Date: day, CourseStart: d.StartDate, CourseEnd: d.EndDate,
		ContentPriorityGroups: c.Priority.Groups}
	rec := eligibility.Evaluate(eligibility.Select(p.Category, day), eligibility.SubjectOf(p), req).Record()
	return &rec
}

// genNomination is what the steps of one generated nomination need.
type genNomination struct {
	id, subject, officialID string
	officer, council        events.Actor
	details                 events.NominationDetails
	elig                    *events.Eligibility
	version                 int
}

// step returns the events of one workflow step, as the API records them.
func (n genNomination) step(step string) []genEvent {
	by := func(a events.Actor, p events.Payload) []genEvent {
		return []genEvent{{subject: n.subject, actor: a, payload: p}}
	}
	switch step {
	case "submit":
		return by(n.officer, &events.NominationSubmitted{Eligibility: n.elig, ReferenceVersion: n.version})
	case "resubmit":
		return by(n.officer, &events.NominationResubmitted{Note: demoReasons["resubmit"], Eligibility: n.elig, ReferenceVersion: n.version})
	case "return":
		return by(n.council, &events.NominationReturned{Reason: demoReasons["return"]})
	case "reject":
		return by(n.council, &events.NominationRejected{Reason: demoReasons["reject"]})
	case "withdraw":
		return by(n.officer, &events.NominationWithdrawn{Reason: demoReasons["withdraw"]})
	case "revise":
		next := n.details
		next.CostEstimateVND += 2_000_000
		return by(n.officer, &events.NominationRevised{NominationDetails: next, Changed: []events.FieldChange{
			{Field: "cost_estimate_vnd", From: n.details.CostEstimateVND, To: next.CostEstimateVND}}})
	case "approve":
		booked := genEvent{subject: events.Subject(events.AggregateOfficial, n.officialID), actor: n.council, caused: true,
			payload: &events.OfficialBooked{NominationID: n.id, StartDate: n.details.StartDate, EndDate: n.details.EndDate}}
		approved := &events.NominationApproved{Reason: demoReasons["approve"], Eligibility: n.elig, ReferenceVersion: n.version}
		return append(by(n.council, approved), booked)
	}
	panic(fmt.Sprintf("bench: unknown step %q", step))
}
