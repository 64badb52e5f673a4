package projections_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"daotao/events/jetstream/jstest"
	"daotao/projections"
)

// TestSnapshotRefusedWithoutReadingIt: a snapshot refused by its header
// (another code version) stops its fetch at once; the start does not wait
// for the rest of it, nor for a fetch cancelled mid-way to time out.
func TestSnapshotRefusedWithoutReadingIt(t *testing.T) {
	ctx := context.Background()
	store := jstest.Open(t)
	log := benchLog(t, 40_000)
	appendAll(t, store, log[:1])
	sn := &projections.Snapshotter{Store: store, Log: store, Code: "v1"}
	_, size, err := projections.PutStateSnapshot(ctx, sn, benchState(t, log), 1)
	if err != nil {
		t.Fatal(err)
	}
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
