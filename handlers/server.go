// Package handlers is the HTTP face of daotao: the JSON API under /api/v1,
// health endpoints and (later) the web application. Routes are declared in
// routes.go; every handler derives the actor from the session, checks role
// and agency, decides through package domain and appends through
// events.Store. Errors become HTTP in one place (errors.go).
package handlers

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"daotao/domain"
	"daotao/events"
	"daotao/projections"
	"daotao/projections/asof"
)

// Config holds the dependencies of a Server. Store, State and Agencies are
// required; the rest have defaults.
type Config struct {
	Store    events.Store
	State    *projections.State
	Agencies *domain.Agencies
	Logger   *slog.Logger
	// SecurityLog receives the security log: logins (ok, failed,
	// throttled, locked), logouts, refused sessions and CSRF tokens, and
	// every other 401 and 403; default Logger with the attribute
	// log=security.
	SecurityLog *slog.Logger
	// Now is the clock; default time.Now.
	Now func() time.Time
	// NewID returns a new unique id; default UUID v7.
	NewID func() string
	// Hasher hashes new passwords; default DefaultHasher.
	Hasher *PasswordHasher
	// SessionTTL is a session's absolute lifetime; default 12 hours.
	SessionTTL time.Duration
	// IdleTimeout ends a session unused for that long; default 2 hours.
	IdleTimeout time.Duration
	// WaitLimit bounds how long a read waits for min_seq; default 5 s.
	WaitLimit time.Duration
	// Health reports whether the event store connection is usable.
	Health func() error
	// RefuseUntilReady answers every request but /healthz, /readyz,
	// /metrics and static files with 503 until SetReady(true), as a
	// process that has not replayed the log yet must (see untilReady).
	RefuseUntilReady bool
	// Version is the build's version, shown by /healthz.
	Version string
	// TrustedProxies are the networks of reverse proxies whose
	// X-Forwarded-For is believed; without any, the client address is the
	// connection's peer and forwarded headers are ignored.
	TrustedProxies []*net.IPNet
	// SecureCookies marks cookies Secure even on plain HTTP, for a
	// deployment behind a TLS-terminating proxy.
	SecureCookies bool
	// MetricsAllow are the networks that may read /metrics without a
	// session, besides loopback; everyone else needs an admin session.
	MetricsAllow []*net.IPNet
}

// Server is the HTTP application.
type Server struct {
	cfg         Config
	e           *echo.Echo
	log         *slog.Logger
	sec         *slog.Logger // the security log
	routes      []route
	ready       atomic.Bool
	highWater   atomic.Uint64 // last sequence this process appended
	lastSeen    sync.Map      // session id → time.Time of last use
	touches     atomic.Uint64
	dummyHash   func() string
	limiter     *limiter
	pages       pages
	agencyCache agencyCache
	// openAPIDoc is the OpenAPI description of routes, built once.
	openAPIDoc func() map[string]any
	metrics    *metrics
	// sittingLocks keeps one sitting's items applied one at a time.
	sittingLocks sittingLocks
	// asOfCache caches the states of the past that as-of reads use
	// (asof.go); past is the cut of a Server answering from one.
	asOfCache historyCache
	past      *asof.Cut
}

// New returns a Server with every route registered. It is not ready until
// SetReady(true).
func New(cfg Config) *Server {
	cfg = withDefaults(cfg)
	s := &Server{cfg: cfg, log: slog.New(requestIDHandler{cfg.Logger.Handler()}), sec: slog.New(requestIDHandler{cfg.SecurityLog.Handler()}), limiter: newLimiter(loginAttempts, loginWindow),
		metrics: newMetrics(time.Now())}
	s.e = echo.New()
	s.e.HideBanner, s.e.HidePort = true, true
	s.e.HTTPErrorHandler = s.handleError
	s.e.IPExtractor = ipExtractor(cfg.TrustedProxies)
	s.dummyHash = sync.OnceValue(func() string { h, _ := cfg.Hasher.Hash("dummy password"); return h })
	s.routes = s.routeTable()
	var err error
	if s.pages, err = s.parsePages(); err != nil {
		panic(fmt.Sprintf("handlers: embedded templates do not parse: %v", err)) // a test rules this out
	}
	s.openAPIDoc = sync.OnceValue(func() map[string]any { return buildOpenAPI(s.routes, cfg.Version) })
	s.register()
	s.registerPages()
	if cfg.RefuseUntilReady {
		s.e.Use(s.untilReady)
	}
	return s
}

func withDefaults(cfg Config) Config {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.SecurityLog == nil {
		cfg.SecurityLog = cfg.Logger.With(slog.String("log", "security"))
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.NewID == nil {
		cfg.NewID = func() string { return uuid.Must(uuid.NewV7()).String() }
	}
	if cfg.Hasher == nil {
		cfg.Hasher = &DefaultHasher
	}
	cfg.SessionTTL = orDefault(cfg.SessionTTL, 12*time.Hour)
	cfg.IdleTimeout = orDefault(cfg.IdleTimeout, 2*time.Hour)
	cfg.WaitLimit = orDefault(cfg.WaitLimit, 5*time.Second)
	if cfg.Health == nil {
		cfg.Health = func() error { return nil }
	}
	return cfg
}

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

// ServeHTTP makes Server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.e.ServeHTTP(w, r) }

// Echo returns the router, for tests that list its routes.
func (s *Server) Echo() *echo.Echo { return s.e }

// SetReady marks the server ready (or not) for /readyz.
func (s *Server) SetReady(ready bool) { s.ready.Store(ready) }

// CatchUp waits until the projections have applied everything the store held
// when it was called, publishes the shipped reference data on a new log,
// then marks the server ready. It returns ctx's error or
// the store's.
func (s *Server) CatchUp(ctx context.Context) error {
	last, err := s.cfg.Store.LastSeq(ctx)
	if err != nil {
		return err
	}
	if err := s.cfg.State.WaitFor(ctx, last); err != nil {
		return err
	}
	if err := s.Bootstrap(ctx); err != nil {
		return err
	}
	s.SetReady(true)
	return nil
}

func (s *Server) now() time.Time { return s.cfg.Now() }

func (s *Server) today() events.Date { return events.DateOf(s.now(), domain.Zone) }

// Today returns the current date in Asia/Ho_Chi_Minh by the server's clock.
func (s *Server) Today() events.Date { return s.today() }

// ipExtractor takes the client address from X-Forwarded-For only when the
// request came through one of the trusted proxies.
func ipExtractor(trusted []*net.IPNet) echo.IPExtractor {
	if len(trusted) == 0 {
		return echo.ExtractIPDirect()
	}
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, n := range trusted {
		opts = append(opts, echo.TrustIPRange(n))
	}
	return echo.ExtractIPFromXFFHeader(opts...)
}
