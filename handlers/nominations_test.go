package handlers_test

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"daotao/domain"
	"daotao/events"
)

const nominations = "/api/v1/nominations"

func TestCreateNomination(t *testing.T) {
	w := newWorld(t)
	body := nominationBody(w.yteOfficial)
	r := w.do(t, w.yte, http.MethodPost, nominations, body)
	id := created(t, r)
	got := w.do(t, w.yte, http.MethodGet, nomPath(id), nil).want(t, http.StatusOK).object(t)
	want := map[string]any{
		"id": id, "status": "draft", "official_id": w.yteOfficial, "agency_code": "so_y_te", "kind": "boi_duong",
		"title": body["title"], "content_code": "C.1", "start_date": "2026-03-02", "end_date": "2026-03-13",
		"cost_estimate_vnd": float64(25_000_000), "round": float64(0), "seq": r.object(t)["seq"],
		"created_at": start.Format(time.RFC3339),
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("nomination %s = %v, want %v", k, got[k], v)
		}
	}
}

func TestCreateNominationInvalid(t *testing.T) {
	w := newWorld(t)
	valid := nominationBody(w.yteOfficial)
	tests := []struct {
		name   string
		body   map[string]any
		fields []string
	}{
		{"nothing", map[string]any{}, []string{"official_id", "kind", "title", "start_date", "end_date"}},
		{"kind", with(valid, "kind", "tien_si"), []string{"kind"}},
		{"blank title", with(valid, "title", "   "), []string{"title"}},
		{"long title", with(valid, "title", strings.Repeat("Đ", 301)), []string{"title"}},
		{"content code", with(valid, "content_code", "Z.9"), []string{"content_code"}},
		{"month 13", with(valid, "start_date", "2026-13-01"), []string{"start_date"}},
		{"month 13 and no title", with(valid, "start_date", "2026-13-01", "title", nil), []string{"start_date", "title"}},
		{"end before start", with(valid, "end_date", "2026-03-01"), []string{"end_date"}},
		{"refresher over a year", with(valid, "end_date", "2027-06-01"), []string{"end_date"}},
		{"negative cost", with(valid, "cost_estimate_vnd", -1), []string{"cost_estimate_vnd"}},
		{"cost as text", with(valid, "cost_estimate_vnd", "nhiều"), []string{"cost_estimate_vnd"}},
		{"title as number", with(valid, "title", 7), []string{"title"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w.refused(t, w.yte, http.MethodPost, nominations, tt.body, http.StatusBadRequest, "invalid").naming(t, tt.fields...)
		})
	}
	t.Run("unknown official", func(t *testing.T) {
		w.refused(t, w.yte, http.MethodPost, nominations, with(valid, "official_id", "khong-co"), http.StatusNotFound, "not_found")
	})
}

func TestWorkflow(t *testing.T) {
	w := newWorld(t)
	id := w.nomination(t, w.yte, nominationBody(w.yteOfficial))
	step := func(t *testing.T, action string, want domain.Status) {
		t.Helper()
		w.clock.Advance(time.Minute)
		var out struct {
			ID     string
			Seq    uint64
			Status domain.Status
		}
		w.act(t, id, action).want(t, http.StatusOK).into(t, &out)
		if out.ID != id || out.Seq != w.lastSeq(t) || out.Status != want {
			t.Errorf("%s = %+v, want id %s, seq %d, status %s", action, out, id, w.lastSeq(t), want)
		}
	}
	step(t, "submit", domain.StatusSubmitted)
	for _, reason := range []string{"", "   "} {
		w.refused(t, w.council, http.MethodPost, nomPath(id, "return"), map[string]string{"reason": reason},
			http.StatusBadRequest, "invalid").naming(t, "reason")
	}
	w.refused(t, w.council, http.MethodPost, nomPath(id, "return"), nil, http.StatusBadRequest, "invalid")
	step(t, "return", domain.StatusReturned)
	if v := w.view(t, w.yte, id); v.Reason != reasons["return"] || v.Round != 1 {
		t.Errorf("returned: reason %q, round %d; want %q, 1", v.Reason, v.Round, reasons["return"])
	}
	revised := with(nominationBody(w.yteOfficial), "title", "Quản lý bệnh viện thông minh", "cost_estimate_vnd", 30_000_000)
	r := w.do(t, w.yte, http.MethodPatch, nomPath(id), revised).want(t, http.StatusOK).object(t)
	if r["status"] != "returned" {
		t.Errorf("revise: status = %v, want returned", r["status"])
	}
	changes := w.view(t, w.council, id).Changes
	if len(changes) != 2 || changes[0].Field != "title" || changes[0].To != revised["title"] || changes[1].Field != "cost_estimate_vnd" {
		t.Errorf("changes = %+v, want title and cost_estimate_vnd", changes)
	}
	step(t, "resubmit", domain.StatusSubmitted)
	step(t, "approve", domain.StatusSubmitted) // Sở Nội vụ passes it on
	step(t, "approve", domain.StatusApproved)  // the council's approval is final (Nhóm 3)
	v := w.view(t, w.auditor, id)
	if v.Round != 2 || v.SubmittedAt == nil || !v.SubmittedAt.Equal(start.Add(3*time.Minute)) ||
		v.DecidedAt == nil || !v.DecidedAt.Equal(start.Add(5*time.Minute)) {
		t.Errorf("approved view: round %d, submitted %v, decided %v; want 2, start+3m, start+5m", v.Round, v.SubmittedAt, v.DecidedAt)
	}
}

