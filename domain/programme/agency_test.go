package programme_test

import (
	"slices"
	"testing"

	"daotao/domain"
	"daotao/domain/programme"
)

// TestKeepsDomainAgencies guards the 46 agencies package domain ships in
// domain/reference/agencies.json: same codes, names and kinds here.
func TestKeepsDomainAgencies(t *testing.T) {
	d := defaultDoc(t)
	for _, want := range domain.DefaultAgencies().All() {
		got, ok := d.Agency(want.Code)
		if !ok {
			t.Errorf("agency %q of package domain is missing", want.Code)
			continue
		}
		if got.Name != want.Name || got.Kind != want.Kind {
			t.Errorf("agency %q = %q (%s), package domain has %q (%s)", want.Code, got.Name, got.Kind, want.Name, want.Kind)
		}
	}
}

func TestAgencyKinds(t *testing.T) {
	d := defaultDoc(t)
	count := map[string]int{}
	for _, a := range d.AgenciesAsOf(d.EffectiveFrom) {
		count[a.Kind+"/"+a.Level]++
		if !a.ValidFrom.IsZero() || !a.ValidTo.IsZero() || a.SucceededBy != "" {
			t.Errorf("agency %q: version 1 must be open-ended, got %s..%s → %q", a.Code, a.ValidFrom, a.ValidTo, a.SucceededBy)
		}
	}
	want := map[string]int{
		"so/tinh": 18, "ban/tinh": 6, "dang/tinh": 6, "doan_the/tinh": 6, "don_vi/tinh": 3,
		"y_te/tinh": 10, "y_te/huyen": 18, "ubnd_huyen/huyen": 18,
	}
	for k, n := range want {
		if count[k] != n {
			t.Errorf("%s agencies = %d, want %d", k, count[k], n)
		}
	}
}

func TestDistrictHealthCentres(t *testing.T) {
	d := defaultDoc(t)
	for _, a := range d.AgenciesAsOf(d.EffectiveFrom) {
		if a.Kind != "y_te" {
			continue
		}
		if a.Parent != "so_y_te" || !a.PublicServiceUnit {
			t.Errorf("%s: parent %q, public service unit %v; want so_y_te, true", a.Code, a.Parent, a.PublicServiceUnit)
		}
		if a.Level != "huyen" {
			continue
		}
		loc, ok := d.Agency(a.Locality)
		if !ok || loc.Kind != "ubnd_huyen" || a.Tier != "tuyen_huyen" {
			t.Errorf("%s: locality %q (%v), tier %q; want a district UBND, tuyen_huyen", a.Code, a.Locality, ok, a.Tier)
		}
	}
	if a, _ := d.Agency("ttyt_tay_giang"); a.Name != "Trung tâm Y tế huyện Tây Giang" || a.Locality != "ubnd_tay_giang" {
		t.Errorf("ttyt_tay_giang = %+v", a)
	}
}

// TestDepartments pins which agencies count as "các Sở, ban, ngành": the
// kinds so and ban, not Party, mass organisations, units or hospitals.
func TestDepartments(t *testing.T) {
	d := defaultDoc(t)
	deps := d.Departments(d.EffectiveFrom)
	if len(deps) != 24 {
		t.Errorf("departments = %d, want 24 (18 sở and equivalents + 6 ban)", len(deps))
	}
	for _, code := range []string{"so_noi_vu", "thanh_tra_tinh", "van_phong_ubnd_tinh", "ban_dan_toc", "ban_qlda_dtxd", "ban_ql_vqg_song_thanh"} {
		a, _ := d.Agency(code)
		if !d.IsDepartment(a) {
			t.Errorf("%s is not a department", code)
		}
	}
	for _, code := range []string{"ban_to_chuc_tinh_uy", "tinh_doan", "trung_tam_qti", "truong_chinh_tri", "bv_da_khoa_tinh", "ubnd_tam_ky"} {
		a, _ := d.Agency(code)
		if d.IsDepartment(a) {
			t.Errorf("%s counts as a department", code)
		}
	}
}

