package handlers_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"daotao/domain"
)

func checkPlansPage(t *testing.T, _ *webWorld, _ string, p page) {
	t.Helper()
	wantH1(t, p, "Kế hoạch đào tạo, bồi dưỡng hằng năm")
	if first(p.doc, "main form") != nil {
		t.Errorf("%s: a form for a role that cannot open a round", p.req)
	}
}

func checkNeedsPage(t *testing.T, _ *webWorld, _ string, p page) {
	t.Helper()
	wantH1(t, p, "Nhu cầu đào tạo, bồi dưỡng năm 2026")
	p.wantText(t, "main", "chưa mở đợt lập kế hoạch năm 2026")
}

func checkFocusPage(t *testing.T, _ *webWorld, _ string, p page) {
	t.Helper()
	if !strings.HasPrefix(p.h1(), "Danh mục lĩnh vực tập trung đào tạo, bồi dưỡng năm") {
		t.Errorf("%s: h1 %q", p.req, p.h1())
	}
	if n := len(p.all("main section.card")); n != 2 {
		t.Errorf("%s: %d bloc sections, want 2", p.req, n)
	}
}

// TestWebPlanningFlow walks the planning cycle through the forms: Sở Nội
// vụ opens the round, Sở Y tế submits its needs (a bad row first), Sở Nội
// vụ drafts and submits the plan, the council agrees, the province
// approves (a missing decision number first).
func TestWebPlanningFlow(t *testing.T) {
	w := newWebWorld(t)
	w.user(t, "sonoivu2", domain.RoleHomeAffairs, "")
	w.user(t, "ubndtinh", domain.RoleProvince, "")
	noivu, ubnd, yte, hd := w.loginAs(t, "sonoivu2"), w.loginAs(t, "ubndtinh"), w.as["soyte"], w.as["hoidong"]

	plans := noivu.get(t, "/plans").expect(t, http.StatusOK)
	checkHygiene(t, plans)
	bad := noivu.submit(t, plans, "main form", url.Values{"year": {"2026"}, "needs_due": {"31/02/2025"}})
	wantInvalid(t, bad, map[string]string{"needs_due": "Ngày phải có dạng dd/mm/yyyy"}, "year")
	p := noivu.follow(t, noivu.submit(t, plans, "main form", url.Values{"year": {"2026"}, "needs_due": {"30/09/2025"}}))
	wantH1(t, p, "Kế hoạch đào tạo, bồi dưỡng năm 2026")
	p.wantText(t, "#plan-status", "Đang nhận nhu cầu")

	// Sở Y tế: the needs form, a bad row named by its number, then a good one.
	form := yte.get(t, "/needs/2026/so_y_te").expect(t, http.StatusOK)
	checkHygiene(t, form)
	refused := yte.submit(t, form, "main form", url.Values{"lines": {"C.1; class; 3; cbcc; 12\nZ.9; class; 3; cbcc; 2"}, "justification": {"Theo vị trí việc làm"}})
	refused.expect(t, http.StatusBadRequest)
	if got := fieldError(refused.one(t, "#lines")); !strings.Contains(got, "Dòng 2 (content_code)") {
		t.Errorf("lines error %q; want it to name row 2", got)
	}
	if got := textOf(refused.one(t, "#lines")); !strings.Contains(got, "Z.9") {
		t.Errorf("the refused form lost what was typed: %q", got)
	}
	done := yte.follow(t, yte.submit(t, refused, "main form", url.Values{"lines": {"C.1; class; 3; cbcc; 12\nC.2; delegation_abroad; 2; cbcc; 2"}}))
	if done.notice() == "" || len(done.all("main section.card")) != 1 {
		t.Fatalf("after submitting: notice %q, %d versions", done.notice(), len(done.all("main section.card")))
	}
	list := noivu.get(t, "/needs?year=2026").expect(t, http.StatusOK)
	rows := wantRows(t, list, "#needs", 1)
	if len(rows) == 1 && (rows[0][0] != "Đã gửi" || rows[0][2] != "14") {
		t.Errorf("needs row %q", rows[0])
	}

	// Sở Nội vụ drafts the plan from the text form and submits it.
	plan := noivu.get(t, "/plans/2026").expect(t, http.StatusOK)
	drafted := noivu.follow(t, noivu.submit(t, plan, "main form[action=/plans/2026/versions]", url.Values{"lines": {
		"; class; C.1; Quản trị bệnh viện; so_y_te; 2; so_y_te:12; 300.000.000;;;tap_trung\n" +
			"; delegation_abroad; C.2; Đoàn Nhật Bản; so_y_te; 3; so_y_te:2; 900.000.000; Nhật Bản; 1;"}}))
	lines := wantRows(t, drafted, "#lines", 2)
	if len(lines) == 2 && (lines[1][0] != "Đoàn bồi dưỡng ở nước ngoài (Nhật Bản)" || lines[1][5] != "Sở Y tế: 2") {
		t.Errorf("plan lines %q", lines)
	}
	if f := drafted.rows("#findings"); !slices.ContainsFunc(f, func(r []string) bool { return strings.Contains(r[0], "Nội dung C.2") && r[3] == "Thiếu" }) {
		t.Errorf("findings %q: want C.2's class missing", f)
	}
	submitted := noivu.follow(t, noivu.submit(t, drafted, "main form[action=/plans/2026/submit]", nil))
	submitted.wantText(t, "#plan-status", "Chờ Hội đồng xem xét")

	agreed := hd.follow(t, hd.submit(t, hd.get(t, "/plans/2026"), "main form[action=/plans/2026/agree]", url.Values{"comment": {"Thống nhất"}}))
	agreed.wantText(t, "#plan-status", "Chờ UBND tỉnh phê duyệt")

	page := ubnd.get(t, "/plans/2026").expect(t, http.StatusOK)
	missing := ubnd.submit(t, page, "main form[action=/plans/2026/approve]", url.Values{"decision_date": {"15/12/2025"}})
	wantInvalid(t, missing, map[string]string{"decision_no": "Cần số quyết định"}, "decision_date")
	approved := ubnd.follow(t, ubnd.submit(t, page, "main form[action=/plans/2026/approve]", url.Values{"decision_no": {"2345/QĐ-UBND"}, "decision_date": {"15/12/2025"}}))
	approved.wantText(t, "#plan-status", "Đã phê duyệt")
	approved.wantText(t, "main dl", "2345/QĐ-UBND", "15/12/2025")
	if h := texts(approved.all("#history li strong")); !slices.Equal(h, []string{"Mở đợt lập kế hoạch", "Dự thảo", "Trình Hội đồng", "Hội đồng thống nhất", "UBND tỉnh phê duyệt"}) {
		t.Errorf("history %q", h)
	}
}