func TestRejectAndWithdraw(t *testing.T) {
	w := newWorld(t)
	id := w.nominationIn(t, domain.StatusSubmitted)
	w.refused(t, w.council, http.MethodPost, nomPath(id, "reject"), map[string]string{}, http.StatusBadRequest, "invalid").naming(t, "reason")
	w.act(t, id, "reject").want(t, http.StatusOK)
	if v := w.view(t, w.yte, id); v.Status != domain.StatusRejected || v.Reason != reasons["reject"] {
		t.Errorf("rejected: status %s, reason %q", v.Status, v.Reason)
	}
	for _, from := range []domain.Status{domain.StatusDraft, domain.StatusSubmitted, domain.StatusReturned} {
		t.Run("withdraw from "+string(from), func(t *testing.T) {
			id := w.nominationIn(t, from)
			w.act(t, id, "withdraw").want(t, http.StatusOK)
			if got := w.view(t, w.yte, id).Status; got != domain.StatusWithdrawn {
				t.Errorf("status = %s, want withdrawn", got)
			}
		})
	}
}

// legal lists, for each status, the commands it allows and where they lead.
var legal = map[domain.Status]map[string]domain.Status{
	domain.StatusDraft:     {"submit": domain.StatusSubmitted, "withdraw": domain.StatusWithdrawn, "revise": domain.StatusDraft},
	domain.StatusSubmitted: {"approve": domain.StatusApproved, "reject": domain.StatusRejected, "return": domain.StatusReturned, "withdraw": domain.StatusWithdrawn},
	domain.StatusReturned:  {"resubmit": domain.StatusSubmitted, "withdraw": domain.StatusWithdrawn, "revise": domain.StatusReturned},
}

// TestTransitions tries every command in every status: the legal ones lead
// where the workflow says, the others are refused with 409 and record
// nothing.
func TestTransitions(t *testing.T) {
	w := newWorld(t)
	actions := []string{"submit", "resubmit", "withdraw", "approve", "reject", "return", "revise"}
	for _, from := range domain.Statuses {
		shared := w.nominationIn(t, from) // for the refused commands, which change nothing
		for _, action := range actions {
			t.Run(string(from)+"/"+action, func(t *testing.T) {
				to, ok := legal[from][action]
				if !ok {
					token, method, path, body := w.command(shared, action)
					w.refused(t, token, method, path, body, http.StatusConflict, "invalid_transition")
					return
				}
				id := w.nominationIn(t, from)
				before := w.lastSeq(t)
				token, method, path, body := w.command(id, action)
				r := w.do(t, token, method, path, body).want(t, http.StatusOK).object(t)
				events := uint64(1)
				if action == "approve" {
					events = 2 // the approval and the booking of the official's time, in one batch
				}
				if r["status"] != string(to) || w.lastSeq(t) != before+events {
					t.Errorf("status = %v after %d events, want %s after %d", r["status"], w.lastSeq(t)-before, to, events)
				}
			})
		}
	}
}

// command returns the request that takes action on nomination id, sent by
// the role allowed to take it.
func (w *world) command(id, action string) (token, method, path string, body any) {
	switch {
	case action == "revise":
		return w.yte, http.MethodPatch, nomPath(id), with(nominationBody(w.yteOfficial), "title", "Tên mới")
	case councilActions[action]:
		return w.council, http.MethodPost, nomPath(id, action), map[string]string{"reason": reasons[action]}
	}
	return w.yte, http.MethodPost, nomPath(id, action), map[string]string{"reason": reasons[action]}
}

