package handlers_test

import (
	"net/http"
	"reflect"
	"testing"

	"daotao/events"
)

func userPath(id, action string) string { return "/api/v1/users/" + id + "/" + action }

// userID returns the id of the account username.
func (a *app) userID(t *testing.T, username string) string {
	t.Helper()
	u, ok := a.state.UserByName(username)
	if !ok {
		t.Fatalf("no user %s", username)
	}
	return u.ID
}

// TestDisableUserRevokesSessions disables an account that is logged in
// through the API and the web: both sessions stop working with the very
// next request, the account cannot log in, and enabling it lets it log
// in again without reviving the old sessions.
func TestDisableUserRevokesSessions(t *testing.T) {
	w := newWorld(t)
	api := w.login(t, "soyte")
	b := w.loginAs(t, "soyte")
	id := w.userID(t, "soyte")
	before := w.lastSeq(t)
	r := w.do(t, w.admin, http.MethodPost, userPath(id, "disable"), map[string]string{"reason": "Chuyển công tác"}).want(t, http.StatusOK)
	var out struct {
		ID  string `json:"id"`
		Seq uint64 `json:"seq"`
	}
	r.into(t, &out)
	if out.ID != id || out.Seq != before+1 {
		t.Errorf("answer %s; want id %s and seq %d", r.raw, id, before+1)
	}
	w.wantUserEvent(t, out.Seq, "soyte", &events.UserDisabled{Reason: "Chuyển công tác"})

	for _, token := range []string{api, w.yte} {
		w.do(t, token, http.MethodGet, "/api/v1/me", nil).failure(t, http.StatusUnauthorized, "unauthorized")
	}
	if loc := b.get(t, "/queue").redirect(t); loc.Path != "/login" {
		t.Errorf("web session of a disabled account: sent to %s, want the login page", loc)
	}
	w.do(t, "", http.MethodPost, "/api/v1/sessions", map[string]string{"username": "soyte", "password": password}).
		failure(t, http.StatusUnauthorized, "unauthorized")
	w.wantDisabled(t, "soyte", true)

	w.do(t, w.admin, http.MethodPost, userPath(id, "enable"), nil).want(t, http.StatusOK)
	w.wantDisabled(t, "soyte", false)
	fresh := w.login(t, "soyte")
	w.do(t, fresh, http.MethodGet, "/api/v1/me", nil).want(t, http.StatusOK)
	w.do(t, api, http.MethodGet, "/api/v1/me", nil).want(t, http.StatusUnauthorized)
}

// wantUserEvent checks the event at seq: payload on the account's subject.
func (a *app) wantUserEvent(t *testing.T, seq uint64, username string, want events.Payload) {
	t.Helper()
	err := a.store.Read(t.Context(), seq, seq, func(r events.Recorded) error {
		if r.Subject != events.Subject(events.AggregateUser, username) || r.Type != want.EventType() {
			t.Errorf("event %d: %s on %s; want %s on the account's subject", seq, r.Type, r.Subject, want.EventType())
		}
		got, err := events.Unmarshal(r.Envelope)
		if err != nil {
			return err
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("event %d: %#v, want %#v", seq, got, want)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// wantDisabled checks the account as the admin's user list shows it.
func (w *world) wantDisabled(t *testing.T, username string, want bool) {
	t.Helper()
	for _, u := range w.do(t, w.admin, http.MethodGet, "/api/v1/users", nil).want(t, http.StatusOK).list(t) {
		if u["username"] == username && u["disabled"] != want {
			t.Errorf("%s: disabled = %v, want %v", username, u["disabled"], want)
		}
	}
}

// TestDisableUserRefused checks what the admin may not do, and that
// repeating a change records nothing.
func TestDisableUserRefused(t *testing.T) {
	w := newWorld(t)
	id := w.userID(t, "kiemtra")
	reason := map[string]string{"reason": "Nghỉ hưu"}
	w.refused(t, w.admin, http.MethodPost, userPath(w.userID(t, "quantri"), "disable"), reason, http.StatusForbidden, "forbidden")
	w.refused(t, w.admin, http.MethodPost, userPath("khong-co", "disable"), reason, http.StatusNotFound, "not_found")
	w.refused(t, w.admin, http.MethodPost, userPath(id, "disable"), map[string]string{"reason": " "}, http.StatusBadRequest, "invalid").naming(t, "reason")
	w.refused(t, w.admin, http.MethodPost, userPath(id, "disable"), nil, http.StatusBadRequest, "malformed_json")
	w.refused(t, w.council, http.MethodPost, userPath(id, "disable"), reason, http.StatusForbidden, "forbidden")
	w.refused(t, w.admin, http.MethodPost, userPath(id, "enable"), `{"x":`, http.StatusBadRequest, "malformed_json")

	w.do(t, w.admin, http.MethodPost, userPath(id, "disable"), reason).want(t, http.StatusOK)
	before := w.lastSeq(t)
	r := w.do(t, w.admin, http.MethodPost, userPath(id, "disable"), reason).want(t, http.StatusOK)
	w.do(t, w.admin, http.MethodPost, userPath(w.userID(t, "hoidong"), "enable"), nil).want(t, http.StatusOK)
	if after := w.lastSeq(t); after != before {
		t.Errorf("repeated changes grew the log from %d to %d", before, after)
	}
	if got := r.object(t)["seq"]; got != float64(before) {
		t.Errorf("repeated disable: seq %v, want the account's %d", got, before)
	}
}

// TestDisableUserIdempotencyKey retries a disable with its key: one event.
func TestDisableUserIdempotencyKey(t *testing.T) {
	w := newWorld(t)
	id := w.userID(t, "tamky")
	reason := map[string]string{"reason": "Lộ mật khẩu"}
	first := w.do(t, w.admin, http.MethodPost, userPath(id, "disable"), reason, "Idempotency-Key", "khoa-tamky-1").want(t, http.StatusOK)
	again := w.do(t, w.admin, http.MethodPost, userPath(id, "disable"), reason, "Idempotency-Key", "khoa-tamky-1").want(t, http.StatusOK)
	if first.object(t)["seq"] != again.object(t)["seq"] {
		t.Errorf("retry answered %s, first %s", again.raw, first.raw)
	}
	w.wantDisabled(t, "tamky", true)
}
