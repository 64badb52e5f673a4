package handlers_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

// Cookies of the web application.
const (
	sessionCookie = "daotao_session"
	loginCSRF     = "daotao_login_csrf"
)

// site is where the test browsers think the application lives: the host
// httptest.NewRequest gives every request.
var site = &url.URL{Scheme: "http", Host: "example.com", Path: "/"}

// browser is one person using the web application through the real
// router: it keeps cookies as a browser does (paths, expiry, deletion)
// and submits forms with their hidden fields.
type browser struct {
	a   *app
	jar *jar
}

func (a *app) browser(t *testing.T) *browser {
	t.Helper()
	return &browser{a: a, jar: &jar{now: a.clock.Now, cookies: map[[2]string]*http.Cookie{}}}
}

// jar keeps cookies by name and path as a browser does, but on the test's
// fake clock: net/http/cookiejar reads the real one, and the fake clock's
// days are long gone.
type jar struct {
	now     func() time.Time
	cookies map[[2]string]*http.Cookie // by name and path
}

// SetCookies stores cookies set by an answer from u, deleting those that
// are expired on arrival.
func (j *jar) SetCookies(u *url.URL, cookies []*http.Cookie) {
	for _, c := range cookies {
		if c.Path == "" {
			c.Path = u.Path
		}
		key := [2]string{c.Name, c.Path}
		if c.MaxAge < 0 || j.expired(c) {
			delete(j.cookies, key)
			continue
		}
		j.cookies[key] = c
	}
}

func (j *jar) expired(c *http.Cookie) bool {
	return !c.Expires.IsZero() && !c.Expires.After(j.now())
}

// Cookies returns the cookies to send to u, longest path first.
func (j *jar) Cookies(u *url.URL) []*http.Cookie {
	var out []*http.Cookie
	for _, c := range j.cookies {
		if !j.expired(c) && (u.Path == c.Path || strings.HasPrefix(u.Path, strings.TrimSuffix(c.Path, "/")+"/")) {
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(a, b *http.Cookie) int { return len(b.Path) - len(a.Path) })
	return out
}

// page is a response with its parsed HTML (nil when it is not HTML).
type page struct {
	response
	doc *html.Node
}

// loginAs opens a browser and logs username in through the login form.
func (a *app) loginAs(t *testing.T, username string) *browser {
	t.Helper()
	b := a.browser(t)
	b.login(t, username, password).redirect(t)
	if b.cookie(sessionCookie) == "" {
		t.Fatalf("login %s: no %s cookie", username, sessionCookie)
	}
	return b
}

// login fills in and submits the login form.
func (b *browser) login(t *testing.T, username, pw string) page {
	t.Helper()
	form := b.get(t, "/login").expect(t, http.StatusOK)
	if b.cookie(loginCSRF, "/login") == "" {
		t.Fatalf("GET /login set no %s cookie", loginCSRF)
	}
	return b.submit(t, form, "form[action=/login]", url.Values{"username": {username}, "password": {pw}})
}

// get requests path. headers alternate name and value.
func (b *browser) get(t *testing.T, path string, headers ...string) page {
	t.Helper()
	return b.send(t, http.MethodGet, path, nil, headers...)
}

// post sends form to path as a form submission, exactly as given (no
// CSRF token is added).
func (b *browser) post(t *testing.T, path string, form url.Values, headers ...string) page {
	t.Helper()
	return b.send(t, http.MethodPost, path, form, headers...)
}

// send makes one request with the browser's cookies and keeps the cookies
// the answer sets.
func (b *browser) send(t *testing.T, method, path string, form url.Values, headers ...string) page {
	t.Helper()
	u := resolve(t, path)
	var hs []string
	var body any
	if form != nil {
		body = form.Encode()
		hs = append(hs, "Content-Type", "application/x-www-form-urlencoded")
	}
	if cs := b.jar.Cookies(u); len(cs) > 0 {
		pairs := make([]string, len(cs))
		for i, c := range cs {
			pairs[i] = c.Name + "=" + c.Value
		}
		hs = append(hs, "Cookie", strings.Join(pairs, "; "))
	}
	r := b.a.do(t, "", method, path, body, append(hs, headers...)...)
	b.jar.SetCookies(u, (&http.Response{Header: r.header}).Cookies())
	p := page{response: r}
	if strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
		p.doc = parseHTML(t, r.raw)
	}
	return p
}

func resolve(t *testing.T, path string) *url.URL {
	t.Helper()
	ref, err := url.Parse(path)
	if err != nil {
		t.Fatalf("bad path %q: %v", path, err)
	}
	return site.ResolveReference(ref)
}

// cookie returns the value of the cookie name the browser would send to
// path (default "/"), "" if none.
func (b *browser) cookie(name string, path ...string) string {
	u := site
	if len(path) > 0 {
		u = site.ResolveReference(&url.URL{Path: path[0]})
	}
	for _, c := range b.jar.Cookies(u) {
		if c.Name == name {
			return c.Value
		}
	}
	return ""
}

