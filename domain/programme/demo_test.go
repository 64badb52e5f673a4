package programme_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"daotao/domain"
	"daotao/domain/programme"
	"daotao/events"
)

// roster returns the demo roster for seed over the default data.
func roster(tb testing.TB, seed uint64) []programme.DemoOfficial {
	tb.Helper()
	return programme.DemoRoster(seed, defaultDoc(tb), defaultBaseline(tb))
}

var (
	quals  = []string{"dai_hoc", "thac_si", "tien_si"}
	fields = []string{"kinh_te_tai_chinh", "cntt_khmt", "y_te", "giao_duc", "quy_hoach_do_thi", "tnmt_dat_dai", "nong_nghiep", "hanh_chinh_luat", "khac"}
)

// band returns the Table 4 band of an age: <40, 40–44, 45–49, 50–54, 55+.
func band(age int) int {
	switch {
	case age < 40:
		return 0
	case age < 45:
		return 1
	case age < 50:
		return 2
	case age < 55:
		return 3
	}
	return 4
}

func age(o programme.DemoOfficial) int { return events.YearsBetween(o.BirthDate, day(2024, 1, 1)) }

func TestDemoRosterMatchesTheSeed(t *testing.T) {
	r := roster(t, 7328)
	if len(r) != 2262 {
		t.Fatalf("len = %d, want 2262", len(r))
	}
	size := map[int]int{}
	qual := map[int][]int{}
	field := map[int][]int{}
	bands := map[int][]int{}
	young := make([]int, 3)
	total := make([]int, 5)
	for g := 1; g <= 4; g++ {
		qual[g], field[g], bands[g] = make([]int, 3), make([]int, 9), make([]int, 5)
	}
	for _, o := range r {
		g, q, b := o.Group, slices.Index(quals, o.Qualification), band(age(o))
		size[g]++
		qual[g][q]++
		field[g][slices.Index(fields, o.Field)]++
		bands[g][b]++
		total[b]++
		if b < 2 {
			young[q]++
		}
	}
	want := []struct {
		size         int
		qual, fields []int // Table 3, Table 6
		bands        []int // Table 4, rows 3 and 4 fitted to Table 3
	}{
		{65, []int{23, 32, 10}, []int{15, 1, 2, 5, 3, 1, 4, 18, 16}, []int{1, 2, 17, 16, 29}},
		{150, []int{64, 82, 4}, []int{39, 2, 4, 8, 6, 3, 10, 51, 27}, []int{6, 13, 57, 40, 34}},
		{850, []int{415, 398, 37}, []int{153, 43, 80, 182, 17, 19, 56, 113, 187}, []int{69, 184, 277, 150, 170}},
		{1197, []int{903, 294, 0}, []int{312, 23, 7, 87, 4, 36, 125, 288, 315}, []int{183, 322, 297, 161, 234}},
	}
	for i, w := range want {
		g := i + 1
		if size[g] != w.size || !reflect.DeepEqual(qual[g], w.qual) || !reflect.DeepEqual(field[g], w.fields) || !reflect.DeepEqual(bands[g], w.bands) {
			t.Errorf("Nhóm %d: %d people, qualifications %v, fields %v, bands %v; want %d %v %v %v",
				g, size[g], qual[g], field[g], bands[g], w.size, w.qual, w.fields, w.bands)
		}
	}
	if want := []int{259, 521, 648, 367, 467}; !reflect.DeepEqual(total, want) {
		t.Errorf("age bands = %v, want Table 4's totals %v", total, want)
	}
	if want := []int{406, 366, 8}; !reflect.DeepEqual(young, want) {
		t.Errorf("under 45 by qualification = %v, want Table 5's %v", young, want)
	}
}

func TestDemoRosterIsDeterministic(t *testing.T) {
	a, b := roster(t, 42), roster(t, 42)
	if !reflect.DeepEqual(a, b) {
		t.Fatalf("two rosters for seed 42 differ")
	}
	c := roster(t, 43)
	same := 0
	for i := range a {
		if a[i].FullName == c[i].FullName {
			same++
		}
	}
	if same > len(a)/10 {
		t.Errorf("seeds 42 and 43 share %d of %d names", same, len(a))
	}
}

