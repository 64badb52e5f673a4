package projections_test

import (
	"testing"

	"daotao/domain"
	"daotao/events"
	"daotao/projections"
)

// TestCoursesProjection folds programmes and courses: visibility of drafts,
// course filters and order, participants and the course of a nomination.
func TestCoursesProjection(t *testing.T) {
	s := projections.New()
	seq := uint64(0)
	apply := func(aggregate, id string, p events.Payload) {
		t.Helper()
		seq++
		if err := s.Apply(record(t, seq, events.Subject(aggregate, id), p)); err != nil {
			t.Fatal(err)
		}
	}
	for _, id := range []string{"p-draft", "p-ok"} {
		apply(events.AggregateProgramme, id, &events.ProgrammeDrafted{ProgrammeID: id, AgencyCode: "so_y_te", ContentCode: "C.1",
			ProgrammeDetails: events.ProgrammeDetails{Title: id, Year: 2026}})
	}
	for _, p := range []events.Payload{&events.ProgrammeSubmitted{}, &events.ProgrammeReviewed{}, &events.ProgrammeApproved{}} {
		apply(events.AggregateProgramme, "p-ok", p)
	}
	plan := func(id, format string, start events.Date) {
		apply(events.AggregateCourse, id, &events.CoursePlanned{CourseID: id, ProgrammeID: "p-ok", AgencyCode: "so_y_te", ContentCode: "C.1",
			Format: format, CourseDetails: events.CourseDetails{Title: id, StartDate: start, EndDate: start.AddDate(0, 0, 3), Capacity: 2}})
	}
	plan("c-late", events.CourseSeminar, events.NewDate(2026, 9, 1))
	plan("c-early", events.CoursePostgraduate, events.NewDate(2026, 3, 2))
	apply(events.AggregateCourse, "c-late", &events.CourseOpened{})
	apply(events.AggregateCourse, "c-late", &events.CourseSeatTaken{SeatHolder: events.SeatHolder{NominationID: "n-1", AgencyCode: "ubnd_tam_ky", OfficialID: "o-1"}})
	apply(events.AggregateCourse, "c-late", &events.CourseWaitlisted{SeatHolder: events.SeatHolder{NominationID: "n-2", AgencyCode: "so_y_te", OfficialID: "o-2"}})

	tamky := events.Actor{Role: "agency", Agency: "ubnd_tam_ky"}
	visible := func(g *domain.TrainingProgramme) bool { return g.VisibleTo(tamky) }
	if got, total := s.Programmes(projections.ProgrammeFilter{Visible: visible}, projections.Page{}); total != 1 || got[0].ID != "p-ok" {
		t.Errorf("another agency sees %d programmes (%v); want only the approved one", total, got)
	}
	if _, total := s.Programmes(projections.ProgrammeFilter{Status: []domain.ProgrammeStatus{domain.ProgrammeDraft}}, projections.Page{}); total != 1 {
		t.Errorf("drafts: %d, want 1", total)
	}
	all, total := s.Courses(projections.CourseFilter{}, projections.Page{})
	if total != 2 || all[0].ID != "c-early" || all[1].SeatsTaken != 1 || all[1].Waitlisted != 1 {
		t.Errorf("courses %+v; want c-early first, c-late with 1 seated and 1 waiting", all)
	}
	if _, n := s.Courses(projections.CourseFilter{Kind: domain.KindPostgraduate}, projections.Page{}); n != 1 {
		t.Errorf("postgraduate courses: %d, want 1", n)
	}
	if _, n := s.Courses(projections.CourseFilter{Status: []domain.CourseStatus{domain.CourseOpen}, Format: events.CourseSeminar}, projections.Page{}); n != 1 {
		t.Errorf("open seminars: %d, want 1", n)
	}
	if seats, ok := s.CourseParticipants("c-late"); !ok || len(seats) != 1 || seats[0].NominationID != "n-1" {
		t.Errorf("participants %+v", seats)
	}
	if id, ok := s.CourseOf("n-2"); !ok || id != "c-late" {
		t.Errorf("course of n-2: %q", id)
	}
}
