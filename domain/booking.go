package domain

import (
	"strconv"

	"daotao/events"
)

// Change is one event a decision records, on its subject, appended only if
// the subject is still at Expected. A decision that keeps an invariant
// across aggregates returns several changes, appended atomically.
type Change struct {
	Subject  string
	Expected uint64
	Payload  events.Payload
}

// Booking is a period an approved programme occupies an official.
type Booking struct {
	NominationID string
	Start, End   events.Date
}

// overlaps reports whether the closed periods [b.Start, b.End] and
// [start, end] share at least one day.
func (b Booking) overlaps(start, end events.Date) bool {
	return !b.End.Before(start) && !end.Before(b.Start)
}

// Overlapping returns a booking of the official that overlaps the period,
// other than the one of nomination except.
func (o *Official) Overlapping(start, end events.Date, except string) (Booking, bool) {
	for _, b := range o.Bookings {
		if b.NominationID != except && b.overlaps(start, end) {
			return b, true
		}
	}
	return Booking{}, false
}

// QuotaUse is how many places of one Phụ lục II quota approved nominations
// take, rebuilt from the quota's events.
type QuotaUse struct {
	Seq   uint64
	Taken map[string]string // nomination id → official id
}

// Used returns the number of places taken.
func (q *QuotaUse) Used() int {
	if q == nil {
		return 0
	}
	return len(q.Taken)
}

// Apply folds one event of the quota into its use.
func (q *QuotaUse) Apply(seq uint64, p events.Payload) {
	q.Seq = seq
	if q.Taken == nil {
		q.Taken = map[string]string{}
	}
	switch e := p.(type) {
	case *events.QuotaPlaceTaken:
		q.Taken[e.NominationID] = e.OfficialID
	case *events.QuotaPlaceReleased:
		delete(q.Taken, e.NominationID)
	case *events.QuotaPlacesReleased:
		for _, id := range e.NominationIDs {
			delete(q.Taken, id)
		}
	}
}

// Reservations returns what an approval of n must record, atomically with
// it, to keep the programme's invariants: a booking of the official's time
// (no official in two programmes whose periods overlap) and, for a
// nomination on a Phụ lục II quota, a place of that quota (no quota over its
// places). use is the quota's current use (nil when it has none yet) and
// places its size. It returns a KindConflict error naming the invariant
// that would break.
func Reservations(n *Nomination, o *Official, use *QuotaUse, places int) ([]Change, error) {
	d := n.details
	if b, clash := o.Overlapping(d.StartDate, d.EndDate, n.ID()); clash {
		return nil, &Error{Kind: KindConflict, Code: "overlapping_programme",
			Message: "Cán bộ đã được duyệt tham gia một chương trình khác trùng thời gian (" + b.Start.String() + " – " + b.End.String() +
				"); Đề án không cho cử một người đồng thời tham gia hai chương trình.",
			Fields: map[string]string{"nomination_id": b.NominationID}}
	}
	changes := []Change{{Subject: events.Subject(events.AggregateOfficial, o.OfficialID), Expected: o.Seq,
		Payload: &events.OfficialBooked{NominationID: n.ID(), StartDate: d.StartDate, EndDate: d.EndDate}}}
	if d.QuotaID == "" {
		return changes, nil
	}
	if use.Used() >= places {
		return nil, &Error{Kind: KindConflict, Code: "quota_full",
			Message: "Chỉ tiêu đào tạo sau đại học này đã dùng hết (" + itoa(use.Used()) + "/" + itoa(places) + " chỉ tiêu)."}
	}
	var seq uint64
	if use != nil {
		seq = use.Seq
	}
	return append(changes, Change{Subject: events.Subject(events.AggregateQuota, d.QuotaID), Expected: seq,
		Payload: &events.QuotaPlaceTaken{QuotaID: d.QuotaID, NominationID: n.ID(), OfficialID: o.OfficialID, Places: 1}}), nil
}

func itoa(n int) string { return strconv.Itoa(n) }
