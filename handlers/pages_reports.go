package handlers

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"daotao/domain"
	"daotao/projections/reports"
)

// reportsPageData is the list of reports.
type reportsPageData struct {
	Reports []ReportInfo
	Agency  bool
}

// reportsPage lists every report with its page and downloads.
func (s *Server) reportsPage(c echo.Context) error {
	infos, err := reportInfos()
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "reports", "Báo cáo", reportsPageData{Reports: infos, Agency: actorOf(c).Role == string(domain.RoleAgency)})
}

// reportPageData is one report as a page.
type reportPageData struct {
	Info    ReportInfo
	Result  reports.Result
	Note    string
	Columns []string
	Rows    []reportRow
	Scoped  bool // rows kept to the reader's agency
}

type reportRow struct {
	Cells []reportCell
	Drill []drillLink
}

type reportCell struct {
	Text string
	Num  bool
}

type drillLink struct{ Href, Label string }

// reportPage shows one report as a table, with each row's way down to the
// nominations or officials it counts, and its downloads.
func (s *Server) reportPage(c echo.Context) error {
	if err := s.awaitRead(c); err != nil {
		return err
	}
	name := c.Param("name")
	res, err := s.report(c, name)
	if err != nil {
		return err
	}
	infos, _ := reportInfos()
	i := slices.IndexFunc(infos, func(r ReportInfo) bool { return r.Name == name })
	r := res.Reports[0]
	d := reportPageData{Info: infos[i], Result: res, Note: r.Note, Scoped: infos[i].PerAgency && actorOf(c).Role == string(domain.RoleAgency)}
	for _, col := range r.Columns {
		d.Columns = append(d.Columns, columnLabel(col))
	}
	for _, row := range r.Rows {
		out := reportRow{Drill: drillDown(name, r.Columns, row)}
		for j, v := range row {
			cell := reportCell{Text: v.String()}
			if n, ok := v.Number(); ok && !isYearColumn(r.Columns[j]) {
				cell.Text, cell.Num = formatVND(n), true
				cell.Text = cell.Text[:len(cell.Text)-len(" ₫")]
			} else if ok {
				cell.Num = true
			} else if isAgencyColumn(r.Columns[j]) {
				cell.Text = s.agencyName(v.String())
			} else if name == "target_gaps" {
				cell.Text = s.gapLabel(r.Columns[j], cellOf(r.Columns, row, "dimension"), v.String())
			} else if r.Columns[j] == "measure" {
				cell.Text = upperFirst(label(measureLabels, v.String()))
			}
			if !cell.Num {
				cell.Text = dmy(cell.Text) // dates as dd/mm/yyyy
			}
			out.Cells = append(out.Cells, cell)
		}
		d.Rows = append(d.Rows, out)
	}
	return s.render(c, http.StatusOK, "report", r.Title, d)
}

