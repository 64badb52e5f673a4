package projections

import (
	"iter"
	"math"
	"slices"
	"time"

	"daotao/domain"
)

// readIndex is a compact copy of what the queue, the nomination lists and
// the dashboard read of every official and nomination, in registration and
// creation order, kept up to date by apply. On top of the rows it keeps
// each official's nominations (a list through the rows), the queue's
// nominations in submission order per status, stage, agency and group
// (queue_index.go) and the dashboard's counts (progress_index.go), so that
// those queries read what they answer instead of every row. The zero value
// is ready.
type readIndex struct {
	officials    []officialRow
	officialAt   map[string]int32 // official id → row
	nominations  []nominationRow  // parallel to State.order
	nominationAt map[string]int32 // nomination id → row
	// pending are the rows of the nominations of an official not
	// registered yet, by official id, in creation order.
	pending  map[string][]int32
	queue    queueIndex    // queue_index.go
	progress progressIndex // progress_index.go
}

// officialRow is what the dashboard reads of an official.
type officialRow struct {
	o          *domain.Official // as State.officials holds it
	registered time.Time
	group      int
	degree     bool // holds a master's or a doctorate
	// first and last are the rows of the official's first and last
	// nominations (linked by nominationRow.next), -1 when it has none.
	first, last int32
}

// groupUnknown is the group a nomination is filed under while its official
// is unknown: no group filter matches it.
const groupUnknown = math.MinInt32

// nominationRow is what the queue and the dashboard read of a nomination.
type nominationRow struct {
	n          *domain.Nomination
	officialID string
	submitted  time.Time
	decided    time.Time
	// clock is the nomination's stay in its stage, as deadlineBook.clocks
	// holds it (nil when it awaits no stage): found with the row.
	clock    *domain.StageClock
	official int32 // row of the official, -1 while it is unknown
	next     int32 // row of the official's next nomination, -1 for none
	// agency, group and stage are what the queue files the row under
	// (queue_index.go): the interned agency, the official's group
	// (groupUnknown while it is unknown) and the interned stage awaited.
	agency   int32
	group    int32
	stage    uint16
	status   uint16 // interned (queueIndex.statuses)
	postgrad bool
}

// officialIn records the state of official id after an event: of the one
// at row i when ok, of a new one otherwise; registered is the time of its
// first event. It returns the row. The caller has looked id up in
// officialAt (State.canonicalID).
func (x *readIndex) officialIn(i int32, ok bool, id string, o *domain.Official, registered time.Time) int32 {
	var before contribution
	if ok {
		before = x.contribution(i)
	} else {
		if x.officialAt == nil {
			x.officialAt = map[string]int32{}
		}
		i = int32(len(x.officials))
		x.officialAt[id] = i
		x.officials = append(x.officials, officialRow{o: o, registered: registered, first: -1, last: -1})
	}
	row := &x.officials[i]
	regroup := !ok || row.group != o.Group
	row.group = o.Group
	row.degree = o.Qualification == "thac_si" || o.Qualification == "tien_si"
	if !ok {
		x.adopt(id, i)
	}
	if regroup {
		for j := row.first; j >= 0; j = x.nominations[j].next {
			f := x.filing(j)
			f.group = groupOf(row.group)
			x.refile(j, f)
		}
	}
	x.progress.move(before, x.contribution(i))
	return i
}

// groupOf is the group a nomination of an official of group g is filed
// under.
func groupOf(g int) int32 {
	if g <= groupUnknown || g > math.MaxInt32 {
		return groupUnknown
	}
	return int32(g)
}

// nominationIn records the state of nomination id after an event: of the
// one at row i when ok, of a new one otherwise. It returns the row. The
// caller has looked id up in nominationAt (State.canonicalID).
func (x *readIndex) nominationIn(i int32, ok bool, id string, n *domain.Nomination) int32 {
	if !ok {
		if x.nominationAt == nil {
			x.nominationAt = map[string]int32{}
		}
		i = int32(len(x.nominations))
		x.nominationAt[id] = i
		x.nominations = append(x.nominations, nominationRow{n: n, official: -1, next: -1, agency: -1, group: groupUnknown,
			status: x.queue.statusIndex("")})
	}
	oid := n.OfficialID()
	relink := !ok || x.nominations[i].officialID != oid
	if relink && ok {
		x.unlink(i)
	}
	row := &x.nominations[i]
	row.officialID = oid
	// Only approved nominations count in their official's contribution:
	// it is taken before the row joins the official's list.
	o := row.official
	if relink {
		o = x.officialOf(oid)
	}
	counts := o >= 0 && (x.queue.statuses[row.status] == domain.StatusApproved || n.Status() == domain.StatusApproved)
	var before contribution
	if counts {
		before = x.contribution(o)
	}
	if relink {
		x.link(i)
	}
	f := filing{status: x.queue.statusIndex(n.Status()), submitted: n.SubmittedAt(), agency: -1, group: groupUnknown}
	if row.official >= 0 {
		f.group = groupOf(x.officials[row.official].group)
	}
	if x.queue.queued(f.status) {
		f.stage, f.agency = x.queue.stageIndex(n.Stage()), x.queue.agencyIndex(n.AgencyCode())
	}
	x.refile(i, f)
	row.postgrad, row.decided = n.Kind() == domain.KindPostgraduate, n.DecidedAt()
	if counts {
		x.progress.move(before, x.contribution(o))
	}
	return i
}

