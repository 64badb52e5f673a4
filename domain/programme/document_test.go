package programme_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"daotao/domain/programme"
)

func TestDefault(t *testing.T) {
	d := defaultDoc(t)
	if d.Version != 1 {
		t.Errorf("Version = %d, want 1", d.Version)
	}
	if got, want := d.EffectiveFrom, day(2024, 9, 27); got != want {
		t.Errorf("EffectiveFrom = %s, want %s", got, want)
	}
	counts := []struct {
		name      string
		got, want int
	}{
		{"groups", len(d.Groups), 4},
		{"study fields", len(d.StudyFields), 9},
		{"fields", len(d.Fields), 8},
		{"contents", len(d.Contents()), 25}, // A2 B5 C2 D3 Đ4 E2 G2 H5
		{"agencies", len(d.Agencies), 85},   // 46 of package domain + 5 Party boards + 6 mass organisations + 10 hospitals + 18 health centres
		{"quota rows", len(d.QuotaRows), 7},
		{"targets", len(d.Targets), 6},
	}
	for _, c := range counts {
		if c.got != c.want {
			t.Errorf("%s = %d, want %d", c.name, c.got, c.want)
		}
	}
	if !strings.Contains(d.Source, "7328/ĐA-UBND") {
		t.Errorf("Source = %q, want it to cite 7328/ĐA-UBND", d.Source)
	}
}

func TestGroups(t *testing.T) {
	d := defaultDoc(t)
	tests := []struct {
		n          int
		name       string
		level      string
		postgrad   bool
		orientFrom string
	}{
		{1, "Trưởng các sở, ban, ngành và tương đương", "tinh", false, "Tài chính công, đầu tư công"},
		{2, "Phó Trưởng các sở, ban, ngành và tương đương", "tinh", false, "Tài chính công, đầu tư công"},
		{3, "Trưởng, Phó phòng cấp tỉnh và tương đương", "tinh", true, "Quy hoạch, phát triển đô thị và giao thông vận tải"},
		{4, "Trưởng, Phó phòng cấp huyện và tương đương", "huyen", true, "Quy hoạch, phát triển đô thị và giao thông vận tải"},
	}
	for _, tt := range tests {
		g, ok := d.Group(tt.n)
		if !ok {
			t.Fatalf("Group(%d): not found", tt.n)
		}
		if g.Name != tt.name || g.Level != tt.level || g.PostgraduateFocus != tt.postgrad {
			t.Errorf("Group(%d) = %q %s postgrad=%v, want %q %s %v", tt.n, g.Name, g.Level, g.PostgraduateFocus, tt.name, tt.level, tt.postgrad)
		}
		if len(g.RefresherOrientation) != 4 || !strings.HasPrefix(g.RefresherOrientation[0], tt.orientFrom) {
			t.Errorf("Group(%d) orientation = %q, want 4 starting %q", tt.n, g.RefresherOrientation, tt.orientFrom)
		}
		if !strings.Contains(g.Description, "1207-QĐ/TU") {
			t.Errorf("Group(%d) description does not cite Quyết định 1207-QĐ/TU", tt.n)
		}
	}
	if _, ok := d.Group(5); ok {
		t.Errorf("Group(5) found")
	}
}

func TestStudyFieldsMatchTable6(t *testing.T) {
	d := defaultDoc(t)
	t6, _ := defaultBaseline(t).Table(6)
	var cols []string
	for _, c := range t6.Columns[1:] {
		cols = append(cols, c.Code)
	}
	if got := d.StudyFieldCodes(); !reflect.DeepEqual(got, cols) {
		t.Errorf("study fields = %v, want Table 6 columns %v", got, cols)
	}
}

func TestJSONRoundTrip(t *testing.T) {
	d := defaultDoc(t)
	b, err := d.JSON()
	if err != nil {
		t.Fatalf("JSON() error = %v", err)
	}
	again, err := programme.Parse(b)
	if err != nil {
		t.Fatalf("Parse(JSON()) error = %v", err)
	}
	b2, _ := again.JSON()
	if string(b) != string(b2) {
		t.Errorf("Parse(JSON()) changed the document")
	}
	if !reflect.DeepEqual(again.Quotas(), d.Quotas()) {
		t.Errorf("quotas differ after a round trip")
	}
}

