package projections_test

import (
	"testing"

	"daotao/events"
	"daotao/projections"
)

// TestCheckFindsCourseOverCapacity writes, bypassing the application, a
// course of 1 seat with 2 seats taken: Check reports it; with one it is
// sound.
func TestCheckFindsCourseOverCapacity(t *testing.T) {
	actor := events.Actor{UserID: "u-1", Username: "soyte", Role: "agency", Agency: "so_y_te"}
	subject := events.Subject(events.AggregateCourse, "c-1")
	log := newCheckLog(t)
	var last uint64
	add := func(p events.Payload) { last = log.add(subject, actor, p) }
	add(&events.CoursePlanned{CourseID: "c-1", ProgrammeID: "p-1", AgencyCode: "so_y_te", Format: events.CourseSeminar,
		CourseDetails: events.CourseDetails{Title: "Hội thảo", Capacity: 1}})
	add(&events.CourseOpened{})
	add(&events.CourseSeatTaken{SeatHolder: events.SeatHolder{NominationID: "n-1", AgencyCode: "so_y_te", OfficialID: "o-1"}})
	check := log.check
	if vs := check(); len(vs) != 0 {
		t.Fatalf("a course within its capacity: %v", vs)
	}
	add(&events.CourseSeatTaken{SeatHolder: events.SeatHolder{NominationID: "n-2", AgencyCode: "so_y_te", OfficialID: "o-2"}})
	vs := check()
	if len(vs) != 1 || vs[0].Invariant != projections.InvCourseSeats || vs[0].Seq != last {
		t.Errorf("violations %v, want one %s at seq %d", vs, projections.InvCourseSeats, last)
	}
}
