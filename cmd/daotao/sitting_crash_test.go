package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"daotao/domain"
	"daotao/events"
	"daotao/events/jetstream"
)

// sittingItems is how many requests the crash test's sitting decides.
const sittingItems = 40

// TestSittingCrash kills `daotao serve` with SIGKILL while it applies a
// council resolution of 40 items (as soon as some, not all, are applied),
// starts it again on the same folder and sends the same resolution again,
// as a client whose answer was lost would. Every item must then be decided
// exactly once: one decision event per request, one outcome per item on
// the sitting, the withdrawn item refused, and `daotao check` clean.
func TestSittingCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("starts server processes")
	}
	dir := t.TempDir()
	for _, u := range [][]string{{"sonoivu", "home_affairs"}, {"hoidong", "council"}, {"soyte", "agency", "--agency", "so_y_te"}} {
		startProcess(t, "mat-khau-du-dai\n", append([]string{"users", "add", "--data", dir, "--username", u[0], "--role", u[1], "--password-stdin"}, u[2:]...)...)
	}
	app := newChild(t, "serve", nil, "serve", "--data", dir, "--addr", "127.0.0.1:0")
	app.start()
	(&daemon{url: app.url}).waitReady(t)
	agency, home, council := token(t, app.url, "soyte"), token(t, app.url, "sonoivu"), token(t, app.url, "hoidong")
	ids := make([]string, sittingItems)
	for i := range ids {
		ids[i] = councilNomination(t, app.url, agency, home, i)
	}
	var opened struct{ ID string }
	if code := api(t, app.url, home, http.MethodPost, "/api/v1/sittings", map[string]any{"title": "Phiên họp thử", "held_on": "2026-06-10", "agenda": ids}, &opened); code != 201 {
		t.Fatalf("open sitting: %d", code)
	}
	if code := api(t, app.url, agency, http.MethodPost, "/api/v1/nominations/"+ids[7]+"/withdraw", map[string]string{"reason": "Trùng lịch."}, nil); code != 200 {
		t.Fatalf("withdraw: %d", code)
	}
	results := []string{events.SittingApproved, events.SittingRejected, events.SittingReturned}
	var items []map[string]string
	for i, id := range ids {
		items = append(items, map[string]string{"nomination_id": id, "result": results[i%3], "reason": "Theo nghị quyết."})
	}
	body := map[string]any{"number": "7/NQ-HĐ", "items": items}
	path := "/api/v1/sittings/" + opened.ID
	go func() { _ = apiQuiet(app.url, council, http.MethodPost, path+"/resolution", body) }()
	applied := waitPartlyApplied(t, app.url, council, path)
	app.kill()
	t.Logf("killed with %d of %d items applied", applied, sittingItems)
	app.start()
	(&daemon{url: app.url}).waitReady(t)
	council = token(t, app.url, "hoidong")
	var v domain.SittingView
	if code := api(t, app.url, council, http.MethodPost, path+"/resolution", body, &v); code != 200 {
		t.Fatalf("the resolution again after the restart: %d", code)
	}
	if v.Status != domain.SittingDone {
		t.Fatalf("sitting %s after the restart, want resolved", v.Status)
	}
	app.stop()
	checkSittingOnce(t, dir, opened.ID, ids)
	mustCLI(t, "check", "--data", dir)
}

