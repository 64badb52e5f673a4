package main

import (
	"context"
	"fmt"
	"os"

	"daotao/events"
	"daotao/projections/audit"
)

// importCommand restores a verified bundle into an empty event stream:
// every event, in order, byte for byte, with the sequence it had, so that
// "daotao verify" on the new stream prints what it printed on the old one.
func importCommand(ctx context.Context, env environment, args []string) error {
	var f backendFlags
	var bundle string
	fs := newFlagSet(env, "import")
	f.register(fs, env)
	fs.StringVar(&bundle, "bundle", "", "bundle to restore (from daotao export)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := f.validate(); err != nil {
		return err
	}
	if bundle == "" {
		return usageError{"--bundle is required"}
	}
	verified, err := readBundle(bundle)
	if err != nil {
		return err
	}
	b, err := openBackend(ctx, f, newLogger(env), nil)
	if err != nil {
		return err
	}
	defer b.close()
	if err := restore(ctx, b, bundle); err != nil {
		return err
	}
	s, err := audit.VerifyLog(ctx, b.store, verified.Summary.LastSeq)
	if err != nil || s.Root != verified.Summary.Root {
		return fmt.Errorf("import: the restored log does not verify to the bundle's root: %v", err)
	}
	fmt.Fprintf(env.stdout, "imported %d events (seq 1 to %d)\nroot:     %s\n", s.Events, s.LastSeq, s.Root)
	return nil
}

// restore appends every event of the bundle to b's stream, which must be
// empty.
func restore(ctx context.Context, b *backend, bundle string) error {
	last, err := b.store.LastSeq(ctx)
	if err != nil {
		return err
	}
	if last != 0 {
		return fmt.Errorf("import: the target already holds %d events; import only into an empty data folder or stream", last)
	}
	f, err := os.Open(bundle)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = audit.ReadBundle(f, func(r events.Raw, _ events.Envelope) error {
		if err := b.store.Restore(ctx, r); err != nil {
			return fmt.Errorf("import stopped at seq %d (the target holds events 1 to %d; remove it before importing again): %w", r.Seq, r.Seq-1, err)
		}
		return nil
	})
	return err
}
