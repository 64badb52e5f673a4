package eligibility_test

import (
	"encoding/json"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"daotao/domain/eligibility"
	"daotao/events"
)

func TestResultJSON(t *testing.T) {
	res := eligibility.Evaluate(mustRuleSet(t, nd101), official(), postgrad(day(2025, 3, 1)))
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if keys := sortedKeys(got); !slices.Equal(keys, []string{"checks", "eligible", "rule_set", "rule_set_version"}) {
		t.Errorf("result keys = %v", keys)
	}
	if got["eligible"] != true || got["rule_set"] != nd101 || got["rule_set_version"] != 1.0 {
		t.Errorf("result = %s", b)
	}
	checks, _ := got["checks"].([]any)
	if len(checks) != len(res.Checks) {
		t.Fatalf("checks = %s", b)
	}
	for _, c := range checks {
		m, _ := c.(map[string]any)
		if keys := sortedKeys(m); !slices.Equal(keys, []string{"code", "detail", "passed"}) {
			t.Errorf("check keys = %v", keys)
		}
	}
}

func sortedKeys(m map[string]any) []string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// TestDetailsReadAsVietnamese: every detail ends with its verdict and
// writes dates as dd/mm/yyyy, never as YYYY-MM-DD.
func TestDetailsReadAsVietnamese(t *testing.T) {
	iso := regexp.MustCompile(`\d{4}-\d{2}-\d{2}`)
	s := official()
	s.Ratings = map[string]string{"2024": "hoan_thanh"}
	for _, r := range []eligibility.Request{postgrad(day(2025, 3, 1)), abroad(day(2025, 3, 1)), postgrad(day(2025, 8, 1))} {
		for _, c := range eligibility.Evaluate(eligibility.Select(s.Category, r.Date), s, r).Checks {
			want := ": không đạt"
			if c.Passed {
				want = ": đạt"
			}
			if !strings.HasSuffix(c.Detail, want) || (c.Passed && strings.HasSuffix(c.Detail, ": không đạt")) {
				t.Errorf("%s: detail %q does not end with %q", c.Code, c.Detail, want)
			}
			if iso.MatchString(c.Detail) {
				t.Errorf("%s: detail %q has an ISO date", c.Code, c.Detail)
			}
		}
	}
}

func TestRecord(t *testing.T) {
	res := eligibility.Evaluate(mustRuleSet(t, nd171), official(), postgrad(day(2025, 8, 1)))
	rec := res.Record()
	want, _ := json.Marshal(res)
	got, _ := json.Marshal(rec)
	if string(got) != string(want) {
		t.Errorf("Record() = %s,\nwant %s", got, want)
	}
}

func TestSubjectOf(t *testing.T) {
	p := events.OfficialProfile{
		FullName: "Lê Văn Tám", Group: 2, Category: "vc", BirthDate: day(1980, 1, 2), Gender: "nam",
		ServiceStart: day(2005, 1, 1), Qualification: "thac_si", Field: "y_te",
		OfficialFacts: events.OfficialFacts{
			Ratings: map[string]string{"2024": "tot"}, ProbationEnd: day(2006, 1, 1), InPlanningPool: true,
			Discipline: "none", PriorPostgradNomination: true, EthnicMinority: true, TravelBarred: true,
		},
	}
	got := eligibility.SubjectOf(p)
	want := eligibility.Subject{
		Category: "vc", Group: 2, BirthDate: day(1980, 1, 2), Gender: "nam", ServiceStart: day(2005, 1, 1),
		ProbationEnd: day(2006, 1, 1), Ratings: map[string]string{"2024": "tot"}, InPlanningPool: true,
		Discipline: "none", PriorPostgradNomination: true, TravelBarred: true, Field: "y_te",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("SubjectOf = %+v,\nwant %+v", got, want)
	}
	p.Ratings["2024"] = "hoan_thanh"
	if got.Ratings["2024"] != "tot" {
		t.Error("SubjectOf shares the ratings map with the profile")
	}
}
