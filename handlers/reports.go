package handlers

import (
	"bytes"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"sync"

	"github.com/labstack/echo/v4"
	"github.com/xuri/excelize/v2"

	"daotao/domain"
	"daotao/projections/asof"
	"daotao/projections/reports"
)

// ReportInfo describes one report of the registry.
type ReportInfo struct {
	Name  string `json:"name"`
	Title string `json:"title"`
	// PerAgency: an agency's officer sees only its own agency's rows.
	PerAgency bool     `json:"per_agency"`
	Formats   []string `json:"formats"`
}

// Download formats of a report.
const formatXLSX = "xlsx"

var reportFormats = []string{reports.FormatJSON, reports.FormatCSV, formatXLSX}

// registry is the set of reports, the same as `daotao replay` prints.
var registry = sync.OnceValues(func() (*reports.Registry, error) { return reports.NewRegistry(reports.Builtin()...) })

// reportInfos lists every report, by name.
func reportInfos() ([]ReportInfo, error) {
	reg, err := registry()
	if err != nil {
		return nil, err
	}
	var out []ReportInfo
	for _, n := range reg.Names() {
		r, _ := reg.Get(n)
		col, _ := reports.AgencyColumn(n)
		out = append(out, ReportInfo{Name: n, Title: r.Title, PerAgency: col != "", Formats: reportFormats})
	}
	return out, nil
}

// listReports answers GET /api/v1/reports.
func (s *Server) listReports(c echo.Context) error {
	infos, err := reportInfos()
	if err != nil {
		return err
	}
	c.Response().Header().Set("X-Total-Count", strconv.Itoa(len(infos)))
	return c.JSON(http.StatusOK, infos)
}

// getReport answers GET /api/v1/reports/{name}?as_of=&format=json|csv|xlsx:
// the report as `daotao replay --report NAME` prints it (without the
// trailer), as of the point asked for (asof.go), for an agency's officer
// only its own agency's rows of a report kept per agency.
func (s *Server) getReport(c echo.Context) error {
	format := c.QueryParam("format")
	if format == "" {
		format = reports.FormatJSON
	}
	if !slices.Contains(reportFormats, format) {
		return domain.Invalid("format", "Định dạng phải là json, csv hoặc xlsx.")
	}
	if err := s.awaitRead(c); err != nil {
		return err
	}
	res, err := s.report(c, c.Param("name"))
	if err != nil {
		return err
	}
	return writeReport(c, res, format)
}

// report computes report name at the point the request reads at, scoped
// to the caller's agency where the report is kept per agency.
func (s *Server) report(c echo.Context, name string) (reports.Result, error) {
	reg, err := registry()
	if err != nil {
		return reports.Result{}, err
	}
	if _, ok := reg.Get(name); !ok {
		return reports.Result{}, domain.NotFound("báo cáo " + strconv.Quote(name))
	}
	res, err := s.asOfCache.reports.run(s, reg, name, s.reportCut(c))
	if err != nil {
		return reports.Result{}, err
	}
	if a := actorOf(c); a.Role == string(domain.RoleAgency) {
		named := res.Reports[0]
		named.Table = reports.ForAgency(name, named.Table, a.Agency)
		res.Reports = []reports.Named{named}
	}
	return res, nil
}

// reportCache keeps the last result of each report with the sequence it
// was computed at, so that a page of charts reading several reports, or
// many readers, compute each once per change of the log.
type reportCache struct {
	mu   sync.Mutex
	last map[string]cachedReport
}

type cachedReport struct {
	seq uint64
	res reports.Result
}

// reportCut returns the cut the reports of a request stand for: the state
// of the past at its cut, or the live state at its last sequence and the
// clock's time, read once per request so that the reports of one page
// (the dashboard) share it.
func (s *Server) reportCut(c echo.Context) asof.Cut {
	if s.past != nil {
		return *s.past
	}
	const key = "daotao.reportcut"
	if cut, ok := c.Get(key).(asof.Cut); ok {
		return cut
	}
	cut := asof.Cut{LastSeq: s.cfg.State.Applied(), Latest: s.now()}
	c.Set(key, cut)
	return cut
}

