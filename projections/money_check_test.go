package projections_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"daotao/events"
	"daotao/events/memstore"
	"daotao/projections"
)

// TestCheckFindsMoneyViolations writes, bypassing the application, a case
// paid beyond its decided amount and a commitment broken without a case:
// Check reports each at its event.
func TestCheckFindsMoneyViolations(t *testing.T) {
	store := memstore.New()
	actor := events.Actor{UserID: "u-1", Username: "taichinh", Role: "finance"}
	last := map[string]uint64{}
	n := 0
	add := func(subject string, p events.Payload) uint64 {
		t.Helper()
		n++
		e, err := events.New(fmt.Sprintf("e-%d", n), subject, time.Unix(0, 0), actor, p)
		if err != nil {
			t.Fatal(err)
		}
		res, err := store.Append(context.Background(), e, last[subject], e.ID)
		if err != nil {
			t.Fatal(err)
		}
		last[subject] = res.Seq
		return res.Seq
	}
	check := func() []projections.Violation {
		t.Helper()
		vs, err := projections.Check(context.Background(), store, func(string) (int, bool) { return 0, false })
		if err != nil {
			t.Fatal(err)
		}
		return vs
	}
	caseSubject := events.Subject(events.AggregateReimbursement, "n-1")
	add(caseSubject, &events.ReimbursementOpened{CaseID: "n-1", NominationID: "n-1", Case: "no_degree", BeforeReductionVND: 100})
	add(events.Subject(events.AggregateCommitment, "n-2"), &events.CommitmentOpened{CommitmentID: "n-2", RequiredMonths: 48})
	add(caseSubject, &events.ReimbursementDecided{AmountVND: 100})
	add(caseSubject, &events.ReimbursementPaid{AmountVND: 60})
	add(caseSubject, &events.ReimbursementPaid{AmountVND: 40})
	if vs := check(); len(vs) != 0 {
		t.Fatalf("a case paid in full: %v", vs)
	}
	over := add(caseSubject, &events.ReimbursementPaid{AmountVND: 1})
	broken := add(events.Subject(events.AggregateCommitment, "n-2"), &events.CommitmentClosed{Outcome: "broken", CaseID: "n-2"})
	vs := check()
	if len(vs) != 2 || vs[0].Invariant != projections.InvPaidWithinAmount || vs[0].Seq != over ||
		vs[1].Invariant != projections.InvBrokenHasCase || vs[1].Seq != broken {
		t.Errorf("violations %v; want %s at %d and %s at %d", vs, projections.InvPaidWithinAmount, over, projections.InvBrokenHasCase, broken)
	}
}
