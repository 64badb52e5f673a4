package domain_test

import (
	"testing"

	"daotao/domain"
	"daotao/events"
)

var homeAffairs = events.Actor{UserID: "u-snv", Username: "sonoivu", Role: string(domain.RoleHomeAffairs)}

// master is a state-funded 24-month master's programme of the officer's
// agency, signed under Decree 101/2017 (2×).
func master() domain.FundedTraining {
	return domain.FundedTraining{NominationID: "nom-1", OfficialID: "off-1", AgencyCode: "so_noi_vu", Title: "Thạc sĩ Quản lý công",
		Kind: domain.KindPostgraduate, Approved: true, Start: day(2025, 9, 1), End: day(2027, 8, 31), Months: 24,
		SignedOn: day(2025, 6, 20), RuleSet: "nd101-2017/cbcc", Multiplier: 2, CostVND: 100_000_000, CostSource: domain.CostActual}
}

// givenCommitment returns a commitment rebuilt from events.
func givenCommitment(es ...events.Payload) *domain.Commitment {
	c := &domain.Commitment{}
	for i, e := range es {
		c.Apply(uint64(i+1), e)
	}
	return c
}

func TestCommitmentT1(t *testing.T) {
	tests := []struct {
		name       string
		multiplier int
		months     int
		want       int
	}{
		{"Decree 101/2017: 2 × 24 months", 2, 24, 48},
		{"Decree 171/2025: 3 × 24 months", 3, 24, 72},
		{"3 × 18 months", 3, 18, 54},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := master()
			tr.Multiplier, tr.Months = tt.multiplier, tt.months
			e, err := domain.NewCommitment("c-1", tr, domain.OpenCommitment{Today: day(2035, 1, 1), CompletedOn: day(2027, 9, 15)}, officer)
			if err != nil {
				t.Fatal(err)
			}
			if e.RequiredMonths != tt.want || e.Multiplier != tt.multiplier || e.StartDate != day(2027, 9, 15) || e.RuleSet != "nd101-2017/cbcc" {
				t.Errorf("got %+v; want T1 %d from 15/09/2027", e, tt.want)
			}
		})
	}
}

func TestCommitmentOpenRefuses(t *testing.T) {
	tests := []struct {
		name   string
		change func(*domain.FundedTraining)
		cmd    domain.OpenCommitment
		actor  events.Actor
		kind   domain.Kind
		fields []string
	}{
		{"council may not", nil, domain.OpenCommitment{Today: day(2035, 1, 1), CompletedOn: day(2027, 9, 1)}, council, domain.KindForbidden, nil},
		{"another agency", nil, domain.OpenCommitment{Today: day(2035, 1, 1), CompletedOn: day(2027, 9, 1)}, stranger, domain.KindNotFound, nil},
		{"refresher course", func(t *domain.FundedTraining) { t.Kind = domain.KindRefresher }, domain.OpenCommitment{Today: day(2035, 1, 1), CompletedOn: day(2027, 9, 1)}, officer, domain.KindUnprocessable, nil},
		{"not approved", func(t *domain.FundedTraining) { t.Approved = false }, domain.OpenCommitment{Today: day(2035, 1, 1), CompletedOn: day(2027, 9, 1)}, officer, domain.KindUnprocessable, nil},
		{"self-funded", func(t *domain.FundedTraining) { t.CostVND = 0 }, domain.OpenCommitment{Today: day(2035, 1, 1), CompletedOn: day(2027, 9, 1)}, officer, domain.KindUnprocessable, nil},
		{"no degree recorded", func(t *domain.FundedTraining) { t.Degree = domain.DegreeNotAwarded }, domain.OpenCommitment{Today: day(2035, 1, 1), CompletedOn: day(2027, 9, 1)}, officer, domain.KindUnprocessable, nil},
		{"no date", nil, domain.OpenCommitment{Today: day(2035, 1, 1)}, officer, domain.KindInvalid, []string{"completed_on"}},
		{"degree before training", nil, domain.OpenCommitment{Today: day(2035, 1, 1), CompletedOn: day(2025, 1, 1)}, officer, domain.KindInvalid, []string{"completed_on"}},
		{"service before the degree", nil, domain.OpenCommitment{Today: day(2035, 1, 1), CompletedOn: day(2027, 9, 1), StartDate: day(2027, 8, 1)}, officer, domain.KindInvalid, []string{"start_date"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := master()
			if tt.change != nil {
				tt.change(&tr)
			}
			_, err := domain.NewCommitment("c-1", tr, tt.cmd, tt.actor)
			wantError(t, err, tt.kind, tt.fields...)
		})
	}
}

