package handlers_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"daotao/domain"
)

// webWorld is a world whose people are logged in through the login form,
// with two nominations of Sở Y tế: a draft and a submitted one.
type webWorld struct {
	*world
	as               map[string]*browser // by username
	draft, submitted string
	approved         string     // an approved nomination of Sở Y tế, made on first use (approvedIn)
	t                *testing.T // the test that made the world, for fixtures made on first use
}

// usernames are the accounts of a world: admin, council, auditor and the
// officers of Sở Y tế and UBND Tam Kỳ.
var usernames = []string{"quantri", "hoidong", "kiemtra", "soyte", "tamky"}

// homes is where each account lands after login.
var homes = map[string]string{"quantri": "/admin/users", "hoidong": "/queue", "kiemtra": "/audit", "soyte": "/queue", "tamky": "/queue"}

func newWebWorld(t *testing.T) *webWorld {
	t.Helper()
	w := &webWorld{world: newWorld(t), as: map[string]*browser{}, t: t}
	w.draft = w.nominationIn(t, domain.StatusDraft)
	w.submitted = w.nominationIn(t, domain.StatusSubmitted)
	for _, u := range usernames {
		w.as[u] = w.loginAs(t, u)
	}
	return w
}

// allowing maps each of users to status.
func allowing(status int, users ...string) map[string]int {
	m := map[string]int{}
	for _, u := range users {
		m[u] = status
	}
	return m
}

// getCase is one page of the page table: who may open it and what they
// see. Everyone not in allow gets the 403 page.
type getCase struct {
	route string // method and path as in the page table
	path  func(w *webWorld) string
	allow map[string]int
	check func(t *testing.T, w *webWorld, user string, p page) // for the allowed
}

func fixed(path string) func(*webWorld) string { return func(*webWorld) string { return path } }