func TestDemoRosterPlacement(t *testing.T) {
	d := defaultDoc(t)
	heads := map[string]int{}
	vc := map[string][2]int{} // kind → [officials, viên chức]
	for _, o := range roster(t, 1) {
		a, ok := d.Agency(o.AgencyCode)
		if !ok {
			t.Fatalf("%s: unknown agency %q", o.FullName, o.AgencyCode)
		}
		switch {
		case o.Group <= 2 && (a.Level != "tinh" || !slices.Contains([]string{"so", "ban", "dang", "doan_the"}, a.Kind)):
			t.Errorf("Nhóm %d official in %s (%s)", o.Group, a.Code, a.Kind)
		case o.Group == 3 && a.Level != "tinh", o.Group == 4 && a.Level != "huyen":
			t.Errorf("Nhóm %d official in %s (%s)", o.Group, a.Code, a.Level)
		}
		if o.Group == 1 {
			heads[a.Code]++
		}
		key := a.Kind
		if a.PublicServiceUnit {
			key = "unit"
		}
		n := vc[key]
		n[0]++
		if o.Category == "vc" {
			n[1]++
		}
		vc[key] = n
	}
	for code, n := range heads {
		if n > 3 {
			t.Errorf("%s has %d Nhóm 1 heads, want at most 3", code, n)
		}
	}
	for kind, n := range vc {
		share := n[1] * 100 / n[0]
		if mostlyVC := kind == "unit"; mostlyVC && share < 80 || !mostlyVC && share > 25 {
			t.Errorf("%s: %d%% viên chức of %d", kind, share, n[0])
		}
	}
}

func TestDemoRosterFacts(t *testing.T) {
	r := roster(t, 2024)
	var minority, disciplined, planning, women int
	for _, o := range r {
		a := age(o)
		if a < 29 || a > 60 || (o.Gender == "nu" && a > 55) {
			t.Errorf("%s: %s aged %d on 2024-01-01", o.FullName, o.Gender, a)
		}
		if !o.ProbationEnd.Before(day(2020, 1, 1)) || o.ProbationEnd.Before(o.ServiceStart) {
			t.Errorf("%s: probation ends %s (service from %s), want long before 2024", o.FullName, o.ProbationEnd, o.ServiceStart)
		}
		if got := slices.Sorted(mapsKeys(o.Ratings)); !reflect.DeepEqual(got, programme.DemoRatingYears()) {
			t.Errorf("%s: ratings for %v, want %v", o.FullName, got, programme.DemoRatingYears())
		}
		if o.EthnicMinority {
			minority++
		}
		if o.Discipline != "none" {
			disciplined++
		}
		if o.InPlanningPool {
			planning++
		}
		if o.Gender == "nu" {
			women++
			if strings.Fields(o.FullName)[1] == "Văn" {
				t.Errorf("%s: a woman with a man's middle name", o.FullName)
			}
		}
	}
	checks := []struct {
		name   string
		n      int
		lo, hi int // per mille of the roster
	}{
		{"ethnic minority", minority, 80, 120},
		{"disciplined", disciplined, 1, 25},
		{"in the planning pool", planning, 150, 500},
		{"women", women, 200, 400},
	}
	for _, c := range checks {
		if pm := c.n * 1000 / len(r); pm < c.lo || pm > c.hi {
			t.Errorf("%s: %d (%d‰), want %d‰–%d‰", c.name, c.n, pm, c.lo, c.hi)
		}
	}
}

// TestDemoRosterRegisters runs every demo official through the domain's
// own registration rules, as the demo seeding will on 2026-01-01.
func TestDemoRosterRegisters(t *testing.T) {
	d := defaultDoc(t)
	type ag struct {
		Code string `json:"code"`
		Name string `json:"name"`
		Kind string `json:"kind"`
	}
	var list []ag
	for _, a := range d.Agencies {
		list = append(list, ag{a.Code, a.Name, a.Kind})
	}
	agencies, err := domain.ParseAgencies(mustJSON(t, map[string]any{"agencies": list}))
	if err != nil {
		t.Fatal(err)
	}
	for i, o := range roster(t, 99) {
		actor := events.Actor{Username: "demo", Role: string(domain.RoleAgency), Agency: o.AgencyCode}
		cmd := domain.RegisterOfficial{AgencyCode: o.AgencyCode, OfficialProfile: o.OfficialProfile}
		if _, err := domain.NewOfficial("o", cmd, actor, day(2026, 1, 1), agencies); err != nil {
			t.Fatalf("#%d %+v: %v", i, o, err)
		}
	}
}

func TestDemoRosterWithoutData(t *testing.T) {
	if got := programme.DemoRoster(1, nil, defaultBaseline(t)); got != nil {
		t.Errorf("DemoRoster(nil document) = %d officials, want nil", len(got))
	}
	if got := programme.DemoRoster(1, defaultDoc(t), programme.Baseline{}); len(got) != 0 {
		t.Errorf("DemoRoster(empty baseline) = %d officials, want none", len(got))
	}
}

func mapsKeys(m map[string]string) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}
