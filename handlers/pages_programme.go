package handlers

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"daotao/domain"
	"daotao/events"
	"daotao/projections"
)

// programmeHome is the navigation entry of the "Dữ liệu Đề án" pages.
const programmeHome = "/programme/targets"

// programmeTabs are the pages of "Dữ liệu Đề án" in sub-navigation order.
var programmeTabs = []struct{ path, label string }{
	{"/programme/targets", "Mục tiêu"},
	{"/programme/catalogue", "Phụ lục I: nội dung bồi dưỡng"},
	{"/programme/quotas", "Phụ lục II: chỉ tiêu sau đại học"},
	{"/programme/baseline", "Số liệu gốc (Bảng 1–6)"},
	{"/programme/reference", "Các phiên bản"},
}

// programmeFrame is what every "Dữ liệu Đề án" page shows above its
// content: the sub-navigation, the "as of" form and the version in force.
type programmeFrame struct {
	Tabs    []navItem
	Action  string
	AsOf    string      // the date as shown in the form (dd/mm/yyyy or as typed)
	Day     events.Date // the date the page is as of
	Chosen  bool        // the date came from the query, not the clock
	Error   string      // what is wrong with the typed date
	Missing string      // why no version is in force on Day
	Ref     *projections.Reference
	Keep    []queryParam // the page's other query parameters, kept by the form
}

type queryParam struct{ Name, Value string }

// programmeFrame reads ?as_of (YYYY-MM-DD or dd/mm/yyyy; default today)
// and finds the reference data in force on it. The status is 400 for an
// unreadable date, 404 when no version is in force, else 200. The error is
// only that of waiting for the projections.
func (s *Server) programmeFrame(c echo.Context) (programmeFrame, int, error) {
	if err := s.awaitRead(c); err != nil {
		return programmeFrame{}, 0, err
	}
	f := programmeFrame{Action: c.Request().URL.Path, Day: s.today()}
	for name, vals := range c.QueryParams() {
		if name != "as_of" && name != "ok" && len(vals) > 0 && vals[0] != "" {
			f.Keep = append(f.Keep, queryParam{name, vals[0]})
		}
	}
	slices.SortFunc(f.Keep, func(a, b queryParam) int { return strings.Compare(a.Name, b.Name) })
	raw := strings.TrimSpace(c.QueryParam("as_of"))
	if raw != "" {
		d, err := events.ParseDate(isoDate(raw))
		if err != nil {
			f.AsOf, f.Error = raw, "Ngày không hợp lệ: hãy nhập một ngày có thật theo dạng dd/mm/yyyy, ví dụ 01/07/2025."
			f.Tabs = programmeNav(f.Action, "")
			return f, http.StatusBadRequest, nil
		}
		f.Day, f.Chosen = d, true
	}
	f.AsOf = formatDate(f.Day)
	query := ""
	if f.Chosen {
		query = f.Day.String()
	}
	f.Tabs = programmeNav(f.Action, query)
	ref, ok := s.cfg.State.ReferenceAsOf(f.Day)
	if !ok {
		f.Missing = "Chưa có phiên bản dữ liệu Đề án nào có hiệu lực vào ngày " + f.AsOf + "." + firstVersionHint(s.cfg.State.References())
		return f, http.StatusNotFound, nil
	}
	c.Response().Header().Set("X-Reference-Version", strconv.Itoa(ref.Version))
	f.Ref = &ref
	return f, http.StatusOK, nil
}

func firstVersionHint(refs []projections.Reference) string {
	var first events.Date
	for _, r := range refs {
		if first.IsZero() || r.EffectiveFrom.Before(first) {
			first = r.EffectiveFrom
		}
	}
	if first.IsZero() {
		return ""
	}
	return " Hãy chọn một ngày từ " + formatDate(first) + " trở đi."
}

func programmeNav(current, asOf string) []navItem {
	out := make([]navItem, len(programmeTabs))
	for i, t := range programmeTabs {
		href := t.path
		if asOf != "" {
			href += "?as_of=" + asOf
		}
		out[i] = navItem{Href: href, Label: t.label, Current: t.path == current}
	}
	return out
}

// endOfDay is the last instant of day in Asia/Ho_Chi_Minh.
func endOfDay(day events.Date) time.Time {
	t := day.Time()
	return time.Date(t.Year(), t.Month(), t.Day(), 23, 59, 59, 999999999, domain.Zone)
}

// renderProgramme renders one of the "Dữ liệu Đề án" pages, whose entry in
// the main navigation stands for all of them.
func (s *Server) renderProgramme(c echo.Context, status int, page, title string, data any, msg string) error {
	v := s.newView(c, title, data)
	for i := range v.Nav {
		v.Nav[i] = v.Nav[i].current(programmeHome)
	}
	if c.QueryParam("ok") == "reference" {
		v.Notice = "Đã công bố phiên bản mới của dữ liệu Đề án."
	}
	v.Error = msg
	return s.renderView(c, status, page, v)
}
