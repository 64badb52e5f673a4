package handlers_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

// checkMoneyList checks a money list page: a heading, and the navigation
// leads to the reimbursement cases.
func checkMoneyList(t *testing.T, _ *webWorld, user string, p page) {
	t.Helper()
	if p.h1() == "" {
		t.Errorf("%s as %s: no heading", p.req, user)
	}
	found := false
	for _, a := range p.all("nav a") {
		if attr(a, "href") == "/reimbursements" {
			found = true
		}
	}
	if !found {
		t.Errorf("%s as %s: the navigation has no link to /reimbursements", p.req, user)
	}
}

// stepsText returns the text of the computation's table.
func stepsText(p page) string {
	var b strings.Builder
	for _, row := range p.all("table.steps tbody tr") {
		b.WriteString(textOf(row) + "\n")
	}
	return b.String()
}

// TestMoneyPages takes the worked example through the pages: the agency
// opens the commitment and the case from forms, the council recommends,
// Sở Nội vụ decides, Sở Tài chính records an instalment (an overpayment is
// refused with a Vietnamese message next to the field); another agency's
// officer finds nothing.
func TestMoneyPages(t *testing.T) {
	w := newMoneyWorld(t)
	w.advanceTo(t, 2030, time.July, 2)
	agency := w.loginAs(t, "sotttt")
	p := agency.get(t, "/commitments").expect(t, http.StatusOK)
	checkHygiene(t, p)
	form := `form[method=post][action="/commitments"]`
	bad := agency.submit(t, p, form, url.Values{"nomination_id": {w.master}, "completed_on": {"31/02/2028"}}).expect(t, http.StatusBadRequest)
	if msg := bad.text(".field-error"); !strings.Contains(msg, "dd/mm/yyyy") {
		t.Errorf("a date that does not exist: field error %q", msg)
	}
	p = agency.follow(t, agency.submit(t, p, form, url.Values{"nomination_id": {w.master}, "completed_on": {"15/09/2028"}}))
	if p.text(".notice") != "Đã mở cam kết phục vụ." || !strings.Contains(p.text("table"), "48 tháng") || !strings.Contains(p.text("table"), "15/09/2028") {
		t.Errorf("commitments after opening: notice %q, table %q", p.text(".notice"), p.text("table"))
	}

	p = agency.get(t, "/reimbursements").expect(t, http.StatusOK)
	checkHygiene(t, p)
	p = agency.follow(t, agency.submit(t, p, `form[method=post][action="/reimbursements"]`, url.Values{"nomination_id": {w.master}, "case": {"left_early"},
		"event_date": {"15/05/2030"}, "reason": {"Xin thôi việc"}}))
	checkHygiene(t, p)
	steps := stepsText(p)
	for _, want := range []string{"S = F / T1 × (T1 − T2) = 100.000.000 / 48 × 28", "58.333.333 ₫", "Nguồn số liệu F", "Từ ngày bắt đầu phục vụ 15/09/2028 đến ngày 15/05/2030"} {
		if !strings.Contains(steps, want) {
			t.Errorf("the case page's steps lack %q:\n%s", want, steps)
		}
	}
	casePath := "/reimbursements/" + w.master // a case is keyed by its nomination
	act := func(action string) string { return `form[method=post][action="` + casePath + "/" + action + `"]` }
	if len(p.all("div.decide form")) != 0 {
		t.Errorf("the agency is offered %d actions on its case", len(p.all("div.decide form")))
	}

	council := w.loginAs(t, "hoidong")
	p = council.get(t, casePath).expect(t, http.StatusOK)
	bad = council.submit(t, p, act("recommend"), url.Values{"prior_service_years": {"5"}, "reduction_pct_per_year": {"2"}}).expect(t, http.StatusBadRequest)
	if msg := bad.text(".field-error"); !strings.Contains(msg, "1,5") {
		t.Errorf("reduction over the cap: field error %q", msg)
	}
	p = council.follow(t, council.submit(t, p, act("recommend"), url.Values{"prior_service_years": {"5"}, "reduction_pct_per_year": {"1,0"}}))
	if !strings.Contains(p.text("dl.facts"), "55.416.666 ₫") || !strings.Contains(stepsText(p), "1,0% × 5 năm = 5,0%") {
		t.Errorf("after the recommendation: %q\n%s", p.text("dl.facts"), stepsText(p))
	}

	home := w.loginAs(t, "sonoivu")
	p = home.get(t, casePath).expect(t, http.StatusOK)
	p = home.follow(t, home.submit(t, p, act("decide"), url.Values{"decision_ref": {"QĐ 125/QĐ-SNV"}, "decided_on": {"01/06/2030"}}))
	if !strings.Contains(p.text("dl.facts"), "hạn nộp 29/09/2030") {
		t.Errorf("after the decision: %q", p.text("dl.facts"))
	}

	finance := w.loginAs(t, "taichinh")
	p = finance.get(t, casePath).expect(t, http.StatusOK)
	bad = finance.submit(t, p, act("pay"), url.Values{"amount_vnd": {"55.416.667"}, "paid_on": {"01/07/2030"}, "receipt_ref": {"PT 1"}}).expect(t, http.StatusBadRequest)
	if msg := bad.text(".field-error"); !strings.Contains(msg, "không nhận nộp thừa") {
		t.Errorf("overpayment: field error %q", msg)
	}
	p = finance.follow(t, finance.submit(t, p, act("pay"), url.Values{"amount_vnd": {"30.000.000"}, "paid_on": {"01/07/2030"}, "receipt_ref": {"PT 01/2030"}}))
	if p.text(".notice") != "Đã ghi nhận khoản nộp." || !strings.Contains(p.text("dl.facts"), "25.416.666 ₫") || !strings.Contains(p.text("main"), "PT 01/2030") {
		t.Errorf("after an instalment: %q %q", p.text(".notice"), p.text("dl.facts"))
	}
	other := w.loginAs(t, "tamky")
	other.get(t, casePath).expect(t, http.StatusNotFound)
	if list := other.get(t, "/reimbursements").expect(t, http.StatusOK); len(list.all("tbody tr")) != 0 {
		t.Errorf("another agency lists %d cases", len(list.all("tbody tr")))
	}
}