// submit fills in the form of p matching sel as a browser would (its
// hidden fields, the values already in it, the selected options), sets
// values over them and posts it to the form's action.
func (b *browser) submit(t *testing.T, p page, sel string, values url.Values) page {
	t.Helper()
	form := p.one(t, sel)
	if m := attr(form, "method"); !strings.EqualFold(m, "post") {
		t.Fatalf("%s: form %s has method %q, want post", p.req, sel, m)
	}
	data := formValues(form)
	for k, v := range values {
		data[k] = v
	}
	return b.post(t, attr(form, "action"), data)
}

// formValues returns what a browser would send for form untouched.
func formValues(form *html.Node) url.Values {
	data := url.Values{}
	for _, n := range all(form, "[name]") {
		name := attr(n, "name")
		if _, disabled := lookupAttr(n, "disabled"); disabled {
			continue
		}
		switch n.Data {
		case "input":
			typ := attr(n, "type")
			_, checked := lookupAttr(n, "checked")
			if (typ == "checkbox" || typ == "radio") && !checked {
				continue
			}
			data.Add(name, attr(n, "value"))
		case "textarea":
			data.Add(name, textOf(n))
		case "select":
			data.Add(name, selectedValue(n))
		}
	}
	return data
}

func selectedValue(sel *html.Node) string {
	opts := all(sel, "option")
	if len(opts) == 0 {
		return ""
	}
	chosen := opts[0]
	for _, o := range opts {
		if _, ok := lookupAttr(o, "selected"); ok {
			chosen = o
		}
	}
	if v, ok := lookupAttr(chosen, "value"); ok {
		return v
	}
	return textOf(chosen)
}

// expect fails the test now unless the page has status.
func (p page) expect(t *testing.T, status int) page {
	t.Helper()
	if p.status != status {
		t.Fatalf("%s: status = %d, want %d; body %.2000s", p.req, p.status, status, p.raw)
	}
	return p
}

// redirect checks a 303 answer and returns where it leads.
func (p page) redirect(t *testing.T) *url.URL {
	t.Helper()
	p.expect(t, http.StatusSeeOther)
	u, err := url.Parse(p.header.Get("Location"))
	if err != nil || p.header.Get("Location") == "" {
		t.Fatalf("%s: bad Location %q", p.req, p.header.Get("Location"))
	}
	return u
}

// follow checks a 303 answer and opens where it leads.
func (b *browser) follow(t *testing.T, p page) page {
	t.Helper()
	return b.get(t, p.redirect(t).String())
}

// all returns the elements of the page matching sel.
func (p page) all(sel string) []*html.Node { return all(p.doc, sel) }

// one returns the first element matching sel and fails the test now when
// there is none.
func (p page) one(t *testing.T, sel string) *html.Node {
	t.Helper()
	n := first(p.doc, sel)
	if n == nil {
		t.Fatalf("%s: no element %q in %.3000s", p.req, sel, p.raw)
	}
	return n
}

// text returns the text of the first element matching sel, "" if none.
func (p page) text(sel string) string { return textOf(first(p.doc, sel)) }

// h1 returns the text of the page's heading.
func (p page) h1() string { return p.text("main h1") }

// csrf returns the CSRF token of the page's forms.
func (p page) csrf(t *testing.T) string {
	t.Helper()
	return attr(p.one(t, "form input[name=_csrf]"), "value")
}

// wantText fails unless the text of the first element matching sel
// contains every one of want.
func (p page) wantText(t *testing.T, sel string, want ...string) {
	t.Helper()
	got := p.text(sel)
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("%s: %s reads %q, want it to contain %q", p.req, sel, got, w)
		}
	}
}

// rows returns the text of each row of the first table body under sel.
func (p page) rows(sel string) [][]string {
	var out [][]string
	for _, tr := range all(first(p.doc, sel), "tbody tr") {
		out = append(out, texts(all(tr, "td")))
	}
	return out
}

// notice returns the confirmation the page shows, "" if none.
func (p page) notice() string { return p.text("main .notice") }

// errorMessage returns the error the page shows, "" if none.
func (p page) errorMessage() string { return p.text("main .error") }

// hrefs returns the href of each element matching sel.
func (p page) hrefs(sel string) []string {
	var out []string
	for _, n := range p.all(sel) {
		out = append(out, attr(n, "href"))
	}
	return out
}

// column returns the cells of column i of rows.
func column(rows [][]string, i int) []string {
	var out []string
	for _, r := range rows {
		if i < len(r) {
			out = append(out, r[i])
		}
	}
	return out
}

// containsAll reports whether list holds every one of want.
func containsAll(list []string, want ...string) bool {
	for _, w := range want {
		if !slices.Contains(list, w) {
			return false
		}
	}
	return true
}
