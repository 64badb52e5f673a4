package projections

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"daotao/events"
	"daotao/events/chain"
)

// SnapshotStore keeps snapshots by name, next to the event log (the
// JetStream store keeps them in an object store bucket).
type SnapshotStore interface {
	PutSnapshot(ctx context.Context, name string, data []byte) error
	// ReadSnapshot reads the snapshot name into a buffer of its size,
	// which it gets from alloc, calling filled(off, n) (from any
	// goroutine) as the bytes [off, off+n) arrive, in any order; it returns
	// once all have arrived and passed the store's own checks.
	ReadSnapshot(ctx context.Context, name string, alloc func(size int) []byte, filled func(off, n int)) error
	// SnapshotNames lists the names of the stored snapshots.
	SnapshotNames(ctx context.Context) ([]string, error)
	DeleteSnapshot(ctx context.Context, name string) error
}

// snapshotName names the snapshot at seq so that names sort by sequence.
func snapshotName(seq uint64) string { return fmt.Sprintf("state-%020d", seq) }

func snapshotSeq(name string) (uint64, bool) {
	digits, ok := strings.CutPrefix(name, "state-")
	if !ok {
		return 0, false
	}
	seq, err := strconv.ParseUint(digits, 10, 64)
	return seq, err == nil
}

// Snapshotter takes snapshots of a State and restores the newest usable
// one at start. Set the fields, then call Restore once, then Run.
type Snapshotter struct {
	Store SnapshotStore
	// Log is the event log the state is built from.
	Log events.RawReader
	// Code is the version of this program; a snapshot of another code
	// version is not used.
	Code string
	// Every and Interval: Run takes a snapshot once Every events were
	// applied since the last one, or Interval has passed and at least one
	// was. Zero disables each.
	Every    uint64
	Interval time.Duration
	// Keep is how many snapshots are kept; default 2.
	Keep   int
	Logger *slog.Logger

	mu     sync.Mutex // one snapshot at a time
	state  *State
	chain  chainTracker
	taken  uint64
	takeAt time.Time
	size   encodeSize // what the last snapshot wrote: room for the next
}

// errNoSnapshot is why a start replays the whole log when the bucket holds
// no snapshot at all.
var errNoSnapshot = errors.New("no snapshot stored")

// Restore returns the state of the newest snapshot that is intact, of this
// code and of this log, or an empty state when there is none; the caller
// then replays the events after its Applied. Every snapshot passed over is
// logged with the reason. It never fails: a snapshot is only a shortcut.
func (sn *Snapshotter) Restore(ctx context.Context) *State {
	began := time.Now()
	state, info, err := sn.restore(ctx)
	switch {
	case errors.Is(err, errNoSnapshot):
		// A new log, or snapshots turned on: nothing went wrong.
		sn.logger().Info("no snapshot yet: replaying the whole log")
		state = New()
	case err != nil:
		sn.logger().Warn("no usable snapshot: replaying the whole log", "reason", err)
		state = New()
	default:
		sn.logger().Info("restored projections from a snapshot", "seq", info.Seq, "root", info.Root,
			"bytes", info.BodyBytes, "took", time.Since(began).Round(time.Millisecond))
		sn.chain = chainTracker{seq: info.Seq}
		sn.chain.root, _ = chain.ParseHash(info.Root)
		sn.chain.last, _ = chain.ParseHash(info.EventHash)
		sn.taken, sn.takeAt = info.Seq, time.Now()
		// A decoded state shares the bytes of equal strings: as many
		// addresses as strings. Each string and reference takes a byte of
		// the body at least, which bounds what the header can ask for.
		strs, refs := min(max(info.Strings, 0), info.BodyBytes), min(max(info.Refs, 0), info.BodyBytes)
		sn.size = encodeSize{Bytes: info.BodyBytes, Strings: strs, Addresses: strs, Refs: refs}
	}
	sn.state = state
	return state
}

func (sn *Snapshotter) restore(ctx context.Context) (*State, SnapshotInfo, error) {
	names, err := sn.Store.SnapshotNames(ctx)
	if err != nil {
		return nil, SnapshotInfo{}, fmt.Errorf("list snapshots: %w", err)
	}
	slices.Sort(names)
	var reasons []error
	for _, name := range slices.Backward(names) {
		if _, ok := snapshotSeq(name); !ok {
			continue
		}
		state, info, err := sn.load(ctx, name)
		if err == nil {
			return state, info, nil
		}
		sn.logger().Warn("snapshot not used", "name", name, "reason", err)
		reasons = append(reasons, fmt.Errorf("%s: %w", name, err))
	}
	if len(reasons) == 0 {
		return nil, SnapshotInfo{}, errNoSnapshot
	}
	return nil, SnapshotInfo{}, errors.Join(reasons...)
}

