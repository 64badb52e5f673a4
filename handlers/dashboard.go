package handlers

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/labstack/echo/v4"

	"daotao/domain"
	"daotao/projections/reports"
)

// The dashboard draws the targets and the yearly trends as SVG on the
// server (no script, no inline style: the CSP allows neither); every bar
// links down to its report or to the nominations and officials it counts.

// chart is one SVG chart.
type chart struct {
	ID, Title, Desc string
	Width, Height   int
	Bars            []chartBar
	Labels          []chartText
	Report          string // the report the chart draws
}

// chartBar is one rectangle, a link with a tooltip.
type chartBar struct {
	X, Y, W, H int
	Class      string
	Href       string
	Title      string
}

// chartText is one label.
type chartText struct {
	X, Y   int
	Text   string
	Anchor string // start, middle or end
	Small  bool
}

// dashboardData is what the dashboard page shows.
type dashboardData struct {
	Charts  []chart
	Targets []targetLine
	Day     string
	Agency  string
	Note    string // why there are no targets (no reference data in force)
}

// targetLine is a share target's figures in words, next to the charts.
type targetLine struct {
	ID, Measure                         string
	Percent, Roster, Needed, Done, Left int
	Href                                string
}

// targetNames are the share targets' short names.
var targetNames = map[string]string{
	"boi_duong_2026": "Bồi dưỡng chuyên sâu 20% đến 2026", "boi_duong_2030": "Bồi dưỡng chuyên sâu 50% đến 2030",
	"sau_dai_hoc_2026": "Cử đi sau đại học 5% đến 2026", "trinh_do_sau_dai_hoc_2030": "Trình độ sau đại học 40% đến 2030",
}

func targetName(id string) string {
	if n, ok := targetNames[id]; ok {
		return n
	}
	return id
}

// dashboardPage shows the targets and the yearly trends.
func (s *Server) dashboardPage(c echo.Context) error {
	if err := s.awaitRead(c); err != nil {
		return err
	}
	get := func(name string) (reports.Named, error) {
		res, err := s.report(c, name)
		if err != nil {
			return reports.Named{}, err
		}
		return res.Reports[0], nil
	}
	gaps, err := get("target_gaps")
	if err != nil {
		return err
	}
	d := dashboardData{}
	if a := actorOf(c); a.Role == string(domain.RoleAgency) {
		d.Agency = a.Agency
	}
	d.Targets = targetLines(gaps)
	if len(d.Targets) == 0 {
		d.Note = gaps.Note
	}
	d.Charts = append(d.Charts, progressChart(d.Targets), groupChart(gaps, "boi_duong_2026"))
	if d.Agency != "" {
		d.Charts = append(d.Charts, agencyChart(gaps, d.Agency, s.agencyName(d.Agency)))
	}
	for _, y := range []struct{ name, title, col string }{
		{"refresher_by_year", "Lượt cử đi bồi dưỡng theo năm (2010–2023: số liệu gốc; từ 2024: hệ thống)", "tong"},
		{"training_by_year", "Lượt cử đi đào tạo theo năm (2010–2023: số liệu gốc; từ 2024: hệ thống)", "tong"},
	} {
		r, err := get(y.name)
		if err != nil {
			return err
		}
		d.Charts = append(d.Charts, yearChart(r, y.title, y.col))
	}
	byYear, err := get("targets_by_year")
	if err != nil {
		return err
	}
	d.Charts = append(d.Charts, cumulativeChart(byYear))
	dele, err := get("delegations_abroad")
	if err != nil {
		return err
	}
	d.Charts = append(d.Charts, delegationChart(dele))
	res, _ := s.report(c, "targets_by_year")
	d.Day = res.Day
	return s.render(c, http.StatusOK, "dashboard", "Bảng điều khiển mục tiêu", d)
}

// cell returns the number in column col of row, 0 when it is not one.
func cell(cols []string, row []reports.Value, col string) int {
	for i, c := range cols {
		if c == col && i < len(row) {
			n, _ := row[i].Number()
			return int(n)
		}
	}
	return 0
}

