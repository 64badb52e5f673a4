package handlers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"daotao/domain"
	"daotao/domain/programme"
	"daotao/events"
	"daotao/events/jetstream/jstest"
	"daotao/handlers"
	"daotao/projections"
)

// BenchmarkPages measures the main pages through the real router, as the
// person who uses each, on a realistic data set: 3,000 officials and 3,000
// nominations in every status (about 10,000 events) in a real embedded
// NATS server, with the projections caught up. The target is under 200 ms
// of server time per page. Run it with
//
//	go test -bench Pages -run '^$' -benchtime=20x ./handlers/
func BenchmarkPages(b *testing.B) {
	d := newBenchData(b)
	cases := []struct{ name, user, path string }{
		{"queue/council", "hoidong", "/queue"},
		{"queue/council_filtered", "hoidong", "/queue?group=3&kind=boi_duong"},
		{"queue/agency", "soyte", "/queue"},
		{"nominations", "hoidong", "/nominations"},
		{"nominations/by_title", "hoidong", "/nominations?sort=title"},
		{"officials", "kiemtra", "/officials"},
		{"officials/search", "kiemtra", "/officials?q=Nguy%E1%BB%85n+V%C4%83n"},
		{"officials/by_name", "kiemtra", "/officials?sort=name"},
		{"officials/item", "kiemtra", "/officials/" + d.official},
		{"nomination/item_with_history", "hoidong", "/nominations/" + d.revised},
		{"audit/timeline", "kiemtra", "/audit/nominations/" + d.revised},
		{"audit/nominations", "kiemtra", "/audit"},
		{"audit/events", "kiemtra", "/audit/events"},
		{"audit/events_sparse_filter", "kiemtra", "/audit/events?aggregate=nomination&type=nomination.rejected&agency=so_y_te"},
		{"programme/targets", "kiemtra", "/programme/targets"},
		{"programme/quotas", "kiemtra", "/programme/quotas"},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			cookie := d.cookies[c.user]
			b.ReportAllocs()
			for b.Loop() {
				req := httptest.NewRequest(http.MethodGet, c.path, nil)
				req.Header.Set("Cookie", cookie)
				rec := httptest.NewRecorder()
				d.srv.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("GET %s as %s: %d %.500s", c.path, c.user, rec.Code, rec.Body)
				}
			}
		})
	}
}

// benchData is a server on a store loaded with the benchmark's data set.
type benchData struct {
	srv      *handlers.Server
	store    events.Store
	cookies  map[string]string // by username
	official string            // an official with nominations
	revised  string            // a nomination returned, revised and resubmitted
}

// benchClock is when the benchmark's pages are read: it never moves, so
// sessions stay valid however long the benchmark runs.
var benchClock = time.Date(2026, 1, 15, 2, 0, 0, 0, time.UTC)

func newBenchData(b *testing.B) *benchData {
	b.Helper()
	ctx := b.Context()
	store := jstest.Open(b)
	state := projections.New()
	if err := state.Run(ctx, store, func(err error) { b.Errorf("projection: %v", err) }); err != nil {
		b.Fatal(err)
	}
	srv := handlers.New(handlers.Config{Store: store, State: state, Agencies: domain.DefaultAgencies(),
		Hasher: &handlers.PasswordHasher{Time: 1, MemoryKiB: 64, Threads: 1}, Now: func() time.Time { return benchClock }})
	if err := srv.CatchUp(ctx); err != nil {
		b.Fatal(err)
	}
	d := &benchData{srv: srv, store: store, cookies: map[string]string{}}
	for _, u := range []domain.CreateUser{
		{Username: "hoidong", Role: "council"}, {Username: "kiemtra", Role: "auditor"},
		{Username: "soyte", Role: "agency", AgencyCode: "so_y_te"},
	} {
		u.Password = password
		if _, _, err := srv.AddUser(ctx, events.System, u); err != nil {
			b.Fatal(err)
		}
		d.cookies[u.Username] = "daotao_session=" + d.login(b, u.Username)
	}
	l := &benchLoader{store: store, expected: map[string]uint64{}, at: benchClock.AddDate(-1, 0, 0)}
	officials := l.officials(b, 3000)
	d.official = officials[0].OfficialID
	d.revised = l.nominations(b, officials, 3000)
	last, err := store.LastSeq(ctx)
	if err != nil {
		b.Fatal(err)
	}
	if err := state.WaitFor(ctx, last); err != nil {
		b.Fatal(err)
	}
	b.Logf("data set: %d events", last)
	return d
}