func TestParseRefusesBrokenDocuments(t *testing.T) {
	tests := []struct {
		name    string
		breakIt func(m map[string]any)
		want    string // part of the error
	}{
		{"version 0", func(m map[string]any) { m["version"] = 0 }, "version 0"},
		{"no effective date", func(m map[string]any) { m["effective_from"] = nil }, "effective_from is missing"},
		{"duplicate agency", func(m map[string]any) {
			m["agencies"] = append(list(m, "agencies"), item(m, "agencies", 0))
		}, `agency "so_noi_vu": duplicate code`},
		{"agency of unknown kind", func(m map[string]any) { item(m, "agencies", 0)["kind"] = "so_khac" }, `unknown kind "so_khac"`},
		{"successor without end date", func(m map[string]any) { item(m, "agencies", 0)["succeeded_by"] = "so_tai_chinh" }, "succeeded_by needs a valid_to"},
		{"unknown successor", func(m map[string]any) {
			a := item(m, "agencies", 0)
			a["valid_to"], a["succeeded_by"] = "2025-06-30", "so_da_nang"
		}, `unknown agency "so_da_nang"`},
		{"succession cycle", func(m map[string]any) {
			a, b := item(m, "agencies", 0), item(m, "agencies", 1)
			a["valid_to"], a["succeeded_by"] = "2025-06-30", b["code"]
			b["valid_to"], b["succeeded_by"] = "2025-06-30", a["code"]
		}, "succession returns"},
		{"unknown lead agency", func(m map[string]any) {
			item(item(m, "fields", 0), "contents", 0)["lead_agencies"] = []any{"so_tai_chinh_x"}
		}, `content "A.1" lead: unknown agency "so_tai_chinh_x"`},
		{"duplicate content", func(m map[string]any) {
			f := item(m, "fields", 0)
			item(f, "contents", 1)["code"] = "A.1"
		}, `content "A.1": duplicate code`},
		{"content outside its field", func(m map[string]any) { item(item(m, "fields", 0), "contents", 0)["code"] = "B.9" }, "must start with its field's code"},
		{"impossible format", func(m map[string]any) { item(item(m, "fields", 0), "formats", 0)["min"] = 0 }, "minimum 0 must be at least 1"},
		{"unknown priority group", func(m map[string]any) {
			item(item(m, "fields", 7), "contents", 3)["priority"].(map[string]any)["groups"] = []any{3, 5}
		}, `content "H.4" priority: unknown group 5`},
		{"negative places", func(m map[string]any) { item(item(m, "quota_rows", 0), "allocations", 0)["places"] = -2 }, "places -2 must be at least 1"},
		{"quota for unknown agency", func(m map[string]any) {
			item(item(m, "quota_rows", 0), "allocations", 0)["select"] = map[string]any{"agencies": []any{"so_ma"}}
		}, `quota row 1 allocation 1: unknown agency "so_ma"`},
		{"duplicate quota id", func(m map[string]any) {
			r := item(m, "quota_rows", 1)
			r["allocations"] = append(list(r, "allocations"), item(r, "allocations", 0))
		}, `duplicate quota id "pl2-2-so_xay_dung"`},
		{"unknown study field", func(m map[string]any) { item(m, "quota_rows", 0)["study_field"] = "thien_van" }, `unknown study field "thien_van"`},
		{"deadline before the document", func(m map[string]any) { item(m, "quota_rows", 0)["deadline"] = "2020-12-31" }, "deadline"},
		{"share over 100", func(m map[string]any) { item(m, "targets", 0)["percent"] = 120 }, `target "boi_duong_2026": a share needs a percent from 1 to 100`},
		{"duplicate target", func(m map[string]any) { item(m, "targets", 1)["id"] = "boi_duong_2026" }, "id must be unique"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := docJSON(t)
			tt.breakIt(m)
			d, err := programme.Parse(mustJSON(t, m))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Parse() error = %v, want one containing %q", err, tt.want)
			}
			if !errors.Is(err, programme.ErrInvalid) {
				t.Errorf("error %v does not wrap ErrInvalid", err)
			}
			if d != nil {
				t.Errorf("Parse() returned a document with an error")
			}
		})
	}
}

func TestParseRefusesMalformedJSON(t *testing.T) {
	tests := []struct{ name, doc, want string }{
		{"not JSON", `{"version":`, "parse"},
		{"unknown key", `{"version":1,"verison":2}`, `unknown field "verison"`},
		{"bad date", `{"version":1,"effective_from":"27/9/2024"}`, "YYYY-MM-DD"},
		{"trailing data", `{"version":1} {}`, "after the JSON document"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := programme.Parse([]byte(tt.doc)); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse(%s) error = %v, want one containing %q", tt.doc, err, tt.want)
			}
		})
	}
}