var getCases = []getCase{
	{"GET /login", fixed("/login"), allowing(http.StatusSeeOther, usernames...), wantHome},
	{"GET /", fixed("/"), allowing(http.StatusSeeOther, usernames...), wantHome},
	{"GET /officials", fixed("/officials"), allowing(http.StatusOK, usernames...), checkOfficials},
	{"GET /officials/new", fixed("/officials/new"), allowing(http.StatusOK, "soyte", "tamky"), checkOfficialForm},
	{"GET /officials/import", fixed("/officials/import"), allowing(http.StatusOK, "soyte", "tamky"), checkImportForm},
	{"GET /officials/:id", func(w *webWorld) string { return "/officials/" + w.yteOfficial },
		with404(allowing(http.StatusOK, "soyte", "hoidong", "kiemtra", "quantri"), "tamky"), checkOfficial},
	{"GET /nominations", fixed("/nominations"), allowing(http.StatusOK, usernames...), checkNominations},
	{"GET /nominations/new", fixed("/nominations/new"), allowing(http.StatusOK, "soyte", "tamky"), checkNominationForm},
	{"GET /nominations/:id", func(w *webWorld) string { return "/nominations/" + w.submitted },
		with404(allowing(http.StatusOK, "soyte", "hoidong", "kiemtra", "quantri"), "tamky"), checkNomination},
	{"GET /nominations/:id/edit", func(w *webWorld) string { return "/nominations/" + w.draft + "/edit" },
		with404(allowing(http.StatusOK, "soyte"), "tamky"), checkEditForm},
	{"GET /attachments/:sha", fixed("/attachments/" + strings.Repeat("ab", 32)), with404(map[string]int{}, usernames...), nil},
	{"GET /delegations", fixed("/delegations"), allowing(http.StatusOK, usernames...), checkDelegationsPage},
	{"GET /queue", fixed("/queue"), allowing(http.StatusOK, "soyte", "tamky", "hoidong"), checkQueue},
	{"GET /audit", fixed("/audit"), allowing(http.StatusOK, "kiemtra"), checkAudit},
	{"GET /audit/nominations/:id", func(w *webWorld) string { return "/audit/nominations/" + w.submitted },
		allowing(http.StatusOK, "kiemtra", "hoidong", "quantri"), checkTimeline},
	{"GET /audit/events", fixed("/audit/events"), allowing(http.StatusOK, "kiemtra"), checkEventsPage},
	{"GET /admin/users", fixed("/admin/users"), allowing(http.StatusOK, "quantri"), checkUsers},
	{"GET /admin/agencies", fixed("/admin/agencies"), allowing(http.StatusOK, "quantri"), checkAgencies},
	{"GET /admin/holidays", fixed("/admin/holidays?year=2025"), allowing(http.StatusOK, "quantri"), checkHolidaysPage},
	{"GET /reimbursements/preview", fixed("/reimbursements/preview"), allowing(http.StatusOK, "soyte", "tamky", "hoidong", "quantri"), checkReimbursementForm},
	{"GET /dashboard", fixed("/dashboard"), allowing(http.StatusOK, usernames...), checkDashboardPage},
	{"GET /reports", fixed("/reports"), allowing(http.StatusOK, usernames...), checkReportsPage},
	{"GET /reports/:name", fixed("/reports/agency_activity"), allowing(http.StatusOK, usernames...), checkAgencyActivityPage},
	{"GET /reports/:name/download", fixed("/reports/agency_activity/download?format=csv"), allowing(http.StatusOK, usernames...), nil},
	{"GET /programme/targets", fixed("/programme/targets"), allowing(http.StatusOK, usernames...), checkTargetsPage},
	{"GET /programme/catalogue", fixed("/programme/catalogue"), allowing(http.StatusOK, usernames...), checkCataloguePage},
	{"GET /programme/quotas", fixed("/programme/quotas"), allowing(http.StatusOK, usernames...), checkQuotasPage},
	{"GET /programme/baseline", fixed("/programme/baseline"), allowing(http.StatusOK, usernames...), checkBaselinePage},
	{"GET /programme/reference", fixed("/programme/reference"), allowing(http.StatusOK, usernames...), checkReferencePage},
	{"GET /programme/reference/:version", fixed("/programme/reference/1"), allowing(http.StatusOK, usernames...), checkReferenceDocument},
	{"GET /reviews", fixed("/reviews"), allowing(http.StatusOK, "hoidong", "kiemtra", "quantri"), checkReviewsPage},
	{"GET /reviews/:id", fixed("/reviews/khong-co"), with404(map[string]int{}, "hoidong", "kiemtra", "quantri"), nil},
	{"GET /reviews/:id/summary", fixed("/reviews/khong-co/summary"), with404(map[string]int{}, "hoidong", "kiemtra", "quantri"), nil},
	{"GET /reviews/:id/verification", fixed("/reviews/khong-co/verification"), with404(map[string]int{}, "hoidong", "kiemtra", "quantri"), nil},
	// Yearly planning: no round is opened in this world.
	{"GET /plans", fixed("/plans"), allowing(http.StatusOK, usernames...), checkPlansPage},
	{"GET /plans/:year", fixed("/plans/2026"), with404(map[string]int{}, usernames...), nil},
	{"GET /plans/actual", fixed("/plans/actual?year=2026"), allowing(http.StatusOK, usernames...), checkPlanActualEmpty},
	{"GET /needs", fixed("/needs?year=2026"), allowing(http.StatusOK, usernames...), checkNeedsPage},
	{"GET /needs/:year/:agency", fixed("/needs/2026/so_y_te"), with404(map[string]int{}, usernames...), nil},
	{"GET /focus", fixed("/focus"), allowing(http.StatusOK, usernames...), checkFocusPage},
	{"GET /focus/:year", fixed("/focus/2026"), allowing(http.StatusOK, usernames...), checkFocusPage},
	{"GET /providers", fixed("/providers"), allowing(http.StatusOK, usernames...), checkProvidersPage},
	{"GET /providers/:id", fixed("/providers/khong-co"), with404(map[string]int{}, "soyte", "tamky"), nil},
	{"GET /courses/:id/provider", fixed("/courses/khong-co/provider"), with404(map[string]int{}, usernames...), nil},
	{"GET /courses/:id/provider/documents/:sha", fixed("/courses/khong-co/provider/documents/" + strings.Repeat("ab", 32)), with404(map[string]int{}, usernames...), nil},
	{"GET /trainees", fixed("/trainees"), allowing(http.StatusOK, usernames...), checkTraineesPage},
	{"GET /trainees/:id", func(w *webWorld) string { return "/trainees/" + approvedIn(w) }, with404(map[string]int{}, usernames...), nil},
	// Money pages: every role of the world reads them; an agency sees its
	// own cases (pages_money_test.go opens another agency's).
	{"GET /commitments", fixed("/commitments"), allowing(http.StatusOK, usernames...), checkMoneyList},
	{"GET /reimbursements", fixed("/reimbursements"), allowing(http.StatusOK, usernames...), checkMoneyList},
	{"GET /reimbursements/:id", fixed("/reimbursements/khong-co"), with404(map[string]int{}, usernames...), nil},
	{"GET /budgets", fixed("/budgets"), allowing(http.StatusOK, usernames...), checkMoneyList},
	{"GET /budgets/totals", fixed("/budgets/totals"), allowing(http.StatusOK, usernames...), checkMoneyList},
	// Sittings, deadlines and the inbox (sittings_test.go works them).
	{"GET /sittings", fixed("/sittings"), allowing(http.StatusOK, "hoidong", "kiemtra", "quantri"), nil},
	{"GET /sittings/:id", fixed("/sittings/khong-co"), with404(map[string]int{}, "hoidong", "kiemtra", "quantri"), nil},
	{"GET /deadlines", fixed("/deadlines"), allowing(http.StatusOK, usernames...), nil},
	{"GET /inbox", fixed("/inbox"), allowing(http.StatusOK, usernames...), nil},
	{"GET /budgets/:id", fixed("/budgets/khong-co"), with404(map[string]int{}, usernames...), nil},
	// Programmes and courses (pages_courses_test.go works them).
	{"GET /programmes", fixed("/programmes"), allowing(http.StatusOK, usernames...), checkProgrammesPage},
	{"GET /programmes/new", fixed("/programmes/new"), allowing(http.StatusOK, "soyte", "tamky"), nil},
	{"GET /programmes/:id", fixed("/programmes/khong-co"), with404(map[string]int{}, usernames...), nil},
	{"GET /programmes/:id/edit", fixed("/programmes/khong-co/edit"), with404(map[string]int{}, "soyte", "tamky"), nil},
	{"GET /courses", fixed("/courses"), allowing(http.StatusOK, usernames...), checkCoursesPage},
	{"GET /courses/new", fixed("/courses/new"), allowing(http.StatusOK, "soyte", "tamky"), nil},
	{"GET /courses/:id", fixed("/courses/khong-co"), with404(map[string]int{}, usernames...), nil},
	{"GET /courses/:id/edit", fixed("/courses/khong-co/edit"), with404(map[string]int{}, "soyte", "tamky"), nil},
	// Completion last: approvedIn adds an approved nomination, which the
	// pages above (the targets) must not count.
	{"GET /trainings", func(w *webWorld) string { approvedIn(w); return "/trainings" },
		allowing(http.StatusOK, "soyte", "tamky", "hoidong", "kiemtra", "quantri"), checkTrainingsPage},
	{"GET /trainings/:id", func(w *webWorld) string { return "/trainings/" + approvedIn(w) },
		with404(allowing(http.StatusOK, "soyte", "hoidong", "kiemtra", "quantri"), "tamky"), checkTrainingPage},
	{"GET /trainings/:id/documents/:sha", func(w *webWorld) string {
		return "/trainings/" + approvedIn(w) + "/documents/" + strings.Repeat("ab", 32)
	},
		with404(map[string]int{}, "soyte", "tamky", "hoidong", "kiemtra", "quantri"), nil},
	{"GET /overdue-reports", fixed("/overdue-reports"), allowing(http.StatusOK, "soyte", "tamky"), checkOverduePage},
	{"GET /surveys", fixed("/surveys"), allowing(http.StatusOK, "soyte", "tamky", "hoidong", "kiemtra", "quantri"), checkSurveysPage},
	{"GET /me", fixed("/me"), map[string]int{}, nil},
}

