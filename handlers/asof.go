package handlers

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"daotao/domain"
	"daotao/events"
	"daotao/projections"
	"daotao/projections/asof"
)

// As-of reads (docs/reports.md). Every GET route that needs a session takes
// ?as_of= in the forms `daotao replay` reads — YYYY-MM-DD or dd/mm/yyyy (the
// end of that day in Asia/Ho_Chi_Minh), an RFC 3339 time, seq:N — and
// answers as the application would have answered at that point of the log:
// the log is cut as a prefix there, replayed into a fresh projection, and
// the route's own handler runs on a second Server whose state is that
// projection, whose store refuses every write and whose clock reads the
// cut's time. The session, role and agency are those of the caller now.
// Nothing is written and the current state is never touched.
//
// The historical states are cached by point (and, for a point at or past
// the end of the log, by the log's last sequence), at most historyEntries
// of them and historyEvents events in all; building one replays the log up
// to the cut, once at a time.

const (
	ctxAsOf = "daotao.asof"
	// historyEntries and historyEvents bound the cache of historical states.
	historyEntries = 4
	historyEvents  = 2_000_000
)

// asOfRead is the point a request reads at.
type asOfRead struct {
	Raw   string // as the caller wrote it
	Point asof.Point
	Cut   asof.Cut
}

// asOfOf returns the point the request reads at, or nil for a read of the
// current state.
func asOfOf(c echo.Context) *asOfRead {
	r, _ := c.Get(ctxAsOf).(*asOfRead)
	return r
}

// parseAsOf reads an as_of value: YYYY-MM-DD, dd/mm/yyyy, an RFC 3339
// time, seq:N or seq:N@<date or time>.
func parseAsOf(raw string) (asof.Point, error) {
	raw = strings.TrimSpace(raw)
	if strings.Contains(raw, "/") && !strings.HasPrefix(raw, "seq:") {
		t, err := time.Parse("2/1/2006", raw)
		if err != nil {
			return asof.Point{}, err
		}
		raw = t.Format(events.DateLayout)
	}
	return asof.Parse(raw)
}

// asOfMessage is the field message of an unreadable as_of.
const asOfMessage = "Cần một ngày có thật dạng dd/mm/yyyy hoặc YYYY-MM-DD, một thời điểm RFC 3339 hoặc seq:N (số thứ tự sự kiện, từ 1)."

// ownAsOf are the routes whose handlers read as_of themselves: the
// reference data and its pages take the reference version in force on a
// day (valid time), with the figures up to the end of that day.
var ownAsOf = map[string]bool{
	"/api/v1/catalogue": true, "/api/v1/quotas": true, "/api/v1/targets": true,
	"/programme/targets": true, "/programme/catalogue": true, "/programme/quotas": true, "/programme/baseline": true,
	"/programme/reference": true,
}

// readAt returns the handler of a route as registered: a GET route that
// needs a session answers as of ?as_of= (historical); others as they are.
func (s *Server) readAt(method, path string, session bool, h echo.HandlerFunc) echo.HandlerFunc {
	if method != http.MethodGet || !session {
		return h
	}
	return s.historical(path, h)
}

// historical wraps the handler of GET route path: with ?as_of= it answers
// from the state of the log at that point (see above); without, h answers.
func (s *Server) historical(path string, h echo.HandlerFunc) echo.HandlerFunc {
	if ownAsOf[path] {
		return h
	}
	return func(c echo.Context) error {
		raw := strings.TrimSpace(c.QueryParam("as_of"))
		if raw == "" || s.past != nil {
			return h(c)
		}
		p, err := parseAsOf(raw)
		if err != nil {
			return domain.Invalid("as_of", asOfMessage)
		}
		if err := s.awaitRead(c); err != nil {
			return err
		}
		past, err := s.asOfCache.get(c.Request().Context(), s, p)
		if err != nil {
			return err
		}
		inner, ok := past.handlers[c.Request().Method+" "+c.Path()]
		if !ok {
			return h(c)
		}
		read := &asOfRead{Raw: raw, Point: p, Cut: past.cut}
		c.Set(ctxAsOf, read)
		// The route's handler sees the cut's day as as_of and no min_seq:
		// the wait was for the current state, done above.
		q := c.QueryParams()
		q.Del("min_seq")
		day := past.cut.Day().String()
		q.Set("as_of", day)
		c.Request().URL.RawQuery = q.Encode()
		hd := c.Response().Header()
		hd.Set("X-As-Of", p.String())
		hd.Set("X-As-Of-Seq", strconv.FormatUint(past.cut.LastSeq, 10))
		if !wantsPage(c) {
			// The next page of a list is at the same point, as asked.
			c.Response().Before(func() {
				if l := hd.Get("Link"); l != "" {
					hd.Set("Link", strings.ReplaceAll(l, "as_of="+url.QueryEscape(day), "as_of="+url.QueryEscape(raw)))
				}
			})
			return inner(c)
		}
		return keepAsOf(c, raw, inner)
	}
}

// pastServer is a Server answering from the state of the log at a cut.
type pastServer struct {
	key      string
	cut      asof.Cut
	state    *projections.State
	handlers map[string]echo.HandlerFunc // "GET /path" → the route's own handler
}

// historyCache holds the historical states built for as-of reads. The zero
// value is ready.
type historyCache struct {
	mu      sync.Mutex
	entries []*pastServer // least recently used first
	build   sync.Mutex
	// reports caches the reports of this Server's own state (reports.go).
	reports reportCache
}

