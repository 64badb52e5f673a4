package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"daotao/domain"
)

func checkTrainingsPage(t *testing.T, w *webWorld, user string, p page) {
	t.Helper()
	wantH1(t, p, "Kết quả học tập của học viên")
	// The approved nomination of Sở Y tế is listed for Sở Y tế and the
	// provincial roles, never for another agency.
	rows := p.rows("#trainings")
	want := 1
	if user == "tamky" {
		want = 0
	}
	if len(rows) != want {
		t.Errorf("%s as %s: %d rows, want %d: %v", p.req, user, len(rows), want, rows)
	}
}

func checkTrainingPage(t *testing.T, w *webWorld, user string, p page) {
	t.Helper()
	p.wantText(t, "main", "Quản lý bệnh viện hiện đại", "Chưa ghi kết quả", "Sở Y tế")
	// The course has not ended: nothing to record yet, but the form is the
	// nominating agency's and Sở Nội vụ's only.
	form := p.all("form[action=/trainings/" + w.approved + "/result]")
	if want := user == "soyte"; (len(form) == 1) != want {
		t.Errorf("%s as %s: result form shown %v, want %v", p.req, user, len(form) == 1, want)
	}
}

func checkOverduePage(t *testing.T, _ *webWorld, _ string, p page) {
	t.Helper()
	wantH1(t, p, "Báo cáo sau đào tạo, bồi dưỡng quá hạn")
	if !strings.Contains(p.notice(), "Không có báo cáo nào quá hạn") {
		t.Errorf("%s: notice %q", p.req, p.notice())
	}
}

func checkSurveysPage(t *testing.T, _ *webWorld, _ string, p page) {
	t.Helper()
	wantH1(t, p, "Khảo sát chất lượng khóa học")
}

