package handlers

import (
	"bytes"
	"net/http"
	"strconv"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"daotao/domain"
	"daotao/events"
)

// eventsPage is the event browser: every event of the log, newest first.
type eventsPage struct {
	Form       eventForm
	Errors     map[string]string
	Types      []option
	Aggregates []option
	Agencies   []domain.Agency
	Rows       []eventView
	Page       EventPage
	NewestURL  string // the first page, when this is not it
	OlderURL   string
}

// eventForm is the browser's filter as typed.
type eventForm struct{ Type, Aggregate, Actor, Agency, From, To string }

type option struct{ Value, Label string }

// eventView is one row of the browser.
type eventView struct {
	EventRow
	SubjectText, SubjectHref string
	Data                     string // indented, cut at maxShownData
	Cut                      int    // how many bytes were cut
}

// maxShownData bounds the data a row shows; the API gives it whole.
const maxShownData = 16 << 10

// aggregateLabels name the aggregates for people.
var aggregateLabels = map[string]string{
	events.AggregateNomination: "Hồ sơ cử đi", events.AggregateOfficial: "Cán bộ", events.AggregateUser: "Tài khoản",
	events.AggregateSession: "Phiên đăng nhập", events.AggregateQuota: "Chỉ tiêu (Phụ lục II)",
	events.AggregateReference: "Dữ liệu tham chiếu", events.AggregateReview: "Sơ kết, tổng kết",
	events.AggregateFilter:     "Bộ lọc hàng đợi",
	events.AggregateCommitment: "Cam kết phục vụ", events.AggregateReimbursement: "Hồ sơ đền bù", events.AggregateBudget: "Dự toán khóa học",
}

func (s *Server) eventsPage(c echo.Context) error {
	p := domain.Problems{}
	q := parseEventQuery(c, p)
	q.Limit = eventPageSize
	page := eventsPage{Errors: webFields(p), Agencies: s.agencies().All(), Aggregates: aggregateOptions(), Types: typeOptions(),
		Form: eventForm{Type: c.QueryParam("type"), Aggregate: c.QueryParam("aggregate"), Actor: c.QueryParam("actor"),
			Agency: c.QueryParam("agency"), From: c.QueryParam("from"), To: c.QueryParam("to")}}
	if len(p) > 0 {
		v := s.newView(c, "Nhật ký sự kiện", page)
		v.Error = "Bộ lọc chưa đúng; sửa các ô được đánh dấu rồi bấm \"Lọc\"."
		return s.renderView(c, http.StatusBadRequest, "audit_events", v)
	}
	result, err := s.browseEvents(c.Request().Context(), q)
	if err != nil {
		return err
	}
	page.Page = result
	for _, r := range result.Events {
		page.Rows = append(page.Rows, s.eventView(r))
	}
	u := c.Request().URL
	if q.Before != 0 {
		page.NewestURL = withQuery(u, "before", "")
	}
	if result.NextBefore != 0 {
		page.OlderURL = withQuery(u, "before", strconv.FormatUint(result.NextBefore, 10))
	}
	return s.render(c, http.StatusOK, "audit_events", "Nhật ký sự kiện", page)
}

func (s *Server) eventView(r EventRow) eventView {
	v := eventView{EventRow: r, SubjectText: label(aggregateLabels, r.Aggregate) + " " + r.AggregateID}
	switch r.Aggregate {
	case events.AggregateNomination:
		v.SubjectHref = "/audit/nominations/" + r.AggregateID
		if n, ok := s.cfg.State.Nomination(r.AggregateID); ok {
			v.SubjectText = "Hồ sơ: " + n.Details().Title
		}
	case events.AggregateOfficial:
		v.SubjectHref = "/officials/" + r.AggregateID
		if o, ok := s.cfg.State.Official(r.AggregateID); ok {
			v.SubjectText = "Cán bộ: " + o.FullName
		}
	}
	var buf bytes.Buffer
	if jsonIndent(&buf, r.Data) != nil {
		buf.Reset()
		buf.Write(r.Data)
	}
	v.Data = buf.String()
	if len(v.Data) > maxShownData {
		end := maxShownData
		for end > 0 && !utf8.RuneStart(v.Data[end]) {
			end--
		}
		v.Data, v.Cut = v.Data[:end], len(v.Data)-end
	}
	return v
}

func typeOptions() []option {
	var out []option
	for _, t := range events.Types() {
		out = append(out, option{t, label(eventLabels, t)})
	}
	return out
}

func aggregateOptions() []option {
	out := make([]option, len(eventAggregates))
	for i, a := range eventAggregates {
		out[i] = option{a, aggregateLabels[a]}
	}
	return out
}
