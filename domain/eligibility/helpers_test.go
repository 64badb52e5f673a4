package eligibility_test

import (
	"strings"
	"testing"
	"time"

	"daotao/domain/eligibility"
	"daotao/events"
)

func day(y int, m time.Month, d int) events.Date { return events.NewDate(y, m, d) }

// official returns a công chức of Nhóm 3 who meets every condition on the
// dates the tests use (2025 and 2026).
func official() eligibility.Subject {
	return eligibility.Subject{
		Category: eligibility.CategoryCBCC, Group: 3, BirthDate: day(1985, 4, 12), Gender: eligibility.GenderMale,
		ServiceStart: day(2010, 9, 1), ProbationEnd: day(2011, 9, 1),
		Ratings:        map[string]string{"2022": "tot", "2023": "tot", "2024": "xuat_sac", "2025": "tot"},
		InPlanningPool: true, Discipline: eligibility.DisciplineNone, Field: "cntt_khmt",
	}
}

// postgrad returns a postgraduate request on date that official meets
// under either law: 24 months of study, 72 months of commitment.
func postgrad(date events.Date) eligibility.Request {
	return eligibility.Request{
		Kind: eligibility.KindPostgraduate, Date: date, DurationMonths: 24, CommitmentMonths: 72,
		QuotaGroups: []int{3, 4}, QuotaField: "cntt_khmt",
	}
}

// abroad returns a request for a two-week refresher course abroad.
func abroad(date events.Date) eligibility.Request {
	start := date.AddDate(0, 2, 0)
	return eligibility.Request{
		Kind: eligibility.KindRefresher, Date: date, Abroad: true, CourseStart: start, CourseEnd: start.AddDate(0, 0, 13),
	}
}

func mustRuleSet(tb testing.TB, id string) eligibility.RuleSet {
	tb.Helper()
	rs, ok := eligibility.ByID(id)
	if !ok {
		tb.Fatalf("ByID(%q) found nothing", id)
	}
	return rs
}

// checkOf evaluates and returns the check with the given code.
func checkOf(tb testing.TB, rs eligibility.RuleSet, s eligibility.Subject, r eligibility.Request, code string) eligibility.Check {
	tb.Helper()
	res := eligibility.Evaluate(rs, s, r)
	for _, c := range res.Checks {
		if c.Code == code {
			return c
		}
	}
	tb.Fatalf("no check %q in %+v", code, res.Checks)
	return eligibility.Check{}
}

// checkCase is one row of a table test of a single check.
type checkCase struct {
	name    string
	ruleSet string
	subject func(*eligibility.Subject)
	request func(*eligibility.Request)
	base    func(events.Date) eligibility.Request
	date    events.Date
	want    bool
	// detail, when set, must appear in the check's detail.
	detail string
}

// runChecks runs a table of cases against the check code.
func runChecks(t *testing.T, code string, tests []checkCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, base := official(), tt.base
			if base == nil {
				base = postgrad
			}
			r := base(tt.date)
			if tt.subject != nil {
				tt.subject(&s)
			}
			if tt.request != nil {
				tt.request(&r)
			}
			got := checkOf(t, mustRuleSet(t, tt.ruleSet), s, r, code)
			if got.Passed != tt.want {
				t.Errorf("%s passed = %v, want %v; detail %q", code, got.Passed, tt.want, got.Detail)
			}
			if tt.detail != "" && !strings.Contains(got.Detail, tt.detail) {
				t.Errorf("detail = %q, want it to contain %q", got.Detail, tt.detail)
			}
		})
	}
}
