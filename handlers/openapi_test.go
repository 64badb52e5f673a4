package handlers_test

import (
	"encoding/json"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"daotao/domain"
	"daotao/handlers"
)

// public are the routes that need no session.
var public = map[string]bool{
	"GET /healthz": true, "GET /readyz": true, "GET /api/v1/openapi.json": true, "POST /api/v1/sessions": true,
}

type openAPIDoc struct {
	OpenAPI string `json:"openapi"`
	Info    struct {
		Version string `json:"version"`
	} `json:"info"`
	Paths map[string]map[string]struct {
		Security  []any          `json:"security"`
		Responses map[string]any `json:"responses"`
	} `json:"paths"`
}

func TestOpenAPI(t *testing.T) {
	a := newApp(t)
	r := a.do(t, "", http.MethodGet, "/api/v1/openapi.json", nil).want(t, http.StatusOK)
	if !json.Valid(r.raw) {
		t.Fatalf("openapi.json is not valid JSON")
	}
	var doc openAPIDoc
	r.into(t, &doc)
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Errorf("openapi = %q, want 3.x", doc.OpenAPI)
	}
	documented := map[string]bool{}
	for path, ops := range doc.Paths {
		for method, op := range ops {
			key := strings.ToUpper(method) + " " + path
			documented[key] = true
			if len(op.Responses) == 0 {
				t.Errorf("%s documents no responses", key)
			}
			if secured := len(op.Security) > 0; secured == public[key] {
				t.Errorf("%s: secured = %v, want %v", key, secured, !public[key])
			}
		}
	}
	routed := routes(a.srv)
	if missing := difference(routed, documented); len(missing) > 0 {
		t.Errorf("routes missing from openapi.json: %v", missing)
	}
	if extra := difference(documented, routed); len(extra) > 0 {
		t.Errorf("openapi.json documents routes the router lacks: %v", extra)
	}
	for _, r := range contract {
		if !routed[r] {
			t.Errorf("contract route %s is not routed", r)
		}
	}
	t.Run("an undocumented route is caught", func(t *testing.T) {
		extra := handlers.New(handlers.Config{Store: a.store, State: a.state, Agencies: domain.DefaultAgencies()})
		extra.Echo().GET("/api/v1/extra/:id", func(echo.Context) error { return nil })
		if got := difference(routes(extra), documented); !slices.Equal(got, []string{"GET /api/v1/extra/{id}"}) {
			t.Errorf("undocumented = %v, want the added route", got)
		}
	})
}

// contract lists the routes of issue 2's contract.
var contract = []string{
	"POST /api/v1/sessions", "DELETE /api/v1/sessions", "POST /api/v1/users", "GET /api/v1/agencies",
	"POST /api/v1/officials", "GET /api/v1/officials/{id}", "GET /api/v1/officials",
	"POST /api/v1/nominations", "GET /api/v1/nominations/{id}", "GET /api/v1/nominations",
	"POST /api/v1/nominations/{id}/submit", "POST /api/v1/nominations/{id}/approve",
	"POST /api/v1/nominations/{id}/reject", "POST /api/v1/nominations/{id}/return",
	"POST /api/v1/nominations/{id}/resubmit", "POST /api/v1/nominations/{id}/withdraw",
	"GET /api/v1/queue", "GET /api/v1/audit/nominations/{id}", "GET /api/v1/openapi.json",
	"GET /healthz", "GET /readyz",
}

// TestOpenAPIPerServer checks that each server describes itself, not the
// first server built in the process.
func TestOpenAPIPerServer(t *testing.T) {
	a := newApp(t)
	a.do(t, "", http.MethodGet, "/api/v1/openapi.json", nil).want(t, http.StatusOK)
	other := &app{srv: handlers.New(handlers.Config{Store: a.store, State: a.state, Agencies: domain.DefaultAgencies(), Version: "1.2.3"})}
	var doc openAPIDoc
	other.do(t, "", http.MethodGet, "/api/v1/openapi.json", nil).want(t, http.StatusOK).into(t, &doc)
	if doc.Info.Version != "1.2.3" {
		t.Errorf("info.version = %q, want 1.2.3", doc.Info.Version)
	}
}

var (
	echoParam   = regexp.MustCompile(`:(\w+)`)
	httpMethods = []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "CONNECT", "TRACE"}
)

// routes returns "METHOD /path/{param}" for every route of the router that
// OpenAPI describes: the JSON API and the health endpoints. It leaves out
// the HTML pages of the web application and echo's internal routes (whose
// method is not an HTTP method).
func routes(srv *handlers.Server) map[string]bool {
	out := map[string]bool{}
	for _, r := range srv.Echo().Routes() {
		api := strings.HasPrefix(r.Path, "/api/") || r.Path == "/healthz" || r.Path == "/readyz"
		if api && slices.Contains(httpMethods, r.Method) {
			out[r.Method+" "+echoParam.ReplaceAllString(r.Path, "{$1}")] = true
		}
	}
	return out
}

func difference(a, b map[string]bool) []string {
	var out []string
	for _, k := range slices.Sorted(maps.Keys(a)) {
		if !b[k] {
			out = append(out, k)
		}
	}
	return out
}