func with404(m map[string]int, users ...string) map[string]int {
	for _, u := range users {
		m[u] = http.StatusNotFound
	}
	return m
}

// postCase is one form action of the page table and who is refused it,
// with a valid CSRF token. The accounts allowed are exercised by the form
// tests (pages_forms_test.go, pages_auth_test.go).
type postCase struct {
	route   string
	path    func(w *webWorld) string
	form    func(w *webWorld) url.Values
	refused map[string]int
}

var postCases = []postCase{
	{"POST /plans", fixed("/plans"), func(*webWorld) url.Values { return url.Values{"year": {"2026"}, "needs_due": {"30/09/2025"}} },
		allowing(http.StatusForbidden, usernames...)},
	{"POST /plans/:year/versions", fixed("/plans/2026/versions"), func(*webWorld) url.Values { return url.Values{"lines": {""}} },
		allowing(http.StatusForbidden, usernames...)},
	{"POST /plans/:year/submit", fixed("/plans/2026/submit"), func(*webWorld) url.Values { return url.Values{} }, allowing(http.StatusForbidden, usernames...)},
	{"POST /plans/:year/agree", fixed("/plans/2026/agree"), func(*webWorld) url.Values { return url.Values{} },
		allowing(http.StatusForbidden, "soyte", "tamky", "kiemtra", "quantri")},
	{"POST /plans/:year/return", fixed("/plans/2026/return"), reasonForm, allowing(http.StatusForbidden, "soyte", "tamky", "kiemtra", "quantri")},
	{"POST /plans/:year/approve", fixed("/plans/2026/approve"), func(*webWorld) url.Values { return url.Values{} }, allowing(http.StatusForbidden, usernames...)},
	{"POST /needs/:year/:agency", fixed("/needs/2026/so_y_te"), func(*webWorld) url.Values { return url.Values{"lines": {"C.1; class; 3; cbcc; 2"}} },
		with404(allowing(http.StatusForbidden, "hoidong", "kiemtra", "quantri"), "tamky")},
	{"POST /needs/:year/:agency/return", fixed("/needs/2026/so_y_te/return"), reasonForm,
		with404(allowing(http.StatusForbidden, "hoidong", "kiemtra", "quantri"), "tamky", "soyte")},
	{"POST /focus/:year/:bloc", fixed("/focus/2026/government"), func(*webWorld) url.Values { return url.Values{"codes": {"C"}} },
		with404(allowing(http.StatusForbidden, "hoidong", "kiemtra", "quantri"), "tamky", "soyte")},
	{"POST /providers", fixed("/providers"), func(*webWorld) url.Values {
		return url.Values{"name": {"Học viện Chính trị khu vực III"}, "kind": {"domestic"}}
	},
		allowing(http.StatusForbidden, "hoidong", "kiemtra", "quantri")},
	{"POST /providers/:id", fixed("/providers/khong-co"), func(*webWorld) url.Values { return url.Values{"name": {"X"}, "kind": {"domestic"}} },
		with404(allowing(http.StatusForbidden, "hoidong", "kiemtra", "quantri"), "soyte", "tamky")},
	{"POST /courses/:id/provider", fixed("/courses/khong-co/provider"), func(*webWorld) url.Values { return url.Values{"method": {"chi_dinh_thau"}} },
		with404(allowing(http.StatusForbidden, "hoidong", "kiemtra", "quantri"), "soyte", "tamky")},
	{"POST /courses/:id/provider/documents", fixed("/courses/khong-co/provider/documents"), func(*webWorld) url.Values { return url.Values{} },
		with404(allowing(http.StatusForbidden, "hoidong", "kiemtra", "quantri"), "soyte", "tamky")},
	{"POST /trainees/:id/:action", func(w *webWorld) string { return "/trainees/" + approvedIn(w) + "/progress" },
		func(*webWorld) url.Values { return url.Values{"period": {"2026-1"}, "results": {"Khá"}} },
		with404(allowing(http.StatusForbidden, "hoidong", "kiemtra", "quantri"), "tamky")},
	{"POST /login", fixed("/login"), nil, nil},
	{"POST /logout", fixed("/logout"), nil, nil},
	{"POST /officials", fixed("/officials"), officialForm, allowing(http.StatusForbidden, "hoidong", "kiemtra", "quantri")},
	{"POST /officials/import", fixed("/officials/import"), func(*webWorld) url.Values { return url.Values{} },
		allowing(http.StatusForbidden, "hoidong", "kiemtra", "quantri")},
	{"POST /officials/import/commit", fixed("/officials/import/commit"), importForm, allowing(http.StatusForbidden, "hoidong", "kiemtra", "quantri")},
	{"POST /nominations", fixed("/nominations"), nominationForm, allowing(http.StatusForbidden, "hoidong", "kiemtra", "quantri")},
	{"POST /nominations/eligibility", fixed("/nominations/eligibility"), nominationForm, allowing(http.StatusForbidden, "hoidong", "kiemtra", "quantri")},
	{"POST /nominations/:id/edit", func(w *webWorld) string { return "/nominations/" + w.draft + "/edit" }, nominationForm,
		with404(allowing(http.StatusForbidden, "hoidong", "kiemtra", "quantri"), "tamky")},
	{"POST /nominations/:id/:action", func(w *webWorld) string { return "/nominations/" + w.submitted + "/approve" }, reasonForm,
		with404(allowing(http.StatusForbidden, "soyte", "kiemtra", "quantri"), "tamky")},
	{"POST /nominations/:id/comments", func(w *webWorld) string { return "/nominations/" + w.submitted + "/comments" },
		func(*webWorld) url.Values { return url.Values{"comment": {"Ý kiến."}} },
		with404(allowing(http.StatusForbidden, "kiemtra", "quantri"), "tamky")},
	{"POST /nominations/:id/attachments", func(w *webWorld) string { return "/nominations/" + w.submitted + "/attachments" },
		func(*webWorld) url.Values { return url.Values{} }, with404(allowing(http.StatusForbidden, "kiemtra", "quantri"), "tamky")},
	{"POST /nominations/:id/attachments/:sha/delete", func(w *webWorld) string {
		return "/nominations/" + w.draft + "/attachments/" + strings.Repeat("ab", 32) + "/delete"
	}, func(*webWorld) url.Values { return url.Values{} }, with404(allowing(http.StatusForbidden, "hoidong", "kiemtra", "quantri"), "tamky")},
	{"POST /delegations", fixed("/delegations"), func(*webWorld) url.Values { return url.Values{"delegate": {"khong-co"}} }, map[string]int{}},
	{"POST /delegations/act", fixed("/delegations/act"), func(*webWorld) url.Values { return url.Values{"as": {""}} }, map[string]int{}},
	{"POST /delegations/:id/revoke", fixed("/delegations/khong-co/revoke"), func(*webWorld) url.Values { return url.Values{} }, map[string]int{}},
	{"POST /queue/decide", fixed("/queue/decide"), func(w *webWorld) url.Values {
		return url.Values{"action": {"approve"}, "ids": {w.submitted}}
	}, allowing(http.StatusForbidden, "soyte", "tamky", "kiemtra", "quantri")},
	{"POST /queue/filters", fixed("/queue/filters"), func(*webWorld) url.Values {
		return url.Values{"name": {"Nhóm 3"}, "group": {"3"}}
	}, allowing(http.StatusForbidden, "kiemtra", "quantri")},
	{"POST /queue/filters/:id/delete", fixed("/queue/filters/f-1/delete"), func(*webWorld) url.Values { return url.Values{} },
		allowing(http.StatusForbidden, "kiemtra", "quantri")},
	{"POST /reimbursements/preview", fixed("/reimbursements/preview"), reimbursementForm, allowing(http.StatusForbidden, "kiemtra")},
	{"POST /admin/users", fixed("/admin/users"), func(*webWorld) url.Values {
		return url.Values{"username": {"moi"}, "password": {password}, "role": {"auditor"}}
	}, allowing(http.StatusForbidden, "soyte", "tamky", "hoidong", "kiemtra")},
	{"POST /programme/reference", fixed("/programme/reference"), func(*webWorld) url.Values {
		return url.Values{"effective_from": {"01/07/2025"}, "note": {"Hợp nhất tỉnh"}}
	}, allowing(http.StatusForbidden, usernames...)},
	{"POST /reviews", fixed("/reviews"), func(*webWorld) url.Values {
		return url.Values{"kind": {"so_ket"}, "title": {"Sơ kết"}, "period_from": {"01/01/2025"}, "period_to": {"31/12/2025"}}
	}, allowing(http.StatusForbidden, usernames...)},
	{"POST /reviews/:id/seal", fixed("/reviews/khong-co/seal"), func(*webWorld) url.Values { return url.Values{} },
		allowing(http.StatusForbidden, usernames...)},
	{"POST /reviews/:id/corrections", fixed("/reviews/khong-co/corrections"), func(*webWorld) url.Values {
		return url.Values{"reason": {"Thử"}, "event_seqs": {"1"}}
	}, allowing(http.StatusForbidden, usernames...)},
	{"POST /commitments", fixed("/commitments"), func(w *webWorld) url.Values { return url.Values{"nomination_id": {w.submitted}} },
		allowing(http.StatusForbidden, "hoidong", "kiemtra", "quantri")},
	{"POST /reimbursements", fixed("/reimbursements"), func(w *webWorld) url.Values { return url.Values{"nomination_id": {w.submitted}} },
		allowing(http.StatusForbidden, "hoidong", "kiemtra", "quantri")},
	{"POST /reimbursements/:id/:action", fixed("/reimbursements/khong-co/pay"), func(*webWorld) url.Values { return url.Values{"amount_vnd": {"1"}} },
		allowing(http.StatusForbidden, "soyte", "tamky", "kiemtra", "quantri")},
	{"POST /budgets", fixed("/budgets"), func(*webWorld) url.Values { return url.Values{"course_id": {"khong-co"}} },
		allowing(http.StatusForbidden, "hoidong", "kiemtra", "quantri")},
	{"POST /budgets/:id/:action", fixed("/budgets/khong-co/approve"), func(*webWorld) url.Values { return url.Values{} },
		allowing(http.StatusForbidden, "hoidong", "kiemtra", "quantri")},
	{"POST /sittings", fixed("/sittings"), func(*webWorld) url.Values { return url.Values{"title": {"Phiên họp"}} },
		allowing(http.StatusForbidden, usernames...)},
	{"POST /sittings/:id/resolution", fixed("/sittings/khong-co/resolution"), func(*webWorld) url.Values { return url.Values{} },
		allowing(http.StatusForbidden, "soyte", "tamky", "kiemtra", "quantri")},
	{"POST /inbox/read", fixed("/inbox/read"), func(*webWorld) url.Values { return url.Values{"all": {"true"}} }, map[string]int{}},
	{"POST /programmes", fixed("/programmes"), func(*webWorld) url.Values { return programmeFormValues() },
		allowing(http.StatusForbidden, "hoidong", "kiemtra", "quantri")},
	{"POST /programmes/:id/edit", fixed("/programmes/khong-co/edit"), func(*webWorld) url.Values { return programmeFormValues() },
		with404(allowing(http.StatusForbidden, "hoidong", "kiemtra", "quantri"), "soyte", "tamky")},
	{"POST /programmes/:id/:action", fixed("/programmes/khong-co/review"), reasonForm,
		with404(allowing(http.StatusForbidden, "kiemtra", "quantri"), "soyte", "tamky", "hoidong")},
	{"POST /courses", fixed("/courses"), func(*webWorld) url.Values { return courseFormValues("khong-co") },
		allowing(http.StatusForbidden, "hoidong", "kiemtra", "quantri")},
	{"POST /courses/:id/edit", fixed("/courses/khong-co/edit"), func(*webWorld) url.Values { return courseFormValues("khong-co") },
		with404(allowing(http.StatusForbidden, "hoidong", "kiemtra", "quantri"), "soyte", "tamky")},
	{"POST /courses/:id/nominate", fixed("/courses/khong-co/nominate"), func(w *webWorld) url.Values { return url.Values{"official_id": {w.yteOfficial}} },
		with404(allowing(http.StatusForbidden, "hoidong", "kiemtra", "quantri"), "soyte", "tamky")},
	{"POST /courses/:id/:action", fixed("/courses/khong-co/open"), func(*webWorld) url.Values { return url.Values{} },
		with404(allowing(http.StatusForbidden, "hoidong", "kiemtra", "quantri"), "soyte", "tamky")},
	{"POST /trainings/:id/result", func(w *webWorld) string { return "/trainings/" + approvedIn(w) + "/result" },
		func(w *webWorld) url.Values {
			approvedIn(w)
			return url.Values{"attended": {"true"}, "grade": {"gioi"}}
		},
		with404(allowing(http.StatusForbidden, "hoidong", "kiemtra", "quantri"), "tamky")},
	{"POST /trainings/results", fixed("/trainings/results"), func(*webWorld) url.Values { return url.Values{"course_id": {"khong-co"}} },
		allowing(http.StatusForbidden, "hoidong", "kiemtra", "quantri")},
	{"POST /me/trainings/:id/report", func(w *webWorld) string { return "/me/trainings/" + approvedIn(w) + "/report" },
		func(*webWorld) url.Values { return url.Values{"report": {"ket_qua"}, "summary": {"Báo cáo."}} },
		allowing(http.StatusForbidden, usernames...)},
	{"POST /me/trainings/:id/survey", func(w *webWorld) string { return "/me/trainings/" + approvedIn(w) + "/survey" },
		func(*webWorld) url.Values { return url.Values{"noi_dung": {"5"}} }, allowing(http.StatusForbidden, usernames...)},
}

