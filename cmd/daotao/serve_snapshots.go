package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"io"
	"log/slog"
	"os"
	"runtime/debug"
	"sync"
	"time"

	"daotao/events/jetstream"
	"daotao/projections"
)

// snapshotFlags configure projection snapshots (docs/snapshots.md).
type snapshotFlags struct {
	enabled  bool
	every    int
	interval time.Duration
}

func (s *snapshotFlags) register(fs *flag.FlagSet, env environment) {
	enabled := true
	if v := env.getenv("DAOTAO_SNAPSHOTS"); v != "" {
		enabled = envBool(env, "DAOTAO_SNAPSHOTS")
	}
	interval := 10 * time.Minute
	if d, err := time.ParseDuration(env.getenv("DAOTAO_SNAPSHOT_INTERVAL")); err == nil {
		interval = d
	}
	fs.BoolVar(&s.enabled, "snapshots", enabled, "start from the newest valid projection snapshot and take new ones (env DAOTAO_SNAPSHOTS)")
	fs.IntVar(&s.every, "snapshot-every", envInt(env, "DAOTAO_SNAPSHOT_EVERY", 100_000), "take a snapshot after this many events; 0: only by time and at shutdown (env DAOTAO_SNAPSHOT_EVERY)")
	fs.DurationVar(&s.interval, "snapshot-interval", interval, "take a snapshot this often when events were applied; 0: only by count and at shutdown (env DAOTAO_SNAPSHOT_INTERVAL)")
}

// snapshotCheck is how often serve looks whether a snapshot is due.
const snapshotCheck = 5 * time.Second

// newSnapshotter returns the snapshotter of serve on store, or nil when
// snapshots are disabled.
func newSnapshotter(f snapshotFlags, store *jetstream.Store, log *slog.Logger) *projections.Snapshotter {
	if !f.enabled {
		return nil
	}
	return &projections.Snapshotter{Store: store, Log: store, Code: snapshotCode(), Every: uint64(max(f.every, 0)),
		Interval: f.interval, Logger: log.With("component", "snapshots")}
}

// finalSnapshot takes a snapshot at a clean shutdown when events were
// applied since the last one.
func finalSnapshot(sn *projections.Snapshotter, log *slog.Logger) {
	if sn == nil || !sn.Changed() {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if _, err := sn.Save(ctx); err != nil {
		log.Warn("snapshot at shutdown failed", "error", err)
	}
}

// snapshotCode identifies the code that writes and may read snapshots: the
// version and commit of a clean build, otherwise the SHA-256 of the
// executable, so that any other build replays the log rather than trust
// what other code computed.
var snapshotCode = sync.OnceValue(func() string {
	if rev, modified := buildRevision(); rev != "" && !modified {
		return version + "+" + rev
	}
	exe, err := os.Executable()
	if err != nil {
		return version
	}
	f, err := os.Open(exe)
	if err != nil {
		return version
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return version
	}
	return version + "+exe:" + hex.EncodeToString(h.Sum(nil))[:16]
})

// buildRevision returns the commit the executable was built from and
// whether the tree had changes, as the Go toolchain stamped them (empty
// when built without version control information, -buildvcs=false).
func buildRevision() (rev string, modified bool) {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "", true
	}
	modified = true
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	return rev, modified
}
