package handlers

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"daotao/domain"
	"daotao/domain/programme"
)

type baselinePage struct {
	Frame   programmeFrame
	Version int
	Source  string
	Tables  []tableView
	Texts   []textView
	Issues  issueList
}

// tableView is a baseline table laid out as printed: one or two header
// rows (a split column's header spans its parts), then the rows.
type tableView struct {
	programme.Table
	Groups   []colGroup
	Head     []headCell
	Sub      []headCell // second header row; empty when no column is split
	Rows     []rowView
	Issues   int
	AsOfText string // "01/2024"
}

type colGroup struct{ Span int }

type headCell struct {
	Label            string
	Colspan, Rowspan int
	Scope            string
}

type rowView struct {
	Label, Note string
	Total       bool
	Cells       []cellView
}

// cellView is a printed figure and the inconsistencies found in it.
type cellView struct {
	Value, Percent string
	Issues         issueList
}

type textView struct {
	programme.TextFigure
	Issues issueList
}

type issueList []issueView

// Title joins the descriptions of the inconsistencies, for a tooltip.
func (l issueList) Title() string {
	parts := make([]string, len(l))
	for i, inc := range l {
		parts[i] = inc.Vi
	}
	return strings.Join(parts, " ")
}

// issueView is an inconsistency with its number on the page and the
// printed labels of its row and column.
type issueView struct {
	programme.Inconsistency
	N                            int
	Where, RowLabel, ColumnLabel string
	Kind                         string
	Printed, Computed            string // figures with Vietnamese digit grouping
}

// Anchor is the id of the issue's line in the list.
func (i issueView) Anchor() string { return "issue-" + strconv.Itoa(i.N) }

func (s *Server) baselinePage(c echo.Context) error {
	f, status, err := s.programmeFrame(c)
	if err != nil {
		return err
	}
	p := baselinePage{Frame: f}
	b, ok := s.cfg.State.Baseline()
	if !ok {
		return domain.NotFound("số liệu gốc")
	}
	p.Version, p.Source = b.Version, b.Tables.Source
	p.Issues = issueViews(b.Tables)
	byCell := map[programme.CellRef]issueList{}
	for _, i := range p.Issues {
		ref := programme.CellRef{Table: i.Table, Row: i.Row, Column: i.Column}
		byCell[ref] = append(byCell[ref], i)
	}
	for _, t := range b.Tables.Tables {
		p.Tables = append(p.Tables, tableOf(t, byCell))
	}
	for _, tf := range b.Tables.TextFigures {
		p.Texts = append(p.Texts, textView{TextFigure: tf, Issues: byCell[programme.CellRef{Row: tf.ID}]})
	}
	if status == http.StatusNotFound {
		status = http.StatusOK // the baseline does not depend on the reference version
	}
	return s.renderProgramme(c, status, "programme_baseline", "Số liệu gốc (Bảng 1–6)", p, "")
}

func issueViews(b programme.Baseline) issueList {
	var out issueList
	for n, inc := range programme.CheckBaseline(b) {
		v := issueView{Inconsistency: inc, N: n + 1, Kind: label(inconsistencyLabels, inc.Check), RowLabel: inc.Row, ColumnLabel: inc.Column,
			Printed: groupDigits(inc.Printed), Computed: groupDigits(inc.Computed)}
		if t, ok := b.Table(inc.Table); ok {
			v.Where = "Bảng " + strconv.Itoa(inc.Table)
			if r, ok := t.Row(inc.Row); ok {
				v.RowLabel = r.Label
			}
			if i := t.Column(inc.Column); i >= 0 {
				v.ColumnLabel = t.Columns[i].Label()
			}
		} else {
			v.Where, v.ColumnLabel = "Văn bản", "—"
			for _, tf := range b.TextFigures {
				if tf.ID == inc.Row {
					v.RowLabel = tf.Section + ": «" + tf.Printed + "»"
				}
			}
		}
		out = append(out, v)
	}
	return out
}

func tableOf(t programme.Table, byCell map[programme.CellRef]issueList) tableView {
	v := tableView{Table: t, AsOfText: monthYear(t.AsOf)}
	v.Groups, v.Head, v.Sub = tableHead(t)
	rows := t.Rows
	// A total row whose label announces what follows ("TỔNG: - Trong
	// đó:") is printed above the rows, as in Table 4.
	totalFirst := strings.Contains(strings.ToLower(t.Total.Label), "trong đó")
	if totalFirst {
		rows = append([]programme.Row{t.Total}, rows...)
	} else {
		rows = append(append([]programme.Row{}, rows...), t.Total)
	}
	for _, r := range rows {
		rv := rowView{Label: r.Label, Note: r.Note, Total: r.Key == t.Total.Key}
		for i, c := range t.Columns {
			cell := cellView{Issues: byCell[programme.CellRef{Table: t.Number, Row: r.Key, Column: c.Code}]}
			if i < len(r.Values) {
				cell.Value = formatInt(r.Values[i])
			}
			if i < len(r.Percents) {
				cell.Percent = r.Percents[i]
			}
			v.Issues += len(cell.Issues)
			rv.Cells = append(rv.Cells, cell)
		}
		v.Rows = append(v.Rows, rv)
	}
	return v
}

// tableHead lays out the header rows: a split column's header spans its
// consecutive parts (scope colgroup), each part is a column of the second
// row; unsplit columns span both rows.
func tableHead(t programme.Table) ([]colGroup, []headCell, []headCell) {
	split := false
	for _, c := range t.Columns {
		split = split || c.Header != ""
	}
	rowspan := 1
	if split {
		rowspan = 2
	}
	groups := []colGroup{{Span: 1}}
	head := []headCell{{Label: t.RowHeader, Rowspan: rowspan, Colspan: 1, Scope: "col"}}
	var sub []headCell
	for i := 0; i < len(t.Columns); {
		c := t.Columns[i]
		if c.Header == "" {
			groups = append(groups, colGroup{Span: 1})
			head = append(head, headCell{Label: c.Name, Rowspan: rowspan, Colspan: 1, Scope: "col"})
			i++
			continue
		}
		j := i
		for j < len(t.Columns) && t.Columns[j].Header == c.Header {
			sub = append(sub, headCell{Label: t.Columns[j].Name, Rowspan: 1, Colspan: 1, Scope: "col"})
			j++
		}
		groups = append(groups, colGroup{Span: j - i})
		head = append(head, headCell{Label: c.Header, Rowspan: 1, Colspan: j - i, Scope: "colgroup"})
		i = j
	}
	return groups, head, sub
}

// groupDigits writes a whole number with Vietnamese digit grouping and
// leaves anything else (a percentage, "hơn 60%") as it is.
func groupDigits(s string) string {
	if n, err := strconv.Atoi(s); err == nil {
		return formatInt(n)
	}
	return s
}
