package reports

import (
	"slices"

	"daotao/domain"
	"daotao/domain/calendar"
	"daotao/projections"
)

// agencyActivity is the yearly report Sở Nội vụ collects from every
// agency: per agency and year (the year the course starts; for a
// nomination with no start date, the year it was created), the roster of
// the four groups, the nominations made, submitted, sent (approved) for
// refresher and postgraduate training, rejected, withdrawn and still
// pending, the people sent; the results recorded (completed, not
// completed) and the reports owed past their due date (by the agency that
// nominated, the year the course starts); the estimated costs of the
// nominations submitted and approved; the budgets of the courses the
// agency leads (estimated, approved, actual, by the year of the budget);
// and the reimbursement cases of its officials opened that year, still
// open (neither paid in full nor waived) and paid, with the amount paid.
func agencyActivity(in Input) (Table, error) {
	t := Table{Columns: []string{"agency", "year", "roster", "nominations", "submitted", "sent_refresher", "sent_postgrad",
		"rejected", "withdrawn", "pending", "people_trained", "completed", "not_completed", "reports_overdue",
		"cost_estimated_vnd", "cost_approved_vnd", "budget_estimate_vnd", "budget_approved_vnd", "budget_actual_vnd",
		"reimbursements_open", "reimbursements_paid", "reimbursed_vnd"}}
	f := gather(in)
	roster := map[string]int{}
	for _, o := range f.roster() {
		roster[o.AgencyCode]++
	}
	type key struct {
		agency string
		year   int
	}
	type sum struct {
		nominations, submitted, refresher, postgrad, rejected, withdrawn, pending int
		completed, notCompleted, overdue, open, paid                              int
		people                                                                    map[string]bool
		estimated, approved, budget, budgetApproved, actual, reimbursed           int64
	}
	sums := map[key]*sum{}
	var keys []key
	at := func(agency string, y int) *sum {
		k := key{agency, y}
		s, ok := sums[k]
		if !ok {
			s = &sum{people: map[string]bool{}}
			sums[k] = s
			keys = append(keys, k)
		}
		return s
	}
	for _, n := range f.nominations {
		y := n.StartDate.Time().Year()
		if n.StartDate.IsZero() {
			y = yearOf(n.CreatedAt)
		}
		s := at(n.AgencyCode, y)
		s.nominations++
		if n.SubmittedAt != nil {
			s.submitted++
			s.estimated += n.CostEstimateVND
		}
		switch {
		case wasSent(n):
			s.approved += n.CostEstimateVND
			s.people[n.OfficialID] = true
			if n.Kind == domain.KindPostgraduate {
				s.postgrad++
			} else {
				s.refresher++
			}
		case n.Status == domain.StatusRejected:
			s.rejected++
		case n.Status == domain.StatusWithdrawn:
			s.withdrawn++
		case n.Status == domain.StatusSubmitted || n.Status == domain.StatusReturned:
			s.pending++
		}
	}
	if cal, err := calendar.Default(); err == nil {
		for _, v := range in.State.Trainings(projections.TrainingFilter{}, cal, f.day) {
			y := v.StartDate.Time().Year()
			if v.StartDate.IsZero() {
				y = f.day.Time().Year()
			}
			s := at(v.AgencyCode, y)
			if r := v.Result; r != nil {
				if r.Attended && r.Grade != "khong_dat" {
					s.completed++
				} else {
					s.notCompleted++
				}
			}
			s.overdue += len(v.Overdue())
		}
	}
	for _, b := range in.State.BudgetTotals("", "both") {
		s := at(b.AgencyCode, b.Year)
		s.budget += b.EstimateVND
		s.budgetApproved += b.ApprovedVND
		s.actual += b.ActualVND
	}
	for _, c := range in.State.ReimbursementCases("", "", f.day) {
		s := at(c.AgencyCode, c.EventDate.Time().Year())
		switch c.Status {
		case "paid":
			s.paid++
		case "waived":
		default:
			s.open++
		}
		s.reimbursed += c.PaidVND
	}
	slices.SortFunc(keys, func(a, b key) int {
		if a.agency != b.agency {
			if a.agency < b.agency {
				return -1
			}
			return 1
		}
		return a.year - b.year
	})
	for _, k := range keys {
		s := sums[k]
		t.add(Str(k.agency), Int(k.year), Int(roster[k.agency]), Int(s.nominations), Int(s.submitted), Int(s.refresher), Int(s.postgrad),
			Int(s.rejected), Int(s.withdrawn), Int(s.pending), Int(len(s.people)), Int(s.completed), Int(s.notCompleted), Int(s.overdue),
			Int64(s.estimated), Int64(s.approved), Int64(s.budget), Int64(s.budgetApproved), Int64(s.actual),
			Int(s.open), Int(s.paid), Int64(s.reimbursed))
	}
	return t, nil
}
