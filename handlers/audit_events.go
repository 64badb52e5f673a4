package handlers

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"daotao/domain"
	"daotao/events"
)

// EventRow is one event of the log as the event browser shows it: the
// envelope, the aggregate it belongs to, and its data with every secret
// (see secretKeys) replaced by redactedValue.
type EventRow struct {
	AuditEntry
	Subject     string `json:"subject"`
	Aggregate   string `json:"aggregate"`
	AggregateID string `json:"aggregate_id"`
}

// EventPage is one page of the event browser, newest first. Every event
// matching the query with ScannedTo <= seq < before is on the page.
type EventPage struct {
	Events []EventRow `json:"events"`
	// NextBefore is the cursor of the next, older page (?before=); 0 when
	// the start of the log was reached.
	NextBefore uint64 `json:"next_before,omitempty"`
	ScannedTo  uint64 `json:"scanned_to"`
	// Bounded tells that the page stopped after examining maxEventScan
	// events, before it had limit rows: older matching events may exist.
	Bounded bool `json:"bounded"`
}

// Bounds of the event browser.
const (
	eventPageSize = pageSize
	maxEventLimit = 200
	// maxEventScan bounds the events one request examines, so that a
	// filter that matches little costs a bounded amount of work.
	maxEventScan = 5000
	// firstEventWindow is the first window read back from the cursor;
	// each next one is four times larger.
	firstEventWindow = 2 * eventPageSize
)

// eventAggregates are the aggregates a query may name, in the order the
// page offers them.
var eventAggregates = []string{events.AggregateNomination, events.AggregateOfficial, events.AggregateUser, events.AggregateSession,
	events.AggregateQuota, events.AggregateReference, events.AggregateReview, events.AggregateFilter,
	events.AggregateCommitment, events.AggregateReimbursement, events.AggregateBudget}

// eventQuery selects events of the log; zero fields match everything.
type eventQuery struct {
	Type, Aggregate, Actor, Agency string
	From, To                       time.Time // business time, From <= t < To
	Before                         uint64    // cursor: only events below it; 0: from the newest
	Limit                          int
}

// parseEventQuery reads an event query from the request, recording what
// is wrong in p. Dates are days in Asia/Ho_Chi_Minh, as dd/mm/yyyy or
// YYYY-MM-DD; to is inclusive.
func parseEventQuery(c echo.Context, p domain.Problems) eventQuery {
	q := eventQuery{Type: c.QueryParam("type"), Aggregate: c.QueryParam("aggregate"),
		Actor: strings.TrimSpace(c.QueryParam("actor")), Agency: c.QueryParam("agency"),
		Before: querySeq(c, p, "before"), Limit: queryInt(c, p, "limit", 1, maxEventLimit)}
	if q.Limit == 0 {
		q.Limit = eventPageSize
	}
	if q.Type != "" && events.CurrentVersion(q.Type) == 0 {
		p.Add("type", "Loại sự kiện không có trong danh mục: "+q.Type+".")
	}
	if q.Aggregate != "" && !slices.Contains(eventAggregates, q.Aggregate) {
		p.Add("aggregate", "Đối tượng phải là một trong: "+strings.Join(eventAggregates, ", ")+".")
	}
	if len(q.Actor) > 64 {
		p.Add("actor", "Tên đăng nhập tối đa 64 ký tự.")
	}
	if len(q.Agency) > 64 {
		p.Add("agency", "Mã cơ quan, đơn vị tối đa 64 ký tự.")
	}
	q.From = queryDay(c, p, "from", 0)
	q.To = queryDay(c, p, "to", 1)
	if !q.From.IsZero() && !q.To.IsZero() && !q.From.Before(q.To) {
		p.Add("to", "Đến ngày phải từ ngày bắt đầu trở về sau.")
	}
	return q
}

// queryDay reads a day parameter as the start of that day plus days in
// Asia/Ho_Chi_Minh; zero when absent.
func queryDay(c echo.Context, p domain.Problems, name string, days int) time.Time {
	v := strings.TrimSpace(c.QueryParam(name))
	if v == "" {
		return time.Time{}
	}
	d, err := events.ParseDate(isoDate(v))
	if err != nil {
		p.Add(name, "Ngày phải có dạng dd/mm/yyyy và là ngày có thật.")
		return time.Time{}
	}
	y, m, day := d.Time().Date()
	return time.Date(y, m, day+days, 0, 0, 0, 0, domain.Zone)
}

// auditEvents answers GET /api/v1/audit/events.
func (s *Server) auditEvents(c echo.Context) error {
	p := domain.Problems{}
	q := parseEventQuery(c, p)
	if err := p.Err(); err != nil {
		return err
	}
	page, err := s.browseEvents(c.Request().Context(), q)
	if err != nil {
		return err
	}
	if page.NextBefore != 0 {
		u := *c.Request().URL
		v := u.Query()
		v.Set("before", strconv.FormatUint(page.NextBefore, 10))
		c.Response().Header().Set("Link", `<`+u.Path+`?`+v.Encode()+`>; rel="next"`)
	}
	return c.JSON(http.StatusOK, page)
}

