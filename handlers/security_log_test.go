package handlers_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"daotao/domain"
	"daotao/handlers"
)

// secApp is an app whose security log is JSON in sec and whose main log
// is JSON in main.
func secApp(t *testing.T, cfg handlers.Config) (a *app, main, sec *lockedBuffer) {
	t.Helper()
	sec = &lockedBuffer{}
	cfg.SecurityLog = slog.New(slog.NewJSONHandler(sec, &slog.HandlerOptions{Level: slog.LevelDebug}))
	a, main = opsApp(t, cfg)
	return a, main, sec
}

// having returns the records whose message is msg.
func having(records []map[string]any, msg string) []map[string]any {
	var out []map[string]any
	for _, r := range records {
		if r["msg"] == msg {
			out = append(out, r)
		}
	}
	return out
}

// wantRecord fails unless exactly one record has message msg and every
// attribute of want, and returns it.
func wantRecord(t *testing.T, records []map[string]any, msg string, want map[string]any) map[string]any {
	t.Helper()
	var found []map[string]any
	for _, r := range having(records, msg) {
		if matches(r, want) {
			found = append(found, r)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d %q records with %v, want 1; records:\n%s", len(found), msg, want, dump(records))
	}
	for _, k := range []string{"time", "level", "method", "route", "path", "ip", "request_id"} {
		if v, _ := found[0][k].(string); v == "" {
			t.Errorf("%q record without %s: %v", msg, k, found[0])
		}
	}
	return found[0]
}

func matches(r, want map[string]any) bool {
	for k, v := range want {
		if r[k] != v {
			return false
		}
	}
	return true
}

func dump(records []map[string]any) string {
	var b strings.Builder
	for _, r := range records {
		j, _ := json.Marshal(r)
		b.Write(j)
		b.WriteByte('\n')
	}
	return b.String()
}

// TestSecurityLogSessions follows an account through login, a failed
// login, logout, and sessions refused as closed, unknown, idle and expired.
func TestSecurityLogSessions(t *testing.T) {
	a, main, sec := secApp(t, handlers.Config{IdleTimeout: time.Hour})
	a.user(t, "kiem-tra", domain.RoleAuditor, "")
	r := a.do(t, "", http.MethodPost, "/api/v1/sessions", map[string]string{"username": "kiem-tra", "password": password}).want(t, http.StatusCreated)
	token, _ := r.object(t)["token"].(string)
	login := wantRecord(t, sec.records(t), "login", map[string]any{"username": "kiem-tra", "route": "/api/v1/sessions", "level": "INFO",
		"request_id": r.header.Get("X-Request-ID"), "ip": "192.0.2.1"})
	if s, _ := login["session"].(string); s == "" {
		t.Errorf("login record %v without the session", login)
	}
	a.do(t, "", http.MethodPost, "/api/v1/sessions", map[string]string{"username": "kiem-tra", "password": "sai mật khẩu"}).want(t, http.StatusUnauthorized)
	wantRecord(t, sec.records(t), "login failed", map[string]any{"username": "kiem-tra", "level": "WARN"})
	a.do(t, token, http.MethodDelete, "/api/v1/sessions", nil).want(t, http.StatusNoContent)
	wantRecord(t, sec.records(t), "logout", map[string]any{"username": "kiem-tra", "session": login["session"]})
	a.do(t, token, http.MethodGet, "/api/v1/me", nil).want(t, http.StatusUnauthorized)
	wantRecord(t, sec.records(t), "session refused", map[string]any{"reason": "closed", "username": "kiem-tra", "route": "/api/v1/me"})
	a.do(t, "khong-phai-token", http.MethodGet, "/api/v1/me", nil).want(t, http.StatusUnauthorized)
	wantRecord(t, sec.records(t), "session refused", map[string]any{"reason": "unknown", "username": ""})

	idle := a.login(t, "kiem-tra")
	a.clock.Advance(61 * time.Minute)
	a.do(t, idle, http.MethodGet, "/api/v1/me", nil).want(t, http.StatusUnauthorized)
	wantRecord(t, sec.records(t), "session refused", map[string]any{"reason": "idle", "username": "kiem-tra"})
	expired := a.login(t, "kiem-tra")
	for range 13 { // used every hour until the 12 hours are over
		a.clock.Advance(59 * time.Minute)
		a.do(t, expired, http.MethodGet, "/api/v1/me", nil)
	}
	wantRecord(t, sec.records(t), "session refused", map[string]any{"reason": "expired", "username": "kiem-tra"})

	// Each refusal is recorded once: not again as a generic denial.
	if d := having(sec.records(t), "access denied"); len(d) != 0 {
		t.Errorf("refused sessions recorded twice, as access denied too:\n%s", dump(d))
	}
	if strings.Contains(main.String(), `"login failed"`) || strings.Contains(main.String(), `"session refused"`) {
		t.Errorf("security records in the main log, which has its own stream:\n%s", main)
	}
}

// TestSecurityLogLockout fails logins until the account and the address
// are locked: each lockout is recorded once, then attempts are throttled.
func TestSecurityLogLockout(t *testing.T) {
	a, _, sec := secApp(t, handlers.Config{})
	a.user(t, "to-chuc", domain.RoleAuditor, "")
	for range 10 {
		a.do(t, "", http.MethodPost, "/api/v1/sessions", map[string]string{"username": "to-chuc", "password": "sai mật khẩu"}).want(t, http.StatusUnauthorized)
	}
	recs := sec.records(t)
	if n := len(having(recs, "login failed")); n != 10 {
		t.Errorf("%d login failed records, want 10", n)
	}
	wantRecord(t, recs, "login locked", map[string]any{"username": "to-chuc", "locked": "account", "failures": float64(10), "level": "WARN"})
	wantRecord(t, recs, "login locked", map[string]any{"username": "to-chuc", "locked": "address", "ip": "192.0.2.1"})
	r := a.do(t, "", http.MethodPost, "/api/v1/sessions", map[string]string{"username": "to-chuc", "password": password}).want(t, http.StatusTooManyRequests)
	rec := wantRecord(t, sec.records(t), "login throttled", map[string]any{"username": "to-chuc"})
	if rec["retry_after_s"] == nil || r.header.Get("Retry-After") == "" {
		t.Errorf("throttled without Retry-After: record %v", rec)
	}
	if n := len(having(sec.records(t), "login locked")); n != 2 {
		t.Errorf("%d login locked records after a throttled attempt, want still 2", n)
	}
}

// TestSecurityLogDenials checks 401 and 403 answers of the API and the
// pages, refused CSRF tokens, and that each is recorded exactly once.
func TestSecurityLogDenials(t *testing.T) {
	a, _, sec := secApp(t, handlers.Config{})
	auditor := a.user(t, "kiem-tra", domain.RoleAuditor, "")
	r := a.do(t, "", http.MethodGet, "/api/v1/users", nil).want(t, http.StatusUnauthorized)
	wantRecord(t, sec.records(t), "access denied", map[string]any{"status": float64(401), "code": "unauthorized",
		"route": "/api/v1/users", "request_id": r.header.Get("X-Request-ID")})
	a.do(t, auditor, http.MethodGet, "/api/v1/users", nil).want(t, http.StatusForbidden)
	wantRecord(t, sec.records(t), "access denied", map[string]any{"status": float64(403), "code": "forbidden",
		"route": "/api/v1/users", "username": "kiem-tra", "method": "GET"})

	b := a.loginAs(t, "kiem-tra")
	b.get(t, "/admin/users").expect(t, http.StatusForbidden)
	wantRecord(t, sec.records(t), "access denied", map[string]any{"status": float64(403), "route": "/admin/users", "username": "kiem-tra"})
	b.post(t, "/logout", url.Values{"_csrf": {"gia-mao"}}).expect(t, http.StatusForbidden)
	wantRecord(t, sec.records(t), "csrf refused", map[string]any{"route": "/logout", "username": "kiem-tra"})
	a.browser(t).get(t, "/queue").expect(t, http.StatusSeeOther)
	wantRecord(t, sec.records(t), "access denied", map[string]any{"status": float64(303), "code": "no_session", "route": "/queue"})
	stale := a.browser(t)
	stale.jar.cookies[[2]string{sessionCookie, "/"}] = &http.Cookie{Name: sessionCookie, Value: "het-han", Path: "/"}
	stale.get(t, "/queue").expect(t, http.StatusSeeOther)
	wantRecord(t, sec.records(t), "session refused", map[string]any{"reason": "unknown", "route": "/queue"})

	perRequest := map[string]int{}
	for _, rec := range sec.records(t) {
		if rec["msg"] != "login" {
			perRequest[rec["request_id"].(string)]++
		}
	}
	for id, n := range perRequest {
		if n != 1 {
			t.Errorf("request %s has %d security records, want 1:\n%s", id, n, dump(sec.records(t)))
		}
	}
}

// hostile is a username made to forge records: line breaks, ANSI escapes,
// a Unicode line separator and a right-to-left override before a fake
// JSON record, and far too long.
const hostile = "ke\n\r\x1b[2K\u2028\u202e{\"msg\":\"login\",\"username\":\"quantri\"}" + "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"

// TestSecurityLogInjection sends the hostile username to the API login
// and the login form, and a hostile path, to a JSON and a text security
// log: every record stays on one line, no control character gets through,
// and the values are cut short.
func TestSecurityLogInjection(t *testing.T) {
	for _, format := range []string{"json", "text"} {
		t.Run(format, func(t *testing.T) {
			sec := &lockedBuffer{}
			h := slog.Handler(slog.NewJSONHandler(sec, nil))
			if format == "text" {
				h = slog.NewTextHandler(sec, nil)
			}
			a, _ := opsApp(t, handlers.Config{SecurityLog: slog.New(h)})
			a.do(t, "", http.MethodPost, "/api/v1/sessions", map[string]string{"username": hostile, "password": "x"}).want(t, http.StatusUnauthorized)
			a.browser(t).login(t, hostile, "x").expect(t, http.StatusUnauthorized)
			a.do(t, "", http.MethodGet, "/api/v1/nominations/%0A%1B%5B31m"+strings.Repeat("d", 400), nil, "X-Request-ID", "id\nfake").want(t, http.StatusUnauthorized)
			out := sec.String()
			lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
			if len(lines) != 3 {
				t.Fatalf("%d lines for 3 records:\n%s", len(lines), out)
			}
			for _, l := range lines {
				if strings.ContainsAny(l, "\r\x1b\u2028\u202e") || !strings.Contains(l, "\\n") {
					t.Errorf("record with a raw control character, or without its escaped line break: %q", l)
				}
				if strings.Contains(l, strings.Repeat("x", 80)) || strings.Contains(l, strings.Repeat("d", 300)) {
					t.Errorf("client-supplied value not cut short: %q", l)
				}
			}
			if format == "json" {
				for _, rec := range sec.records(t) {
					if name, _ := rec["username"].(string); rec["msg"] == "login failed" && !strings.HasPrefix(name, `ke\n\r\x1b[2K\u2028\u202e{\"msg\"`) {
						t.Errorf("username = %q, want it quoted with Go escapes", name)
					}
				}
			}
		})
	}
}

// TestSecurityLogNoSecrets runs logins, a web session and a logout, and
// checks that no password, token, CSRF token or token hash reaches either
// log.
func TestSecurityLogNoSecrets(t *testing.T) {
	a, main, sec := secApp(t, handlers.Config{})
	token := a.user(t, "quan-tri", domain.RoleAdmin, "")
	a.do(t, "", http.MethodPost, "/api/v1/sessions", map[string]string{"username": "quan-tri", "password": "sai-mat-khau-bi-mat"}).want(t, http.StatusUnauthorized)
	b := a.loginAs(t, "quan-tri")
	csrf := b.get(t, "/admin/users").expect(t, http.StatusOK).csrf(t)
	cookie := b.cookie(sessionCookie)
	b.post(t, "/logout", url.Values{"_csrf": {csrf}}).expect(t, http.StatusSeeOther)
	a.do(t, token, http.MethodDelete, "/api/v1/sessions", nil).want(t, http.StatusNoContent)
	a.do(t, token, http.MethodGet, "/api/v1/me", nil).want(t, http.StatusUnauthorized)
	secrets := []string{password, "sai-mat-khau-bi-mat", token, cookie, csrf, sha256Hex(token), sha256Hex(cookie)}
	for _, out := range []string{main.String(), sec.String()} {
		for _, s := range secrets {
			if s != "" && strings.Contains(out, s) {
				t.Errorf("a log contains the secret %q", s)
			}
		}
	}
	if len(having(sec.records(t), "logout")) != 2 || len(having(sec.records(t), "login")) != 2 {
		t.Errorf("want 2 logins and 2 logouts in:\n%s", sec)
	}
}

// TestSecurityLogDefault checks that without a SecurityLog the records go
// to the main log, marked log=security.
func TestSecurityLogDefault(t *testing.T) {
	a, main := opsApp(t, handlers.Config{})
	a.do(t, "", http.MethodGet, "/api/v1/me", nil).want(t, http.StatusUnauthorized)
	wantRecord(t, main.records(t), "access denied", map[string]any{"log": "security", "status": float64(401)})
	for _, rec := range having(main.records(t), "request") {
		if rec["log"] != nil {
			t.Errorf("access log line marked log=%v", rec["log"])
		}
	}
}

// TestSecurityLogClientAddress checks that the address recorded is the
// client's as the trusted-proxy-aware extractor gives it: X-Forwarded-For
// only from a trusted proxy.
func TestSecurityLogClientAddress(t *testing.T) {
	a, _, sec := secApp(t, handlers.Config{TrustedProxies: cidrs(t, "10.0.0.0/8")})
	for _, tt := range []struct{ remote, want string }{
		{"10.1.2.3:5000", "198.51.100.7"}, // through the proxy
		{"192.0.2.9:5000", "192.0.2.9"},   // forged header, not from the proxy
	} {
		req := httptest.NewRequest(http.MethodPost, "/api/v1/sessions", bytes.NewReader([]byte(`{"username":"ai-do","password":"sai-mat-khau"}`)))
		req.RemoteAddr = tt.remote
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Forwarded-For", "198.51.100.7")
		rec := httptest.NewRecorder()
		a.srv.ServeHTTP(rec, req)
		wantRecord(t, sec.records(t), "login failed", map[string]any{"ip": tt.want, "request_id": rec.Header().Get("X-Request-ID")})
	}
}

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// TestSecurityLogUserStatus checks that disabling and enabling an account
// are recorded with who did it, and a repeat that changes nothing is not.
func TestSecurityLogUserStatus(t *testing.T) {
	a, _, sec := secApp(t, handlers.Config{})
	admin := a.user(t, "quan-tri", domain.RoleAdmin, "")
	a.user(t, "to-chuc", domain.RoleAuditor, "")
	id := a.userID(t, "to-chuc")
	for range 2 {
		a.do(t, admin, http.MethodPost, userPath(id, "disable"), map[string]string{"reason": "Lộ mật khẩu"}).want(t, http.StatusOK)
	}
	a.do(t, admin, http.MethodPost, userPath(id, "enable"), nil).want(t, http.StatusOK)
	recs := sec.records(t)
	wantRecord(t, recs, "user disabled", map[string]any{"username": "quan-tri", "target": "to-chuc", "target_id": id})
	wantRecord(t, recs, "user enabled", map[string]any{"username": "quan-tri", "target": "to-chuc"})
}
