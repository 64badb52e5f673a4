package handlers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/google/uuid"

	"daotao/domain"
	"daotao/events"
	"daotao/events/jetstream/jstest"
	"daotao/handlers"
	"daotao/projections"
)

// cmdBenchApp is the whole stack for a benchmark: an embedded NATS server
// syncing every write, the projections following it and the real router,
// with an officer of Sở Y tế, Sở Nội vụ and the council logged in.
type cmdBenchApp struct {
	srv                           *handlers.Server
	store                         events.Store
	state                         *projections.State
	officer, homeAffairs, council string
}

func newCmdBenchApp(b *testing.B) *cmdBenchApp {
	b.Helper()
	store := jstest.Open(b)
	state := projections.New()
	if err := state.Run(b.Context(), store, func(err error) { b.Errorf("projection: %v", err) }); err != nil {
		b.Fatal(err)
	}
	srv := handlers.New(handlers.Config{Store: store, State: state, Agencies: domain.DefaultAgencies(),
		Hasher: &handlers.PasswordHasher{Time: 1, MemoryKiB: 64, Threads: 1}})
	if err := srv.CatchUp(b.Context()); err != nil {
		b.Fatal(err)
	}
	a := &cmdBenchApp{srv: srv, store: store, state: state}
	a.officer = a.account(b, "benchyte", domain.RoleAgency, "so_y_te")
	a.homeAffairs = a.account(b, "benchnoivu", domain.RoleHomeAffairs, "")
	a.council = a.account(b, "benchhoidong", domain.RoleCouncil, "")
	return a
}

func (a *cmdBenchApp) account(b *testing.B, name string, role domain.Role, agency string) string {
	b.Helper()
	cmd := domain.CreateUser{Username: name, Password: password, Role: string(role), AgencyCode: agency}
	if _, _, err := a.srv.AddUser(b.Context(), events.System, cmd); err != nil {
		b.Fatal(err)
	}
	var out struct{ Token string }
	a.send(b, "", http.MethodPost, "/api/v1/sessions", map[string]string{"username": name, "password": password}, http.StatusCreated, &out)
	return out.Token
}

// send sends one request through the router and fails unless it gets want.
func (a *cmdBenchApp) send(b *testing.B, token, method, path string, body any, want int, out any) {
	b.Helper()
	raw, _ := json.Marshal(body)
	req := httptest.NewRequest(method, path, bytes.NewReader(raw))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	a.srv.ServeHTTP(rec, req)
	if rec.Code != want {
		b.Fatalf("%s %s: %d, want %d: %s", method, path, rec.Code, want, rec.Body)
	}
	if out != nil {
		if err := json.Unmarshal(rec.Body.Bytes(), out); err != nil {
			b.Fatal(err)
		}
	}
}

func (a *cmdBenchApp) official(b *testing.B) string {
	b.Helper()
	var out struct{ ID string }
	a.send(b, a.officer, http.MethodPost, "/api/v1/officials", officialBody("so_y_te"), http.StatusCreated, &out)
	return out.ID
}

func (a *cmdBenchApp) nomination(b *testing.B, official string) string {
	b.Helper()
	var out struct{ ID string }
	a.send(b, a.officer, http.MethodPost, "/api/v1/nominations", cmdBenchNomination(official), http.StatusCreated, &out)
	return out.ID
}

func cmdBenchNomination(official string) map[string]any {
	return map[string]any{"official_id": official, "kind": "boi_duong", "title": "Bồi dưỡng chuyên sâu về quản lý y tế",
		"start_date": "2027-03-02", "end_date": "2027-03-13", "cost_estimate_vnd": 12_000_000}
}

// BenchmarkCommand is one API command through the real router on an
// embedded server with SyncAlways: authentication, binding, decision,
// encoding, the conditional append (approve: the council's final
// decision after Sở Nội vụ's, an atomic batch with the official's booking) and the answer. What each command needs is made
// with the timer stopped.
func BenchmarkCommand(b *testing.B) {
	a := newCmdBenchApp(b)
	official := a.official(b)
	b.Run("command=register_official", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			a.official(b)
		}
	})
	b.Run("command=create_nomination", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			a.nomination(b, official)
		}
	})
	b.Run("command=submit", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			b.StopTimer()
			id := a.nomination(b, official)
			b.StartTimer()
			a.send(b, a.officer, http.MethodPost, "/api/v1/nominations/"+id+"/submit", nil, http.StatusOK, nil)
		}
	})
	b.Run("command=approve", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			b.StopTimer()
			id := a.nomination(b, a.official(b))
			a.send(b, a.officer, http.MethodPost, "/api/v1/nominations/"+id+"/submit", nil, http.StatusOK, nil)
			a.send(b, a.homeAffairs, http.MethodPost, "/api/v1/nominations/"+id+"/approve", map[string]string{"reason": "Hồ sơ đầy đủ."}, http.StatusOK, nil)
			b.StartTimer()
			a.send(b, a.council, http.MethodPost, "/api/v1/nominations/"+id+"/approve", map[string]string{"reason": "Đủ điều kiện."}, http.StatusOK, nil)
		}
	})
}

// BenchmarkDecideEncodeAppend is the command path without HTTP: the
// domain decides a new nomination, events.New encodes it, and the store
// appends it conditionally to its own subject.
func BenchmarkDecideEncodeAppend(b *testing.B) {
	a := newCmdBenchApp(b)
	id := a.official(b)
	if last, err := a.store.LastSeq(b.Context()); err != nil || a.state.WaitTimeout(b.Context(), last, 5*time.Second) != nil {
		b.Fatalf("projection did not catch up: %v", err)
	}
	official, ok := a.state.Official(id)
	if !ok {
		b.Fatal("official not projected")
	}
	actor := events.Actor{UserID: "u-1", Username: "benchyte", Role: string(domain.RoleAgency), Agency: "so_y_te"}
	cmd := domain.CreateNomination{OfficialID: official.OfficialID, Kind: domain.KindRefresher, NominationDetails: events.NominationDetails{
		Title: "Bồi dưỡng chuyên sâu về quản lý y tế", StartDate: events.NewDate(2027, 3, 2), EndDate: events.NewDate(2027, 3, 13)}}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		id := uuid.Must(uuid.NewV7()).String()
		p, err := domain.NewNomination(id, cmd, &official, actor)
		if err != nil {
			b.Fatal(err)
		}
		e, err := events.New(uuid.Must(uuid.NewV7()).String(), events.Subject(events.AggregateNomination, id), time.Now(), actor, &p)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := a.store.Append(ctx, e, 0, e.ID); err != nil {
			b.Fatal(fmt.Errorf("append: %w", err))
		}
	}
}
