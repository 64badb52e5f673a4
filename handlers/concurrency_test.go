package handlers_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"daotao/domain"
	"daotao/handlers"
)

// reply is one answer in a race.
type reply struct {
	status int
	body   map[string]any
}

// race sends n copies of one request at once over real HTTP and returns
// the answers.
func race(t *testing.T, a *app, n int, token, method, path, body string, headers ...string) []reply {
	t.Helper()
	ts := httptest.NewServer(a.srv)
	t.Cleanup(ts.Close)
	out := make([]reply, n)
	var ready, done sync.WaitGroup
	ready.Add(1)
	for i := range n {
		done.Go(func() {
			req, err := http.NewRequestWithContext(t.Context(), method, ts.URL+path, strings.NewReader(body))
			if err != nil {
				t.Errorf("request %d: %v", i, err)
				return
			}
			req.Header.Set("Authorization", "Bearer "+token)
			req.Header.Set("Content-Type", "application/json")
			for j := 0; j+1 < len(headers); j += 2 {
				req.Header.Set(headers[j], headers[j+1])
			}
			ready.Wait()
			resp, err := ts.Client().Do(req)
			if err != nil {
				t.Errorf("request %d: %v", i, err)
				return
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			out[i].status = resp.StatusCode
			_ = json.Unmarshal(b, &out[i].body)
		})
	}
	ready.Done()
	done.Wait()
	return out
}

// tally counts the answers by status; a 409 must say why.
func tally(t *testing.T, replies []reply) map[int]int {
	t.Helper()
	count := map[int]int{}
	for _, r := range replies {
		count[r.status]++
		if code := r.body["code"]; r.status == http.StatusConflict && code != "conflict" && code != "invalid_transition" {
			t.Errorf("409 with code %v, want conflict or invalid_transition", code)
		}
	}
	return count
}

// eventsOf returns how many events of type typ the nomination's history holds.
func (w *world) eventsOf(t *testing.T, id, typ string) int {
	t.Helper()
	var entries []handlers.AuditEntry
	w.do(t, w.auditor, http.MethodGet, "/api/v1/audit/nominations/"+id, nil).want(t, http.StatusOK).into(t, &entries)
	n := 0
	for _, e := range entries {
		if e.Type == typ {
			n++
		}
	}
	return n
}

func TestConcurrentCommands(t *testing.T) {
	w := newWorld(t)
	tests := []struct {
		from        domain.Status
		action, typ string
		token       string
		to          domain.Status
	}{
		{domain.StatusSubmitted, "approve", "nomination.approved", w.council, domain.StatusApproved},
		{domain.StatusDraft, "submit", "nomination.submitted", w.yte, domain.StatusSubmitted},
	}
	for _, tt := range tests {
		t.Run(tt.action, func(t *testing.T) {
			id := w.nominationIn(t, tt.from)
			count := tally(t, race(t, w.app, 20, tt.token, http.MethodPost, nomPath(id, tt.action), `{}`))
			if count[http.StatusOK] != 1 || count[http.StatusConflict] != 19 {
				t.Errorf("20 concurrent %s: %v, want one 200 and nineteen 409", tt.action, count)
			}
			if n := w.eventsOf(t, id, tt.typ); n != 1 {
				t.Errorf("log holds %d %s, want 1", n, tt.typ)
			}
			if got := w.view(t, w.council, id).Status; got != tt.to {
				t.Errorf("status = %s, want %s", got, tt.to)
			}
		})
	}
}

// TestConcurrentRetries sends one keyed command many times at once, as a
// client retrying on timeouts might: every answer is the one original.
func TestConcurrentRetries(t *testing.T) {
	w := newWorld(t)
	before := w.lastSeq(t)
	body, _ := json.Marshal(nominationBody(w.yteOfficial))
	replies := race(t, w.app, 10, w.yte, http.MethodPost, nominations, string(body), "Idempotency-Key", "mot-lan")
	for i, r := range replies {
		if r.status != http.StatusCreated || r.body["id"] != replies[0].body["id"] || r.body["seq"] != replies[0].body["seq"] {
			t.Errorf("reply %d = %d %v, want 201 with the first reply's id and seq %v", i, r.status, r.body, replies[0].body)
		}
	}
	if after := w.lastSeq(t); after != before+1 {
		t.Errorf("log grew by %d events, want 1", after-before)
	}
}