// officialForm is a valid registration form of an official.
func officialForm(*webWorld) url.Values {
	return url.Values{"full_name": {"Trần Văn Minh"}, "group": {"2"}, "category": {"cbcc"}, "birth_date": {"1978-11-05"},
		"gender": {"nam"}, "service_start": {"2001-08-15"}, "qualification": {"thac_si"}, "field": {"y_te"}}
}

// nominationForm is a valid nomination form for the Sở Y tế official.
func nominationForm(w *webWorld) url.Values {
	return url.Values{"official_id": {w.yteOfficial}, "kind": {"boi_duong"}, "title": {"Quản trị y tế công"},
		"content_code": {"C.2"}, "start_date": {"2026-04-06"}, "end_date": {"2026-04-17"}, "cost_estimate_vnd": {"18.500.000"}}
}

func reasonForm(*webWorld) url.Values { return url.Values{"reason": {"Đủ điều kiện."}} }

// TestPageTableCovered fails when a page or form action is added to the
// router without a case here.
func TestPageTableCovered(t *testing.T) {
	a := newApp(t)
	covered := map[string]bool{}
	for _, c := range getCases {
		covered[c.route] = true
	}
	for _, c := range postCases {
		covered[c.route] = true
	}
	for _, r := range a.srv.Echo().Routes() {
		if strings.HasPrefix(r.Path, "/api/") || r.Path == "/healthz" || r.Path == "/readyz" || strings.HasPrefix(r.Path, "/static/") ||
			r.Path == "/metrics" || strings.HasPrefix(r.Path, "/debug/") || // ops_test.go
			(r.Method != http.MethodGet && r.Method != http.MethodPost) {
			continue
		}
		if key := r.Method + " " + r.Path; !covered[key] {
			t.Errorf("page route %s has no case in getCases or postCases", key)
		}
	}
}

