package projections_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"daotao/events/jetstream"
	"daotao/events/jetstream/jstest"
	"daotao/projections"
)

// storedSnapshot is a store holding the first event of the benchmark's
// log of n officials and a snapshot of the whole log's state taken by
// code, as if at that event: the snapshotter, the snapshot's name and its
// size.
func storedSnapshot(tb testing.TB, n int, code string) (*jetstream.Store, *projections.Snapshotter, string, int) {
	tb.Helper()
	store := jstest.Open(tb)
	log := benchLog(tb, n)
	appendAll(tb, store, log[:1])
	sn := &projections.Snapshotter{Store: store, Log: store, Code: code}
	name, size, err := projections.PutStateSnapshot(context.Background(), sn, benchState(tb, log), 1)
	if err != nil {
		tb.Fatal(err)
	}
	return store, sn, name, size
}

// TestSnapshotRefusedWithoutReadingIt: a snapshot refused by its header
// (another code version) stops its fetch at once; the start does not wait
// for the rest of it, nor for a fetch cancelled mid-way to time out.
func TestSnapshotRefusedWithoutReadingIt(t *testing.T) {
	ctx := context.Background()
	store, _, _, size := storedSnapshot(t, 40_000, "v1")
	sn2, logged := snapshotter(store, "v2")
	began := time.Now()
	s := sn2.Restore(ctx)
	took := time.Since(began)
	if s.Applied() != 0 || !strings.Contains(logged.String(), "another version") || took > 10*time.Second {
		t.Fatalf("snapshot of %d bytes of another version: restored at %d after %v; log:\n%s", size, s.Applied(), took, logged)
	}
	sn3, logged := snapshotter(store, "v1")
	if s := sn3.Restore(ctx); s.Applied() != 1 {
		t.Fatalf("snapshot of this version not used; log:\n%s", logged)
	}
}
