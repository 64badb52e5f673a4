package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"

	"daotao/domain"
	"daotao/domain/programme"
	"daotao/events"
	"daotao/handlers"
	"daotao/projections"
)

// DemoPassword is the password of every demo account (README lists them).
const DemoPassword = "daotao-demo-2024"

// demoSeed makes the demo roster and nominations the same on every run.
const demoSeed = 7328

type demoUser struct{ username, role, agency string }

// namedDemoUsers are the demo accounts the README names; every other
// agency with officials gets an officer "tc-<agency code>".
var namedDemoUsers = []demoUser{
	{"admin", "admin", ""},
	{"hoidong", "council", ""},
	{"kiemtra", "auditor", ""},
	{"sonoivu", "home_affairs", ""},
	{"thuongtruc", "standing_committee", ""},
	{"soyte", "agency", "so_y_te"},
	{"soxaydung", "agency", "so_xay_dung"},
	{"sotttt", "agency", "so_thong_tin_truyen_thong"},
	{"tamky", "agency", "ubnd_tam_ky"},
	{"hoian", "agency", "ubnd_hoi_an"},
	{"taichinh", "finance", ""},
	{"ubndtinh", "province", ""},
}

func demoCommand(ctx context.Context, env environment, args []string) error {
	var f backendFlags
	fs := newFlagSet(env, "demo")
	f.register(fs, env)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := f.validate(); err != nil {
		return err
	}
	o, err := openOffline(ctx, env, f)
	if err != nil {
		return err
	}
	defer o.close()
	srv, state, log := o.srv, o.state, newLogger(env)
	if err := seedDemo(ctx, srv, state, log); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "demo data ready: %d events; log in with any demo account, password %s\n", state.Applied(), DemoPassword)
	return nil
}

// seedDemo creates, through the real API and once (nothing happens if the
// admin account exists): an account for every role, the synthetic roster
// of 2,262 officials matching the Đề án's tables, and nominations in every
// status.
func seedDemo(ctx context.Context, srv *handlers.Server, state *projections.State, log *slog.Logger) error {
	if _, ok := state.UserByName("admin"); ok {
		return nil
	}
	doc, err := programme.Default()
	if err != nil {
		return err
	}
	base, err := programme.DefaultBaseline()
	if err != nil {
		return err
	}
	roster := programme.DemoRoster(demoSeed, doc, base)
	d := &demo{srv: srv, rng: rand.New(rand.NewPCG(demoSeed, 2024)), tokens: map[string]string{}, officers: map[string]string{}}
	if err := d.accounts(ctx, roster); err != nil {
		return err
	}
	d.register(roster)
	d.nominate(doc)
	d.courses(doc) // demo_courses.go
	d.trainee(ctx) // demo_completion.go
	d.money(state)
	d.planning() // demo_planning.go
	if d.err != nil {
		return d.err
	}
	log.Info("demo data created", "officials", len(d.officials), "nominations", d.nominations, "applied_seq", state.Applied())
	return nil
}

// demo drives the API; the first unexpected error stops it.
type demo struct {
	srv         *handlers.Server
	rng         *rand.Rand
	tokens      map[string]string // username → bearer token
	officers    map[string]string // agency → username of its officer
	officials   []demoOfficial
	nominations int
	err         error
}

type demoOfficial struct {
	id string
	programme.DemoOfficial
}

func (d *demo) accounts(ctx context.Context, roster []programme.DemoOfficial) error {
	users := append([]demoUser(nil), namedDemoUsers...)
	for _, u := range users {
		if u.agency != "" {
			d.officers[u.agency] = u.username
		}
	}
	for _, o := range roster {
		if _, ok := d.officers[o.AgencyCode]; !ok {
			name := "tc-" + strings.ReplaceAll(o.AgencyCode, "_", "-")
			d.officers[o.AgencyCode] = name
			users = append(users, demoUser{name, "agency", o.AgencyCode})
		}
	}
	for _, u := range users {
		cmd := domain.CreateUser{Username: u.username, Password: DemoPassword, Role: u.role, AgencyCode: u.agency}
		if _, _, err := d.srv.AddUser(ctx, events.System, cmd); err != nil {
			return fmt.Errorf("demo user %s: %w", u.username, err)
		}
		d.tokens[u.username] = d.login(u.username)
	}
	return d.err
}

// call sends one API request as user and returns the status and the JSON
// answer. Any 5xx stops the demo.
func (d *demo) call(user, method, path string, body any) (int, map[string]any) {
	if d.err != nil {
		return 0, nil
	}
	b, _ := json.Marshal(body)
	req := httptest.NewRequest(method, path, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	if user != "" {
		req.Header.Set("Authorization", "Bearer "+d.tokens[user])
	}
	rec := httptest.NewRecorder()
	d.srv.ServeHTTP(rec, req)
	var out map[string]any
	_ = json.Unmarshal(rec.Body.Bytes(), &out)
	if rec.Code >= 500 {
		d.err = fmt.Errorf("demo %s %s: %d %s", method, path, rec.Code, rec.Body.String())
	}
	return rec.Code, out
}

// must is call for requests that cannot fail on good demo data.
func (d *demo) must(user, method, path string, body any) map[string]any {
	code, out := d.call(user, method, path, body)
	if code >= 300 && d.err == nil {
		d.err = fmt.Errorf("demo %s %s: %d %v", method, path, code, out)
	}
	return out
}

func (d *demo) login(user string) string {
	out := d.must("", http.MethodPost, "/api/v1/sessions", map[string]string{"username": user, "password": DemoPassword})
	tok, _ := out["token"].(string)
	return tok
}

// register puts the whole roster on the agencies' rosters.
func (d *demo) register(roster []programme.DemoOfficial) {
	for _, o := range roster {
		body := map[string]any{"agency_code": o.AgencyCode}
		raw, _ := json.Marshal(o.OfficialProfile)
		_ = json.Unmarshal(raw, &body)
		out := d.must(d.officers[o.AgencyCode], http.MethodPost, "/api/v1/officials", body)
		id, _ := out["id"].(string)
		d.officials = append(d.officials, demoOfficial{id: id, DemoOfficial: o})
	}
}