// TestPagesByRole opens every page as every account: the allowed get it
// with its content, the others a 403 (or, for another agency's records, a
// 404) page that shows nothing of the record.
func TestPagesByRole(t *testing.T) {
	w := newWebWorld(t)
	for _, c := range getCases {
		for _, user := range usernames {
			t.Run(c.route+"/"+user, func(t *testing.T) {
				p := w.as[user].get(t, c.path(w))
				want, ok := c.allow[user]
				if !ok {
					want = http.StatusForbidden
				}
				p.expect(t, want)
				if p.doc != nil {
					checkHygiene(t, p)
				}
				switch {
				case want == http.StatusForbidden:
					wantRefusal(t, p, "Không có quyền truy cập")
				case want == http.StatusNotFound:
					wantRefusal(t, p, "Không tìm thấy")
				case c.check != nil:
					c.check(t, w, user, p)
				}
			})
		}
	}
}

// TestFormActionsByRole posts every form action, with a valid CSRF token,
// as each account that may not use it: refused, nothing appended.
func TestFormActionsByRole(t *testing.T) {
	w := newWebWorld(t)
	for _, c := range postCases {
		for user, want := range c.refused {
			t.Run(c.route+"/"+user, func(t *testing.T) {
				b := w.as[user]
				form := c.form(w)
				form.Set("_csrf", b.get(t, "/officials").expect(t, http.StatusOK).csrf(t))
				path := c.path(w) // may make the world's record first (approvedIn)
				before := w.lastSeq(t)
				p := b.post(t, path, form).expect(t, want)
				if after := w.lastSeq(t); after != before {
					t.Errorf("%s refused with %d, but the log grew from seq %d to %d", p.req, want, before, after)
				}
				title := map[int]string{http.StatusForbidden: "Không có quyền truy cập", http.StatusNotFound: "Không tìm thấy"}[want]
				wantRefusal(t, p, title)
			})
		}
	}
}

