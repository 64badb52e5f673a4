package handlers_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"daotao/domain/programme"
	"daotao/events"
)

// refVersion returns the X-Reference-Version of a response.
func refVersion(r response) string { return r.header.Get("X-Reference-Version") }

func TestCatalogue(t *testing.T) {
	w := newWorld(t)
	r := w.do(t, w.tamky, http.MethodGet, "/api/v1/catalogue", nil).want(t, http.StatusOK)
	var fields []programme.Field
	r.into(t, &fields)
	var codes, contents []string
	for _, f := range fields {
		codes = append(codes, f.Code)
		for _, c := range f.Contents {
			contents = append(contents, c.Code)
		}
	}
	if want := []string{"A", "B", "C", "D", "Đ", "E", "G", "H"}; !slices.Equal(codes, want) {
		t.Errorf("fields = %q, want %q", codes, want)
	}
	if len(contents) != 25 || !slices.Contains(contents, "B.2") {
		t.Errorf("contents = %q, want 25 with B.2", contents)
	}
	if got := refVersion(r); got != "1" {
		t.Errorf("X-Reference-Version = %q, want 1", got)
	}
}

func TestQuotas(t *testing.T) {
	w := newWorld(t)
	var quotas []struct {
		ID     string `json:"id"`
		Places int    `json:"places"`
		Used   int    `json:"used"`
		Left   int    `json:"left"`
	}
	w.do(t, w.council, http.MethodGet, "/api/v1/quotas", nil).want(t, http.StatusOK).into(t, &quotas)
	places := 0
	for _, q := range quotas {
		places += q.Places
		if q.Used != 0 || q.Left != q.Places {
			t.Errorf("quota %s: used %d, left %d; want 0 and its %d places", q.ID, q.Used, q.Left, q.Places)
		}
	}
	if len(quotas) != 115 || places != 174 {
		t.Errorf("%d quotas with %d places, want 115 with 174", len(quotas), places)
	}
}

func TestReferenceAsOf(t *testing.T) {
	w := newWorld(t)
	for _, path := range []string{"/api/v1/catalogue", "/api/v1/quotas", "/api/v1/targets"} {
		t.Run(path, func(t *testing.T) {
			w.do(t, w.yte, http.MethodGet, path+"?as_of=2024-09-27", nil).want(t, http.StatusOK)
			e := w.do(t, w.yte, http.MethodGet, path+"?as_of=2024-09-26", nil).failure(t, http.StatusNotFound, "not_found")
			if !strings.Contains(e.Message, "dữ liệu Đề án") || !strings.Contains(e.Message, "26/09/2024") {
				t.Errorf("message %q, want it to name the reference data and the day", e.Message)
			}
			for _, bad := range []string{"27/09/2024", "2024-02-30", "h%C3%B4m+nay"} {
				w.do(t, w.yte, http.MethodGet, path+"?as_of="+bad, nil).failure(t, http.StatusBadRequest, "invalid", "as_of")
			}
		})
	}
}

func TestTargets(t *testing.T) {
	w := newWorld(t)
	for range 4 {
		w.official(t, w.yte, officialBody("so_y_te"))
	}
	w.official(t, w.tamky, with(officialBody("ubnd_tam_ky"), "qualification", "thac_si"))
	var targets []struct {
		ID       string `json:"id"`
		Roster   int    `json:"roster"`
		Needed   int    `json:"needed"`
		Achieved *int   `json:"achieved"`
		Left     *int   `json:"left"`
		Basis    string `json:"basis"`
	}
	w.do(t, w.auditor, http.MethodGet, "/api/v1/targets", nil).want(t, http.StatusOK).into(t, &targets)
	// 7 officials: 20% is 1.4 people, so 2; 5% is 1; 50% is 4; 40% is 3,
	// of whom the one with a master's degree counts.
	want := map[string][3]int{"boi_duong_2026": {2, 0, 2}, "sau_dai_hoc_2026": {1, 0, 1}, "boi_duong_2030": {4, 0, 4},
		"trinh_do_sau_dai_hoc_2030": {3, 1, 2}}
	for _, tg := range targets {
		w, counted := want[tg.ID]
		switch {
		case counted && (tg.Achieved == nil || tg.Left == nil):
			t.Errorf("%s: achieved and left missing", tg.ID)
		case counted && (tg.Roster != 7 || tg.Needed != w[0] || *tg.Achieved != w[1] || *tg.Left != w[2]):
			t.Errorf("%s: roster %d, needed %d, achieved %d, left %d; want 7, %v", tg.ID, tg.Roster, tg.Needed, *tg.Achieved, *tg.Left, w)
		case !counted && tg.Achieved != nil:
			t.Errorf("%s: achieved %d, want none (not counted yet)", tg.ID, *tg.Achieved)
		}
		if tg.Basis == "" {
			t.Errorf("%s: no basis", tg.ID)
		}
		delete(want, tg.ID)
	}
	if len(want) > 0 {
		t.Errorf("targets missing: %v", want)
	}
}

