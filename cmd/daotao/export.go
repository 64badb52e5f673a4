package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"daotao/projections/asof"
	"daotao/projections/audit"
)

// exportFlags are the flags of "daotao export".
type exportFlags struct {
	backend   backendFlags
	until     string
	out       string
	createdAt string
}

// exportCommand verifies the log up to --until and writes the auditors'
// bundle to --out. A log that does not verify is not exported.
func exportCommand(ctx context.Context, env environment, args []string) error {
	var f exportFlags
	fset := newFlagSet(env, "export")
	f.backend.register(fset, env)
	fset.StringVar(&f.until, "until", "", "last point exported: YYYY-MM-DD, an RFC 3339 time, seq:N or seq:N@time (default: everything)")
	fset.StringVar(&f.out, "out", "", "bundle file to write (.tar.gz); must not exist")
	fset.StringVar(&f.createdAt, "created-at", "", "time recorded in the manifest, RFC 3339 (default: now)")
	if err := fset.Parse(args); err != nil {
		return err
	}
	p, created, err := f.check()
	if err != nil {
		return err
	}
	if err := requireData(f.backend); err != nil {
		return err
	}
	b, err := openBackend(ctx, f.backend, newLogger(env), nil)
	if err != nil {
		return err
	}
	defer b.close()
	last, err := b.store.LastSeq(ctx)
	if err != nil {
		return err
	}
	meta := audit.ExportMeta{Until: f.until, CodeVersion: version, CreatedAt: created}
	m, err := writeBundle(f.out, func(spool, out *os.File) (audit.Manifest, error) {
		return audit.Export(ctx, b.store, last, p, meta, spool, out)
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "exported %d events (seq %d to %d) and %d seals to %s\nroot:     %s\n",
		m.Count, m.FirstSeq, m.LastSeq, m.Seals, f.out, m.RootHash)
	return nil
}

// check validates the flags and returns the point and the creation time.
func (f exportFlags) check() (asof.Point, time.Time, error) {
	if err := f.backend.validate(); err != nil {
		return asof.Point{}, time.Time{}, err
	}
	if f.out == "" {
		return asof.Point{}, time.Time{}, usageError{"--out is required"}
	}
	var p asof.Point
	if f.until != "" {
		var err error
		if p, err = asof.Parse(f.until); err != nil {
			return asof.Point{}, time.Time{}, usageError{"--until: " + err.Error()}
		}
	}
	created := time.Now().UTC()
	if f.createdAt != "" {
		var err error
		if created, err = time.Parse(time.RFC3339, f.createdAt); err != nil {
			return asof.Point{}, time.Time{}, usageError{"--created-at: not an RFC 3339 time"}
		}
	}
	if _, err := os.Stat(f.out); !errors.Is(err, fs.ErrNotExist) {
		return asof.Point{}, time.Time{}, fmt.Errorf("%s exists: an export never overwrites a file", f.out)
	}
	return p, created, nil
}

// writeBundle runs write with a scratch file and a temporary output next
// to out, and renames the output to out only when write succeeded.
func writeBundle(out string, write func(spool, out *os.File) (audit.Manifest, error)) (audit.Manifest, error) {
	dir := filepath.Dir(out)
	spool, err := os.CreateTemp(dir, ".daotao-events-*.jsonl")
	if err != nil {
		return audit.Manifest{}, err
	}
	defer func() { spool.Close(); os.Remove(spool.Name()) }()
	tmp, err := os.CreateTemp(dir, ".daotao-bundle-*.tar.gz")
	if err != nil {
		return audit.Manifest{}, err
	}
	defer os.Remove(tmp.Name()) // after a successful rename there is nothing left to remove
	m, err := write(spool, tmp)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return audit.Manifest{}, fmt.Errorf("export: %w", err)
	}
	return m, os.Rename(tmp.Name(), out)
}
