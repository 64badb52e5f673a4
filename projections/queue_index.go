package projections

import (
	"math"
	"slices"
	"time"

	"daotao/domain"
)

// queueIndex keeps the nominations a work queue lists (drafts, submitted
// and returned ones) in submission order, the order Queue answers in: one
// sorted set of rows per status and awaited stage, and the same per agency
// and per the official's group, so that the queue of a stage, filtered by
// agency or group and paginated, reads one page and a count instead of
// every nomination. apply moves a row between sets when what it is filed
// under changes (refile). The zero value is ready.
type queueIndex struct {
	sets     map[queueKey]*chunkList[queueEntry]
	count    []int           // rows per interned status
	statuses []domain.Status // interned statuses; statuses[0] is none
	stages   []domain.Role   // interned stages; stages[0] is none
	agencies []string        // interned agencies
	agencyAt map[string]int32
	// inexact is set once a submission time is outside what a queueEntry
	// holds, or there are more statuses or stages than a queueKey holds;
	// Queue then scans.
	inexact bool
}

// queueEntry is one row of a sorted set with its submission time, so that
// keeping a set in order reads the set alone: Unix nanoseconds,
// math.MinInt64 for none (a draft).
type queueEntry struct {
	at  int64
	row int32
}

// entry returns row i submitted at as a set holds it.
func (q *queueIndex) entry(i int32, at time.Time) queueEntry {
	switch {
	case at.IsZero():
		return queueEntry{at: math.MinInt64, row: i}
	case at.Before(minNanos) || at.After(maxNanos):
		q.inexact = true
	}
	return queueEntry{at: at.UnixNano(), row: i}
}

// before returns whether a set entry sorts before e: by submission time,
// then by creation.
func (e queueEntry) before(o queueEntry) bool {
	return o.at < e.at || (o.at == e.at && o.row < e.row)
}

// queueKey names one sorted set: the rows of an interned status and
// awaited stage (keyBits each), all of them (by setAll) or those of one
// agency or group (value). A number, so that finding a set is a cheap map
// lookup.
type queueKey uint64

// keyBits is how many bits of a status or stage a queueKey holds.
const keyBits = 12

func setKey(status uint16, by uint8, stage uint16, value int32) queueKey {
	const mask = 1<<keyBits - 1
	return queueKey(uint64(uint32(value)) | uint64(stage&mask)<<32 | uint64(status&mask)<<(32+keyBits) | uint64(by)<<(32+2*keyBits))
}

// What a queue set holds.
const (
	setAll uint8 = iota
	setAgency
	setGroup
)

// queued reports whether the queue index files nominations of status st.
func queued(st domain.Status) bool {
	return st == domain.StatusSubmitted || st == domain.StatusReturned || st == domain.StatusDraft
}

// filing is what a nomination row is filed under.
type filing struct {
	status    uint16 // interned
	submitted time.Time
	agency    int32
	group     int32
	stage     uint16
}

func (x *readIndex) filing(i int32) filing {
	r := &x.nominations[i]
	return filing{status: r.status, submitted: r.submitted, agency: r.agency, group: r.group, stage: r.stage}
}

// statusIndex interns status st.
func (q *queueIndex) statusIndex(st domain.Status) uint16 {
	if len(q.statuses) == 0 {
		q.statuses, q.count = append(q.statuses, ""), append(q.count, 0)
	}
	if i := slices.Index(q.statuses, st); i >= 0 {
		return uint16(i)
	}
	q.statuses, q.count = append(q.statuses, st), append(q.count, 0)
	if len(q.statuses) > 1<<keyBits {
		q.inexact = true
	}
	return uint16(len(q.statuses) - 1)
}

// stageIndex interns stage r.
func (q *queueIndex) stageIndex(r domain.Role) uint16 {
	if len(q.stages) == 0 {
		q.stages = append(q.stages, "")
	}
	if i := slices.Index(q.stages, r); i >= 0 {
		return uint16(i)
	}
	q.stages = append(q.stages, r)
	if len(q.stages) > 1<<keyBits {
		q.inexact = true
	}
	return uint16(len(q.stages) - 1)
}

// agencyIndex interns agency a.
func (q *queueIndex) agencyIndex(a string) int32 {
	if i, ok := q.agencyAt[a]; ok {
		return i
	}
	if q.agencyAt == nil {
		q.agencyAt = map[string]int32{}
	}
	i := int32(len(q.agencies))
	q.agencies = append(q.agencies, a)
	q.agencyAt[a] = i
	return i
}

// keys returns the sets a row filed under f belongs to: the first n of
// keys.
func (f filing) keys() (keys [3]queueKey, n int) {
	keys[0], keys[1] = setKey(f.status, setAll, f.stage, 0), setKey(f.status, setAgency, f.stage, f.agency)
	if f.group == groupUnknown {
		return keys, 2
	}
	keys[2] = setKey(f.status, setGroup, f.stage, f.group)
	return keys, 3
}

// queued reports whether rows of interned status code are filed.
func (q *queueIndex) queued(code uint16) bool { return queued(q.statuses[code]) }