func TestSelect(t *testing.T) {
	d := defaultDoc(t)
	tests := []struct {
		name string
		sel  programme.Selector
		want int
	}{
		{"nothing", programme.Selector{}, 0},
		{"listed", programme.Selector{Agencies: []string{"ubnd_tam_ky", "ubnd_hoi_an"}}, 2},
		{"districts", programme.Selector{Kinds: []string{"ubnd_huyen"}}, 18},
		{"departments and districts", programme.Selector{Departments: true, Kinds: []string{"ubnd_huyen"}}, 42},
		{"overlap counted once", programme.Selector{Agencies: []string{"so_noi_vu"}, Departments: true}, 24},
		{"health", programme.Selector{Kinds: []string{"y_te"}}, 28},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := d.Select(tt.sel, d.EffectiveFrom); len(got) != tt.want {
				t.Errorf("Select() = %d agencies, want %d", len(got), tt.want)
			}
		})
	}
}

// TestAgencyHistory publishes a version in which a district is merged into
// another from 1/7/2025, and checks that both dates still answer.
func TestAgencyHistory(t *testing.T) {
	m := docJSON(t)
	m["version"], m["effective_from"] = 2, "2025-07-01"
	for _, a := range list(m, "agencies") {
		a := a.(map[string]any)
		switch a["code"] {
		case "ubnd_nong_son":
			a["valid_to"], a["succeeded_by"] = "2025-06-30", "ubnd_que_son"
		case "ttyt_nong_son":
			a["valid_to"] = "2025-06-30"
		}
	}
	d, err := programme.Parse(mustJSON(t, m))
	if err != nil {
		t.Fatalf("Parse() error = %v", err)
	}
	before, after := day(2025, 6, 30), day(2025, 7, 1)
	if n := len(d.Select(programme.Selector{Kinds: []string{"ubnd_huyen"}}, before)); n != 18 {
		t.Errorf("districts on %s = %d, want 18", before, n)
	}
	if n := len(d.Select(programme.Selector{Kinds: []string{"ubnd_huyen"}}, after)); n != 17 {
		t.Errorf("districts on %s = %d, want 17", after, n)
	}
	if a, ok := d.Current("ubnd_nong_son", after); !ok || a.Code != "ubnd_que_son" {
		t.Errorf("Current(ubnd_nong_son, %s) = %q, %v; want ubnd_que_son", after, a.Code, ok)
	}
	if a, ok := d.Current("ubnd_nong_son", before); !ok || a.Code != "ubnd_nong_son" {
		t.Errorf("Current(ubnd_nong_son, %s) = %q, %v; want itself", before, a.Code, ok)
	}
	if _, ok := d.Current("ttyt_nong_son", after); ok {
		t.Errorf("Current(ttyt_nong_son, %s) found a retired agency without successor", after)
	}
	if _, ok := d.Agency("ubnd_nong_son"); !ok {
		t.Errorf("a retired agency must stay in the document")
	}
	// Expanded as of version 2's effective date, row 7 loses Nông Sơn.
	if got := d.PlacesByRow()[7]; got != 41 {
		t.Errorf("row 7 places in version 2 = %d, want 41", got)
	}
	if _, ok := d.Quota("pl2-7-ubnd_nong_son"); ok {
		t.Errorf("version 2 still has a quota for the retired district")
	}
	if q, _ := d.Quota("pl2-5-co_so_y_te"); slices.Contains(q.AgencyCodes, "ttyt_nong_son") {
		t.Errorf("the health pool still holds the retired health centre")
	}
}

func TestActiveOn(t *testing.T) {
	a := programme.Agency{ValidFrom: day(2024, 1, 1), ValidTo: day(2025, 6, 30)}
	tests := []struct {
		day  string
		want bool
	}{
		{"2023-12-31", false}, {"2024-01-01", true}, {"2025-06-30", true}, {"2025-07-01", false},
	}
	for _, tt := range tests {
		d := mustDate(t, tt.day)
		if got := a.ActiveOn(d); got != tt.want {
			t.Errorf("ActiveOn(%s) = %v, want %v", tt.day, got, tt.want)
		}
	}
	if !(programme.Agency{}).ActiveOn(day(1990, 1, 1)) {
		t.Errorf("an open-ended agency must be active on any day")
	}
}
