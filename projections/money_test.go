package projections_test

import (
	"testing"

	"daotao/domain"
	"daotao/domain/reimbursement"
	"daotao/events"
	"daotao/projections"
)

// TestBudgetTotals: three budgets of two agencies over two years, summed
// per agency, per year and per both.
func TestBudgetTotals(t *testing.T) {
	s := projections.New()
	seq := uint64(0)
	apply := func(course string, ps ...events.Payload) {
		for _, p := range ps {
			seq++
			if err := s.Apply(record(t, seq, events.Subject(events.AggregateBudget, course), p)); err != nil {
				t.Fatal(err)
			}
		}
	}
	sent := func(course, agency string, year int, total int64) *events.BudgetSubmitted {
		return &events.BudgetSubmitted{CourseID: course, AgencyCode: agency, Year: year, Participants: 10, PerPersonVND: total / 10, TotalVND: total}
	}
	apply("c1", sent("c1", "so_y_te", 2026, 100), &events.BudgetAdjusted{ApprovedVND: 90, Reason: "x"}, &events.BudgetActualRecorded{ActualVND: 80, Participants: 8, PerPersonVND: 10})
	apply("c2", sent("c2", "so_y_te", 2027, 200), &events.BudgetApproved{ApprovedVND: 200})
	apply("c3", sent("c3", "ubnd_tam_ky", 2026, 50), &events.BudgetReturned{Reason: "x"})
	tests := []struct {
		by, agency string
		want       []projections.BudgetTotal
	}{
		{"agency", "", []projections.BudgetTotal{{AgencyCode: "so_y_te", Courses: 2, EstimateVND: 300, ApprovedVND: 290, ActualVND: 80},
			{AgencyCode: "ubnd_tam_ky", Courses: 1, EstimateVND: 50}}},
		{"year", "", []projections.BudgetTotal{{Year: 2026, Courses: 2, EstimateVND: 150, ApprovedVND: 90, ActualVND: 80},
			{Year: 2027, Courses: 1, EstimateVND: 200, ApprovedVND: 200}}},
		{"both", "so_y_te", []projections.BudgetTotal{{AgencyCode: "so_y_te", Year: 2026, Courses: 1, EstimateVND: 100, ApprovedVND: 90, ActualVND: 80},
			{AgencyCode: "so_y_te", Year: 2027, Courses: 1, EstimateVND: 200, ApprovedVND: 200}}},
	}
	for _, tt := range tests {
		got := s.BudgetTotals(tt.agency, tt.by)
		if len(got) != len(tt.want) {
			t.Fatalf("by %s: %+v, want %+v", tt.by, got, tt.want)
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("by %s [%d]: %+v, want %+v", tt.by, i, got[i], tt.want[i])
			}
		}
	}
	if q := s.Budgets("", domain.BudgetSubmitted); len(q) != 0 {
		t.Errorf("nothing waits for appraisal, got %+v", q)
	}
	if b, _ := s.Budget("c1"); b.View().ActualPerPerson != 10 || b.Status() != domain.BudgetApproved {
		t.Errorf("c1: %+v", b.View())
	}
}

// TestCasesByStatusOnADay: the status filter reads each case as of the
// day asked, so a case turns overdue without any event.
func TestCasesByStatusOnADay(t *testing.T) {
	s := projections.New()
	sub := events.Subject(events.AggregateReimbursement, "n1")
	ps := []events.Payload{
		&events.ReimbursementOpened{CaseID: "n1", NominationID: "n1", AgencyCode: "so_y_te", Case: "no_degree", BeforeReductionVND: 100},
		&events.ReimbursementRecommended{AmountVND: 100},
		&events.ReimbursementDecided{DecidedOn: events.NewDate(2027, 1, 1), DueOn: events.NewDate(2027, 5, 1), AmountVND: 100},
	}
	for i, p := range ps {
		if err := s.Apply(record(t, uint64(i+1), sub, p)); err != nil {
			t.Fatal(err)
		}
	}
	if got := s.ReimbursementCases("", reimbursement.StatusOverdue, events.NewDate(2027, 5, 1)); len(got) != 0 {
		t.Errorf("overdue on the due day: %d", len(got))
	}
	if got := s.ReimbursementCases("so_y_te", reimbursement.StatusOverdue, events.NewDate(2027, 5, 2)); len(got) != 1 || got[0].DaysOverdue != 1 {
		t.Errorf("overdue the day after: %+v", got)
	}
	if got := s.ReimbursementCases("ubnd_tam_ky", "", events.NewDate(2027, 5, 2)); len(got) != 0 {
		t.Errorf("another agency's cases: %d", len(got))
	}
}
