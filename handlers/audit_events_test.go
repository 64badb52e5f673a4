package handlers_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"daotao/domain"
	"daotao/events"
)

const eventsAPI = "/api/v1/audit/events"

// eventPage is one answer of the event browser's API.
type eventPage struct {
	Events []struct {
		Seq         uint64          `json:"seq"`
		Type        string          `json:"type"`
		Subject     string          `json:"subject"`
		Aggregate   string          `json:"aggregate"`
		AggregateID string          `json:"aggregate_id"`
		Time        time.Time       `json:"time"`
		Actor       events.Actor    `json:"actor"`
		Data        json.RawMessage `json:"data"`
	} `json:"events"`
	NextBefore uint64 `json:"next_before"`
	ScannedTo  uint64 `json:"scanned_to"`
	Bounded    bool   `json:"bounded"`
}

func (w *world) events(t *testing.T, token, query string) eventPage {
	t.Helper()
	var p eventPage
	w.do(t, token, http.MethodGet, eventsAPI+"?"+query, nil).want(t, http.StatusOK).into(t, &p)
	return p
}

// browseAll follows the cursor from the newest page to the start of the
// log and returns the sequence of every event seen, in order.
func (w *world) browseAll(t *testing.T, token string, q url.Values) []uint64 {
	t.Helper()
	var seqs []uint64
	for range 1000 {
		p := w.events(t, token, q.Encode())
		for _, e := range p.Events {
			seqs = append(seqs, e.Seq)
		}
		if p.NextBefore == 0 {
			return seqs
		}
		if p.NextBefore != p.ScannedTo {
			t.Errorf("next_before %d, scanned_to %d: want the cursor where the scan stopped", p.NextBefore, p.ScannedTo)
		}
		q.Set("before", strconv.FormatUint(p.NextBefore, 10))
	}
	t.Fatalf("the cursor never reached the start of the log")
	return nil
}

// logSeqs returns, newest first, the sequences of the log's events that
// keep accepts.
func (w *world) logSeqs(t *testing.T, keep func(events.Recorded) bool) []uint64 {
	t.Helper()
	var out []uint64
	err := w.store.Read(t.Context(), 1, 0, func(r events.Recorded) error {
		if keep(r) {
			out = append(out, r.Seq)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("read log: %v", err)
	}
	slices.Reverse(out)
	return out
}

func TestAuditEventsRoles(t *testing.T) {
	w := newWorld(t)
	tests := []struct {
		name, token string
		want        int
	}{
		{"auditor", w.auditor, http.StatusOK},
		{"admin", w.admin, http.StatusOK},
		{"council", w.council, http.StatusForbidden},
		{"agency", w.yte, http.StatusForbidden},
		{"no session", "", http.StatusUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := w.do(t, tt.token, http.MethodGet, eventsAPI, nil)
			if tt.want != http.StatusOK {
				r.failure(t, tt.want, "")
				return
			}
			r.want(t, http.StatusOK)
		})
	}
}

// TestAuditEventsPagination pages through the whole log with small pages:
// every event once, newest first, no gaps, with and without a filter.
func TestAuditEventsPagination(t *testing.T) {
	w := newWorld(t)
	for range 3 {
		w.nominationIn(t, domain.StatusSubmitted)
	}
	tests := []struct {
		name  string
		query url.Values
		keep  func(events.Recorded) bool
	}{
		{"everything", url.Values{"limit": {"7"}}, func(events.Recorded) bool { return true }},
		{"nominations", url.Values{"limit": {"2"}, "aggregate": {"nomination"}},
			func(r events.Recorded) bool { return strings.HasPrefix(r.Subject, events.SubjectPrefix+"nomination.") }},
		{"one page", url.Values{"limit": {"200"}}, func(events.Recorded) bool { return true }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := w.logSeqs(t, tt.keep)
			if got := w.browseAll(t, w.auditor, tt.query); !slices.Equal(got, want) {
				t.Errorf("pages gave seqs %v, want %v", got, want)
			}
		})
	}
	t.Run("link header", func(t *testing.T) {
		r := w.do(t, w.auditor, http.MethodGet, eventsAPI+"?limit=3&type=nomination.submitted", nil).want(t, http.StatusOK)
		var p eventPage
		r.into(t, &p)
		want := fmt.Sprintf(`<%s?before=%d&limit=3&type=nomination.submitted>; rel="next"`, eventsAPI, p.NextBefore)
		if got := r.header.Get("Link"); got != want {
			t.Errorf("Link = %q, want %q", got, want)
		}
	})
}

