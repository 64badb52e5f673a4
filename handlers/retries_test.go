package handlers_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"daotao/domain"
	"daotao/events"
	"daotao/events/jetstream/jstest"
	"daotao/handlers"
	"daotao/projections"
)

// createdOut is the answer to a command.
type createdOut struct {
	ID     string `json:"id"`
	Seq    uint64 `json:"seq"`
	Status string `json:"status"`
}

func TestIdempotencyKey(t *testing.T) {
	w := newWorld(t)
	user := map[string]any{"username": "soxaydung", "password": password, "role": "agency", "agency_code": "so_xay_dung"}
	tests := []struct {
		name, token, method, path string
		body                      any
		status                    int
	}{
		{"register official", w.yte, "POST", officials, officialBody("so_y_te"), http.StatusCreated},
		{"draft nomination", w.yte, "POST", nominations, nominationBody(w.yteOfficial), http.StatusCreated},
		{"create user", w.admin, "POST", "/api/v1/users", user, http.StatusCreated},
		{"submit", w.yte, "POST", nomPath(w.nominationIn(t, domain.StatusDraft), "submit"), nil, http.StatusOK},
		{"revise", w.yte, "PATCH", nomPath(w.nominationIn(t, domain.StatusDraft)), with(nominationBody(w.yteOfficial), "title", "Mới"), http.StatusOK},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			key := "khoa-" + strconv.Itoa(i)
			var first, again createdOut
			w.do(t, tt.token, tt.method, tt.path, tt.body, "Idempotency-Key", key).want(t, tt.status).into(t, &first)
			before := w.lastSeq(t)
			w.do(t, tt.token, tt.method, tt.path, tt.body, "Idempotency-Key", key).want(t, tt.status).into(t, &again)
			if again != first || first.Seq != before {
				t.Errorf("repeat = %+v, want the original %+v with seq %d", again, first, before)
			}
			if after := w.lastSeq(t); after != before {
				t.Errorf("repeat appended: log went from %d to %d", before, after)
			}
		})
	}
	t.Run("transition answered as it was", func(t *testing.T) {
		id := w.nominationIn(t, domain.StatusDraft)
		var first, again createdOut
		w.do(t, w.yte, "POST", nomPath(id, "submit"), nil, "Idempotency-Key", "gui-1").want(t, http.StatusOK).into(t, &first)
		w.act(t, id, "return").want(t, http.StatusOK)
		w.do(t, w.yte, "POST", nomPath(id, "submit"), nil, "Idempotency-Key", "gui-1").want(t, http.StatusOK).into(t, &again)
		if again != first || first.Status != "submitted" {
			t.Errorf("repeat after a return = %+v, want the original %+v (submitted)", again, first)
		}
	})
	t.Run("same key, other request", func(t *testing.T) {
		w.do(t, w.yte, "POST", officials, officialBody("so_y_te"), "Idempotency-Key", "k").want(t, http.StatusCreated)
		other := with(officialBody("so_y_te"), "full_name", "Lê Văn Tám")
		w.refused(t, w.yte, "POST", officials, other, http.StatusConflict, "idempotency_key_reused", "Idempotency-Key", "k")
		draft := w.nominationIn(t, domain.StatusDraft)
		w.refused(t, w.yte, "POST", nomPath(draft, "submit"), nil, http.StatusConflict, "idempotency_key_reused", "Idempotency-Key", "k")
		w.refused(t, w.admin, "POST", "/api/v1/users", with(user, "username", "khac"), http.StatusConflict,
			"idempotency_key_reused", "Idempotency-Key", "khoa-2")
	})
	t.Run("keys are per user", func(t *testing.T) {
		var mine, theirs createdOut
		w.do(t, w.yte, "POST", officials, officialBody("so_y_te"), "Idempotency-Key", "chung").want(t, http.StatusCreated).into(t, &mine)
		w.do(t, w.tamky, "POST", officials, officialBody("ubnd_tam_ky"), "Idempotency-Key", "chung").want(t, http.StatusCreated).into(t, &theirs)
		if mine.ID == theirs.ID || mine.Seq == theirs.Seq {
			t.Errorf("two users' commands with one key = %+v and %+v, want two records", mine, theirs)
		}
	})
	t.Run("key too long", func(t *testing.T) {
		w.refused(t, w.yte, "POST", officials, officialBody("so_y_te"), http.StatusBadRequest, "invalid",
			"Idempotency-Key", strings.Repeat("k", 201))
	})
}

func TestIfMatch(t *testing.T) {
	w := newWorld(t)
	id := w.nominationIn(t, domain.StatusDraft)
	seq := strconv.FormatUint(w.view(t, w.yte, id).Seq, 10)
	w.refused(t, w.yte, "PATCH", nomPath(id), with(nominationBody(w.yteOfficial), "title", "Khác"),
		http.StatusConflict, "precondition_failed", "If-Match", "1")
	w.do(t, w.yte, "POST", nomPath(id, "submit"), nil, "If-Match", seq).want(t, http.StatusOK)
	w.refused(t, w.yte, "POST", nomPath(id, "withdraw"), nil, http.StatusConflict, "precondition_failed", "If-Match", seq)
	current := strconv.FormatUint(w.view(t, w.council, id).Seq, 10)
	w.do(t, w.homeAffairs, "POST", nomPath(id, "approve"), nil, "If-Match", `"`+current+`"`).want(t, http.StatusOK)
	w.refused(t, w.council, "POST", nomPath(id, "approve"), nil, http.StatusConflict, "precondition_failed", "If-Match", current)
	current = strconv.FormatUint(w.view(t, w.council, id).Seq, 10)
	w.do(t, w.council, "POST", nomPath(id, "approve"), nil, "If-Match", `"`+current+`"`).want(t, http.StatusOK)
	w.refused(t, w.council, "POST", nomPath(id, "reject"), map[string]string{"reason": "Muộn."},
		http.StatusConflict, "invalid_transition", "If-Match", "*")
}

