package projections

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"time"

	"daotao/domain"
	"daotao/events"
)

// The read index's queue sets, official lists and dashboard counts are kept
// by apply; these tests compare what they answer with the scans they
// replaced, over random logs that move nominations back and forth between
// statuses, stages, agencies' officials and groups.

// randomLog builds a random log of about n events: officials registered
// (some after their first nominations) and updated (group, degree),
// nominations created, submitted on chains of one to three stages,
// passed on, sent back, returned, resubmitted, approved, rejected and
// withdrawn, and now and then an event out of the usual order (a
// submission of an approved one, an approval of a withdrawn one, a
// nomination created again for another official). Times go
// forward mostly, sometimes repeat and sometimes go back.
type randomLog struct {
	rng       *rand.Rand
	at        time.Time
	seq       uint64
	officials []string
	known     map[string]bool
	noms      []string
	status    map[string]domain.Status
	log       []events.Recorded
}

var (
	randomAgencies = []string{"so_y_te", "so_tai_chinh", "ubnd_tam_ky", "ubnd_hoi_an"}
	randomStages   = []string{string(domain.RoleHomeAffairs), string(domain.RoleCouncil), string(domain.RoleStandingCommittee)}
)

func newRandomLog(seed uint64) *randomLog {
	return &randomLog{rng: rand.New(rand.NewPCG(seed, seed*7+1)), at: time.Date(2025, 1, 1, 8, 0, 0, 0, time.UTC),
		known: map[string]bool{}, status: map[string]domain.Status{}}
}

func (g *randomLog) add(t testing.TB, aggregate, id string, p events.Payload) {
	t.Helper()
	switch r := g.rng.IntN(20); {
	case r == 0:
		g.at = g.at.Add(-time.Duration(g.rng.IntN(48)) * time.Hour) // back in time
	case r < 4: // the same time again
	default:
		g.at = g.at.Add(time.Duration(1+g.rng.IntN(180)) * time.Minute)
	}
	g.seq++
	actor := events.Actor{UserID: "u-1", Username: "hoidong", Role: "council"}
	e, err := events.New("e-"+strconv.FormatUint(g.seq, 10), events.Subject(aggregate, id), g.at, actor, p)
	if err != nil {
		t.Fatal(err)
	}
	g.log = append(g.log, events.Recorded{Envelope: e, Seq: g.seq, StoredAt: e.Time})
}

func (g *randomLog) profile() events.OfficialProfile {
	quals := []string{"dai_hoc", "thac_si", "tien_si", "dai_hoc"}
	return events.OfficialProfile{FullName: "Trần Thị Bình", Group: g.rng.IntN(6), Qualification: quals[g.rng.IntN(len(quals))]}
}

func (g *randomLog) pick(list []string) string { return list[g.rng.IntN(len(list))] }

// step appends one random event.
func (g *randomLog) step(t testing.TB) {
	switch r := g.rng.IntN(100); {
	case r < 10 || len(g.officials) == 0:
		id := "o-" + strconv.Itoa(len(g.officials))
		g.officials = append(g.officials, id)
		if g.rng.IntN(4) > 0 { // otherwise registered later
			g.register(t, id)
		}
	case r < 14:
		id := g.pick(g.officials)
		if !g.known[id] {
			g.register(t, id)
			return
		}
		g.add(t, events.AggregateOfficial, id, &events.OfficialUpdated{OfficialProfile: g.profile()})
	case r < 30 || len(g.noms) == 0:
		id := "n-" + strconv.Itoa(len(g.noms))
		if r == 29 && len(g.noms) > 0 {
			id = g.pick(g.noms) // created again, for another official: it moves
		} else {
			g.noms = append(g.noms, id)
		}
		g.status[id] = domain.StatusDraft
		kind := domain.KindRefresher
		if g.rng.IntN(3) == 0 {
			kind = domain.KindPostgraduate
		}
		g.add(t, events.AggregateNomination, id, &events.NominationCreated{NominationID: id, OfficialID: g.pick(g.officials),
			AgencyCode: g.pick(randomAgencies), Kind: kind, NominationDetails: events.NominationDetails{Title: "Khóa " + id,
				ContentCode: g.pick([]string{"B.1", "B.2", "C.3"}), StartDate: events.NewDate(2026, 3, 2), EndDate: events.NewDate(2026, 3, 13)}})
	default:
		id := g.pick(g.noms)
		g.decide(t, id, g.status[id], g.rng.IntN(40) == 0)
	}
}