// TestWebFocusList publishes the government list through its form.
func TestWebFocusList(t *testing.T) {
	w := newWebWorld(t)
	w.user(t, "sonoivu2", domain.RoleHomeAffairs, "")
	noivu := w.loginAs(t, "sonoivu2")
	p := noivu.get(t, "/focus/2026").expect(t, http.StatusOK)
	bad := noivu.submit(t, p, "main form", url.Values{"codes": {"C, Q"}, "decision_no": {"12/QĐ-UBND"}, "decision_date": {"02/01/2026"}})
	bad.expect(t, http.StatusBadRequest)
	if got := fieldError(bad.one(t, "#codes")); !strings.Contains(got, "Dòng 2") {
		t.Errorf("codes error %q", got)
	}
	ok := noivu.follow(t, noivu.submit(t, p, "main form", url.Values{"codes": {"C, H.1"}, "decision_no": {"12/QĐ-UBND"}, "decision_date": {"02/01/2026"}}))
	if items := texts(ok.all("ul.focus-items li")); len(items) != 2 || !strings.HasPrefix(items[0], "C — ") {
		t.Errorf("items %q", items)
	}
}

func checkProvidersPage(t *testing.T, _ *webWorld, user string, p page) {
	t.Helper()
	wantH1(t, p, "Cơ sở đào tạo, bồi dưỡng")
	if hasForm := first(p.doc, "main form") != nil; hasForm != (user == "soyte" || user == "tamky") {
		t.Errorf("%s as %s: form shown %v", p.req, user, hasForm)
	}
}

func checkTraineesPage(t *testing.T, _ *webWorld, _ string, p page) {
	t.Helper()
	wantH1(t, p, "Theo dõi học viên sau đại học")
	if tabs := texts(p.all("nav.tabs a")); !slices.Equal(tabs, []string{"Tất cả", "Quá hạn ghi kết quả"}) {
		t.Errorf("%s: tabs %q", p.req, tabs)
	}
}