// councilNomination registers an official of Sở Y tế, nominates her,
// submits, and has Sở Nội vụ pass the check: the request awaits the
// council.
func councilNomination(t *testing.T, base, agency, home string, i int) string {
	t.Helper()
	var o, n struct{ ID string }
	api(t, base, agency, http.MethodPost, "/api/v1/officials", map[string]any{
		"full_name": fmt.Sprintf("Trần Thị Số %c", 'A'+rune(i%26)), "agency_code": "so_y_te", "group": 3, "category": "cbcc",
		"birth_date": "1985-04-12", "gender": "nu", "service_start": "2009-09-01", "qualification": "dai_hoc", "field": "y_te",
		"in_planning_pool": true, "discipline": "none", "ratings": map[string]string{"2023": "tot", "2024": "xuat_sac"},
	}, &o)
	if code := api(t, base, agency, http.MethodPost, "/api/v1/nominations", map[string]any{
		"official_id": o.ID, "kind": "boi_duong", "title": "Quản lý bệnh viện hiện đại", "content_code": "C.1",
		"start_date": "2027-03-01", "end_date": "2027-03-12", "cost_estimate_vnd": 25_000_000}, &n); code != 201 {
		t.Fatalf("nomination %d: %d", i, code)
	}
	for _, step := range []struct{ token, action string }{{agency, "submit"}, {home, "approve"}} {
		if code := api(t, base, step.token, http.MethodPost, "/api/v1/nominations/"+n.ID+"/"+step.action, map[string]string{}, nil); code != 200 {
			t.Fatalf("%s %d: %d", step.action, i, code)
		}
	}
	return n.ID
}

// apiQuiet sends a request whose answer may never come (the server is
// killed): it reports the error instead of failing the test.
func apiQuiet(base, token, method, path string, body any) error {
	b, _ := json.Marshal(body)
	req, err := http.NewRequest(method, base+path, bytes.NewReader(b))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := (&http.Client{Timeout: 30 * time.Second}).Do(req)
	if err == nil {
		resp.Body.Close()
	}
	return err
}

// waitPartlyApplied polls the sitting until some but not all of its items
// are applied and returns how many are.
func waitPartlyApplied(t *testing.T, base, token, path string) int {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		var v domain.SittingView
		api(t, base, token, http.MethodGet, path, nil, &v)
		done := 0
		for _, it := range v.Items {
			if it.Done {
				done++
			}
		}
		if done > 0 && done < len(v.Items) {
			return done
		}
		if done == len(v.Items) && done > 0 {
			t.Fatal("every item was applied before the kill: the test proves nothing")
		}
		time.Sleep(2 * time.Millisecond)
	}
	t.Fatal("the resolution was not being applied within 30 s")
	return 0
}

// checkSittingOnce reads the log and checks that every item of sitting
// sid was decided exactly once.
func checkSittingOnce(t *testing.T, dir, sid string, ids []string) {
	t.Helper()
	var recs []events.Recorded
	logOn(t, dir, func(st *jetstream.Store, _ *nats.Conn) { recs, _ = readLog(t, st) })
	decisions := map[string]int{}
	outcomes := map[string]int{}
	for _, r := range recs {
		agg, id, _ := events.SplitSubject(r.Subject)
		switch {
		case agg == events.AggregateNomination && (r.Type == events.TypeNominationApproved || r.Type == events.TypeNominationRejected ||
			r.Type == events.TypeNominationReturned || r.Type == events.TypeNominationStagePassed && r.Actor.Role == "council"):
			decisions[id]++
		case agg == events.AggregateSitting && id == sid && (r.Type == events.TypeSittingItemDecided || r.Type == events.TypeSittingItemRefused):
			p, err := events.Unmarshal(r.Envelope)
			if err != nil {
				t.Fatal(err)
			}
			switch e := p.(type) {
			case *events.SittingItemDecided:
				outcomes[e.NominationID]++
			case *events.SittingItemRefused:
				outcomes[e.NominationID]++
				if e.NominationID != ids[7] {
					t.Errorf("item %s refused: %s", e.NominationID, e.Message)
				}
			}
		}
	}
	for i, id := range ids {
		want := 1
		if i == 7 {
			want = 0 // withdrawn: refused, not decided
		}
		if decisions[id] != want || outcomes[id] != 1 {
			t.Errorf("item %d: %d decisions (want %d), %d outcomes on the sitting (want 1)", i, decisions[id], want, outcomes[id])
		}
	}
}
