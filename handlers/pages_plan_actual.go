package handlers

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/labstack/echo/v4"

	"daotao/domain"
	"daotao/domain/planning"
	"daotao/projections/reports"
)

// planActualPage compares one year's approved plan with what was done,
// per agency, as a table and three charts (places, classes, costs); the
// figures are the plan_vs_actual report's, so they download as CSV and
// XLSX and read as of any date like every report.
type planActualPage struct {
	Year     int
	Years    []int
	Rows     []planActualRow
	Charts   []chart
	Approved bool
	Agencies map[string]string
	Query    string // the as_of of the request, for the download links
}

// planActualRow is one agency's row of the table.
type planActualRow struct {
	Agency string
	Values map[string]int
	Costs  map[string]int64
}

// planActualColumns are the report's figures, in the table's order.
var planActualColumns = []string{"classes_planned", "classes_opened", "classes_completed", "places_planned", "places_used",
	"delegations_planned", "delegations_sent", "seminars_planned", "seminars_held", "postgrad_planned", "postgrad_nominated",
	"postgrad_enrolled", "cost_planned_vnd", "cost_appraised_vnd", "cost_actual_vnd"}

func (s *Server) planActualPage(c echo.Context) error {
	p := domain.Problems{}
	year := queryInt(c, p, "year", planning.FirstYear, planning.LastYear)
	if err := p.Err(); err != nil {
		return err
	}
	if year == 0 {
		year = min(max(s.today().Time().Year(), planning.FirstYear), planning.LastYear)
	}
	if err := s.awaitRead(c); err != nil {
		return err
	}
	res, err := s.report(c, "plan_vs_actual")
	if err != nil {
		return err
	}
	doc, _ := s.planDoc(c, year)
	d := planActualPage{Year: year, Approved: s.cfg.State.Plan(year).Approved > 0, Agencies: agencyNames(doc)}
	if v := c.QueryParam("as_of"); v != "" {
		d.Query = "&" + url.Values{"as_of": {v}}.Encode()
	}
	for y := planning.FirstYear; y <= planning.LastYear; y++ {
		d.Years = append(d.Years, y)
	}
	table := res.Reports[0].Table
	for _, row := range table.Rows {
		if cellOf(table.Columns, row, "year") != strconv.Itoa(year) {
			continue
		}
		r := planActualRow{Agency: cellOf(table.Columns, row, "agency"), Values: map[string]int{}, Costs: map[string]int64{}}
		for _, col := range planActualColumns {
			r.Values[col] = cell(table.Columns, row, col)
			r.Costs[col] = int64(r.Values[col])
		}
		d.Rows = append(d.Rows, r)
	}
	d.Charts = planActualCharts(d, res.Reports[0])
	return s.render(c, http.StatusOK, "plan_actual", "Kế hoạch và thực hiện năm "+strconv.Itoa(year), d)
}

// planActualCharts draws, per agency, two figures against each other:
// what was planned (grey) and what was done (green).
func planActualCharts(d planActualPage, r reports.Named) []chart {
	pair := func(id, title, desc, planned, done string) chart {
		ch := chart{ID: id, Title: title, Desc: desc, Width: chartWidth, Report: r.Name}
		top := 1
		for _, row := range d.Rows {
			top = max(top, row.Values[planned], row.Values[done])
		}
		y := 10
		full := chartWidth - labelWidth - 90
		for _, row := range d.Rows {
			if row.Values[planned] == 0 && row.Values[done] == 0 {
				continue
			}
			name := d.Agencies[row.Agency]
			if name == "" {
				name = row.Agency
			}
			href := "/courses?" + url.Values{"agency": {row.Agency}}.Encode()
			ch.Labels = append(ch.Labels, chartText{X: 0, Y: y + 13, Text: ellipsis(name, 30), Anchor: "start", Small: true},
				chartText{X: chartWidth - 2, Y: y + 13, Text: formatInt(row.Values[done]) + "/" + formatInt(row.Values[planned]), Anchor: "end", Small: true})
			ch.Bars = append(ch.Bars,
				chartBar{X: labelWidth, Y: y, W: max(full*row.Values[planned]/top, 1), H: 18, Class: "bar-left", Href: href, Title: name + ": kế hoạch " + formatInt(row.Values[planned])},
				chartBar{X: labelWidth, Y: y + 4, W: max(full*row.Values[done]/top, 1), H: 10, Class: "bar-done", Href: href, Title: name + ": thực hiện " + formatInt(row.Values[done])})
			y += 28
		}
		ch.Height = max(y, 30)
		return ch
	}
	return []chart{
		pair("chart-places", "Chỗ học: kế hoạch và đã dùng", "Thanh xám: số chỗ kế hoạch phân bổ; thanh xanh: số chỗ đã có người học.", "places_planned", "places_used"),
		pair("chart-classes", "Lớp bồi dưỡng: kế hoạch và đã mở", "Thanh xám: số lớp kế hoạch giao chủ trì; thanh xanh: số lớp đã mở từ kế hoạch.", "classes_planned", "classes_opened"),
		pair("chart-postgrad", "Sau đại học: chỉ tiêu kế hoạch và đã trúng tuyển, được cử đi", "Thanh xám: số chỉ tiêu kế hoạch; thanh xanh: số người được cử đi học.", "postgrad_planned", "postgrad_enrolled"),
	}
}

// ellipsis cuts s to n runes, ending in "…" when cut.
func ellipsis(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
