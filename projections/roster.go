package projections

import (
	"maps"
	"slices"
	"strings"
	"time"

	"daotao/domain"
	"daotao/events"
)

// Page selects a window of a list. Limit <= 0 means DefaultLimit.
type Page struct {
	Offset int
	Limit  int
}

// List limits.
const (
	DefaultLimit = 100
	MaxLimit     = 1000
)

func (p Page) window(total int) (int, int) {
	limit := p.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	lo := min(max(p.Offset, 0), total)
	return lo, min(lo+min(limit, MaxLimit), total)
}

// OfficialFilter selects officials; zero fields match everything.
type OfficialFilter struct {
	Agency string
	Group  int
	Query  string // case-insensitive substring of the full name
	// Sort is "" (registration order), "name" or "group"; a leading "-"
	// reverses it.
	Sort string
	// IDs, when not nil, keeps only these officials (for example those
	// with priority for a higher level: PriorityOfficials).
	IDs map[string]bool
}

func (f OfficialFilter) match(o *domain.Official) bool {
	return (f.IDs == nil || f.IDs[o.OfficialID]) && (f.Agency == "" || o.AgencyCode == f.Agency) &&
		(f.Group == 0 || o.Group == f.Group) &&
		(f.Query == "" || strings.Contains(strings.ToLower(o.FullName), strings.ToLower(f.Query)))
}

func (s *State) applyOfficial(r events.Recorded, id string, p events.Payload) {
	if c := s.cur; c.o != nil && c.id == id { // found by canonicalID
		c.o.Apply(r.Seq, p)
		s.index.officialIn(c.row, true, id, c.o, r.Time)
		return
	}
	// Not found by canonicalID: a new official (the read index has a row
	// for every official, under the same id).
	o := s.officialSlab.next()
	s.officials[id] = o
	s.officialOrder = append(s.officialOrder, o)
	o.Apply(r.Seq, p)
	row := s.index.officialIn(-1, false, id, o, r.Time)
	s.cur = current{id: id, o: o, row: row}
}

// Official returns a copy of the official with id.
func (s *State) Official(id string) (domain.Official, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	o, ok := s.officials[id]
	if !ok {
		return domain.Official{}, false
	}
	return *o, true
}

// Officials returns one page of the officials matching f, in registration
// order, and how many match in all.
func (s *State) Officials(f OfficialFilter, pg Page) ([]domain.OfficialView, int) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var matched []*domain.Official
	for _, o := range s.officialOrder {
		if f.match(o) {
			matched = append(matched, o)
		}
	}
	sortOfficials(matched, f.Sort)
	lo, hi := pg.window(len(matched))
	out := make([]domain.OfficialView, 0, hi-lo)
	for _, o := range matched[lo:hi] {
		out = append(out, o.View())
	}
	return out, len(matched)
}

// NominationFilter selects nominations; zero fields match everything.
type NominationFilter struct {
	Status     []domain.Status
	Agency     string
	Kind       string
	Group      int
	OfficialID string
	// ContentCode is a Phụ lục I content such as "B.2".
	ContentCode string
	// Stage is the role whose decision is awaited (approval chain).
	Stage domain.Role
	// Sort is "" (creation order), "submitted", "start", "title" or
	// "status"; a leading "-" reverses it.
	Sort string
}

func (s *State) matchNomination(f NominationFilter, n *domain.Nomination) bool {
	if len(f.Status) > 0 && !slices.Contains(f.Status, n.Status()) {
		return false
	}
	if f.Stage != "" && n.Stage() != f.Stage {
		return false
	}
	if (f.Agency != "" && n.AgencyCode() != f.Agency) || (f.Kind != "" && n.Kind() != f.Kind) ||
		(f.OfficialID != "" && n.OfficialID() != f.OfficialID) || (f.ContentCode != "" && n.Details().ContentCode != f.ContentCode) {
		return false
	}
	if f.Group != 0 {
		o, ok := s.officials[n.OfficialID()]
		return ok && o.Group == f.Group
	}
	return true
}

func (s *State) applyNomination(r events.Recorded, id string, p events.Payload) {
	if c := s.cur; c.n != nil && c.id == id { // found by canonicalID
		c.n.ApplyBy(r.Seq, r.Time, r.Actor, p)
		s.index.nominationIn(c.row, true, id, c.n)
		s.attachments.apply(id, p)
		return
	}
	// Not found by canonicalID: a new nomination (the read index has a row
	// for every nomination, under the same id).
	n := s.nominationSlab.next()
	s.nominations[id] = n
	s.order = append(s.order, n)
	n.ApplyBy(r.Seq, r.Time, r.Actor, p)
	row := s.index.nominationIn(-1, false, id, n)
	s.cur = current{id: id, n: n, row: row}
	s.attachments.apply(id, p)
}

// Nomination returns a copy of the nomination with id, to decide on.
func (s *State) Nomination(id string) (domain.Nomination, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	n, ok := s.nominations[id]
	if !ok {
		return domain.Nomination{}, false
	}
	return *n, true
}

// Nominations returns one page of the nominations matching f in creation
// order, and how many match in all.
func (s *State) Nominations(f NominationFilter, pg Page) ([]domain.NominationView, int) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	matched := s.filter(f)
	sortNominations(matched, f.Sort)
	return s.page(matched, pg)
}

