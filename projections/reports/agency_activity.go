package reports

import (
	"cmp"
	"maps"
	"slices"
	"strings"

	"daotao/domain"
	"daotao/domain/calendar"
	"daotao/domain/reimbursement"
	"daotao/events"
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
	a := activity{}
	a.addNominations(f.nominations)
	if cal, err := calendar.Default(); err == nil {
		a.addTrainings(in.State.Trainings(projections.TrainingFilter{}, cal, f.day), f.day)
	}
	a.addBudgets(in.State.BudgetTotals("", "both"))
	a.addReimbursements(in.State.ReimbursementCases("", "", f.day))
	keys := slices.SortedFunc(maps.Keys(a), func(x, y activityKey) int {
		return cmp.Or(strings.Compare(x.agency, y.agency), cmp.Compare(x.year, y.year))
	})
	for _, k := range keys {
		s := a[k]
		t.add(Str(k.agency), Int(k.year), Int(roster[k.agency]), Int(s.nominations), Int(s.submitted), Int(s.refresher), Int(s.postgrad),
			Int(s.rejected), Int(s.withdrawn), Int(s.pending), Int(len(s.people)), Int(s.completed), Int(s.notCompleted), Int(s.overdue),
			Int64(s.estimated), Int64(s.approved), Int64(s.budget), Int64(s.budgetApproved), Int64(s.actual),
			Int(s.open), Int(s.paid), Int64(s.reimbursed))
	}
	return t, nil
}

// activity sums each agency's activity by year.
type activity map[activityKey]*activitySum

type activityKey struct {
	agency string
	year   int
}

type activitySum struct {
	nominations, submitted, refresher, postgrad, rejected, withdrawn, pending int
	completed, notCompleted, overdue, open, paid                              int
	people                                                                    map[string]bool
	estimated, approved, budget, budgetApproved, actual, reimbursed           int64
}

// at returns the sum of agency in year y, adding it when new.
func (a activity) at(agency string, y int) *activitySum {
	k := activityKey{agency, y}
	s, ok := a[k]
	if !ok {
		s = &activitySum{people: map[string]bool{}}
		a[k] = s
	}
	return s
}

// addNominations counts nominations by the year their course starts (the
// year created when no start date is known), with their estimated costs.
func (a activity) addNominations(ns []domain.NominationView) {
	for _, n := range ns {
		y := n.StartDate.Time().Year()
		if n.StartDate.IsZero() {
			y = yearOf(n.CreatedAt)
		}
		s := a.at(n.AgencyCode, y)
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
}

// addTrainings counts the results recorded and the reports overdue on
// day, by the year the course starts (day's year when unknown).
func (a activity) addTrainings(vs []domain.TrainingView, day events.Date) {
	for _, v := range vs {
		y := v.StartDate.Time().Year()
		if v.StartDate.IsZero() {
			y = day.Time().Year()
		}
		s := a.at(v.AgencyCode, y)
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

// addBudgets adds the budgets of the courses each agency leads.
func (a activity) addBudgets(bs []projections.BudgetTotal) {
	for _, b := range bs {
		s := a.at(b.AgencyCode, b.Year)
		s.budget += b.EstimateVND
		s.budgetApproved += b.ApprovedVND
		s.actual += b.ActualVND
	}
}

// addReimbursements counts the reimbursement cases opened each year: paid,
// still open (neither paid in full nor waived), and the amount paid.
func (a activity) addReimbursements(cs []reimbursement.CaseView) {
	for _, c := range cs {
		s := a.at(c.AgencyCode, c.EventDate.Time().Year())
		switch c.Status {
		case "paid":
			s.paid++
		case "waived":
		default:
			s.open++
		}
		s.reimbursed += c.PaidVND
	}
}