// TestBudgetPages: Sở Tài chính lands on its appraisal queue, refuses an
// adjustment without a reason with a message next to the field, approves
// another estimate, and the totals page adds them up.
func TestBudgetPages(t *testing.T) {
	w := newWorld(t)
	w.user(t, "taichinh", "finance", "")
	f := newCourseFixture(t, w)
	agency := w.loginAs(t, "soyte")
	p := agency.get(t, "/budgets").expect(t, http.StatusOK)
	checkHygiene(t, p)
	agency.follow(t, agency.submit(t, p, `form[method=post][action="/budgets"]`, url.Values{"course_id": {f.course}}))
	p = agency.get(t, "/budgets").expect(t, http.StatusOK)
	agency.follow(t, agency.submit(t, p, `form[method=post][action="/budgets"]`, url.Values{"course_id": {f.course2}}))

	finance := w.loginAs(t, "taichinh")
	home := finance.get(t, "/").redirect(t)
	if home.Path != "/budgets" {
		t.Errorf("finance lands on %s, want /budgets", home.Path)
	}
	p = finance.get(t, "/budgets").expect(t, http.StatusOK)
	checkHygiene(t, p)
	var nav []link
	for _, a := range p.all("nav.main a") {
		nav = append(nav, link{attr(a, "href"), textOf(a)})
	}
	if want := []link{budgetsLink, {"/budgets/totals", "Tổng hợp kinh phí"}, casesLink, commitmentsLink, plansLink, needsLink, planActualLink, programmeLink}; !slices.Equal(nav, want) {
		t.Errorf("finance's navigation %q, want %q", nav, want)
	}
	if got := len(p.all(`section[aria-labelledby="queue-title"] tbody tr`)); got != 2 {
		t.Errorf("finance's queue has %d rows, want 2", got)
	}
	p = finance.get(t, "/budgets/"+f.course).expect(t, http.StatusOK)
	checkHygiene(t, p)
	bad := finance.submit(t, p, budgetForm(f.course, "adjust"), url.Values{"approved_vnd": {"30.000.000"}}).expect(t, http.StatusBadRequest)
	if msg := bad.text(".field-error"); msg != "Cần nêu lý do." {
		t.Errorf("adjust without a reason: field error %q", msg)
	}
	p = finance.follow(t, finance.submit(t, p, budgetForm(f.course, "adjust"), url.Values{"approved_vnd": {"30.000.000"}, "reason": {"Giảm theo định mức"}}))
	if p.text(".notice") != "Đã duyệt số tiền điều chỉnh." || !strings.Contains(p.text("dl.facts"), "30.000.000 ₫ (điều chỉnh)") {
		t.Errorf("after adjusting: %q %q", p.text(".notice"), p.text("dl.facts"))
	}
	p = finance.get(t, "/budgets/"+f.course2).expect(t, http.StatusOK)
	finance.follow(t, finance.submit(t, p, budgetForm(f.course2, "approve"), url.Values{}))
	p = finance.get(t, "/budgets/totals").expect(t, http.StatusOK)
	checkHygiene(t, p)
	if got := p.text(`section[aria-labelledby="by-agency"] tbody`); !strings.Contains(got, "Sở Y tế") || !strings.Contains(got, "72.000.000 ₫") || !strings.Contains(got, "66.000.000 ₫") {
		t.Errorf("totals by agency: %q", got)
	}
	w.loginAs(t, "tamky").get(t, "/budgets/"+f.course).expect(t, http.StatusNotFound)
}

// budgetForm selects the form of action on the budget of course.
func budgetForm(course, action string) string {
	return `form[method=post][action="/budgets/` + course + "/" + action + `"]`
}
