package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"

	"daotao/events"
	"daotao/projections/asof"
	"daotao/projections/audit"
	"daotao/projections/reports"
)

// reportRegistry is the set of reports replay and verify know.
func reportRegistry() (*reports.Registry, error) {
	return reports.NewRegistry(reports.Builtin()...)
}

// explicit reports whether flag name was given on the command line.
func explicit(fs *flag.FlagSet, name string) bool {
	found := false
	fs.Visit(func(f *flag.Flag) { found = found || f.Name == name })
	return found
}

// checkBundleFlags refuses --bundle together with a server.
func checkBundleFlags(fs *flag.FlagSet, bundle string) error {
	if bundle != "" && (explicit(fs, "data") || explicit(fs, "nats-url")) {
		return usageError{"--bundle reads a bundle with no server: give it without --data or --nats-url"}
	}
	return nil
}

// requireData refuses a data folder that does not exist: reading a log
// must not create an empty one and report it as verified.
func requireData(f backendFlags) error {
	if f.natsURL != "" {
		return nil
	}
	if _, err := os.Stat(f.data); err != nil {
		return fmt.Errorf("no event log in %s: %w", f.data, err)
	}
	return nil
}

// errEnough ends a read of a bundle after the last sequence asked for.
var errEnough = errors.New("read enough")

// bundleReader reads the events of the bundle at path, verifying it again
// on every read, as a Store's Read would give them.
func bundleReader(path string) asof.Reader {
	return func(ctx context.Context, from, to uint64, fn func(events.Recorded) error) error {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		_, err = audit.ReadBundle(f, func(r events.Raw, e events.Envelope) error {
			switch {
			case ctx.Err() != nil:
				return ctx.Err()
			case r.Seq < from:
				return nil
			case to != 0 && r.Seq > to:
				return errEnough
			}
			return fn(events.Recorded{Envelope: e, Seq: r.Seq, StoredAt: r.StoredAt})
		})
		if errors.Is(err, errEnough) {
			return nil
		}
		return err
	}
}

// readBundle verifies the bundle at path with no server.
func readBundle(path string) (audit.Bundle, error) {
	f, err := os.Open(path)
	if err != nil {
		return audit.Bundle{}, err
	}
	defer f.Close()
	b, err := audit.ReadBundle(f, nil)
	if err != nil {
		return b, fmt.Errorf("bundle %s: verification failed: %w", path, err)
	}
	return b, nil
}