// wantRefusal checks an error page: its heading and that it shows none of
// the world's records.
func wantRefusal(t *testing.T, p page, title string) {
	t.Helper()
	if got := p.h1(); got != title {
		t.Errorf("%s: h1 = %q, want %q", p.req, got, title)
	}
	if p.errorMessage() == "" {
		t.Errorf("%s: error page without a message", p.req)
	}
	main := p.one(t, "main")
	for _, sel := range []string{"table", "dl", "form", "ol.timeline"} {
		if first(main, sel) != nil {
			t.Errorf("%s: error page shows a %s", p.req, sel)
		}
	}
	for _, secret := range []string{"Nguyễn Thị Lan", "Quản lý bệnh viện", "quantri", "tamky"} {
		if strings.Contains(textOf(main), secret) {
			t.Errorf("%s: error page shows %q: %s", p.req, secret, textOf(main))
		}
	}
}

func wantHome(t *testing.T, _ *webWorld, user string, p page) {
	t.Helper()
	if got := p.redirect(t).String(); got != homes[user] {
		t.Errorf("%s as %s: redirect to %q, want %q", p.req, user, got, homes[user])
	}
}

func wantH1(t *testing.T, p page, want string) {
	t.Helper()
	if got := p.h1(); got != want {
		t.Errorf("%s: h1 = %q, want %q", p.req, got, want)
	}
}

func wantRows(t *testing.T, p page, sel string, want int) [][]string {
	t.Helper()
	rows := p.rows(sel)
	if len(rows) != want {
		t.Errorf("%s: %d rows in %s, want %d: %v", p.req, len(rows), sel, want, rows)
	}
	return rows
}

var agencyName = map[string]string{"soyte": "Sở Y tế", "tamky": "Ủy ban nhân dân thành phố Tam Kỳ"}

func checkOfficials(t *testing.T, _ *webWorld, user string, p page) {
	wantH1(t, p, "Danh sách cán bộ, công chức, viên chức")
	n := 2
	if agencyName[user] != "" {
		n = 1
	}
	rows := wantRows(t, p, "#officials-list", n)
	for _, r := range rows {
		if r[0] != "Nguyễn Thị Lan" || r[1] != "3" || r[3] != "12/04/1985" || r[4] != "Đại học" || r[5] != "Y tế" {
			t.Errorf("%s: row %q, want Nguyễn Thị Lan, Nhóm 3, born 12/04/1985, Đại học, Y tế", p.req, r)
		}
	}
	if name := agencyName[user]; name != "" && rows[0][6] != name {
		t.Errorf("%s: agency %q, want %q", p.req, rows[0][6], name)
	}
	if got := len(p.all("a[href=/officials/new]")) == 1; got != (agencyName[user] != "") {
		t.Errorf("%s as %s: register link shown = %v", p.req, user, got)
	}
	if got := first(p.doc, "select#agency") != nil; got == (agencyName[user] != "") {
		t.Errorf("%s as %s: agency filter shown = %v", p.req, user, got)
	}
}

func checkOfficialForm(t *testing.T, _ *webWorld, user string, p page) {
	wantH1(t, p, "Đăng ký cán bộ lãnh đạo, quản lý")
	p.wantText(t, "form[action=/officials] p.muted", agencyName[user])
	for _, id := range []string{"full_name", "group", "category", "birth_date", "gender", "service_start", "qualification", "field"} {
		p.one(t, "form[action=/officials] #"+id)
	}
}