// browseEvents reads the log backwards from the cursor, in windows that
// grow fourfold, until it has q.Limit matching events, reaches the start
// of the log or has examined maxEventScan events. Only the matching events
// it will show are kept in memory.
func (s *Server) browseEvents(ctx context.Context, q eventQuery) (EventPage, error) {
	last, err := s.cfg.Store.LastSeq(ctx)
	if err != nil {
		return EventPage{}, unavailable(err)
	}
	hi := last
	if q.Before != 0 {
		hi = min(q.Before-1, last)
	}
	page := EventPage{Events: []EventRow{}}
	window, scanned := uint64(firstEventWindow), uint64(0)
	for hi >= 1 && len(page.Events) < q.Limit && scanned < maxEventScan {
		lo := hi - min(window, hi, maxEventScan-scanned) + 1
		rows, err := s.newestMatching(ctx, q, lo, hi, q.Limit-len(page.Events))
		if err != nil {
			return EventPage{}, err
		}
		page.Events = append(page.Events, rows...)
		scanned += hi - lo + 1
		hi, window = lo-1, window*4
	}
	switch {
	case len(page.Events) == q.Limit:
		page.ScannedTo = page.Events[len(page.Events)-1].Seq
	case hi >= 1:
		page.ScannedTo, page.Bounded = hi+1, true
	default:
		page.ScannedTo = min(1, last)
	}
	if page.ScannedTo > 1 {
		page.NextBefore = page.ScannedTo
	}
	return page, nil
}

// newestMatching returns, newest first, the newest need events of
// [lo, hi] that match q.
func (s *Server) newestMatching(ctx context.Context, q eventQuery, lo, hi uint64, need int) ([]EventRow, error) {
	ring := make([]events.Recorded, need)
	n := 0
	err := s.cfg.Store.Read(ctx, lo, hi, func(r events.Recorded) error {
		if s.matchEvent(q, r) {
			ring[n%need] = r
			n++
		}
		return nil
	})
	if errors.Is(err, events.ErrMalformed) {
		return nil, err
	}
	if err != nil {
		return nil, unavailable(err)
	}
	out := make([]EventRow, 0, min(n, need))
	for i := n - 1; i >= max(n-need, 0); i-- {
		out = append(out, eventRow(ring[i%need]))
	}
	return out, nil
}

func (s *Server) matchEvent(q eventQuery, r events.Recorded) bool {
	aggregate, id, _ := events.SplitSubject(r.Subject)
	switch {
	case q.Type != "" && r.Type != q.Type,
		q.Aggregate != "" && aggregate != q.Aggregate,
		q.Actor != "" && !actedBy(r.Actor, q.Actor),
		!q.From.IsZero() && r.Time.Before(q.From),
		!q.To.IsZero() && !r.Time.Before(q.To):
		return false
	}
	return q.Agency == "" || r.Actor.Agency == q.Agency || s.subjectAgency(aggregate, id) == q.Agency
}

func actedBy(a events.Actor, username string) bool {
	return a.Username == username || (a.OnBehalfOf != nil && a.OnBehalfOf.Username == username)
}

// subjectAgency returns the agency a record belongs to: a nomination's
// nominating agency, an official's, an agency account's; "" for others.
func (s *Server) subjectAgency(aggregate, id string) string {
	switch aggregate {
	case events.AggregateNomination:
		if n, ok := s.cfg.State.Nomination(id); ok {
			return n.AgencyCode()
		}
	case events.AggregateOfficial:
		if o, ok := s.cfg.State.Official(id); ok {
			return o.AgencyCode
		}
	case events.AggregateUser:
		if u, ok := s.cfg.State.UserByName(id); ok {
			return u.Agency
		}
	}
	return ""
}

func eventRow(r events.Recorded) EventRow {
	aggregate, id, _ := events.SplitSubject(r.Subject)
	return EventRow{
		AuditEntry: AuditEntry{Seq: r.Seq, ID: r.ID, Type: r.Type, Version: r.Version, Time: r.Time, StoredAt: r.StoredAt,
			Actor: r.Actor, Data: redact(r.Data)},
		Subject: r.Subject, Aggregate: aggregate, AggregateID: id,
	}
}

// secretKeys are the keys of event data the event browser never shows, at
// any depth: they would let a reader log in as someone else.
var secretKeys = []string{"password_hash", "token_sha256"}

const redactedValue = "[đã ẩn]"

// redact returns raw with the value of every secret key replaced. Data
// that mentions no secret key (nor any \u escape that could spell one) is
// returned as stored; data that cannot be parsed is hidden whole.
func redact(raw json.RawMessage) json.RawMessage {
	if !bytes.Contains(raw, []byte(`\u`)) && !slices.ContainsFunc(secretKeys, func(k string) bool { return bytes.Contains(raw, []byte(k)) }) {
		return raw
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return json.RawMessage(strconv.Quote(redactedValue))
	}
	out, err := json.Marshal(redactValue(v))
	if err != nil {
		return json.RawMessage(strconv.Quote(redactedValue))
	}
	return out
}

func redactValue(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			if slices.Contains(secretKeys, k) {
				t[k] = redactedValue
			} else {
				t[k] = redactValue(x)
			}
		}
	case []any:
		for i, x := range t {
			t[i] = redactValue(x)
		}
	}
	return v
}
