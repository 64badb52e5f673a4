package programme

import (
	"fmt"
	"slices"
)

// Baseline is Tables 1–6 of Phần I.II.2 and the figures the text quotes
// from them, entered exactly as printed, printed totals and percentages
// included. CheckBaseline reports where they disagree.
type Baseline struct {
	Source      string       `json:"source"`
	Tables      []Table      `json:"tables"`
	TextFigures []TextFigure `json:"text_figures"`
}

// Table is one printed table. Every row has one value per column; a row's
// Percents, when printed, has one cell per column ("" where none is
// printed). TotalColumn names the column that holds each row's total, when
// the table has one. Total is the printed total row.
type Table struct {
	Number      int      `json:"number"`
	Title       string   `json:"title"`
	Footnote    string   `json:"footnote,omitempty"`
	AsOf        string   `json:"as_of,omitempty"`
	RowHeader   string   `json:"row_header"`
	Note        string   `json:"note,omitempty"`
	Columns     []Column `json:"columns"`
	TotalColumn string   `json:"total_column,omitempty"`
	Rows        []Row    `json:"rows"`
	Total       Row      `json:"total"`
}

// Column is a value column: a code, its printed name and, for a split
// column, the printed header above it.
type Column struct {
	Code   string `json:"code"`
	Header string `json:"header,omitempty"`
	Name   string `json:"name"`
}

// Label returns the column's printed header and name.
func (c Column) Label() string {
	if c.Header == "" {
		return c.Name
	}
	return c.Header + " – " + c.Name
}

// Row is a printed row. Percents are kept as printed ("5,06%", "35.38%").
// PercentOf is the figure the row's label says its percentages are of,
// when that is not the row's own total.
type Row struct {
	Key       string   `json:"key"`
	Label     string   `json:"label"`
	Values    []int    `json:"values"`
	Percents  []string `json:"percents,omitempty"`
	PercentOf *CellRef `json:"percent_of,omitempty"`
	Note      string   `json:"note,omitempty"`
}

// CellRef names one printed figure.
type CellRef struct {
	Table  int    `json:"table"`
	Row    string `json:"row"`
	Column string `json:"column"`
}

// TextFigure is a figure the narrative states about the tables.
type TextFigure struct {
	ID      string `json:"id"`
	Section string `json:"section"`
	Printed string `json:"printed"`
	Quote   string `json:"quote"`
}

// DefaultBaseline returns Tables 1–6 as embedded from data/baseline.json.
// It returns an error only if that file is broken.
func DefaultBaseline() (Baseline, error) {
	b, err := dataFS.ReadFile("data/baseline.json")
	if err != nil {
		return Baseline{}, fmt.Errorf("programme: %w", err)
	}
	return ParseBaseline(b)
}

// ParseBaseline reads and validates a baseline document: Tables 1–6 each
// once, every row as wide as its columns, percentages in the form "12,3%",
// references and text figures known, and the rows and columns the checks
// and the demo roster read present. Unknown JSON keys are refused.
func ParseBaseline(data []byte) (Baseline, error) {
	var b Baseline
	if err := decodeStrict(data, &b); err != nil {
		return Baseline{}, fmt.Errorf("programme: parse baseline: %w", err)
	}
	v := &validator{}
	v.baseline(b)
	if err := v.err(); err != nil {
		return Baseline{}, err
	}
	return b, nil
}

// Table returns table n (1–6), or false.
func (b Baseline) Table(n int) (Table, bool) {
	i := slices.IndexFunc(b.Tables, func(t Table) bool { return t.Number == n })
	if i < 0 {
		return Table{}, false
	}
	return b.Tables[i], true
}

// Value returns the printed figure at ref, or false.
func (b Baseline) Value(ref CellRef) (int, bool) {
	t, ok := b.Table(ref.Table)
	if !ok {
		return 0, false
	}
	return t.Value(ref.Row, ref.Column)
}

// Column returns the index of column code, or -1.
func (t Table) Column(code string) int {
	return slices.IndexFunc(t.Columns, func(c Column) bool { return c.Code == code })
}

// Row returns the row with key, the total row included, or false.
func (t Table) Row(key string) (Row, bool) {
	if t.Total.Key == key {
		return t.Total, true
	}
	i := slices.IndexFunc(t.Rows, func(r Row) bool { return r.Key == key })
	if i < 0 {
		return Row{}, false
	}
	return t.Rows[i], true
}

// Value returns the printed figure of row key in column code, or false.
func (t Table) Value(key, code string) (int, bool) {
	r, ok := t.Row(key)
	c := t.Column(code)
	if !ok || c < 0 || c >= len(r.Values) {
		return 0, false
	}
	return r.Values[c], true
}

// Counts returns row key's figures for the given columns, in that order.
func (t Table) Counts(key string, columns []string) []int {
	out := make([]int, len(columns))
	for i, c := range columns {
		out[i], _ = t.Value(key, c)
	}
	return out
}