// link adds nomination row i to the list of its official, or to the
// pending ones while the official is unknown, in creation order. The
// caller refiles the row under the official's group.
func (x *readIndex) link(i int32) {
	row := &x.nominations[i]
	o, ok := x.officialAt[row.officialID]
	if !ok {
		if x.pending == nil {
			x.pending = map[string][]int32{}
		}
		p := x.pending[row.officialID]
		at, _ := slices.BinarySearch(p, i)
		x.pending[row.officialID] = slices.Insert(p, at, i)
		row.official = -1
		return
	}
	row.official = o
	off := &x.officials[o]
	switch {
	case off.last < 0:
		off.first, off.last, row.next = i, i, -1
	case off.last < i:
		x.nominations[off.last].next, off.last, row.next = i, i, -1
	default: // an older row changing official: keep creation order
		prev := int32(-1)
		j := off.first
		for j >= 0 && j < i {
			prev, j = j, x.nominations[j].next
		}
		row.next = j
		if prev < 0 {
			off.first = i
		} else {
			x.nominations[prev].next = i
		}
	}
}

// unlink removes nomination row i from its official's list or the pending
// ones, and from the queue's group sets.
func (x *readIndex) unlink(i int32) {
	row := &x.nominations[i]
	if row.official < 0 {
		p := x.pending[row.officialID]
		if at, found := slices.BinarySearch(p, i); found {
			p = slices.Delete(p, at, at+1)
		}
		if len(p) == 0 {
			delete(x.pending, row.officialID)
		} else {
			x.pending[row.officialID] = p
		}
	} else {
		off := &x.officials[row.official]
		before := x.contribution(row.official)
		prev := int32(-1)
		for j := off.first; j >= 0 && j != i; j = x.nominations[j].next {
			prev = j
		}
		if prev < 0 {
			off.first = row.next
		} else {
			x.nominations[prev].next = row.next
		}
		if off.last == i {
			off.last = prev
		}
		row.next = -1
		x.progress.move(before, x.contribution(row.official))
	}
	f := x.filing(i)
	f.group = groupUnknown
	x.refile(i, f)
	row.official = -1
}

// adopt links the pending nominations of official id, now registered as
// row o.
func (x *readIndex) adopt(id string, o int32) {
	p, ok := x.pending[id]
	if !ok {
		return
	}
	delete(x.pending, id)
	for _, i := range p {
		x.link(i)
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

// candidates yields the rows (and their positions) that may match f, in
// creation order: those
// with a status f asks for and, when f names an official, of that
// official (read from the official's list). The caller still applies the
// whole filter.
func (x *readIndex) candidates(f NominationFilter) iter.Seq2[int32, *nominationRow] {
	return func(yield func(int32, *nominationRow) bool) {
		keep := func(row *nominationRow) bool {
			return len(f.Status) == 0 || slices.Contains(f.Status, x.queue.statuses[row.status])
		}
		if f.OfficialID != "" {
			if o, ok := x.officialAt[f.OfficialID]; ok {
				for j := x.officials[o].first; j >= 0; j = x.nominations[j].next {
					if row := &x.nominations[j]; keep(row) && !yield(j, row) {
						return
					}
				}
				return
			}
			for _, j := range x.pending[f.OfficialID] {
				if row := &x.nominations[j]; keep(row) && !yield(j, row) {
					return
				}
			}
			return
		}
		for i := range x.nominations {
			if row := &x.nominations[i]; keep(row) && !yield(int32(i), row) {
				return
			}
		}
	}
}

// approvedAt counts the officials of the roster at t with an approved
// refresher nomination, and with an approved postgraduate one, decided by
// t, scanning every row. ProgressAt reads progressIndex instead; this is
// what it falls back to, and what the tests compare it with.
func (x *readIndex) approvedAt(t time.Time) (refresher, postgrad int) {
	const refreshed, sent = 1, 2
	seen := make([]uint8, len(x.officials))
	for i := range x.nominations {
		row := &x.nominations[i]
		if x.queue.statuses[row.status] != domain.StatusApproved || row.decided.IsZero() || row.decided.After(t) {
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
