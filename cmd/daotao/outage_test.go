package main

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestNATSOutage runs `daotao serve --nats-url` against a NATS server in
// a process of its own and kills that server with SIGKILL while clients
// send commands, then starts it again on the same store folder, several
// times. While NATS is away /readyz must answer 503 and a command 503,
// never a 2xx; once it is back the app must recover by itself (no
// restart): ready again, commands succeeding, and every command ever
// acknowledged in the log exactly once, the invariants holding and the app
// listing what a fresh replay lists.
func TestNATSOutage(t *testing.T) {
	outages := 3
	if testing.Short() {
		outages = 2
	}
	ns := startNATS(t, t.TempDir())
	natsURL := "nats://" + ns.addr
	addFleetUsers(t, "--nats-url", natsURL)
	app := newChild(t, "serve", nil, "serve", "--nats-url", natsURL, "--addr", "127.0.0.1:0")
	app.start()
	(&daemon{url: app.url}).waitReady(t)
	f := newFleet(t, app.url)
	stop := f.run(16)
	rng := rand.New(rand.NewPCG(crashSeed(t), 4))
	var probes []*sentCommand
	for i := range outages {
		time.Sleep(time.Duration(200+rng.IntN(301)) * time.Millisecond)
		ns.kill()
		began := time.Now()
		waitReadiness(t, app.url, http.StatusServiceUnavailable, 15*time.Second)
		t.Logf("outage %d: /readyz 503 after %v", i+1, time.Since(began).Round(time.Millisecond))
		probeWhileDown(t, f, i)
		time.Sleep(time.Duration(300+rng.IntN(1201)) * time.Millisecond) // the clients keep trying
		done := f.answered(http.StatusOK) + f.answered(http.StatusCreated)
		ns.start()
		began = time.Now()
		waitReadiness(t, app.url, http.StatusOK, 30*time.Second)
		t.Logf("outage %d: NATS back, /readyz 200 after %v", i+1, time.Since(began).Round(time.Millisecond))
		probes = append(probes, probeAfterRecovery(t, f, i))
		t.Logf("outage %d: a new command succeeded %v after NATS came back", i+1, time.Since(began).Round(time.Millisecond))
		// The clients' requests that were in flight at the kill get their
		// answer (503, or 2xx if the append had landed) only when the app's
		// request to NATS times out, after 5 s.
		waitSuccess(t, f, done, 30*time.Second)
	}
	sent := append(stop(), probes...)
	t.Logf("%d commands, final answers %v; attempts answered %s", len(sent), tally(sent), f.answerCounts())
	if n := f.answered(http.StatusInternalServerError); n > 0 {
		t.Errorf("%d answers were 500: an unreachable NATS must be a 503 the client can retry (%s)", n, f.answerCounts())
	}
	recs, fresh := readLogAt(t, natsURL)
	t.Log(logStats(recs))
	checkAcknowledged(t, recs, sent, f.logins())
	compareListings(t, "the app after the outages", listingsOf(t, app.url, f.council[0].token, lastSeq(recs)), freshListings(t, fresh))
	mustCLI(t, "check", "--nats-url", natsURL)
	mustCLI(t, "verify", "--nats-url", natsURL)
}

// waitReadiness waits until the app's /readyz answers status.
func waitReadiness(t *testing.T, url string, status int, limit time.Duration) {
	t.Helper()
	deadline := time.Now().Add(limit)
	last := ""
	for time.Now().Before(deadline) {
		resp, err := http.Get(url + "/readyz")
		if err == nil {
			var body json.RawMessage
			_ = json.NewDecoder(resp.Body).Decode(&body)
			resp.Body.Close()
			if resp.StatusCode == status {
				return
			}
			last = fmt.Sprintf("%d %s", resp.StatusCode, body)
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("/readyz did not answer %d within %v; last answer %s", status, limit, last)
}

// waitSuccess waits until the fleet has had more than done commands
// succeed.
func waitSuccess(t *testing.T, f *fleet, done int, limit time.Duration) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for f.answered(http.StatusOK)+f.answered(http.StatusCreated) <= done {
		if time.Now().After(deadline) {
			t.Fatalf("no command succeeded within %v after NATS came back (%s)", limit, f.answerCounts())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// probeWhileDown sends one new command while NATS is away and expects a
// 503 at once: the app must say it cannot, not pretend it did, nor keep
// the client waiting. Its client would send it again with the same key
// later: probeAfterRecovery does.
func probeWhileDown(t *testing.T, f *fleet, i int) {
	t.Helper()
	a := f.agencies[0]
	payload, _ := json.Marshal(fleetOfficial(a.agency, 90+i, 0))
	began := time.Now()
	status, body := f.try(0, a.token, http.MethodPost, "/api/v1/officials", payload, fmt.Sprintf("probe-down-%d", i))
	t.Logf("a command while NATS is down: %d in %v", status, time.Since(began).Round(time.Millisecond))
	if status != http.StatusServiceUnavailable || !strings.Contains(string(body), "unavailable") || time.Since(began) > 2*time.Second {
		t.Errorf("a command while NATS is down: %d %s after %v; want 503 unavailable at once", status, body, time.Since(began))
	}
}

// probeAfterRecovery sends the command refused during outage i again with
// its key once NATS is back, as its client would, and expects it to
// succeed within 10 s (retrying 503s). It returns the command, for the
// final check of the log.
func probeAfterRecovery(t *testing.T, f *fleet, i int) *sentCommand {
	t.Helper()
	a := f.agencies[0]
	key := fmt.Sprintf("probe-down-%d", i)
	payload, _ := json.Marshal(fleetOfficial(a.agency, 90+i, 0))
	c := &sentCommand{user: a.username, key: key, action: "official", method: http.MethodPost, path: "/api/v1/officials"}
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		c.tries++
		if c.status, c.body = f.try(0, a.token, c.method, c.path, payload, key); c.status == http.StatusCreated {
			return c
		}
	}
	t.Errorf("the command refused during outage %d, sent again after it: %d %s; want 201 within 10 s", i+1, c.status, c.body)
	c.status = 0 // unresolved: it may have landed
	return c
}
