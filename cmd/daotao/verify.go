package main

import (
	"context"
	"fmt"
	"io"

	"daotao/events/chain"
	"daotao/projections/asof"
	"daotao/projections/audit"
)

// verifyFlags are the flags of "daotao verify".
type verifyFlags struct {
	backend    backendFlags
	bundle     string
	expectRoot string
}

// verifyCommand recomputes the hash chain of the live log or of a bundle,
// checks sequences, envelopes, seals and sealed reports, and prints a
// summary. Any discrepancy exits 1 naming the first bad event or line.
func verifyCommand(ctx context.Context, env environment, args []string) error {
	var f verifyFlags
	fs := newFlagSet(env, "verify")
	f.backend.register(fs, env)
	fs.StringVar(&f.bundle, "bundle", "", "verify this bundle (from daotao export) with no server and no network")
	fs.StringVar(&f.expectRoot, "expect-root", "", "a root hash from elsewhere (a sealed review's summary): it must be a root of the log")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := checkBundleFlags(fs, f.bundle); err != nil {
		return err
	}
	if err := f.backend.validate(); err != nil {
		return err
	}
	var expect chain.Hash
	if f.expectRoot != "" {
		var err error
		if expect, err = chain.ParseHash(f.expectRoot); err != nil {
			return usageError{"--expect-root: " + err.Error()}
		}
	}
	if f.bundle != "" {
		return verifyBundle(ctx, env, f.bundle, expect)
	}
	return verifyLive(ctx, env, f.backend, expect)
}

func verifyLive(ctx context.Context, env environment, f backendFlags, expect chain.Hash) error {
	if err := requireData(f); err != nil {
		return err
	}
	b, err := openBackend(ctx, f, newLogger(env), nil)
	if err != nil {
		return err
	}
	defer b.close()
	last, err := b.store.LastSeq(ctx)
	if err != nil {
		return err
	}
	s, err := audit.VerifyLog(ctx, b.store, last)
	if err != nil {
		return fmt.Errorf("verification failed: %w", err)
	}
	return verified(ctx, env.stdout, s, b.store.Read, expect)
}

func verifyBundle(ctx context.Context, env environment, path string, expect chain.Hash) error {
	bundle, err := readBundle(path)
	if err != nil {
		return err
	}
	m := bundle.Manifest
	fmt.Fprintf(env.stdout, "bundle:   %s, until %q, exported %s by daotao %s; manifest.json and seals.json match\n",
		m.Format, m.Until, m.CreatedAt.Format("2006-01-02T15:04:05Z07:00"), m.CodeVersion)
	return verified(ctx, env.stdout, bundle.Summary, bundleReader(path), expect)
}

// verified prints the summary of a verified log, then checks its sealed
// reports and the expected root.
func verified(ctx context.Context, w io.Writer, s audit.Summary, read asof.Reader, expect chain.Hash) error {
	fmt.Fprintf(w, "events:   %d (seq 1 to %d, contiguous) on %d subjects; every envelope well-formed, no event id used twice\n",
		s.Events, s.LastSeq, s.Subjects)
	fmt.Fprintf(w, "root:     %s (after seq %d)\n", s.Root, s.LastSeq)
	fmt.Fprintf(w, "seals:    %d checked\n", len(s.Seals))
	if err := checkSeals(ctx, w, s.Seals, read); err != nil {
		return err
	}
	if !expect.IsZero() {
		seq, ok := s.Find(expect)
		if !ok {
			return fmt.Errorf("verification failed: the expected root %s is not the root of this log after any sequence", expect)
		}
		fmt.Fprintf(w, "expected root: the root of this log after seq %d\n", seq)
	}
	fmt.Fprintln(w, "verified: every check passed")
	return nil
}

// checkSeals recomputes the sealed reports of every seal.
func checkSeals(ctx context.Context, w io.Writer, seals []audit.Seal, read asof.Reader) error {
	reg, err := reportRegistry()
	if err != nil {
		return err
	}
	for _, s := range seals {
		if err := reg.CheckSeal(ctx, read, s.ReviewSealed); err != nil {
			p := &audit.Problem{Seq: s.Seq, Subject: s.Subject, What: err.Error()}
			return fmt.Errorf("verification failed: %w", p)
		}
		fmt.Fprintf(w, "  seq %d review %s (%s) sealed by %v: root at seq %d matches; %d sealed reports match\n",
			s.Seq, s.ReviewID, s.Kind, s.SealedBy, s.CutoffSeq, len(s.Reports))
	}
	return nil
}
