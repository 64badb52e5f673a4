package programme

import (
	"fmt"
	"strings"
)

var measures = []string{MeasureRefresherTrained, MeasurePostgradSent, MeasurePostgradDegree, MeasureDelegationsAbroad, MeasureExpertTeams}

func (v *validator) quotas() {
	seen := map[int]bool{}
	for _, r := range v.d.QuotaRows {
		where := fmt.Sprintf("quota row %d", r.Row)
		if r.Row < 1 || seen[r.Row] {
			v.addf("%s: row number must be positive and unique", where)
		}
		seen[r.Row] = true
		if _, ok := v.d.idx.studyFields[r.StudyField]; !ok {
			v.addf("%s: unknown study field %q", where, r.StudyField)
		}
		if r.Deadline.IsZero() || r.Deadline.Before(v.d.EffectiveFrom) {
			v.addf("%s: deadline %q must be a date on or after effective_from", where, r.Deadline)
		}
		if len(r.Allocations) == 0 {
			v.addf("%s: has no allocations", where)
		}
		for i, a := range r.Allocations {
			v.allocation(fmt.Sprintf("%s allocation %d", where, i+1), r, a)
		}
	}
}

func (v *validator) allocation(where string, r QuotaRow, a Allocation) {
	if a.Select.IsZero() {
		v.addf("%s: selects no agency", where)
	}
	v.selector(where, a.Select)
	v.groupList(where+" groups_cbcc", a.GroupsCBCC)
	v.groupList(where+" groups_vc", a.GroupsVC)
	if len(a.GroupsCBCC)+len(a.GroupsVC) == 0 {
		v.addf("%s: no eligible group", where)
	}
	if a.Places < 1 {
		v.addf("%s: places %d must be at least 1", where, a.Places)
	}
	if a.Pool != "" && !isCode(a.Pool) {
		v.addf("%s: pool %q must be lower-case letters, digits and _", where, a.Pool)
	}
	agencies := v.d.Select(a.Select, v.d.EffectiveFrom)
	if len(agencies) == 0 && !a.Select.IsZero() {
		v.addf("%s: selects no agency that exists on %s", where, v.d.EffectiveFrom)
	}
	for _, q := range expand(r, a, agencies, v.d.QuotasNote) {
		if _, dup := v.d.idx.quotaByID[q.ID]; dup {
			v.addf("%s: duplicate quota id %q", where, q.ID)
			continue
		}
		v.d.idx.quotaByID[q.ID] = len(v.d.idx.quotas)
		v.d.idx.quotas = append(v.d.idx.quotas, q)
	}
}

func (v *validator) targets() {
	for i, t := range v.d.Targets {
		where := fmt.Sprintf("target %q", t.ID)
		if _, dup := v.d.idx.targets[t.ID]; dup || !isCode(t.ID) {
			v.addf("%s: id must be unique, lower-case letters, digits and _", where)
		}
		v.d.idx.targets[t.ID] = i
		if strings.TrimSpace(t.Text) == "" {
			v.addf("%s: text is missing", where)
		}
		if t.From.IsZero() || t.Deadline.IsZero() || t.Deadline.Before(t.From) {
			v.addf("%s: needs from and deadline dates, from first", where)
		}
		v.targetNumbers(where, t)
	}
}

// targetNumbers checks that t carries the numbers its measure needs, and
// only those.
func (v *validator) targetNumbers(where string, t Target) {
	v.groupList(where, t.WithGroups)
	switch t.Measure {
	case MeasureRefresherTrained, MeasurePostgradSent, MeasurePostgradDegree:
		if t.Percent < 1 || t.Percent > 100 || t.PerYear != 0 {
			v.addf("%s: a share needs a percent from 1 to 100 and no per_year", where)
		}
	case MeasureDelegationsAbroad:
		if t.PerYear < 1 || t.Percent != 0 || t.MinWithGroups > t.PerYear || (t.MinWithGroups > 0) != (len(t.WithGroups) > 0) {
			v.addf("%s: a yearly count needs per_year ≥ 1, no percent, and min_with_groups ≤ per_year with with_groups", where)
		}
	case MeasureExpertTeams:
		if t.Percent != 0 || t.PerYear != 0 {
			v.addf("%s: a qualitative target has no numbers", where)
		}
	default:
		v.addf("%s: measure %q must be one of %s", where, t.Measure, strings.Join(measures, ", "))
	}
}
