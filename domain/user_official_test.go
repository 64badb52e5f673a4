package domain_test

import (
	"testing"

	"daotao/domain"
	"daotao/events"
)

func TestValidateUserOfficialLink(t *testing.T) {
	agencies := domain.DefaultAgencies()
	base := domain.CreateUser{Username: "hv-lan", Password: "mật khẩu dài", Role: "official", OfficialID: "0194-official"}
	if err := domain.ValidateUser(base, events.System, agencies); err != nil {
		t.Fatalf("an official linked to an official id: %v", err)
	}
	tests := []struct {
		name   string
		cmd    domain.CreateUser
		fields []string
	}{
		{"official without official_id", domain.CreateUser{Username: "hv-lan", Password: "mật khẩu dài", Role: "official"}, []string{"official_id"}},
		{"official_id not a token", domain.CreateUser{Username: "hv-lan", Password: "mật khẩu dài", Role: "official", OfficialID: "a.b"}, []string{"official_id"}},
		{"official with an agency", domain.CreateUser{Username: "hv-lan", Password: "mật khẩu dài", Role: "official", OfficialID: "x", AgencyCode: "so_y_te"}, []string{"agency_code"}},
		{"auditor with an official_id", domain.CreateUser{Username: "kt", Password: "mật khẩu dài", Role: "auditor", OfficialID: "x"}, []string{"official_id", "username"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantError(t, domain.ValidateUser(tt.cmd, events.System, agencies), domain.KindInvalid, tt.fields...)
		})
	}
	var u domain.User
	u.Apply(1, &events.UserCreated{UserID: "u-1", Username: "hv-lan", Role: "official", OfficialID: "0194-official"})
	if u.OfficialID != "0194-official" || u.Role != domain.RoleOfficial {
		t.Errorf("user = %+v", u)
	}
}
