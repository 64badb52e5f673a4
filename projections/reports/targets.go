package reports

import "daotao/domain/programme"

// targets lists every target of the reference data in force on the cut's
// day, with the roster of the 4 groups, the people a share target needs,
// how many it has and how many are still needed. Measures the log cannot
// count yet (delegations abroad, expert teams) leave achieved and left
// empty.
func targets(in Input) (Table, error) {
	t := Table{Columns: []string{"id", "measure", "percent", "per_year", "from", "deadline", "roster", "needed", "achieved", "left"}}
	ref, ok := in.State.ReferenceAsOf(in.Cut.Day())
	if !ok {
		t.Note = noReference(in)
		return t, nil
	}
	p := in.State.ProgressAt(in.Cut.Time())
	achieved := map[string]int{programme.MeasureRefresherTrained: p.Refresher,
		programme.MeasurePostgradSent: p.PostgradSent, programme.MeasurePostgradDegree: p.PostgradDegree}
	for _, tg := range ref.Doc.Targets {
		got, counted := achieved[tg.Measure]
		done, left := Str(""), Str("")
		if counted && tg.Percent > 0 {
			done, left = Int(got), Int(tg.Gap(p.Roster, got))
		}
		t.add(Str(tg.ID), Str(tg.Measure), Int(tg.Percent), Int(tg.PerYear), Str(tg.From.String()), Str(tg.Deadline.String()),
			Int(p.Roster), Int(tg.PeopleNeeded(p.Roster)), done, left)
	}
	return t, nil
}
