package handlers_test

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"encoding/json"
	"errors"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"daotao/domain"
	"daotao/events"
	"daotao/events/jetstream/jstest"
	"daotao/events/memstore"
	"daotao/handlers"
	"daotao/projections"
)

// opsApp is a stack like newApp's with the given operator settings and a
// JSON log the test can read.
func opsApp(t *testing.T, cfg handlers.Config) (*app, *lockedBuffer) {
	t.Helper()
	logs := &lockedBuffer{}
	store := jstest.Open(t)
	state := projections.New()
	if err := state.Run(t.Context(), store, func(err error) { t.Errorf("projection: %v", err) }); err != nil {
		t.Fatalf("run projection: %v", err)
	}
	clk := &clock{now: start}
	cfg.Store, cfg.State, cfg.Agencies, cfg.Now = store, state, domain.DefaultAgencies(), clk.Now
	cfg.Hasher = &handlers.PasswordHasher{Time: 1, MemoryKiB: 64, Threads: 1}
	cfg.Logger = slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	a := &app{srv: handlers.New(cfg), store: store, state: state, clock: clk}
	if err := a.srv.CatchUp(t.Context()); err != nil {
		t.Fatalf("catch up: %v", err)
	}
	return a, logs
}

// lockedBuffer collects log output written from request goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// records returns every JSON log record written so far.
func (l *lockedBuffer) records(t *testing.T) []map[string]any {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []map[string]any
	sc := bufio.NewScanner(bytes.NewReader(l.b.Bytes()))
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("log line %q is not JSON: %v", sc.Text(), err)
		}
		out = append(out, m)
	}
	return out
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// fetch sends a GET from remote ("host:port") with headers (name, value,
// ...) through the real router.
func fetch(srv http.Handler, path, remote string, headers ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.RemoteAddr = remote
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	return rec
}

const loopback = "127.0.0.1:40000"

func cidrs(t *testing.T, list ...string) []*net.IPNet {
	t.Helper()
	var out []*net.IPNet
	for _, c := range list {
		_, n, err := net.ParseCIDR(c)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, n)
	}
	return out
}

func TestMetricsAccess(t *testing.T) {
	a, _ := opsApp(t, handlers.Config{MetricsAllow: cidrs(t, "10.9.0.0/16"), TrustedProxies: cidrs(t, "10.1.0.5/32")})
	admin := a.user(t, "quan-tri", domain.RoleAdmin, "")
	auditor := a.user(t, "kiem-toan", domain.RoleAuditor, "")
	tests := []struct {
		name    string
		remote  string
		headers []string
		want    int
	}{
		{"loopback without a session", loopback, nil, http.StatusOK},
		{"IPv6 loopback", "[::1]:40000", nil, http.StatusOK},
		{"allowed network", "10.9.3.4:5000", nil, http.StatusOK},
		{"other address without a session", "192.0.2.1:5000", nil, http.StatusUnauthorized},
		{"loopback peer forwarding for someone (untrusted proxy)", loopback, []string{"X-Forwarded-For", "203.0.113.9"}, http.StatusUnauthorized},
		{"allowed peer forwarding (untrusted proxy)", "10.9.3.4:5000", []string{"Forwarded", "for=203.0.113.9"}, http.StatusUnauthorized},
		{"trusted proxy forwarding an outsider", "10.1.0.5:5000", []string{"X-Forwarded-For", "203.0.113.9"}, http.StatusUnauthorized},
		{"trusted proxy forwarding an allowed scraper", "10.1.0.5:5000", []string{"X-Forwarded-For", "10.9.8.7"}, http.StatusOK},
		{"admin bearer from anywhere", "192.0.2.1:5000", []string{"Authorization", "Bearer " + admin}, http.StatusOK},
		{"admin session cookie", "192.0.2.1:5000", []string{"Cookie", "daotao_session=" + admin}, http.StatusOK},
		{"auditor bearer", "192.0.2.1:5000", []string{"Authorization", "Bearer " + auditor}, http.StatusForbidden},
		{"invalid bearer", "192.0.2.1:5000", []string{"Authorization", "Bearer nope"}, http.StatusUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := fetch(a.srv, "/metrics", tt.remote, tt.headers...)
			if rec.Code != tt.want {
				t.Fatalf("status = %d, want %d; body %.200s", rec.Code, tt.want, rec.Body)
			}
			if got := rec.Body.String(); tt.want == http.StatusOK && !strings.Contains(got, "daotao_build_info") {
				t.Errorf("200 without metrics: %.200s", got)
			} else if tt.want != http.StatusOK && strings.Contains(got, "daotao_") {
				t.Errorf("refused request got metrics: %.200s", got)
			}
		})
	}
}

