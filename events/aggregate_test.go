package events_test

import (
	"testing"

	"daotao/events"
)

// TestEveryTypeHasAnAggregate checks that each registered type maps to one
// of the aggregates, so a verifier can check the subject of every event.
func TestEveryTypeHasAnAggregate(t *testing.T) {
	known := map[string]bool{
		events.AggregateUser: true, events.AggregateSession: true, events.AggregateOfficial: true,
		events.AggregateNomination: true, events.AggregateQuota: true, events.AggregateReference: true,
		events.AggregateReview: true, events.AggregateFilter: true, events.AggregateDelegation: true,
		events.AggregateNeed: true, events.AggregatePlan: true, events.AggregateFocus: true,
		events.AggregateProvider: true, events.AggregateSelection: true, events.AggregateProgress: true,
		events.AggregateSitting: true, events.AggregateInbox: true, events.AggregateMail: true, events.AggregateDeadline: true,
		events.AggregateCommitment: true, events.AggregateReimbursement: true, events.AggregateBudget: true,
		events.AggregateProgramme: true, events.AggregateCourse: true,
		events.AggregateTraining: true,
	}
	for _, typ := range events.Types() {
		if a := events.AggregateOf(typ); !known[a] {
			t.Errorf("AggregateOf(%q) = %q; not an aggregate", typ, a)
		}
	}
	if got := events.AggregateOf(events.TypeBaselinePublished); got != events.AggregateReference {
		t.Errorf("AggregateOf(baseline.published) = %q; want reference", got)
	}
}
