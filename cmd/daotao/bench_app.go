package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"daotao/domain"
	"daotao/handlers"
	"daotao/projections"
)

// benchApp is the application under load: the real handlers on a real
// HTTP server on loopback, with the projections the rebuild produced
// following the store.
type benchApp struct {
	base   string
	hc     *http.Client
	srv    *handlers.Server
	state  *projections.State
	tokens map[string]string // username → bearer token
}

// appPhase runs the command load alone, then with queries alongside.
func (b *bench) appPhase(ctx context.Context, state *projections.State) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	a, err := b.startApp(ctx, state)
	if err != nil {
		return err
	}
	if err := b.login(ctx, a); err != nil {
		return err
	}
	load := newLoad(b, a)
	if err := load.warmUp(ctx); err != nil {
		return err
	}
	if err := b.rounds(ctx, load); err != nil {
		return err
	}
	b.progress(fmt.Sprintf("queries under the command load for %s", b.sc.query))
	return b.queryPhase(ctx, a, load)
}

// rounds alternates the raw publishers, the same publishers with a
// consumer following their stream, the same behind a bare HTTP server,
// and the command load, each for an
// equal share of the load's time, so that all see the same machine: on a
// shared disk the rate of synchronous appends drifts by a factor of two
// within seconds. The first round of the raw publishers, of the bare HTTP
// server and of the commands is profiled.
func (b *bench) rounds(ctx context.Context, load *load) error {
	d := b.sc.load / time.Duration(b.sc.rounds)
	b.progress(fmt.Sprintf("%d rounds of %s: %d raw publishers, then %d HTTP clients", b.sc.rounds, d, b.f.clients, b.f.clients))
	total := loadResult{lat: map[string]samples{}, errs: map[string]int{}}
	var rates []float64
	for i := range b.sc.rounds {
		if err := b.rawAppend(ctx, d, i == 0); err != nil {
			return err
		}
		if err := b.rawAppendFollowed(ctx, d); err != nil {
			return err
		}
		if err := b.rawAppendHTTP(ctx, d, i == 0); err != nil {
			return err
		}
		stop := func() {}
		if i == 0 {
			stop = b.prof.start("commands")
		}
		res := load.run(ctx, d)
		stop()
		total.merge(res)
		total.took += res.took
		rates = append(rates, res.perSecond())
	}
	b.rep.App = total.app(b.f.clients)
	b.rep.App.Mix, b.rep.App.RoundsPerS = b.f.mix, rates
	load.lagMu.Lock()
	lag := load.lag.summary()
	load.lagMu.Unlock()
	b.rep.App.ProjectionLagP50Ms, b.rep.App.ProjectionLagP99Ms = lag.P50Ms, lag.P99Ms
	return nil
}

func (b *bench) queryPhase(ctx context.Context, a *benchApp, load *load) error {
	q, err := newQueries(b, a)
	if err != nil {
		return err
	}
	stop := b.prof.start("queries")
	var wg sync.WaitGroup
	var mixed loadResult
	wg.Go(func() { mixed = load.run(ctx, b.sc.query) })
	wg.Go(func() { q.run(ctx, b.sc.query, b.sc.queryRate) })
	wg.Wait()
	stop()
	b.rep.App.UnderQueriesPerS = mixed.perSecond()
	b.rep.Query = q.result(b.sc.queryRate)
	return nil
}

func (b *bench) startApp(ctx context.Context, state *projections.State) (*benchApp, error) {
	onErr := func(err error) { b.log.Error("projection stopped", "error", err) }
	if err := state.Run(ctx, b.be.store, onErr); err != nil {
		return nil, err
	}
	srv := handlers.New(handlers.Config{Store: b.be.store, State: state, Agencies: domain.DefaultAgencies(),
		Logger: slog.New(slog.DiscardHandler), Hasher: &benchHasher, Health: b.be.health, Version: version})
	if err := srv.CatchUp(ctx); err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(ln)
	context.AfterFunc(ctx, func() { hs.Close() })
	tr := &http.Transport{MaxIdleConns: 4 * b.f.clients, MaxIdleConnsPerHost: 4 * b.f.clients, DisableCompression: true}
	return &benchApp{base: "http://" + ln.Addr().String(), hc: &http.Client{Transport: tr, Timeout: time.Minute},
		srv: srv, state: state, tokens: map[string]string{}}, nil
}

// login opens one session for each bench account.
func (b *bench) login(ctx context.Context, a *benchApp) error {
	names := []string{benchCouncil, benchHomeAffairs, benchStandingCommit}
	for _, agency := range b.users.agencies {
		names = append(names, officerName(agency))
	}
	for _, name := range names {
		var out struct{ Token string }
		status, err := a.call(ctx, "", http.MethodPost, "/api/v1/sessions", map[string]string{"username": name, "password": benchPassword}, &out)
		if err != nil {
			return err
		}
		if status != http.StatusCreated || out.Token == "" {
			return fmt.Errorf("login %s: status %d (a bench account with another password?)", name, status)
		}
		a.tokens[name] = out.Token
	}
	return nil
}

// errStatus is an answer the load did not expect.
var errStatus = errors.New("unexpected status")