func targetLines(gaps reports.Named) []targetLine {
	var out []targetLine
	for _, row := range gaps.Rows {
		if cellOf(gaps.Columns, row, "dimension") != "all" {
			continue
		}
		id := cellOf(gaps.Columns, row, "target")
		kind := map[string]string{"refresher_trained": domain.KindRefresher, "postgrad_sent": domain.KindPostgraduate}[cellOf(gaps.Columns, row, "measure")]
		href := reportLink("target_gaps") + "#" + id
		if kind != "" {
			href = "/nominations?" + url.Values{"kind": {kind}, "status": {"approved"}}.Encode()
		} else {
			href = "/officials"
		}
		out = append(out, targetLine{ID: id, Measure: targetName(id), Percent: cell(gaps.Columns, row, "percent"),
			Roster: cell(gaps.Columns, row, "roster"), Needed: cell(gaps.Columns, row, "needed"),
			Done: cell(gaps.Columns, row, "achieved"), Left: cell(gaps.Columns, row, "left"), Href: href})
	}
	return out
}

const (
	chartWidth = 560
	labelWidth = 250
)

// progressChart draws each share target: achieved against needed.
func progressChart(lines []targetLine) chart {
	ch := chart{ID: "chart-targets", Title: "Tiến độ các mục tiêu (người đã đạt / cần đạt)", Width: chartWidth, Report: "target_gaps",
		Desc: "Thanh xanh: số người đã đạt; phần xám: số người còn thiếu."}
	y := 10
	for _, l := range lines {
		full := chartWidth - labelWidth - 60
		done := 0
		if l.Needed > 0 {
			done = min(full, full*l.Done/l.Needed)
		}
		ch.Labels = append(ch.Labels, chartText{X: 0, Y: y + 13, Text: l.Measure, Anchor: "start", Small: true})
		ch.Bars = append(ch.Bars,
			chartBar{X: labelWidth, Y: y, W: full, H: 18, Class: "bar-left", Href: l.Href, Title: l.Measure + ": còn thiếu " + formatInt(l.Left) + " người"},
			chartBar{X: labelWidth, Y: y, W: done, H: 18, Class: "bar-done", Href: l.Href, Title: l.Measure + ": đã đạt " + formatInt(l.Done) + " / " + formatInt(l.Needed) + " người"})
		ch.Labels = append(ch.Labels, chartText{X: chartWidth - 2, Y: y + 13, Text: formatInt(l.Done) + "/" + formatInt(l.Needed), Anchor: "end", Small: true})
		y += 28
	}
	ch.Height = max(y, 30)
	return ch
}

// groupChart draws target id by group: achieved against needed.
func groupChart(gaps reports.Named, id string) chart {
	ch := chart{ID: "chart-groups", Title: targetName(id) + ": theo nhóm", Width: chartWidth, Report: "target_gaps",
		Desc: "Mỗi nhóm: thanh xanh là số người đã đạt, phần xám là số người còn thiếu so với số cần đạt của nhóm."}
	y := 10
	for _, row := range gaps.Rows {
		if cellOf(gaps.Columns, row, "target") != id || cellOf(gaps.Columns, row, "dimension") != "group" {
			continue
		}
		g := cellOf(gaps.Columns, row, "value")
		needed, done := cell(gaps.Columns, row, "needed"), cell(gaps.Columns, row, "achieved")
		full := chartWidth - labelWidth - 60
		w := 0
		if needed > 0 {
			w = min(full, full*done/needed)
		}
		href := "/nominations?" + url.Values{"kind": {domain.KindRefresher}, "status": {"approved"}, "group": {g}}.Encode()
		ch.Labels = append(ch.Labels, chartText{X: 0, Y: y + 13, Text: "Nhóm " + g, Anchor: "start", Small: true},
			chartText{X: chartWidth - 2, Y: y + 13, Text: formatInt(done) + "/" + formatInt(needed), Anchor: "end", Small: true})
		ch.Bars = append(ch.Bars, chartBar{X: labelWidth, Y: y, W: full, H: 18, Class: "bar-left", Href: href, Title: "Nhóm " + g + ": cần " + formatInt(needed) + " người"},
			chartBar{X: labelWidth, Y: y, W: w, H: 18, Class: "bar-done", Href: href, Title: "Nhóm " + g + ": đã đạt " + formatInt(done) + " người"})
		y += 28
	}
	ch.Height = max(y, 30)
	return ch
}

