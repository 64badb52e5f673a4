package programme

import (
	"fmt"
	"slices"
)

// What an Inconsistency is about.
const (
	CheckRowTotal    = "row_total"    // a row's printed total vs the sum of its parts
	CheckColumnTotal = "column_total" // a printed total row vs the sum of the rows
	CheckPercentage  = "percentage"   // a printed percentage vs its figures
	CheckCrossTable  = "cross_table"  // a figure printed in two tables
	CheckText        = "text"         // a figure the narrative quotes
)

// Inconsistency is one place where the printed baseline disagrees with
// itself. Table is 1–6, or 0 for a figure of the narrative (Row then holds
// the figure's id). Row and Column are the row key and column code; Printed
// is the figure as printed and Computed what the other figures give, both
// written as the seed writes them. Vi and En describe it for people.
type Inconsistency struct {
	Table    int    `json:"table"`
	Row      string `json:"row"`
	Column   string `json:"column"`
	Check    string `json:"check"`
	Printed  string `json:"printed"`
	Computed string `json:"computed"`
	Vi       string `json:"vi"`
	En       string `json:"en"`
}

// CheckBaseline checks every row total, column total and printed
// percentage of each table, every figure printed in two tables and every
// figure the narrative quotes, and returns one Inconsistency per
// disagreement: per table in number order its row totals, column totals
// and percentages, then the cross-table figures, then the narrative. It
// never changes b. Cells a hand-built b lacks are skipped.
func CheckBaseline(b Baseline) []Inconsistency {
	tables := slices.Clone(b.Tables)
	slices.SortStableFunc(tables, func(x, y Table) int { return x.Number - y.Number })
	var out []Inconsistency
	for _, t := range tables {
		out = append(out, rowTotals(t)...)
		out = append(out, columnTotals(t)...)
		out = append(out, percentages(b, t)...)
	}
	out = append(out, crossTable(b)...)
	return append(out, textFigures(b)...)
}

// allRows returns the table's rows followed by its total row.
func allRows(t Table) []Row { return append(slices.Clone(t.Rows), t.Total) }

func rowTotals(t Table) []Inconsistency {
	tc := t.Column(t.TotalColumn)
	if tc < 0 {
		return nil
	}
	var out []Inconsistency
	for _, r := range allRows(t) {
		if len(r.Values) != len(t.Columns) {
			continue
		}
		sum := 0
		for i, v := range r.Values {
			if i != tc {
				sum += v
			}
		}
		if printed := r.Values[tc]; printed != sum {
			out = append(out, Inconsistency{Table: t.Number, Row: r.Key, Column: t.TotalColumn, Check: CheckRowTotal,
				Printed: fmt.Sprint(printed), Computed: fmt.Sprint(sum),
				Vi: fmt.Sprintf("Bảng %d, dòng «%s»: cột «%s» in %d nhưng cộng các cột thành phần được %d (chênh %+d).",
					t.Number, r.Label, t.Columns[tc].Label(), printed, sum, sum-printed),
				En: fmt.Sprintf("Table %d, row %q: the printed total %d (column %q) differs from the sum of its parts, %d (%+d).",
					t.Number, r.Label, printed, t.Columns[tc].Label(), sum, sum-printed)})
		}
	}
	return out
}

func columnTotals(t Table) []Inconsistency {
	if len(t.Total.Values) != len(t.Columns) {
		return nil
	}
	var out []Inconsistency
	for i, c := range t.Columns {
		sum, complete := columnSum(t, i)
		if printed := t.Total.Values[i]; complete && printed != sum {
			out = append(out, Inconsistency{Table: t.Number, Row: t.Total.Key, Column: c.Code, Check: CheckColumnTotal,
				Printed: fmt.Sprint(printed), Computed: fmt.Sprint(sum),
				Vi: fmt.Sprintf("Bảng %d, cột «%s»: dòng «%s» in %d nhưng cộng các dòng được %d (chênh %+d).",
					t.Number, c.Label(), t.Total.Label, printed, sum, sum-printed),
				En: fmt.Sprintf("Table %d, column %q: the printed total %d (row %q) differs from the sum of the rows, %d (%+d).",
					t.Number, c.Label(), printed, t.Total.Label, sum, sum-printed)})
		}
	}
	return out
}

// columnSum adds column i over the rows; complete is false when a row is
// too short to have it.
func columnSum(t Table, i int) (sum int, complete bool) {
	for _, r := range t.Rows {
		if i >= len(r.Values) {
			return 0, false
		}
		sum += r.Values[i]
	}
	return sum, true
}