// TestAuditEventsRedaction: neither password hashes nor session token
// hashes ever leave the event browser, though the log holds both.
func TestAuditEventsRedaction(t *testing.T) {
	w := newWorld(t)
	var secrets []string
	err := w.store.Read(t.Context(), 1, 0, func(r events.Recorded) error {
		var d struct {
			Hash  string `json:"password_hash"`
			Token string `json:"token_sha256"`
		}
		_ = json.Unmarshal(r.Data, &d)
		for _, s := range []string{d.Hash, d.Token} {
			if s != "" {
				secrets = append(secrets, s)
			}
		}
		return nil
	})
	if err != nil || len(secrets) < 10 {
		t.Fatalf("the log holds %d secrets (err %v), want the 5 accounts' hashes and their sessions' tokens", len(secrets), err)
	}
	r := w.do(t, w.auditor, http.MethodGet, eventsAPI+"?limit=200", nil).want(t, http.StatusOK)
	for _, s := range secrets {
		if strings.Contains(string(r.raw), s) {
			t.Errorf("the event browser shows the secret %q", s)
		}
	}
	var p eventPage
	r.into(t, &p)
	redacted := map[string]int{}
	for _, e := range p.Events {
		var d map[string]any
		if err := json.Unmarshal(e.Data, &d); err != nil {
			t.Fatalf("seq %d: data %s is not an object: %v", e.Seq, e.Data, err)
		}
		for _, k := range []string{"password_hash", "token_sha256"} {
			if v, ok := d[k]; ok {
				if v != "[đã ẩn]" {
					t.Errorf("seq %d (%s): %s = %v, want it redacted", e.Seq, e.Type, k, v)
				}
				redacted[e.Type]++
			}
		}
		if e.Type == events.TypeUserCreated && d["username"] == nil {
			t.Errorf("seq %d: redaction lost the rest of the data: %s", e.Seq, e.Data)
		}
	}
	if redacted[events.TypeUserCreated] != 7 || redacted[events.TypeSessionOpened] < 7 {
		t.Errorf("redacted %v, want the 7 user.created and every session.opened", redacted)
	}
}

func TestAuditEventsFilters(t *testing.T) {
	w := newWorld(t)
	w.nominationIn(t, domain.StatusSubmitted)
	w.clock.Advance(48 * time.Hour) // 04/06/2025: the sessions have expired
	w.yte, w.tamky, w.council, w.auditor = w.login(t, "soyte"), w.login(t, "tamky"), w.login(t, "hoidong"), w.login(t, "kiemtra")
	w.homeAffairs = w.login(t, "sonoivu")
	later := w.nominationIn(t, domain.StatusReturned)
	w.nomination(t, w.tamky, nominationBody(w.tamkyOfficial))
	tests := []struct {
		name  string
		query string
		keep  func(r events.Recorded) bool
	}{
		{"type", "type=nomination.submitted", func(r events.Recorded) bool { return r.Type == events.TypeNominationSubmitted }},
		{"aggregate", "aggregate=official", func(r events.Recorded) bool { return strings.Contains(r.Subject, ".official.") }},
		{"actor", "actor=hoidong", func(r events.Recorded) bool { return r.Actor.Username == "hoidong" }},
		{"agency: its people and its records", "agency=ubnd_tam_ky", func(r events.Recorded) bool {
			return r.Actor.Agency == "ubnd_tam_ky" || strings.HasSuffix(r.Subject, ".user.tamky") || strings.HasSuffix(r.Subject, "."+w.tamkyOfficial)
		}},
		{"from a day", "from=04/06/2025", func(r events.Recorded) bool { return !r.Time.Before(start.Add(47 * time.Hour)) }},
		{"up to a day, inclusive", "to=2025-06-03", func(r events.Recorded) bool { return r.Time.Before(start.Add(24 * time.Hour)) }},
		{"the later nomination's return", "aggregate=nomination&type=nomination.returned&from=04/06/2025&to=04/06/2025",
			func(r events.Recorded) bool {
				return strings.HasSuffix(r.Subject, later) && r.Type == events.TypeNominationReturned
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := w.logSeqs(t, tt.keep)
			if len(want) == 0 {
				t.Fatalf("the test's world has no event for %s", tt.query)
			}
			q, _ := url.ParseQuery(tt.query + "&limit=200")
			if got := w.browseAll(t, w.auditor, q); !slices.Equal(got, want) {
				t.Errorf("%s gave seqs %v, want %v", tt.query, got, want)
			}
		})
	}
}

