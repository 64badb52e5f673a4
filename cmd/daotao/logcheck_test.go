package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"daotao/events"
	"daotao/events/jetstream"
	"daotao/projections"
)

// readLog reads every event of st and replays them into a fresh state,
// as a new process would.
func readLog(t *testing.T, st *jetstream.Store) ([]events.Recorded, *projections.State) {
	t.Helper()
	fresh := projections.New()
	var recs []events.Recorded
	err := st.Read(context.Background(), 1, 0, func(r events.Recorded) error {
		recs = append(recs, r)
		return fresh.Apply(r)
	})
	if err != nil {
		t.Fatalf("read the log: %v", err)
	}
	return recs, fresh
}

// readLogAt reads the log of the NATS server or cluster at urls.
func readLogAt(t *testing.T, urls string) ([]events.Recorded, *projections.State) {
	t.Helper()
	nc, err := nats.Connect(urls, nats.Timeout(10*time.Second))
	if err != nil {
		t.Fatalf("connect to %s: %v", urls, err)
	}
	defer nc.Close()
	st, err := jetstream.Open(context.Background(), nc, jetstream.Config{Timeout: 10 * time.Second})
	if err != nil {
		t.Fatalf("open the log: %v", err)
	}
	return readLog(t, st)
}

// checkAcknowledged compares the log with what the clients were told:
// every command answered 2xx is in it exactly once (and a create's answer
// names the aggregate that was recorded), no command answered 4xx is in it,
// no command is in it twice, every event with an Idempotency-Key comes from
// a command a client sent as that user, and every other event is a user
// account, one of the logins, the reference data published once on the
// first start, or part of the atomic batch of a keyed command.
func checkAcknowledged(t *testing.T, recs []events.Recorded, sent []*sentCommand, logins int) {
	t.Helper()
	byKey := map[string][]events.Recorded{}
	keyed := map[string]bool{} // ids of keyed events
	for _, r := range recs {
		if r.IdempotencyKey != "" {
			byKey[r.IdempotencyKey] = append(byKey[r.IdempotencyKey], r)
			keyed[r.ID] = true
		}
	}
	sentBy := map[string]*sentCommand{}
	for _, c := range sent {
		sentBy[c.key] = c
		checkCommand(t, c, byKey[c.key])
	}
	for key, rs := range byKey {
		if c, ok := sentBy[key]; !ok || rs[0].Actor.Username != c.user {
			t.Errorf("event %d (%s) carries key %q, which no client sent as %s", rs[0].Seq, rs[0].Type, key, rs[0].Actor.Username)
		}
	}
	counts := map[string]int{} // by subject and by type
	for _, r := range recs {
		if r.IdempotencyKey != "" {
			continue
		}
		agg, _, _ := events.SplitSubject(r.Subject)
		switch {
		case agg == events.AggregateUser, agg == events.AggregateSession, agg == events.AggregateReference:
			counts[r.Subject]++
			counts[r.Type]++
		case keyed[r.CausationID]:
		default:
			t.Errorf("event %d (%s on %s) comes from no command", r.Seq, r.Type, r.Subject)
		}
	}
	if got := counts[events.TypeSessionOpened]; got != logins {
		t.Errorf("%d sessions opened; want %d, one per login", got, logins)
	}
	for _, subj := range []string{projections.ReferenceSubject, projections.BaselineSubject} {
		if n := counts[subj]; n != 1 {
			t.Errorf("%d events on %s; want the shipped data published exactly once", n, subj)
		}
	}
}

// checkCommand checks one command against the events recorded with its key.
func checkCommand(t *testing.T, c *sentCommand, got []events.Recorded) {
	t.Helper()
	what := fmt.Sprintf("%s %s by %s (key %s, %d tries, answered %d)", c.method, c.path, c.user, c.key, c.tries, c.status)
	if c.status != 0 && !expectedAnswer(c) {
		t.Errorf("%s: answered %s", what, c.body)
	}
	switch {
	case c.status >= 200 && c.status < 300:
		if len(got) != 1 {
			t.Errorf("%s: acknowledged, but %d events in the log", what, len(got))
			return
		}
		if id, ok := c.created(c.status); ok && c.method == http.MethodPost && !strings.Contains(c.path, id) {
			if _, aggID, _ := events.SplitSubject(got[0].Subject); aggID != id {
				t.Errorf("%s: answered id %s, but the event recorded %s", what, id, got[0].Subject)
			}
		}
	case c.status >= 400 && c.status < 500:
		if len(got) != 0 {
			t.Errorf("%s: refused (%s), but recorded at seq %d", what, c.body, got[0].Seq)
		}
	case len(got) > 1:
		t.Errorf("%s: never answered, and recorded %d times", what, len(got))
	}
}

