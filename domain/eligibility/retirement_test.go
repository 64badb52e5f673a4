package eligibility_test

import (
	"testing"
	"time"

	"daotao/domain/eligibility"
	"daotao/events"
)

func TestRetirementAgeAndDate(t *testing.T) {
	const m, f = eligibility.GenderMale, eligibility.GenderFemale
	tests := []struct {
		name      string
		gender    string
		birth     events.Date
		years     int
		months    int
		lastWorks events.Date
	}{
		{"man who turned 60 in 2020, old law", m, day(1960, 12, 31), 60, 0, day(2020, 12, 31)},
		{"man, first of 2021", m, day(1961, 1, 20), 60, 3, day(2021, 4, 30)},
		{"man, last of 2021", m, day(1961, 9, 30), 60, 3, day(2021, 12, 31)},
		{"man, first of 2022", m, day(1961, 10, 1), 60, 6, day(2022, 4, 30)},
		{"man, 2024", m, day(1963, 6, 15), 61, 0, day(2024, 6, 30)},
		{"man, 2025", m, day(1964, 2, 29), 61, 3, day(2025, 5, 31)},
		{"man, last of 2027", m, day(1966, 3, 31), 61, 9, day(2027, 12, 31)},
		{"man, first at 62 (2028)", m, day(1966, 4, 1), 62, 0, day(2028, 4, 30)},
		{"man born 1985", m, day(1985, 4, 12), 62, 0, day(2047, 4, 30)},
		{"woman who turned 55 in 2020, old law", f, day(1965, 12, 1), 55, 0, day(2020, 12, 31)},
		{"woman, first of 2021", f, day(1966, 1, 1), 55, 4, day(2021, 5, 31)},
		{"woman, last of 2021", f, day(1966, 8, 31), 55, 4, day(2021, 12, 31)},
		{"woman, first of 2022", f, day(1966, 9, 1), 55, 8, day(2022, 5, 31)},
		{"woman, 2027", f, day(1970, 3, 10), 57, 4, day(2027, 7, 31)},
		{"woman, last of 2034", f, day(1975, 4, 30), 59, 8, day(2034, 12, 31)},
		{"woman, first at 60 (2035)", f, day(1975, 5, 1), 60, 0, day(2035, 5, 31)},
		{"woman born 1990", f, day(1990, 2, 28), 60, 0, day(2050, 2, 28)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			age, ok := eligibility.RetirementAge(tt.gender, tt.birth)
			if !ok || age != tt.years*12+tt.months {
				t.Errorf("RetirementAge = %d months (%v), want %dy%dm", age, ok, tt.years, tt.months)
			}
			last, ok := eligibility.RetirementDate(tt.gender, tt.birth)
			if !ok || last.String() != tt.lastWorks.String() {
				t.Errorf("RetirementDate = %v (%v), want %v", last, ok, tt.lastWorks)
			}
		})
	}
}

// TestRoadmapByYear checks the data against Điều 169: the age for each year.
func TestRoadmapByYear(t *testing.T) {
	want := map[string]struct{ first, step, last, lastYear int }{
		eligibility.GenderMale:   {60*12 + 3, 3, 62 * 12, 2028},
		eligibility.GenderFemale: {55*12 + 4, 4, 60 * 12, 2035},
	}
	for _, r := range eligibility.Roadmaps() {
		w := want[r.Gender]
		for i, s := range r.Steps {
			if s.Year != 2021+i || s.AgeMonths != w.first+i*w.step {
				t.Errorf("%s step %d = %+v, want year %d age %d months", r.Gender, i, s, 2021+i, w.first+i*w.step)
			}
		}
		if last := r.Steps[len(r.Steps)-1]; last.Year != w.lastYear || last.AgeMonths != w.last {
			t.Errorf("%s last step = %+v, want %d at %d months", r.Gender, last, w.lastYear, w.last)
		}
	}
}

// TestRetirementAgeMatchesBirthGroups compares every birth month with the
// tables of Nghị định 135/2020, which group births in runs of 9 months
// (men, from 01/1961) and 8 months (women, from 01/1966).
func TestRetirementAgeMatchesBirthGroups(t *testing.T) {
	groups := []struct {
		gender                              string
		from, old, base, step, per, ceiling int
	}{
		{eligibility.GenderMale, 1961, 60 * 12, 60*12 + 3, 3, 9, 62 * 12},
		{eligibility.GenderFemale, 1966, 55 * 12, 55*12 + 4, 4, 8, 60 * 12},
	}
	for _, g := range groups {
		for y := g.from - 3; y <= g.from+20; y++ {
			for m := time.January; m <= time.December; m++ {
				want := g.old
				if k := (y-g.from)*12 + int(m) - 1; k >= 0 {
					want = min(g.base+k/g.per*g.step, g.ceiling)
				}
				if got, _ := eligibility.RetirementAge(g.gender, day(y, m, 15)); got != want {
					t.Errorf("%s born %02d/%d: age %d months, want %d", g.gender, m, y, got, want)
				}
			}
		}
	}
}

func TestRetirementAgeUnknown(t *testing.T) {
	if _, ok := eligibility.RetirementAge("", day(1970, 1, 1)); ok {
		t.Error("RetirementAge with no gender: ok = true, want false")
	}
	if _, ok := eligibility.RetirementDate(eligibility.GenderMale, events.Date{}); ok {
		t.Error("RetirementDate with no birth date: ok = true, want false")
	}
}
