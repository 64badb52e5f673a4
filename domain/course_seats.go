package domain

import (
	"slices"
	"strconv"
	"time"

	"daotao/events"
)

// Seats of a course. A submitted nomination to a course takes a seat in
// the same atomic batch as its submission: one of its agency's reserved
// seats while any is free, else an open seat (capacity minus all
// reservations), else it goes on the waitlist. Withdrawal and rejection
// release the seat (or leave the waitlist) in the same batch, and the
// first waitlisted nomination that fits the freed seat is promoted in the
// same event; those passed over on the way are recorded with the reason.
// A return for revision keeps the seat: the agency is still sending the
// official.

// Seat-change reasons.
const (
	SeatWithdrawn = "withdrawn"
	SeatRejected  = "rejected"
)

// Reasons a waitlisted nomination is passed over.
const (
	SkipInactive    = "inactive"
	SkipOverlapping = "overlapping_programme"
)

func (c *Course) applySeat(at time.Time, p events.Payload) {
	switch e := p.(type) {
	case *events.CourseSeatTaken:
		c.seated = append(slices.Clip(c.seated), Seat{SeatHolder: e.SeatHolder, At: at})
	case *events.CourseWaitlisted:
		c.waitlist = append(slices.Clip(c.waitlist), Seat{SeatHolder: e.SeatHolder, At: at})
	case *events.CourseWaitlistLeft:
		c.waitlist = without(c.waitlist, e.NominationID)
	case *events.CourseSeatReleased:
		c.seated = without(c.seated, e.NominationID)
		var promoted []events.SeatHolder
		if e.Promoted != nil {
			promoted = append(promoted, *e.Promoted)
		}
		c.promote(at, promoted, e.Skipped)
	}
}

// promote moves promoted nominations from the waitlist to seats and takes
// the skipped ones off the waitlist.
func (c *Course) promote(at time.Time, promoted []events.SeatHolder, skipped []events.PromotionSkipped) {
	for _, s := range skipped {
		c.waitlist = without(c.waitlist, s.NominationID)
	}
	for _, h := range promoted {
		c.waitlist = without(c.waitlist, h.NominationID)
		c.seated = append(slices.Clip(c.seated), Seat{SeatHolder: h, At: at})
	}
}

func without(seats []Seat, nominationID string) []Seat {
	return slices.DeleteFunc(slices.Clone(seats), func(s Seat) bool { return s.NominationID == nominationID })
}

// reserved returns the seats kept for agency in rs.
func reserved(rs []events.SeatReservation, agency string) int {
	for _, r := range rs {
		if r.AgencyCode == agency {
			return r.Seats
		}
	}
	return 0
}

func sumReserved(rs []events.SeatReservation) int {
	n := 0
	for _, r := range rs {
		n += r.Seats
	}
	return n
}

// use counts the seats taken: reserved ones per agency, and open ones.
func (c *Course) use() (byAgency map[string]int, open int) {
	byAgency = map[string]int{}
	for _, s := range c.seated {
		if s.Reserved {
			byAgency[s.AgencyCode]++
		} else {
			open++
		}
	}
	return byAgency, open
}

// fits refuses a capacity and reservations that would not hold the seats
// already taken.
func (c *Course) fits(capacity int, rs []events.SeatReservation) error {
	byAgency, open := c.use()
	short := len(c.seated) > capacity || open > capacity-sumReserved(rs)
	for agency, n := range byAgency {
		short = short || n > reserved(rs, agency)
	}
	if short {
		return &Error{Kind: KindConflict, Code: "seats_taken",
			Message: "Số chỗ và chỗ giữ mới không đủ cho " + strconv.Itoa(len(c.seated)) + " người đã có chỗ; hãy tăng số chỗ hoặc giữ chỗ."}
	}
	return nil
}

// place says where a nomination of agency would sit now: a reserved seat,
// an open seat, or none.
func (c *Course) place(agency string) (ok, isReserved bool) {
	byAgency, open := c.use()
	if byAgency[agency] < reserved(c.details.Reservations, agency) {
		return true, true
	}
	if open < c.details.Capacity-sumReserved(c.details.Reservations) {
		return true, false
	}
	return false, false
}

// Holds reports whether nomination id holds a seat or waits for one.
func (c *Course) Holds(id string) (seated, waiting bool) {
	return slices.ContainsFunc(c.seated, func(s Seat) bool { return s.NominationID == id }),
		slices.ContainsFunc(c.waitlist, func(s Seat) bool { return s.NominationID == id })
}

