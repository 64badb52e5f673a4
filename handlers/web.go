package handlers

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"

	"github.com/labstack/echo/v4"

	"daotao/domain"
	"daotao/domain/planning"
	"daotao/events"
)

//go:embed web/templates web/static
var webFS embed.FS

// pages holds one template set per page: the layout, every partial and the
// page itself, parsed once at start.
type pages map[string]*template.Template

func (s *Server) parsePages() (pages, error) {
	funcs := s.templateFuncs()
	base, err := template.New("").Funcs(funcs).ParseFS(webFS, "web/templates/layouts/*.html", "web/templates/partials/*.html")
	if err != nil {
		return nil, err
	}
	names, err := fs.Glob(webFS, "web/templates/pages/*.html")
	if err != nil {
		return nil, err
	}
	out := pages{}
	for _, n := range names {
		t, err := template.Must(base.Clone()).ParseFS(webFS, n)
		if err != nil {
			return nil, err
		}
		out[strings.TrimSuffix(path.Base(n), ".html")] = t
	}
	return out, nil
}

func (s *Server) templateFuncs() template.FuncMap {
	return template.FuncMap{
		"date": formatDate, "datetime": formatTime, "dmy": dmy, "summary": eventSummary, "vnd": formatVND, "change": formatChange,
		"status":          func(st domain.Status) string { return st.Label() },
		"role":            func(r string) string { return domain.Role(r).Label() },
		"kind":            func(k string) string { return label(kindLabels, k) },
		"field":           func(f string) string { return label(fieldLabels, f) },
		"qual":            func(q string) string { return label(qualificationLabels, q) },
		"rating":          func(r string) string { return label(ratingLabels, r) },
		"category":        func(c string) string { return label(categoryLabels, c) },
		"gender":          func(g string) string { return label(genderLabels, g) },
		"group":           func(g int) string { return groupLabels[g] },
		"event":           func(t string) string { return label(eventLabels, t) },
		"changed":         func(f string) string { return label(changeLabels, f) },
		"agency":          s.agencyName,
		"json":            indentJSON,
		"add":             func(a, b int) int { return a + b },
		"query":           withQuery,
		"groups":          func() []int { return []int{1, 2, 3, 4} },
		"num":             formatInt,
		"seat":            s.seatLabel, // pages_courses.go
		"grade":           domain.GradeLabel,
		"degree":          domain.DegreeLabel,
		"tformat":         domain.TrainingFormatLabel,
		"score":           formatScore,
		"stage":           domain.StageLabel,
		"steplabel":       stepLabel, // pages_stages.go
		"sittingresult":   domain.SittingResultLabel,
		"planFormat":      planning.FormatLabel,
		"planStep":        planStepLabel,
		"needPeople":      needPeople,
		"needCandidates":  needCandidates,
		"latestNeed":      latestNeed,
		"gapLabel":        gapLabel,
		"providerName":    s.providerName,
		"selectionMethod": planning.MethodLabel,
		"traineeStatus":   traineeStatusLabel,
		"progressStep":    progressStepLabel,
		"outcome":         outcomeLabel,
	}
}

// view is what every page template receives.
type view struct {
	Title  string
	Nav    []navItem
	Actor  events.Actor
	CSRF   string
	Path   string
	URL    *url.URL
	Notice string
	Error  string
	Data   any
	// Unread is how many notifications of the user's inbox are unread.
	Unread int
	// AsOf is the as-of selector and, for a page of the past, its banner.
	AsOf asOfView
}

type navItem struct {
	Href, Label string
	Current     bool
	// Items make the entry a menu of these links (Href is then empty).
	Items []navItem
}

// current marks the entry whose link is href, and a menu holding it.
func (n navItem) current(href string) navItem {
	if len(n.Items) == 0 {
		n.Current = n.Href == href
		return n
	}
	items := make([]navItem, len(n.Items))
	for i, it := range n.Items {
		items[i] = it.current(href)
		n.Current = n.Current || items[i].Current
	}
	n.Items = items
	return n
}

