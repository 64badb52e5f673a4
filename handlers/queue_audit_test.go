package handlers_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"testing"
	"time"

	"daotao/domain"
	"daotao/handlers"
)

func TestNominationVisibility(t *testing.T) {
	w := newWorld(t)
	w.nomination(t, w.yte, nominationBody(w.yteOfficial))
	w.nomination(t, w.yte, nominationBody(w.yteOfficial))
	w.nomination(t, w.tamky, nominationBody(w.tamkyOfficial))
	tests := []struct {
		name, token string
		want        int
		only        string // the only agency the caller may see; "" for all
	}{
		{"so_y_te", w.yte, 2, "so_y_te"},
		{"ubnd_tam_ky", w.tamky, 1, "ubnd_tam_ky"},
		{"council", w.council, 3, ""},
		{"auditor", w.auditor, 3, ""},
		{"admin", w.admin, 3, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list := w.do(t, tt.token, http.MethodGet, nominations, nil).want(t, http.StatusOK).list(t)
			if len(list) != tt.want {
				t.Errorf("got %d nominations, want %d", len(list), tt.want)
			}
			for _, n := range list {
				if tt.only != "" && n["agency_code"] != tt.only {
					t.Errorf("%s sees a nomination of %v", tt.name, n["agency_code"])
				}
			}
		})
	}
	t.Run("agency asks for another", func(t *testing.T) {
		w.do(t, w.yte, http.MethodGet, nominations+"?agency=ubnd_tam_ky", nil).failure(t, http.StatusForbidden, "forbidden")
	})
}

func TestQueue(t *testing.T) {
	w := newWorld(t)
	group2 := w.official(t, w.yte, with(officialBody("so_y_te"), "group", 2))
	postgraduate := with(nominationBody(group2), "kind", "sau_dai_hoc", "content_code", nil,
		"start_date", "2026-09-01", "end_date", "2028-08-31", "commitment_months", 48)
	// Created in one order, submitted in another: the queue follows submission.
	f := w.nominationIn(t, domain.StatusReturned)
	a := w.nomination(t, w.yte, nominationBody(w.yteOfficial))
	b := w.nomination(t, w.tamky, nominationBody(w.tamkyOfficial))
	c := w.nomination(t, w.yte, postgraduate)
	draft := w.nomination(t, w.yte, nominationBody(w.yteOfficial))
	returned := w.nominationIn(t, domain.StatusReturned)
	tamkyDraft := w.nomination(t, w.tamky, nominationBody(w.tamkyOfficial))
	for _, s := range []struct{ token, id, action string }{
		{w.yte, c, "submit"}, {w.tamky, b, "submit"}, {w.yte, a, "submit"}, {w.yte, f, "resubmit"},
	} {
		w.clock.Advance(time.Minute)
		w.do(t, s.token, http.MethodPost, nomPath(s.id, s.action), nil).want(t, http.StatusOK)
	}
	w.nominationIn(t, domain.StatusApproved) // decided: in no queue
	tests := []struct {
		name, token, query string
		want               []string
	}{
		// Submitted items await Sở Nội vụ, the first stage of the chain.
		{"Sở Nội vụ, oldest first", w.homeAffairs, "", []string{c, b, a, f}},
		{"Sở Nội vụ by agency", w.homeAffairs, "?agency=so_y_te", []string{c, a, f}},
		{"Sở Nội vụ by group", w.homeAffairs, "?group=2", []string{c}},
		{"Sở Nội vụ by kind", w.homeAffairs, "?kind=sau_dai_hoc", []string{c}},
		{"Sở Nội vụ by kind and agency", w.homeAffairs, "?kind=boi_duong&agency=ubnd_tam_ky", []string{b}},
		{"council: none at its stage yet", w.council, "", nil},
		{"standing committee: none at its stage", w.standing, "", nil},
		{"agency: drafts and returned", w.yte, "", []string{draft, returned}},
		{"other agency", w.tamky, "", []string{tamkyDraft}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := w.do(t, tt.token, http.MethodGet, "/api/v1/queue"+tt.query, nil).want(t, http.StatusOK)
			var got []string
			for _, n := range r.list(t) {
				got = append(got, n["id"].(string))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("queue = %v, want %v", got, tt.want)
			}
		})
	}
	for name, token := range map[string]string{"auditor": w.auditor, "admin": w.admin} {
		t.Run(name+" has no queue", func(t *testing.T) {
			w.do(t, token, http.MethodGet, "/api/v1/queue", nil).failure(t, http.StatusForbidden, "forbidden")
		})
	}
	t.Run("agency asks for another", func(t *testing.T) {
		w.do(t, w.yte, http.MethodGet, "/api/v1/queue?agency=ubnd_tam_ky", nil).failure(t, http.StatusForbidden, "forbidden")
	})
}

