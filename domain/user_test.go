package domain_test

import (
	"reflect"
	"strings"
	"testing"

	"daotao/domain"
	"daotao/events"
)

func validUser() domain.CreateUser {
	return domain.CreateUser{Username: "tc-noivu", Password: "mật khẩu dài", Role: "agency", AgencyCode: "so_noi_vu"}
}

func TestValidateUserActor(t *testing.T) {
	tests := []struct {
		name  string
		actor events.Actor
		ok    bool
	}{
		{"admin", admin, true},
		{"system", events.System, true},
		{"agency", officer, false},
		{"council", council, false},
		{"auditor", auditor, false},
		{"no role", events.Actor{Username: "system"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := domain.ValidateUser(validUser(), tt.actor, domain.DefaultAgencies())
			if tt.ok {
				if err != nil {
					t.Errorf("err = %v, want nil", err)
				}
				return
			}
			wantError(t, err, domain.KindForbidden)
		})
	}
}

func TestValidateUserFields(t *testing.T) {
	tests := []struct {
		name   string
		change func(*domain.CreateUser)
		fields []string // nil: valid
	}{
		{"agency account", func(*domain.CreateUser) {}, nil},
		{"council account", func(c *domain.CreateUser) { c.Role, c.AgencyCode = "council", "" }, nil},
		{"admin account", func(c *domain.CreateUser) { c.Role, c.AgencyCode = "admin", "" }, nil},
		{"auditor account", func(c *domain.CreateUser) { c.Role, c.AgencyCode = "auditor", "" }, nil},
		{"username of 3", func(c *domain.CreateUser) { c.Username = "a_1" }, nil},
		{"username of 64", func(c *domain.CreateUser) { c.Username = strings.Repeat("a", 64) }, nil},
		{"username starting with a digit", func(c *domain.CreateUser) { c.Username = "9tc" }, nil},
		{"username of 2", func(c *domain.CreateUser) { c.Username = "ab" }, []string{"username"}},
		{"username of 65", func(c *domain.CreateUser) { c.Username = strings.Repeat("a", 65) }, []string{"username"}},
		{"username in upper case", func(c *domain.CreateUser) { c.Username = "TcNoiVu" }, []string{"username"}},
		{"username with a dot", func(c *domain.CreateUser) { c.Username = "tc.noivu" }, []string{"username"}},
		{"username with a space", func(c *domain.CreateUser) { c.Username = "tc noivu" }, []string{"username"}},
		{"username with a diacritic", func(c *domain.CreateUser) { c.Username = "tuyết" }, []string{"username"}},
		{"username starting with a hyphen", func(c *domain.CreateUser) { c.Username = "-tc" }, []string{"username"}},
		{"username with a newline", func(c *domain.CreateUser) { c.Username = "tcnoivu\n" }, []string{"username"}},
		{"empty username", func(c *domain.CreateUser) { c.Username = "" }, []string{"username"}},
		{"password of 8 runes", func(c *domain.CreateUser) { c.Password = "ệệệệệệệệ" }, nil},
		{"password of 7 runes", func(c *domain.CreateUser) { c.Password = "ệệệệệệệ" }, []string{"password"}},
		{"password of 256 bytes", func(c *domain.CreateUser) { c.Password = strings.Repeat("x", 256) }, nil},
		{"password of 257 bytes", func(c *domain.CreateUser) { c.Password = strings.Repeat("x", 257) }, []string{"password"}},
		{"password of 100 runes, 300 bytes", func(c *domain.CreateUser) { c.Password = strings.Repeat("ệ", 100) }, []string{"password"}},
		{"password not utf-8", func(c *domain.CreateUser) { c.Password = "passw\xffrd" }, []string{"password"}},
		{"unknown role", func(c *domain.CreateUser) { c.Role = "superuser" }, []string{"role"}},
		{"role in upper case", func(c *domain.CreateUser) { c.Role = "Admin" }, []string{"role"}},
		{"agency without agency code", func(c *domain.CreateUser) { c.AgencyCode = "" }, []string{"agency_code"}},
		{"unknown agency code", func(c *domain.CreateUser) { c.AgencyCode = "so_khong_co" }, []string{"agency_code"}},
		{"agency code on a council account", func(c *domain.CreateUser) { c.Role = "council" }, []string{"agency_code"}},
		{"every field", func(c *domain.CreateUser) { *c = domain.CreateUser{Username: "A", Password: "short", Role: "x"} },
			[]string{"username", "password", "role"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := validUser()
			tt.change(&cmd)
			err := domain.ValidateUser(cmd, admin, domain.DefaultAgencies())
			if tt.fields == nil {
				if err != nil {
					t.Errorf("err = %v, want nil", err)
				}
				return
			}
			wantError(t, err, domain.KindInvalid, tt.fields...)
		})
	}
}

func TestUserApply(t *testing.T) {
	createdUser := &events.UserCreated{UserID: "u-1", Username: "tc-noivu", Role: "agency", AgencyCode: "so_noi_vu", PasswordHash: "h1"}
	base := domain.User{Seq: 1, ID: "u-1", Username: "tc-noivu", Role: domain.RoleAgency, Agency: "so_noi_vu", Hash: "h1"}
	tests := []struct {
		name  string
		given []events.Payload
		want  func(u *domain.User)
	}{
		{"created", []events.Payload{createdUser}, func(*domain.User) {}},
		{"password changed", []events.Payload{createdUser, &events.UserPasswordChanged{PasswordHash: "h2"}},
			func(u *domain.User) { u.Seq, u.Hash = 2, "h2" }},
		{"disabled", []events.Payload{createdUser, &events.UserDisabled{Reason: "nghỉ hưu"}},
			func(u *domain.User) { u.Seq, u.Disabled = 2, true }},
		{"enabled again", []events.Payload{createdUser, &events.UserDisabled{}, &events.UserEnabled{}},
			func(u *domain.User) { u.Seq = 3 }},
		{"disabled, password changed", []events.Payload{createdUser, &events.UserDisabled{},
			&events.UserPasswordChanged{PasswordHash: "h3"}},
			func(u *domain.User) { u.Seq, u.Disabled, u.Hash = 3, true, "h3" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got domain.User
			for i, p := range tt.given {
				got.Apply(uint64(i+1), p)
			}
			want := base
			tt.want(&want)
			if got != want {
				t.Errorf("user = %+v, want %+v", got, want)
			}
			wantActor := events.Actor{UserID: "u-1", Username: "tc-noivu", Role: "agency", Agency: "so_noi_vu"}
			if a := got.Actor(); !reflect.DeepEqual(a, wantActor) {
				t.Errorf("actor = %+v, want %+v", a, wantActor)
			}
		})
	}
}

func TestNewUser(t *testing.T) {
	got := domain.NewUser("u-1", validUser(), "hash")
	want := events.UserCreated{UserID: "u-1", Username: "tc-noivu", Role: "agency", AgencyCode: "so_noi_vu", PasswordHash: "hash"}
	if got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
}