// currentHref returns the link of nav the page at path belongs to: the
// longest link that is path or a folder of it ("" when none is).
func currentHref(nav []navItem, path string) string {
	best := ""
	var walk func([]navItem)
	walk = func(items []navItem) {
		for _, n := range items {
			walk(n.Items)
			if n.Href != "" && (path == n.Href || strings.HasPrefix(path, n.Href+"/")) && len(n.Href) > len(best) {
				best = n.Href
			}
		}
	}
	walk(nav)
	return best
}

// render writes page with data under title.
func (s *Server) render(c echo.Context, status int, page, title string, data any) error {
	return s.renderView(c, status, page, s.newView(c, title, data))
}

// renderView writes page with v. An htmx request that is not a boosted
// navigation gets only the page's "content" block.
func (s *Server) renderView(c echo.Context, status int, page string, v view) error {
	t, ok := s.pages[page]
	if !ok {
		return fmt.Errorf("no page template %q", page)
	}
	name := "layout"
	if c.Request().Header.Get("HX-Request") == "true" && c.Request().Header.Get("HX-Boosted") != "true" {
		name = "content"
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name, v); err != nil {
		return fmt.Errorf("render %s: %w", page, err)
	}
	c.Response().Header().Set("Vary", "HX-Request")
	return c.HTMLBlob(status, buf.Bytes())
}

func (s *Server) newView(c echo.Context, title string, data any) view {
	a := actorOf(c)
	v := view{Title: title, Actor: a, Path: c.Request().URL.Path, URL: c.Request().URL, Data: data, Notice: notices[c.QueryParam("ok")]}
	if tok, ok := c.Get(ctxToken).(string); ok {
		v.CSRF = csrfToken(tok)
	}
	v.AsOf = pageAsOf(c)
	v.Unread = s.cfg.State.Unread(a.UserID)
	nav := navFor(domain.Role(a.Role))
	href := currentHref(nav, v.Path)
	for _, n := range nav {
		v.Nav = append(v.Nav, n.current(href))
	}
	return v
}