// TestCompletionPages walks the pages of completion in a browser: the lead
// agency records a result through the form, the trainee sees what they owe
// on their own page and submits a report and the survey there, the late
// report shows in the nominating agency's overdue list.
func TestCompletionPages(t *testing.T) {
	d := newDelegation(t)
	d.finish(t)
	lead := d.loginAs(t, "soyte")
	page := lead.get(t, "/trainings?course_id="+d.course).expect(t, http.StatusOK)
	wantH1(t, page, "Kết quả học tập: Đoàn nghiên cứu quản lý bệnh viện tại Nhật Bản")
	rows := wantRows(t, page, "#trainings", 1)
	if len(rows) == 1 && (!strings.Contains(rows[0][0], "Nguyễn Thị Lan") || !strings.Contains(rows[0][5], "Chưa ghi")) {
		t.Errorf("row = %v", rows[0])
	}
	one := lead.get(t, "/trainings/"+d.nomination).expect(t, http.StatusOK)
	sel := "form[action=/trainings/" + d.nomination + "/result]"

	// A form without attendance is refused with the field named.
	bad := lead.submit(t, one, sel, url.Values{"grade": {"gioi"}}).expect(t, http.StatusBadRequest)
	if msg := bad.text("main form .field-error"); !strings.Contains(msg, "tham dự") {
		t.Errorf("field error %q, want the attendance named", msg)
	}
	done := lead.submit(t, one, sel, url.Values{"attended": {"true"}, "grade": {"xuat_sac"}, "certificate_no": {"CC-01"}}).redirect(t)
	page = lead.get(t, done.String()).expect(t, http.StatusOK)
	if page.notice() != "Đã ghi kết quả học tập." {
		t.Errorf("notice %q", page.notice())
	}
	page.wantText(t, "#result", "Xuất sắc", "CC-01", "Có")

	// The priority shows on the official's record and filters the roster.
	nominator := d.loginAs(t, "tamky")
	nominator.get(t, "/officials/"+d.official).expect(t, http.StatusOK).wantText(t, "#priority", "Có", "Xuất sắc")
	council := d.loginAs(t, "hoidong")
	if rows := council.get(t, "/officials?priority=true").expect(t, http.StatusOK).rows("#officials-list"); len(rows) != 1 || !strings.HasSuffix(rows[0][0], "Ưu tiên") {
		t.Errorf("officials with priority: %v, want one, marked", rows)
	}
	if rows := council.get(t, "/officials").expect(t, http.StatusOK).rows("#officials-list"); len(rows) != 2 {
		t.Errorf("all officials: %d rows, want 2", len(rows))
	}

	// The trainee's own page, after the return: two reports owed by 04/08/2025.
	d.on(t, "2025-07-21")
	me := d.loginAs(t, "hv-lan")
	home := me.get(t, "/").redirect(t)
	if home.Path != "/me" {
		t.Errorf("the trainee starts at %s, want /me", home.Path)
	}
	own := me.get(t, "/me").expect(t, http.StatusOK)
	wantH1(t, own, "Nguyễn Thị Lan")
	own.wantText(t, "#priority", "Có", "Xuất sắc")
	own.wantText(t, "#t-"+d.nomination, "04/08/2025", "15 ngày kể từ ngày về nước")
	if got := len(own.all("form.report-form")); got != 2 {
		t.Errorf("%d report forms, want 2", got)
	}
	if got := own.hrefs("nav.main a"); len(got) != 1 || got[0] != "/me" {
		t.Errorf("the trainee's navigation: %v", got)
	}
	report := "form[action=/me/trainings/" + d.nomination + "/report]"
	sent := me.submit(t, own, report, url.Values{"summary": {"Kết quả: xuất sắc."}}).redirect(t)
	own = me.get(t, sent.String()).expect(t, http.StatusOK)
	if own.notice() != "Đã nộp báo cáo." || len(own.all("form.report-form")) != 1 {
		t.Errorf("after the report: notice %q, %d forms", own.notice(), len(own.all("form.report-form")))
	}
	surveyForm := "form[action=/me/trainings/" + d.nomination + "/survey]"
	refused := me.submit(t, own, surveyForm, url.Values{"noi_dung": {"5"}}).expect(t, http.StatusBadRequest)
	if !strings.Contains(refused.text("main"), "Cần chấm điểm từ 1 đến 5") {
		t.Errorf("survey refusal does not name the questions: %s", refused.errorMessage())
	}
	sent = me.submit(t, own, surveyForm, url.Values{"noi_dung": {"5"}, "giang_vien": {"4"}, "tai_lieu": {"4"}, "to_chuc": {"5"}, "ung_dung": {"4"}}).redirect(t)
	own = me.get(t, sent.String()).expect(t, http.StatusOK)
	if len(own.all(surveyForm)) != 0 || !strings.Contains(own.text("#t-"+d.nomination), "Đã gửi phiếu khảo sát") {
		t.Errorf("the survey form is still offered")
	}
	me.get(t, "/trainings/"+d.nomination).expect(t, http.StatusForbidden)
	me.get(t, "/officials/"+d.official).expect(t, http.StatusForbidden)

	// The takeaway report is late: Tam Kỳ (the nominating agency) sees it.
	d.on(t, "2025-08-06")
	nominator = d.loginAs(t, "tamky")
	nominator.get(t, "/queue").expect(t, http.StatusOK).wantText(t, "#overdue-reports", "1 báo cáo")
	if got := d.loginAs(t, "soyte").get(t, "/queue").expect(t, http.StatusOK).all("#overdue-reports"); len(got) != 0 {
		t.Errorf("the lead agency's queue mentions another agency's overdue reports")
	}
	late := nominator.get(t, "/overdue-reports").expect(t, http.StatusOK)
	if rows := wantRows(t, late, "#overdue", 1); len(rows) == 1 && (!strings.Contains(rows[0][3], "thu hoạch") || !strings.Contains(rows[0][5], "2 ngày")) {
		t.Errorf("overdue row = %v", rows[0])
	}
	surveys := d.loginAs(t, "hoidong").get(t, "/surveys").expect(t, http.StatusOK)
	if rows := wantRows(t, surveys, "#by-lead", 1); len(rows) == 1 && (rows[0][0] != "Sở Y tế" || rows[0][len(rows[0])-1] != "4,4") {
		t.Errorf("survey by lead agency = %v", rows[0])
	}
}

