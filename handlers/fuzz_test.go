package handlers_test

import (
	"bytes"
	"encoding/json"
	"hash/fnv"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"daotao/domain"
	"daotao/events"
	"daotao/events/jetstream/jstest"
	"daotao/handlers"
	"daotao/projections"
)

// FuzzJSONBodies sends arbitrary bytes as the body of every POST and
// PATCH route of the API, through the real router of one app (embedded
// NATS, projections) built once per run, as a role the route admits and
// on real records. No answer is a 5xx (a panic would be one: the router
// recovers it as a 500), and a 4xx leaves the event log as it was. route
// names the route ("POST /api/v1/officials"); any other string picks one
// by its hash. Seeds: testdata/fuzz/FuzzJSONBodies.
func FuzzJSONBodies(f *testing.F) {
	ft := newFuzzTarget(f)
	f.Fuzz(func(t *testing.T, route string, body []byte) {
		r := ft.pick(route)
		before := ft.lastSeq(t)
		status, resp := ft.send(r.method, r.path, r.token, r.contentType, body)
		if status >= 500 {
			t.Fatalf("%s: %d %s", r.key, status, resp)
		}
		if after := ft.lastSeq(t); status >= 400 && after != before {
			t.Fatalf("%s refused with %d, but the log grew from seq %d to %d; body %q", r.key, status, before, after, body)
		}
	})
}

// fuzzTarget is the app of one fuzz run and its routes with a body.
type fuzzTarget struct {
	srv    *handlers.Server
	store  events.Store
	routes []fuzzRoute // sorted by key
}

type fuzzRoute struct {
	key, method, path, token, contentType string
}

// newFuzzTarget builds the app with an account of every role, an
// official and a draft nomination of so_y_te, and an account to disable.
func newFuzzTarget(tb testing.TB) *fuzzTarget {
	tb.Helper()
	store := jstest.Open(tb)
	state := projections.New()
	if err := state.Run(tb.Context(), store, nil); err != nil {
		tb.Fatalf("run projection: %v", err)
	}
	clk := &clock{now: start}
	ft := &fuzzTarget{store: store, srv: handlers.New(handlers.Config{Store: store, State: state, Agencies: domain.DefaultAgencies(),
		Hasher: &handlers.PasswordHasher{Time: 1, MemoryKiB: 64, Threads: 1}, Now: clk.Now})}
	if err := ft.srv.CatchUp(tb.Context()); err != nil {
		tb.Fatalf("catch up: %v", err)
	}
	tokens := map[string]string{}
	for _, role := range domain.Roles {
		if role == domain.RoleOfficial {
			continue // linked to an official, below
		}
		agency := ""
		if role == domain.RoleAgency {
			agency = "so_y_te"
		}
		tokens[string(role)] = ft.account(tb, "fuzz-"+strings.ReplaceAll(string(role), "_", "-"), role, agency)
	}
	ft.account(tb, "bikhoa", domain.RoleAuditor, "")
	target, _ := state.UserByName("bikhoa")
	official := ft.created(tb, tokens["agency"], "/api/v1/officials", officialBody("so_y_te"))
	draft := ft.created(tb, tokens["agency"], "/api/v1/nominations", nominationBody(official))
	if _, _, err := ft.srv.AddUser(tb.Context(), events.System, domain.CreateUser{Username: "fuzz-official", Password: password,
		Role: string(domain.RoleOfficial), OfficialID: official}); err != nil {
		tb.Fatalf("add user fuzz-official: %v", err)
	}
	var trainee struct{ Token string }
	ft.decode(tb, http.StatusCreated, "", "/api/v1/sessions", map[string]string{"username": "fuzz-official", "password": password}, &trainee)
	tokens[string(domain.RoleOfficial)] = trainee.Token
	ids := map[string]string{"/api/v1/officials/": official, "/api/v1/nominations/": draft, "/api/v1/users/": target.ID,
		"/api/v1/trainings/": draft, "/api/v1/me/trainings/": draft}
	ids["/api/v1/programmes/"], ids["/api/v1/courses/"] = ft.programmeAndCourse(tb, tokens) // courses_fixtures_test.go
	ft.routes = fuzzRoutes(ft.srv, tokens, ids)
	return ft
}