// notices are the confirmations a redirect may ask a page to show, by key,
// so that no text from the URL is ever echoed.
var notices = map[string]string{
	"result":          "Đã ghi kết quả học tập.",
	"corrected":       "Đã ghi điều chỉnh kết quả; kết quả trước vẫn được lưu trong lịch sử.",
	"report":          "Đã nộp báo cáo.",
	"survey":          "Đã gửi phiếu khảo sát. Cảm ơn bạn!",
	"official":        "Đã đăng ký cán bộ.",
	"created":         "Đã lập hồ sơ (bản nháp). Kiểm tra lại rồi bấm \"Gửi hồ sơ\".",
	"revised":         "Đã lưu thay đổi.",
	"submit":          "Đã gửi hồ sơ; hồ sơ chờ Sở Nội vụ thẩm định.",
	"resubmit":        "Đã gửi lại hồ sơ.",
	"withdraw":        "Đã rút hồ sơ.",
	"approve":         "Đã phê duyệt hồ sơ.",
	"reject":          "Đã ghi quyết định không phê duyệt.",
	"return":          "Đã trả lại hồ sơ để bổ sung.",
	"user":            "Đã tạo tài khoản.",
	"unchanged":       "Không có thay đổi nào để lưu.",
	"commitment":      "Đã mở cam kết phục vụ.",
	"case":            "Đã mở hồ sơ đền bù; số tiền trước giảm trừ tính ở bảng dưới.",
	"case_recommend":  "Đã ghi đề xuất của Hội đồng xét đền bù.",
	"case_decide":     "Đã ban hành quyết định đền bù; hạn nộp 120 ngày.",
	"case_waive":      "Đã ghi quyết định miễn đền bù.",
	"case_pay":        "Đã ghi nhận khoản nộp.",
	"budget":          "Đã gửi dự toán tới Sở Tài chính.",
	"budget_approve":  "Đã phê duyệt dự toán.",
	"budget_adjust":   "Đã duyệt số tiền điều chỉnh.",
	"budget_return":   "Đã trả lại dự toán.",
	"budget_actual":   "Đã ghi chi phí thực tế.",
	"filter":          "Đã lưu bộ lọc; mọi người cùng vai trò đều thấy và dùng được.",
	"filterrm":        "Đã xóa bộ lọc.",
	"sitting":         "Đã mở phiên họp.",
	"resolution":      "Đã ghi nghị quyết; kết quả áp dụng từng hồ sơ ở bảng dưới.",
	"read":            "Đã đánh dấu đã đọc.",
	"planround":       "Đã mở đợt lập kế hoạch; các cơ quan, đơn vị gửi nhu cầu trước hạn.",
	"plandraft":       "Đã lưu phiên bản mới của dự thảo kế hoạch.",
	"plansubmit":      "Đã trình Hội đồng phiên bản này.",
	"planagree":       "Đã ghi ý kiến thống nhất của Hội đồng; kế hoạch chờ UBND tỉnh phê duyệt.",
	"planreturn":      "Đã trả lại kế hoạch để chỉnh sửa.",
	"planapprove":     "Đã phê duyệt kế hoạch.",
	"needs":           "Đã gửi nhu cầu đào tạo, bồi dưỡng.",
	"needsreturn":     "Đã trả lại nhu cầu để bổ sung.",
	"focus":           "Đã ban hành danh mục lĩnh vực.",
	"progcreated":     "Đã lập chương trình (bản nháp). Kiểm tra lại rồi gửi Hội đồng thẩm định.",
	"progsubmit":      "Đã gửi chương trình tới Hội đồng thẩm định.",
	"progreview":      "Đã ghi ý kiến thẩm định; chương trình chờ UBND tỉnh phê duyệt.",
	"progreturn":      "Đã trả lại chương trình để hoàn thiện.",
	"progapprove":     "Đã phê duyệt chương trình; đơn vị chủ trì có thể mở khóa học.",
	"coursecreated":   "Đã lập khóa học (dự kiến). Mở nhận đề cử khi sẵn sàng.",
	"courseopen":      "Khóa học đang nhận đề cử.",
	"courseclose":     "Đã khóa danh sách khóa học.",
	"coursestart":     "Khóa học đã bắt đầu.",
	"coursefinish":    "Khóa học đã kết thúc.",
	"coursecancel":    "Đã hủy khóa học; mọi chỗ được giải phóng.",
	"coursenominated": "Đã lập hồ sơ cử cán bộ vào khóa học (bản nháp). Bấm \"Gửi hồ sơ\" để nhận chỗ.",
	"provider":        "Đã lưu thông tin cơ sở đào tạo.",
	"selection":       "Đã ghi việc lựa chọn cơ sở đào tạo.",
	"document":        "Đã tải lên tài liệu.",
	"traineeprogress": "Đã ghi kết quả học tập của kỳ.",
	"traineeextend":   "Đã ghi gia hạn.",
	"traineesuspend":  "Đã ghi bảo lưu.",
	"traineeresume":   "Đã ghi trở lại học.",
	"traineeconclude": "Đã ghi kết quả cuối cùng.",
}

