package programme

import (
	"fmt"
	"slices"
)

// Row keys and column codes the checks and the demo roster read.
const (
	totalKey   = "tong"
	sizeColumn = "so_luong"
)

var (
	groupRows     = []string{"nhom_1", "nhom_2", "nhom_3", "nhom_4"}
	qualColumns   = []string{"dai_hoc", "thac_si", "tien_si"}
	ageBandColumn = []string{"duoi_40", "tu_40_den_45", "tu_45_den_50", "tu_50_den_55", "tren_55"}
)

func (v *validator) baseline(b Baseline) {
	for n := 1; n <= 6; n++ {
		count := 0
		for _, t := range b.Tables {
			if t.Number == n {
				count++
			}
		}
		if count != 1 {
			v.addf("baseline: table %d appears %d times, want once", n, count)
		}
	}
	for _, t := range b.Tables {
		v.table(b, t)
	}
	seen := map[string]bool{}
	for _, f := range b.TextFigures {
		if _, known := textChecks[f.ID]; !known || seen[f.ID] {
			v.addf("baseline: text figure %q is unknown or repeated", f.ID)
		}
		seen[f.ID] = true
	}
	for _, ref := range requiredCells() {
		if _, ok := b.Value(ref); !ok {
			v.addf("baseline: table %d has no figure in row %q, column %q", ref.Table, ref.Row, ref.Column)
		}
	}
}

func (v *validator) table(b Baseline, t Table) {
	where := fmt.Sprintf("baseline table %d", t.Number)
	for i, c := range t.Columns {
		if c.Code == "" || slices.ContainsFunc(t.Columns[:i], func(o Column) bool { return o.Code == c.Code }) {
			v.addf("%s: column %q is empty or repeated", where, c.Code)
		}
	}
	if t.TotalColumn != "" && t.Column(t.TotalColumn) < 0 {
		v.addf("%s: total column %q is not a column", where, t.TotalColumn)
	}
	keys := map[string]bool{}
	for _, r := range append(slices.Clone(t.Rows), t.Total) {
		if r.Key == "" || keys[r.Key] {
			v.addf("%s: row key %q is empty or repeated", where, r.Key)
		}
		keys[r.Key] = true
		v.row(b, where+" row "+r.Key, r, len(t.Columns))
	}
}

func (v *validator) row(b Baseline, where string, r Row, width int) {
	if len(r.Values) != width {
		v.addf("%s: %d values for %d columns", where, len(r.Values), width)
	}
	if len(r.Percents) != 0 && len(r.Percents) != width {
		v.addf("%s: %d percentages for %d columns", where, len(r.Percents), width)
	}
	for _, p := range r.Percents {
		if _, err := parsePercent(p); p != "" && err != nil {
			v.addf("%s: %v", where, err)
		}
	}
	if r.PercentOf != nil {
		if _, ok := b.Value(*r.PercentOf); !ok {
			v.addf("%s: percent_of names no printed figure", where)
		}
	}
}

// requiredCells lists every figure the checks and the demo roster read.
func requiredCells() []CellRef {
	var out []CellRef
	add := func(table int, rows, cols []string) {
		for _, r := range rows {
			for _, c := range cols {
				out = append(out, CellRef{table, r, c})
			}
		}
	}
	groupsAndTotal := append(slices.Clone(groupRows), totalKey)
	add(3, groupsAndTotal, append([]string{sizeColumn}, qualColumns...))
	add(4, groupsAndTotal, append(slices.Clone(ageBandColumn), totalKey))
	add(5, append(slices.Clone(qualColumns), totalKey), []string{sizeColumn})
	add(6, groupsAndTotal, []string{sizeColumn})
	for _, l := range crossLinks() {
		out = append(out, l.at)
		out = append(out, l.refs...)
	}
	for _, c := range textChecks {
		out = append(out, c.cells...)
	}
	return out
}
