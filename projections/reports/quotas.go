package reports

// quotas lists the Phụ lục II quotas of the reference data in force on
// the cut's day, in the order of the appendix, with the places used at the
// cut's time and left.
func quotas(in Input) (Table, error) {
	t := Table{Columns: []string{"id", "row", "study_field", "agency_code", "pool", "deadline", "places", "used", "left"}}
	ref, ok := in.State.ReferenceAsOf(in.Cut.Day())
	if !ok {
		t.Note = noReference(in)
		return t, nil
	}
	for _, q := range ref.Doc.Quotas() {
		used := in.State.QuotaUsedAt(q.ID, in.Cut.Time())
		t.add(Str(q.ID), Int(q.Row), Str(q.StudyField), Str(q.AgencyCode), Str(q.Pool), Str(q.Deadline.String()),
			Int(q.Places), Int(used), Int(max(q.Places-used, 0)))
	}
	return t, nil
}
