package domain_test

import (
	"strings"
	"testing"

	"daotao/domain"
)

func TestDefaultAgencies(t *testing.T) {
	a := domain.DefaultAgencies()
	byKind := map[string]int{}
	seen := map[string]bool{}
	for _, ag := range a.All() {
		if seen[ag.Code] {
			t.Errorf("code %q appears twice", ag.Code)
		}
		seen[ag.Code] = true
		byKind[ag.Kind]++
		if got, ok := a.Get(ag.Code); !ok || got != ag {
			t.Errorf("Get(%q) = %+v, %v; want %+v, true", ag.Code, got, ok, ag)
		}
	}
	if got, want := byKind["ubnd_huyen"], 18; got != want {
		t.Errorf("district People's Committees = %d, want %d", got, want)
	}
	tests := []struct {
		code, name, kind string
	}{
		{"so_noi_vu", "Sở Nội vụ", "so"},
		{"so_tai_chinh", "Sở Tài chính", "so"},
		{"so_ngoai_vu", "Sở Ngoại vụ", "so"},
		{"ban_to_chuc_tinh_uy", "Ban Tổ chức Tỉnh ủy", "dang"},
		{"ubnd_tam_ky", "Ủy ban nhân dân thành phố Tam Kỳ", "ubnd_huyen"},
		{"ubnd_tay_giang", "Ủy ban nhân dân huyện Tây Giang", "ubnd_huyen"},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			got, ok := a.Get(tt.code)
			if !ok {
				t.Fatalf("Get(%q): not found", tt.code)
			}
			if got.Name != tt.name || got.Kind != tt.kind {
				t.Errorf("Get(%q) = %q (%s), want %q (%s)", tt.code, got.Name, got.Kind, tt.name, tt.kind)
			}
		})
	}
	if _, ok := a.Get("so_khong_co"); ok {
		t.Errorf("Get(unknown code) found an agency")
	}
}

func TestParseAgencies(t *testing.T) {
	tests := []struct {
		name    string
		doc     string
		want    int    // agencies when valid
		wantErr string // part of the error, "" when valid
	}{
		{"valid", `{"agencies":[{"code":"a","name":"A","kind":"so"},{"code":"b","name":"B"}]}`, 2, ""},
		{"empty", `{"agencies":[]}`, 0, ""},
		{"duplicate code", `{"agencies":[{"code":"a","name":"A"},{"code":"a","name":"A2"}]}`, 0, "duplicate"},
		{"missing name", `{"agencies":[{"code":"a"}]}`, 0, "without code or name"},
		{"empty name", `{"agencies":[{"code":"a","name":""}]}`, 0, "without code or name"},
		{"missing code", `{"agencies":[{"name":"A"}]}`, 0, "without code or name"},
		{"not json", `{"agencies":[`, 0, "parse agencies"},
		{"wrong shape", `{"agencies":{"code":"a"}}`, 0, "parse agencies"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := domain.ParseAgencies([]byte(tt.doc))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
				}
				if a != nil {
					t.Errorf("agencies = %+v, want nil with an error", a)
				}
				return
			}
			if err != nil {
				t.Fatalf("err = %v, want nil", err)
			}
			if got := len(a.All()); got != tt.want {
				t.Errorf("len(All()) = %d, want %d", got, tt.want)
			}
		})
	}
}
