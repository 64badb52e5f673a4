package handlers

import (
	"bytes"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"
)

// bufferedWriter holds a page's response so that keepAsOf can rewrite it.
type bufferedWriter struct {
	real   http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (b *bufferedWriter) Header() http.Header         { return b.real.Header() }
func (b *bufferedWriter) Write(p []byte) (int, error) { return b.body.Write(p) }
func (b *bufferedWriter) WriteHeader(status int)      { b.status = status }

// keepAsOf runs a page's handler and rewrites its HTML so that the reader
// stays at the same point of the past: every link and GET form within the
// site carries as_of (raw, as the reader wrote it), a redirect too, and
// every form that would change something is disabled (a disabled
// fieldset), except logging out.
func keepAsOf(c echo.Context, raw string, inner echo.HandlerFunc) error {
	res := c.Response()
	real := res.Writer
	buf := &bufferedWriter{real: real, status: http.StatusOK}
	res.Writer = buf
	err := inner(c)
	res.Writer = real
	if err != nil && !res.Committed {
		return err
	}
	h := real.Header()
	if loc := h.Get(echo.HeaderLocation); loc != "" {
		h.Set(echo.HeaderLocation, withAsOf(loc, raw))
	}
	body := buf.body.Bytes()
	if strings.HasPrefix(h.Get(echo.HeaderContentType), echo.MIMETextHTML) {
		body = rewriteHTML(body, raw)
		h.Del(echo.HeaderContentLength)
	}
	real.WriteHeader(buf.status)
	_, werr := real.Write(body)
	if err != nil {
		return err
	}
	return werr
}

// withAsOf returns the local URL u with as_of set to raw; other URLs as
// they are.
func withAsOf(u, raw string) string {
	if !strings.HasPrefix(u, "/") || strings.HasPrefix(u, "//") || strings.HasPrefix(u, "/static/") || strings.HasPrefix(u, "/logout") {
		return u
	}
	parsed, err := url.Parse(u)
	if err != nil {
		return u
	}
	q := parsed.Query()
	q.Set("as_of", raw)
	parsed.RawQuery = q.Encode()
	return parsed.String()
}

var (
	linkAttr = regexp.MustCompile(`(href|hx-get|action)="(/[^"]*)"`)
	formTag  = regexp.MustCompile(`<form\b[^>]*>`)
	anyTag   = regexp.MustCompile(`<[a-zA-Z][a-zA-Z0-9-]*\b[^>]*>`)
)

// rewriteHTML adds as_of to local links and GET forms, and disables forms
// that post (but the logout form and the as-of selector).
func rewriteHTML(page []byte, raw string) []byte {
	s := string(page)
	s = anyTag.ReplaceAllStringFunc(s, func(tag string) string {
		if strings.Contains(tag, "data-asof") {
			return tag // the selector and the way back to the present
		}
		return linkAttr.ReplaceAllStringFunc(tag, func(m string) string {
			sub := linkAttr.FindStringSubmatch(m)
			if sub[1] == "action" {
				return m // forms are handled below
			}
			u := html.UnescapeString(sub[2])
			return sub[1] + `="` + html.EscapeString(withAsOf(u, raw)) + `"`
		})
	})
	var out strings.Builder
	for {
		loc := formTag.FindStringIndex(s)
		if loc == nil {
			out.WriteString(s)
			break
		}
		tag := s[loc[0]:loc[1]]
		out.WriteString(s[:loc[1]])
		s = s[loc[1]:]
		switch {
		case strings.Contains(tag, `data-asof`), strings.Contains(tag, `action="/logout"`):
		case strings.Contains(strings.ToLower(tag), `method="post"`):
			end := strings.Index(s, "</form>")
			if end < 0 {
				continue
			}
			out.WriteString(`<fieldset disabled class="asof-readonly">`)
			out.WriteString(s[:end])
			out.WriteString(`</fieldset>`)
			s = s[end:]
		default:
			out.WriteString(`<input type="hidden" name="as_of" value="` + html.EscapeString(raw) + `">`)
		}
	}
	return []byte(out.String())
}

// asOfView is what the layout shows of the point a page reads at: the
// selector's value and the page's other query parameters, and for a page
// of the past the cut and the way back to the present.
type asOfView struct {
	Active bool
	Raw    string
	Time   string // the cut's time, dd/mm/yyyy hh:mm
	Seq    uint64
	Path   string
	Keep   []queryParam
	Live   string // this page now
}

// pageAsOf returns the as-of view of a page request.
func pageAsOf(c echo.Context) asOfView {
	v := asOfView{Path: c.Request().URL.Path}
	q := c.Request().URL.Query()
	read := asOfOf(c)
	live := url.Values{}
	for name, vals := range q {
		if name == "as_of" || name == "min_seq" || name == "ok" || len(vals) == 0 {
			continue
		}
		v.Keep = append(v.Keep, queryParam{name, vals[0]})
		live.Set(name, vals[0])
	}
	sortParams(v.Keep)
	v.Live = v.Path
	if len(live) > 0 {
		v.Live += "?" + live.Encode()
	}
	if read == nil {
		v.Raw = q.Get("as_of")
		return v
	}
	v.Active, v.Raw, v.Seq = true, read.Raw, read.Cut.LastSeq
	if t := read.Cut.Time(); !t.IsZero() {
		v.Time = formatTime(t)
	}
	return v
}

func sortParams(ps []queryParam) {
	slices.SortFunc(ps, func(a, b queryParam) int { return strings.Compare(a.Name, b.Name) })
}
