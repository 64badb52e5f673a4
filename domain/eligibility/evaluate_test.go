package eligibility_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
	"testing"

	"daotao/domain/eligibility"
	"daotao/events"
)

var (
	programmeCodes = []string{"in_target_groups", "planning_pool_or_plan", "content_priority"}
	abroadCodes    = []string{"working_life_left", "no_pending_discipline", "not_travel_barred", "rating_previous_year"}
	cbccCodes      = []string{"service_years", "ratings_two_years", "age_first_postgrad", "commitment", "field_fits", "quota_group"}
	vcCodes        = []string{"probation_finished", "commitment", "field_fits", "quota_group"}
)

func TestEvaluateCheckList(t *testing.T) {
	vc := official()
	vc.Category = eligibility.CategoryVC
	postgradAbroad := postgrad(day(2025, 3, 1))
	postgradAbroad.Abroad = true
	tests := []struct {
		name    string
		subject eligibility.Subject
		request eligibility.Request
		want    []string
	}{
		{"refresher at home", official(), refresher(day(2025, 3, 1)), programmeCodes},
		{"refresher abroad", official(), abroad(day(2025, 3, 1)), slices.Concat(programmeCodes, abroadCodes)},
		{"postgraduate, công chức", official(), postgrad(day(2025, 3, 1)), slices.Concat(programmeCodes, cbccCodes)},
		{"postgraduate, viên chức", vc, postgrad(day(2025, 3, 1)), slices.Concat(programmeCodes, vcCodes)},
		{"postgraduate abroad is postgraduate", official(), postgradAbroad, slices.Concat(programmeCodes, cbccCodes)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := eligibility.Evaluate(eligibility.Select(tt.subject.Category, tt.request.Date), tt.subject, tt.request)
			var got []string
			for _, c := range res.Checks {
				got = append(got, c.Code)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("codes = %v,\nwant %v", got, tt.want)
			}
			if !res.Eligible {
				t.Errorf("Eligible = false, failed %+v", res.Failed())
			}
		})
	}
}

// TestEvaluateNoShortCircuit: an official failing everything gets every
// check, each failed.
func TestEvaluateNoShortCircuit(t *testing.T) {
	s := eligibility.Subject{Category: eligibility.CategoryCBCC, Group: 7, Discipline: "pending", TravelBarred: true}
	for _, r := range []eligibility.Request{postgrad(day(2025, 3, 1)), abroad(day(2025, 3, 1))} {
		r.ContentPriorityGroups, r.QuotaGroups, r.CommitmentMonths = []int{1}, []int{1}, 1
		res := eligibility.Evaluate(eligibility.Select(s.Category, r.Date), s, r)
		if res.Eligible || len(res.Failed()) != len(res.Checks) {
			t.Errorf("%s: eligible %v, %d of %d failed: %+v", r.Kind, res.Eligible, len(res.Failed()), len(res.Checks), res.Checks)
		}
	}
}

func TestEvaluateRefusesWhatItCannotEvaluate(t *testing.T) {
	tests := []struct {
		name    string
		ruleSet eligibility.RuleSet
		request eligibility.Request
		code    string
	}{
		{"no rule set", eligibility.Select("hd", day(2025, 3, 1)), postgrad(day(2025, 3, 1)), eligibility.CodeRuleSet},
		{"unknown kind", mustRuleSet(t, nd101), eligibility.Request{Kind: "hoi_thao", Date: day(2025, 3, 1)}, eligibility.CodeRequest},
		{"no date", mustRuleSet(t, nd101), postgrad(events.Date{}), eligibility.CodeRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := eligibility.Evaluate(tt.ruleSet, official(), tt.request)
			if res.Eligible || len(res.Checks) != 1 || res.Checks[0].Code != tt.code || res.Checks[0].Passed {
				t.Errorf("result = %+v, want one failed %s check", res, tt.code)
			}
		})
	}
}

// TestSwitchOnFirstJuly2025: a công chức of 42 with a 3x commitment is
// refused on 30/06/2025 (101: ≤40) and admitted on 01/07/2025 (171: ≤45).
func TestSwitchOnFirstJuly2025(t *testing.T) {
	s := official()
	s.BirthDate = day(1983, 1, 1)
	for _, tt := range []struct {
		date     events.Date
		ruleSet  string
		eligible bool
	}{{day(2025, 6, 30), nd101, false}, {day(2025, 7, 1), nd171, true}} {
		r := postgrad(tt.date)
		res := eligibility.Evaluate(eligibility.Select(s.Category, tt.date), s, r)
		if res.RuleSet != tt.ruleSet || res.RuleSetVersion != 1 || res.Eligible != tt.eligible {
			t.Errorf("%v: rule set %s v%d eligible %v, want %s v1 %v; failed %+v",
				tt.date, res.RuleSet, res.RuleSetVersion, res.Eligible, tt.ruleSet, tt.eligible, res.Failed())
		}
	}
}

func TestEvaluateIsDeterministic(t *testing.T) {
	s := official()
	for y := 2000; y < 2026; y++ {
		s.Ratings[strconv.Itoa(y)] = "tot"
	}
	for _, r := range []eligibility.Request{postgrad(day(2025, 3, 1)), abroad(day(2025, 3, 1))} {
		rs := eligibility.Select(s.Category, r.Date)
		first := eligibility.Evaluate(rs, s, r)
		firstJSON, _ := json.Marshal(first)
		for range 50 {
			again := eligibility.Evaluate(rs, s, r)
			againJSON, _ := json.Marshal(again)
			if !reflect.DeepEqual(first, again) || !bytes.Equal(firstJSON, againJSON) {
				t.Fatalf("results differ:\n%s\n%s", firstJSON, againJSON)
			}
		}
	}
}