func (g *randomLog) register(t testing.TB, id string) {
	g.known[id] = true
	g.add(t, events.AggregateOfficial, id, &events.OfficialRegistered{OfficialID: id, AgencyCode: g.pick(randomAgencies), OfficialProfile: g.profile()})
}

// decide applies what may follow status st, or anything when wild.
func (g *randomLog) decide(t testing.TB, id string, st domain.Status, wild bool) {
	if wild {
		st = domain.Status(g.pick([]string{"draft", "submitted", "returned", "approved"}))
	}
	var p events.Payload
	next := st
	switch st {
	case domain.StatusDraft:
		var chain *events.ChainPin
		if n := g.rng.IntN(4); n > 0 {
			chain = &events.ChainPin{Version: 1}
			for _, s := range randomStages[3-n:] {
				chain.Stages = append(chain.Stages, events.StagePin{Role: s, DueWorkingDays: 5})
			}
		}
		p, next = &events.NominationSubmitted{Chain: chain}, domain.StatusSubmitted
		if g.rng.IntN(6) == 0 {
			p, next = &events.NominationWithdrawn{Reason: "Rút"}, domain.StatusWithdrawn
		}
	case domain.StatusSubmitted:
		switch r := g.rng.IntN(10); {
		case r < 3:
			p = &events.NominationStagePassed{Stage: "x", Next: g.pick(randomStages)}
		case r < 4:
			p = &events.NominationSentBack{Stage: "x", To: g.pick(randomStages), Reason: "Xem lại"}
		case r < 6:
			p, next = &events.NominationReturned{Reason: "Bổ sung"}, domain.StatusReturned
		case r < 9:
			p, next = &events.NominationApproved{}, domain.StatusApproved
		default:
			p, next = &events.NominationRejected{Reason: "Không đạt"}, domain.StatusRejected
		}
	case domain.StatusReturned:
		p, next = &events.NominationResubmitted{}, domain.StatusSubmitted
		if g.rng.IntN(5) == 0 {
			p, next = &events.NominationWithdrawn{}, domain.StatusWithdrawn
		}
	case domain.StatusApproved:
		p, next = &events.NominationWithdrawn{Reason: "Rút sau phê duyệt"}, domain.StatusWithdrawn
		if g.rng.IntN(2) == 0 {
			p, next = &events.NominationSubmitted{}, domain.StatusSubmitted // back to the queue
		}
	default:
		p, next = &events.NominationCommented{Comment: "Ghi chú"}, st
	}
	g.status[id] = next
	g.add(t, events.AggregateNomination, id, p)
}

// queueReference is Queue as a plain scan of every nomination: the whole
// filter, then a stable sort by submission time.
func queueReference(s *State, f NominationFilter, pg Page) ([]string, int) {
	var matched []*domain.Nomination
	for _, n := range s.order {
		if s.matchNomination(f, n) {
			matched = append(matched, n)
		}
	}
	slices.SortStableFunc(matched, func(a, b *domain.Nomination) int { return a.SubmittedAt().Compare(b.SubmittedAt()) })
	lo, hi := pg.window(len(matched))
	var ids []string
	for _, n := range matched[lo:hi] {
		ids = append(ids, n.ID())
	}
	return ids, len(matched)
}

