package handlers_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// checkHygiene checks what every page must get right: a strict
// Content-Security-Policy, no inline script, style or event handler (the
// policy would block them), Vietnamese, unique ids, every field labelled
// and every form that changes something carrying its CSRF token.
func checkHygiene(t *testing.T, p page) {
	t.Helper()
	csp := p.header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
		t.Errorf("%s: Content-Security-Policy %q, want script-src 'self' and nothing unsafe", p.req, csp)
	}
	if lang := attr(p.one(t, "html"), "lang"); lang != "vi" {
		t.Errorf("%s: <html lang=%q>, want vi", p.req, lang)
	}
	if p.text("head title") == "" {
		t.Errorf("%s: no title", p.req)
	}
	for _, s := range p.all("script") {
		if src := attr(s, "src"); !strings.HasPrefix(src, "/static/") || textOf(s) != "" {
			t.Errorf("%s: inline or foreign script (src %q, text %q)", p.req, src, textOf(s))
		}
	}
	if len(p.all("style")) > 0 {
		t.Errorf("%s: inline <style> element", p.req)
	}
	ids := checkAttributes(t, p)
	checkLabels(t, p, ids)
	for _, f := range p.all("form[method=post]") {
		if tok := first(f, "input[name=_csrf]"); tok == nil || attr(tok, "value") == "" {
			t.Errorf("%s: form %s without a CSRF token", p.req, attr(f, "action"))
		}
	}
}

// checkAttributes looks at every attribute of p and returns its ids.
func checkAttributes(t *testing.T, p page) map[string]bool {
	t.Helper()
	ids := map[string]bool{}
	elements(p.doc, func(n *html.Node) {
		for _, a := range n.Attr {
			v := strings.ToLower(strings.TrimSpace(a.Val))
			switch {
			case strings.HasPrefix(a.Key, "on") || strings.HasPrefix(a.Key, "hx-on"):
				t.Errorf("%s: inline event handler %s=%q on <%s>", p.req, a.Key, a.Val, n.Data)
			case a.Key == "style":
				t.Errorf("%s: inline style=%q on <%s> (blocked by style-src 'self')", p.req, a.Val, n.Data)
			case (a.Key == "href" || a.Key == "action" || a.Key == "src") && strings.HasPrefix(v, "javascript:"):
				t.Errorf("%s: javascript: URL on <%s>", p.req, n.Data)
			}
		}
		if id := attr(n, "id"); id != "" {
			if ids[id] {
				t.Errorf("%s: duplicate id %q", p.req, id)
			}
			ids[id] = true
		}
	})
	return ids
}

// checkLabels checks that labels point at fields and fields have labels.
func checkLabels(t *testing.T, p page, ids map[string]bool) {
	t.Helper()
	labelled := map[string]bool{}
	for _, l := range p.all("label[for]") {
		if !ids[attr(l, "for")] {
			t.Errorf("%s: label %q for missing id %q", p.req, textOf(l), attr(l, "for"))
		}
		labelled[attr(l, "for")] = true
	}
	for _, tag := range []string{"input", "select", "textarea"} {
		for _, f := range p.all(tag) {
			if attr(f, "type") == "hidden" || attr(f, "aria-label") != "" || closest(f, "label") != nil {
				continue
			}
			if id := attr(f, "id"); id == "" || !labelled[id] {
				t.Errorf("%s: <%s name=%q id=%q> has no label", p.req, tag, attr(f, "name"), id)
			}
		}
	}
}

type link struct{ href, label string }

// navs is the navigation of each account, in page order (the links of a
// menu where the menu is): only what its role may use.
var navs = map[string][]link{
	"soyte": agencyNav,
	"tamky": agencyNav,
	"hoidong": {{"/queue", "Hàng đợi xử lý"}, {"/sittings", "Phiên họp"}, {"/deadlines", "Hạn xử lý"}, {"/nominations", "Hồ sơ"}, {"/officials", "Cán bộ"},
		{"/programmes", "Chương trình bồi dưỡng"}, {"/courses", "Khóa học"}, trainingsLink, traineesLink,
		plansLink, needsLink, planActualLink, casesLink, {"/reimbursements/preview", "Tính đền bù"}, reportsLink, programmeLink, delegationsLink},
	"kiemtra": {{"/audit", "Kiểm tra"}, {"/nominations", "Hồ sơ"}, {"/officials", "Cán bộ"}, {"/reviews", "Sơ kết, tổng kết"}, reportsLink,
		programmeLink, trainingsLink, plansLink, casesLink, budgetsLink},
	"quantri": {{"/admin/users", "Tài khoản"}, {"/admin/agencies", "Cơ quan, đơn vị"}, {"/admin/holidays", "Ngày nghỉ lễ"}, {"/nominations", "Hồ sơ"},
		{"/officials", "Cán bộ"}, reportsLink, programmeLink, {"/reimbursements/preview", "Tính đền bù"}, trainingsLink, casesLink, budgetsLink, delegationsLink},
}

