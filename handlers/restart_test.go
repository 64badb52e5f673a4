package handlers_test

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"sync"
	"testing"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"

	"daotao/domain"
	"daotao/events/jetstream"
	"daotao/events/jetstream/jstest"
	"daotao/handlers"
)

// stack is a whole running instance on a data folder: embedded server,
// connection, store, projection and router.
type stack struct {
	*app
	ns     *server.Server
	nc     *nats.Conn
	cancel context.CancelFunc
	once   sync.Once
}

// startStack starts an instance on dir without catching up; it is stopped
// when the test ends if not before.
func startStack(t *testing.T, dir string, clk *clock) *stack {
	t.Helper()
	ns, err := jetstream.StartEmbedded(jetstream.ServerConfig{StoreDir: dir, ServerName: "restart"})
	if err != nil {
		t.Fatalf("start server: %v", err)
	}
	s := &stack{ns: ns}
	t.Cleanup(s.stop)
	if s.nc, err = jetstream.ConnectEmbedded(ns, t.Name()); err != nil {
		t.Fatalf("connect: %v", err)
	}
	store, err := jetstream.Open(t.Context(), s.nc, jetstream.Config{})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	s.cancel = cancel
	s.app = build(t, ctx, store, clk)
	return s
}

// stop ends the projection, closes the connection and shuts the server down.
func (s *stack) stop() {
	s.once.Do(func() {
		if s.cancel != nil {
			s.cancel()
		}
		if s.nc != nil {
			s.nc.Close()
		}
		s.ns.Shutdown()
		s.ns.WaitForShutdown()
	})
}

// snapshot is what a client can read of the whole state.
type snapshot struct {
	Nominations []domain.NominationView
	Officials   []domain.OfficialView
	Users       []handlers.UserView
	Last        uint64
}

func (w *world) snapshot(t *testing.T) snapshot {
	t.Helper()
	var s snapshot
	w.do(t, w.council, http.MethodGet, nominations, nil).want(t, http.StatusOK).into(t, &s.Nominations)
	w.do(t, w.council, http.MethodGet, officials, nil).want(t, http.StatusOK).into(t, &s.Officials)
	w.do(t, w.admin, http.MethodGet, "/api/v1/users", nil).want(t, http.StatusOK).into(t, &s.Users)
	s.Last = w.lastSeq(t)
	return s
}

func TestRestart(t *testing.T) {
	dir, clk := t.TempDir(), &clock{now: start}
	first := startStack(t, dir, clk)
	if err := first.srv.CatchUp(t.Context()); err != nil {
		t.Fatalf("catch up: %v", err)
	}
	w := populate(t, first.app)
	for _, st := range domain.Statuses {
		w.nominationIn(t, st)
	}
	submitted := w.nominationIn(t, domain.StatusSubmitted)
	var keyed createdOut
	w.do(t, w.yte, http.MethodPost, officials, officialBody("so_y_te"), "Idempotency-Key", "k1").want(t, http.StatusCreated).into(t, &keyed)
	loggedOut := w.login(t, "soyte")
	w.do(t, loggedOut, http.MethodDelete, sessions, nil).want(t, http.StatusNoContent)
	before := w.snapshot(t)
	// 4 officials: the approved nomination gets one of its own (nominationIn).
	if len(before.Nominations) != 7 || len(before.Officials) != 4 || len(before.Users) != 7 {
		t.Fatalf("before restart: %d nominations, %d officials, %d users; want 7, 4, 7",
			len(before.Nominations), len(before.Officials), len(before.Users))
	}
	first.stop()

	second := startStack(t, dir, clk)
	second.do(t, "", http.MethodGet, "/readyz", nil).want(t, http.StatusServiceUnavailable)
	if err := second.srv.CatchUp(t.Context()); err != nil {
		t.Fatalf("catch up after restart: %v", err)
	}
	second.do(t, "", http.MethodGet, "/readyz", nil).want(t, http.StatusOK)
	w.app = second.app
	if after := w.snapshot(t); !reflect.DeepEqual(after, before) {
		t.Errorf("state after restart differs:\n got %+v\nwant %+v", after, before)
	}
	for name, token := range map[string]string{"admin": w.admin, "council": w.council, "agency": w.yte} {
		t.Run("old "+name+" token", func(t *testing.T) {
			w.do(t, token, http.MethodGet, "/api/v1/me", nil).want(t, http.StatusOK)
		})
	}
	t.Run("logged out stays out", func(t *testing.T) {
		w.do(t, loggedOut, http.MethodGet, "/api/v1/me", nil).failure(t, http.StatusUnauthorized, "unauthorized")
	})
	t.Run("login", func(t *testing.T) {
		w.login(t, "tamky")
	})
	t.Run("retry answered from the log", func(t *testing.T) {
		var again createdOut
		w.do(t, w.yte, http.MethodPost, officials, officialBody("so_y_te"), "Idempotency-Key", "k1").want(t, http.StatusCreated).into(t, &again)
		if again != keyed {
			t.Errorf("retry after restart = %+v, want %+v", again, keyed)
		}
	})
	t.Run("work goes on", func(t *testing.T) {
		var out createdOut
		w.act(t, submitted, "approve").want(t, http.StatusOK).into(t, &out)
		if out.Seq <= before.Last {
			t.Errorf("seq after restart = %d, want above %d", out.Seq, before.Last)
		}
	})
}

func TestHealth(t *testing.T) {
	a := build(t, t.Context(), jstest.Open(t), &clock{now: start})
	probe := func(t *testing.T, a *app, path string, status int, want string) {
		t.Helper()
		if got := a.do(t, "", http.MethodGet, path, nil).want(t, status).object(t)["status"]; got != want {
			t.Errorf("%s status = %v, want %s", path, got, want)
		}
	}
	probe(t, a, "/healthz", http.StatusOK, "ok")
	probe(t, a, "/readyz", http.StatusServiceUnavailable, "starting")
	if err := a.srv.CatchUp(t.Context()); err != nil {
		t.Fatalf("catch up: %v", err)
	}
	probe(t, a, "/readyz", http.StatusOK, "ready")

	down := &app{srv: handlers.New(handlers.Config{Store: a.store, State: a.state, Agencies: domain.DefaultAgencies(),
		Health: func() error { return errors.New("NATS connection is not established") }})}
	down.srv.SetReady(true)
	probe(t, down, "/readyz", http.StatusServiceUnavailable, "unavailable")
	probe(t, down, "/healthz", http.StatusOK, "ok")
}
