package reports

import (
	"cmp"
	"slices"
	"strconv"
	"sync"
	"time"

	"daotao/domain"
	"daotao/domain/calendar"
	"daotao/domain/programme"
	"daotao/events"
	"daotao/projections"
)

// facts is what the programme's reports count, read once from the state
// of an Input: the roster of the four groups, every nomination, and which
// officials count towards each share target.
//
// What counts (decided here, documented in docs/reports.md):
//   - an official is on the roster when registered (as of the cut) with a
//     group from 1 to 4;
//   - an official "took in-depth refresher training" when a refresher
//     nomination of theirs was sent: approved, or in any later status the
//     workflow adds, but not rejected, withdrawn or cancelled, and not when
//     the result recorded for it says the official did not attend; a
//     recorded result of completion keeps counting; the same for "sent to
//     postgraduate training";
//   - an official "holds a postgraduate degree" when the qualification of
//     their profile (as of the cut) is thac_si or tien_si.
type facts struct {
	officials   []domain.OfficialView
	byID        map[string]int // official id → index in officials
	nominations []domain.NominationView
	refreshed   map[string]bool // official id → took a refresher course
	absent      map[string]bool // nominations whose recorded result says the official did not attend
	sent        map[string]bool // official id → sent to postgraduate study
	courses     []domain.CourseView
	day         events.Date // the cut's date
	at          time.Time   // the cut's instant
	cached      []*session
}

// lastFacts keeps the facts last gathered, so that the reports of one
// state at one sequence and instant (a dashboard, a replay of every
// report) read the state once. Facts are never changed once gathered.
var lastFacts struct {
	sync.Mutex
	st  *projections.State
	seq uint64
	at  time.Time
	f   *facts
}

func gather(in Input) *facts {
	// A state is read at its cut's sequence: a live state may apply more
	// while one page's reports are computed, and they share what was read.
	seq := in.Cut.LastSeq
	lastFacts.Lock()
	if lastFacts.f != nil && lastFacts.st == in.State && lastFacts.seq == seq && lastFacts.at.Equal(in.Cut.Time()) {
		f := lastFacts.f
		lastFacts.Unlock()
		return f
	}
	lastFacts.Unlock()
	f := collect(in)
	lastFacts.Lock()
	lastFacts.st, lastFacts.seq, lastFacts.at, lastFacts.f = in.State, seq, in.Cut.Time(), f
	lastFacts.Unlock()
	return f
}

func collect(in Input) *facts {
	f := &facts{officials: officials(in.State), nominations: nominations(in.State), byID: map[string]int{},
		refreshed: map[string]bool{}, sent: map[string]bool{}, absent: map[string]bool{}, day: in.Cut.Day(), at: in.Cut.Time(), courses: courses(in.State)}
	for i, o := range f.officials {
		f.byID[o.ID] = i
	}
	absent := f.absent
	if cal, err := calendar.Default(); err == nil {
		for _, v := range in.State.Trainings(projections.TrainingFilter{}, cal, f.day) {
			if v.Result != nil && !v.Result.Attended {
				absent[v.NominationID] = true
			}
		}
	}
	for _, n := range f.nominations {
		if !wasSent(n) || absent[n.ID] {
			continue
		}
		switch n.Kind {
		case domain.KindRefresher:
			f.refreshed[n.OfficialID] = true
		case domain.KindPostgraduate:
			f.sent[n.OfficialID] = true
		}
	}
	f.cached = f.groupSessions()
	return f
}

// notSent are the statuses of a nomination that was not (or not yet, or no
// longer) sent.
var notSent = []string{string(domain.StatusDraft), string(domain.StatusSubmitted), string(domain.StatusReturned),
	string(domain.StatusRejected), string(domain.StatusWithdrawn), "cancelled", "canceled", "revoked"}

// wasSent reports whether n was approved: its status is approved or a
// status after approval (other workflow stages such as in training or
// completed count too, so that completion never lowers a figure).
func wasSent(n domain.NominationView) bool {
	return n.DecidedAt != nil && !slices.Contains(notSent, string(n.Status))
}

// onRoster reports whether o counts in the roster of the four groups.
func onRoster(o domain.OfficialView) bool { return o.Group >= 1 && o.Group <= 4 }

// degree reports whether o holds a postgraduate degree.
func degree(o domain.OfficialView) bool {
	return o.Qualification == "thac_si" || o.Qualification == "tien_si"
}

// official returns the official of nomination n, or false.
func (f *facts) official(id string) (domain.OfficialView, bool) {
	i, ok := f.byID[id]
	if !ok {
		return domain.OfficialView{}, false
	}
	return f.officials[i], true
}

