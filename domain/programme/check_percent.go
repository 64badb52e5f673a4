package programme

import "fmt"

func percentages(b Baseline, t Table) []Inconsistency {
	var out []Inconsistency
	for _, r := range allRows(t) {
		for i, printed := range r.Percents {
			if inc, bad := checkPercent(b, t, r, i, printed); bad {
				out = append(out, inc)
			}
		}
	}
	return out
}

// checkPercent checks the percentage printed in row r, column i.
func checkPercent(b Baseline, t Table, r Row, i int, printed string) (Inconsistency, bool) {
	p, err := parsePercent(printed)
	if printed == "" || err != nil || i >= len(r.Values) || i >= len(t.Columns) {
		return Inconsistency{}, false
	}
	base, baseVi, baseEn, ok := percentBase(b, t, r, i)
	got, ok2 := share(r.Values[i], base, p)
	if !ok || !ok2 || got.Scaled == p.Scaled {
		return Inconsistency{}, false
	}
	altVi, altEn := alternativeBase(t, r, i, p)
	c := t.Columns[i]
	return Inconsistency{Table: t.Number, Row: r.Key, Column: c.Code, Check: CheckPercentage,
		Printed: printed, Computed: got.String(),
		Vi: fmt.Sprintf("Bảng %d, dòng «%s», cột «%s»: tỷ lệ in %s nhưng %d/%d (%s) = %s.%s",
			t.Number, r.Label, c.Label(), printed, r.Values[i], base, baseVi, got, altVi),
		En: fmt.Sprintf("Table %d, row %q, column %q: printed %s but %d/%d (%s) = %s.%s",
			t.Number, r.Label, c.Label(), printed, r.Values[i], base, baseEn, got, altEn)}, true
}

// percentBase returns what the percentage in row r, column i is of: the
// figure the row's label names, else the row's total, else the total row.
func percentBase(b Baseline, t Table, r Row, i int) (base int, vi, en string, ok bool) {
	switch tc := t.Column(t.TotalColumn); {
	case r.PercentOf != nil:
		v, ok := b.Value(*r.PercentOf)
		return v, "cơ sở theo nhãn dòng: " + cellVi(b, *r.PercentOf), "the base the row's label names: " + cellEn(b, *r.PercentOf), ok
	case tc >= 0 && tc < len(r.Values):
		return r.Values[tc], "tổng của dòng", "the row's total", true
	case i < len(t.Total.Values):
		return t.Total.Values[i], "dòng tổng", "the total row", true
	}
	return 0, "", "", false
}

// alternativeBase explains a mismatch when the printed percentage fits
// another base the table offers: the sum of the rows' totals (when the
// printed grand total differs from it) or the table's total row.
func alternativeBase(t Table, r Row, i int, p percent) (vi, en string) {
	var alt int
	switch tc := t.Column(t.TotalColumn); {
	case r.PercentOf != nil && i < len(t.Total.Values):
		alt = t.Total.Values[i]
	case r.Key == t.Total.Key && tc >= 0:
		alt, _ = columnSum(t, tc)
	default:
		return "", ""
	}
	if got, ok := share(r.Values[i], alt, p); !ok || got.Scaled != p.Scaled {
		return "", ""
	}
	return fmt.Sprintf(" Tỷ lệ in khớp nếu tính trên %d.", alt), fmt.Sprintf(" The printed figure fits a base of %d.", alt)
}

func cellVi(b Baseline, ref CellRef) string {
	t, _ := b.Table(ref.Table)
	row, _ := t.Row(ref.Row)
	col := ref.Column
	if i := t.Column(ref.Column); i >= 0 {
		col = t.Columns[i].Label()
	}
	return fmt.Sprintf("Bảng %d, dòng «%s», cột «%s»", ref.Table, row.Label, col)
}

func cellEn(b Baseline, ref CellRef) string {
	t, _ := b.Table(ref.Table)
	row, _ := t.Row(ref.Row)
	col := ref.Column
	if i := t.Column(ref.Column); i >= 0 {
		col = t.Columns[i].Label()
	}
	return fmt.Sprintf("Table %d, row %q, column %q", ref.Table, row.Label, col)
}
