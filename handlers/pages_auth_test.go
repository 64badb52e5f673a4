package handlers_test

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"daotao/domain"
	"daotao/events/jetstream/jstest"
	"daotao/handlers"
	"daotao/projections"
)

func TestTemplatesParse(t *testing.T) {
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("handlers.New panicked: %v", r)
		}
	}()
	srv := handlers.New(handlers.Config{Store: jstest.Open(t), State: projections.New(), Agencies: domain.DefaultAgencies()})
	if srv == nil {
		t.Fatal("handlers.New returned nil")
	}
}

func TestWebLogin(t *testing.T) {
	a := newApp(t)
	a.user(t, "soyte", domain.RoleAgency, "so_y_te")
	b := a.browser(t)
	form := b.get(t, "/login").expect(t, http.StatusOK)
	checkHygiene(t, form)
	wantH1(t, form, "Đăng nhập")
	for _, id := range []string{"username", "password"} {
		if first(form.doc, "label[for="+id+"]") == nil {
			t.Errorf("login field %s has no label", id)
		}
	}
	before := a.lastSeq(t)
	r := b.submit(t, form, "form[action=/login]", url.Values{"username": {"soyte"}, "password": {password}})
	if got := r.redirect(t).String(); got != "/queue" {
		t.Errorf("login redirects to %q, want the agency's home /queue", got)
	}
	if a.lastSeq(t) != before+1 {
		t.Errorf("login appended %d events, want 1 (session.opened)", a.lastSeq(t)-before)
	}
	ck := setCookie(t, r, "daotao_session")
	if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Path != "/" || ck.Secure {
		t.Errorf("session cookie %+v, want HttpOnly, SameSite=Lax, Path=/ and not Secure on plain HTTP", ck)
	}
	if want := start.Add(12 * time.Hour); !ck.Expires.Equal(want) {
		t.Errorf("session cookie expires %v, want %v", ck.Expires, want)
	}
	if b.cookie(loginCSRF, "/login") != "" {
		t.Errorf("the login CSRF cookie outlives the login")
	}
	again := b.get(t, "/login")
	if got := again.redirect(t).String(); got != "/queue" {
		t.Errorf("GET /login while logged in redirects to %q, want /queue", got)
	}
	b.get(t, "/queue").expect(t, http.StatusOK)
}

// setCookie returns the cookie name that r sets.
func setCookie(t *testing.T, r page, name string) *http.Cookie {
	t.Helper()
	for _, c := range (&http.Response{Header: r.header}).Cookies() {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("%s: sets no %s cookie", r.req, name)
	return nil
}

func TestWebLoginNext(t *testing.T) {
	a := newApp(t)
	a.user(t, "hoidong", domain.RoleCouncil, "")
	tests := []struct{ next, want string }{
		{"/officials?group=3", "/officials?group=3"},
		{"//evil.example/x", "/queue"},
		{"https://evil.example/", "/queue"},
		{"/\\evil.example", "/queue"},
	}
	for _, tt := range tests {
		t.Run(tt.next, func(t *testing.T) {
			b := a.browser(t)
			form := b.get(t, "/login?next="+url.QueryEscape(tt.next)).expect(t, http.StatusOK)
			r := b.submit(t, form, "form[action=/login]", url.Values{"username": {"hoidong"}, "password": {password}})
			if got := r.redirect(t).String(); got != tt.want {
				t.Errorf("after login with next=%q: redirect to %q, want %q", tt.next, got, tt.want)
			}
		})
	}
}

func TestWebLoginRefused(t *testing.T) {
	a := newApp(t)
	a.user(t, "soyte", domain.RoleAgency, "so_y_te")
	const wrong = "Tên đăng nhập hoặc mật khẩu không đúng."
	tests := []struct {
		name, username, password string
	}{
		{"wrong password", "soyte", "sai mật khẩu rồi"},
		{"unknown user", "khongco", password},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := a.browser(t)
			before := a.lastSeq(t)
			p := b.login(t, tt.username, tt.password).expect(t, http.StatusUnauthorized)
			if got := p.errorMessage(); got != wrong {
				t.Errorf("message %q, want %q", got, wrong)
			}
			if got := attr(p.one(t, "input#username"), "value"); got != tt.username {
				t.Errorf("username field %q, want %q kept", got, tt.username)
			}
			if got := attr(p.one(t, "input#password"), "value"); got != "" {
				t.Errorf("password field %q, want it empty", got)
			}
			if b.cookie(sessionCookie) != "" || a.lastSeq(t) != before {
				t.Errorf("a refused login opened a session")
			}
			checkHygiene(t, p)
		})
	}
	t.Run("no login CSRF cookie", func(t *testing.T) {
		b := a.browser(t)
		form := b.get(t, "/login").expect(t, http.StatusOK)
		fresh := a.browser(t) // has the page but not its cookie
		p := fresh.submit(t, form, "form[action=/login]", url.Values{"username": {"soyte"}, "password": {password}}).expect(t, http.StatusForbidden)
		if got := p.errorMessage(); got != "Trang đăng nhập đã hết hạn; hãy nhập lại." {
			t.Errorf("message %q", got)
		}
		if fresh.cookie(sessionCookie) != "" {
			t.Errorf("a login without its CSRF cookie opened a session")
		}
	})
}

