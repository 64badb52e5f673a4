// Package eligibility decides whether an official may be nominated for
// in-depth refresher training or postgraduate study under the Đề án and the
// law behind it. Rule sets are versioned code plus data with effective
// dates; Evaluate applies one to an official and a request and lists every
// check it made. The package is pure: it imports only the standard library
// and package events, and the date of the nomination is an input.
package eligibility

import "daotao/events"

// RuleSet is one version of the rules for one employee category, in force
// from EffectiveFrom until (not including) EffectiveTo. A change to its
// parameters is a new Version; a change of law is a new ID.
type RuleSet struct {
	ID       string `json:"id"`
	Version  int    `json:"version"`
	Category string `json:"category"`
	// Title names the legal instrument in Vietnamese.
	Title string `json:"title"`
	// Reference cites the articles applied, e.g. "Nghị định 101/2017/NĐ-CP, Điều 6".
	Reference     string      `json:"reference"`
	EffectiveFrom events.Date `json:"effective_from"`
	// EffectiveTo is the first day the set no longer applies; zero while in force.
	EffectiveTo events.Date   `json:"effective_to"`
	Postgrad    PostgradRules `json:"postgrad"`
	Abroad      AbroadRules   `json:"abroad"`
}

// PostgradRules are the conditions for postgraduate study (Điều 6).
type PostgradRules struct {
	Reference string `json:"reference"`
	// MinServiceYears is the service required, probation excluded; 0 means
	// only that probation has ended (viên chức).
	MinServiceYears int `json:"min_service_years"`
	// MaxProbationMonths is the longest probation the law allows; it bounds
	// the service count when an official's probation end is not recorded.
	MaxProbationMonths int `json:"max_probation_months"`
	// RatedYears is how many calendar years before the nomination must be
	// rated MinRating or better; 0 means no rating condition.
	RatedYears int    `json:"rated_years"`
	MinRating  string `json:"min_rating"`
	// MaxFirstAge is the oldest age, in whole years, at the first
	// postgraduate nomination; 0 means no limit.
	MaxFirstAge int `json:"max_first_age"`
	// CommitmentMultiplier is how many times the training duration the
	// official must commit to serve afterwards.
	CommitmentMultiplier int `json:"commitment_multiplier"`
}

// AbroadRules are the conditions for refresher courses abroad (Điều 32).
type AbroadRules struct {
	Reference string `json:"reference"`
	// ShortCourseMonths is the length under which a course is short.
	ShortCourseMonths int `json:"short_course_months"`
	// MinMonthsLeftShort and MinMonthsLeft are the working life, in months
	// before retirement, required for short and for other courses.
	MinMonthsLeftShort int `json:"min_months_left_short"`
	MinMonthsLeft      int `json:"min_months_left"`
	// MinRating is the least rating of the calendar year before the nomination.
	MinRating string `json:"min_rating"`
}

// Covers reports whether the rule set is in force on d.
func (rs RuleSet) Covers(d events.Date) bool {
	if d.Before(rs.EffectiveFrom) {
		return false
	}
	return rs.EffectiveTo.IsZero() || d.Before(rs.EffectiveTo)
}

// All returns every rule set, oldest first. Each call returns fresh values
// the caller may change.
func All() []RuleSet {
	return []RuleSet{nd101CBCC(), nd101VC(), nd171CBCC()}
}

// ByID returns the rule set with the given ID (its current version), and
// false when there is none.
func ByID(id string) (RuleSet, bool) {
	for _, rs := range All() {
		if rs.ID == id {
			return rs, true
		}
	}
	return RuleSet{}, false
}

// Select returns the rule set for an official of category (CategoryCBCC or
// CategoryVC) nominated on date. A date before the oldest set of the
// category gets that oldest set, the earliest law this package models. An
// unknown category gets the zero RuleSet, which Evaluate refuses.
func Select(category string, date events.Date) RuleSet {
	var oldest RuleSet
	for _, rs := range All() {
		if rs.Category != category {
			continue
		}
		if rs.Covers(date) {
			return rs
		}
		if oldest.ID == "" || rs.EffectiveFrom.Before(oldest.EffectiveFrom) {
			oldest = rs
		}
	}
	if oldest.ID != "" && date.Before(oldest.EffectiveFrom) {
		return oldest
	}
	return RuleSet{}
}
