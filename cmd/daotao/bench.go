package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"daotao/events"
	"daotao/projections"
)

// benchScale is the size of a benchmark run: the data it generates and
// how long each measured phase lasts.
type benchScale struct {
	name string
	// officials registered by the generator; nominations are drawn per
	// official with mean nominationsMean (between 1 and 2).
	officials       int
	nominationsMean float64
	// updateShare of officials get one profile update besides the one
	// that puts a nominated official into the planning pool.
	updateShare float64
	// minEvents is the stream size from which existing data is reused
	// instead of generated.
	minEvents uint64
	// load is how long the raw appends and the commands run in all, in
	// rounds alternating between them; query how long the command load
	// runs with queries alongside.
	load, query time.Duration
	rounds      int
	// queryRate is how many queries of each kind are sent per second.
	queryRate int
}

var benchScales = map[string]benchScale{
	"province": {name: "province", officials: 2262, nominationsMean: 1.3, updateShare: 0.25, minEvents: 10_000,
		load: 30 * time.Second, rounds: 5, query: 10 * time.Second, queryRate: 20},
	"national": {name: "national", officials: 150_000, nominationsMean: 1.7, updateShare: 0.3, minEvents: 1_000_000,
		load: 40 * time.Second, rounds: 5, query: 15 * time.Second, queryRate: 20},
}

// quick shrinks a scale for tests (DAOTAO_BENCH_QUICK=1): a few hundred
// events and one-second phases, so the whole command runs in seconds.
func (s benchScale) quick() benchScale {
	s.officials, s.minEvents = 120, 400
	s.load, s.rounds, s.query, s.queryRate = time.Second, 2, time.Second, 10
	return s
}

type benchFlags struct {
	backendFlags
	scale    string
	out      string
	clients  int
	load     time.Duration
	profiles string
	mix      string
	quick    bool
	// skipFullReplay leaves out the restart without a snapshot.
	skipFullReplay bool
	// phases are the phases to run (--phases); all by default.
	phases map[string]bool
}

// benchPhases are the phases of a run, in order.
var benchPhases = []string{"drain", "rebuild", "commands", "restart"}

func parseBenchFlags(env environment, args []string) (benchFlags, benchScale, error) {
	var f benchFlags
	fs := newFlagSet(env, "bench")
	// The benchmark writes synthetic events: it never takes the
	// application's data folder or NATS server from DAOTAO_* variables.
	noEnv := env
	noEnv.getenv = func(string) string { return "" }
	f.register(fs, noEnv)
	fs.Lookup("data").DefValue, f.data = "bench-data/SCALE", ""
	fs.StringVar(&f.scale, "scale", "province", "province (2,262 officials) or national (150,000 officials, ≥ 1,000,000 events)")
	fs.StringVar(&f.out, "out", "bench.json", "where to write the results as JSON")
	fs.IntVar(&f.clients, "clients", 64, "concurrent publishers and HTTP clients")
	fs.DurationVar(&f.load, "duration", 0, "total length of the raw append and command rounds (default by scale: 30s province, 40s national)")
	fs.StringVar(&f.profiles, "cpuprofile-dir", "", "write a CPU profile of each phase into this folder")
	fs.StringVar(&f.mix, "mix", mixWorkflow, "command mix: workflow, or no-batch (every approval replaced by a rejection, so no command uses an atomic batch: a diagnosis)")
	fs.BoolVar(&f.skipFullReplay, "skip-full-replay", false, "time the restart from a snapshot only, not also the one replaying the whole log")
	phases := fs.String("phases", strings.Join(benchPhases, ","), "comma-separated phases to run (a diagnosis; the ratios need all): "+strings.Join(benchPhases, ", "))
	if err := fs.Parse(args); err != nil {
		return f, benchScale{}, err
	}
	f.phases = map[string]bool{}
	for _, p := range strings.Split(*phases, ",") {
		if p = strings.TrimSpace(p); !slices.Contains(benchPhases, p) {
			return f, benchScale{}, usageError{fmt.Sprintf("--phases: %q is not one of %s", p, strings.Join(benchPhases, ", "))}
		}
		f.phases[p] = true
	}
	sc, ok := benchScales[f.scale]
	if !ok {
		return f, sc, usageError{fmt.Sprintf("--scale must be province or national, not %q", f.scale)}
	}
	if f.quick = envBool(env, "DAOTAO_BENCH_QUICK"); f.quick {
		sc = sc.quick()
	}
	if f.load > 0 {
		sc.load = f.load
	}
	if n := envInt(env, "DAOTAO_BENCH_QUERY_RATE", 0); n > 0 {
		sc.queryRate = n
	}
	if f.data == "" {
		f.data = filepath.Join("bench-data", sc.name)
	}
	if f.mix != mixWorkflow && f.mix != mixNoBatch {
		return f, sc, usageError{fmt.Sprintf("--mix must be %s or %s, not %q", mixWorkflow, mixNoBatch, f.mix)}
	}
	if f.clients < 1 {
		return f, sc, usageError{"--clients must be at least 1"}
	}
	return f, sc, f.validate()
}