// navFor is the navigation of each role: only what the role may use. The
// pages used every day stand alone; the rest are grouped in menus (a
// <details> each, so that they open without a script) by what people look
// for: training, planning, money, the rest.
func navFor(r domain.Role) []navItem {
	programme := navItem{Href: programmeHome, Label: "Dữ liệu Đề án"}
	preview := navItem{Href: "/reimbursements/preview", Label: "Tính đền bù"}
	nominations, officials := navItem{Href: "/nominations", Label: "Hồ sơ"}, navItem{Href: "/officials", Label: "Cán bộ"}
	reviews := navItem{Href: "/reviews", Label: "Sơ kết, tổng kết"}
	planning := navGroup("Kế hoạch", planNav, needsNav, planActualNav)
	switch r {
	case domain.RoleAgency:
		return []navItem{{Href: "/queue", Label: "Việc cần làm"}, {Href: "/nominations", Label: "Hồ sơ cử đi"}, officials,
			navGroup("Đào tạo, bồi dưỡng", programmesNav, coursesNav, trainingsNav, overdueNav, traineesNav),
			navGroup("Kế hoạch", planNav, needsNav, planActualNav, providersNav),
			navGroup("Kinh phí, đền bù", budgetsNav, commitmentsNav, casesNav, preview),
			reportsNav, navGroup("Khác", programme, delegationsNav)}
	case domain.RoleCouncil:
		return []navItem{{Href: "/queue", Label: "Hàng đợi xử lý"}, sittingsNav, deadlinesNav, nominations, officials,
			navGroup("Đào tạo, bồi dưỡng", programmesNav, coursesNav, trainingsNav, traineesNav),
			planning, navGroup("Đền bù", casesNav, preview), reportsNav, navGroup("Khác", programme, delegationsNav)}
	case domain.RoleAuditor:
		return []navItem{{Href: "/audit", Label: "Kiểm tra"}, nominations, officials, reviews, reportsNav,
			navGroup("Khác", programme, trainingsNav, planNav, casesNav, budgetsNav)}
	case domain.RoleAdmin:
		return []navItem{{Href: "/admin/users", Label: "Tài khoản"}, {Href: "/admin/agencies", Label: "Cơ quan, đơn vị"},
			{Href: "/admin/holidays", Label: "Ngày nghỉ lễ"}, nominations, officials, reportsNav,
			navGroup("Khác", programme, preview, trainingsNav, casesNav, budgetsNav, delegationsNav)}
	case domain.RoleHomeAffairs:
		return []navItem{{Href: "/queue", Label: "Hàng đợi thẩm định"}, nominations, officials,
			navGroup("Hội đồng", sittingsNav, deadlinesNav),
			navGroup("Đào tạo, bồi dưỡng", programmesNav, coursesNav, trainingsNav, overdueNav, traineesNav),
			navGroup("Kế hoạch", planNav, needsNav, focusNav, planActualNav, providersNav),
			navGroup("Kinh phí, đền bù", commitmentsNav, casesNav, budgetsNav, preview),
			reviews, reportsNav, navGroup("Khác", programme, delegationsNav)}
	case domain.RoleStandingCommittee:
		return []navItem{{Href: "/queue", Label: "Hồ sơ chờ cho ý kiến"}, nominations, officials, programme, delegationsNav}
	case domain.RoleFinance:
		return []navItem{budgetsNav, {Href: "/budgets/totals", Label: "Tổng hợp kinh phí"}, casesNav, commitmentsNav, planning, programme}
	case domain.RoleProvince:
		return []navItem{programmesNav, planNav, coursesNav, nominations, officials, reportsNav, programme}
	case domain.RoleOfficial:
		return []navItem{officialNav}
	}
	return nil
}

// navGroup is a menu of the navigation.
func navGroup(label string, items ...navItem) navItem { return navItem{Label: label, Items: items} }

// Navigation entries of the planning pages (pages_planning.go, pages_followup.go).
var (
	planNav       = navItem{Href: "/plans", Label: "Kế hoạch năm"}
	needsNav      = navItem{Href: "/needs", Label: "Nhu cầu đào tạo, bồi dưỡng"}
	focusNav      = navItem{Href: "/focus", Label: "Danh mục lĩnh vực tập trung"}
	planActualNav = navItem{Href: "/plans/actual", Label: "Kế hoạch và thực hiện"}
	providersNav  = navItem{Href: "/providers", Label: "Cơ sở đào tạo"}
	traineesNav   = navItem{Href: "/trainees", Label: "Học viên sau đại học"}
)

// home is where each role starts.
func home(r domain.Role) string {
	if n := navFor(r); len(n) > 0 {
		return n[0].Href
	}
	return "/login"
}

func indentJSON(raw []byte) string {
	var buf bytes.Buffer
	if err := jsonIndent(&buf, raw); err != nil {
		return string(raw)
	}
	return buf.String()
}

// withQuery returns the current URL's query with key set to value, for
// pagination and sorting links.
func withQuery(u *url.URL, kv ...any) string {
	q := u.Query()
	for i := 0; i+1 < len(kv); i += 2 {
		k, v := fmt.Sprint(kv[i]), fmt.Sprint(kv[i+1])
		if v == "" {
			q.Del(k)
		} else {
			q.Set(k, v)
		}
	}
	return u.Path + "?" + q.Encode()
}

func (s *Server) staticHandler() echo.HandlerFunc {
	sub, _ := fs.Sub(webFS, "web/static")
	files := http.FileServer(http.FS(sub))
	return func(c echo.Context) error {
		c.Response().Header().Set("Cache-Control", "public, max-age=3600")
		http.StripPrefix("/static/", files).ServeHTTP(c.Response(), c.Request())
		return nil
	}
}