// approvedIn returns an approved nomination of Sở Y tế in w, made on first
// use (a fresh official, so that no booking overlaps).
func approvedIn(w *webWorld) string {
	if w.approved == "" {
		w.approved = w.nominationIn(w.t, domain.StatusApproved)
	}
	return w.approved
}

// TestAdminCreatesTraineeAccount: the accounts form links a trainee's
// account to an official; a wrong id is named on the form.
func TestAdminCreatesTraineeAccount(t *testing.T) {
	w := newWorld(t)
	admin := w.loginAs(t, "quantri")
	form := admin.get(t, "/admin/users").expect(t, http.StatusOK)
	bad := admin.submit(t, form, "form[method=post][action=/admin/users]", url.Values{"username": {"hv-web"}, "password": {password},
		"role": {"official"}, "official_id": {"khong-co"}}).expect(t, http.StatusBadRequest)
	if msg := bad.text("main form .field-error"); msg == "" {
		t.Errorf("field error %q", msg)
	}
	ok := admin.submit(t, form, "form[method=post][action=/admin/users]", url.Values{"username": {"hv-web"}, "password": {password},
		"role": {"official"}, "official_id": {w.yteOfficial}}).redirect(t)
	if ok.Path != "/admin/users" {
		t.Errorf("after creating: %s", ok)
	}
	if err := w.state.WaitTimeout(t.Context(), w.lastSeq(t), 5*time.Second); err != nil {
		t.Fatal(err)
	}
	u, found := w.state.UserByName("hv-web")
	if !found || u.OfficialID != w.yteOfficial || u.Role != domain.RoleOfficial {
		t.Errorf("account = %+v", u)
	}
	w.loginAs(t, "hv-web").get(t, "/me").expect(t, http.StatusOK).wantText(t, "main h1", "Nguyễn Thị Lan")
}

// TestCourseResultsForm: the lead agency records the whole course from
// one form, with a result per row; another agency's post of the same form
// records nothing.
func TestCourseResultsForm(t *testing.T) {
	d := newDelegation(t)
	d.finish(t)
	lead := d.loginAs(t, "soyte")
	list := lead.get(t, "/trainings?course_id="+d.course).expect(t, http.StatusOK)
	if n := len(list.all("#entry tbody tr")); n != 1 {
		t.Fatalf("%d rows in the course's results form, want 1", n)
	}
	other := d.loginAs(t, "tamky")
	own := other.get(t, "/trainings?course_id="+d.course).expect(t, http.StatusOK)
	if len(own.all("#entry")) != 0 {
		t.Errorf("the nominating agency is offered the lead agency's form")
	}
	before := d.lastSeq(t)
	forged := other.post(t, "/trainings/results", url.Values{"_csrf": {own.csrf(t)}, "course_id": {d.course},
		"attended_" + d.nomination: {"true"}, "grade_" + d.nomination: {"kha"}}).expect(t, http.StatusOK)
	if d.lastSeq(t) != before || len(forged.all("#entry-results")) != 0 {
		t.Errorf("another agency's post recorded or named something")
	}
	bad := lead.submit(t, list, "form#entry", url.Values{"attended_" + d.nomination: {"true"}}).expect(t, http.StatusOK)
	bad.wantText(t, "#entry-results", "Cần xếp loại kết quả học tập.")
	done := lead.submit(t, list, "form#entry", url.Values{"attended_" + d.nomination: {"true"}, "grade_" + d.nomination: {"kha"},
		"certificate_" + d.nomination: {"CC-9"}}).expect(t, http.StatusOK)
	done.wantText(t, "#entry-results", "Nguyễn Thị Lan", "Đã ghi kết quả.")
	if len(done.all("#entry")) != 0 {
		t.Errorf("the form is still offered once every participant has a result")
	}
	if v := d.training(t, d.yte); v.Result == nil || v.Result.Grade != "kha" || v.Result.CertificateNo != "CC-9" {
		t.Errorf("training = %+v", v)
	}
}
