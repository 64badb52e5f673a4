package projections_test

import (
	"testing"

	"daotao/events"
	"daotao/projections"
)

// TestCheckFindsMoneyViolations writes, bypassing the application, a case
// paid beyond its decided amount and a commitment broken without a case:
// Check reports each at its event.
func TestCheckFindsMoneyViolations(t *testing.T) {
	actor := events.Actor{UserID: "u-1", Username: "taichinh", Role: "finance"}
	log := newCheckLog(t)
	add := func(subject string, p events.Payload) uint64 { return log.add(subject, actor, p) }
	check := log.check
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
