package projections

import (
	"daotao/domain"
	"daotao/events"
)

// InvCourseSeats is the invariant that no course holds more nominations
// in its seats than its capacity.
const InvCourseSeats = "course_within_capacity"

// courseCheck folds the courses of the log for Check.
type courseCheck map[string]*domain.Course

// fold applies one course event and reports a course over its capacity.
func (cc courseCheck) fold(c *checker, r events.Recorded, id string, p events.Payload) {
	co, ok := cc[id]
	if !ok {
		co = &domain.Course{}
		cc[id] = co
	}
	co.Apply(r.Seq, r.Time, p)
	if n, capacity := len(co.Participants()), co.Details().Capacity; n > capacity {
		c.report(r, InvCourseSeats, "course %s holds %d nominations in %d seats", id, n, capacity)
	}
}
