package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"daotao/domain"
	"daotao/events"
	"daotao/handlers"
	"daotao/projections"
)

type serveFlags struct {
	backendFlags
	addr          string
	demo          bool
	trustedProxy  string
	secureCookies bool
	https         httpsFlags // https.go
	metricsAllow  string
	securityLog   string        // file of the security log; "" for the main log
	snapshots     snapshotFlags // serve_snapshots.go
	workflow      workflowFlags // serve_workflow.go
}

func serve(ctx context.Context, env environment, args []string) error {
	var f serveFlags
	fs := newFlagSet(env, "serve")
	f.register(fs, env)
	fs.StringVar(&f.addr, "addr", envOr(env, "DAOTAO_ADDR", "127.0.0.1:8080"), "HTTP listen address (env DAOTAO_ADDR)")
	fs.StringVar(&f.trustedProxy, "trusted-proxies", env.getenv("DAOTAO_TRUSTED_PROXIES"), "comma-separated CIDRs of reverse proxies whose X-Forwarded-For is believed (env DAOTAO_TRUSTED_PROXIES)")
	fs.BoolVar(&f.secureCookies, "secure-cookies", envBool(env, "DAOTAO_SECURE_COOKIES"), "mark cookies Secure behind a TLS-terminating proxy (env DAOTAO_SECURE_COOKIES)")
	fs.BoolVar(&f.demo, "demo", envBool(env, "DAOTAO_DEMO"), "create demo users, officials and nominations on an empty log (env DAOTAO_DEMO)")
	fs.StringVar(&f.metricsAllow, "metrics-allow", env.getenv("DAOTAO_METRICS_ALLOW"), "comma-separated CIDRs that may read /metrics without a session besides loopback; others need an admin session (env DAOTAO_METRICS_ALLOW)")
	fs.StringVar(&f.securityLog, "security-log", env.getenv("DAOTAO_SECURITY_LOG"), "append the security log (logins, logouts, refused sessions and requests) to this file as JSON; default: the main log (env DAOTAO_SECURITY_LOG)")
	f.https.register(fs, env)
	f.snapshots.register(fs, env)
	f.workflow.register(fs, env)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := f.validate(); err != nil {
		return err
	}
	proxies, err := parseCIDRs("--trusted-proxies", f.trustedProxy)
	if err != nil {
		return err
	}
	scrapers, err := parseCIDRs("--metrics-allow", f.metricsAllow)
	if err != nil {
		return err
	}
	tlsConfig, err := f.https.config()
	if err != nil {
		return err
	}
	log := newLogger(env)
	app, err := start(ctx, f, network{proxies: proxies, scrapers: scrapers}, log)
	if err != nil {
		return err
	}
	defer app.stop(log)
	return app.serveHTTP(ctx, f.addr, tlsConfig, log, env)
}

// network is who the server believes about client addresses: trusted
// reverse proxies, and scrapers that may read /metrics without a session.
type network struct{ proxies, scrapers []*net.IPNet }

// app is a running daotao: backend, projections and HTTP handler.
type app struct {
	backend          *backend
	state            *projections.State
	srv              *handlers.Server
	cancel           context.CancelFunc
	closeSecurityLog func()
	snapshots        *projections.Snapshotter // nil when disabled
}

func start(ctx context.Context, f serveFlags, nw network, log *slog.Logger) (*app, error) {
	a := &app{state: projections.New()}
	secLog, closeSecLog, err := openSecurityLog(f.securityLog)
	if err != nil {
		return nil, err
	}
	pctx, cancel := context.WithCancel(context.Background())
	a.cancel, a.closeSecurityLog = cancel, closeSecLog
	onErr := func(err error) { log.Error("projection stopped", "error", err) }
	if a.backend, err = openBackend(ctx, f.backendFlags, log, onErr); err != nil {
		cancel()
		closeSecLog()
		return nil, err
	}
	if a.snapshots = newSnapshotter(f.snapshots, a.backend.store, log); a.snapshots != nil {
		a.state = a.snapshots.Restore(ctx)
	}
	reserve(ctx, a.state, a.backend.store)
	a.srv = handlers.New(handlers.Config{Store: a.backend.store, State: a.state, Agencies: domain.DefaultAgencies(),
		Logger: log, SecurityLog: secLog, Health: a.backend.health, Version: version, TrustedProxies: nw.proxies, SecureCookies: f.secureCookies,
		MetricsAllow: nw.scrapers, RefuseUntilReady: true})
	if err := a.state.Run(pctx, a.backend.store, onErr); err != nil {
		a.stop(log)
		return nil, fmt.Errorf("start projections: %w", err)
	}
	go a.catchUp(pctx, f.demo, log)
	go a.runWorkflow(pctx, f.workflow, log) // serve_workflow.go
	if a.snapshots != nil {
		go a.snapshots.Run(pctx, snapshotCheck)
	}
	return a, nil
}

// catchUp marks the server ready once the projections have replayed the
// log, then seeds demo data if asked.
func (a *app) catchUp(ctx context.Context, demo bool, log *slog.Logger) {
	began := time.Now()
	if err := a.srv.CatchUp(ctx); err != nil {
		if ctx.Err() == nil {
			log.Error("projections did not catch up", "error", err)
		}
		return
	}
	log.Info("ready", "applied_seq", a.state.Applied(), "replay", time.Since(began).Round(time.Millisecond))
	go debug.FreeOSMemory() // the snapshot's bytes and the replay's garbage, once
	if demo {
		if err := seedDemo(ctx, a.srv, a.state, log); err != nil {
			log.Error("demo data", "error", err)
		}
	}
}

// serveHTTP serves until ctx is done: HTTPS when tlsConfig is set (which
// makes cookies Secure and adds HSTS, see handlers), else plain HTTP.
func (a *app) serveHTTP(ctx context.Context, addr string, tlsConfig *tls.Config, log *slog.Logger, env environment) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	hs := &http.Server{Handler: a.srv, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 2 * time.Minute, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		TLSConfig: tlsConfig}
	errc := make(chan error, 1)
	scheme := "http"
	if tlsConfig != nil {
		scheme = "https"
		go func() { errc <- hs.ServeTLS(ln, "", "") }()
	} else {
		go func() { errc <- hs.Serve(ln) }()
	}
	log.Info("listening", "url", scheme+"://"+ln.Addr().String())
	fmt.Fprintf(env.stdout, "daotao listening on %s://%s\n", scheme, ln.Addr())
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("http shutdown: %w", err)
	}
	return nil
}

func (a *app) stop(log *slog.Logger) {
	finalSnapshot(a.snapshots, log)
	a.cancel()
	a.backend.close()
	a.closeSecurityLog()
	log.Info("stopped")
}

func parseCIDRs(name, list string) ([]*net.IPNet, error) {
	var out []*net.IPNet
	for _, c := range strings.Split(list, ",") {
		if c = strings.TrimSpace(c); c == "" {
			continue
		}
		_, n, err := net.ParseCIDR(c)
		if err != nil {
			return nil, usageError{fmt.Sprintf("%s: %q is not a CIDR such as 10.0.0.0/24", name, c)}
		}
		out = append(out, n)
	}
	return out, nil
}

// reserve sizes the books of a state that will replay the whole log for
// the log's length (projections.State.Reserve). A log that cannot be
// measured is replayed without it.
func reserve(ctx context.Context, state *projections.State, store events.Store) {
	if state.Applied() != 0 {
		return
	}
	if n, err := store.LastSeq(ctx); err == nil {
		state.Reserve(int(min(n, math.MaxInt32)))
	}
}