// expectedAnswer reports whether c got an answer its command may get.
// Every command the fleet sends is valid, except a second approval, which
// must be refused, and an approval on a quota, refused once its places
// are taken or when it keeps losing the race for them: a crash may delay
// an answer but never turn it into a refusal (a request served before the
// log was replayed would be one).
func expectedAnswer(c *sentCommand) bool {
	ok := c.status >= 200 && c.status < 300
	switch c.action {
	case "approve-again":
		return c.status == http.StatusConflict
	case "approve-quota":
		return ok || c.status == http.StatusConflict
	}
	return ok
}

// listings is what an app lists, by path: every nomination and official.
type listings map[string][]any

// listed are the paths of listings.
var listed = []string{"/api/v1/nominations", "/api/v1/officials"}

// listingsOf reads the listings of the app at url once it has applied
// minSeq.
func listingsOf(t *testing.T, url, token string, minSeq uint64) listings {
	t.Helper()
	out := listings{}
	for _, path := range listed {
		out[path] = listAll(t, url, token, path, minSeq)
	}
	return out
}

// freshListings are the listings of a state replayed from scratch.
func freshListings(t *testing.T, fresh *projections.State) listings {
	t.Helper()
	out := listings{}
	for off := 0; ; off += projections.MaxLimit {
		items, total := fresh.Nominations(projections.NominationFilter{}, projections.Page{Offset: off, Limit: projections.MaxLimit})
		out[listed[0]] = append(out[listed[0]], canonical(t, items).([]any)...)
		if off+projections.MaxLimit >= total {
			break
		}
	}
	for off := 0; ; off += projections.MaxLimit {
		items, total := fresh.Officials(projections.OfficialFilter{}, projections.Page{Offset: off, Limit: projections.MaxLimit})
		out[listed[1]] = append(out[listed[1]], canonical(t, items).([]any)...)
		if off+projections.MaxLimit >= total {
			break
		}
	}
	return out
}

// compareListings checks that the listings of the app called name equal
// want, item by item and field by field.
func compareListings(t *testing.T, name string, got, want listings) {
	t.Helper()
	for _, path := range listed {
		g, w := got[path], want[path]
		if len(g) != len(w) {
			t.Errorf("%s lists %d items at %s; want %d", name, len(g), path, len(w))
			continue
		}
		for i := range g {
			if !reflect.DeepEqual(g[i], w[i]) {
				t.Errorf("%s: item %d of %s differs:\n got %v\nwant %v", name, i, path, g[i], w[i])
				break
			}
		}
	}
}

// listAll reads every page of a listing from the app at url.
func listAll(t *testing.T, url, token, path string, minSeq uint64) []any {
	t.Helper()
	var all []any
	for off := 0; ; off += projections.MaxLimit {
		q := fmt.Sprintf("%s?limit=%d&offset=%d&min_seq=%d", path, projections.MaxLimit, off, minSeq)
		req, _ := http.NewRequest(http.MethodGet, url+q, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("GET %s: %v", q, err)
		}
		var page []any
		err = json.NewDecoder(resp.Body).Decode(&page)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || err != nil {
			t.Fatalf("GET %s: %d %v", q, resp.StatusCode, err)
		}
		all = append(all, page...)
		total, _ := strconv.Atoi(resp.Header.Get("X-Total-Count"))
		if off+projections.MaxLimit >= total {
			return all
		}
	}
}

// canonical returns v as encoding/json decodes its encoding into an any.
func canonical(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// lastSeq returns the last sequence of recs, 0 for none.
func lastSeq(recs []events.Recorded) uint64 {
	if len(recs) == 0 {
		return 0
	}
	return recs[len(recs)-1].Seq
}

// logStats summarises a log for the test's output.
func logStats(recs []events.Recorded) string {
	types := map[string]int{}
	for _, r := range recs {
		types[r.Type]++
	}
	return fmt.Sprintf("%d events: %v", len(recs), types)
}