func TestMetricsContent(t *testing.T) {
	a, _ := opsApp(t, handlers.Config{Version: "1.2.3", Health: func() error { return nil }})
	admin := a.user(t, "quan-tri", domain.RoleAdmin, "")
	body := map[string]string{"username": "thu-ky", "password": password, "role": "auditor"}
	a.do(t, admin, http.MethodPost, "/api/v1/users", body).want(t, http.StatusCreated)
	a.do(t, admin, http.MethodPost, "/api/v1/users", body).want(t, http.StatusConflict)
	a.do(t, "", http.MethodGet, "/healthz", nil).want(t, http.StatusOK)
	a.do(t, "", http.MethodGet, "/api/v1/nowhere", nil).want(t, http.StatusNotFound)

	rec := fetch(a.srv, "/metrics", loopback)
	if ct := rec.Header().Get("Content-Type"); ct != "text/plain; version=0.0.4; charset=utf-8" {
		t.Errorf("Content-Type = %q", ct)
	}
	m := parseExposition(t, rec.Body.String())
	wants := []struct {
		sample string
		check  func(float64) bool
		what   string
	}{
		{`daotao_commands_total{outcome="ok",route="/api/v1/users",type="user.created"}`, eq(1), "1"},
		{`daotao_commands_total{outcome="conflict",route="/api/v1/users",type=""}`, eq(1), "1 (username taken, refused before deciding)"},
		{`daotao_commands_total{outcome="ok",route="/api/v1/sessions",type="session.opened"}`, eq(1), "1"},
		{`daotao_commands_total{outcome="ok",route="",type="user.created"}`, eq(1), "1 (AddUser, outside a request)"},
		{`daotao_http_request_duration_seconds_count{method="GET",route="/healthz",status="2xx"}`, eq(1), "1"},
		{`daotao_http_request_duration_seconds_bucket{le="+Inf",method="POST",route="/api/v1/users",status="4xx"}`, eq(1), "1"},
		{`daotao_http_request_duration_seconds_count{method="GET",route="unmatched",status="4xx"}`, eq(1), "1"},
		{`daotao_build_info{version="1.2.3"}`, eq(1), "1"},
		{`daotao_nats_connected`, eq(1), "1"},
		{`daotao_ready`, eq(1), "1"},
		{`daotao_projection_lag_events`, eq(0), "0"},
		{`daotao_projection_lag_seconds`, eq(0), "0"},
		{`daotao_store_last_sequence`, func(v float64) bool { return v == float64(a.lastSeq(t)) }, "the log's last sequence"},
		{`process_start_time_seconds`, func(v float64) bool { return math.Abs(v-float64(time.Now().Unix())) < 600 }, "about now"},
	}
	for _, w := range wants {
		v, ok := m[w.sample]
		if !ok {
			t.Errorf("no sample %s", w.sample)
		} else if !w.check(v) {
			t.Errorf("%s = %v, want %s", w.sample, v, w.what)
		}
	}
}

func eq(want float64) func(float64) bool { return func(v float64) bool { return v == want } }

