package main

import (
	"context"
	"fmt"
	"strings"

	"daotao/projections/asof"
	"daotao/projections/reports"
)

// replayFlags are the flags of "daotao replay".
type replayFlags struct {
	backend backendFlags
	bundle  string
	asOf    string
	report  string
	format  string
	whatIf  string
}

// replayCommand rebuilds the state from the log (or a bundle) up to
// --as-of and prints reports deterministically, ending with a trailer line
// that carries the SHA-256 of everything before it, the last sequence
// included and the code version. It never writes to the log.
func replayCommand(ctx context.Context, env environment, args []string) error {
	var f replayFlags
	fs := newFlagSet(env, "replay")
	f.backend.register(fs, env)
	fs.StringVar(&f.bundle, "bundle", "", "replay a bundle (from daotao export) instead of a server; it is verified first")
	fs.StringVar(&f.asOf, "as-of", "", "YYYY-MM-DD, an RFC 3339 time, seq:N or seq:N@time (default: the whole log)")
	fs.StringVar(&f.report, "report", "", "report names, comma-separated (default: every report)")
	fs.StringVar(&f.format, "format", reports.FormatJSON, "json or csv")
	fs.StringVar(&f.whatIf, "what-if", "", "re-evaluate the recorded eligibility decisions under this rule set (an id such as nd101-2017/cbcc, or a JSON file) and print those that would differ; JSON only")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := checkBundleFlags(fs, f.bundle); err != nil {
		return err
	}
	p, err := f.check()
	if err != nil {
		return err
	}
	if f.whatIf != "" {
		return f.replayWhatIf(ctx, env, p)
	}
	reg, names, err := f.reports()
	if err != nil {
		return err
	}
	read, done, err := f.source(ctx, env)
	if err != nil {
		return err
	}
	defer done()
	return replayTo(ctx, env, reg, read, p, names, f.format)
}

// replayWhatIf runs --what-if: it excludes --report and --format csv.
func (f replayFlags) replayWhatIf(ctx context.Context, env environment, p asof.Point) error {
	if f.report != "" || f.format != reports.FormatJSON {
		return usageError{"--what-if prints JSON of the decisions; give it without --report or --format csv"}
	}
	rs, err := loadRuleSet(f.whatIf)
	if err != nil {
		return err
	}
	read, done, err := f.source(ctx, env)
	if err != nil {
		return err
	}
	defer done()
	return replayWhatIf(ctx, env, read, p, rs)
}

// check validates the flags and returns the point.
func (f replayFlags) check() (asof.Point, error) {
	if err := f.backend.validate(); err != nil {
		return asof.Point{}, err
	}
	if f.format != reports.FormatJSON && f.format != reports.FormatCSV {
		return asof.Point{}, usageError{fmt.Sprintf("--format must be json or csv, not %q", f.format)}
	}
	if f.asOf == "" {
		return asof.Point{}, nil
	}
	p, err := asof.Parse(f.asOf)
	if err != nil {
		return asof.Point{}, usageError{"--as-of: " + err.Error()}
	}
	return p, nil
}

// reports returns the registry and the names --report asks for, each
// checked.
func (f replayFlags) reports() (*reports.Registry, []string, error) {
	reg, err := reportRegistry()
	if err != nil || f.report == "" {
		return reg, nil, err
	}
	names := strings.Split(f.report, ",")
	for _, n := range names {
		if _, ok := reg.Get(n); !ok {
			return nil, nil, usageError{fmt.Sprintf("--report: no report %q; there are %s", n, strings.Join(reg.Names(), ", "))}
		}
	}
	return reg, names, nil
}

// source returns the reader of the log and what to call when done.
func (f replayFlags) source(ctx context.Context, env environment) (asof.Reader, func(), error) {
	if f.bundle != "" {
		if _, err := readBundle(f.bundle); err != nil {
			return nil, nil, err
		}
		return bundleReader(f.bundle), func() {}, nil
	}
	if err := requireData(f.backend); err != nil {
		return nil, nil, err
	}
	b, err := openBackend(ctx, f.backend, newLogger(env), nil)
	if err != nil {
		return nil, nil, err
	}
	return b.store.Read, b.close, nil
}

// replayTo replays read up to p and prints the reports names of reg.
func replayTo(ctx context.Context, env environment, reg *reports.Registry, read asof.Reader, p asof.Point, names []string, format string) error {
	in, err := reports.Replay(ctx, read, p)
	if err != nil {
		return fmt.Errorf("replay: %w", err)
	}
	res, err := reg.Run(in, names...)
	if err != nil {
		return err
	}
	body, err := reports.Body(res, format)
	if err != nil {
		return err
	}
	_, err = env.stdout.Write(append(body, reports.Trailer(body, res, version, format)...))
	return err
}
