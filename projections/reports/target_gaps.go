package reports

import (
	"strconv"

	"daotao/domain"
	"daotao/domain/programme"
)

// gapDimensions are the breakdowns of target_gaps, in order. Each value's
// roster is the officials of the four groups with that value.
var gapDimensions = []dimension{
	{"group", []string{"1", "2", "3", "4"}, func(o domain.OfficialView) string { return strconv.Itoa(o.Group) }},
	{"agency", nil, func(o domain.OfficialView) string { return o.AgencyCode }},
	{"category", []string{domain.CategoryCBCC, domain.CategoryVC}, func(o domain.OfficialView) string { return o.Category }},
	{"field", domain.Fields, func(o domain.OfficialView) string { return o.Field }},
	{"gender", []string{domain.GenderMale, domain.GenderFemale}, func(o domain.OfficialView) string { return o.Gender }},
}

// targetGaps computes every share target in force on the cut's day for the
// whole roster (dimension "all") and for each group, agency, category,
// field and gender: the roster, the people the target needs (its percent of
// that roster, rounded up), how many count already and how many are still
// needed. A breakdown's "needed" is the target applied to that part of the
// roster, so the parts' figures may add up to a little more than the
// whole's (each is rounded up).
func targetGaps(in Input) (Table, error) {
	t := Table{Columns: []string{"target", "measure", "percent", "deadline", "dimension", "value", "roster", "needed", "achieved", "left"}}
	ref, ok := in.State.ReferenceAsOf(in.Cut.Day())
	if !ok {
		t.Note = noReference(in)
		return t, nil
	}
	f := gather(in)
	roster := f.roster()
	for _, tg := range ref.Doc.Targets {
		counts := f.counter(tg.Measure)
		if counts == nil || tg.Percent <= 0 {
			continue
		}
		row := func(dim, value string, match func(domain.OfficialView) bool) {
			size, got := 0, 0
			for _, o := range roster {
				if match(o) {
					size++
					if counts(o) {
						got++
					}
				}
			}
			t.add(Str(tg.ID), Str(tg.Measure), Int(tg.Percent), Str(tg.Deadline.String()), Str(dim), Str(value),
				Int(size), Int(tg.PeopleNeeded(size)), Int(got), Int(tg.Gap(size, got)))
		}
		row("all", "all", func(domain.OfficialView) bool { return true })
		for _, d := range gapDimensions {
			for _, v := range values(d, roster) {
				row(d.name, v, func(o domain.OfficialView) bool { return d.of(o) == v })
			}
		}
	}
	return t, nil
}

// counter returns whether an official counts towards a share target of
// measure, or nil for a measure that is not counted per official.
func (f *facts) counter(measure string) func(domain.OfficialView) bool {
	switch measure {
	case programme.MeasureRefresherTrained:
		return func(o domain.OfficialView) bool { return f.refreshed[o.ID] }
	case programme.MeasurePostgradSent:
		return func(o domain.OfficialView) bool { return f.sent[o.ID] }
	case programme.MeasurePostgradDegree:
		return degree
	}
	return nil
}

// targetsByYear computes each share target at the end of every year of the
// programme up to the cut (the cut's year at the cut): the roster then, the
// people needed, how many counted by then (approved by then; for the degree,
// the qualification as of the cut) and how many are still needed, and
// whether the year is past the target's deadline.
func targetsByYear(in Input) (Table, error) {
	t := Table{Columns: []string{"target", "measure", "percent", "deadline", "year", "roster", "needed", "achieved", "left", "share_permille"}}
	ref, ok := in.State.ReferenceAsOf(in.Cut.Day())
	if !ok {
		t.Note = noReference(in)
		return t, nil
	}
	f := gather(in)
	for _, tg := range ref.Doc.Targets {
		if tg.Percent <= 0 {
			continue
		}
		for _, y := range f.programmeYears() {
			if y > tg.Deadline.Time().Year() || y > f.day.Time().Year() {
				continue
			}
			at := endOfYear(y)
			if at.After(f.at) {
				at = f.at
			}
			p := in.State.ProgressAt(at)
			got := 0
			switch tg.Measure {
			case programme.MeasureRefresherTrained:
				got = f.countedBy(domain.KindRefresher, at)
			case programme.MeasurePostgradSent:
				got = f.countedBy(domain.KindPostgraduate, at)
			case programme.MeasurePostgradDegree:
				got = p.PostgradDegree
			default:
				continue
			}
			share := 0
			if p.Roster > 0 {
				share = got * 1000 / p.Roster
			}
			t.add(Str(tg.ID), Str(tg.Measure), Int(tg.Percent), Str(tg.Deadline.String()), Int(y),
				Int(p.Roster), Int(tg.PeopleNeeded(p.Roster)), Int(got), Int(tg.Gap(p.Roster, got)), Int(share))
		}
	}
	return t, nil
}
