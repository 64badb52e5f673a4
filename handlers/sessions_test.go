package handlers_test

import (
	"bytes"
	"net/http"
	"strconv"
	"testing"
	"time"

	"daotao/domain"
)

const sessions = "/api/v1/sessions"

func TestLogin(t *testing.T) {
	a := newApp(t)
	a.user(t, "soyte", domain.RoleAgency, "so_y_te")
	r := a.do(t, "", http.MethodPost, sessions, map[string]string{"username": "soyte", "password": password})
	r.want(t, http.StatusCreated)
	var out struct {
		Token     string    `json:"token"`
		ExpiresAt time.Time `json:"expires_at"`
	}
	r.into(t, &out)
	if len(out.Token) < 32 {
		t.Errorf("token = %q, want at least 32 characters", out.Token)
	}
	if want := start.Add(12 * time.Hour); !out.ExpiresAt.Equal(want) {
		t.Errorf("expires_at = %v, want %v (12 hours after login)", out.ExpiresAt, want)
	}
	if bytes.Contains(r.raw, []byte("argon2")) {
		t.Errorf("login response leaks a password hash: %s", r.raw)
	}
	a.do(t, out.Token, http.MethodGet, "/api/v1/me", nil).want(t, http.StatusOK)
}

func TestLoginRefused(t *testing.T) {
	a := newApp(t)
	a.user(t, "soyte", domain.RoleAgency, "so_y_te")
	wrong := a.do(t, "", http.MethodPost, sessions, map[string]string{"username": "soyte", "password": "sai mật khẩu rồi"}).
		failure(t, http.StatusUnauthorized, "unauthorized")
	unknown := a.do(t, "", http.MethodPost, sessions, map[string]string{"username": "khongco", "password": password}).
		failure(t, http.StatusUnauthorized, "unauthorized")
	if wrong.Message != unknown.Message {
		t.Errorf("wrong password says %q, unknown user says %q: want the same message", wrong.Message, unknown.Message)
	}
	tests := []struct {
		name   string
		body   any
		fields []string
	}{
		{"no password", map[string]string{"username": "soyte"}, []string{"password"}},
		{"nothing", map[string]string{}, []string{"username", "password"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a.refused(t, "", http.MethodPost, sessions, tt.body, http.StatusBadRequest, "invalid").naming(t, tt.fields...)
		})
	}
}

func TestLoginRateLimit(t *testing.T) {
	a := newApp(t)
	a.user(t, "soyte", domain.RoleAgency, "so_y_te")
	bad := map[string]string{"username": "soyte", "password": "sai mật khẩu rồi"}
	for i := range 10 {
		if r := a.do(t, "", http.MethodPost, sessions, bad); r.status != http.StatusUnauthorized {
			t.Fatalf("failure %d: status = %d, want 401", i+1, r.status)
		}
	}
	good := map[string]string{"username": "soyte", "password": password}
	for _, body := range []map[string]string{bad, good} {
		r := a.do(t, "", http.MethodPost, sessions, body)
		r.failure(t, http.StatusTooManyRequests, "too_many_attempts")
		secs, err := strconv.Atoi(r.header.Get("Retry-After"))
		if err != nil || secs <= 0 || secs > 15*60+1 {
			t.Errorf("Retry-After = %q, want seconds in (0, 901]", r.header.Get("Retry-After"))
		}
	}
	a.clock.Advance(15 * time.Minute)
	a.do(t, "", http.MethodPost, sessions, good).want(t, http.StatusCreated)
}

func TestLogout(t *testing.T) {
	a := newApp(t)
	token := a.user(t, "soyte", domain.RoleAgency, "so_y_te")
	other := a.login(t, "soyte")
	a.do(t, token, http.MethodDelete, sessions, nil).want(t, http.StatusNoContent)
	a.do(t, token, http.MethodGet, "/api/v1/me", nil).failure(t, http.StatusUnauthorized, "unauthorized")
	a.refused(t, token, http.MethodDelete, sessions, nil, http.StatusUnauthorized, "unauthorized")
	a.do(t, other, http.MethodGet, "/api/v1/me", nil).want(t, http.StatusOK)
}