// Queue returns one page of the nominations matching f, oldest submission
// first, and how many match in all. A queue's filters — queued statuses,
// stage, agency or group — are read from the queue index
// (queue_index.go), a page at a time; other filters scan.
func (s *State) Queue(f NominationFilter, pg Page) ([]domain.NominationView, int) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	page, total, ok := s.queueIndexed(f, pg)
	if !ok {
		page, total = s.queueScan(f, pg)
	}
	out := make([]domain.NominationView, 0, len(page))
	for _, i := range page {
		out = append(out, s.index.nominations[i].n.View())
	}
	return out, total
}

// queueScan is Queue over every candidate row of f: the rows of the page
// and how many match.
func (s *State) queueScan(f NominationFilter, pg Page) ([]int32, int) {
	x := &s.index
	var rows []int32
	for i, row := range x.candidates(f) {
		if s.matchRow(f, row) {
			rows = append(rows, i)
		}
	}
	// Sorted on the index's copy of the submission time: comparing through
	// each nomination would follow a pointer per comparison.
	slices.SortStableFunc(rows, func(a, b int32) int { return x.nominations[a].submitted.Compare(x.nominations[b].submitted) })
	lo, hi := pg.window(len(rows))
	return slices.Clone(rows[lo:hi]), len(rows)
}

// filter returns the nominations matching f, in creation order. The index
// narrows them by status and official before the whole filter is applied.
func (s *State) filter(f NominationFilter) []*domain.Nomination {
	var out []*domain.Nomination
	for _, row := range s.index.candidates(f) {
		if s.matchRow(f, row) {
			out = append(out, row.n)
		}
	}
	return out
}

// matchRow is matchNomination for a row the index yielded as a candidate
// of f: its status and official already match, and the official's group
// is read from the index when it knows the official, so that a filter on
// those alone never follows the pointer to the nomination.
func (s *State) matchRow(f NominationFilter, row *nominationRow) bool {
	f.Status, f.OfficialID = nil, ""
	if f.Group != 0 && row.official >= 0 {
		if s.index.officials[row.official].group != f.Group {
			return false
		}
		f.Group = 0
	}
	if f.Agency == "" && f.Kind == "" && f.ContentCode == "" && f.Group == 0 && f.Stage == "" {
		return true
	}
	return s.matchNomination(f, row.n)
}

func (s *State) page(matched []*domain.Nomination, pg Page) ([]domain.NominationView, int) {
	lo, hi := pg.window(len(matched))
	out := make([]domain.NominationView, 0, hi-lo)
	for _, n := range matched[lo:hi] {
		out = append(out, n.View())
	}
	return out, len(matched)
}

func (s *State) applyQuota(r events.Recorded, id string, p events.Payload) {
	q, ok := s.quotas[id]
	if !ok {
		q = &domain.QuotaUse{}
		s.quotas[id] = q
	}
	q.Apply(r.Seq, p)
	switch e := p.(type) {
	case *events.QuotaPlaceTaken:
		s.quotaLog[id] = append(s.quotaLog[id], quotaEntry{nomination: e.NominationID, at: r.Time, taken: true})
	case *events.QuotaPlaceReleased:
		s.quotaLog[id] = append(s.quotaLog[id], quotaEntry{nomination: e.NominationID, at: r.Time})
	case *events.QuotaPlacesReleased:
		for _, n := range e.NominationIDs {
			s.quotaLog[id] = append(s.quotaLog[id], quotaEntry{nomination: n, at: r.Time})
		}
	}
}

// quotaEntry is one place taken or given back, with when.
type quotaEntry struct {
	nomination string
	at         time.Time
	taken      bool
}

// QuotaUsedAt returns how many places of quota id were taken at time t.
func (s *State) QuotaUsedAt(id string, t time.Time) int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	used := map[string]bool{}
	for _, e := range s.quotaLog[id] {
		if e.at.After(t) {
			break
		}
		if e.taken {
			used[e.nomination] = true
		} else {
			delete(used, e.nomination)
		}
	}
	return len(used)
}

// QuotaUse returns a copy of the use of quota id (zero when none is used).
func (s *State) QuotaUse(id string) domain.QuotaUse {
	s.mu.RLock()
	defer s.mu.RUnlock()
	q, ok := s.quotas[id]
	if !ok {
		return domain.QuotaUse{}
	}
	return domain.QuotaUse{Seq: q.Seq, Taken: maps.Clone(q.Taken)}
}

// Progress counts what the programme's share targets measure, at time t:
// the roster of the four groups, how many of them had an approved
// refresher nomination, how many were sent to postgraduate study, and how
// many hold a postgraduate degree.
type Progress struct {
	Roster, Refresher, PostgradSent, PostgradDegree int
	ByGroup                                         map[int]int
}

// ProgressAt computes Progress at time t. It reads the counts the read
// index keeps sorted by time (progress_index.go): scanning every official
// and nomination made the dashboard take tens of milliseconds at 150,000
// officials.
func (s *State) ProgressAt(t time.Time) Progress {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if p, ok := s.index.progressAt(t); ok {
		return p
	}
	return s.progressScan(t)
}

// progressScan is ProgressAt over every official and nomination row.
func (s *State) progressScan(t time.Time) Progress {
	x := &s.index
	var byGroup [5]int
	p := Progress{ByGroup: map[int]int{}}
	for i := range x.officials {
		if !x.rosterAt(int32(i), t) {
			continue
		}
		p.Roster++
		byGroup[x.officials[i].group]++
		if x.officials[i].degree {
			p.PostgradDegree++
		}
	}
	for g, n := range byGroup {
		if n > 0 {
			p.ByGroup[g] = n
		}
	}
	p.Refresher, p.PostgradSent = x.approvedAt(t)
	return p
}