// reportDownload answers the page's downloads: ?format=csv or xlsx (or
// json), as the API does.
func (s *Server) reportDownload(c echo.Context) error {
	format := c.QueryParam("format")
	if !slices.Contains(reportFormats, format) {
		return domain.Invalid("format", "Định dạng tải về phải là csv, xlsx hoặc json.")
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

func isYearColumn(col string) bool { return col == "year" || col == "percent" || col == "per_year" }

func isAgencyColumn(col string) bool { return col == "agency" || col == "lead_agency" }

// cellOf returns the text of row's cell in column col, or "".
func cellOf(cols []string, row []reports.Value, col string) string {
	if i := slices.Index(cols, col); i >= 0 && i < len(row) {
		return row[i].String()
	}
	return ""
}

// drillDown returns the links from a report row to the nominations or
// officials it counts.
func drillDown(name string, cols []string, row []reports.Value) []drillLink {
	get := func(col string) string { return cellOf(cols, row, col) }
	noms := func(kv ...string) drillLink {
		q := url.Values{}
		for i := 0; i+1 < len(kv); i += 2 {
			if kv[i+1] != "" {
				q.Set(kv[i], kv[i+1])
			}
		}
		return drillLink{"/nominations?" + q.Encode(), "Hồ sơ"}
	}
	kindOf := map[string]string{"refresher_trained": domain.KindRefresher, "postgrad_sent": domain.KindPostgraduate}
	switch name {
	case "target_gaps":
		kind := kindOf[get("measure")]
		switch get("dimension") {
		case "group":
			return []drillLink{noms("kind", kind, "status", "approved", "group", get("value")), {"/officials?group=" + url.QueryEscape(get("value")), "Cán bộ"}}
		case "agency":
			return []drillLink{noms("kind", kind, "status", "approved", "agency", get("value")), {"/officials?agency=" + url.QueryEscape(get("value")), "Cán bộ"}}
		}
		return []drillLink{noms("kind", kind, "status", "approved")}
	case "agency_activity":
		return []drillLink{noms("agency", get("agency")), {"/officials?agency=" + url.QueryEscape(get("agency")), "Cán bộ"}}
	case "catalogue_formats":
		if c := get("content"); c != "" {
			return []drillLink{noms("kind", domain.KindRefresher, "status", "approved", "content", c)}
		}
		return []drillLink{noms("kind", domain.KindRefresher, "status", "approved")}
	case "delegations_abroad", "refresher_by_year":
		return []drillLink{noms("kind", domain.KindRefresher, "status", "approved")}
	case "training_by_year":
		return []drillLink{noms("kind", domain.KindPostgraduate, "status", "approved")}
	case "nominations_by_status":
		if st := get("status"); st != "total" && st != "" {
			return []drillLink{noms("status", st)}
		}
	case "targets", "targets_by_year":
		if k := kindOf[get("measure")]; k != "" {
			return []drillLink{noms("kind", k, "status", "approved")}
		}
	case "quotas":
		return []drillLink{{"/programme/quotas", "Chỉ tiêu"}}
	case "roster_profile", "roster_ages", "roster_young":
		if g := get("group"); len(g) == len("nhom_1") {
			return []drillLink{{"/officials?group=" + g[len(g)-1:], "Cán bộ"}}
		}
		return []drillLink{{"/officials", "Cán bộ"}}
	}
	return nil
}

// columnLabels are the Vietnamese headings of the reports' columns.
var columnLabels = map[string]string{
	"target": "Mục tiêu", "measure": "Đo lường", "percent": "Tỷ lệ (%)", "deadline": "Hạn", "dimension": "Chia theo", "value": "Giá trị",
	"roster": "Số người trong 4 nhóm", "needed": "Cần đạt", "achieved": "Đã đạt", "left": "Còn thiếu", "year": "Năm",
	"share_permille": "Tỷ lệ đạt (‰)", "delegations": "Số đoàn", "with_groups": "Đoàn có Nhóm 1, 2", "people": "Số người",
	"required": "Yêu cầu", "required_with_groups": "Yêu cầu có Nhóm 1, 2", "missing": "Còn thiếu", "missing_with_groups": "Còn thiếu có Nhóm 1, 2",
	"field": "Lĩnh vực", "content": "Nội dung", "format": "Hình thức", "per": "Tính theo", "min": "Tối thiểu", "held": "Đã tổ chức",
	"lead_agencies": "Đơn vị chủ trì (mã)", "lead_text": "Đơn vị chủ trì", "lead_agency": "Đơn vị chủ trì", "contents": "Nội dung",
	"agency": "Cơ quan, đơn vị", "nominations": "Số hồ sơ", "submitted": "Đã gửi", "sent_refresher": "Cử bồi dưỡng",
	"sent_postgrad": "Cử sau đại học", "rejected": "Không phê duyệt", "withdrawn": "Đã rút", "pending": "Đang xét",
	"people_trained": "Số người được cử", "cost_estimated_vnd": "Dự toán (₫)", "cost_approved_vnd": "Dự toán được duyệt (₫)",
	"cost_actual_vnd": "Thực chi (₫)", "reimbursements_open": "Đền bù chưa nộp", "reimbursements_paid": "Đền bù đã nộp",
	"reports_overdue": "Báo cáo quá hạn", "source": "Nguồn", "group": "Nhóm", "qualification": "Trình độ", "under_45": "Dưới 45 tuổi",
	"total": "Tổng", "tong": "Tổng", "status": "Trạng thái", "id": "Mã",
	"completed": "Hoàn thành", "not_completed": "Không hoàn thành", "budget_estimate_vnd": "Dự toán khóa học (₫)",
	"budget_approved_vnd": "Dự toán khóa học được duyệt (₫)", "budget_actual_vnd": "Quyết toán khóa học (₫)", "reimbursed_vnd": "Đã đền bù (₫)",
	"courses": "Khóa đã lập", "courses_finished": "Khóa đã kết thúc", "courses_cancelled": "Khóa bị hủy", "participants": "Học viên",
	"results_recorded": "Kết quả đã nhập", "results_missing": "Kết quả còn thiếu",
}

func columnLabel(col string) string {
	if l, ok := columnLabels[col]; ok {
		return l
	}
	return col
}

// reportLink is the page of report name.
func reportLink(name string) string { return "/reports/" + url.PathEscape(name) }

// dimensionLabels name target_gaps' breakdowns.
var dimensionLabels = map[string]string{"all": "Toàn tỉnh", "group": "Nhóm", "agency": "Cơ quan, đơn vị", "category": "Loại",
	"field": "Ngành, lĩnh vực", "gender": "Giới tính"}

// gapLabel returns the Vietnamese text of a target_gaps cell.
func (s *Server) gapLabel(col, dimension, v string) string {
	switch col {
	case "target":
		return targetName(v)
	case "dimension":
		return label(dimensionLabels, v)
	case "measure":
		return upperFirst(label(measureLabels, v))
	case "value":
		switch dimension {
		case "all":
			return "Tất cả"
		case "group":
			return "Nhóm " + v
		case "agency":
			return s.agencyName(v)
		case "category":
			return label(categoryLabels, v)
		case "field":
			return label(fieldLabels, v)
		case "gender":
			return label(genderLabels, v)
		}
	}
	return v
}

// upperFirst capitalises the first letter of s.
func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return strings.ToUpper(string(r)) + s[n:]
}
