package handlers_test

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"daotao/domain"
)

// oversized returns a JSON object of exactly n bytes whose full_name is far
// too long, so a body the size limit lets through is still refused (400).
func oversized(n int) string {
	const head, tail = `{"full_name":"`, `"}`
	return head + strings.Repeat("a", n-len(head)-len(tail)) + tail
}

// TestErrorClasses sends a request of each class of client error and
// checks its status, its code and that nothing was recorded.
func TestErrorClasses(t *testing.T) {
	w := newWorld(t)
	draft := w.nominationIn(t, domain.StatusDraft)
	const mib = 1 << 20
	tests := []struct {
		name                string
		token, method, path string
		body                any
		headers             []string
		status              int
		code                string
	}{
		{"malformed JSON", w.yte, "POST", officials, `{"full_name":`, nil, 400, "malformed_json"},
		{"not an object", w.yte, "POST", officials, `[1, 2]`, nil, 400, "malformed_json"},
		{"trailing data", w.yte, "POST", officials, `{} {}`, nil, 400, "malformed_json"},
		{"empty body", w.yte, "POST", nominations, ``, nil, 400, "malformed_json"},
		{"invalid UTF-8", w.yte, "POST", officials, "{\"full_name\":\"L\xffan\"}", nil, 400, "malformed_json"},
		{"malformed transition body", w.yte, "POST", nomPath(draft, "submit"), `{"reason":`, nil, 400, "malformed_json"},
		{"text/plain", w.yte, "POST", officials, `{"full_name":"Lan"}`, []string{"Content-Type", "text/plain"}, 415, "unsupported_media_type"},
		{"form", w.yte, "POST", nomPath(draft, "withdraw"), `reason=x`, []string{"Content-Type", "application/x-www-form-urlencoded"}, 415, "unsupported_media_type"},
		{"body of 1 MiB is read", w.yte, "POST", officials, oversized(mib), nil, 400, "invalid"},
		{"body over 1 MiB", w.yte, "POST", officials, oversized(mib + 1), nil, 413, "too_large"},
		{"body over 1 MiB, no length", w.yte, "POST", officials, io.MultiReader(strings.NewReader(oversized(mib + 1))), nil, 413, "too_large"},
		{"unknown route", w.yte, "GET", "/api/v1/khong-co", nil, nil, 404, "not_found"},
		{"unknown route, no token", "", "POST", "/api/v1/nominations/x/approve/now", nil, nil, 404, "not_found"},
		{"method not allowed", w.yte, "PUT", nominations, `{}`, nil, 405, "method_not_allowed"},
		{"no token", "", "POST", officials, officialBody("so_y_te"), nil, 401, "unauthorized"},
		{"no token on a read", "", "GET", nominations, nil, nil, 401, "unauthorized"},
		{"unknown token", "khong-phai-token", "GET", "/api/v1/me", nil, nil, 401, "unauthorized"},
		{"not a bearer", "", "GET", "/api/v1/me", nil, []string{"Authorization", "Basic c295dGU6eA=="}, 401, "unauthorized"},
		{"unknown official", w.council, "GET", officials + "/khong-co", nil, nil, 404, "not_found"},
		{"unknown nomination", w.council, "GET", nomPath("khong-co"), nil, nil, 404, "not_found"},
		{"submit unknown", w.yte, "POST", nomPath("khong-co", "submit"), nil, nil, 404, "not_found"},
		{"revise unknown", w.yte, "PATCH", nomPath("khong-co"), nominationBody(w.yteOfficial), nil, 404, "not_found"},
		{"approve unknown", w.council, "POST", nomPath("khong-co", "approve"), nil, nil, 404, "not_found"},
		{"bad If-Match", w.yte, "POST", nomPath(draft, "submit"), nil, []string{"If-Match", "abc"}, 400, "invalid"},
		{"bad limit", w.council, "GET", nominations + "?limit=x", nil, nil, 400, "invalid"},
		{"bad status filter", w.council, "GET", nominations + "?status=draft,done", nil, nil, 400, "invalid"},
		{"bad kind filter", w.council, "GET", "/api/v1/queue?kind=tien_si", nil, nil, 400, "invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w.refused(t, tt.token, tt.method, tt.path, tt.body, tt.status, tt.code, tt.headers...)
		})
	}
}