func (d *benchData) login(b *testing.B, username string) string {
	b.Helper()
	body, _ := json.Marshal(map[string]string{"username": username, "password": password})
	req := httptest.NewRequest(http.MethodPost, "/api/v1/sessions", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	d.srv.ServeHTTP(rec, req)
	var out struct{ Token string }
	if err := json.Unmarshal(rec.Body.Bytes(), &out); rec.Code != http.StatusCreated || err != nil || out.Token == "" {
		b.Fatalf("login %s: %d %s", username, rec.Code, rec.Body)
	}
	return out.Token
}

// benchLoader appends events straight to the store, in atomic batches of
// up to events.MaxBatch events on distinct subjects, each conditional on
// its subject's last sequence.
type benchLoader struct {
	store    events.Store
	expected map[string]uint64 // subject → its last sequence
	pending  []events.Pending
	at       time.Time
	n        int
}

func (l *benchLoader) add(b *testing.B, subject string, actor events.Actor, p events.Payload) {
	l.n++
	e, err := events.New(fmt.Sprintf("bench-%d", l.n), subject, l.at.Add(time.Duration(l.n)*time.Minute), actor, p)
	if err != nil {
		b.Fatal(err)
	}
	l.pending = append(l.pending, events.Pending{Envelope: e, Expected: l.expected[subject], MsgID: e.ID})
	if len(l.pending) == events.MaxBatch {
		l.flush(b)
	}
}

// flush appends what is pending. The caller flushes between two events
// on one subject.
func (l *benchLoader) flush(b *testing.B) {
	if len(l.pending) == 0 {
		return
	}
	res, err := l.store.AppendBatch(context.Background(), l.pending)
	if err != nil {
		b.Fatalf("append %d events: %v", len(l.pending), err)
	}
	for i, p := range l.pending {
		l.expected[p.Envelope.Subject] = res[i].Seq
	}
	l.pending = l.pending[:0]
}

// officials registers n officials of the demo roster's agencies and
// profiles (repeated, with other names, past its 2,262).
func (l *benchLoader) officials(b *testing.B, n int) []events.OfficialRegistered {
	doc, err := programme.Default()
	if err != nil {
		b.Fatal(err)
	}
	base, err := programme.DefaultBaseline()
	if err != nil {
		b.Fatal(err)
	}
	roster := append(programme.DemoRoster(1, doc, base), programme.DemoRoster(2, doc, base)...)
	out := make([]events.OfficialRegistered, n)
	for i := range out {
		r := roster[(i*7)%len(roster)] // spread over the agencies
		out[i] = events.OfficialRegistered{OfficialID: fmt.Sprintf("o-%05d", i), AgencyCode: r.AgencyCode, OfficialProfile: r.OfficialProfile}
		if i%10 == 0 {
			out[i].AgencyCode = "so_y_te" // the benchmark's agency has a roster of its own
		}
		officer := events.Actor{Username: "tc-" + out[i].AgencyCode, Role: "agency", Agency: out[i].AgencyCode}
		l.add(b, events.Subject(events.AggregateOfficial, out[i].OfficialID), officer, &out[i])
	}
	l.flush(b)
	return out
}

// benchTitles are the courses nominations are for.
var benchTitles = []string{"Quản lý bệnh viện hiện đại", "Chuyển đổi số trong cơ quan nhà nước", "Quản trị tài chính công",
	"Quy hoạch đô thị bền vững", "Kỹ năng lãnh đạo, quản lý", "Quản lý đất đai và môi trường", "Đổi mới giáo dục phổ thông"}

// nominations appends n nominations of the officials in every status and
// returns one that was returned, revised and resubmitted.
func (l *benchLoader) nominations(b *testing.B, officials []events.OfficialRegistered, n int) string {
	council := events.Actor{Username: "hoidong", Role: "council"}
	steps := make([][]events.Payload, n) // the events of each nomination after its creation
	officers := make([]events.Actor, n)
	for i := range n {
		o := officials[(i*13)%len(officials)]
		kind, content := domain.KindRefresher, domain.ContentCodes[i%len(domain.ContentCodes)]
		start := events.NewDate(2026, time.Month(1+i%12), 1+i%20)
		end := start.AddDate(0, 0, 11)
		if i%10 == 3 {
			kind, content, end = domain.KindPostgraduate, "", start.AddDate(2, 0, 0)
		}
		officers[i] = events.Actor{Username: "tc-" + o.AgencyCode, Role: "agency", Agency: o.AgencyCode}
		l.add(b, benchNomination(i), officers[i], &events.NominationCreated{NominationID: fmt.Sprintf("n-%05d", i), OfficialID: o.OfficialID,
			AgencyCode: o.AgencyCode, Kind: kind, NominationDetails: events.NominationDetails{Title: benchTitles[i%len(benchTitles)],
				ContentCode: content, StartDate: start, EndDate: end, CostEstimateVND: int64(10+i%40) * 1_000_000}})
		steps[i] = benchSteps(i)
	}
	l.flush(b)
	for step := 0; ; step++ {
		more := false
		for i, s := range steps {
			if step < len(s) {
				more = true
				actor := council
				if isAgencyStep(s[step]) {
					actor = officers[i]
				}
				l.add(b, benchNomination(i), actor, s[step])
			}
		}
		l.flush(b)
		if !more {
			return fmt.Sprintf("n-%05d", 5)
		}
	}
}

func benchNomination(i int) string {
	return events.Subject(events.AggregateNomination, fmt.Sprintf("n-%05d", i))
}

func isAgencyStep(p events.Payload) bool {
	switch p.(type) {
	case *events.NominationSubmitted, *events.NominationRevised, *events.NominationResubmitted, *events.NominationWithdrawn:
		return true
	}
	return false
}

// benchSteps gives nomination i its status: 20% drafts, 30% submitted,
// 10% returned, revised and resubmitted, 20% approved, 10% rejected, 10%
// withdrawn.
func benchSteps(i int) []events.Payload {
	eligible := &events.Eligibility{Eligible: true, RuleSet: "boi_duong", RuleSetVersion: 1,
		Checks: []events.EligibilityCheck{{Code: "group", Passed: true, Detail: "Thuộc 04 nhóm đối tượng."}}}
	submitted := &events.NominationSubmitted{Eligibility: eligible, ReferenceVersion: 1}
	switch i % 10 {
	case 0, 1:
		return nil
	case 5:
		return []events.Payload{submitted, &events.NominationReturned{Reason: "Bổ sung bản cam kết."},
			&events.NominationRevised{NominationDetails: events.NominationDetails{Title: "Kỹ năng lãnh đạo, quản lý (bổ sung)",
				StartDate: events.NewDate(2026, 5, 4), EndDate: events.NewDate(2026, 5, 15)},
				Changed: []events.FieldChange{{Field: "title", From: "Kỹ năng lãnh đạo, quản lý", To: "Kỹ năng lãnh đạo, quản lý (bổ sung)"}}},
			&events.NominationResubmitted{Note: "Đã bổ sung.", Eligibility: eligible, ReferenceVersion: 1}}
	case 6, 7:
		return []events.Payload{submitted, &events.NominationApproved{Eligibility: eligible, ReferenceVersion: 1}}
	case 8:
		return []events.Payload{submitted, &events.NominationRejected{Reason: "Không thuộc đối tượng ưu tiên."}}
	case 9:
		return []events.Payload{&events.NominationWithdrawn{Reason: "Trùng lịch công tác."}}
	}
	return []events.Payload{submitted}
}
