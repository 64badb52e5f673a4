package domain_test

import (
	"reflect"
	"strings"
	"testing"

	"daotao/domain"
	"daotao/events"
)

// account returns the user rebuilt from given events, after its creation.
func account(given ...events.Payload) domain.User {
	u := domain.User{}
	u.Apply(1, &events.UserCreated{UserID: "u-lan", Username: "lan", Role: "agency", AgencyCode: "so_y_te", PasswordHash: "h"})
	for i, p := range given {
		u.Apply(uint64(i+2), p)
	}
	return u
}

func TestUserDisable(t *testing.T) {
	tests := []struct {
		name   string
		given  []events.Payload
		actor  events.Actor
		reason string
		want   events.Payload // nil with kind 0: nothing to record
		kind   domain.Kind
		fields []string
	}{
		{"admin disables", nil, admin, "Nghỉ hưu", &events.UserDisabled{Reason: "Nghỉ hưu"}, 0, nil},
		{"the system disables", nil, events.System, "Lộ mật khẩu", &events.UserDisabled{Reason: "Lộ mật khẩu"}, 0, nil},
		{"disabled already: nothing", []events.Payload{&events.UserDisabled{Reason: "x"}}, admin, "Nghỉ hưu", nil, 0, nil},
		{"enabled again, disabled again", []events.Payload{&events.UserDisabled{}, &events.UserEnabled{}}, admin, "Lại",
			&events.UserDisabled{Reason: "Lại"}, 0, nil},
		{"council may not", nil, council, "x", nil, domain.KindForbidden, nil},
		{"agency may not", nil, officer, "x", nil, domain.KindForbidden, nil},
		{"auditor may not", nil, auditor, "x", nil, domain.KindForbidden, nil},
		{"no reason", nil, admin, "", nil, domain.KindInvalid, []string{"reason"}},
		{"reason too long", nil, admin, strings.Repeat("ư", domain.MaxReasonRunes+1), nil, domain.KindInvalid, []string{"reason"}},
		{"reason of the maximum", nil, admin, strings.Repeat("ư", domain.MaxReasonRunes),
			&events.UserDisabled{Reason: strings.Repeat("ư", domain.MaxReasonRunes)}, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := account(tt.given...)
			got, err := u.Disable(tt.actor, tt.reason)
			if tt.kind != 0 {
				wantError(t, err, tt.kind, tt.fields...)
				return
			}
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Disable = %#v, %v; want %#v", got, err, tt.want)
			}
		})
	}
}

func TestUserDisableSelf(t *testing.T) {
	u := domain.User{}
	u.Apply(1, &events.UserCreated{UserID: admin.UserID, Username: admin.Username, Role: "admin"})
	_, err := u.Disable(admin, "Thử")
	wantError(t, err, domain.KindForbidden)
}

func TestUserEnable(t *testing.T) {
	tests := []struct {
		name  string
		given []events.Payload
		actor events.Actor
		want  events.Payload
		kind  domain.Kind
	}{
		{"admin enables a disabled account", []events.Payload{&events.UserDisabled{Reason: "x"}}, admin, &events.UserEnabled{}, 0},
		{"not disabled: nothing", nil, admin, nil, 0},
		{"enabled again: nothing", []events.Payload{&events.UserDisabled{}, &events.UserEnabled{}}, admin, nil, 0},
		{"council may not", []events.Payload{&events.UserDisabled{}}, council, nil, domain.KindForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := account(tt.given...)
			got, err := u.Enable(tt.actor)
			if tt.kind != 0 {
				wantError(t, err, tt.kind)
				return
			}
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Enable = %#v, %v; want %#v", got, err, tt.want)
			}
		})
	}
}