// TestCommitmentFromCompletion: the degree date recorded at completion is
// used when the command gives none; Sở Nội vụ may open it too.
func TestCommitmentFromCompletion(t *testing.T) {
	tr := master()
	tr.Degree, tr.DegreeOn = domain.DegreeAwarded, day(2027, 10, 2)
	e, err := domain.NewCommitment("c-1", tr, domain.OpenCommitment{Today: day(2035, 1, 1)}, homeAffairs)
	if err != nil {
		t.Fatal(err)
	}
	if e.CompletedOn != day(2027, 10, 2) || e.StartDate != day(2027, 10, 2) {
		t.Errorf("completed %s, start %s; want 2027-10-02", e.CompletedOn, e.StartDate)
	}
}

func TestCommitmentServed(t *testing.T) {
	opened, _ := domain.NewCommitment("c-1", master(), domain.OpenCommitment{Today: day(2035, 1, 1), CompletedOn: day(2027, 9, 15)}, officer)
	c := givenCommitment(&opened)
	tests := []struct {
		on           events.Date
		months, days int
		status       string
	}{
		{day(2027, 9, 1), 0, 0, domain.CommitmentOpen},
		{day(2028, 5, 30), 8, 15, domain.CommitmentOpen},
		{day(2031, 9, 14), 47, 30, domain.CommitmentOpen},
		{day(2031, 9, 15), 48, 0, domain.CommitmentServed},
	}
	for _, tt := range tests {
		m, d := c.ServedOn(tt.on)
		if m != tt.months || d != tt.days || c.Status(tt.on) != tt.status {
			t.Errorf("on %s: %d months %d days, %s; want %d, %d, %s", tt.on, m, d, c.Status(tt.on), tt.months, tt.days, tt.status)
		}
	}
	if _, err := c.Complete(officer, day(2031, 9, 14)); domain.KindOf(err) != domain.KindConflict {
		t.Errorf("complete a day early: %v, want a conflict", err)
	}
	closed, err := c.Complete(officer, day(2031, 9, 15))
	if err != nil || closed.Outcome != domain.CommitmentServed || closed.ServedMonths != 48 {
		t.Fatalf("complete: %+v, %v", closed, err)
	}
	c.Apply(2, closed)
	if _, err := c.Break("case-1", day(2031, 10, 1), "Nghỉ việc"); domain.KindOf(err) != domain.KindConflict {
		t.Errorf("break a closed commitment: %v, want a conflict", err)
	}
	if v := c.View(day(2035, 1, 1)); v.Status != domain.CommitmentServed || v.ServedMonths != 48 || v.LeftMonths != 0 {
		t.Errorf("view %+v", v)
	}
}

func TestMonthsAndDays(t *testing.T) {
	tests := []struct {
		from, to     events.Date
		months, days int
	}{
		{day(2027, 1, 31), day(2027, 2, 28), 0, 28},
		{day(2027, 1, 31), day(2027, 3, 31), 2, 0},
		{day(2027, 9, 15), day(2029, 5, 15), 20, 0},
		{day(2027, 9, 15), day(2029, 5, 14), 19, 29},
		{day(2027, 9, 15), day(2027, 9, 15), 0, 0},
		{day(2027, 9, 15), day(2020, 1, 1), 0, 0},
	}
	for _, tt := range tests {
		if m, d := domain.MonthsAndDays(tt.from, tt.to); m != tt.months || d != tt.days {
			t.Errorf("%s → %s: %d months %d days, want %d, %d", tt.from, tt.to, m, d, tt.months, tt.days)
		}
	}
}