// get returns the server of the state at p, building it when no cached one
// fits.
func (hc *historyCache) get(ctx context.Context, s *Server, p asof.Point) (*pastServer, error) {
	stable := p.String() + "|"
	if e := hc.lookup(stable); e != nil {
		return e, nil
	}
	last, err := s.cfg.Store.LastSeq(ctx)
	if err != nil {
		return nil, err
	}
	moving := stable + strconv.FormatUint(last, 10)
	if e := hc.lookup(moving); e != nil {
		return e, nil
	}
	hc.build.Lock()
	defer hc.build.Unlock()
	if e := hc.lookup(stable); e != nil {
		return e, nil
	}
	if e := hc.lookup(moving); e != nil {
		return e, nil
	}
	st := projections.New()
	var seen uint64
	read := func(ctx context.Context, from, to uint64, fn func(events.Recorded) error) error {
		return s.cfg.Store.Read(ctx, from, to, func(r events.Recorded) error {
			seen = r.Seq
			return fn(r)
		})
	}
	cut, err := asof.Read(ctx, read, p, st.Apply)
	if err != nil {
		return nil, err
	}
	// The cut is final when it stopped before an event past the point, or
	// at the sequence asked for: later appends cannot change it.
	key := moving
	if seen > cut.LastSeq || (p.Seq != 0 && cut.LastSeq == p.Seq) {
		key = stable
	}
	e := &pastServer{key: key, cut: cut, state: st}
	e.handlers = s.pastHandlers(st, cut)
	hc.mu.Lock()
	hc.entries = append(hc.entries, e)
	var total uint64
	for _, x := range hc.entries {
		total += x.cut.LastSeq
	}
	for len(hc.entries) > 1 && (len(hc.entries) > historyEntries || total > historyEvents) {
		total -= hc.entries[0].cut.LastSeq
		hc.entries = hc.entries[1:]
	}
	hc.mu.Unlock()
	return e, nil
}

func (hc *historyCache) lookup(key string) *pastServer {
	hc.mu.Lock()
	defer hc.mu.Unlock()
	for i, e := range hc.entries {
		if e.key == key {
			hc.entries = append(append(hc.entries[:i:i], hc.entries[i+1:]...), e)
			return e
		}
	}
	return nil
}

// pastHandlers builds a Server on st (store: the log up to the cut,
// read-only; clock: the cut's time) and returns its GET handlers by route.
func (s *Server) pastHandlers(st *projections.State, cut asof.Cut) map[string]echo.HandlerFunc {
	cfg := s.cfg
	cfg.State = st
	cfg.Store = pastStore{Store: s.cfg.Store, last: cut.LastSeq}
	cfg.RefuseUntilReady = false
	// The clock of the past reads the cut's time; never later than now (a
	// point in the future shows the log as it is, not deadlines to come).
	at := cut.Time()
	if now := s.now(); at.IsZero() || at.After(now) {
		at = now
	}
	cfg.Now = func() time.Time { return at }
	past := New(cfg)
	past.past = &cut
	past.SetReady(true)
	out := map[string]echo.HandlerFunc{}
	for _, r := range past.routes {
		if r.method == http.MethodGet {
			out[r.method+" "+r.path] = r.handler
		}
	}
	for _, r := range past.pageTable() {
		if r.method == http.MethodGet {
			out[r.method+" "+r.path] = r.handler
		}
	}
	return out
}

// errPastReadOnly refuses a write on the state of the past.
var errPastReadOnly = errors.New("as-of read: the log of the past is read-only")

// pastStore is the log up to a cut: reads stop at the cut and every write
// is refused.
type pastStore struct {
	events.Store
	last uint64
}

func (p pastStore) Append(context.Context, events.Envelope, uint64, string) (events.AppendResult, error) {
	return events.AppendResult{}, errPastReadOnly
}

func (p pastStore) AppendBatch(context.Context, []events.Pending) ([]events.AppendResult, error) {
	return nil, errPastReadOnly
}

func (p pastStore) Subscribe(context.Context, uint64, func(events.Recorded) error) error {
	return errPastReadOnly
}

func (p pastStore) Load(ctx context.Context, subject string) ([]events.Recorded, error) {
	all, err := p.Store.Load(ctx, subject)
	out := all[:0:0]
	for _, r := range all {
		if r.Seq <= p.last {
			out = append(out, r)
		}
	}
	return out, err
}

func (p pastStore) LastSubjectSeq(ctx context.Context, subject string) (uint64, error) {
	rs, err := p.Load(ctx, subject)
	if len(rs) == 0 {
		return 0, err
	}
	return rs[len(rs)-1].Seq, err
}

func (p pastStore) LastSeq(context.Context) (uint64, error) { return p.last, nil }

func (p pastStore) Read(ctx context.Context, from, to uint64, fn func(events.Recorded) error) error {
	if to == 0 || to > p.last {
		to = p.last
	}
	if to == 0 || from > to {
		return nil
	}
	return p.Store.Read(ctx, from, to, fn)
}

// GetAttachment reads an attachment of the underlying store (documents are
// stored by hash and never change).
func (p pastStore) GetAttachment(ctx context.Context, sha string) ([]byte, string, error) {
	a, ok := p.Store.(events.Attachments)
	if !ok {
		return nil, "", errPastReadOnly
	}
	return a.GetAttachment(ctx, sha)
}

// PutAttachment is refused: the past is read-only.
func (p pastStore) PutAttachment(context.Context, string, string, []byte) error {
	return errPastReadOnly
}

// ReadRaw reads the stored bytes of the log up to the cut.
func (p pastStore) ReadRaw(ctx context.Context, from, to uint64, fn func(events.Raw) error) error {
	rr, ok := p.Store.(events.RawReader)
	if !ok {
		return errPastReadOnly
	}
	if to == 0 || to > p.last {
		to = p.last
	}
	if to == 0 || from > to {
		return nil
	}
	return rr.ReadRaw(ctx, from, to, fn)
}
