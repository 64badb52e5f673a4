package reports

import (
	"daotao/domain"
	"daotao/domain/planning"
	"daotao/projections"
)

// planAgainstActual is the yearly plan against what was done (issue 9):
// for every year with an approved plan and every agency in it, classes
// planned, opened and completed, places planned and used, delegations
// abroad planned and sent, seminars planned and held, postgraduate places
// planned, nominated and enrolled, and costs planned, appraised by Sở Tài
// chính and actual. Courses count when opened from a line of the plan in
// force (course plan_year and plan_line_id); see planning.PlanAgainstActual.
func planAgainstActual(in Input) (Table, error) {
	t := Table{Columns: []string{"year", "agency", "classes_planned", "classes_opened", "classes_completed",
		"places_planned", "places_used", "delegations_planned", "delegations_sent", "seminars_planned", "seminars_held",
		"postgrad_planned", "postgrad_nominated", "postgrad_enrolled", "cost_planned_vnd", "cost_appraised_vnd", "cost_actual_vnd"}}
	courses := courseFacts(in.State)
	postgrad := postgradFacts(in.State)
	for _, p := range in.State.Plans() {
		for _, r := range planning.PlanAgainstActual(p, courses, postgrad) {
			t.add(Int(r.Year), Str(r.AgencyCode), Int(r.ClassesPlanned), Int(r.ClassesOpened), Int(r.ClassesCompleted),
				Int(r.PlacesPlanned), Int(r.PlacesUsed), Int(r.DelegationsPlanned), Int(r.DelegationsSent),
				Int(r.SeminarsPlanned), Int(r.SeminarsHeld), Int(r.PostgradPlanned), Int(r.PostgradNominated),
				Int(r.PostgradEnrolled), Int64(r.CostPlanned), Int64(r.CostAppraised), Int64(r.CostActual))
		}
	}
	if len(t.Rows) == 0 {
		t.Note = "Chưa có kế hoạch năm nào được phê duyệt."
	}
	return t, nil
}

// courseFacts reads what plan-against-actual needs of every course.
func courseFacts(st *projections.State) []planning.CourseFact {
	var out []planning.CourseFact
	for _, v := range courses(st) {
		if v.PlanLineID == "" {
			continue
		}
		f := planning.CourseFact{ID: v.ID, LeadAgency: v.AgencyCode, Format: v.Format, PlanYear: v.PlanYear, PlanLineID: v.PlanLineID,
			Opened:   v.Status == domain.CourseOpen || v.Status == domain.CourseClosed || v.Status == domain.CourseRunning || v.Status == domain.CourseFinished,
			Held:     v.Status == domain.CourseRunning || v.Status == domain.CourseFinished,
			Finished: v.Status == domain.CourseFinished, Seats: map[string]int{}}
		if c, ok := st.Course(v.ID); ok {
			for _, s := range c.Participants() {
				f.Seats[s.AgencyCode]++
			}
		}
		if b, ok := st.Budget(v.ID); ok {
			bv := b.View()
			f.Appraised, f.Actual = bv.ApprovedVND, bv.ActualVND
		}
		out = append(out, f)
	}
	return out
}

// postgradFacts reads every postgraduate nomination: nominated once
// submitted (and not withdrawn), enrolled once sent.
func postgradFacts(st *projections.State) []planning.PostgradFact {
	var out []planning.PostgradFact
	for _, n := range nominations(st) {
		if n.Kind != domain.KindPostgraduate || n.StartDate.IsZero() {
			continue
		}
		out = append(out, planning.PostgradFact{AgencyCode: n.AgencyCode, Year: n.StartDate.Time().Year(),
			Nominated: n.SubmittedAt != nil && n.Status != domain.StatusWithdrawn, Enrolled: wasSent(n)})
	}
	return out
}
