package e2e_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"path"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"daotao/domain"
	"daotao/events"
)

// The scenario of issue 5 through a delegation abroad, from nomination to
// the official's report: Sở Y tế (lead agency of content C.1) has a
// delegation to Japan that returned ten days ago; it nominates one of its
// officials into it from the course's page; Sở Nội vụ and the council
// approve; Sở Y tế closes, starts and finishes the course and records the
// result; the admin gives the official an account; the official logs in,
// sees the reports owed within 15 days of the return, submits them and
// answers the survey.
func TestDelegationToReportInBrowser(t *testing.T) {
	chromium := findChromium(t)
	srv, base := server(t)
	for _, u := range []struct {
		name   string
		role   domain.Role
		agency string
	}{{"soyte", domain.RoleAgency, "so_y_te"}, {"sonoivu", domain.RoleHomeAffairs, ""}, {"hoidong", domain.RoleCouncil, ""},
		{"ubnd", domain.RoleProvince, ""}, {"quantri", domain.RoleAdmin, ""}} {
		addUser(t, srv, u.name, u.role, u.agency)
	}
	var official struct {
		ID string `json:"id"`
	}
	yte := token(t, base, "soyte")
	post(t, base+"/api/v1/officials", yte, map[string]any{"full_name": "Trương Thị Thu", "agency_code": "so_y_te", "group": 3,
		"category": "cbcc", "birth_date": "1984-06-20", "gender": "nu", "service_start": "2008-09-01", "qualification": "dai_hoc",
		"field": "y_te", "in_planning_pool": true, "discipline": "none",
		"ratings": map[string]string{"2024": "tot", "2025": "xuat_sac"}}, &official)
	course := delegationCourse(t, base, yte)
	b := browse(t, chromium, base)

	b.login("soyte", "Việc cần làm")
	b.open("/courses/"+course, "form[action='/courses/"+course+"/nominate']")
	b.see("main h1", "Đoàn nghiên cứu quản lý bệnh viện tại Nhật Bản")
	b.choose("#official_id", official.ID)
	b.click("form[action='/courses/"+course+"/nominate'] button", "dl.facts .badge.draft")
	nomination := path.Base(b.path())
	b.click("form[action$='/submit'] button", "dl.facts .badge.submitted")
	b.logout()

	for _, name := range []string{"sonoivu", "hoidong"} {
		b.login(name, "") // each starts at its own home page; the stage's approval is on the request's page
		b.open("/nominations/"+nomination, "form[action$='/approve'] button")
		b.click("form[action$='/approve'] button", "main .notice")
		b.logout()
	}

	b.login("soyte", "Việc cần làm")
	b.open("/nominations/"+nomination, "dl.facts .badge.approved")
	for _, step := range []string{"close", "start", "finish"} {
		b.open("/courses/"+course, "form[action='/courses/"+course+"/"+step+"'] button")
		b.click("form[action='/courses/"+course+"/"+step+"'] button", "main .notice")
	}
	b.click("#results-link", "#trainings")
	b.see("#trainings", "Trương Thị Thu", "Chưa ghi")
	b.click("#trainings a[href='/trainings/"+nomination+"']", "#result-form")
	b.choose("#attended", "true", "#grade", "gioi")
	b.typeIn("#certificate_no", "CC-2026/JP-07")
	b.click("#result-form button[type=submit]", "#result")
	b.see("main .notice", "Đã ghi kết quả học tập.")
	b.see("#result", "Giỏi", "CC-2026/JP-07", "Ưu tiên")
	b.see("#reports", "Báo cáo kết quả học tập", "Báo cáo thu hoạch", "15 ngày kể từ ngày về nước", "Chưa nộp")
	b.screenshot("training-result")
	b.logout()

	b.login("quantri", "Tài khoản")
	b.typeIn("#username", "hocvien-thu", "#password", password, "#official_id", official.ID)
	b.choose("#role", "official")
	b.click("form[action='/admin/users'][method=post] button[type=submit]", "main .notice")
	b.see("main .notice", "Đã tạo tài khoản.")
	b.logout()

	b.login("hocvien-thu", "Trương Thị Thu")
	if b.path() != "/me" {
		t.Errorf("the trainee lands on %s, want /me", b.path())
	}
	card := "#t-" + nomination
	b.see(card, "Đoàn bồi dưỡng ở nước ngoài", "Báo cáo kết quả học tập", "Báo cáo thu hoạch", "Chưa nộp")
	b.see("#priority", "Có")
	b.screenshot("trainee-reports")
	for _, r := range []struct{ report, text string }{
		{"ket_qua", "Hoàn thành chương trình đoàn, xếp loại giỏi."},
		{"thu_hoach", "Mô hình bệnh viện thông minh có thể áp dụng tại tỉnh."},
	} {
		summary := "#summary-" + nomination + "-" + r.report
		b.typeIn(summary, r.text)
		// The page comes back without this report's form.
		b.click("form:has("+summary+") button[type=submit]", card)
		b.do("wait for "+r.report, chromedp.WaitNotPresent(chromedp.CSS(summary)))
		b.see("main .notice", "Đã nộp báo cáo.")
	}
	if forms := b.texts(card + " form.report-form"); len(forms) != 0 {
		t.Errorf("report forms left after submitting both: %q", forms)
	}
	for _, q := range domain.SurveyQuestions {
		b.choose("#"+q.Code+"-"+nomination, "5")
	}
	b.typeIn("#comment-"+nomination, "Chương trình thiết thực.")
	b.click(card+" form.survey-form button[type=submit]", card)
	b.do("wait for the survey", chromedp.WaitNotPresent(chromedp.CSS(card+" form.survey-form")))
	b.see("main .notice", "Đã gửi phiếu khảo sát")
	b.see(card, "Đã gửi phiếu khảo sát")
	b.screenshot("trainee-done")
	b.checkConsole()
}