// Save takes a snapshot of the state now, stores it and removes the
// older ones beyond Keep. It returns the new snapshot's header.
func (sn *Snapshotter) Save(ctx context.Context) (SnapshotInfo, error) {
	sn.mu.Lock()
	defer sn.mu.Unlock()
	// A store that cannot even list (no permission on the bucket, NATS
	// away) fails before the state is locked for encoding.
	if _, err := sn.Store.SnapshotNames(ctx); err != nil {
		return SnapshotInfo{}, fmt.Errorf("snapshot: store: %w", err)
	}
	began := time.Now()
	enc, err := encodeState(sn.state, sn.size)
	if err != nil {
		return SnapshotInfo{}, err
	}
	seq, body := enc.seq, enc.body
	enc.body = nil // released once copied into the snapshot, below
	if seq == 0 {
		return SnapshotInfo{}, errors.New("snapshot: nothing applied yet")
	}
	encodeTook := time.Since(began)
	if err := sn.chain.extend(ctx, sn.Log, seq); err != nil {
		return SnapshotInfo{}, fmt.Errorf("snapshot: chain up to %d: %w", seq, err)
	}
	info := SnapshotInfo{Format: SnapshotFormat, Schema: StateSchema(), Code: sn.Code, Seq: seq,
		EventHash: sn.chain.last.String(), Root: sn.chain.root.String(), TakenAt: time.Now().UTC(),
		Strings: enc.size.Strings, Refs: enc.size.Refs}
	data, err := marshalSnapshot(info, body)
	if err != nil {
		return SnapshotInfo{}, err
	}
	body = nil
	if err := sn.Store.PutSnapshot(ctx, snapshotName(seq), data); err != nil {
		return SnapshotInfo{}, fmt.Errorf("snapshot: store: %w", err)
	}
	info.BodyBytes = len(data)
	sn.taken, sn.takeAt, sn.size = seq, time.Now(), enc.size
	sn.prune(ctx)
	sn.logger().Info("snapshot taken", "seq", seq, "bytes", len(data), "encode", encodeTook.Round(time.Millisecond),
		"applies_held", enc.locked.Round(time.Millisecond), "took", time.Since(began).Round(time.Millisecond))
	return info, nil
}

// prune removes all but the newest Keep snapshots.
func (sn *Snapshotter) prune(ctx context.Context) {
	names, err := sn.Store.SnapshotNames(ctx)
	if err != nil {
		return
	}
	slices.Sort(names)
	keep := sn.Keep
	if keep <= 0 {
		keep = 2
	}
	for len(names) > keep {
		if err := sn.Store.DeleteSnapshot(ctx, names[0]); err != nil {
			sn.logger().Warn("could not remove an old snapshot", "name", names[0], "error", err)
		}
		names = names[1:]
	}
}

// due reports whether Run should take a snapshot now.
//
// Encoding holds the state's read lock, so applies (and the commands
// waiting on them) pause meanwhile: a snapshot that is due waits for a
// check with no event applied since the previous one, unless it is three
// times overdue.
func (sn *Snapshotter) due(now time.Time, quiet bool) bool {
	sn.mu.Lock()
	defer sn.mu.Unlock()
	applied := sn.state.Applied()
	if applied <= sn.taken {
		return false
	}
	if sn.takeAt.IsZero() {
		sn.takeAt = now
	}
	over := func(n uint64) bool { // n times Every events or Interval
		return (sn.Every > 0 && applied-sn.taken >= n*sn.Every) ||
			(sn.Interval > 0 && now.Sub(sn.takeAt) >= time.Duration(n)*sn.Interval)
	}
	return (quiet && over(1)) || over(3)
}

// Run takes snapshots as Every and Interval say until ctx is done. Failures
// are logged; the next attempt comes at the next check.
func (sn *Snapshotter) Run(ctx context.Context, check time.Duration) {
	t := time.NewTicker(check)
	defer t.Stop()
	var seen uint64 // applied at the previous check
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C:
			sn.mu.Lock()
			applied := sn.state.Applied()
			sn.mu.Unlock()
			quiet := applied == seen
			seen = applied
			if sn.due(now, quiet) {
				if _, err := sn.Save(ctx); err != nil && ctx.Err() == nil {
					sn.logger().Warn("snapshot failed; next attempt after as many events or as long again", "error", err)
					sn.postpone()
				}
				// The encoded snapshot (hundreds of megabytes at national
				// scale) is garbage now: give it back to the system.
				debug.FreeOSMemory()
			}
		}
	}
}

// postpone makes the next attempt wait for Every more events or Interval
// more time, as if a snapshot had been taken: a failing store (no
// permission on the bucket, say) is not retried every few seconds.
func (sn *Snapshotter) postpone() {
	sn.mu.Lock()
	defer sn.mu.Unlock()
	sn.taken, sn.takeAt = sn.state.Applied(), time.Now()
}

// Changed reports whether events were applied since the last snapshot.
func (sn *Snapshotter) Changed() bool {
	sn.mu.Lock()
	defer sn.mu.Unlock()
	return sn.state != nil && sn.state.Applied() > sn.taken
}

func (sn *Snapshotter) logger() *slog.Logger {
	if sn.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return sn.Logger
}

// Attach makes sn take snapshots of s, a state built by replaying the log
// from its start, instead of the one Restore returned.
func (sn *Snapshotter) Attach(s *State) {
	sn.mu.Lock()
	defer sn.mu.Unlock()
	sn.state, sn.chain, sn.taken, sn.takeAt = s, chainTracker{}, 0, time.Time{}
}