// TestWrongType sends values of the wrong JSON type: each is a 400 that
// names the field and says what was expected and what came.
func TestWrongType(t *testing.T) {
	w := newWorld(t)
	draft := w.nominationIn(t, domain.StatusDraft)
	official, nomination := officialBody("so_y_te"), nominationBody(w.yteOfficial)
	tests := []struct {
		name, path, field string
		body              any
	}{
		{"group as text", officials, "group", with(official, "group", "một")},
		{"group with a fraction", officials, "group", with(official, "group", 1.5)},
		{"group too big", officials, "group", with(official, "group", 1e100)},
		{"date as number", officials, "birth_date", with(official, "birth_date", 19850412)},
		{"name as list", officials, "full_name", with(official, "full_name", []string{"Lan"})},
		{"cost as text", nominations, "cost_estimate_vnd", with(nomination, "cost_estimate_vnd", "nhiều")},
		{"cost too big", nominations, "cost_estimate_vnd", `{"cost_estimate_vnd": 99999999999999999999}`},
		{"title as bool", nominations, "title", with(nomination, "title", true)},
		{"reason as object", nomPath(draft, "withdraw"), "reason", `{"reason": {"text": "x"}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := w.refused(t, w.yte, http.MethodPost, tt.path, tt.body, http.StatusBadRequest, "invalid")
			e.naming(t, tt.field)
			if msg := e.Fields[tt.field]; strings.HasSuffix(msg, " .") || strings.HasSuffix(msg, ", .") {
				t.Errorf("fields.%s = %q: says nothing of what came", tt.field, msg)
			}
		})
	}
}

// TestWrongRole sends each command or read to a role that may not use it.
func TestWrongRole(t *testing.T) {
	w := newWorld(t)
	submitted := w.nominationIn(t, domain.StatusSubmitted)
	user := map[string]any{"username": "moi", "password": password, "role": "council"}
	reason := map[string]string{"reason": "Lý do."}
	tests := []struct {
		name, token, method, path string
		body                      any
	}{
		{"agency approving", w.yte, "POST", nomPath(submitted, "approve"), nil},
		{"agency rejecting", w.yte, "POST", nomPath(submitted, "reject"), reason},
		{"agency returning", w.yte, "POST", nomPath(submitted, "return"), reason},
		{"auditor approving", w.auditor, "POST", nomPath(submitted, "approve"), nil},
		{"admin approving", w.admin, "POST", nomPath(submitted, "approve"), nil},
		{"council nominating", w.council, "POST", nominations, nominationBody(w.yteOfficial)},
		{"council withdrawing", w.council, "POST", nomPath(submitted, "withdraw"), nil},
		{"council revising", w.council, "PATCH", nomPath(submitted), nominationBody(w.yteOfficial)},
		{"council registering an official", w.council, "POST", officials, officialBody("so_y_te")},
		{"admin registering an official", w.admin, "POST", officials, officialBody("so_y_te")},
		{"auditor creating users", w.auditor, "POST", "/api/v1/users", user},
		{"agency creating users", w.yte, "POST", "/api/v1/users", user},
		{"council listing users", w.council, "GET", "/api/v1/users", nil},
		{"agency reading audit", w.yte, "GET", "/api/v1/audit/nominations/" + submitted, nil},
		{"auditor reading a queue", w.auditor, "GET", "/api/v1/queue", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w.refused(t, tt.token, tt.method, tt.path, tt.body, http.StatusForbidden, "forbidden")
		})
	}
}

// TestCrossAgency checks that an agency officer cannot see or touch another
// agency's records, and cannot tell them from records that do not exist.
func TestCrossAgency(t *testing.T) {
	w := newWorld(t)
	theirs := map[domain.Status]string{}
	for _, st := range []domain.Status{domain.StatusDraft, domain.StatusSubmitted, domain.StatusReturned} {
		theirs[st] = w.nominationIn(t, st) // all of so_y_te
	}
	unknown := w.do(t, w.tamky, http.MethodGet, nomPath("khong-co"), nil).failure(t, http.StatusNotFound, "not_found")
	seq := w.view(t, w.yte, theirs[domain.StatusDraft]).Seq
	tests := []struct {
		name, method, path string
		body               any
		headers            []string
	}{
		{"read", "GET", nomPath(theirs[domain.StatusDraft]), nil, nil},
		{"submit", "POST", nomPath(theirs[domain.StatusDraft], "submit"), nil, nil},
		{"submit with If-Match", "POST", nomPath(theirs[domain.StatusDraft], "submit"), nil, []string{"If-Match", strconv.FormatUint(seq, 10)}},
		{"withdraw", "POST", nomPath(theirs[domain.StatusSubmitted], "withdraw"), nil, nil},
		{"resubmit", "POST", nomPath(theirs[domain.StatusReturned], "resubmit"), nil, nil},
		{"revise", "PATCH", nomPath(theirs[domain.StatusReturned]), nominationBody(w.tamkyOfficial), nil},
		{"read their official", "GET", officials + "/" + w.yteOfficial, nil, nil},
		{"nominate their official", "POST", nominations, nominationBody(w.yteOfficial), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := w.refused(t, w.tamky, tt.method, tt.path, tt.body, http.StatusNotFound, "not_found", tt.headers...)
			if tt.method == "GET" && strings.HasPrefix(tt.path, nominations) && e.Message != unknown.Message {
				t.Errorf("message = %q, want the one for an unknown id: %q", e.Message, unknown.Message)
			}
		})
	}
	for st, id := range theirs {
		if got := w.view(t, w.yte, id).Status; got != st {
			t.Errorf("their %s nomination is now %s", st, got)
		}
	}
}
