package handlers

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/labstack/echo/v4"

	"daotao/domain"
	"daotao/projections"
)

// listing is one page of a server-side paginated, sortable list.
type listing[T any] struct {
	Items         []T
	Total, Offset int
	Sort          string
	PrevURL       string
	NextURL       string
	SortURL       map[string]string // key → URL sorting by it (toggling direction)
	SortIndicator map[string]string // key → "▲" / "▼" for the current sort
}

// pageSize is how many rows a web list shows.
const pageSize = 50

func newListing[T any](c echo.Context, items []T, total int, pg projections.Page, sort string, keys []string) listing[T] {
	l := listing[T]{Items: items, Total: total, Offset: pg.Offset, Sort: sort, SortURL: map[string]string{}, SortIndicator: map[string]string{}}
	u := c.Request().URL
	if pg.Offset > 0 {
		l.PrevURL = withQuery(u, "offset", strconv.Itoa(max(pg.Offset-pageSize, 0)))
	}
	if pg.Offset+len(items) < total {
		l.NextURL = withQuery(u, "offset", strconv.Itoa(pg.Offset+pageSize))
	}
	for _, k := range keys {
		next := k
		switch sort {
		case k:
			next, l.SortIndicator[k] = "-"+k, "▲"
		case "-" + k:
			l.SortIndicator[k] = "▼"
		}
		l.SortURL[k] = withQuery(u, "sort", next, "offset", "")
	}
	return l
}

// webPage reads offset and sort for a web list; bad values fall back to
// the defaults rather than failing the page.
func webPage(c echo.Context, keys []string) (projections.Page, string) {
	off, err := strconv.Atoi(c.QueryParam("offset"))
	if err != nil || off < 0 {
		off = 0
	}
	sort := c.QueryParam("sort")
	if !projections.ValidSort(sort, keys) {
		sort = ""
	}
	return projections.Page{Offset: off, Limit: pageSize}, sort
}

// formErrors maps a domain error to per-field messages for a form, and a
// message for the whole form.
func formErrors(err error) (map[string]string, string) {
	de, ok := err.(*domain.Error)
	if !ok || de.Kind == domain.KindInternal {
		return nil, ""
	}
	return webFields(de.Fields), de.Message
}

// errorPage renders a domain error as a full page with its HTTP status.
func (s *Server) errorPage(c echo.Context, status int, body errorBody) {
	if status == http.StatusUnauthorized {
		_ = s.toLogin(c)
		return
	}
	title := map[int]string{400: "Dữ liệu không hợp lệ", 403: "Không có quyền truy cập", 404: "Không tìm thấy",
		409: "Không thực hiện được", 413: "Nội dung quá lớn", 429: "Thử lại sau", 503: "Hệ thống tạm thời gián đoạn"}[status]
	if title == "" {
		title = "Có lỗi xảy ra"
	}
	if c.Request().Header.Get("HX-Request") == "true" {
		c.Response().Header().Set("HX-Retarget", "#main")
		c.Response().Header().Set("HX-Reswap", "innerHTML")
	}
	_ = s.render(c, status, "error", title, body)
}

func redirectWith(c echo.Context, path, notice string) error {
	return c.Redirect(http.StatusSeeOther, path+"?ok="+url.QueryEscape(notice))
}