// TestMinSeq reads through a second server, a replica whose projection is
// fed by hand, so that it lags the log until the test lets it catch up.
func TestMinSeq(t *testing.T) {
	w := newWorld(t)
	id := w.nominationIn(t, domain.StatusDraft)
	lagging := projections.New()
	if err := w.store.Read(t.Context(), 1, 0, lagging.Apply); err != nil {
		t.Fatalf("feed replica: %v", err)
	}
	replica := &app{store: w.store, state: lagging, clock: w.clock, srv: handlers.New(handlers.Config{
		Store: w.store, State: lagging, Agencies: domain.DefaultAgencies(), Now: w.clock.Now, WaitLimit: time.Second,
	})}
	var out createdOut
	w.act(t, id, "submit").want(t, http.StatusOK).into(t, &out)
	if got := replica.view(t, w.council, id).Status; got != domain.StatusDraft {
		t.Fatalf("replica already has %s; the test needs it behind", got)
	}
	time.AfterFunc(50*time.Millisecond, func() {
		if err := w.store.Read(t.Context(), lagging.Applied()+1, 0, lagging.Apply); err != nil {
			t.Errorf("feed replica: %v", err)
		}
	})
	q := "?min_seq=" + strconv.FormatUint(out.Seq, 10)
	var v domain.NominationView
	replica.do(t, w.council, "GET", nomPath(id)+q, nil).want(t, http.StatusOK).into(t, &v)
	if v.Status != domain.StatusSubmitted || v.Seq != out.Seq {
		t.Errorf("read with %s = %s at seq %d, want submitted at %d", q, v.Status, v.Seq, out.Seq)
	}
	list := replica.do(t, w.council, "GET", nominations+q+"&status=submitted", nil).list(t)
	if len(list) != 1 {
		t.Errorf("list with min_seq: %d submitted, want 1", len(list))
	}
	t.Run("never reached", func(t *testing.T) {
		replica.do(t, w.council, "GET", nomPath(id)+"?min_seq=999999", nil).failure(t, http.StatusServiceUnavailable, "not_caught_up")
	})
	for _, bad := range []string{"abc", "-1", "1.5"} {
		t.Run("malformed "+bad, func(t *testing.T) {
			w.do(t, w.council, "GET", nomPath(id)+"?min_seq="+bad, nil).failure(t, http.StatusBadRequest, "invalid", "min_seq")
			w.do(t, w.council, "GET", officials+"?min_seq="+bad, nil).failure(t, http.StatusBadRequest, "invalid", "min_seq")
		})
	}
}

// laggingStore delays each event on its way to subscribers while lag is
// set, as a busy projection would.
type laggingStore struct {
	events.Store
	lag atomic.Int64 // nanoseconds
}

func (s *laggingStore) Subscribe(ctx context.Context, from uint64, fn func(events.Recorded) error) error {
	return s.Store.Subscribe(ctx, from, func(r events.Recorded) error {
		time.Sleep(time.Duration(s.lag.Load()))
		return fn(r)
	})
}

// TestRetryBeforeApplied repeats keyed commands at once, before the
// projection has applied the original: the repeat still gets the original
// answer and appends nothing.
func TestRetryBeforeApplied(t *testing.T) {
	store := &laggingStore{Store: jstest.Open(t)}
	a := build(t, t.Context(), store, &clock{now: start})
	if err := a.srv.CatchUp(t.Context()); err != nil {
		t.Fatalf("catch up: %v", err)
	}
	w := populate(t, a)
	draft := w.nominationIn(t, domain.StatusDraft)
	store.lag.Store(int64(50 * time.Millisecond))
	tests := []struct {
		name, token, method, path string
		body                      any
	}{
		{"create user", w.admin, "POST", "/api/v1/users", map[string]any{"username": "moi", "password": password, "role": "auditor"}},
		{"submit", w.yte, "POST", nomPath(draft, "submit"), nil},
		{"draft nomination", w.yte, "POST", nominations, nominationBody(w.yteOfficial)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var first, again createdOut
			r := w.do(t, tt.token, tt.method, tt.path, tt.body, "Idempotency-Key", tt.name)
			r.into(t, &first)
			before := w.lastSeq(t)
			w.do(t, tt.token, tt.method, tt.path, tt.body, "Idempotency-Key", tt.name).want(t, r.status).into(t, &again)
			if again != first || w.lastSeq(t) != before {
				t.Errorf("repeat = %+v (log %d → %d), want the original %+v and no append", again, before, w.lastSeq(t), first)
			}
		})
	}
	t.Run("read your write", func(t *testing.T) {
		id := w.nomination(t, w.yte, nominationBody(w.yteOfficial))
		w.do(t, w.yte, http.MethodGet, nomPath(id), nil).want(t, http.StatusOK)
	})
}