// bench is one run of `daotao bench`.
type bench struct {
	f     benchFlags
	sc    benchScale
	env   environment
	log   *slog.Logger
	be    *backend
	rep   benchReport
	prof  profiler
	users benchUsers
	raw   rawRuns
	// followed are the raw rounds with a consumer following the stream;
	// http the same behind a bare HTTP server (bench_http.go).
	followed rawRuns
	http     rawRuns
}

// benchCommand measures the application against plain JetStream on the
// same server, in one process: see issue 7 and the README's Performance
// section.
func benchCommand(ctx context.Context, env environment, args []string) error {
	f, sc, err := parseBenchFlags(env, args)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(env.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	b := &bench{f: f, sc: sc, env: env, log: log, prof: profiler{dir: f.profiles}}
	b.rep.start(sc, f)
	if err := b.run(ctx); err != nil {
		return err
	}
	b.rep.finish()
	if err := writeBenchJSON(f.out, &b.rep); err != nil {
		return err
	}
	printBenchTable(env.stdout, &b.rep)
	fmt.Fprintf(env.stdout, "\nresults written to %s\n", f.out)
	return nil
}

func (b *bench) run(ctx context.Context) error {
	var err error
	if b.be, err = openBackend(ctx, b.f.backendFlags, b.log, nil); err != nil {
		return err
	}
	defer func() {
		if b.be != nil {
			b.be.close()
		}
	}()
	b.describe(ctx)
	if err := b.prepareData(ctx); err != nil {
		return fmt.Errorf("data: %w", err)
	}
	if b.f.phases["drain"] {
		if err := b.drainPhase(ctx); err != nil {
			return fmt.Errorf("raw drain: %w", err)
		}
	}
	if !b.f.phases["rebuild"] && !b.f.phases["commands"] && !b.f.phases["restart"] {
		return nil
	}
	state, err := b.rebuildPhase(ctx)
	if err != nil {
		return fmt.Errorf("rebuild: %w", err)
	}
	if b.f.phases["commands"] {
		if err := b.appPhase(ctx, state); err != nil {
			return fmt.Errorf("commands: %w", err)
		}
	}
	if !b.f.phases["restart"] {
		return nil
	}
	if err := b.snapshotPhase(ctx, state); err != nil {
		return fmt.Errorf("snapshot: %w", err)
	}
	if err := b.restartPhase(ctx); err != nil {
		return fmt.Errorf("restart: %w", err)
	}
	return nil
}

// rebuildPhase replays the whole log into a fresh projection, as a start
// does, and measures memory once it is built.
func (b *bench) rebuildPhase(ctx context.Context) (*projections.State, error) {
	b.progress("rebuilding projections from the log")
	state := projections.New()
	n := 0
	stop := b.prof.start("rebuild")
	began := time.Now()
	reserve(ctx, state, b.be.store) // as a start without a snapshot does (serve.go)
	err := b.be.store.Read(ctx, 1, 0, func(r events.Recorded) error {
		n++
		return state.Apply(r)
	})
	took := time.Since(began)
	stop()
	if err != nil {
		return nil, err
	}
	b.rep.Rebuild = rebuildResult{Events: n, Seconds: took.Seconds(), EventsPerS: perSecond(n, took)}
	b.rep.Memory = measureMemory()
	b.prof.heap("heap-after-rebuild")
	return state, nil
}

// progress reports what the benchmark is doing, on its own line.
func (b *bench) progress(msg string) {
	fmt.Fprintf(b.env.stderr, "bench: %s\n", msg)
}

func writeBenchJSON(path string, rep *benchReport) error {
	data, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}