// TestWebFollowUp: a provider added through its form, a course's provider
// selection recorded by its lead agency, and a trainee's semester recorded
// (a bad one first).
func TestWebFollowUp(t *testing.T) {
	w := newWebWorld(t)
	yte := w.as["soyte"]

	provs := yte.get(t, "/providers").expect(t, http.StatusOK)
	wantInvalid(t, yte.submit(t, provs, "main form", url.Values{"name": {""}, "kind": {"foreign"}}),
		map[string]string{"name": "Cần tên", "country": "cần tên nước"})
	listed := yte.follow(t, yte.submit(t, provs, "main form", url.Values{"name": {"Đại học Quốc gia Singapore"}, "kind": {"foreign"}, "country": {"Singapore"}}))
	if rows := wantRows(t, listed, "#providers", 1); len(rows) == 1 && rows[0][1] != "Singapore" {
		t.Errorf("provider row %q", rows[0])
	}

	courses := newCourseFixture(t, w.world)
	page := yte.get(t, "/courses/"+courses.course2+"/provider").expect(t, http.StatusOK)
	checkHygiene(t, page)
	prov := attr(page.all("#provider_id option")[1], "value")
	bad := yte.submit(t, page, "main form[action=/courses/"+courses.course2+"/provider]", url.Values{"provider_id": {prov}, "method": {"chi_dinh_thau"}, "decision_date": {"02/03/2026"}})
	wantInvalid(t, bad, map[string]string{"decision_no": "Cần số quyết định"}, "decision_date", "provider_id")
	done := yte.follow(t, yte.submit(t, page, "main form[action=/courses/"+courses.course2+"/provider]", url.Values{"provider_id": {prov}, "method": {"hop_tac_quoc_te"},
		"decision_no": {"45/QĐ-SYT"}, "decision_date": {"02/03/2026"}, "contract_value_vnd": {"480.000.000"}}))
	rows := wantRows(t, done, "#selections", 1)
	if len(rows) == 1 && (rows[0][0] != "Đại học Quốc gia Singapore" || rows[0][2] != "45/QĐ-SYT ngày 02/03/2026" || rows[0][3] != "480.000.000 ₫") {
		t.Errorf("selection row %q", rows[0])
	}
	// Another agency sees the selection but has no form.
	if other := w.as["tamky"].get(t, "/courses/"+courses.course2+"/provider").expect(t, http.StatusOK); first(other.doc, "main form") != nil {
		t.Error("another agency is offered the selection form")
	}
}

// TestWebTrainee records a semester through the trainee page.
func TestWebTrainee(t *testing.T) {
	w := newWebWorld(t)
	id := postgradTrainee(t, w.world)
	yte := w.as["soyte"]
	p := yte.get(t, "/trainees/"+id).expect(t, http.StatusOK)
	checkHygiene(t, p)
	bad := yte.submit(t, p, "main form[action=/trainees/"+id+"/progress]", url.Values{"period": {"HK1"}, "results": {""}, "credits": {"18"}})
	wantInvalid(t, bad, map[string]string{"period": "Kỳ ghi dạng", "results": "Cần kết quả"}, "credits")
	ok := yte.follow(t, yte.submit(t, p, "main form[action=/trainees/"+id+"/progress]", url.Values{"period": {"2025-1"}, "results": {"Điểm trung bình 3,5/4"}, "credits": {"18"}}))
	if rows := wantRows(t, ok, "#records", 1); len(rows) == 1 && rows[0][1] != "18" {
		t.Errorf("record %q", rows[0])
	}
	list := w.as["hoidong"].get(t, "/trainees").expect(t, http.StatusOK)
	if rows := wantRows(t, list, "#trainees", 1); len(rows) == 1 && rows[0][4] != "Đang học" {
		t.Errorf("trainee row %q", rows[0])
	}
	// Another agency's officer cannot open it.
	w.as["tamky"].get(t, "/trainees/"+id).expect(t, http.StatusNotFound)
}

func checkPlanActualEmpty(t *testing.T, _ *webWorld, _ string, p page) {
	t.Helper()
	wantH1(t, p, "Kế hoạch và thực hiện năm 2026")
	p.wantText(t, "main", "Kế hoạch năm 2026 chưa được phê duyệt.")
	if first(p.doc, "a[href^=/reports/plan_vs_actual/download]") == nil {
		t.Errorf("%s: no download link", p.req)
	}
}
