package eligibility

import (
	"fmt"

	"daotao/events"
)

// Check codes. They are stable: decisions record them.
const (
	CodeRuleSet             = "rule_set" // no rule set applies
	CodeRequest             = "request"  // the request cannot be evaluated
	CodeInTargetGroups      = "in_target_groups"
	CodePlanningPoolOrPlan  = "planning_pool_or_plan"
	CodeContentPriority     = "content_priority"
	CodeServiceYears        = "service_years"
	CodeProbationFinished   = "probation_finished"
	CodeRatingsTwoYears     = "ratings_two_years"
	CodeAgeFirstPostgrad    = "age_first_postgrad"
	CodeCommitment          = "commitment"
	CodeFieldFits           = "field_fits"
	CodeQuotaGroup          = "quota_group"
	CodeWorkingLifeLeft     = "working_life_left"
	CodeNoPendingDiscipline = "no_pending_discipline"
	CodeNotTravelBarred     = "not_travel_barred"
	CodeRatingPreviousYear  = "rating_previous_year"
)

// Check is the outcome of one rule. Detail says in Vietnamese what was
// compared with what, and ends with ": đạt" or ": không đạt".
type Check struct {
	Code   string `json:"code"`
	Passed bool   `json:"passed"`
	Detail string `json:"detail"`
}

// Result is the outcome of Evaluate: the rule set and version applied and
// every check made. Eligible is true when every check passed.
type Result struct {
	Eligible       bool    `json:"eligible"`
	RuleSet        string  `json:"rule_set"`
	RuleSetVersion int     `json:"rule_set_version"`
	Checks         []Check `json:"checks"`
}

// Failed returns the checks that did not pass.
func (r Result) Failed() []Check {
	var out []Check
	for _, c := range r.Checks {
		if !c.Passed {
			out = append(out, c)
		}
	}
	return out
}

// Record returns the result as a decision event records it.
func (r Result) Record() events.Eligibility {
	checks := make([]events.EligibilityCheck, len(r.Checks))
	for i, c := range r.Checks {
		checks[i] = events.EligibilityCheck{Code: c.Code, Passed: c.Passed, Detail: c.Detail}
	}
	return events.Eligibility{Eligible: r.Eligible, RuleSet: r.RuleSet, RuleSetVersion: r.RuleSetVersion, Checks: checks}
}

// Evaluate applies rs to subject s and request r. It makes every check of
// the kind of request, failing each one whose facts are missing, and never
// stops at the first failure. Refresher courses get the programme checks,
// plus the Điều 32 checks when abroad; postgraduate study gets the
// programme checks and the Điều 6 checks. A zero rule set, an unknown kind
// or a zero date gives a single failed check (CodeRuleSet, CodeRequest).
// Evaluate applies rs as given even outside its effective dates, so that a
// nomination can be re-evaluated under other rules; use Select to choose.
func Evaluate(rs RuleSet, s Subject, r Request) Result {
	res := Result{RuleSet: rs.ID, RuleSetVersion: rs.Version, Checks: checksFor(rs, s, r)}
	res.Eligible = len(res.Failed()) == 0
	return res
}

func checksFor(rs RuleSet, s Subject, r Request) []Check {
	if rs.ID == "" {
		return []Check{fail(CodeRuleSet, fmt.Sprintf("Không có bộ quy tắc áp dụng cho loại %q", s.Category))}
	}
	if msg := r.problem(); msg != "" {
		return []Check{fail(CodeRequest, msg)}
	}
	out := programmeChecks(s, r)
	switch {
	case r.Kind == KindPostgraduate:
		out = append(out, postgradChecks(rs.Postgrad, s, r)...)
	case r.Abroad:
		out = append(out, abroadChecks(rs.Abroad, s, r)...)
	}
	return out
}

// problem returns why r cannot be evaluated, or "".
func (r Request) problem() string {
	switch {
	case r.Kind != KindRefresher && r.Kind != KindPostgraduate:
		return fmt.Sprintf("Loại hình cử %q không hợp lệ; phải là boi_duong (bồi dưỡng) hoặc sau_dai_hoc (đào tạo sau đại học)", r.Kind)
	case r.Date.IsZero():
		return "Chưa có ngày cử đi đào tạo, bồi dưỡng"
	}
	return ""
}

// check returns a check whose detail ends with the verdict.
func check(code string, passed bool, detail string) Check {
	verdict := "không đạt"
	if passed {
		verdict = "đạt"
	}
	return Check{Code: code, Passed: passed, Detail: detail + ": " + verdict}
}

func fail(code, detail string) Check { return check(code, false, detail) }

func pass(code, detail string) Check { return check(code, true, detail) }