// run returns report name of s's state at cut.
func (rc *reportCache) run(s *Server, reg *reports.Registry, name string, cut asof.Cut) (reports.Result, error) {
	rc.mu.Lock()
	if hit, ok := rc.last[name]; ok && hit.seq == cut.LastSeq && (s.past != nil || hit.res.Day == cut.Day().String()) {
		rc.mu.Unlock()
		return hit.res, nil
	}
	rc.mu.Unlock()
	res, err := reg.Run(reports.Input{State: s.cfg.State, Cut: cut}, name)
	if err != nil {
		return reports.Result{}, err
	}
	if s.past == nil {
		// A live report stands for the state, not the instant it was read.
		res.Time = ""
	}
	rc.mu.Lock()
	if rc.last == nil {
		rc.last = map[string]cachedReport{}
	}
	rc.last[name] = cachedReport{seq: cut.LastSeq, res: res}
	rc.mu.Unlock()
	return res, nil
}

// writeReport writes res (one report) in format, as a download for CSV
// and XLSX.
func writeReport(c echo.Context, res reports.Result, format string) error {
	name := res.Reports[0].Name
	file := name
	if res.AsOf != "" {
		file += "_" + res.Day
	}
	switch format {
	case reports.FormatCSV:
		body, err := reports.Body(res, reports.FormatCSV)
		if err != nil {
			return err
		}
		c.Response().Header().Set(echo.HeaderContentDisposition, `attachment; filename="`+file+`.csv"`)
		// A byte order mark, so that Excel reads the Vietnamese as UTF-8.
		return c.Blob(http.StatusOK, "text/csv; charset=utf-8", append([]byte("\uFEFF"), body...))
	case formatXLSX:
		body, err := reportXLSX(res)
		if err != nil {
			return err
		}
		c.Response().Header().Set(echo.HeaderContentDisposition, `attachment; filename="`+file+`.xlsx"`)
		return c.Blob(http.StatusOK, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body)
	}
	body, err := reports.Body(res, reports.FormatJSON)
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, body)
}

// reportXLSX writes res as a workbook: a sheet "Báo cáo" with the columns
// and rows (numbers as numbers), and a sheet "Thông tin" with the title,
// the point, the last sequence included and the note.
func reportXLSX(res reports.Result) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	const data, info = "Báo cáo", "Thông tin"
	if err := f.SetSheetName("Sheet1", data); err != nil {
		return nil, err
	}
	r := res.Reports[0]
	for i, col := range r.Columns {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		if err := f.SetCellStr(data, cell, col); err != nil {
			return nil, err
		}
	}
	for y, row := range r.Rows {
		for x, v := range row {
			cell, _ := excelize.CoordinatesToCellName(x+1, y+2)
			var err error
			if n, ok := v.Number(); ok {
				err = f.SetCellInt(data, cell, n)
			} else {
				err = f.SetCellStr(data, cell, v.String())
			}
			if err != nil {
				return nil, err
			}
		}
	}
	if _, err := f.NewSheet(info); err != nil {
		return nil, err
	}
	meta := [][2]string{{"Báo cáo", r.Title}, {"Mã báo cáo", r.Name}, {"Thời điểm (as_of)", res.AsOf}, {"Ngày", res.Day},
		{"Sự kiện cuối cùng (last_seq)", strconv.FormatUint(res.LastSeq, 10)}, {"Ghi chú", r.Note}}
	for i, m := range meta {
		if err := f.SetSheetRow(info, fmt.Sprintf("A%d", i+1), &[]any{m[0], m[1]}); err != nil {
			return nil, err
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ReportResult is a report as the API returns it (OpenAPI).
type ReportResult = reports.Result
