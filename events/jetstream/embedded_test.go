package jetstream_test

import (
	"context"
	"slices"
	"testing"

	"github.com/nats-io/nats.go"

	"daotao/events"
	"daotao/events/jetstream"
)

func TestStartEmbeddedRequiresStoreDir(t *testing.T) {
	if ns, err := jetstream.StartEmbedded(jetstream.ServerConfig{}); err == nil {
		ns.Shutdown()
		t.Fatal("StartEmbedded without StoreDir succeeded")
	}
}

func TestEventsSurviveRestart(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	stop, st := startStore(t, dir)
	subj := newEvent(t).Subject
	var want []uint64
	var last uint64
	for range 3 {
		res, err := st.Append(ctx, eventOn(t, subj), last, "")
		if err != nil {
			t.Fatalf("Append: %v", err)
		}
		last = res.Seq
		want = append(want, last)
	}
	stop()
	_, st = startStore(t, dir)
	if got, err := st.LastSeq(ctx); err != nil || got != 3 {
		t.Errorf("LastSeq after restart = %d, %v; want 3", got, err)
	}
	got, err := st.Load(ctx, subj)
	if err != nil || !slices.Equal(seqs(got), want) {
		t.Fatalf("Load after restart = %v, %v; want %v", seqs(got), err, want)
	}
}

// startStore starts a server on dir and opens a store on it.
func startStore(t *testing.T, dir string) (stop func(), st *jetstream.Store) {
	t.Helper()
	ns, err := jetstream.StartEmbedded(jetstream.ServerConfig{StoreDir: dir})
	if err != nil {
		t.Fatalf("StartEmbedded: %v", err)
	}
	nc, err := jetstream.ConnectEmbedded(ns, t.Name())
	if err != nil {
		t.Fatalf("ConnectEmbedded: %v", err)
	}
	stop = func() {
		nc.Close()
		ns.Shutdown()
		ns.WaitForShutdown()
	}
	t.Cleanup(stop)
	return stop, open(t, nc, jetstream.Config{})
}

func TestListenerServesTCPClients(t *testing.T) {
	ns, err := jetstream.StartEmbedded(jetstream.ServerConfig{StoreDir: t.TempDir(), Listen: "127.0.0.1:0"})
	if err != nil {
		t.Fatalf("StartEmbedded: %v", err)
	}
	t.Cleanup(func() { ns.Shutdown(); ns.WaitForShutdown() })
	nc, err := nats.Connect(ns.ClientURL())
	if err != nil {
		t.Fatalf("Connect(%s): %v", ns.ClientURL(), err)
	}
	defer nc.Close()
	open(t, nc, jetstream.Config{})
}

// seqs returns the sequences of rs.
func seqs(rs []events.Recorded) []uint64 {
	out := make([]uint64, len(rs))
	for i, r := range rs {
		out[i] = r.Seq
	}
	return out
}