// Take decides where a nomination being submitted goes: a seat (reserved
// for its agency first, then open) or, when the course is full, the
// waitlist. It returns KindConflict course_not_open unless the course
// takes nominations, and already_in_course when the official already holds
// or waits for a seat of it.
func (c *Course) Take(h events.SeatHolder) (events.Payload, error) {
	if c.status != CourseOpen {
		return nil, &Error{Kind: KindConflict, Code: "course_not_open",
			Message: "Khóa học \"" + c.details.Title + "\" không nhận đề cử (" + c.status.Label() + ")."}
	}
	for _, s := range slices.Concat(c.seated, c.waitlist) {
		if s.OfficialID == h.OfficialID || s.NominationID == h.NominationID {
			return nil, &Error{Kind: KindConflict, Code: "already_in_course",
				Message: "Cán bộ này đã có tên trong khóa học (hồ sơ " + s.NominationID + ")."}
		}
	}
	h.Waitlisted = false
	ok, isReserved := c.place(h.AgencyCode)
	if !ok {
		h.Reserved = false
		return &events.CourseWaitlisted{SeatHolder: h}, nil
	}
	h.Reserved = isReserved
	return &events.CourseSeatTaken{SeatHolder: h}, nil
}

// Candidate tells why a waitlisted nomination cannot be promoted now
// (SkipInactive, SkipOverlapping) with a Vietnamese detail, or "" when it
// can. The caller answers from the nomination's and its official's state.
type Candidate func(h events.SeatHolder) (reason, detail string)

// Release decides what a nomination leaving (reason SeatWithdrawn or
// SeatRejected) does to the course: a seat released with the automatic
// promotion from the waitlist, or the waitlist left; nil when the
// nomination holds nothing or the course has ended. Promotion happens while
// the course is open or closed: the first waitlisted nomination that fits
// the freed seat and that check admits takes it; those check refuses are
// passed over, with their reasons, and leave the waitlist.
func (c *Course) Release(nominationID, reason string, check Candidate) events.Payload {
	if c.status == CourseFinished || c.status == CourseCancelled {
		return nil
	}
	seated, waiting := c.Holds(nominationID)
	var holder events.SeatHolder
	for _, s := range slices.Concat(c.seated, c.waitlist) {
		if s.NominationID == nominationID {
			holder = s.SeatHolder
		}
	}
	switch {
	case waiting:
		return &events.CourseWaitlistLeft{NominationID: nominationID, AgencyCode: holder.AgencyCode, Reason: reason}
	case !seated:
		return nil
	}
	e := &events.CourseSeatReleased{NominationID: nominationID, AgencyCode: holder.AgencyCode, Reason: reason}
	if c.status != CourseOpen && c.status != CourseClosed {
		return e
	}
	after := *c
	after.seated = without(c.seated, nominationID)
	promoted, skipped := after.fill(check, 1)
	e.Skipped = skipped
	if len(promoted) == 1 {
		e.Promoted = &promoted[0]
	}
	return e
}

// fill seats waitlisted nominations, in order, while seats fit them, at
// most limit of them (limit < 0: no limit), passing over those check
// refuses. It changes c's seats (c is a copy being decided on) and
// returns who was promoted and who skipped.
func (c *Course) fill(check Candidate, limit int) ([]events.SeatHolder, []events.PromotionSkipped) {
	var promoted []events.SeatHolder
	var skipped []events.PromotionSkipped
	c.seated = slices.Clone(c.seated)
	for _, w := range c.waitlist {
		if limit >= 0 && len(promoted) == limit {
			break
		}
		ok, isReserved := c.place(w.AgencyCode)
		if !ok {
			continue
		}
		if why, detail := check(w.SeatHolder); why != "" {
			skipped = append(skipped, events.PromotionSkipped{NominationID: w.NominationID, AgencyCode: w.AgencyCode, Reason: why, Detail: detail})
			continue
		}
		h := w.SeatHolder
		h.Reserved, h.Waitlisted = isReserved, false
		promoted = append(promoted, h)
		c.seated = append(c.seated, Seat{SeatHolder: h})
	}
	return promoted, skipped
}

// WithPromotions completes a revision or a reservation change p decided
// on c with the promotions it allows: the seats a larger capacity (or
// smaller reservations) frees go to the waitlist in order, as when a seat
// is released. It returns p; nothing changes unless the course is open or
// closed.
func (c *Course) WithPromotions(p events.Payload, check Candidate) events.Payload {
	if c.status != CourseOpen && c.status != CourseClosed {
		return p
	}
	after := *c
	switch e := p.(type) {
	case *events.CourseRevised:
		after.details = e.CourseDetails
		e.Promoted, e.Skipped = after.fill(check, -1)
	case *events.CourseReservationsSet:
		after.details.Reservations = e.Reservations
		e.Promoted, e.Skipped = after.fill(check, -1)
	}
	return p
}