// TestMetricsProjectionLag scrapes a server whose projections have not
// applied the events in its store.
func TestMetricsProjectionLag(t *testing.T) {
	store := memstore.New()
	for i := range 3 {
		subj := events.Subject(events.AggregateSession, "s"+strconv.Itoa(i))
		e, err := events.New("e"+strconv.Itoa(i), subj, start, events.System, &events.SessionClosed{Reason: "logout"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := store.Append(t.Context(), e, 0, e.ID); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(20 * time.Millisecond)
	down := errors.New("NATS connection is not established")
	srv := handlers.New(handlers.Config{Store: store, State: projections.New(), Agencies: domain.DefaultAgencies(),
		Health: func() error { return down }})
	m := parseExposition(t, fetch(srv, "/metrics", loopback).Body.String())
	if got := m["daotao_projection_lag_events"]; got != 3 {
		t.Errorf("lag events = %v, want 3", got)
	}
	if got := m["daotao_projection_lag_seconds"]; got < 0.02 || got > 60 {
		t.Errorf("lag seconds = %v, want the age of the first unapplied event (≥ 0.02 s)", got)
	}
	if got := m["daotao_nats_connected"]; got != 0 {
		t.Errorf("nats connected = %v with a failing health check, want 0", got)
	}
	if got := m["daotao_ready"]; got != 0 {
		t.Errorf("ready = %v before catching up, want 0", got)
	}
}

var (
	sampleLine = regexp.MustCompile(`^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*",?)*\})? (\S+)$`)
	labelPair  = regexp.MustCompile(`([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"`)
)

// parseExposition checks text against the Prometheus text format (every
// sample after its family's HELP and TYPE, histogram buckets cumulative
// and ending in +Inf = _count) and returns the samples by name and sorted
// labels.
func parseExposition(t *testing.T, text string) map[string]float64 {
	t.Helper()
	out := map[string]float64{}
	types := map[string]string{}
	for i, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		if f := strings.Fields(line); len(f) >= 4 && f[0] == "#" && (f[1] == "HELP" || f[1] == "TYPE") {
			if f[1] == "TYPE" {
				types[f[2]] = f[3]
			}
			continue
		}
		m := sampleLine.FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("line %d %q is not a sample", i+1, line)
		}
		v, err := strconv.ParseFloat(m[3], 64)
		if err != nil {
			t.Fatalf("line %d: value %q: %v", i+1, m[3], err)
		}
		if family := familyOf(m[1], types); family == "" {
			t.Errorf("line %d: sample %s before its # TYPE", i+1, m[1])
		}
		out[sampleKey(m[1], m[2])] = v
	}
	checkHistograms(t, out, types)
	return out
}

func familyOf(name string, types map[string]string) string {
	for _, suffix := range []string{"", "_bucket", "_sum", "_count"} {
		if base, ok := strings.CutSuffix(name, suffix); ok && types[base] != "" {
			return base
		}
	}
	return ""
}

func sampleKey(name, labels string) string {
	pairs := labelPair.FindAllString(labels, -1)
	if len(pairs) == 0 {
		return name
	}
	slices.Sort(pairs)
	return name + "{" + strings.Join(pairs, ",") + "}"
}

// checkHistograms checks every histogram series: buckets never decrease
// with le, and +Inf equals _count.
func checkHistograms(t *testing.T, samples map[string]float64, types map[string]string) {
	t.Helper()
	type bucket struct{ le, n float64 }
	series := map[string][]bucket{}
	for key, v := range samples {
		name, labels, _ := strings.Cut(key, "{")
		base, ok := strings.CutSuffix(name, "_bucket")
		if !ok || types[base] != "histogram" {
			continue
		}
		le := labelPair.FindStringSubmatch(regexp.MustCompile(`le="[^"]*"`).FindString(labels))[2]
		rest := regexp.MustCompile(`,?le="[^"]*",?`).ReplaceAllString(strings.TrimSuffix(labels, "}"), ",")
		rest = strings.Trim(rest, ",")
		bound, _ := strconv.ParseFloat(strings.Replace(le, "+Inf", "Inf", 1), 64)
		series[base+"{"+rest+"}"] = append(series[base+"{"+rest+"}"], bucket{bound, v})
	}
	for s, bs := range series {
		slices.SortFunc(bs, func(a, b bucket) int { return cmpFloat(a.le, b.le) })
		for i := 1; i < len(bs); i++ {
			if bs[i].n < bs[i-1].n {
				t.Errorf("%s: bucket le=%v has %v < le=%v's %v", s, bs[i].le, bs[i].n, bs[i-1].le, bs[i-1].n)
			}
		}
		base, labels, _ := strings.Cut(s, "{")
		count := samples[sampleKey(base+"_count", "{"+labels)]
		if last := bs[len(bs)-1]; !math.IsInf(last.le, 1) || last.n != count {
			t.Errorf("%s: last bucket le=%v n=%v, want +Inf with _count %v", s, last.le, last.n, count)
		}
	}
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// TestAccessLog checks the access log line of requests and that the other
// lines a request causes carry its request id, and that no token or
// password reaches the log.
func TestAccessLog(t *testing.T) {
	a, logs := opsApp(t, handlers.Config{})
	token := a.user(t, "can-bo", domain.RoleAuditor, "")
	a.do(t, "", http.MethodPost, "/api/v1/sessions", map[string]string{"username": "can-bo", "password": "sai mật khẩu rồi"}).
		want(t, http.StatusUnauthorized)
	r := a.do(t, token, http.MethodGet, "/api/v1/me", nil).want(t, http.StatusOK)
	meID := r.header.Get("X-Request-ID")

	records := logs.records(t)
	var access []map[string]any
	for _, rec := range records {
		if rec["msg"] == "request" {
			access = append(access, rec)
		}
		if id, _ := rec["request_id"].(string); (rec["msg"] == "login" || rec["msg"] == "login failed") && id == "" {
			t.Errorf("%q line without request_id: %v", rec["msg"], rec)
		}
	}
	if len(access) != 3 {
		t.Fatalf("%d access log lines, want 3 (login, failed login, /me):\n%s", len(access), logs)
	}
	me := access[2]
	want := map[string]any{"method": "GET", "route": "/api/v1/me", "status": float64(200), "username": "can-bo", "request_id": meID, "level": "INFO"}
	for k, v := range want {
		if me[k] != v {
			t.Errorf("access line %s = %v, want %v (line %v)", k, me[k], v, me)
		}
	}
	if d, ok := me["duration_ms"].(float64); !ok || d < 0 {
		t.Errorf("duration_ms = %v", me["duration_ms"])
	}
	if access[1]["status"] != float64(401) || access[1]["username"] != "" {
		t.Errorf("failed login line: %v", access[1])
	}
	for _, secret := range []string{token, password, "sai mật khẩu rồi"} {
		if strings.Contains(logs.String(), secret) {
			t.Errorf("the log contains the secret %q", secret)
		}
	}
}

// TestProbesLogQuietly keeps probe and scrape lines at debug level.
func TestProbesLogQuietly(t *testing.T) {
	a, logs := opsApp(t, handlers.Config{})
	a.do(t, "", http.MethodGet, "/readyz", nil).want(t, http.StatusOK)
	for _, rec := range logs.records(t) {
		if rec["msg"] == "request" && rec["level"] != "DEBUG" {
			t.Errorf("probe logged at %v: %v", rec["level"], rec)
		}
	}
}

func TestPprofAdminOnly(t *testing.T) {
	a, _ := opsApp(t, handlers.Config{})
	admin := a.user(t, "quan-tri", domain.RoleAdmin, "")
	council := a.user(t, "hoi-dong", domain.RoleCouncil, "")
	tests := []struct {
		name, path, remote string
		headers            []string
		want               int
		body               string
	}{
		{"no session, even from loopback: to the login page", "/debug/pprof/", loopback, nil, http.StatusSeeOther, ""},
		{"council", "/debug/pprof/", loopback, []string{"Authorization", "Bearer " + council}, http.StatusForbidden, ""},
		{"council cookie", "/debug/pprof/heap", loopback, []string{"Cookie", "daotao_session=" + council}, http.StatusForbidden, ""},
		{"admin index", "/debug/pprof/", "192.0.2.1:5000", []string{"Authorization", "Bearer " + admin}, http.StatusOK, "goroutine"},
		{"admin goroutines", "/debug/pprof/goroutine?debug=1", "192.0.2.1:5000", []string{"Authorization", "Bearer " + admin}, http.StatusOK, "goroutine profile"},
		{"admin cmdline", "/debug/pprof/cmdline", "192.0.2.1:5000", []string{"Cookie", "daotao_session=" + admin}, http.StatusOK, ""},
		{"admin heap via cookie", "/debug/pprof/heap", "192.0.2.1:5000", []string{"Cookie", "daotao_session=" + admin}, http.StatusOK, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := fetch(a.srv, tt.path, tt.remote, tt.headers...)
			if rec.Code != tt.want || !strings.Contains(rec.Body.String(), tt.body) {
				t.Errorf("status %d body %.120q; want %d containing %q", rec.Code, rec.Body, tt.want, tt.body)
			}
		})
	}
}

// TestSecurityHeaders checks the headers of API, health, page and error
// responses, over plain HTTP and over TLS: HSTS only on TLS.
func TestSecurityHeaders(t *testing.T) {
	a := newApp(t)
	token := a.user(t, "kiem-tra", domain.RoleAuditor, "")
	paths := []struct {
		path, token string
		page        bool
	}{
		{"/api/v1/me", token, false},
		{"/api/v1/nominations/khong-co", token, false},
		{"/api/v1/me", "", false},
		{"/healthz", "", false},
		{"/login", "", true},
		{"/trang-khong-co", "", true},
	}
	for _, overTLS := range []bool{false, true} {
		for _, p := range paths {
			t.Run(p.path+"/tls="+strconv.FormatBool(overTLS), func(t *testing.T) {
				req := httptest.NewRequest(http.MethodGet, p.path, nil)
				if p.token != "" {
					req.Header.Set("Authorization", "Bearer "+p.token)
				}
				if overTLS {
					req.TLS = &tls.ConnectionState{Version: tls.VersionTLS13, HandshakeComplete: true}
				}
				rec := httptest.NewRecorder()
				a.srv.ServeHTTP(rec, req)
				h := rec.Header()
				checkHeader(t, h, "X-Content-Type-Options", "nosniff")
				checkHeader(t, h, "X-Frame-Options", "DENY")
				csp := h.Get("Content-Security-Policy")
				if !strings.Contains(csp, "frame-ancestors 'none'") {
					t.Errorf("CSP %q lacks frame-ancestors 'none'", csp)
				}
				if wantScripts := p.page; strings.Contains(csp, "script-src 'self'") != wantScripts {
					t.Errorf("CSP %q: page=%v (the API allows no active content at all)", csp, p.page)
				}
				if hsts := h.Get("Strict-Transport-Security"); overTLS != (hsts != "") {
					t.Errorf("HSTS %q over TLS=%v; want it exactly on TLS", hsts, overTLS)
				} else if overTLS && !strings.Contains(hsts, "max-age=31536000") {
					t.Errorf("HSTS %q, want a year's max-age", hsts)
				}
			})
		}
	}
}

func checkHeader(t *testing.T, h http.Header, name, want string) {
	t.Helper()
	if got := h.Get(name); got != want {
		t.Errorf("%s = %q, want %q", name, got, want)
	}
}