func TestBaselineAPI(t *testing.T) {
	w := newWorld(t)
	var tables []programme.Table
	w.do(t, w.council, http.MethodGet, "/api/v1/baseline", nil).want(t, http.StatusOK).into(t, &struct {
		Tables *[]programme.Table `json:"tables"`
	}{&tables})
	if len(tables) != 6 {
		t.Errorf("%d tables, want 6", len(tables))
	}
	var issues []programme.Inconsistency
	w.do(t, w.council, http.MethodGet, "/api/v1/baseline/issues", nil).want(t, http.StatusOK).into(t, &issues)
	if len(issues) != 18 {
		t.Errorf("%d inconsistencies, want 18", len(issues))
	}
	if !slices.ContainsFunc(issues, func(i programme.Inconsistency) bool {
		return i.Table == 4 && i.Row == "nhom_3" && i.Column == "tong" && i.Printed == "892" && i.Computed == "850" && i.Vi != ""
	}) {
		t.Errorf("no inconsistency for Table 4, nhom_3: printed 892, computed 850 in %+v", issues)
	}
}

// versionTwo is the shipped document as version 2, from 1/7/2025, with Sở
// Ngoại vụ retired the day before.
func versionTwo(t *testing.T) []byte {
	t.Helper()
	doc, err := programme.Default()
	if err != nil {
		t.Fatal(err)
	}
	doc.Version, doc.EffectiveFrom = 2, mustDate(t, "2025-07-01")
	doc.Agencies = slices.Clone(doc.Agencies)
	for i := range doc.Agencies {
		if doc.Agencies[i].Code == "so_ngoai_vu" {
			doc.Agencies[i].ValidTo = mustDate(t, "2025-06-30")
		}
	}
	raw, err := doc.JSON()
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func mustDate(t *testing.T, s string) events.Date {
	t.Helper()
	d, err := events.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func publishBody(doc []byte) map[string]any {
	return map[string]any{"effective_from": "2025-07-01", "note": "Hợp nhất tỉnh", "document": json.RawMessage(doc)}
}

func TestPublishReference(t *testing.T) {
	w := newWorld(t)
	noivu := w.homeAffairs // the world's Sở Nội vụ account, sonoivu
	v2 := versionTwo(t)
	for _, tok := range []string{w.admin, w.council, w.auditor, w.yte} {
		w.refused(t, tok, http.MethodPost, "/api/v1/reference", publishBody(v2), http.StatusForbidden, "forbidden")
	}
	bad := []struct {
		name, field, says string
		body              map[string]any
	}{
		{"wrong version", "document", "Phiên bản phải là 2", publishBody(versionOne(t))},
		{"unknown key", "document", "bogus", publishBody([]byte(`{"version":2,"bogus":true}`))},
		{"broken rules", "document", "source", publishBody([]byte(`{"version":2,"effective_from":"2025-07-01"}`))},
		{"no date", "effective_from", "", with(publishBody(v2), "effective_from", nil)},
		{"bad date", "effective_from", "", with(publishBody(v2), "effective_from", "01/07/2025")},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			e := w.refused(t, noivu, http.MethodPost, "/api/v1/reference", tt.body, http.StatusBadRequest, "invalid")
			e.naming(t, tt.field)
			if !strings.Contains(e.Fields[tt.field], tt.says) {
				t.Errorf("%s: %q, want it to say %q", tt.field, e.Fields[tt.field], tt.says)
			}
		})
	}
	r := w.do(t, noivu, http.MethodPost, "/api/v1/reference", publishBody(v2)).want(t, http.StatusCreated)
	if got := r.object(t)["version"]; got != 2.0 {
		t.Errorf("published version %v, want 2", got)
	}
	for day, want := range map[string]string{"2025-06-30": "1", "2025-07-01": "2", "2025-07-02": "2", "": "1"} {
		if got := refVersion(w.do(t, w.yte, http.MethodGet, "/api/v1/catalogue?as_of="+day, nil).want(t, http.StatusOK)); got != want {
			t.Errorf("catalogue as of %q: version %s, want %s", day, got, want)
		}
	}
	var quotas []map[string]any
	w.do(t, w.yte, http.MethodGet, "/api/v1/quotas?as_of=2025-07-02", nil).want(t, http.StatusOK).into(t, &quotas)
	if len(quotas) != 114 {
		t.Errorf("%d quotas in version 2, want 114 (Sở Ngoại vụ's is gone)", len(quotas))
	}
	var versions []map[string]any
	w.do(t, w.auditor, http.MethodGet, "/api/v1/reference", nil).want(t, http.StatusOK).into(t, &versions)
	if len(versions) != 2 || versions[1]["published_by"] != "sonoivu" || versions[1]["note"] != "Hợp nhất tỉnh" {
		t.Errorf("versions %v, want 1 and 2 by sonoivu", versions)
	}
}

// versionOne is the shipped document as it is.
func versionOne(t *testing.T) []byte {
	t.Helper()
	doc, err := programme.Default()
	if err != nil {
		t.Fatal(err)
	}
	raw, err := doc.JSON()
	if err != nil {
		t.Fatal(err)
	}
	return raw
}