// agencyChart draws every share target for one agency's officials.
func agencyChart(gaps reports.Named, agency, name string) chart {
	var lines []targetLine
	for _, row := range gaps.Rows {
		if cellOf(gaps.Columns, row, "dimension") != "agency" || cellOf(gaps.Columns, row, "value") != agency {
			continue
		}
		id := cellOf(gaps.Columns, row, "target")
		lines = append(lines, targetLine{ID: id, Measure: targetName(id), Needed: cell(gaps.Columns, row, "needed"),
			Done: cell(gaps.Columns, row, "achieved"), Left: cell(gaps.Columns, row, "left"),
			Href: "/nominations?" + url.Values{"agency": {agency}}.Encode()})
	}
	ch := progressChart(lines)
	ch.ID, ch.Title = "chart-agency", "Mục tiêu với cán bộ của "+name
	return ch
}

// yearChart draws column col of a yearly report, one bar per year.
func yearChart(r reports.Named, title, col string) chart {
	ch := chart{ID: "chart-" + r.Name, Title: title, Width: chartWidth, Height: 200, Report: r.Name,
		Desc: "Cột xanh dương: số liệu gốc của Đề án; cột xanh lục: số liệu ghi nhận trong hệ thống."}
	type point struct {
		year  string
		value int
		live  bool
	}
	var pts []point
	top := 1
	for _, row := range r.Rows {
		v := cell(r.Columns, row, col)
		pts = append(pts, point{year: cellOf(r.Columns, row, "year"), value: v, live: cellOf(r.Columns, row, "source") == "live"})
		top = max(top, v)
	}
	if len(pts) == 0 {
		ch.Height = 30
		return ch
	}
	plot := 150
	step := (chartWidth - 20) / len(pts)
	for i, p := range pts {
		h := plot * p.value / top
		x := 10 + i*step
		class := "bar-year"
		if p.live {
			class = "bar-live"
		}
		ch.Bars = append(ch.Bars, chartBar{X: x, Y: 10 + plot - h, W: max(step-4, 2), H: max(h, 1), Class: class,
			Href: reportLink(r.Name) + "#y" + p.year, Title: p.year + ": " + formatInt(p.value) + " lượt"})
		if i%2 == 0 || len(pts) <= 12 {
			ch.Labels = append(ch.Labels, chartText{X: x + step/2, Y: 10 + plot + 14, Text: yearShort(p.year), Anchor: "middle", Small: true})
		}
	}
	ch.Labels = append(ch.Labels, chartText{X: 10, Y: 8, Text: "cao nhất " + formatInt(top), Anchor: "start", Small: true})
	return ch
}

func yearShort(y string) string {
	if n, err := strconv.Atoi(y); err == nil && n >= 2000 {
		return "'" + y[2:]
	}
	return y
}

