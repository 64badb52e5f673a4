package projections

import (
	"cmp"
	"slices"

	"daotao/domain"
	"daotao/events"
)

// budgetBook holds the course budgets, keyed by course id, in order of
// first submission.
type budgetBook struct {
	budgets map[string]*domain.Budget
	order   []*domain.Budget
}

func newBudgetBook() budgetBook { return budgetBook{budgets: map[string]*domain.Budget{}} }

// apply folds one event of a budget.
func (b *budgetBook) apply(r events.Recorded, id string, p events.Payload) {
	bu, ok := b.budgets[id]
	if !ok {
		bu = &domain.Budget{}
		b.budgets[id] = bu
		b.order = append(b.order, bu)
	}
	bu.Apply(r.Seq, p)
}

// Budget returns the budget of course id, a copy; the zero Budget when
// none was submitted.
func (s *State) Budget(courseID string) (domain.Budget, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	b, ok := s.budgets.budgets[courseID]
	if !ok {
		return domain.Budget{}, false
	}
	return *b, true
}

// Budgets returns the budgets of agency ("" for all) whose status is
// status ("" for any), oldest submission first.
func (s *State) Budgets(agency, status string) []domain.BudgetView {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := []domain.BudgetView{}
	for _, b := range s.budgets.order {
		if (agency == "" || b.AgencyCode() == agency) && (status == "" || b.Status() == status) {
			out = append(out, b.View())
		}
	}
	return out
}

// BudgetTotal is the sum of the budgets of one agency in one year: what
// the lead agencies estimated, what Sở Tài chính approved and what was
// actually spent. AgencyCode is "" in a per-year total, Year 0 in a
// per-agency one.
type BudgetTotal struct {
	AgencyCode  string `json:"agency_code"`
	Year        int    `json:"year"`
	Courses     int    `json:"courses"`
	EstimateVND int64  `json:"estimate_vnd"`
	ApprovedVND int64  `json:"approved_vnd"`
	ActualVND   int64  `json:"actual_vnd"`
}

// BudgetTotals returns the totals of agency ("" for all) grouped by "agency",
// "year" or (anything else) both, sorted by agency then year.
func (s *State) BudgetTotals(agency, by string) []BudgetTotal {
	type key struct {
		agency string
		year   int
	}
	sums := map[key]*BudgetTotal{}
	for _, v := range s.Budgets(agency, "") {
		k := key{v.AgencyCode, v.Year}
		switch by {
		case "agency":
			k.year = 0
		case "year":
			k.agency = ""
		}
		t, ok := sums[k]
		if !ok {
			t = &BudgetTotal{AgencyCode: k.agency, Year: k.year}
			sums[k] = t
		}
		t.Courses++
		t.EstimateVND += v.TotalVND
		t.ApprovedVND += v.ApprovedVND
		t.ActualVND += v.ActualVND
	}
	out := make([]BudgetTotal, 0, len(sums))
	for _, t := range sums {
		out = append(out, *t)
	}
	slices.SortFunc(out, func(a, b BudgetTotal) int {
		return cmp.Or(cmp.Compare(a.AgencyCode, b.AgencyCode), cmp.Compare(a.Year, b.Year))
	})
	return out
}
