package projections

import "daotao/events"

// Invariants of the money matters, as Check reports them.
const (
	// InvPaidWithinAmount: the payments of a reimbursement case never add
	// up to more than its decided amount, and none comes before it.
	InvPaidWithinAmount = "payments_within_decided_amount"
	// InvBrokenHasCase: a commitment closed as broken names a reimbursement
	// case recorded before it (in the same atomic batch).
	InvBrokenHasCase = "broken_commitment_has_case"
)

// moneyCheck folds what the money invariants need.
type moneyCheck struct {
	decided map[string]int64 // case id → decided amount
	paid    map[string]int64 // case id → paid so far
	cases   map[string]bool  // case ids opened
}

func (m *moneyCheck) fold(c *checker, r events.Recorded, id string, p events.Payload) {
	if m.cases == nil {
		m.decided, m.paid, m.cases = map[string]int64{}, map[string]int64{}, map[string]bool{}
	}
	switch e := p.(type) {
	case *events.ReimbursementOpened:
		m.cases[id] = true
	case *events.ReimbursementDecided:
		m.decided[id] = e.AmountVND
	case *events.ReimbursementPaid:
		m.paid[id] += e.AmountVND
		amount, decided := m.decided[id]
		switch {
		case !decided:
			c.report(r, InvPaidWithinAmount, "payment of %d đồng on case %s before its decision", e.AmountVND, id)
		case m.paid[id] > amount:
			c.report(r, InvPaidWithinAmount, "case %s paid %d đồng of %d decided", id, m.paid[id], amount)
		}
	case *events.CommitmentClosed:
		if e.Outcome == "broken" && !m.cases[e.CaseID] {
			c.report(r, InvBrokenHasCase, "commitment %s broken without reimbursement case %q", id, e.CaseID)
		}
	}
}