// delegationChart draws the delegations abroad per year against the
// yearly minimum.
func delegationChart(r reports.Named) chart {
	ch := chart{ID: "chart-delegations", Title: "Đoàn bồi dưỡng ở nước ngoài theo năm (tối thiểu 02 đoàn/năm)", Width: chartWidth, Report: r.Name,
		Desc: "Cột: số đoàn đã cử; vạch đỏ: số đoàn tối thiểu của năm."}
	plot, top := 120, 2
	for _, row := range r.Rows {
		top = max(top, cell(r.Columns, row, "delegations"), cell(r.Columns, row, "required"))
	}
	if len(r.Rows) == 0 {
		ch.Height = 30
		return ch
	}
	step := (chartWidth - 20) / len(r.Rows)
	for i, row := range r.Rows {
		y := cellOf(r.Columns, row, "year")
		n, req := cell(r.Columns, row, "delegations"), cell(r.Columns, row, "required")
		x := 10 + i*step
		h := plot * n / top
		href := "/nominations?" + url.Values{"kind": {domain.KindRefresher}, "status": {"approved"}}.Encode()
		ch.Bars = append(ch.Bars, chartBar{X: x, Y: 10 + plot - h, W: step - 8, H: max(h, 1), Class: "bar-live", Href: href,
			Title: y + ": " + formatInt(n) + " đoàn"})
		if req > 0 {
			ry := 10 + plot - plot*req/top
			ch.Bars = append(ch.Bars, chartBar{X: x, Y: ry, W: step - 8, H: 2, Class: "bar-target", Href: reportLink(r.Name),
				Title: y + ": tối thiểu " + formatInt(req) + " đoàn"})
		}
		ch.Labels = append(ch.Labels, chartText{X: x + (step-8)/2, Y: 10 + plot + 14, Text: y, Anchor: "middle", Small: true})
	}
	ch.Height = plot + 30
	return ch
}

// reportsNav leads every role to the dashboard, and from there to every
// report.
var reportsNav = navItem{Href: "/dashboard", Label: "Mục tiêu, báo cáo"}

// cumulativeChart draws, at the end of each year, the officials trained in
// depth so far against what the 2026 (20%) and 2030 (50%) targets need.
func cumulativeChart(r reports.Named) chart {
	ch := chart{ID: "chart-cumulative", Title: "Bồi dưỡng chuyên sâu: số người luỹ kế theo năm", Width: chartWidth, Report: r.Name,
		Desc: "Cột: số người đã được bồi dưỡng đến hết năm; vạch đỏ: số người cần đạt (20% đến 2026, 50% đến 2030)."}
	type year struct{ done, need2026, need2030 int }
	var years []string
	by := map[string]*year{}
	for _, row := range r.Rows {
		if cellOf(r.Columns, row, "measure") != "refresher_trained" {
			continue
		}
		y := cellOf(r.Columns, row, "year")
		if by[y] == nil {
			by[y] = &year{}
			years = append(years, y)
		}
		by[y].done = cell(r.Columns, row, "achieved")
		switch cellOf(r.Columns, row, "target") {
		case "boi_duong_2026":
			by[y].need2026 = cell(r.Columns, row, "needed")
		case "boi_duong_2030":
			by[y].need2030 = cell(r.Columns, row, "needed")
		}
	}
	plot, top := 150, 1
	for _, y := range years {
		top = max(top, by[y].done, by[y].need2026, by[y].need2030)
	}
	if len(years) == 0 {
		ch.Height = 30
		return ch
	}
	step := (chartWidth - 20) / len(years)
	href := "/nominations?" + url.Values{"kind": {domain.KindRefresher}, "status": {"approved"}}.Encode()
	for i, y := range years {
		v := by[y]
		x := 10 + i*step
		h := plot * v.done / top
		ch.Bars = append(ch.Bars, chartBar{X: x, Y: 20 + plot - h, W: step - 12, H: max(h, 1), Class: "bar-live", Href: href,
			Title: y + ": " + formatInt(v.done) + " người"})
		for _, need := range []int{v.need2026, v.need2030} {
			if need > 0 {
				ch.Bars = append(ch.Bars, chartBar{X: x, Y: 20 + plot - plot*need/top, W: step - 12, H: 2, Class: "bar-target",
					Href: reportLink("target_gaps"), Title: y + ": cần " + formatInt(need) + " người"})
			}
		}
		ch.Labels = append(ch.Labels, chartText{X: x + (step-12)/2, Y: 20 + plot + 16, Text: y, Anchor: "middle", Small: true},
			chartText{X: x + (step-12)/2, Y: 14 + plot - h, Text: formatInt(v.done), Anchor: "middle", Small: true})
	}
	ch.Height = plot + 44
	return ch
}