// refile files nomination row i under f instead of what it was filed
// under, and records f in the row. A row is in the sets of its filing only
// while its status is a queued one.
func (x *readIndex) refile(i int32, f filing) {
	row := &x.nominations[i]
	old := x.filing(i)
	if old == f {
		return
	}
	q := &x.queue
	if old.status != f.status {
		if old.status != 0 { // rows start with none, not counted
			q.count[old.status]--
		}
		q.count[f.status]++
	}
	if q.queued(old.status) {
		e := q.entry(i, old.submitted)
		keys, n := old.keys()
		for _, k := range keys[:n] {
			if set := q.sets[k]; set != nil {
				set.remove(e, e.before)
			}
		}
	}
	row.status, row.submitted, row.agency, row.group, row.stage = f.status, f.submitted, f.agency, f.group, f.stage
	if q.queued(f.status) {
		if q.sets == nil {
			q.sets = map[queueKey]*chunkList[queueEntry]{}
		}
		e := q.entry(i, f.submitted)
		keys, n := f.keys()
		for _, k := range keys[:n] {
			set := q.sets[k]
			if set == nil {
				set = &chunkList[queueEntry]{}
				q.sets[k] = set
			}
			set.insert(e, e.before)
		}
	}
}

// queueIndexed answers Queue from the sets: the rows of the page and how
// many match in all. ok is false when f asks for what the sets do not
// keep apart — no status, a status not queued, an official (whose own
// list is short anyway) — and Queue then scans.
func (s *State) queueIndexed(f NominationFilter, pg Page) (page []int32, total int, ok bool) {
	x := &s.index
	q := &x.queue
	if q.inexact || len(f.Status) == 0 || f.OfficialID != "" || (f.Group != 0 && groupOf(f.Group) == groupUnknown) {
		return nil, 0, false
	}
	var statuses []uint16
	for _, st := range f.Status {
		code := slices.Index(q.statuses, st)
		if code < 0 || q.count[code] == 0 || slices.Contains(statuses, uint16(code)) {
			continue // no nomination has it (a filter that matches nothing: "-")
		}
		if !queued(st) {
			return nil, 0, false
		}
		statuses = append(statuses, uint16(code))
	}
	rest := NominationFilter{Kind: f.Kind, ContentCode: f.ContentCode, Group: f.Group}
	by, value := setAll, int32(0)
	switch {
	case f.Agency != "":
		a, known := q.agencyAt[f.Agency]
		if !known {
			return nil, 0, true
		}
		by, value = setAgency, a
	case f.Group != 0:
		by, value, rest.Group = setGroup, int32(f.Group), 0
	}
	stages := make([]uint16, 0, len(q.stages))
	if f.Stage != "" {
		i := slices.Index(q.stages, f.Stage)
		if i < 0 {
			return nil, 0, true
		}
		stages = append(stages, uint16(i))
	} else {
		for i := range q.stages {
			stages = append(stages, uint16(i))
		}
	}
	var sets []*chunkList[queueEntry]
	for _, st := range statuses {
		for _, sg := range stages {
			if set := q.sets[setKey(st, by, sg, value)]; set != nil && set.Len() > 0 {
				sets = append(sets, set)
			}
		}
	}
	if rest.Kind == "" && rest.ContentCode == "" && rest.Group == 0 {
		for _, set := range sets {
			total += set.Len()
		}
		lo, hi := pg.window(total)
		page = make([]int32, 0, hi-lo)
		x.walk(sets, lo, func(i int32) bool {
			page = append(page, i)
			return len(page) < hi-lo
		})
		return page, total, true
	}
	// Other filters are checked on each row of the sets.
	lo, want := pg.bounds()
	groupWanted := groupOf(rest.Group)
	x.walk(sets, 0, func(i int32) bool {
		row := &x.nominations[i]
		if rest.Group != 0 && row.group != groupWanted {
			return true
		}
		if (rest.Kind != "" || rest.ContentCode != "") && !s.matchNomination(NominationFilter{Kind: rest.Kind, ContentCode: rest.ContentCode}, row.n) {
			return true
		}
		if total >= lo && len(page) < want {
			page = append(page, i)
		}
		total++
		return true
	})
	return page, total, true
}

// bounds returns the first position of the page and how many it holds at
// most, before the total is known; window clamps the same to a total.
func (p Page) bounds() (int, int) {
	limit := p.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	return max(p.Offset, 0), min(limit, MaxLimit)
}

// walk yields the rows of sets merged in the sets' order, after the first
// skip, until yield returns false.
func (x *readIndex) walk(sets []*chunkList[queueEntry], skip int, yield func(int32) bool) {
	switch len(sets) {
	case 0:
		return
	case 1:
		sets[0].from(skip, func(e queueEntry) bool { return yield(e.row) })
		return
	}
	type cursor struct {
		chunks [][]queueEntry
		c, i   int
	}
	cs := make([]cursor, 0, len(sets))
	for _, set := range sets {
		if set.Len() > 0 {
			cs = append(cs, cursor{chunks: set.chunks})
		}
	}
	for n := 0; len(cs) > 0; n++ {
		best := 0
		for k := 1; k < len(cs); k++ {
			if cs[best].chunks[cs[best].c][cs[best].i].before(cs[k].chunks[cs[k].c][cs[k].i]) {
				best = k
			}
		}
		cur := &cs[best]
		v := cur.chunks[cur.c][cur.i].row
		if cur.i++; cur.i == len(cur.chunks[cur.c]) {
			cur.c, cur.i = cur.c+1, 0
			if cur.c == len(cur.chunks) {
				cs = slices.Delete(cs, best, best+1)
			}
		}
		if n >= skip && !yield(v) {
			return
		}
	}
}