// facts returns the dt → dd pairs of a page's fact list.
func facts(p page) map[string]string {
	out := map[string]string{}
	for _, dt := range p.all("dl.facts dt") {
		dd := dt.NextSibling
		for dd != nil && dd.Data != "dd" {
			dd = dd.NextSibling
		}
		out[textOf(dt)] = textOf(dd)
	}
	return out
}

func wantFacts(t *testing.T, p page, want map[string]string) {
	t.Helper()
	got := facts(p)
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %s = %q, want %q", p.req, k, got[k], v)
		}
	}
}

func checkOfficial(t *testing.T, w *webWorld, user string, p page) {
	wantH1(t, p, "Nguyễn Thị Lan")
	wantFacts(t, p, map[string]string{"Cơ quan, đơn vị": "Sở Y tế", "Ngày sinh": "12/04/1985", "Ngày bắt đầu công tác": "01/09/2009",
		"Nhóm": "Nhóm 3 — Trưởng, Phó phòng cấp tỉnh và tương đương", "Giới tính": "Nữ", "Loại": "Cán bộ, công chức",
		"Trình độ": "Đại học", "Ngành, lĩnh vực": "Y tế"})
	rows := wantRows(t, p, "main", 2)
	if !containsAll(column(rows, 3), "Bản nháp", "Đã gửi, chờ xét") || !containsAll(column(rows, 2), "02/03/2026 – 13/03/2026") {
		t.Errorf("%s: nominations %q, want a draft and a submitted one, 02/03/2026 – 13/03/2026", p.req, rows)
	}
	link := "/nominations/new?official_id=" + w.yteOfficial
	if got := len(p.all("a[href=\""+link+"\"]")) == 1; got != (user == "soyte") {
		t.Errorf("%s as %s: nominate link shown = %v", p.req, user, got)
	}
}

func checkNominations(t *testing.T, _ *webWorld, user string, p page) {
	wantH1(t, p, "Hồ sơ cử đi đào tạo, bồi dưỡng")
	if tabs := texts(p.all("nav.tabs a")); len(tabs) != 7 || tabs[0] != "Tất cả" {
		t.Errorf("%s: status tabs %q, want Tất cả and the 6 statuses", p.req, tabs)
	}
	if user == "tamky" {
		wantRows(t, p, "#nom-list", 0)
		p.wantText(t, "#nom-list .hint", "Không có hồ sơ nào", "Lập hồ sơ")
		return
	}
	rows := wantRows(t, p, "#nom-list", 2)
	for _, r := range rows {
		if r[0] != "Quản lý bệnh viện hiện đại (C.1)" || r[1] != "Nguyễn Thị Lan" || r[3] != "Sở Y tế" ||
			r[4] != "Bồi dưỡng chuyên sâu" || r[5] != "02/03/2026 – 13/03/2026" || r[7] != "02/06/2025 08:00" {
			t.Errorf("%s: row %q", p.req, r)
		}
	}
}

func checkNominationForm(t *testing.T, w *webWorld, user string, p page) {
	wantH1(t, p, "Lập hồ sơ cử đi đào tạo, bồi dưỡng")
	var ids []string
	for _, o := range p.all("select#official_id option") {
		ids = append(ids, attr(o, "value"))
	}
	own, other := w.yteOfficial, w.tamkyOfficial
	if user == "tamky" {
		own, other = other, own
	}
	if !slices.Contains(ids, own) || slices.Contains(ids, other) {
		t.Errorf("%s as %s: official choices %q, want only the agency's own", p.req, user, ids)
	}
	if got := len(p.all("select#content_code option")); got != len(domain.ContentCodes)+1 {
		t.Errorf("%s: %d content options, want %d", p.req, got, len(domain.ContentCodes)+1)
	}
}

func checkNomination(t *testing.T, w *webWorld, user string, p page) {
	wantH1(t, p, "Quản lý bệnh viện hiện đại")
	wantFacts(t, p, map[string]string{"Trạng thái": "Đã gửi, chờ xét", "Cơ quan, đơn vị": "Sở Y tế", "Hình thức": "Bồi dưỡng chuyên sâu",
		"Nội dung (Phụ lục I)": "C.1", "Thời gian": "02/03/2026 – 13/03/2026", "Dự toán kinh phí": "25.000.000 ₫",
		"Ngày lập": "02/06/2025 08:00", "Gửi lần gần nhất": "02/06/2025 08:00"})
	var actions []string
	for _, f := range p.all("main form") {
		actions = append(actions, strings.TrimPrefix(attr(f, "action"), "/nominations/"+w.submitted+"/"))
	}
	// The submitted nomination awaits the council (Sở Nội vụ passed it on):
	// the council may attach, decide and comment; the agency withdraw and
	// comment.
	want := map[string][]string{"soyte": {"withdraw", "comments"}, "hoidong": {"attachments", "approve", "return", "reject", "comments"}}[user]
	if !slices.Equal(actions, want) {
		t.Errorf("%s as %s: action forms %q, want %q", p.req, user, actions, want)
	}
	history := texts(p.all("ol.timeline li strong"))
	if user == "soyte" {
		if len(history) != 0 {
			t.Errorf("%s: agency sees the history %q", p.req, history)
		}
	} else if !slices.Equal(history, []string{"Lập hồ sơ", "Gửi hồ sơ", "Chuyển bước tiếp theo"}) {
		t.Errorf("%s as %s: history %q, want Lập hồ sơ, Gửi hồ sơ, Chuyển bước tiếp theo", p.req, user, history)
	}
	if user == "soyte" || user == "hoidong" {
		p.wantText(t, "#stage", "Hội đồng xét duyệt")
		if steps := column(p.rows("#steps"), 1); !slices.Equal(steps, []string{"soyte", "sonoivu"}) {
			t.Errorf("%s as %s: stage history by %q, want soyte, sonoivu", p.req, user, steps)
		}
	}
}

