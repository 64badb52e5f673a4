package projections_test

import (
	"context"
	"testing"
	"time"

	"daotao/events"
	"daotao/events/memstore"
	"daotao/projections"
)

// TestCheckFindsCourseOverCapacity writes, bypassing the application, a
// course of 1 seat with 2 seats taken: Check reports it; with one it is
// sound.
func TestCheckFindsCourseOverCapacity(t *testing.T) {
	store := memstore.New()
	actor := events.Actor{UserID: "u-1", Username: "soyte", Role: "agency", Agency: "so_y_te"}
	subject := events.Subject(events.AggregateCourse, "c-1")
	var last uint64
	add := func(p events.Payload) {
		t.Helper()
		e, err := events.New("e-"+time.Now().Format("150405.000000000"), subject, time.Unix(0, 0), actor, p)
		if err != nil {
			t.Fatal(err)
		}
		res, err := store.Append(context.Background(), e, last, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		last = res.Seq
	}
	add(&events.CoursePlanned{CourseID: "c-1", ProgrammeID: "p-1", AgencyCode: "so_y_te", Format: events.CourseSeminar,
		CourseDetails: events.CourseDetails{Title: "Hội thảo", Capacity: 1}})
	add(&events.CourseOpened{})
	add(&events.CourseSeatTaken{SeatHolder: events.SeatHolder{NominationID: "n-1", AgencyCode: "so_y_te", OfficialID: "o-1"}})
	check := func() []projections.Violation {
		t.Helper()
		vs, err := projections.Check(context.Background(), store, func(string) (int, bool) { return 0, false })
		if err != nil {
			t.Fatal(err)
		}
		return vs
	}
	if vs := check(); len(vs) != 0 {
		t.Fatalf("a course within its capacity: %v", vs)
	}
	add(&events.CourseSeatTaken{SeatHolder: events.SeatHolder{NominationID: "n-2", AgencyCode: "so_y_te", OfficialID: "o-2"}})
	vs := check()
	if len(vs) != 1 || vs[0].Invariant != projections.InvCourseSeats || vs[0].Seq != last {
		t.Errorf("violations %v, want one %s at seq %d", vs, projections.InvCourseSeats, last)
	}
}