func TestWebLoginThrottled(t *testing.T) {
	a := newApp(t)
	a.user(t, "soyte", domain.RoleAgency, "so_y_te")
	b := a.browser(t)
	for i := range 10 {
		if p := b.login(t, "soyte", "sai mật khẩu rồi"); p.status != http.StatusUnauthorized {
			t.Fatalf("failure %d: status %d, want 401", i+1, p.status)
		}
	}
	p := b.login(t, "soyte", password).expect(t, http.StatusTooManyRequests)
	if got := p.errorMessage(); got != "Đăng nhập sai quá nhiều lần; hãy thử lại sau ít phút." {
		t.Errorf("message %q", got)
	}
	if secs, err := strconv.Atoi(p.header.Get("Retry-After")); err != nil || secs <= 0 {
		t.Errorf("Retry-After = %q", p.header.Get("Retry-After"))
	}
	a.clock.Advance(15 * time.Minute)
	b.login(t, "soyte", password).redirect(t)
}

func TestWebLogout(t *testing.T) {
	w := newWebWorld(t)
	b := w.as["soyte"]
	old := b.cookie(sessionCookie)
	home := b.get(t, "/queue").expect(t, http.StatusOK)

	before := w.lastSeq(t)
	b.post(t, "/logout", url.Values{}).expect(t, http.StatusForbidden) // no CSRF token: refused
	if w.lastSeq(t) != before || b.cookie(sessionCookie) != old {
		t.Fatalf("logout without a CSRF token went through")
	}

	out := b.submit(t, home, "form[action=/logout]", nil)
	if got := out.redirect(t).String(); got != "/login?ok=logout" {
		t.Errorf("logout redirects to %q, want /login?ok=logout", got)
	}
	if w.lastSeq(t) != before+1 {
		t.Errorf("logout appended %d events, want 1 (session.closed)", w.lastSeq(t)-before)
	}
	if b.cookie(sessionCookie) != "" {
		t.Errorf("the session cookie survives logout")
	}
	login := b.follow(t, out).expect(t, http.StatusOK)
	if got := login.notice(); got != "Bạn đã đăng xuất." {
		t.Errorf("notice %q, want Bạn đã đăng xuất.", got)
	}
	// Someone who kept the old cookie is sent to the login page.
	stale := w.browser(t)
	stale.jar.SetCookies(site, []*http.Cookie{{Name: sessionCookie, Value: old, Path: "/"}})
	if got := stale.get(t, "/queue").redirect(t).String(); got != "/login?next=%2Fqueue" {
		t.Errorf("old cookie: redirect to %q, want /login?next=%%2Fqueue", got)
	}
	if stale.cookie(sessionCookie) != "" {
		t.Errorf("an ended session's cookie is not cleared")
	}
}

// TestWebLoggedOut: without a session every page sends to the login page,
// keeping where the person wanted to go; no form action does anything.
func TestWebLoggedOut(t *testing.T) {
	w := newWebWorld(t)
	b := w.browser(t)
	for _, c := range getCases {
		if c.route == "GET /login" {
			continue
		}
		path := c.path(w)
		t.Run(c.route, func(t *testing.T) {
			want := "/login?next=" + url.QueryEscape(path)
			if path == "/" {
				want = "/login"
			}
			if got := b.get(t, path).redirect(t).String(); got != want {
				t.Errorf("GET %s: redirect to %q, want %q", path, got, want)
			}
		})
	}
	for _, c := range postCases {
		if c.route == "POST /login" {
			continue
		}
		t.Run(c.route, func(t *testing.T) {
			path := c.path(w) // may make the world's record first (approvedIn)
			before := w.lastSeq(t)
			if got := b.post(t, path, url.Values{"_csrf": {"x"}}).redirect(t).String(); got != "/login" {
				t.Errorf("redirect to %q, want /login", got)
			}
			if w.lastSeq(t) != before {
				t.Errorf("a logged-out POST appended to the log")
			}
		})
	}
}

// TestWebCSRF: a form posted without the session's CSRF token, or with a
// wrong one, is refused and changes nothing.
func TestWebCSRF(t *testing.T) {
	w := newWebWorld(t)
	b := w.as["soyte"]
	good := b.get(t, "/officials/new").expect(t, http.StatusOK).csrf(t)
	other := w.as["tamky"].get(t, "/officials/new").expect(t, http.StatusOK).csrf(t)
	tests := []struct {
		name  string
		token []string
	}{
		{"none", nil},
		{"empty", []string{""}},
		{"another session's", []string{other}},
		{"wrong", []string{good + "x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			form := officialForm(nil)
			if tt.token != nil {
				form["_csrf"] = tt.token
			}
			before := w.lastSeq(t)
			p := b.post(t, "/officials", form).expect(t, http.StatusForbidden)
			if w.lastSeq(t) != before {
				t.Errorf("the log grew from %d to %d", before, w.lastSeq(t))
			}
			if got := p.errorMessage(); got != "Biểu mẫu đã hết hạn hoặc không hợp lệ; hãy tải lại trang rồi thử lại." {
				t.Errorf("message %q", got)
			}
		})
	}
	t.Run("header", func(t *testing.T) {
		// htmx sends the token in a header (hx-headers on <body>).
		before := w.lastSeq(t)
		b.post(t, "/officials", officialForm(nil), "X-CSRF-Token", good).redirect(t)
		if w.lastSeq(t) != before+1 {
			t.Errorf("a POST with the header token appended %d events, want 1", w.lastSeq(t)-before)
		}
	})
}

func TestWebSessionExpiry(t *testing.T) {
	w := newWebWorld(t)
	b := w.as["hoidong"]
	b.get(t, "/queue").expect(t, http.StatusOK)
	w.clock.Advance(2*time.Hour + time.Minute)
	if got := b.get(t, "/queue").redirect(t).String(); got != "/login?next=%2Fqueue" {
		t.Errorf("idle session: redirect to %q, want the login page", got)
	}
	if b.cookie(sessionCookie) != "" {
		t.Errorf("an expired session's cookie is not cleared")
	}
}
