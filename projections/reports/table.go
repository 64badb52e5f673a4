// Package reports computes the programme's reports from the state of the
// event log as of any point, and writes them deterministically: the same
// log and point give byte-identical output, whose SHA-256 a sealed review
// records.
//
// The set of reports is a Registry built in cmd/ from Builtin and any
// other Report: a report is a name, a title and a function from the state
// as of a cut to a Table.
package reports

import (
	"encoding/json"
	"strconv"
)

// Value is one cell of a table: a string or a whole number. Numbers are
// written in decimal with no grouping, the same way every time.
type Value struct {
	s   string
	n   int64
	num bool
}

// Str returns a string cell.
func Str(s string) Value { return Value{s: s} }

// Int returns a number cell.
func Int(n int) Value { return Value{n: int64(n), num: true} }

// String returns the cell as text.
func (v Value) String() string {
	if v.num {
		return strconv.FormatInt(v.n, 10)
	}
	return v.s
}

// MarshalJSON writes a number or a string.
func (v Value) MarshalJSON() ([]byte, error) {
	if v.num {
		return []byte(v.String()), nil
	}
	return json.Marshal(v.s)
}

// Table is what a report computes: named columns and rows in a fixed
// order (never the order of a map).
type Table struct {
	Columns []string  `json:"columns"`
	Rows    [][]Value `json:"rows"`
	// Note explains an empty or partial table, in Vietnamese.
	Note string `json:"note,omitempty"`
}

// add appends a row.
func (t *Table) add(cells ...Value) { t.Rows = append(t.Rows, cells) }
