package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"daotao/events"
	"daotao/events/jetstream"
)

// TestDemoThenCheck builds the demo on a fresh folder, checks it, then
// forges an overlapping booking straight into the log (as a bug or a
// tampering writer would) and expects check to fail naming it.
func TestDemoThenCheck(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the 2,262-official demo")
	}
	dir := t.TempDir()
	env, out, errb := testEnv("", nil, "demo", "--data", dir)
	if code := run(context.Background(), env); code != 0 {
		t.Fatalf("demo: exit %d\n%s", code, errb.String())
	}
	if !strings.Contains(out.String(), "demo data ready") {
		t.Errorf("demo output %q", out.String())
	}
	env, out, _ = testEnv("", nil, "check", "--data", dir)
	if code := run(context.Background(), env); code != 0 || !strings.Contains(out.String(), "every invariant holds") {
		t.Fatalf("check on the demo: exit %d, output %q", code, out.String())
	}
	forgeOverlap(t, dir)
	env, out, errb = testEnv("", nil, "check", "--data", dir)
	if code := run(context.Background(), env); code != 1 || !strings.Contains(out.String(), "no_overlapping_programmes") {
		t.Errorf("check after a forged overlap: exit %d, output %q %q; want 1 naming the invariant", code, out.String(), errb.String())
	}
}

// forgeOverlap appends two bookings of one official for overlapping
// periods, bypassing the application.
func forgeOverlap(t *testing.T, dir string) {
	t.Helper()
	ns, err := jetstream.StartEmbedded(jetstream.ServerConfig{StoreDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { ns.Shutdown(); ns.WaitForShutdown() }()
	nc, err := jetstream.ConnectEmbedded(ns, "forger")
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	store, err := jetstream.Open(context.Background(), nc, jetstream.Config{})
	if err != nil {
		t.Fatal(err)
	}
	subj := events.Subject(events.AggregateOfficial, "forged-official")
	var last uint64
	for i, n := range []string{"forged-a", "forged-b"} {
		e, _ := events.New(n, subj, time.Now(), events.Actor{Username: "forger", Role: "council"},
			events.OfficialBooked{NominationID: n, StartDate: events.NewDate(2027, 3, 1+i), EndDate: events.NewDate(2027, 3, 10)})
		res, err := store.Append(context.Background(), e, last, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		last = res.Seq
	}
}
