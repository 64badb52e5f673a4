package eligibility_test

import (
	"strings"
	"testing"

	"daotao/domain/eligibility"
	"daotao/events"
)

func TestSelect(t *testing.T) {
	tests := []struct {
		name     string
		category string
		date     events.Date
		want     string
	}{
		{"công chức on 30/06/2025", eligibility.CategoryCBCC, day(2025, 6, 30), nd101},
		{"công chức on 01/07/2025", eligibility.CategoryCBCC, day(2025, 7, 1), nd171},
		{"công chức in 2030", eligibility.CategoryCBCC, day(2030, 1, 1), nd171},
		{"công chức on the first day of 101", eligibility.CategoryCBCC, day(2017, 10, 15), nd101},
		{"công chức before 101: the oldest set", eligibility.CategoryCBCC, day(2016, 1, 1), nd101},
		{"viên chức on 30/06/2025", eligibility.CategoryVC, day(2025, 6, 30), vc101},
		{"viên chức on 01/07/2025: no switch", eligibility.CategoryVC, day(2025, 7, 1), vc101},
		{"viên chức in 2030", eligibility.CategoryVC, day(2030, 1, 1), vc101},
		{"unknown category", "hd", day(2025, 7, 1), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := eligibility.Select(tt.category, tt.date); got.ID != tt.want {
				t.Errorf("Select(%q, %v).ID = %q, want %q", tt.category, tt.date, got.ID, tt.want)
			}
		})
	}
}

func TestRuleSetParameters(t *testing.T) {
	tests := []struct {
		id                         string
		category                   string
		maxAge, multiplier, years  int
		ratedYears                 int
		abroadShort, abroadDefault int
	}{
		{nd101, eligibility.CategoryCBCC, 40, 2, 3, 2, 18, 24},
		{nd171, eligibility.CategoryCBCC, 45, 3, 3, 2, 18, 24},
		{vc101, eligibility.CategoryVC, 0, 2, 0, 0, 18, 24},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			rs := mustRuleSet(t, tt.id)
			p, a := rs.Postgrad, rs.Abroad
			got := []int{p.MaxFirstAge, p.CommitmentMultiplier, p.MinServiceYears, p.RatedYears, a.MinMonthsLeftShort, a.MinMonthsLeft}
			want := []int{tt.maxAge, tt.multiplier, tt.years, tt.ratedYears, tt.abroadShort, tt.abroadDefault}
			for i := range got {
				if got[i] != want[i] {
					t.Errorf("parameters = %v, want %v", got, want)
					break
				}
			}
			if rs.Category != tt.category || rs.Version < 1 || a.ShortCourseMonths != 1 || a.MinRating != "tot" {
				t.Errorf("rule set = %+v", rs)
			}
			if !strings.Contains(rs.Reference, "Nghị định") || rs.Title == "" || p.Reference == "" || a.Reference == "" {
				t.Errorf("references missing: %+v", rs)
			}
		})
	}
}

// TestRuleSetsTileTime checks that within a category the rule sets follow
// each other without gap or overlap and the last is open-ended.
func TestRuleSetsTileTime(t *testing.T) {
	seen := map[string]bool{}
	last := map[string]eligibility.RuleSet{}
	for _, rs := range eligibility.All() {
		if seen[rs.ID] {
			t.Errorf("duplicate rule set %q", rs.ID)
		}
		seen[rs.ID] = true
		if prev, ok := last[rs.Category]; ok && prev.EffectiveTo.String() != rs.EffectiveFrom.String() {
			t.Errorf("%s ends %v but %s starts %v", prev.ID, prev.EffectiveTo, rs.ID, rs.EffectiveFrom)
		}
		last[rs.Category] = rs
	}
	for cat, rs := range last {
		if !rs.EffectiveTo.IsZero() {
			t.Errorf("%s: the last rule set %s ends %v, want open-ended", cat, rs.ID, rs.EffectiveTo)
		}
	}
}

func TestCovers(t *testing.T) {
	rs := mustRuleSet(t, nd101)
	for _, tt := range []struct {
		date events.Date
		want bool
	}{{day(2017, 10, 14), false}, {day(2017, 10, 15), true}, {day(2025, 6, 30), true}, {day(2025, 7, 1), false}} {
		if got := rs.Covers(tt.date); got != tt.want {
			t.Errorf("Covers(%v) = %v, want %v", tt.date, got, tt.want)
		}
	}
}

func TestByIDReturnsFreshValues(t *testing.T) {
	rs := mustRuleSet(t, nd101)
	rs.Postgrad.MaxFirstAge = 99
	if again := mustRuleSet(t, nd101); again.Postgrad.MaxFirstAge != 40 {
		t.Errorf("a change to a returned rule set leaked: MaxFirstAge = %d", again.Postgrad.MaxFirstAge)
	}
	if _, ok := eligibility.ByID("nd999"); ok {
		t.Error(`ByID("nd999") found a rule set`)
	}
}