// nominationsReference is Nominations as a plain scan.
func nominationsReference(s *State, f NominationFilter, pg Page) ([]string, int) {
	var matched []*domain.Nomination
	for _, n := range s.order {
		if s.matchNomination(f, n) {
			matched = append(matched, n)
		}
	}
	sortNominations(matched, f.Sort)
	lo, hi := pg.window(len(matched))
	var ids []string
	for _, n := range matched[lo:hi] {
		ids = append(ids, n.ID())
	}
	return ids, len(matched)
}

func viewIDs(list []domain.NominationView) []string {
	var ids []string
	for _, v := range list {
		ids = append(ids, v.ID)
	}
	return ids
}

func (g *randomLog) filter() (NominationFilter, Page) {
	statuses := [][]domain.Status{
		{domain.StatusSubmitted}, {domain.StatusSubmitted}, {domain.StatusReturned, domain.StatusDraft}, {domain.StatusDraft},
		{domain.StatusSubmitted, domain.StatusSubmitted}, {domain.StatusApproved}, {"-"}, nil, {domain.StatusReturned, domain.StatusApproved},
	}
	f := NominationFilter{Status: statuses[g.rng.IntN(len(statuses))]}
	if g.rng.IntN(3) > 0 {
		f.Stage = domain.Role(g.pick(append([]string{"", "nobody"}, randomStages...)))
	}
	switch g.rng.IntN(4) {
	case 0:
		f.Agency = g.pick(append([]string{"so_khac"}, randomAgencies...))
	case 1:
		f.Group = g.rng.IntN(7)
	case 2:
		f.Agency, f.Group = g.pick(randomAgencies), 1+g.rng.IntN(4)
	}
	if g.rng.IntN(6) == 0 {
		f.Kind = domain.KindPostgraduate
	}
	if g.rng.IntN(8) == 0 {
		f.ContentCode = "B.2"
	}
	if g.rng.IntN(8) == 0 {
		f.OfficialID = g.pick(g.officials)
	}
	pages := []Page{{}, {Limit: 3}, {Offset: 2, Limit: 5}, {Offset: 7, Limit: 1000}, {Offset: -1, Limit: -5}, {Offset: 40, Limit: 10}, {Limit: 1}}
	return f, pages[g.rng.IntN(len(pages))]
}

// checkQueries compares every indexed answer of s with its scan.
func checkQueries(t *testing.T, s *State, g *randomLog, label string) {
	t.Helper()
	checkQueueSets(t, s, label)
	for range 60 {
		f, pg := g.filter()
		want, wantTotal := queueReference(s, f, pg)
		got, total := s.Queue(f, pg)
		if !slices.Equal(viewIDs(got), want) || total != wantTotal {
			t.Fatalf("%s: Queue(%+v, %+v) = %v (%d), want %v (%d)", label, f, pg, viewIDs(got), total, want, wantTotal)
		}
		s.mu.RLock()
		scanned, scanTotal := s.queueScan(f, pg)
		s.mu.RUnlock()
		if scanTotal != wantTotal || len(scanned) != len(want) {
			t.Fatalf("%s: queueScan(%+v) = %d of %d, want %d of %d", label, f, len(scanned), scanTotal, len(want), wantTotal)
		}
	}
	for _, o := range append(g.officials, "o-unknown") {
		for _, f := range []NominationFilter{{OfficialID: o}, {OfficialID: o, Sort: "-created"},
			{OfficialID: o, Status: []domain.Status{domain.StatusApproved, domain.StatusSubmitted}}, {OfficialID: o, Group: 2}} {
			want, wantTotal := nominationsReference(s, f, Page{})
			got, total := s.Nominations(f, Page{})
			if !slices.Equal(viewIDs(got), want) || total != wantTotal {
				t.Fatalf("%s: Nominations(%+v) = %v (%d), want %v (%d)", label, f, viewIDs(got), total, want, wantTotal)
			}
		}
	}
	times := []time.Time{{}, time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC), time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(1500, 1, 1, 0, 0, 0, 0, time.UTC)}
	for range 30 {
		r := g.log[g.rng.IntN(len(g.log))]
		times = append(times, r.Time, r.Time.Add(-time.Nanosecond), r.Time.Add(time.Nanosecond))
	}
	for _, at := range times {
		got := s.ProgressAt(at)
		s.mu.RLock()
		want := s.progressScan(at)
		s.mu.RUnlock()
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("%s: ProgressAt(%v) = %+v, the scan counts %+v", label, at, got, want)
		}
	}
}