func TestSessionExpiry(t *testing.T) {
	a := newApp(t)
	a.user(t, "soyte", domain.RoleAgency, "so_y_te")
	t.Run("idle two hours", func(t *testing.T) {
		token := a.login(t, "soyte")
		a.clock.Advance(2 * time.Hour)
		a.do(t, token, http.MethodGet, "/api/v1/me", nil).want(t, http.StatusOK)
		a.clock.Advance(2*time.Hour + time.Second)
		a.do(t, token, http.MethodGet, "/api/v1/me", nil).failure(t, http.StatusUnauthorized, "unauthorized")
	})
	t.Run("twelve hours in use", func(t *testing.T) {
		token := a.login(t, "soyte")
		for h := 1; h <= 12; h++ {
			a.clock.Advance(time.Hour)
			want := http.StatusOK
			if h == 12 {
				want = http.StatusUnauthorized
			}
			if r := a.do(t, token, http.MethodGet, "/api/v1/me", nil); r.status != want {
				t.Fatalf("after %d h: status = %d, want %d", h, r.status, want)
			}
		}
	})
}

func TestMe(t *testing.T) {
	a := newApp(t)
	tests := []struct {
		user, role, agency string
	}{
		{"soyte", "agency", "so_y_te"},
		{"hoidong", "council", ""},
	}
	for _, tt := range tests {
		t.Run(tt.role, func(t *testing.T) {
			token := a.user(t, tt.user, domain.Role(tt.role), tt.agency)
			me := a.do(t, token, http.MethodGet, "/api/v1/me", nil).want(t, http.StatusOK).object(t)
			if me["username"] != tt.user || me["role"] != tt.role || me["id"] == "" || me["role_label"] == "" {
				t.Errorf("me = %v, want username %s, role %s, an id and a role label", me, tt.user, tt.role)
			}
			code, _ := me["agency_code"].(string)
			name, _ := me["agency_name"].(string)
			if code != tt.agency || (tt.agency != "") != (name != "") {
				t.Errorf("me agency = %q %q, want code %q and a name iff there is a code", code, name, tt.agency)
			}
		})
	}
}

func TestCreateUser(t *testing.T) {
	w := newWorld(t)
	body := map[string]any{"username": "soxaydung", "password": password, "role": "agency", "agency_code": "so_xay_dung"}
	created(t, w.do(t, w.admin, http.MethodPost, "/api/v1/users", body))
	w.login(t, "soxaydung")
	tests := []struct {
		name   string
		body   map[string]any
		status int
		code   string
		field  string
	}{
		{"taken", body, http.StatusConflict, "username_taken", "username"},
		{"bad username", with(body, "username", "Sở Xây Dựng"), http.StatusBadRequest, "invalid", "username"},
		{"short password", with(body, "username", "sxd2", "password", "ngắn"), http.StatusBadRequest, "invalid", "password"},
		{"unknown role", with(body, "username", "sxd2", "role", "boss"), http.StatusBadRequest, "invalid", "role"},
		{"agency without code", with(body, "username", "sxd2", "agency_code", nil), http.StatusBadRequest, "invalid", "agency_code"},
		{"council with code", with(body, "username", "sxd2", "role", "council"), http.StatusBadRequest, "invalid", "agency_code"},
		{"unknown agency", with(body, "username", "sxd2", "agency_code", "so_khong_co"), http.StatusBadRequest, "invalid", "agency_code"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := w.refused(t, w.admin, http.MethodPost, "/api/v1/users", tt.body, tt.status, tt.code)
			if _, ok := e.Fields[tt.field]; !ok {
				t.Errorf("fields = %v, want %q named", e.Fields, tt.field)
			}
		})
	}
	r := w.do(t, w.admin, http.MethodGet, "/api/v1/users", nil).want(t, http.StatusOK)
	if n := len(r.list(t)); n != 8 { // the world's 7 and the one created here
		t.Errorf("users listed = %d, want 8", n)
	}
	if bytes.Contains(r.raw, []byte("argon2")) || bytes.Contains(r.raw, []byte("hash")) {
		t.Errorf("user list leaks password hashes: %s", r.raw)
	}
}
