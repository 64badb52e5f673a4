package handlers

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"daotao/domain"
	"daotao/events"
	"daotao/events/memstore"
	"daotao/projections"
	"daotao/projections/asof"
)

// pastWorld is a Server on an in-memory log of officials registered one
// a day from 1 March 2025.
type pastWorld struct {
	s     *Server
	store *memstore.Store
	n     int
}

func newPastWorld(t testing.TB, officials int) *pastWorld {
	t.Helper()
	w := &pastWorld{store: memstore.New()}
	st := projections.New()
	for range officials {
		w.register(t)
	}
	if err := st.Run(t.Context(), w.store, nil); err != nil {
		t.Fatal(err)
	}
	w.s = New(Config{Store: w.store, State: st, Agencies: domain.DefaultAgencies()})
	return w
}

func (w *pastWorld) register(t testing.TB) uint64 {
	t.Helper()
	w.n++
	id := "o" + strings.Repeat("x", w.n)
	at := time.Date(2025, 3, 1, 9, 0, 0, 0, domain.Zone).AddDate(0, 0, w.n-1)
	e, err := events.New(id, events.Subject(events.AggregateOfficial, id), at, events.System,
		events.OfficialRegistered{OfficialID: id, AgencyCode: "so_y_te", OfficialProfile: events.OfficialProfile{FullName: id, Group: 3}})
	if err != nil {
		t.Fatal(err)
	}
	res, err := w.store.Append(context.Background(), e, 0, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	return res.Seq
}

func (w *pastWorld) get(t *testing.T, point string) *pastServer {
	t.Helper()
	p, err := parseAsOf(point)
	if err != nil {
		t.Fatal(err)
	}
	e, err := w.s.asOfCache.get(t.Context(), w.s, p)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// TestHistoryCache: a point before the end of the log is built once and
// kept however the log grows; a point at or past the end is rebuilt when
// the log grows; at most historyEntries states are kept.
func TestHistoryCache(t *testing.T) {
	w := newPastWorld(t, 3)
	first := w.get(t, "2025-03-02")
	if first.cut.LastSeq != 2 || w.get(t, "02/03/2025") != first {
		t.Fatalf("2025-03-02: cut %d; the same point read again was built again", first.cut.LastSeq)
	}
	if _, total := first.state.Officials(projections.OfficialFilter{}, projections.Page{}); total != 2 {
		t.Errorf("state as of 2025-03-02 has %d officials", total)
	}
	end := w.get(t, "2030-01-01")
	if end.cut.LastSeq != 3 || w.get(t, "2030-01-01") != end {
		t.Fatalf("2030: cut %d, or built twice on an unchanged log", end.cut.LastSeq)
	}
	w.register(t)
	if again := w.get(t, "2030-01-01"); again == end || again.cut.LastSeq != 4 {
		t.Errorf("2030 after an append: cut %d (cached state reused: %v)", again.cut.LastSeq, again == end)
	}
	if w.get(t, "2025-03-02") != first {
		t.Error("a cut before the end of the log was rebuilt after an append")
	}
	if s := w.get(t, "seq:3"); s.cut.LastSeq != 3 || w.get(t, "seq:3") != s {
		t.Error("seq:3 not cached")
	}
	for _, d := range []string{"2025-03-01", "2025-03-03", "2025-03-04", "2025-03-05"} {
		w.get(t, d)
	}
	if n := len(w.s.asOfCache.entries); n != historyEntries {
		t.Errorf("%d states kept, want %d", n, historyEntries)
	}
}

// TestPastStoreReadOnly: the log of the past refuses every write and
// reads only up to its cut.
func TestPastStoreReadOnly(t *testing.T) {
	w := newPastWorld(t, 3)
	ps := pastStore{Store: w.store, last: 2}
	ctx := t.Context()
	if _, err := ps.Append(ctx, events.Envelope{}, 0, "x"); err == nil {
		t.Error("append accepted")
	}
	if _, err := ps.AppendBatch(ctx, nil); err == nil {
		t.Error("batch accepted")
	}
	if err := ps.PutAttachment(ctx, "abc", "text/plain", []byte("x")); err == nil {
		t.Error("attachment stored")
	}
	if last, _ := ps.LastSeq(ctx); last != 2 {
		t.Errorf("LastSeq %d", last)
	}
	var seen []uint64
	_ = ps.Read(ctx, 1, 0, func(r events.Recorded) error { seen = append(seen, r.Seq); return nil })
	if len(seen) != 2 {
		t.Errorf("read %v", seen)
	}
	if rs, _ := ps.Load(ctx, events.Subject(events.AggregateOfficial, "oxxx")); len(rs) != 0 {
		t.Errorf("loaded an event past the cut: %v", rs)
	}
	if last, _ := w.store.LastSeq(ctx); last != 3 {
		t.Errorf("the log has %d events", last)
	}
}

// TestRewriteHTML: links and GET forms keep as_of; forms that post are
// disabled except logging out; the selector and the way back are left.
func TestRewriteHTML(t *testing.T) {
	in := `<a href="/nominations?kind=boi_duong&amp;x=1">a</a><a href="/static/app.css">s</a><a href="https://e.x/">e</a>` +
		`<a href="/queue" data-asof="live">live</a><form method="get" action="/officials"><input name="q"></form>` +
		`<form method="post" action="/nominations/1/approve"><button>ok</button></form>` +
		`<form method="post" action="/logout"><button>out</button></form><form method="get" action="/x" data-asof="selector"></form>`
	out := string(rewriteHTML([]byte(in), "seq:5"))
	for _, want := range []string{`href="/nominations?as_of=seq%3A5&amp;kind=boi_duong&amp;x=1"`, `href="/static/app.css"`, `href="https://e.x/"`,
		`href="/queue" data-asof="live"`, `<form method="get" action="/officials"><input type="hidden" name="as_of" value="seq:5">`,
		`<fieldset disabled class="asof-readonly"><button>ok</button></fieldset></form>`, `<form method="post" action="/logout"><button>out</button></form>`,
		`data-asof="selector"></form>`} {
		if !strings.Contains(out, want) {
			t.Errorf("rewritten HTML lacks %s:\n%s", want, out)
		}
	}
}

// BenchmarkAsOfRead measures an as-of read served from a cached state.
func BenchmarkAsOfRead(b *testing.B) {
	w := newPastWorld(b, 20)
	h := w.s.historical("/api/v1/officials", func(c echo.Context) error { return c.NoContent(http.StatusOK) })
	for b.Loop() {
		req := httptest.NewRequest(http.MethodGet, "/api/v1/officials?as_of=2025-03-10", nil)
		c := w.s.e.NewContext(req, httptest.NewRecorder())
		c.SetPath("/api/v1/officials")
		if err := h(c); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAsOfBuild measures building the state and Server of a new
// point (the log here is tiny: this is the fixed cost).
func BenchmarkAsOfBuild(b *testing.B) {
	w := newPastWorld(b, 20)
	for b.Loop() {
		w.s.asOfCache = historyCache{}
		if _, err := w.s.asOfCache.get(b.Context(), w.s, asofPoint(b, "2025-03-10")); err != nil {
			b.Fatal(err)
		}
	}
}

func asofPoint(t testing.TB, s string) asof.Point {
	p, err := parseAsOf(s)
	if err != nil {
		t.Fatal(err)
	}
	return p
}