func TestAudit(t *testing.T) {
	w := newWorld(t)
	id := w.nomination(t, w.yte, nominationBody(w.yteOfficial))
	var seqs []uint64
	for _, action := range []string{"submit", "return", "revise", "resubmit", "approve", "approve"} {
		w.clock.Advance(time.Minute)
		token, method, path, body := w.command(id, action)
		if councilActions[action] {
			token = w.stageToken(t, id)
		}
		var out struct{ Seq uint64 }
		w.do(t, token, method, path, body).want(t, http.StatusOK).into(t, &out)
		seqs = append(seqs, out.Seq)
	}
	var got []handlers.AuditEntry
	w.do(t, w.auditor, http.MethodGet, "/api/v1/audit/nominations/"+id, nil).want(t, http.StatusOK).into(t, &got)
	types := []string{"nomination.created", "nomination.submitted", "nomination.returned", "nomination.revised",
		"nomination.resubmitted", "nomination.stage_passed", "nomination.approved"}
	if len(got) != len(types) {
		t.Fatalf("audit has %d entries, want %d", len(got), len(types))
	}
	for i, e := range got {
		wantActor := [3]string{"soyte", "agency", "so_y_te"}
		switch i {
		case 2, 5: // Sở Nội vụ returns it, then passes the resubmission on
			wantActor = [3]string{"sonoivu", "home_affairs", ""}
		case 6:
			wantActor = [3]string{"hoidong", "council", ""}
		}
		if gotActor := [3]string{e.Actor.Username, e.Actor.Role, e.Actor.Agency}; gotActor != wantActor {
			t.Errorf("entry %d actor = %v, want %v", i, gotActor, wantActor)
		}
		if e.Type != types[i] || !e.Time.Equal(start.Add(time.Duration(i)*time.Minute)) || !json.Valid(e.Data) {
			t.Errorf("entry %d = %s at %v, want %s at start+%dm with JSON data", i, e.Type, e.Time, types[i], i)
		}
		want := uint64(0)
		if i > 0 {
			want = seqs[i-1]
		}
		if e.Type == "nomination.approved" {
			want-- // the answer carries the batch's last event: the booking of the official's time
		}
		if i > 0 && (e.Seq <= got[i-1].Seq || e.Seq != want) {
			t.Errorf("entry %d seq = %d, want %d, after %d", i, e.Seq, want, got[i-1].Seq)
		}
	}
	var returned struct{ Reason string }
	if err := json.Unmarshal(got[2].Data, &returned); err != nil || returned.Reason != reasons["return"] {
		t.Errorf("returned data = %s, want the reason %q", got[2].Data, reasons["return"])
	}
	t.Run("raw shape", func(t *testing.T) {
		raw := w.do(t, w.auditor, http.MethodGet, "/api/v1/audit/nominations/"+id, nil).list(t)
		for _, k := range []string{"seq", "type", "time", "actor", "data"} {
			if _, ok := raw[0][k]; !ok {
				t.Errorf("audit entry lacks %q: %v", k, raw[0])
			}
		}
	})
	tests := []struct {
		name, token, id string
		status          int
		code            string
	}{
		{"council may read", w.council, id, http.StatusOK, ""},
		{"admin may read", w.admin, id, http.StatusOK, ""},
		{"unknown", w.auditor, "khong-co", http.StatusNotFound, "not_found"},
		{"not a subject token", w.auditor, "a.b", http.StatusNotFound, "not_found"},
		{"agency may not", w.yte, id, http.StatusForbidden, "forbidden"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := w.do(t, tt.token, http.MethodGet, "/api/v1/audit/nominations/"+tt.id, nil)
			if tt.code == "" {
				r.want(t, tt.status)
				return
			}
			r.failure(t, tt.status, tt.code)
		})
	}
}
