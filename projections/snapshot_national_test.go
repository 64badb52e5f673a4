package projections

import (
	"context"
	"crypto/sha256"
	"fmt"
	"log/slog"
	"os"
	"runtime"
	"slices"
	"testing"
	"time"

	"daotao/events/jetstream"
)

// BenchmarkSnapshotLoadNational reads the newest snapshot of the data
// folder named by DAOTAO_BENCH_DATA (a `daotao bench` folder, with no
// server running on it; skipped without it) as a start does, the server
// started afresh before each read (outside the timing) so that it reads
// from disk as after a restart: path=whole as before issue 7's last
// round, path=stream as now; encode encodes the state read, as taking a
// snapshot does under the state's read lock (locked-ms/op). Run it alone
// on the machine:
//
//	DAOTAO_BENCH_DATA=/var/tmp/daotao-bench/national go test -run '^$' \
//	    -bench SnapshotLoadNational -benchtime 3x -count 3 ./projections/
func BenchmarkSnapshotLoadNational(b *testing.B) {
	dir := os.Getenv("DAOTAO_BENCH_DATA")
	if dir == "" {
		b.Skip("DAOTAO_BENCH_DATA is not set")
	}
	ctx := context.Background()
	open := func(b *testing.B) (*jetstream.Store, func()) {
		ns, err := jetstream.StartEmbedded(jetstream.ServerConfig{StoreDir: dir, ServerName: "daotao"})
		if err != nil {
			b.Fatal(err)
		}
		nc, err := jetstream.ConnectEmbedded(ns, "bench")
		if err != nil {
			b.Fatal(err)
		}
		store, err := jetstream.Open(ctx, nc, jetstream.Config{})
		if err != nil {
			b.Fatal(err)
		}
		return store, func() {
			nc.Close()
			ns.Shutdown()
			ns.WaitForShutdown()
		}
	}
	store, closeStore := open(b)
	names, err := store.SnapshotNames(ctx)
	if err != nil || len(names) == 0 {
		b.Fatalf("snapshots: %v %v", names, err)
	}
	name := slices.Max(names)
	data, err := store.GetSnapshot(ctx, name)
	if err != nil {
		b.Fatal(err)
	}
	info, _, err := unmarshalSnapshot(data)
	if err != nil {
		b.Fatal(err)
	}
	data = nil
	if checkCompatible(info, info.Code) != nil {
		// Written by other code: replay the log and take one.
		b.Logf("snapshot %s is of other code: replaying the log for one of this code", name)
		s := New()
		if err := store.Read(ctx, 1, 0, s.Apply); err != nil {
			b.Fatal(err)
		}
		sn := &Snapshotter{Store: store, Log: store, Code: "bench-national"}
		sn.Attach(s)
		if info, err = sn.Save(ctx); err != nil {
			b.Fatal(err)
		}
		name = snapshotName(info.Seq)
		info.Code, info.BodyBytes = sn.Code, info.BodyBytes-len(snapshotMagic)-4-sha256.Size
	}
	closeStore()
	var logger *slog.Logger
	if testing.Verbose() {
		logger = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	for _, path := range []string{"whole", "stream"} {
		b.Run("path="+path, func(b *testing.B) {
			b.SetBytes(int64(info.BodyBytes))
			for b.Loop() {
				b.StopTimer()
				runtime.GC()
				store, closeStore := open(b)
				sn := &Snapshotter{Store: store, Log: store, Code: info.Code, Logger: logger}
				b.StartTimer()
				load := sn.load
				if path == "whole" {
					load = func(ctx context.Context, name string) (*State, SnapshotInfo, error) { return loadWhole(ctx, sn, name) }
				}
				s, _, err := load(ctx, name)
				b.StopTimer()
				if err != nil || s.Applied() != info.Seq {
					b.Fatal(err)
				}
				closeStore()
				b.StartTimer()
			}
		})
	}
	// encode: what taking a snapshot holds the state's read lock for, with
	// no size known (the first snapshot of a process that replayed the
	// whole log) and sized by the snapshot before (every other one).
	store, closeStore = open(b)
	sn := &Snapshotter{Store: store, Log: store, Code: info.Code}
	s, _, err := sn.load(ctx, name)
	closeStore()
	if err != nil {
		b.Fatal(err)
	}
	enc, err := encodeState(s, encodeSize{})
	if err != nil {
		b.Fatal(err)
	}
	for _, sized := range []bool{false, true} {
		b.Run(fmt.Sprintf("encode/sized=%t", sized), func(b *testing.B) {
			last := encodeSize{}
			if sized {
				last = enc.size
			}
			runtime.GC()
			b.SetBytes(int64(info.BodyBytes))
			b.ReportAllocs()
			var locked time.Duration
			for b.Loop() {
				enc, err := encodeState(s, last)
				if err != nil {
					b.Fatal(err)
				}
				locked += enc.locked
			}
			b.ReportMetric(float64(locked.Milliseconds())/float64(b.N), "locked-ms/op")
		})
	}
}
