package main

import (
	"encoding/json"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"daotao/events"
	"daotao/events/jetstream"
	"daotao/projections"
)

// crashClients is how many clients send commands at once.
const crashClients = 64

// TestCrashSafety runs `daotao serve` on a data folder as a separate
// process while 64 clients send commands with Idempotency-Keys, kills it
// with SIGKILL at random moments (seeded: DAOTAO_CRASH_SEED repeats a run)
// and starts it again on the same folder, round after round. The clients
// retry every command whose answer was lost until they get a 2xx or a 4xx.
// Afterwards the log must hold every acknowledged command exactly once and
// nothing nobody asked for, `daotao check` and `daotao verify` must pass,
// the restarted app must list what a fresh replay of the log lists, and a
// backup (export, import into a new folder) must verify and replay the
// same.
//
// Rounds: 3 with -short, 20 otherwise, or DAOTAO_CRASH_ROUNDS (see the
// README).
func TestCrashSafety(t *testing.T) {
	rounds, seed := crashRounds(t), crashSeed(t)
	t.Logf("%d kill/restart rounds, seed %d", rounds, seed)
	dir := t.TempDir()
	addFleetUsers(t, "--data", dir)
	app := newChild(t, "serve", nil, "serve", "--data", dir, "--addr", "127.0.0.1:0")
	app.start()
	(&daemon{url: app.url}).waitReady(t)
	f := newFleet(t, app.url)
	stop := f.run(crashClients)
	rng := rand.New(rand.NewPCG(seed, 7328))
	began := time.Now()
	for round := 1; round <= rounds; round++ {
		time.Sleep(time.Duration(50+rng.IntN(351)) * time.Millisecond)
		app.kill()
		app.start()
		f.point(0, app.url)
		// Every other round the next kill may come while the app is still
		// replaying the log, before it is ready.
		if round%2 == 0 {
			(&daemon{url: app.url}).waitReady(t)
		}
	}
	(&daemon{url: app.url}).waitReady(t)
	sent := stop()
	t.Logf("%d rounds in %v; %d commands, final answers %v; attempts answered %s",
		rounds, time.Since(began).Round(time.Millisecond), len(sent), tally(sent), f.answerCounts())
	checkRetried(t, sent)
	if n := f.answered(http.StatusInternalServerError); n > 0 {
		t.Errorf("%d answers were 500: trouble that passes must be a 503 the client can retry (%s)", n, f.answerCounts())
	}

	got := listingsOf(t, app.url, f.council[0].token, 0)
	applied := appliedSeq(t, app.url)
	app.stop()
	var recs []events.Recorded
	var fresh *projections.State
	logOn(t, dir, func(st *jetstream.Store, _ *nats.Conn) { recs, fresh = readLog(t, st) })
	t.Log(logStats(recs))
	if applied != lastSeq(recs) {
		t.Errorf("the restarted app had applied seq %d; the log ends at %d", applied, lastSeq(recs))
	}
	checkAcknowledged(t, recs, sent, f.logins())
	compareListings(t, "the restarted app", got, freshListings(t, fresh))
	mustCLI(t, "check", "--data", dir)
	checkBackup(t, dir)
}

// crashRounds is the number of kill/restart rounds: DAOTAO_CRASH_ROUNDS,
// else 3 with -short and 20 otherwise.
func crashRounds(t *testing.T) int {
	if testing.Short() {
		return envRounds(t, "DAOTAO_CRASH_ROUNDS", 3)
	}
	return envRounds(t, "DAOTAO_CRASH_ROUNDS", 20)
}

// crashSeed is DAOTAO_CRASH_SEED, else a fixed seed.
func crashSeed(t *testing.T) uint64 {
	v := os.Getenv("DAOTAO_CRASH_SEED")
	if v == "" {
		return 20260705
	}
	n, err := strconv.ParseUint(v, 10, 64)
	if err != nil {
		t.Fatalf("DAOTAO_CRASH_SEED=%q: want a number", v)
	}
	return n
}

// checkRetried fails a run in which nothing was acknowledged, or no
// command lost an answer and was retried: it would have proved nothing.
func checkRetried(t *testing.T, sent []*sentCommand) {
	t.Helper()
	ok, retried := 0, 0
	for _, c := range sent {
		if c.status >= 200 && c.status < 300 {
			ok++
			if c.unanswered > 0 {
				retried++
			}
		}
	}
	t.Logf("%d commands acknowledged, %d of them after lost answers", ok, retried)
	if ok == 0 || retried == 0 {
		t.Errorf("%d commands acknowledged, %d after a retry: the crashes did not hit commands in flight", ok, retried)
	}
}

// appliedSeq returns the sequence the app at url has applied, from /readyz.
func appliedSeq(t *testing.T, url string) uint64 {
	t.Helper()
	resp, err := http.Get(url + "/readyz")
	if err != nil {
		t.Fatalf("readyz: %v", err)
	}
	defer resp.Body.Close()
	var out struct {
		Applied uint64 `json:"applied_seq"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("readyz: %d %v", resp.StatusCode, err)
	}
	return out.Applied
}

// checkBackup backs the log in dir up with `daotao export`, restores it
// into a new folder with `daotao import`, and checks that verify prints
// the same for both and that every report replays to the same bytes.
func checkBackup(t *testing.T, dir string) {
	t.Helper()
	restored, bundle := t.TempDir(), filepath.Join(t.TempDir(), "backup.tar.gz")
	live := mustCLI(t, "verify", "--data", dir)
	mustCLI(t, "export", "--data", dir, "--out", bundle)
	mustCLI(t, "import", "--data", restored, "--bundle", bundle)
	if got := mustCLI(t, "verify", "--data", restored); got != live {
		t.Errorf("verify of the restored copy:\n%s\nwant the original's:\n%s", got, live)
	}
	for _, format := range []string{"json", "csv"} {
		want := mustCLI(t, "replay", "--data", dir, "--format", format)
		if got := mustCLI(t, "replay", "--data", restored, "--format", format); got != want {
			t.Errorf("%s replay of the restored copy differs from the original's", format)
		}
	}
}