// agencyNav is an agency officer's navigation.
var agencyNav = []link{{"/queue", "Việc cần làm"}, {"/nominations", "Hồ sơ cử đi"}, {"/officials", "Cán bộ"},
	{"/programmes", "Chương trình bồi dưỡng"}, {"/courses", "Khóa học"}, trainingsLink, overdueLink, traineesLink,
	plansLink, needsLink, planActualLink, {"/providers", "Cơ sở đào tạo"},
	budgetsLink, commitmentsLink, casesLink, {"/reimbursements/preview", "Tính đền bù"}, reportsLink, programmeLink, delegationsLink}

// Links to the planning and delegation pages.
var (
	plansLink       = link{"/plans", "Kế hoạch năm"}
	needsLink       = link{"/needs", "Nhu cầu đào tạo, bồi dưỡng"}
	planActualLink  = link{"/plans/actual", "Kế hoạch và thực hiện"}
	traineesLink    = link{"/trainees", "Học viên sau đại học"}
	delegationsLink = link{"/delegations", "Ủy quyền"}
)

// Links to the money pages (pages_money.go).
var (
	commitmentsLink = link{"/commitments", "Cam kết phục vụ"}
	casesLink       = link{"/reimbursements", "Đền bù"}
	budgetsLink     = link{"/budgets", "Dự toán kinh phí"}
)

// Links to the completion pages (pages_completion.go).
var (
	trainingsLink = link{"/trainings", "Kết quả học tập"}
	overdueLink   = link{"/overdue-reports", "Báo cáo quá hạn"}
)

// reportsLink leads every role to the dashboard and the reports.
var reportsLink = link{"/dashboard", "Mục tiêu, báo cáo"}

// programmeLink leads every role to the "Dữ liệu Đề án" pages.
var programmeLink = link{"/programme/targets", "Dữ liệu Đề án"}

func TestNavigation(t *testing.T) {
	w := newWebWorld(t)
	for _, user := range usernames {
		t.Run(user, func(t *testing.T) {
			b := w.as[user]
			home := b.get(t, homes[user]).expect(t, http.StatusOK)
			var got []link
			for _, a := range home.all("nav.main a") {
				got = append(got, link{attr(a, "href"), textOf(a)})
			}
			if !slices.Equal(got, navs[user]) {
				t.Errorf("navigation = %q, want %q", got, navs[user])
			}
			if cur := home.all("nav.main a[aria-current=page]"); len(cur) != 1 || attr(cur[0], "href") != homes[user] {
				t.Errorf("current link = %q, want only %s", texts(cur), homes[user])
			}
			for _, l := range navs[user] {
				b.get(t, l.href).expect(t, http.StatusOK)
			}
		})
	}
	login := w.browser(t).get(t, "/login").expect(t, http.StatusOK)
	if len(login.all("nav.main")) != 0 || len(login.all(".who")) != 0 {
		t.Errorf("the login page shows a navigation or a user")
	}
	checkHygiene(t, login)
}

func TestHeader(t *testing.T) {
	w := newWebWorld(t)
	tests := []struct {
		user string
		want []string
	}{
		{"soyte", []string{"soyte", "Cán bộ tổ chức cơ quan, đơn vị", "Sở Y tế"}},
		{"tamky", []string{"tamky", "Cán bộ tổ chức cơ quan, đơn vị", "Ủy ban nhân dân thành phố Tam Kỳ"}},
		{"hoidong", []string{"hoidong", "Hội đồng đào tạo, bồi dưỡng"}},
		{"kiemtra", []string{"kiemtra", "Kiểm tra, thanh tra"}},
		{"quantri", []string{"quantri", "Quản trị hệ thống"}},
	}
	for _, tt := range tests {
		t.Run(tt.user, func(t *testing.T) {
			p := w.as[tt.user].get(t, "/officials").expect(t, http.StatusOK)
			who := p.one(t, "header .who")
			var got []string
			for _, sp := range all(who, "span") {
				if closest(sp, "a.inbox-link") == nil { // the unread count: inbox_test.go
					got = append(got, textOf(sp))
				}
			}
			if first(who, "a.inbox-link[href=/inbox]") == nil {
				t.Errorf("header has no link to the inbox")
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("header shows %q, want %q", got, tt.want)
			}
			if first(who, "form[action=/logout] button") == nil {
				t.Errorf("header has no logout button")
			}
		})
	}
}