func TestAuditEventsBadQuery(t *testing.T) {
	w := newWorld(t)
	tests := []struct{ query, field string }{
		{"type=nomination.teleported", "type"},
		{"aggregate=planet", "aggregate"},
		{"from=31/02/2025", "from"},
		{"to=h%C3%B4m+qua", "to"},
		{"from=05/06/2025&to=04/06/2025", "to"},
		{"limit=0", "limit"},
		{"limit=201", "limit"},
		{"before=-1", "before"},
		{"actor=" + strings.Repeat("a", 65), "actor"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			w.do(t, w.auditor, http.MethodGet, eventsAPI+"?"+tt.query, nil).failure(t, http.StatusBadRequest, "invalid", tt.field)
		})
	}
}

// TestAuditEventsScanBound: a filter that matches nothing among the newest
// 5,000 events stops there, says so, and its cursor leads on to older ones.
func TestAuditEventsScanBound(t *testing.T) {
	w := newWorld(t)
	nomination := w.nominationIn(t, domain.StatusDraft)
	appendNoise(t, w.app, 5100)
	last := w.lastSeq(t)
	first := w.events(t, w.auditor, "aggregate=nomination")
	if len(first.Events) != 0 || !first.Bounded || first.ScannedTo != last-4999 || first.NextBefore != last-4999 {
		t.Fatalf("first page: %d events, bounded %v, scanned to %d, next %d; want none, bounded at %d",
			len(first.Events), first.Bounded, first.ScannedTo, first.NextBefore, last-4999)
	}
	second := w.events(t, w.auditor, "aggregate=nomination&before="+strconv.FormatUint(first.NextBefore, 10))
	if len(second.Events) != 1 || second.Events[0].AggregateID != nomination || second.Bounded || second.NextBefore != 0 {
		t.Errorf("second page: %+v; want the nomination, and the start of the log", second)
	}
}

// appendNoise appends n events no page filters for, straight to the store
// in batches: review seals, each on its own subject.
func appendNoise(tb testing.TB, a *app, n int) {
	tb.Helper()
	base, err := a.store.LastSeq(tb.Context())
	if err != nil {
		tb.Fatal(err)
	}
	for done := 0; done < n; {
		var batch []events.Pending
		for i := 0; i < events.MaxBatch && done < n; i++ {
			id := fmt.Sprintf("noise-%d-%d", base, done)
			e, err := events.New(id, events.Subject(events.AggregateReview, id), start, events.System,
				&events.ReviewSealed{ReviewID: id, Kind: events.ReviewSoKet, RootHash: "00"})
			if err != nil {
				tb.Fatal(err)
			}
			batch = append(batch, events.Pending{Envelope: e, MsgID: id})
			done++
		}
		if _, err := a.store.AppendBatch(tb.Context(), batch); err != nil {
			tb.Fatalf("append noise: %v", err)
		}
	}
}
