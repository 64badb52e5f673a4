package domain

import (
	"slices"
	"time"

	"daotao/events"
)

// CourseView is a course as the API shows it. The cost estimate is in
// cost_per_person_vnd and cost_total_vnd.
type CourseView struct {
	ID          string       `json:"id"`
	ProgrammeID string       `json:"programme_id"`
	AgencyCode  string       `json:"agency_code"`
	ContentCode string       `json:"content_code"`
	Format      string       `json:"format"`
	Status      CourseStatus `json:"status"`
	events.CourseDetails
	SeatsTaken     int                  `json:"seats_taken"`
	SeatsLeft      int                  `json:"seats_left"`
	Waitlisted     int                  `json:"waitlisted"`
	CancelReason   string               `json:"cancel_reason,omitempty"`
	Changes        []events.FieldChange `json:"changes,omitempty"`
	CreatedAt      time.Time            `json:"created_at"`
	Seq            uint64               `json:"seq"`
	NominationKind string               `json:"nomination_kind"`
}

// View returns the course as the API shows it.
func (c *Course) View() CourseView {
	v := CourseView{ID: c.ID(), ProgrammeID: c.planned.ProgrammeID, AgencyCode: c.planned.AgencyCode,
		ContentCode: c.planned.ContentCode, Format: c.planned.Format, Status: c.status, CourseDetails: c.details,
		SeatsTaken: len(c.seated), SeatsLeft: max(c.details.Capacity-len(c.seated), 0), Waitlisted: len(c.waitlist),
		Changes: slices.Clone(c.changes), CreatedAt: c.createdAt, Seq: c.seq, NominationKind: KindFor(c.planned.Format)}
	v.Reservations = slices.Clone(v.Reservations)
	if c.cancelled != nil {
		v.CancelReason = c.cancelled.Reason
	}
	return v
}

// ReservationUse is one agency's reservation and how many of its seats are
// taken.
type ReservationUse struct {
	AgencyCode string `json:"agency_code"`
	Seats      int    `json:"seats"`
	Used       int    `json:"used"`
}

// SeatsView is a course's seats: capacity, reservations with their use,
// the open seats, who holds a seat and who waits, in order.
type SeatsView struct {
	CourseID     string           `json:"course_id"`
	Status       CourseStatus     `json:"status"`
	Capacity     int              `json:"capacity"`
	Taken        int              `json:"taken"`
	Left         int              `json:"left"`
	OpenSeats    int              `json:"open_seats"`
	OpenTaken    int              `json:"open_taken"`
	Reservations []ReservationUse `json:"reservations"`
	Seated       []Seat           `json:"seated"`
	Waitlist     []WaitlistEntry  `json:"waitlist"`
	// WaitlistTotal counts every waitlisted nomination, also those the
	// viewer may not see.
	WaitlistTotal int    `json:"waitlist_total"`
	Seq           uint64 `json:"seq"`
}

// WaitlistEntry is a waitlisted nomination and its place in the queue
// (1 is next).
type WaitlistEntry struct {
	Seat
	Position int `json:"position"`
}

// Seats returns the course's seats as seen by the actor: an agency
// officer other than the lead agency's sees only its own nominations in
// the lists (the counts are everyone's).
func (c *Course) Seats(a events.Actor) SeatsView {
	byAgency, open := c.use()
	v := SeatsView{CourseID: c.ID(), Status: c.status, Capacity: c.details.Capacity, Taken: len(c.seated),
		Left: max(c.details.Capacity-len(c.seated), 0), OpenSeats: max(c.details.Capacity-sumReserved(c.details.Reservations), 0),
		OpenTaken: open, Reservations: []ReservationUse{}, Seated: []Seat{}, Waitlist: []WaitlistEntry{},
		WaitlistTotal: len(c.waitlist), Seq: c.seq}
	for _, r := range c.details.Reservations {
		v.Reservations = append(v.Reservations, ReservationUse{AgencyCode: r.AgencyCode, Seats: r.Seats, Used: byAgency[r.AgencyCode]})
	}
	sees := func(s Seat) bool { return SeesAgency(a, s.AgencyCode) || a.Agency == c.planned.AgencyCode }
	for _, s := range c.seated {
		if sees(s) {
			v.Seated = append(v.Seated, s)
		}
	}
	for i, s := range c.waitlist {
		if sees(s) {
			v.Waitlist = append(v.Waitlist, WaitlistEntry{Seat: s, Position: i + 1})
		}
	}
	return v
}