// fuzzRoutes lists the POST and PATCH routes of the API, each with a
// concrete path, a token of the first role it admits and its media type.
func fuzzRoutes(srv *handlers.Server, tokens, ids map[string]string) []fuzzRoute {
	roles := srv.RouteRoles()
	var out []fuzzRoute
	for _, r := range srv.Echo().Routes() {
		if (r.Method != http.MethodPost && r.Method != http.MethodPatch) || !strings.HasPrefix(r.Path, "/api/v1/") {
			continue
		}
		fr := fuzzRoute{key: r.Method + " " + r.Path, method: r.Method, path: strings.Replace(r.Path, ":id", "khong-co", 1), contentType: "application/json"}
		for prefix, id := range ids {
			if strings.HasPrefix(r.Path, prefix) {
				fr.path = strings.Replace(r.Path, ":id", id, 1)
			}
		}
		if rs := roles[fr.key]; len(rs) > 0 {
			fr.token = tokens[rs[0]]
		}
		if r.Path == "/api/v1/officials/import" {
			fr.contentType = "text/csv"
		}
		out = append(out, fr)
	}
	slices.SortFunc(out, func(a, b fuzzRoute) int { return strings.Compare(a.key, b.key) })
	return out
}

// pick returns the route named key, or one chosen by key's hash.
func (ft *fuzzTarget) pick(key string) fuzzRoute {
	if i := slices.IndexFunc(ft.routes, func(r fuzzRoute) bool { return r.key == key }); i >= 0 {
		return ft.routes[i]
	}
	h := fnv.New32a()
	h.Write([]byte(key))
	return ft.routes[int(h.Sum32()%uint32(len(ft.routes)))]
}

func (ft *fuzzTarget) send(method, path, token, contentType string, body []byte) (int, []byte) {
	req := httptest.NewRequest(method, path, bytes.NewReader(body))
	req.Header.Set("Content-Type", contentType)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	ft.srv.ServeHTTP(rec, req)
	return rec.Code, rec.Body.Bytes()
}

func (ft *fuzzTarget) lastSeq(tb testing.TB) uint64 {
	tb.Helper()
	seq, err := ft.store.LastSeq(tb.Context())
	if err != nil {
		tb.Fatalf("last seq: %v", err)
	}
	return seq
}

// account creates an account and returns a token of it.
func (ft *fuzzTarget) account(tb testing.TB, username string, role domain.Role, agency string) string {
	tb.Helper()
	cmd := domain.CreateUser{Username: username, Password: password, Role: string(role), AgencyCode: agency}
	if _, _, err := ft.srv.AddUser(tb.Context(), events.System, cmd); err != nil {
		tb.Fatalf("add user %s: %v", username, err)
	}
	var out struct{ Token string }
	ft.decode(tb, http.StatusCreated, "", "/api/v1/sessions", map[string]string{"username": username, "password": password}, &out)
	return out.Token
}

// created posts body to path and returns the id created.
func (ft *fuzzTarget) created(tb testing.TB, token, path string, body any) string {
	tb.Helper()
	var out struct{ ID string }
	ft.decode(tb, http.StatusCreated, token, path, body, &out)
	return out.ID
}

func (ft *fuzzTarget) decode(tb testing.TB, want int, token, path string, body, out any) {
	tb.Helper()
	b, err := json.Marshal(body)
	if err != nil {
		tb.Fatal(err)
	}
	status, resp := ft.send(http.MethodPost, path, token, "application/json", b)
	if status != want {
		tb.Fatalf("POST %s: %d %s, want %d", path, status, resp, want)
	}
	if err := json.Unmarshal(resp, out); err != nil {
		tb.Fatalf("POST %s: %v", path, err)
	}
}
