package handlers_test

import (
	"errors"
	"net/http"
	"testing"

	"daotao/domain"
	"daotao/events/jetstream/jstest"
	"daotao/handlers"
	"daotao/projections"
)

// TestRefuseUntilReady checks that a server told to refuse requests until
// it is ready answers 503 "starting" to the API, to logins and to pages
// before it has caught up with the log, serves the probes meanwhile, and
// serves everything once ready.
func TestRefuseUntilReady(t *testing.T) {
	store, state := jstest.Open(t), projections.New()
	if err := state.Run(t.Context(), store, func(err error) { t.Errorf("projection: %v", err) }); err != nil {
		t.Fatal(err)
	}
	a := &app{store: store, state: state, srv: handlers.New(handlers.Config{Store: store, State: state,
		Agencies: domain.DefaultAgencies(), RefuseUntilReady: true})}
	for _, path := range []string{"/api/v1/me", "/api/v1/nominations", "/login"} {
		r := a.do(t, "", http.MethodGet, path, nil).want(t, http.StatusServiceUnavailable)
		if r.header.Get("Retry-After") == "" {
			t.Errorf("GET %s while starting: no Retry-After", path)
		}
	}
	login := map[string]string{"username": "quantri", "password": "mat-khau-du-dai"}
	if got := a.do(t, "", http.MethodPost, "/api/v1/sessions", login).want(t, http.StatusServiceUnavailable).object(t)["code"]; got != "starting" {
		t.Errorf("login while starting: code %v, want starting", got)
	}
	a.do(t, "", http.MethodGet, "/healthz", nil).want(t, http.StatusOK)
	a.do(t, "", http.MethodGet, "/readyz", nil).want(t, http.StatusServiceUnavailable)
	if err := a.srv.CatchUp(t.Context()); err != nil {
		t.Fatal(err)
	}
	a.do(t, "", http.MethodGet, "/readyz", nil).want(t, http.StatusOK)
	a.do(t, "", http.MethodGet, "/api/v1/me", nil).want(t, http.StatusUnauthorized)
	a.do(t, "", http.MethodPost, "/api/v1/sessions", login).want(t, http.StatusUnauthorized)
}

// TestCommandWhileStoreDown checks that a command is refused with 503 at
// once, recording nothing, while the event store connection is down.
func TestCommandWhileStoreDown(t *testing.T) {
	w := newWorld(t)
	down := &app{store: w.store, state: w.state, srv: handlers.New(handlers.Config{Store: w.store, State: w.state, Now: w.clock.Now,
		Agencies: domain.DefaultAgencies(), Health: func() error { return errors.New("NATS connection is not established") }})}
	down.srv.SetReady(true)
	before, err := w.store.LastSeq(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	r := down.do(t, w.yte, http.MethodPost, "/api/v1/officials", officialBody("so_y_te"), "Idempotency-Key", "while-down")
	if got := r.want(t, http.StatusServiceUnavailable).object(t)["code"]; got != "unavailable" {
		t.Errorf("command while the store is down: code %v, want unavailable", got)
	}
	if after, _ := w.store.LastSeq(t.Context()); after != before {
		t.Errorf("the log went from seq %d to %d; want nothing recorded", before, after)
	}
	w.do(t, w.yte, http.MethodPost, "/api/v1/officials", officialBody("so_y_te"), "Idempotency-Key", "while-down").want(t, http.StatusCreated)
}
