package projections

import (
	"iter"
	"slices"
	"time"

	"daotao/domain"
)

// readIndex is a compact copy of what the queue, the nomination lists and
// the dashboard read of every official and nomination, in registration and
// creation order, kept up to date by apply. Those queries scan these small
// contiguous rows instead of following a pointer (and, for the dashboard,
// two map lookups) per record: at 150,000 officials and 250,000
// nominations that was most of their time. The zero value is ready.
type readIndex struct {
	officials    []officialRow
	officialAt   map[string]int32 // official id → row
	nominations  []nominationRow  // parallel to State.order
	nominationAt map[string]int32 // nomination id → row
}

// officialRow is what the dashboard reads of an official.
type officialRow struct {
	registered time.Time
	group      int
	degree     bool // holds a master's or a doctorate
}

// nominationRow is what the queue and the dashboard read of a nomination.
type nominationRow struct {
	n          *domain.Nomination
	officialID string
	official   int32 // row of the official, -1 while it is unknown
	status     domain.Status
	submitted  time.Time
	decided    time.Time
	postgrad   bool
}

// official records the state of official id after an event; registered is
// the time of its first event.
func (x *readIndex) official(id string, o *domain.Official, registered time.Time) {
	if x.officialAt == nil {
		x.officialAt = map[string]int32{}
	}
	i, ok := x.officialAt[id]
	if !ok {
		i = int32(len(x.officials))
		x.officialAt[id] = i
		x.officials = append(x.officials, officialRow{registered: registered})
	}
	x.officials[i].group = o.Group
	x.officials[i].degree = o.Qualification == "thac_si" || o.Qualification == "tien_si"
}

// nomination records the state of nomination id after an event.
func (x *readIndex) nomination(id string, n *domain.Nomination) {
	if x.nominationAt == nil {
		x.nominationAt = map[string]int32{}
	}
	i, ok := x.nominationAt[id]
	if !ok {
		i = int32(len(x.nominations))
		x.nominationAt[id] = i
		x.nominations = append(x.nominations, nominationRow{n: n, official: -1})
	}
	row := &x.nominations[i]
	row.officialID, row.status, row.postgrad = n.OfficialID(), n.Status(), n.Kind() == domain.KindPostgraduate
	row.submitted, row.decided = n.SubmittedAt(), n.DecidedAt()
	if row.official < 0 {
		row.official = x.officialOf(row.officialID)
	}
}

// officialOf returns the row of official id, or -1.
func (x *readIndex) officialOf(id string) int32 {
	if i, ok := x.officialAt[id]; ok {
		return i
	}
	return -1
}

// rosterAt reports whether official row i counts in the roster of the four
// groups at time t.
func (x *readIndex) rosterAt(i int32, t time.Time) bool {
	o := &x.officials[i]
	return o.group >= 1 && o.group <= 4 && !o.registered.After(t)
}

// candidates yields the rows that may match f, in creation order: those
// with a status f asks for and, when f names an official, of that
// official. The caller still applies the whole filter.
func (x *readIndex) candidates(f NominationFilter) iter.Seq[*nominationRow] {
	official := int32(-1)
	if f.OfficialID != "" {
		official = x.officialOf(f.OfficialID)
	}
	return func(yield func(*nominationRow) bool) {
		for i := range x.nominations {
			row := &x.nominations[i]
			if len(f.Status) > 0 && !slices.Contains(f.Status, row.status) {
				continue
			}
			// A row whose official was unknown when it was last written is
			// compared by id.
			if f.OfficialID != "" && !(official >= 0 && row.official == official) &&
				!(row.official < 0 && row.officialID == f.OfficialID) {
				continue
			}
			if !yield(row) {
				return
			}
		}
	}
}

// approvedAt counts the officials of the roster at t with an approved
// refresher nomination, and with an approved postgraduate one, decided by
// t.
func (x *readIndex) approvedAt(t time.Time) (refresher, postgrad int) {
	const refreshed, sent = 1, 2
	seen := make([]uint8, len(x.officials))
	for i := range x.nominations {
		row := &x.nominations[i]
		if row.status != domain.StatusApproved || row.decided.IsZero() || row.decided.After(t) {
			continue
		}
		o := row.official
		if o < 0 {
			o = x.officialOf(row.officialID)
		}
		if o < 0 || !x.rosterAt(o, t) {
			continue
		}
		flag := uint8(refreshed)
		if row.postgrad {
			flag = sent
		}
		if seen[o]&flag != 0 {
			continue
		}
		seen[o] |= flag
		if row.postgrad {
			postgrad++
		} else {
			refresher++
		}
	}
	return refresher, postgrad
}