// checkQueueSets checks that every set is in order and holds exactly the
// rows filed under it.
func checkQueueSets(t *testing.T, s *State, label string) {
	t.Helper()
	x := &s.index
	want := map[queueKey][]int32{}
	for i := range x.nominations {
		row := &x.nominations[i]
		n := row.n
		if st := x.queue.statuses[row.status]; st != n.Status() || !row.submitted.Equal(n.SubmittedAt()) {
			t.Fatalf("%s: row %d says %s %v, the nomination %s %v", label, i, st, row.submitted, n.Status(), n.SubmittedAt())
		}
		if !queued(n.Status()) {
			continue
		}
		group := int32(groupUnknown)
		if o, ok := s.officials[n.OfficialID()]; ok {
			group = int32(o.Group)
		}
		f := filing{status: uint16(slices.Index(x.queue.statuses, n.Status())), submitted: n.SubmittedAt(), agency: x.queue.agencyAt[n.AgencyCode()], group: group,
			stage: uint16(slices.Index(x.queue.stages, n.Stage()))}
		keys, nk := f.keys()
		for _, k := range keys[:nk] {
			want[k] = append(want[k], int32(i))
		}
	}
	for k, set := range x.queue.sets {
		var got []int32
		set.from(0, func(e queueEntry) bool {
			if want := x.queue.entry(e.row, x.nominations[e.row].submitted); e != want {
				t.Fatalf("%s: set %+v holds %+v for row %d, want %+v", label, k, e, e.row, want)
			}
			got = append(got, e.row)
			return true
		})
		exp := slices.Clone(want[k])
		slices.SortFunc(exp, func(a, b int32) int {
			return cmp.Or(x.nominations[a].submitted.Compare(x.nominations[b].submitted), cmp.Compare(a, b))
		})
		if !slices.Equal(got, exp) || set.Len() != len(exp) {
			t.Fatalf("%s: set %+v holds %v (len %d), want %v", label, k, got, set.Len(), exp)
		}
		delete(want, k)
	}
	for k, rows := range want {
		t.Fatalf("%s: no set %+v for rows %v", label, k, rows)
	}
}

func TestQueryIndexMatchesScans(t *testing.T) {
	for seed := range uint64(3) {
		t.Run("seed"+strconv.FormatUint(seed, 10), func(t *testing.T) {
			g := newRandomLog(seed + 1)
			s := New()
			applied := 0
			rounds, per := 12, 250
			if seed == 0 && !testing.Short() {
				rounds, per = 4, 8000 // sets of several chunks
			}
			for round := range rounds {
				for range per {
					g.step(t)
				}
				for _, r := range g.log[applied:] {
					if err := s.Apply(r); err != nil {
						t.Fatal(err)
					}
				}
				applied = len(g.log)
				checkQueries(t, s, g, fmt.Sprintf("after %d events (round %d)", applied, round))
			}
		})
	}
}

// TestQueryIndexAsOf checks the historical states the as_of reads replay:
// every prefix of a log answers like its scans.
func TestQueryIndexAsOf(t *testing.T) {
	g := newRandomLog(42)
	for range 1500 {
		g.step(t)
	}
	for _, cut := range []int{1, 17, 300, 901, len(g.log)} {
		s := New()
		for _, r := range g.log[:cut] {
			if err := s.Apply(r); err != nil {
				t.Fatal(err)
			}
		}
		checkQueries(t, s, g, "as of seq "+strconv.Itoa(cut))
	}
}