func checkEditForm(t *testing.T, w *webWorld, _ string, p page) {
	wantH1(t, p, "Sửa hồ sơ")
	form := p.one(t, "form[action=\"/nominations/"+w.draft+"/edit\"]")
	v := formValues(form)
	if v.Get("title") != "Quản lý bệnh viện hiện đại" || v.Get("start_date") != "02/03/2026" || v.Get("end_date") != "13/03/2026" ||
		v.Get("cost_estimate_vnd") != "25000000" || v.Get("content_code") != "C.1" {
		t.Errorf("%s: form values %v, want the draft's", p.req, v)
	}
	if attr(p.one(t, "input#official_id"), "value") != "Nguyễn Thị Lan" {
		t.Errorf("%s: official field %q, want the official's name", p.req, attr(p.one(t, "input#official_id"), "value"))
	}
}

func checkQueue(t *testing.T, w *webWorld, user string, p page) {
	switch user {
	case "hoidong":
		wantH1(t, p, "Hàng đợi xử lý")
		rows := wantRows(t, p, "form#bulk", 1)
		if len(rows) == 1 && (rows[0][1] != "Quản lý bệnh viện hiện đại" || rows[0][6] != "02/06/2025 08:00" || rows[0][7] != "1") {
			t.Errorf("%s: row %q", p.req, rows[0])
		}
		p.one(t, "input[type=checkbox][name=ids][value=\""+w.submitted+"\"]")
	case "soyte":
		wantH1(t, p, "Việc cần làm")
		rows := wantRows(t, p, "main", 1)
		if len(rows) == 1 && rows[0][6] != "Bản nháp" {
			t.Errorf("%s: row %q, want the draft", p.req, rows[0])
		}
	case "tamky":
		wantH1(t, p, "Việc cần làm")
		wantRows(t, p, "main", 0)
		p.wantText(t, "main .hint", "Không có việc nào cần làm")
	}
}

func checkAudit(t *testing.T, w *webWorld, _ string, p page) {
	wantH1(t, p, "Kiểm tra lịch sử hồ sơ")
	wantRows(t, p, "main", 2)
	for _, id := range []string{w.draft, w.submitted} {
		p.one(t, "a[href=\"/audit/nominations/"+id+"\"]")
	}
}

func checkTimeline(t *testing.T, _ *webWorld, _ string, p page) {
	wantH1(t, p, "Lịch sử hồ sơ: Quản lý bệnh viện hiện đại")
	items := p.all("ol.timeline li")
	if got := texts(p.all("ol.timeline li strong")); !slices.Equal(got, []string{"Lập hồ sơ", "Gửi hồ sơ", "Chuyển bước tiếp theo"}) {
		t.Fatalf("%s: events %q, want Lập hồ sơ, Gửi hồ sơ, Chuyển bước tiếp theo", p.req, got)
	}
	if got := texts(p.all("ol.timeline li .summary p")); len(got) == 0 || got[0] != "Khóa học: Quản lý bệnh viện hiện đại" {
		t.Errorf("%s: summary %q, want the course title of the creation", p.req, got)
	}
	for i, it := range items {
		want := "02/06/2025 08:00 · soyte · Cán bộ tổ chức cơ quan, đơn vị · Sở Y tế"
		if i == 2 {
			want = "02/06/2025 08:00 · sonoivu · Sở Nội vụ"
		}
		if got := textOf(it); !strings.Contains(got, want) {
			t.Errorf("%s: event %q, want time, actor, role and agency", p.req, got)
		}
	}
}

func checkUsers(t *testing.T, _ *webWorld, _ string, p page) {
	wantH1(t, p, "Tài khoản")
	rows := wantRows(t, p, "main", len(usernames)+2) // and the stage accounts sonoivu, thuongtruc
	want := map[string]string{"quantri": "Quản trị hệ thống", "hoidong": "Hội đồng đào tạo, bồi dưỡng", "kiemtra": "Kiểm tra, thanh tra",
		"soyte": "Cán bộ tổ chức cơ quan, đơn vị", "tamky": "Cán bộ tổ chức cơ quan, đơn vị",
		"sonoivu": "Sở Nội vụ", "thuongtruc": "Ban Thường vụ Tỉnh ủy"}
	for _, r := range rows {
		if want[r[0]] != r[1] || r[3] != "Đang hoạt động" {
			t.Errorf("%s: row %q", p.req, r)
		}
	}
	p.one(t, "form[action=/admin/users] input[name=_csrf]")
}

func checkAgencies(t *testing.T, _ *webWorld, _ string, p page) {
	wantH1(t, p, "Cơ quan, đơn vị")
	// The agencies in force: those of the published reference data (85),
	// of which the 46 of domain.DefaultAgencies come first.
	all := domain.DefaultAgencies().All()
	rows := wantRows(t, p, "main", 85)
	if len(rows) > 0 && (rows[0][0] != all[0].Code || rows[0][1] != all[0].Name) {
		t.Errorf("%s: first row %q, want %s %s", p.req, rows[0], all[0].Code, all[0].Name)
	}
}