// token logs username in through the API.
func token(t *testing.T, base, username string) string {
	t.Helper()
	var login struct {
		Token string `json:"token"`
	}
	post(t, base+"/api/v1/sessions", "", map[string]string{"username": username, "password": password}, &login)
	return login.Token
}

// delegationCourse sets up, through the API, an approved programme of
// content C.1 and its delegation to Japan, back ten days ago, open for
// nominations. It returns the course's id.
func delegationCourse(t *testing.T, base, yte string) string {
	t.Helper()
	var prog, course struct {
		ID string `json:"id"`
	}
	post(t, base+"/api/v1/programmes", yte, map[string]any{"content_code": "C.1", "title": "Quản lý y tế hiện đại", "year": 2026}, &prog)
	call(t, base+"/api/v1/programmes/"+prog.ID+"/submit", yte, map[string]any{})
	call(t, base+"/api/v1/programmes/"+prog.ID+"/review", token(t, base, "hoidong"), map[string]any{})
	call(t, base+"/api/v1/programmes/"+prog.ID+"/approve", token(t, base, "ubnd"), map[string]any{"decision_ref": "15/QĐ-UBND"})
	back := events.DateOf(time.Now(), domain.Zone).AddDate(0, 0, -10)
	post(t, base+"/api/v1/courses", yte, map[string]any{"programme_id": prog.ID, "format": "delegation_abroad",
		"title": "Đoàn nghiên cứu quản lý bệnh viện tại Nhật Bản", "start_date": back.AddDate(0, 0, -9).String(),
		"end_date": back.String(), "capacity": 8, "country": "Nhật Bản", "partner": "Đại học Tokyo",
		"cost_per_person_vnd": 120_000_000}, &course)
	call(t, base+"/api/v1/courses/"+course.ID+"/open", yte, map[string]any{})
	return course.ID
}

// call posts body and expects 200.
func call(t *testing.T, url, token string, body any) {
	t.Helper()
	status := postStatus(t, url, token, body)
	if status != http.StatusOK {
		t.Fatalf("POST %s: status %d", url, status)
	}
}

// postStatus posts body as JSON and returns the status.
func postStatus(t *testing.T, url, token string, body any) int {
	t.Helper()
	b, _ := json.Marshal(body)
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, url, bytes.NewReader(b))
	if err != nil {
		t.Fatalf("POST %s: %v", url, err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("POST %s: %v", url, err)
	}
	resp.Body.Close()
	return resp.StatusCode
}