func TestRevise(t *testing.T) {
	w := newWorld(t)
	id := w.nominationIn(t, domain.StatusDraft)
	body := with(nominationBody(w.yteOfficial), "title", "Quản trị bệnh viện", "end_date", "2026-03-20")
	r := w.do(t, w.yte, http.MethodPatch, nomPath(id), body).want(t, http.StatusOK).object(t)
	seq := w.lastSeq(t)
	if r["id"] != id || r["seq"] != float64(seq) || r["status"] != "draft" {
		t.Errorf("revise = %v, want id %s, seq %d, status draft", r, id, seq)
	}
	want := []events.FieldChange{
		{Field: "title", From: "Quản lý bệnh viện hiện đại", To: "Quản trị bệnh viện"},
		{Field: "end_date", From: "2026-03-13", To: "2026-03-20"},
	}
	got := w.view(t, w.yte, id).Changes
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("changes = %+v, want %+v", got, want)
	}
	t.Run("no change", func(t *testing.T) {
		r := w.do(t, w.yte, http.MethodPatch, nomPath(id), body).want(t, http.StatusOK).object(t)
		if r["seq"] != float64(seq) || w.lastSeq(t) != seq {
			t.Errorf("no-op revise: seq %v, log at %d; want both %d", r["seq"], w.lastSeq(t), seq)
		}
	})
	t.Run("invalid", func(t *testing.T) {
		w.refused(t, w.yte, http.MethodPatch, nomPath(id), with(body, "title", "", "start_date", "2026-02-31"),
			http.StatusBadRequest, "invalid").naming(t, "title", "start_date")
	})
}

func TestListNominations(t *testing.T) {
	w := newWorld(t)
	group2 := w.official(t, w.yte, with(officialBody("so_y_te"), "group", 2))
	a := w.nominationIn(t, domain.StatusDraft)
	b := w.nominationIn(t, domain.StatusSubmitted)
	c := w.nominationIn(t, domain.StatusApproved)
	d := w.nomination(t, w.yte, with(nominationBody(group2), "kind", "sau_dai_hoc", "end_date", "2028-03-01"))
	e := w.nomination(t, w.tamky, nominationBody(w.tamkyOfficial))
	w.do(t, w.tamky, http.MethodPost, nomPath(e, "submit"), nil).want(t, http.StatusOK)
	tests := []struct {
		name, token, query string
		want               []string
	}{
		{"all", w.council, "", []string{a, b, c, d, e}},
		{"one status", w.council, "?status=submitted", []string{b, e}},
		{"statuses", w.council, "?status=draft,approved", []string{a, c, d}},
		{"status and agency", w.council, "?status=draft&agency=so_y_te", []string{a, d}},
		{"agency", w.auditor, "?agency=ubnd_tam_ky", []string{e}},
		{"kind", w.admin, "?kind=sau_dai_hoc", []string{d}},
		{"group", w.council, "?group=2", []string{d}},
		{"group and status", w.council, "?group=3&status=submitted", []string{b, e}},
		{"official", w.council, "?official_id=" + group2, []string{d}},
		{"agency user", w.yte, "?status=submitted", []string{b}},
		{"nothing matches", w.council, "?status=withdrawn", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := w.do(t, tt.token, http.MethodGet, nominations+tt.query, nil).want(t, http.StatusOK)
			var got []string
			for _, n := range r.list(t) {
				got = append(got, n["id"].(string))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("ids = %v, want %v", got, tt.want)
			}
			if total := r.header.Get("X-Total-Count"); total != strconv.Itoa(len(tt.want)) {
				t.Errorf("X-Total-Count = %q, want %d", total, len(tt.want))
			}
		})
	}
	t.Run("pages", func(t *testing.T) {
		testPages(t, w.app, w.council, nominations, 5)
	})
	t.Run("next page keeps the filter", func(t *testing.T) {
		r := w.do(t, w.council, http.MethodGet, nominations+"?status=draft&limit=1", nil).want(t, http.StatusOK)
		link := r.header.Get("Link")
		if !strings.Contains(link, "status=draft") || !strings.Contains(link, "offset=1") || r.header.Get("X-Total-Count") != "2" {
			t.Errorf("Link = %q, X-Total-Count = %q; want the filter, offset=1 and 2", link, r.header.Get("X-Total-Count"))
		}
	})
}
