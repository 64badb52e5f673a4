package domain

import "strings"

// ReportTable is a report as text: its columns and rows of cells.
type ReportTable struct {
	Name    string
	Title   string
	Columns []string
	Rows    [][]string
}

// ReportDifference is one cell of a report that differs between two
// versions: the report, the row (its key cells joined by " / "), the
// column, the value before and after ("" for a row that is absent), and
// the correction that caused it.
type ReportDifference struct {
	Report     string `json:"report"`
	Row        string `json:"row"`
	Column     string `json:"column"`
	Before     string `json:"before"`
	After      string `json:"after"`
	Correction string `json:"correction,omitempty"`
}

// DiffReports lists the cells that differ between before and after, report
// by report in after's order (then reports only in before), row by row in
// after's order (then rows only in before), column by column. A row is
// identified by its first cells: as few as make every row of both
// versions distinct. Each difference is attributed to correction.
func DiffReports(before, after []ReportTable, correction string) []ReportDifference {
	var out []ReportDifference
	byName := map[string]ReportTable{}
	for _, t := range before {
		byName[t.Name] = t
	}
	done := map[string]bool{}
	for _, a := range after {
		done[a.Name] = true
		out = append(out, diffTable(byName[a.Name], a, a.Name, correction)...)
	}
	for _, b := range before {
		if !done[b.Name] {
			out = append(out, diffTable(b, ReportTable{}, b.Name, correction)...)
		}
	}
	return out
}

func diffTable(before, after ReportTable, name, correction string) []ReportDifference {
	k := keyWidth(before.Rows, after.Rows)
	cols := after.Columns
	if len(cols) == 0 {
		cols = before.Columns
	}
	index := func(t ReportTable) map[string]map[string]string {
		m := map[string]map[string]string{}
		for _, row := range t.Rows {
			cells := map[string]string{}
			for i, c := range t.Columns {
				if i < len(row) {
					cells[c] = row[i]
				}
			}
			m[rowKey(row, k)] = cells
		}
		return m
	}
	b, a := index(before), index(after)
	var keys []string
	seen := map[string]bool{}
	for _, rows := range [][][]string{after.Rows, before.Rows} {
		for _, row := range rows {
			if key := rowKey(row, k); !seen[key] {
				seen[key] = true
				keys = append(keys, key)
			}
		}
	}
	var out []ReportDifference
	for _, key := range keys {
		for i, c := range cols {
			if i < k {
				continue
			}
			if b[key][c] != a[key][c] {
				out = append(out, ReportDifference{Report: name, Row: key, Column: c, Before: b[key][c], After: a[key][c], Correction: correction})
			}
		}
	}
	return out
}

// keyWidth returns how many first cells make every row of each version
// distinct (at least 1).
func keyWidth(versions ...[][]string) int {
	widest := 1
	for _, rows := range versions {
		for _, r := range rows {
			widest = max(widest, len(r))
		}
	}
	for k := 1; k <= widest; k++ {
		ok := true
		for _, rows := range versions {
			seen := map[string]bool{}
			for _, r := range rows {
				key := rowKey(r, k)
				if seen[key] {
					ok = false
					break
				}
				seen[key] = true
			}
		}
		if ok {
			return k
		}
	}
	return widest
}

func rowKey(row []string, k int) string {
	return strings.Join(row[:min(k, len(row))], " / ")
}
