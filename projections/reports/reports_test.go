package reports_test

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"daotao/events/memstore"
	"daotao/projections/asof"
	"daotao/projections/reports"
)

func registry(t *testing.T) *reports.Registry {
	t.Helper()
	reg, err := reports.NewRegistry(reports.Builtin()...)
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

// run replays st up to point and returns every report, decoded from JSON.
func run(t *testing.T, st *memstore.Store, point string) decoded {
	t.Helper()
	p, err := asof.Parse(point)
	if err != nil {
		t.Fatal(err)
	}
	in, err := reports.Replay(context.Background(), st.Read, p)
	if err != nil {
		t.Fatal(err)
	}
	res, err := registry(t).Run(in)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := reports.Body(res, reports.FormatJSON)
	var out decoded
	if err := json.Unmarshal(body, &out); err != nil {
		t.Fatalf("decode %s: %v", body, err)
	}
	return out
}

type decoded struct {
	AsOf    string `json:"as_of"`
	LastSeq uint64 `json:"last_seq"`
	Day     string `json:"day"`
	Reports []struct {
		Name    string
		Columns []string
		Rows    [][]any
	}
}

// cell returns the cell of report in column col of the row whose first
// cells are key, formatted as text.
func (d decoded) cell(t *testing.T, report, col string, key ...string) string {
	t.Helper()
	for _, r := range d.Reports {
		if r.Name != report {
			continue
		}
		c := slices.Index(r.Columns, col)
		for _, row := range r.Rows {
			if matches(row, key) && c >= 0 {
				b, _ := json.Marshal(row[c])
				return strings.Trim(string(b), `"`)
			}
		}
	}
	t.Fatalf("%s: no cell %s of row %v", report, col, key)
	return ""
}

func matches(row []any, key []string) bool {
	for i, k := range key {
		if s, _ := row[i].(string); s != k {
			return false
		}
	}
	return true
}

// TestAsOfFigures checks the reports against figures computed by hand from
// the scripted history (see scripted).
func TestAsOfFigures(t *testing.T) {
	st, quota := scripted(t)
	type want struct {
		report, col, value string
		key                []string
	}
	tests := []struct {
		point    string
		lastSeq  uint64
		day      string
		expected []want
	}{
		{"2025-06-30", 16, "2025-06-30", []want{
			{"targets", "roster", "10", []string{"boi_duong_2026"}},
			{"targets", "needed", "2", []string{"boi_duong_2026"}},
			{"targets", "achieved", "1", []string{"boi_duong_2026"}},
			{"targets", "left", "1", []string{"boi_duong_2026"}},
			{"targets", "needed", "1", []string{"sau_dai_hoc_2026"}},
			{"targets", "achieved", "0", []string{"sau_dai_hoc_2026"}},
			{"targets", "needed", "4", []string{"trinh_do_sau_dai_hoc_2030"}},
			{"targets", "achieved", "3", []string{"trinh_do_sau_dai_hoc_2030"}},
			{"targets", "left", "4", []string{"boi_duong_2030"}},
			{"targets", "achieved", "", []string{"doan_nuoc_ngoai_hang_nam"}},
			{"quotas", "used", "0", []string{quota}},
			{"nominations_by_status", "boi_duong", "1", []string{"approved"}},
			{"nominations_by_status", "sau_dai_hoc", "1", []string{"submitted"}},
		}},
		{"2025-12-31", 21, "2025-12-31", []want{
			{"targets", "achieved", "1", []string{"boi_duong_2026"}},
			{"targets", "left", "0", []string{"sau_dai_hoc_2026"}},
			{"quotas", "used", "1", []string{quota}},
			{"nominations_by_status", "boi_duong", "1", []string{"draft"}},
			{"nominations_by_status", "boi_duong", "1", []string{"submitted"}},
			{"nominations_by_status", "sau_dai_hoc", "1", []string{"approved"}},
			{"nominations_by_status", "total", "4", []string{"total"}},
			{"roster_profile", "nhom_4", "4", []string{"all", "all"}},
			{"roster_profile", "total", "10", []string{"all", "all"}},
			{"roster_profile", "nhom_1", "2", []string{"qualification", "thac_si"}},
			{"roster_profile", "nhom_2", "1", []string{"qualification", "tien_si"}},
			{"roster_profile", "total", "7", []string{"qualification", "dai_hoc"}},
			{"roster_profile", "nhom_4", "2", []string{"gender", "nam"}},
			{"roster_profile", "total", "10", []string{"field", "hanh_chinh_luat"}},
		}},
		{"2026-03-01", 22, "2026-03-01", []want{
			{"targets", "achieved", "2", []string{"boi_duong_2026"}},
			{"targets", "left", "0", []string{"boi_duong_2026"}},
			{"nominations_by_status", "boi_duong", "2", []string{"approved"}},
		}},
		{"seq:11", 11, "2025-03-01", []want{
			{"targets", "roster", "10", []string{"boi_duong_2026"}},
			{"nominations_by_status", "total", "0", []string{"total"}},
		}},
		{"seq:17", 17, "2025-07-01", []want{
			{"targets", "achieved", "1", []string{"sau_dai_hoc_2026"}},
			{"quotas", "used", "0", []string{quota}},
		}},
		{"2024-12-31", 0, "2024-12-31", []want{
			{"nominations_by_status", "total", "0", []string{"total"}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.point, func(t *testing.T) {
			got := run(t, st, tt.point)
			if got.LastSeq != tt.lastSeq || got.Day != tt.day || got.AsOf != tt.point {
				t.Errorf("as_of %q last seq %d day %s; want %q, %d, %s", got.AsOf, got.LastSeq, got.Day, tt.point, tt.lastSeq, tt.day)
			}
			for _, w := range tt.expected {
				if v := got.cell(t, w.report, w.col, w.key...); v != w.value {
					t.Errorf("%s %v %s = %s; want %s", w.report, w.key, w.col, v, w.value)
				}
			}
		})
	}
}

// TestNoReferenceInForce checks that reports needing reference data say
// so rather than fail.
func TestNoReferenceInForce(t *testing.T) {
	st, _ := scripted(t)
	p, _ := asof.Parse("2024-12-31")
	in, _ := reports.Replay(context.Background(), st.Read, p)
	res, err := registry(t).Run(in, "targets", "quotas")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res.Reports {
		if len(r.Rows) != 0 || !strings.Contains(r.Note, "2024-12-31") {
			t.Errorf("%s: %d rows, note %q; want none and a note", r.Name, len(r.Rows), r.Note)
		}
	}
}

// TestDeterministic replays twice into fresh states and compares the
// bytes of every format, trailer included.
func TestDeterministic(t *testing.T) {
	st, _ := scripted(t)
	for _, format := range []string{reports.FormatJSON, reports.FormatCSV} {
		for _, point := range []string{"2025-12-31", "seq:20"} {
			a, b := output(t, st, point, format), output(t, st, point, format)
			if !bytes.Equal(a, b) {
				t.Errorf("%s %s: two replays differ:\n%s\n---\n%s", format, point, a, b)
			}
		}
	}
}

// output is the whole output of a replay: body then trailer.
func output(t *testing.T, st *memstore.Store, point, format string) []byte {
	t.Helper()
	p, _ := asof.Parse(point)
	in, err := reports.Replay(context.Background(), st.Read, p)
	if err != nil {
		t.Fatal(err)
	}
	res, err := registry(t).Run(in)
	if err != nil {
		t.Fatal(err)
	}
	body, err := reports.Body(res, format)
	if err != nil {
		t.Fatal(err)
	}
	return append(body, reports.Trailer(body, res, "test", format)...)
}

func TestTrailerHashesTheBody(t *testing.T) {
	st, _ := scripted(t)
	for _, format := range []string{reports.FormatJSON, reports.FormatCSV} {
		out := output(t, st, "2025-12-31", format)
		cut := bytes.LastIndexByte(out[:len(out)-1], '\n') + 1
		body, trailer := out[:cut], string(out[cut:])
		if !strings.Contains(trailer, reports.Hash(body)) || !strings.Contains(trailer, "21") || !strings.Contains(trailer, "test") {
			t.Errorf("%s trailer %q does not carry the body's hash %s, last seq 21 and the version", format, trailer, reports.Hash(body))
		}
	}
}

func TestRegistry(t *testing.T) {
	build := func(reports.Input) (reports.Table, error) { return reports.Table{}, nil }
	if _, err := reports.NewRegistry(reports.Report{Name: "a", Build: build}, reports.Report{Name: "a", Build: build}); err == nil {
		t.Error("two reports of one name accepted")
	}
	if _, err := reports.NewRegistry(reports.Report{Name: "a"}); err == nil {
		t.Error("a report without a function accepted")
	}
	reg := registry(t)
	if got := reg.Names(); !slices.IsSorted(got) || len(got) != len(reports.Builtin()) || !slices.Contains(got, "targets") || !slices.Contains(got, "target_gaps") {
		t.Errorf("Names = %v", got)
	}
	if _, err := reg.Run(reports.Input{}, "nope"); err == nil || !strings.Contains(err.Error(), "targets") {
		t.Errorf("unknown report: err %v; want one listing the reports", err)
	}
	if _, err := reports.Body(reports.Result{}, "xlsx"); err == nil {
		t.Error("unknown format accepted")
	}
}