// TestQueryIndexSurvivesSnapshot restores a state from a snapshot body and
// applies the same tail to both: the restored index answers alike.
func TestQueryIndexSurvivesSnapshot(t *testing.T) {
	g := newRandomLog(7)
	for range 1200 {
		g.step(t)
	}
	s := New()
	for _, r := range g.log {
		if err := s.Apply(r); err != nil {
			t.Fatal(err)
		}
	}
	restored := roundTrip(t, s)
	from := len(g.log)
	for range 800 {
		g.step(t)
	}
	for _, st := range []*State{s, restored} {
		for _, r := range g.log[from:] {
			if err := st.Apply(r); err != nil {
				t.Fatal(err)
			}
		}
	}
	checkQueries(t, restored, g, "restored")
	for range 50 {
		f, pg := g.filter()
		a, at := s.Queue(f, pg)
		b, bt := restored.Queue(f, pg)
		if !slices.Equal(viewIDs(a), viewIDs(b)) || at != bt {
			t.Fatalf("Queue(%+v) differs after a restore: %v (%d) vs %v (%d)", f, viewIDs(a), at, viewIDs(b), bt)
		}
	}
}

// TestChunkList compares a chunkList used as a multiset with a sorted
// slice over enough random insertions and removals to split and empty
// many chunks.
func TestChunkList(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var l chunkList[int64]
	var ref []int64
	for op := range 60_000 {
		v := int64(rng.IntN(3000))
		if op > 40_000 {
			v = int64(op) // appends at the end
		}
		if rng.IntN(3) == 0 && len(ref) > 0 {
			v = ref[rng.IntN(len(ref))]
			at, _ := slices.BinarySearch(ref, v)
			ref = slices.Delete(ref, at, at+1)
			if !l.remove(v, lessThan(v)) {
				t.Fatalf("op %d: %d not removed", op, v)
			}
		} else {
			at, _ := slices.BinarySearch(ref, v+1)
			ref = slices.Insert(ref, at, v)
			l.insert(v, lessThan(v+1))
		}
		if l.remove(-1, lessThan(-1)) {
			t.Fatal("removed a value it does not hold")
		}
		if op%997 == 0 || op == 59_999 {
			var got []int64
			l.from(0, func(v int64) bool { got = append(got, v); return true })
			if !slices.Equal(got, ref) || l.Len() != len(ref) {
				t.Fatalf("op %d: list of %d differs from the reference of %d", op, l.Len(), len(ref))
			}
			for _, k := range []int64{-1, 0, 1500, 2999, int64(op)} {
				want, _ := slices.BinarySearch(ref, k+1)
				if got := l.rank(func(e int64) bool { return e <= k }); got != want {
					t.Fatalf("op %d: rank(<= %d) = %d, want %d", op, k, got, want)
				}
			}
			for _, k := range []int{0, 1, 511, 512, 513, len(ref) / 2, len(ref) - 1, len(ref), len(ref) + 5} {
				var got []int64
				l.from(k, func(v int64) bool { got = append(got, v); return len(got) < 3 })
				want := ref[min(k, len(ref)):min(k+3, len(ref))]
				if !slices.Equal(got, want) {
					t.Fatalf("op %d: from(%d) = %v, want %v", op, k, got, want)
				}
			}
		}
	}
	for _, ch := range l.chunks {
		if len(ch) == 0 || len(ch) > chunkMax {
			t.Fatalf("a chunk holds %d", len(ch))
		}
	}
	if len(l.chunks) < 10 {
		t.Fatalf("only %d chunks: the test does not split", len(l.chunks))
	}
}

// roundTrip returns s written to a snapshot body and read back.
func roundTrip(t *testing.T, s *State) *State {
	t.Helper()
	enc, err := encodeState(s, encodeSize{})
	body, seq := enc.body, enc.seq
	if err != nil {
		t.Fatal(err)
	}
	restored, err := decodeState(body, seq)
	if err != nil {
		t.Fatal(err)
	}
	return restored
}