// TestHTMX: an htmx request that is not a boosted navigation gets only
// the page's content; errors are retargeted to the main area.
func TestHTMX(t *testing.T) {
	w := newWebWorld(t)
	b := w.as["hoidong"]
	layout := []string{"html", "head", "body", "header", "nav", "footer"}
	t.Run("search", func(t *testing.T) {
		p := b.get(t, "/officials?q=lan&agency=so_y_te", "HX-Request", "true").expect(t, http.StatusOK)
		wantNoLayout(t, p, layout)
		if !strings.Contains(p.header.Get("Vary"), "HX-Request") {
			t.Errorf("Vary = %q, want HX-Request", p.header.Get("Vary"))
		}
		frag := parseFragment(t, p.raw)
		if rows := all(first(frag, "#officials-list"), "tbody tr"); len(rows) != 1 {
			t.Errorf("%d rows for q=lan in so_y_te, want 1", len(rows))
		}
		none := parseFragment(t, b.get(t, "/officials?q=kh%C3%B4ng+c%C3%B3+ai", "HX-Request", "true").expect(t, http.StatusOK).raw)
		if rows := all(none, "#officials-list tbody tr"); len(rows) != 0 || textOf(first(none, "#officials-list .hint")) == "" {
			t.Errorf("no match: %d rows and hint %q, want none and a hint", len(rows), textOf(first(none, "#officials-list .hint")))
		}
	})
	t.Run("boosted", func(t *testing.T) {
		p := b.get(t, "/officials?q=lan", "HX-Request", "true", "HX-Boosted", "true").expect(t, http.StatusOK)
		if tags := startTags(p.raw); tags["html"] != 1 || tags["nav"] == 0 {
			t.Errorf("boosted navigation got %v, want the whole page", tags)
		}
	})
	t.Run("forbidden", func(t *testing.T) {
		p := b.get(t, "/admin/users", "HX-Request", "true").expect(t, http.StatusForbidden)
		wantNoLayout(t, p, layout)
		if p.header.Get("HX-Retarget") != "#main" {
			t.Errorf("HX-Retarget = %q, want #main", p.header.Get("HX-Retarget"))
		}
		if h1 := textOf(first(parseFragment(t, p.raw), "h1")); h1 != "Không có quyền truy cập" {
			t.Errorf("h1 = %q", h1)
		}
	})
	t.Run("logged out", func(t *testing.T) {
		p := w.browser(t).get(t, "/officials?q=lan", "HX-Request", "true").expect(t, http.StatusUnauthorized)
		if got := p.header.Get("HX-Redirect"); got != "/login?next=%2Fofficials%3Fq%3Dlan" {
			t.Errorf("HX-Redirect = %q, want the login page with next", got)
		}
	})
}

func wantNoLayout(t *testing.T, p page, layout []string) {
	t.Helper()
	tags := startTags(p.raw)
	for _, tag := range layout {
		if tags[tag] > 0 {
			t.Errorf("%s: htmx answer has <%s>, want only the content", p.req, tag)
		}
	}
}

func TestStatic(t *testing.T) {
	a := newApp(t)
	for path, typ := range map[string]string{"/static/app.css": "text/css", "/static/app.js": "text/javascript", "/static/htmx-2.0.11.min.js": "text/javascript"} {
		r := a.do(t, "", http.MethodGet, path, nil).want(t, http.StatusOK)
		if got := r.header.Get("Content-Type"); !strings.HasPrefix(got, typ) {
			t.Errorf("%s: Content-Type %q, want %s", path, got, typ)
		}
		if len(r.raw) == 0 {
			t.Errorf("%s: empty", path)
		}
	}
	a.do(t, "", http.MethodGet, "/static/nope.js", nil).want(t, http.StatusNotFound)
}