// roster returns the officials of the four groups.
func (f *facts) roster() []domain.OfficialView {
	var out []domain.OfficialView
	for _, o := range f.officials {
		if onRoster(o) {
			out = append(out, o)
		}
	}
	return out
}

// agencies returns the agency codes of the officials and nominations,
// sorted.
func (f *facts) agencies() []string {
	var out []string
	for _, o := range f.officials {
		out = append(out, o.AgencyCode)
	}
	for _, n := range f.nominations {
		out = append(out, n.AgencyCode)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// yearOf returns the year of t in Asia/Ho_Chi_Minh.
func yearOf(t time.Time) int { return t.In(domain.Zone).Year() }

// endOfYear returns the last instant of year y in Asia/Ho_Chi_Minh.
func endOfYear(y int) time.Time { return time.Date(y, 12, 31, 23, 59, 59, 999999999, domain.Zone) }

// programmeYears returns the years from the programme's first (2024) to
// the cut's, at least to 2025.
func (f *facts) programmeYears() []int {
	last := max(2025, f.day.Time().Year())
	if f.day.IsZero() {
		last = 2025
	}
	var out []int
	for y := 2024; y <= last; y++ {
		out = append(out, y)
	}
	return out
}

// session is a course held or scheduled: a course recorded as such (not
// cancelled) with the sent nominations to it, or, for nominations to no
// recorded course, the sent refresher nominations of one content, title
// and start date, held abroad or not.
type session struct {
	content, title string
	start          events.Date
	abroad         bool
	format         string
	members        []domain.NominationView
}

// sessions returns the recorded courses and the sessions of the sent
// refresher nominations to no course, in order of start date, content and
// title.
func (f *facts) sessions() []*session { return f.cached }

func (f *facts) groupSessions() []*session {
	by := map[string]*session{}
	var out []*session
	toCourse := map[string][]domain.NominationView{}
	for _, n := range f.nominations {
		if n.CourseID != "" && wasSent(n) {
			toCourse[n.CourseID] = append(toCourse[n.CourseID], n)
		}
	}
	for _, c := range f.courses {
		if c.Status == domain.CourseCancelled || c.Format == "postgraduate" {
			continue
		}
		out = append(out, &session{content: c.ContentCode, title: c.Title, start: c.StartDate, format: c.Format,
			abroad: c.Format == programme.FormatDelegationAbroad, members: toCourse[c.ID]})
	}
	for _, n := range f.nominations {
		if n.Kind != domain.KindRefresher || !wasSent(n) || n.CourseID != "" {
			continue
		}
		key := n.ContentCode + "\x00" + n.Title + "\x00" + n.StartDate.String() + "\x00" + strconv.FormatBool(n.Abroad)
		s, ok := by[key]
		if !ok {
			s = &session{content: n.ContentCode, title: n.Title, start: n.StartDate, abroad: n.Abroad, format: programme.FormatClass}
			if n.Abroad {
				s.format = programme.FormatDelegationAbroad
			}
			by[key] = s
			out = append(out, s)
		}
		s.members = append(s.members, n)
	}
	slices.SortStableFunc(out, func(a, b *session) int {
		return cmp.Or(a.start.Time().Compare(b.start.Time()), cmp.Compare(a.content, b.content), cmp.Compare(a.title, b.title))
	})
	return out
}

// courses returns every course of the state, by start date.
func courses(st *projections.State) []domain.CourseView {
	var out []domain.CourseView
	for {
		page, total := st.Courses(projections.CourseFilter{}, projections.Page{Offset: len(out), Limit: projections.MaxLimit})
		out = append(out, page...)
		if len(page) == 0 || len(out) >= total {
			return out
		}
	}
}

// Int64 returns a number cell of a 64-bit amount (đồng).
func Int64(n int64) Value { return Value{n: n, num: true} }

// Number returns the cell's number, or false for a text cell.
func (v Value) Number() (int64, bool) { return v.n, v.num }

// countedBy returns how many officials of the roster had a nomination of
// kind counted (sent, attended) and decided by t.
func (f *facts) countedBy(kind string, t time.Time) int {
	seen := map[string]bool{}
	for _, n := range f.nominations {
		if n.Kind != kind || !wasSent(n) || f.absent[n.ID] || n.DecidedAt.After(t) {
			continue
		}
		if o, ok := f.official(n.OfficialID); ok && onRoster(o) {
			seen[n.OfficialID] = true
		}
	}
	return len(seen)
}
