package eligibility_test

import (
	"testing"

	"daotao/domain/eligibility"
)

// BenchmarkEvaluate evaluates one official against the rule set in force,
// as every submission and approval does, for each kind of request.
func BenchmarkEvaluate(b *testing.B) {
	date := day(2026, 3, 2)
	refresher := eligibility.Request{Kind: eligibility.KindRefresher, Date: date, ContentPriorityGroups: []int{2, 3}}
	for _, bc := range []struct {
		name string
		req  eligibility.Request
	}{
		{"kind=refresher", refresher},
		{"kind=abroad", abroad(date)},
		{"kind=postgraduate", postgrad(date)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			s := official()
			rs := eligibility.Select(s.Category, date)
			b.ReportAllocs()
			for b.Loop() {
				if res := eligibility.Evaluate(rs, s, bc.req); !res.Eligible {
					b.Fatalf("not eligible: %+v", res.Failed())
				}
			}
		})
	}
}
