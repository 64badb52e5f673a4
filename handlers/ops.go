package handlers

import (
	"context"
	"net"
	"net/http"
	"net/http/pprof" // its init also registers on http.DefaultServeMux, which daotao never serves
	"runtime"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"daotao/events"
)

// scrapeTimeout bounds the store requests one /metrics scrape makes.
const scrapeTimeout = 2 * time.Second

// registerOps installs the operator endpoints: /metrics for Prometheus and
// Go's profiler under /debug/pprof/. Neither is in the route table: they
// are not part of the API that OpenAPI describes, and their access rule
// is their own (metricsAccess, adminOnly).
func (s *Server) registerOps() {
	s.e.GET("/metrics", s.metricsPage, s.metricsAccess)
	s.e.GET("/debug/pprof/*", echo.WrapHandler(http.HandlerFunc(profile)), s.adminOnly)
}

// metricsPage writes every metric in the Prometheus text format.
func (s *Server) metricsPage(c echo.Context) error {
	var x exposition
	s.metrics.write(&x)
	s.writeGauges(c.Request().Context(), &x)
	return c.Blob(http.StatusOK, contentType, x.b.Bytes())
}

// writeGauges writes the values read at scrape time: build, process, NATS
// connection and projection lag. Without an answer from the store the lag
// families are left out rather than reported as zero.
func (s *Server) writeGauges(ctx context.Context, x *exposition) {
	gauge(x, "daotao_build_info", "Build version; the value is always 1.", 1, "version", s.cfg.Version)
	gauge(x, "process_start_time_seconds", "Start time of the process since the Unix epoch in seconds.", float64(s.metrics.started.UnixMilli())/1000)
	gauge(x, "go_goroutines", "Number of goroutines that currently exist.", float64(runtime.NumGoroutine()))
	gauge(x, "daotao_ready", "1 once the projections have caught up after start, else 0.", boolValue(s.ready.Load()))
	gauge(x, "daotao_nats_connected", "1 while the connection to NATS is usable, else 0.", boolValue(s.cfg.Health() == nil))
	applied := s.cfg.State.Applied()
	gauge(x, "daotao_projection_applied_sequence", "Stream sequence of the last event the projections applied.", float64(applied))
	ctx, cancel := context.WithTimeout(ctx, scrapeTimeout)
	defer cancel()
	last, err := s.cfg.Store.LastSeq(ctx)
	if err != nil {
		return
	}
	gauge(x, "daotao_store_last_sequence", "Last stream sequence of the event log.", float64(last))
	gauge(x, "daotao_projection_lag_events", "Events in the log the projections have not applied yet.", float64(last-min(applied, last)))
	if lag, ok := s.lagSeconds(ctx, applied, last); ok {
		gauge(x, "daotao_projection_lag_seconds", "Age of the oldest event not applied yet; 0 when caught up.", lag)
	}
}

// lagSeconds is how long the first event the projections have not applied
// has been in the store: 0 when they are caught up. (The age of the last
// applied event would grow without bound on an idle, healthy system.)
func (s *Server) lagSeconds(ctx context.Context, applied, last uint64) (float64, bool) {
	if applied >= last {
		return 0, true
	}
	var stored time.Time
	err := s.cfg.Store.Read(ctx, applied+1, applied+1, func(r events.Recorded) error {
		stored = r.StoredAt
		return nil
	})
	if err != nil || stored.IsZero() {
		return 0, false
	}
	return max(time.Since(stored).Seconds(), 0), true
}

func gauge(x *exposition, name, help string, v float64, labels ...string) {
	x.family(name, "gauge", help)
	x.sample(name, v, labels...)
}

func boolValue(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// metricsAccess lets a scraper in without a session when the client is on
// loopback or in MetricsAllow; anyone else needs an admin session. A
// request that came through a proxy which is not trusted does not count
// as coming from its peer's address: otherwise a reverse proxy on the same
// machine would open /metrics to everyone.
func (s *Server) metricsAccess(next echo.HandlerFunc) echo.HandlerFunc {
	admin := s.adminOnly(next)
	return func(c echo.Context) error {
		if s.scraper(c) {
			return next(c)
		}
		return admin(c)
	}
}

func (s *Server) scraper(c echo.Context) bool {
	r := c.Request()
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	client := net.ParseIP(host)
	if err != nil || client == nil {
		return false
	}
	if forwarded(r) {
		if !inNets(client, s.cfg.TrustedProxies) {
			return false
		}
		if client = net.ParseIP(c.RealIP()); client == nil {
			return false
		}
	}
	return client.IsLoopback() || inNets(client, s.cfg.MetricsAllow)
}

func forwarded(r *http.Request) bool {
	h := r.Header
	return h.Get(echo.HeaderXForwardedFor) != "" || h.Get("Forwarded") != "" || h.Get(echo.HeaderXRealIP) != ""
}

func inNets(ip net.IP, nets []*net.IPNet) bool {
	for _, n := range nets {
		if n.Contains(ip) {
			return true
		}
	}
	return false
}

// adminOnly lets only an admin through, by bearer token (scripts, curl)
// or by the web session cookie (a browser); an unsafe request with the
// cookie also needs the CSRF token, as on every page.
func (s *Server) adminOnly(next echo.HandlerFunc) echo.HandlerFunc {
	viaBearer := s.authenticate(allow(admins...)(next))
	viaCookie := s.webAuthenticate(pageAllow(admins...)(next))
	return func(c echo.Context) error {
		if c.Request().Header.Get(echo.HeaderAuthorization) == "" {
			if ck, err := c.Cookie(sessionCookie); err == nil && ck.Value != "" {
				return viaCookie(c)
			}
		}
		return viaBearer(c)
	}
}

// profile serves Go's profiler: the index and named profiles (heap,
// goroutine, ...) and the special cpu profile, trace, cmdline and symbol
// endpoints. A CPU profile or trace longer than the server's write timeout
// is refused by the profiler itself.
func profile(w http.ResponseWriter, r *http.Request) {
	switch strings.TrimPrefix(r.URL.Path, "/debug/pprof/") {
	case "cmdline":
		pprof.Cmdline(w, r)
	case "profile":
		pprof.Profile(w, r)
	case "symbol":
		pprof.Symbol(w, r)
	case "trace":
		pprof.Trace(w, r)
	default:
		pprof.Index(w, r)
	}
}
