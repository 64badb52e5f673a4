package handlers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"daotao/domain"
	"daotao/events"
	"daotao/events/jetstream/jstest"
	"daotao/handlers"
	"daotao/projections"
)

// password is the password of every test account.
const password = "mật khẩu đủ dài 2024"

// start is the fake clock's first reading: 08:00 in Hà Nội on 2 June 2025.
var start = time.Date(2025, 6, 2, 1, 0, 0, 0, time.UTC)

// clock is a fake clock the tests move by hand.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// app is the whole stack of one test: a real embedded NATS server, the
// projections fed from it and the real router.
type app struct {
	srv   *handlers.Server
	store events.Store
	state *projections.State
	clock *clock
}

// newApp starts a fresh stack and waits until it is ready.
func newApp(t *testing.T) *app {
	t.Helper()
	a := build(t, t.Context(), jstest.Open(t), &clock{now: start})
	if err := a.srv.CatchUp(t.Context()); err != nil {
		t.Fatalf("catch up: %v", err)
	}
	return a
}

// build wires a server on store with a projection that follows it until
// ctx ends. It does not catch up: the server is not ready yet.
func build(t *testing.T, ctx context.Context, store events.Store, clk *clock) *app {
	t.Helper()
	state := projections.New()
	if err := state.Run(ctx, store, func(err error) { t.Errorf("projection: %v", err) }); err != nil {
		t.Fatalf("run projection: %v", err)
	}
	srv := handlers.New(handlers.Config{
		Store: store, State: state, Agencies: domain.DefaultAgencies(),
		Hasher: &handlers.PasswordHasher{Time: 1, MemoryKiB: 64, Threads: 1}, Now: clk.Now,
	})
	return &app{srv: srv, store: store, state: state, clock: clk}
}

// user creates an account as the command line does and logs it in. It
// returns the bearer token.
func (a *app) user(t *testing.T, username string, role domain.Role, agency string) string {
	t.Helper()
	cmd := domain.CreateUser{Username: username, Password: password, Role: string(role), AgencyCode: agency}
	if _, _, err := a.srv.AddUser(t.Context(), events.System, cmd); err != nil {
		t.Fatalf("add user %s: %v", username, err)
	}
	return a.login(t, username)
}

// login opens a session for username and returns its token.
func (a *app) login(t *testing.T, username string) string {
	t.Helper()
	r := a.do(t, "", http.MethodPost, "/api/v1/sessions", map[string]string{"username": username, "password": password})
	r.want(t, http.StatusCreated)
	tok, _ := r.object(t)["token"].(string)
	if tok == "" {
		t.Fatalf("login %s: no token in %s", username, r.raw)
	}
	return tok
}

// response is what one request returned.
type response struct {
	status int
	header http.Header
	raw    []byte
	req    string
}

// do sends one request through the real router. body is sent as it is when
// it is a string or []byte, with no Content-Length when it is another
// io.Reader, else as JSON; nil sends none. headers alternate
// name and value; a JSON body gets Content-Type application/json unless
// headers set one. It fails the test on any 500.
func (a *app) do(t *testing.T, token, method, path string, body any, headers ...string) response {
	t.Helper()
	req := httptest.NewRequest(method, path, bodyReader(t, body))
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	a.srv.ServeHTTP(rec, req)
	r := response{status: rec.Code, header: rec.Header(), raw: rec.Body.Bytes(), req: method + " " + path}
	if r.status == http.StatusInternalServerError {
		t.Errorf("%s: 500 %s", r.req, r.raw)
	}
	return r
}

func bodyReader(t *testing.T, body any) io.Reader {
	t.Helper()
	switch b := body.(type) {
	case nil:
		return nil
	case string:
		return strings.NewReader(b)
	case []byte:
		return bytes.NewReader(b)
	case io.Reader:
		return b
	}
	b, err := json.Marshal(body)
	if err != nil {
		t.Fatalf("encode body: %v", err)
	}
	return bytes.NewReader(b)
}

// want fails the test now unless the response has status.
func (r response) want(t *testing.T, status int) response {
	t.Helper()
	if r.status != status {
		t.Fatalf("%s: status = %d, want %d; body %s", r.req, r.status, status, r.raw)
	}
	return r
}

// into decodes the body into v.
func (r response) into(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.raw, v); err != nil {
		t.Fatalf("%s: decode %s: %v", r.req, r.raw, err)
	}
}

func (r response) object(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	r.into(t, &m)
	return m
}

func (r response) list(t *testing.T) []map[string]any {
	t.Helper()
	var l []map[string]any
	r.into(t, &l)
	return l
}

// errorBody is the JSON of an error response.
type errorBody struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields"`
	Checks  []struct {
		Code   string `json:"code"`
		Passed bool   `json:"passed"`
	} `json:"checks"`
}

// failure checks an error response: its status, code (unless empty) and
// that it names exactly fields (when any are given).
func (r response) failure(t *testing.T, status int, code string, fields ...string) errorBody {
	t.Helper()
	r.want(t, status)
	var e errorBody
	r.into(t, &e)
	if code != "" && e.Code != code {
		t.Errorf("%s: code = %q, want %q; body %s", r.req, e.Code, code, r.raw)
	}
	if e.Message == "" {
		t.Errorf("%s: error without message: %s", r.req, r.raw)
	}
	if len(fields) > 0 {
		e.naming(t, fields...)
	}
	return e
}

// naming fails the test unless the error names exactly fields.
func (e errorBody) naming(t *testing.T, fields ...string) {
	t.Helper()
	got := slices.Sorted(maps.Keys(e.Fields))
	if want := slices.Sorted(slices.Values(fields)); !slices.Equal(got, want) {
		t.Errorf("fields = %v, want %v (%s)", got, want, e.Message)
	}
}

// lastSeq returns the last sequence of the event log.
func (a *app) lastSeq(t *testing.T) uint64 {
	t.Helper()
	seq, err := a.store.LastSeq(t.Context())
	if err != nil {
		t.Fatalf("last seq: %v", err)
	}
	return seq
}

// refused sends a command that must fail with status and code and checks
// that nothing was appended to the log.
func (a *app) refused(t *testing.T, token, method, path string, body any, status int, code string, headers ...string) errorBody {
	t.Helper()
	before := a.lastSeq(t)
	e := a.do(t, token, method, path, body, headers...).failure(t, status, code)
	if after := a.lastSeq(t); after != before {
		t.Errorf("%s refused with %d, but the log grew from seq %d to %d", method+" "+path, status, before, after)
	}
	return e
}
