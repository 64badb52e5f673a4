package handlers_test

import (
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"daotao/domain"
)

// The authorization matrix: every API route under /api/v1 and every page
// of the web application, requested by every role, by an agency officer of
// another agency where a record is involved, and with no session. The
// expectations are written out here, route by route, independently of the
// route tables; a route the router has and this table has not fails the
// test, so a new route cannot be added without deciding who may use it.

// Role sets of the expectations, by name.
var (
	mxAll        = []string{"admin", "agency", "council", "auditor", "home_affairs", "standing_committee", "finance", "province"}
	mxAgency     = []string{"agency"}
	mxCouncil    = []string{"council"}
	mxAdmin      = []string{"admin"}
	mxQueue      = []string{"agency", "council", "home_affairs", "standing_committee"}
	mxStage      = []string{"home_affairs", "council", "standing_committee"}
	mxAuditors   = []string{"auditor", "council", "admin"}
	mxEvents     = []string{"auditor", "admin"}
	mxAuditor    = []string{"auditor"}
	mxHome       = []string{"home_affairs"}
	mxReimburser = []string{"agency", "council", "home_affairs", "admin"}
	// mxCourse may read programmes and courses.
	mxCourse = []string{"admin", "agency", "council", "auditor", "home_affairs", "province", "finance", "standing_committee"}
	// mxReviewers read the review phases; Sở Nội vụ alone writes them.
	mxReviewers = []string{"home_affairs", "auditor", "council", "admin", "province", "standing_committee"}
	// mxEveryRole is every role there is (the inbox); mxSittings read the
	// council's sittings; mxDeadlines the stage deadlines.
	mxEveryRole = []string{"admin", "agency", "council", "auditor", "home_affairs", "standing_committee", "province", "finance", "official"}
	mxSittings  = []string{"home_affairs", "council", "auditor", "admin", "standing_committee"}
	mxDeadlines = []string{"home_affairs", "council", "standing_committee", "province", "auditor", "admin", "agency"}
	// mxSession is every role that holds a session, the trainee included.
	mxSession = append(append([]string(nil), mxAll...), "official")
	// mxCompletion read results and surveys; mxRecorders record results;
	// mxOverdue see the overdue reports; mxTrainee is the trainee.
	mxCompletion = []string{"admin", "agency", "council", "auditor", "home_affairs"}
	mxRecorders  = []string{"agency", "home_affairs"}
	mxTrainee    = []string{"official"}
	// Yearly planning: the council or the province returns a plan; Sở
	// Nội vụ or Ban Tổ chức Tỉnh ủy (an agency) returns needs and
	// publishes a focus-field list.
	mxPlanReview = []string{"council", "province"}
	mxProvince   = []string{"province"}
	mxNeedReturn = []string{"home_affairs", "agency"}
)

// mxCaller is who sends a request of the matrix.
type mxCaller struct {
	name     string // subtest name
	role     string // "" for no session
	username string
	other    bool // an agency officer of ubnd_tam_ky, where the records are so_y_te's
}

var mxCallers = []mxCaller{
	{name: "no session"},
	{name: "admin", role: "admin", username: "quantri"},
	{name: "agency", role: "agency", username: "soyte"},
	{name: "other agency", role: "agency", username: "tamky", other: true},
	{name: "council", role: "council", username: "hoidong"},
	{name: "auditor", role: "auditor", username: "kiemtra"},
	{name: "home_affairs", role: "home_affairs", username: "noivu"},
	{name: "standing_committee", role: "standing_committee", username: "thuongtruc"},
	{name: "finance", role: "finance", username: "taichinh"},
	{name: "province", role: "province", username: "ubndtinh"},
	{name: "official", role: "official", username: "hocvien"},
}

// mxWorld is the world of the matrix: so_y_te's official and nominations
// in several states, an account to disable and one to log in as.
type mxWorld struct {
	*world
	tokens                               map[string]string   // bearer tokens by username
	browsers                             map[string]*browser // logged-in browsers by username
	csrf                                 map[string]string   // their forms' CSRF tokens
	draft, draft2, submitted, returnedID string
	targetID                             string         // an account the admin may disable
	courses                              *courseFixture // programmes and courses of so_y_te (courses_fixtures_test.go)
	trainingID                           string         // an approved nomination of so_y_te (completion)
}

// mxCase is the expectation of one route.
type mxCase struct {
	roles []string // who may use it; nil: no session needed
	// object: the request names a record of so_y_te (in the path or the
	// body); an officer of another agency gets 404, as for a record that
	// does not exist, and everyone allowed finds it.
	object bool
	path   func(w *mxWorld, c mxCaller) string
	body   func(w *mxWorld, c mxCaller) any // API: JSON (or a string with contentType); pages: url.Values
	// contentType overrides application/json for an API body.
	contentType string
	// fresh: the request ends the caller's session, so it gets a new one.
	fresh bool
	// hidden: like object, but the answer to another agency's officer is
	// the one for a record that does not exist, whatever its status (a
	// form's field official_id set to an unknown id).
	hidden bool
}

func at(path string) func(*mxWorld, mxCaller) string {
	return func(*mxWorld, mxCaller) string { return path }
}

func jsonBody(v any) func(*mxWorld, mxCaller) any { return func(*mxWorld, mxCaller) any { return v } }

func nomAt(pick func(w *mxWorld) string, suffix string) func(*mxWorld, mxCaller) string {
	return func(w *mxWorld, _ mxCaller) string { return "/api/v1/nominations/" + pick(w) + suffix }
}

func (w *mxWorld) draftID() string     { return w.draft }
func (w *mxWorld) draft2ID() string    { return w.draft2 }
func (w *mxWorld) submittedID() string { return w.submitted }
func (w *mxWorld) returned() string    { return w.returnedID }

// agencyOf is the agency of caller c's own records.
func agencyOf(c mxCaller) string {
	if c.other {
		return "ubnd_tam_ky"
	}
	return "so_y_te"
}

var reason = jsonBody(map[string]string{"reason": "Kiểm tra quyền truy cập."})

// apiMatrix lists every route under /api/v1.
var apiMatrix = map[string]mxCase{
	"GET /api/v1/trainings":     {roles: mxCompletion, path: at("/api/v1/trainings")},
	"GET /api/v1/trainings/:id": {roles: mxCompletion, object: true, path: trainingAt("/api/v1/trainings/", "")},
	"GET /api/v1/trainings/:id/documents/:sha": {roles: mxCompletion,
		path: trainingAt("/api/v1/trainings/", "/documents/"+strings.Repeat("ab", 32))},
	"POST /api/v1/trainings/:id/result": {roles: mxRecorders, object: true, path: trainingAt("/api/v1/trainings/", "/result"),
		body: jsonBody(map[string]any{"attended": true, "grade": "gioi"})},
	"POST /api/v1/trainings/:id/correction": {roles: mxRecorders, object: true, path: trainingAt("/api/v1/trainings/", "/correction"),
		body: jsonBody(map[string]any{"attended": true, "grade": "kha", "reason": "Sửa."})},
	"GET /api/v1/overdue-reports": {roles: mxRecorders, path: at("/api/v1/overdue-reports")},
	"GET /api/v1/surveys":         {roles: mxCompletion, path: at("/api/v1/surveys")},
	"GET /api/v1/me/record":       {roles: mxTrainee, path: at("/api/v1/me/record")},
	"POST /api/v1/me/trainings/:id/reports": {roles: mxTrainee, path: trainingAt("/api/v1/me/trainings/", "/reports"),
		body: jsonBody(map[string]any{"report": "ket_qua", "summary": "Báo cáo."})},
	"POST /api/v1/me/trainings/:id/survey": {roles: mxTrainee, path: trainingAt("/api/v1/me/trainings/", "/survey"),
		body: jsonBody(map[string]any{"ratings": map[string]int{"noi_dung": 5}})},
	"GET /api/v1/openapi.json": {path: at("/api/v1/openapi.json")},
	"POST /api/v1/sessions": {path: at("/api/v1/sessions"),
		body: jsonBody(map[string]string{"username": "dangnhap", "password": password})},
	"DELETE /api/v1/sessions": {roles: mxSession, path: at("/api/v1/sessions"), fresh: true},
	"GET /api/v1/me":          {roles: mxSession, path: at("/api/v1/me")},
	"POST /api/v1/users": {roles: mxAdmin, path: at("/api/v1/users"),
		body: jsonBody(map[string]string{"username": "matran-moi", "password": password, "role": "auditor"})},
	"GET /api/v1/users": {roles: mxAdmin, path: at("/api/v1/users")},
	"POST /api/v1/users/:id/disable": {roles: mxAdmin, body: reason,
		path: func(w *mxWorld, _ mxCaller) string { return "/api/v1/users/" + w.targetID + "/disable" }},
	"POST /api/v1/users/:id/enable": {roles: mxAdmin,
		path: func(w *mxWorld, _ mxCaller) string { return "/api/v1/users/" + w.targetID + "/enable" }},
	"GET /api/v1/agencies": {roles: mxAll, path: at("/api/v1/agencies")},
	"POST /api/v1/officials": {roles: mxAgency, path: at("/api/v1/officials"),
		body: func(_ *mxWorld, c mxCaller) any { return officialBody(agencyOf(c)) }},
	"GET /api/v1/officials": {roles: mxAll, path: at("/api/v1/officials")},
	"POST /api/v1/officials/import": {roles: mxAgency, path: at("/api/v1/officials/import"), contentType: csvType,
		body: func(*mxWorld, mxCaller) any { return csvFile(rowHoa) }},
	"GET /api/v1/officials/:id": {roles: mxAll, object: true,
		path: func(w *mxWorld, _ mxCaller) string { return "/api/v1/officials/" + w.yteOfficial }},
	"PATCH /api/v1/officials/:id": {roles: mxAgency, object: true, body: jsonBody(map[string]any{"in_planning_pool": true}),
		path: func(w *mxWorld, _ mxCaller) string { return "/api/v1/officials/" + w.yteOfficial }},
	"POST /api/v1/nominations": {roles: mxAgency, object: true, path: at("/api/v1/nominations"),
		body: func(w *mxWorld, _ mxCaller) any { return nominationBody(w.yteOfficial) }},
	"GET /api/v1/nominations":     {roles: mxAll, path: at("/api/v1/nominations")},
	"GET /api/v1/nominations/:id": {roles: mxAll, object: true, path: nomAt((*mxWorld).submittedID, "")},
	"PATCH /api/v1/nominations/:id": {roles: mxAgency, object: true, path: nomAt((*mxWorld).draftID, ""),
		body: func(w *mxWorld, _ mxCaller) any { return nominationBody(w.yteOfficial) }},
	"POST /api/v1/nominations/:id/submit":   {roles: mxAgency, object: true, path: nomAt((*mxWorld).draft2ID, "/submit")},
	"POST /api/v1/nominations/:id/resubmit": {roles: mxAgency, object: true, path: nomAt((*mxWorld).returned, "/resubmit"), body: reason},
	"POST /api/v1/nominations/:id/withdraw": {roles: mxAgency, object: true, path: nomAt((*mxWorld).draft2ID, "/withdraw"), body: reason},
	"POST /api/v1/nominations/:id/approve":  {roles: mxStage, object: true, path: nomAt((*mxWorld).submittedID, "/approve")},
	"POST /api/v1/nominations/:id/reject":   {roles: mxStage, object: true, path: nomAt((*mxWorld).submittedID, "/reject"), body: reason},
	"POST /api/v1/nominations/:id/return":   {roles: mxStage, object: true, path: nomAt((*mxWorld).submittedID, "/return"), body: reason},
	"GET /api/v1/queue":                     {roles: mxQueue, path: at("/api/v1/queue")},
	"POST /api/v1/nominations/:id/comments": {roles: mxQueue, object: true, path: nomAt((*mxWorld).submittedID, "/comments"),
		body: jsonBody(map[string]string{"comment": "Kiểm tra quyền truy cập."})},
	// No file: refused as invalid for whoever may attach (404 for another agency).
	"POST /api/v1/nominations/:id/attachments": {roles: mxQueue, object: true, path: nomAt((*mxWorld).submittedID, "/attachments"),
		body: jsonBody(map[string]string{})},
	// An unknown document of a draft: 404 to its agency too.
	"DELETE /api/v1/nominations/:id/attachments/:sha": {roles: mxAgency,
		path: nomAt((*mxWorld).draftID, "/attachments/"+strings.Repeat("ab", 32))},
	"GET /api/v1/attachments/:sha":        {roles: mxAll, path: at("/api/v1/attachments/" + strings.Repeat("ab", 32))},
	"GET /api/v1/delegations":             {roles: mxAll, path: at("/api/v1/delegations")},
	"POST /api/v1/delegations":            {roles: mxAll, path: at("/api/v1/delegations"), body: jsonBody(map[string]string{"delegate": "khong-co"})},
	"POST /api/v1/delegations/:id/revoke": {roles: mxAll, path: at("/api/v1/delegations/khong-co/revoke")},
	"GET /api/v1/audit/nominations/:id": {roles: mxAuditors, object: true,
		path: func(w *mxWorld, _ mxCaller) string { return "/api/v1/audit/nominations/" + w.submitted }},
	"GET /api/v1/audit/events":  {roles: mxEvents, path: at("/api/v1/audit/events")},
	"GET /api/v1/queue/filters": {roles: mxQueue, path: at("/api/v1/queue/filters")},
	"POST /api/v1/queue/filters": {roles: mxQueue, path: at("/api/v1/queue/filters"),
		body: jsonBody(map[string]string{"name": "Nhóm 3", "query": "group=3"})},
	"DELETE /api/v1/queue/filters/:id": {roles: mxQueue, path: at("/api/v1/queue/filters/khong-co")},
	"POST /api/v1/eligibility": {roles: mxAll, object: true, path: at("/api/v1/eligibility"),
		body: func(w *mxWorld, _ mxCaller) any {
			return map[string]string{"official_id": w.yteOfficial, "kind": "boi_duong", "content_code": "C.1"}
		}},
	"POST /api/v1/reimbursements/preview": {roles: mxAll, path: at("/api/v1/reimbursements/preview"),
		body: jsonBody(map[string]any{"case": "left_early", "cost_vnd": 100_000_000, "training_months": 24, "multiplier": 2, "served_months": 20})},
	"GET /api/v1/calendar/holidays": {roles: mxAll, path: at("/api/v1/calendar/holidays?year=2025")},
	"GET /api/v1/catalogue":         {roles: mxAll, path: at("/api/v1/catalogue")},
	"GET /api/v1/quotas":            {roles: mxAll, path: at("/api/v1/quotas")},
	"GET /api/v1/targets":           {roles: mxAll, path: at("/api/v1/targets")},
	"GET /api/v1/baseline":          {roles: mxAll, path: at("/api/v1/baseline")},
	"GET /api/v1/reports":           {roles: mxAll, path: at("/api/v1/reports")},
	"GET /api/v1/reports/:name":     {roles: mxAll, path: at("/api/v1/reports/agency_activity?format=csv")},
	"GET /api/v1/baseline/issues":   {roles: mxAll, path: at("/api/v1/baseline/issues")},
	"GET /api/v1/reference":         {roles: mxAll, path: at("/api/v1/reference")},
	// An empty document: refused as invalid, so the reference data stay.
	"POST /api/v1/reference": {roles: mxHome, path: at("/api/v1/reference"), body: jsonBody(map[string]string{"note": "Thử"})},
	"GET /api/v1/reviews":    {roles: mxReviewers, path: at("/api/v1/reviews")},
	// An unknown kind: refused as invalid, so no review is opened.
	"POST /api/v1/reviews":                 {roles: mxHome, path: at("/api/v1/reviews"), body: jsonBody(map[string]string{"kind": "giua_ky"})},
	"GET /api/v1/reviews/:id":              {roles: mxReviewers, path: at("/api/v1/reviews/khong-co")},
	"GET /api/v1/reviews/:id/reports":      {roles: mxReviewers, path: at("/api/v1/reviews/khong-co/reports")},
	"POST /api/v1/reviews/:id/seal":        {roles: mxHome, path: at("/api/v1/reviews/khong-co/seal")},
	"POST /api/v1/reviews/:id/corrections": {roles: mxHome, path: at("/api/v1/reviews/khong-co/corrections"), body: jsonBody(map[string]any{"reason": "Thử", "event_seqs": []int{1}})},
	"GET /api/v1/reviews/:id/comparison":   {roles: mxReviewers, path: at("/api/v1/reviews/khong-co/comparison")},
	"GET /api/v1/reviews/:id/verification": {roles: mxReviewers, path: at("/api/v1/reviews/khong-co/verification")},
	// A sitting without title, date or agenda: refused as invalid, nothing opened.
	"POST /api/v1/sittings":                {roles: mxHome, path: at("/api/v1/sittings"), body: jsonBody(map[string]string{"title": "Thử"})},
	"GET /api/v1/sittings":                 {roles: mxSittings, path: at("/api/v1/sittings")},
	"GET /api/v1/sittings/:id":             {roles: mxSittings, path: at("/api/v1/sittings/khong-co")},
	"POST /api/v1/sittings/:id/resolution": {roles: mxCouncil, path: at("/api/v1/sittings/khong-co/resolution"), body: jsonBody(map[string]any{"items": []any{}})},
	"GET /api/v1/deadlines":                {roles: mxDeadlines, path: at("/api/v1/deadlines")},
	"GET /api/v1/inbox":                    {roles: mxEveryRole, path: at("/api/v1/inbox")},
	"GET /api/v1/inbox/summary":            {roles: mxEveryRole, path: at("/api/v1/inbox/summary")},
	"POST /api/v1/inbox/read":              {roles: mxEveryRole, path: at("/api/v1/inbox/read"), body: jsonBody(map[string]bool{"all": true})},
	"POST /api/v1/users/:id/email": {roles: mxAdmin, body: jsonBody(map[string]string{"email": "bikhoa@quangnam.gov.vn"}),
		path: func(w *mxWorld, _ mxCaller) string { return "/api/v1/users/" + w.targetID + "/email" }},
	// Money (commitments_test.go, budget_test.go test the objects of one
	// agency against another's; here unknown ids or refused bodies).
	"POST /api/v1/commitments": {roles: mxOpeners, object: true, path: at("/api/v1/commitments"),
		body: func(w *mxWorld, _ mxCaller) any {
			return map[string]string{"nomination_id": w.submitted, "completed_on": "2026-04-01"}
		}},
	"GET /api/v1/commitments":               {roles: mxMoney, path: at("/api/v1/commitments")},
	"GET /api/v1/commitments/:id":           {roles: mxMoney, path: at("/api/v1/commitments/khong-co")},
	"POST /api/v1/commitments/:id/complete": {roles: mxOpeners, path: at("/api/v1/commitments/khong-co/complete")},
	"POST /api/v1/reimbursements": {roles: mxAgency, object: true, path: at("/api/v1/reimbursements"),
		body: func(w *mxWorld, _ mxCaller) any {
			return map[string]string{"nomination_id": w.submitted, "case": "quit_during_training", "event_date": "2026-03-05", "reason": "Thử"}
		}},
	"GET /api/v1/reimbursements":                {roles: mxMoney, path: at("/api/v1/reimbursements")},
	"GET /api/v1/reimbursements/:id":            {roles: mxMoney, path: at("/api/v1/reimbursements/khong-co")},
	"POST /api/v1/reimbursements/:id/recommend": {roles: mxCouncil, path: at("/api/v1/reimbursements/khong-co/recommend"), body: jsonBody(map[string]any{"prior_service_years": 5, "reduction_pct_per_year": 1})},
	"POST /api/v1/reimbursements/:id/decide":    {roles: mxHome, path: at("/api/v1/reimbursements/khong-co/decide"), body: jsonBody(map[string]string{"decision_ref": "QĐ 1", "decided_on": "2026-05-01"})},
	"POST /api/v1/reimbursements/:id/payments":  {roles: mxFinance, path: at("/api/v1/reimbursements/khong-co/payments"), body: jsonBody(map[string]any{"amount_vnd": 1, "paid_on": "2026-05-01", "receipt_ref": "PT 1"})},
	"POST /api/v1/reimbursements/:id/waive":     {roles: mxHome, path: at("/api/v1/reimbursements/khong-co/waive"), body: jsonBody(map[string]string{"decision_ref": "QĐ 2", "decided_on": "2026-05-01", "reason": "Thử"})},
	"POST /api/v1/budgets":                      {roles: mxAgency, path: at("/api/v1/budgets"), body: jsonBody(map[string]string{"course_id": "khong-co"})},
	"GET /api/v1/budgets":                       {roles: mxMoney, path: at("/api/v1/budgets")},
	"GET /api/v1/budgets/totals":                {roles: mxMoney, path: at("/api/v1/budgets/totals")},
	"GET /api/v1/budgets/:id":                   {roles: mxMoney, path: at("/api/v1/budgets/khong-co")},
	"POST /api/v1/budgets/:id/approve":          {roles: mxFinance, path: at("/api/v1/budgets/khong-co/approve")},
	"POST /api/v1/budgets/:id/adjust":           {roles: mxFinance, path: at("/api/v1/budgets/khong-co/adjust"), body: jsonBody(map[string]any{"approved_vnd": 1, "reason": "Thử"})},
	"POST /api/v1/budgets/:id/return":           {roles: mxFinance, path: at("/api/v1/budgets/khong-co/return"), body: reason},
	"POST /api/v1/budgets/:id/actual":           {roles: mxAgency, path: at("/api/v1/budgets/khong-co/actual"), body: jsonBody(map[string]any{"actual_vnd": 1, "participants": 1})},
	// Programmes and courses (courses_fixtures_test.go builds them).
	"POST /api/v1/programmes": {roles: mxAgency, path: at("/api/v1/programmes"), body: jsonBody(programmeBody())},
	"GET /api/v1/programmes":  {roles: mxCourse, path: at("/api/v1/programmes")},
	"GET /api/v1/programmes/:id": {roles: mxCourse, object: true,
		path: func(w *mxWorld, _ mxCaller) string { return "/api/v1/programmes/" + w.courses.progDraft }},
	"PATCH /api/v1/programmes/:id": {roles: mxAgency, object: true, body: jsonBody(programmeBody()),
		path: func(w *mxWorld, _ mxCaller) string { return "/api/v1/programmes/" + w.courses.progDraft }},
	"POST /api/v1/programmes/:id/submit": {roles: mxAgency, object: true,
		path: func(w *mxWorld, _ mxCaller) string { return "/api/v1/programmes/" + w.courses.progDraft2 + "/submit" }},
	"POST /api/v1/programmes/:id/review": {roles: mxCouncil, object: true,
		path: func(w *mxWorld, _ mxCaller) string {
			return "/api/v1/programmes/" + w.courses.progSubmitted + "/review"
		}},
	"POST /api/v1/programmes/:id/return": {roles: []string{"council", "province"}, object: true, body: reason,
		path: func(w *mxWorld, _ mxCaller) string { return "/api/v1/programmes/" + w.courses.progReviewed + "/return" }},
	"POST /api/v1/programmes/:id/approve": {roles: []string{"province"}, object: true,
		path: func(w *mxWorld, _ mxCaller) string {
			return "/api/v1/programmes/" + w.courses.progReviewed + "/approve"
		}},
	"POST /api/v1/courses": {roles: mxAgency, object: true, path: at("/api/v1/courses"),
		body: func(w *mxWorld, _ mxCaller) any { return classBody(w.courses.prog, 5) }},
	"GET /api/v1/courses": {roles: mxCourse, path: at("/api/v1/courses")},
	"GET /api/v1/courses/:id": {roles: mxCourse,
		path: func(w *mxWorld, _ mxCaller) string { return coursePath(w.courses.course) }},
	"PATCH /api/v1/courses/:id": {roles: mxAgency, object: true,
		body: func(w *mxWorld, _ mxCaller) any { return classBody(w.courses.prog, 4) },
		path: func(w *mxWorld, _ mxCaller) string { return coursePath(w.courses.course) }},
	"GET /api/v1/courses/:id/seats": {roles: mxCourse,
		path: func(w *mxWorld, _ mxCaller) string { return coursePath(w.courses.course, "seats") }},
	"PUT /api/v1/courses/:id/reservations": {roles: mxAgency, object: true,
		body: jsonBody(map[string]any{"reservations": []map[string]any{{"agency_code": "ubnd_tam_ky", "seats": 1}}}),
		path: func(w *mxWorld, _ mxCaller) string { return coursePath(w.courses.course, "reservations") }},
	"POST /api/v1/courses/:id/open": {roles: mxAgency, object: true,
		path: func(w *mxWorld, _ mxCaller) string { return coursePath(w.courses.course2, "open") }},
	"POST /api/v1/courses/:id/close": {roles: mxAgency, object: true,
		path: func(w *mxWorld, _ mxCaller) string { return coursePath(w.courses.course2, "close") }},
	"POST /api/v1/courses/:id/start": {roles: mxAgency, object: true,
		path: func(w *mxWorld, _ mxCaller) string { return coursePath(w.courses.course2, "start") }},
	"POST /api/v1/courses/:id/finish": {roles: mxAgency, object: true,
		path: func(w *mxWorld, _ mxCaller) string { return coursePath(w.courses.course2, "finish") }},
	"POST /api/v1/courses/:id/cancel": {roles: mxAgency, object: true, body: reason,
		path: func(w *mxWorld, _ mxCaller) string { return coursePath(w.courses.course2, "cancel") }},
	// Yearly planning (planning_test.go tests the flows; here, with no
	// round opened, commands are refused after the role checks).
	"GET /api/v1/plans":                       {roles: mxAll, path: at("/api/v1/plans")},
	"GET /api/v1/plans/:year":                 {roles: mxAll, path: at("/api/v1/plans/2026")},
	"POST /api/v1/plans/:year/round":          {roles: mxHome, path: at("/api/v1/plans/2026/round"), body: jsonBody(map[string]string{"needs_due": "sai"})},
	"POST /api/v1/plans/:year/versions":       {roles: mxHome, path: at("/api/v1/plans/2026/versions"), body: jsonBody(map[string]any{"lines": []any{}})},
	"POST /api/v1/plans/:year/submit":         {roles: mxHome, path: at("/api/v1/plans/2026/submit")},
	"POST /api/v1/plans/:year/agree":          {roles: mxCouncil, path: at("/api/v1/plans/2026/agree")},
	"POST /api/v1/plans/:year/return":         {roles: mxPlanReview, path: at("/api/v1/plans/2026/return"), body: reason},
	"POST /api/v1/plans/:year/approve":        {roles: mxProvince, path: at("/api/v1/plans/2026/approve"), body: jsonBody(map[string]string{"decision_no": "1/QĐ-UBND", "decision_date": "2026-01-05"})},
	"GET /api/v1/needs":                       {roles: mxAll, path: at("/api/v1/needs?year=2026")},
	"GET /api/v1/needs/:year/:agency":         {roles: mxAll, object: true, path: at("/api/v1/needs/2026/so_y_te")},
	"POST /api/v1/needs/:year/:agency":        {roles: mxAgency, object: true, path: at("/api/v1/needs/2026/so_y_te"), body: jsonBody(map[string]any{"lines": []map[string]any{{"content_code": "C.1", "format": "class", "group": 3, "category": "cbcc", "people": 2}}, "justification": "Thử"})},
	"POST /api/v1/needs/:year/:agency/return": {roles: mxNeedReturn, path: at("/api/v1/needs/2026/so_y_te/return"), body: reason},
	"GET /api/v1/focus-lists":                 {roles: mxAll, path: at("/api/v1/focus-lists?year=2026")},
	"POST /api/v1/focus-lists/:year/:bloc":    {roles: mxNeedReturn, path: at("/api/v1/focus-lists/2026/government"), body: jsonBody(map[string]any{"items": []any{}})},
	// Providers, provider selections and trainees (followup_test.go tests
	// the objects; here unknown ids or refused bodies).
	"GET /api/v1/providers":     {roles: mxAll, path: at("/api/v1/providers")},
	"GET /api/v1/providers/:id": {roles: mxAll, path: at("/api/v1/providers/khong-co")},
	"POST /api/v1/providers":    {roles: mxNeedReturn, path: at("/api/v1/providers"), body: jsonBody(map[string]string{"name": "", "kind": "x"})},
	"PATCH /api/v1/providers/:id": {roles: mxNeedReturn, path: at("/api/v1/providers/khong-co"),
		body: jsonBody(map[string]string{"name": "Học viện Hành chính Quốc gia", "kind": "domestic"})},
	"GET /api/v1/courses/:id/provider": {roles: mxCourse, object: false,
		path: func(w *mxWorld, _ mxCaller) string { return "/api/v1/courses/" + w.courses.course2 + "/provider" }},
	"POST /api/v1/courses/:id/provider": {roles: mxAgency, object: true, body: jsonBody(map[string]string{"provider_id": "khong-co"}),
		path: func(w *mxWorld, _ mxCaller) string { return "/api/v1/courses/" + w.courses.course2 + "/provider" }},
	"POST /api/v1/courses/:id/provider/documents": {roles: mxAgency, object: true, body: jsonBody(map[string]string{}),
		path: func(w *mxWorld, _ mxCaller) string {
			return "/api/v1/courses/" + w.courses.course2 + "/provider/documents"
		}},
	"GET /api/v1/courses/:id/provider/documents/:sha": {roles: mxCourse,
		path: func(w *mxWorld, _ mxCaller) string {
			return "/api/v1/courses/" + w.courses.course2 + "/provider/documents/" + strings.Repeat("ab", 32)
		}},
	"GET /api/v1/trainees":               {roles: mxAll, path: at("/api/v1/trainees")},
	"GET /api/v1/trainees/:id":           {roles: mxAll, object: true, path: nomAt((*mxWorld).submittedID, "")},
	"POST /api/v1/trainees/:id/progress": {roles: mxAgency, object: true, path: traineeAt("progress"), body: jsonBody(map[string]string{"period": "2026-1", "results": "Khá"})},
	"POST /api/v1/trainees/:id/extend":   {roles: mxAgency, object: true, path: traineeAt("extend"), body: jsonBody(map[string]string{"new_end": "2030-01-01", "reason": "Thử"})},
	"POST /api/v1/trainees/:id/suspend":  {roles: mxAgency, object: true, path: traineeAt("suspend"), body: jsonBody(map[string]string{"from": "2026-01-01", "until": "2026-06-01", "reason": "Thử"})},
	"POST /api/v1/trainees/:id/resume":   {roles: mxAgency, object: true, path: traineeAt("resume"), body: jsonBody(map[string]string{"on": "2026-06-01"})},
	"POST /api/v1/trainees/:id/conclude": {roles: mxAgency, object: true, path: traineeAt("conclude"), body: jsonBody(map[string]string{"outcome": "withdrawn", "on": "2026-06-01"})},
}

// Role sets of the money routes.
var (
	mxOpeners = []string{"agency", "home_affairs"}
	mxMoney   = []string{"agency", "council", "home_affairs", "finance", "province", "auditor", "admin"}
	mxFinance = []string{"finance"}
)

// traineeAt is a follow-up command on so_y_te's submitted nomination (not
// a postgraduate trainee: refused after the role and agency checks).
func traineeAt(action string) func(*mxWorld, mxCaller) string {
	return func(w *mxWorld, _ mxCaller) string { return "/api/v1/trainees/" + w.submitted + "/" + action }
}

func form(v url.Values) func(*mxWorld, mxCaller) any {
	return func(*mxWorld, mxCaller) any { return v }
}

func pageAt(prefix string, pick func(w *mxWorld) string, suffix string) func(*mxWorld, mxCaller) string {
	return func(w *mxWorld, _ mxCaller) string { return prefix + pick(w) + suffix }
}

func (w *mxWorld) official() string { return w.yteOfficial }

// pageMatrix lists every page and form action.
var pageMatrix = map[string]mxCase{
	"GET /trainings":                    {roles: mxCompletion, path: at("/trainings")},
	"GET /trainings/:id":                {roles: mxCompletion, object: true, path: trainingAt("/trainings/", "")},
	"GET /trainings/:id/documents/:sha": {roles: mxCompletion, path: trainingAt("/trainings/", "/documents/"+strings.Repeat("ab", 32))},
	"POST /trainings/:id/result": {roles: mxRecorders, object: true, path: trainingAt("/trainings/", "/result"),
		body: form(url.Values{"attended": {"true"}, "grade": {"gioi"}})},
	"GET /overdue-reports":    {roles: mxRecorders, path: at("/overdue-reports")},
	"POST /trainings/results": {roles: mxAgency, path: at("/trainings/results"), body: form(url.Values{"course_id": {"khong-co"}})},
	"GET /surveys":            {roles: mxCompletion, path: at("/surveys")},
	"GET /me":                 {roles: mxTrainee, path: at("/me")},
	"POST /me/trainings/:id/report": {roles: mxTrainee, path: trainingAt("/me/trainings/", "/report"),
		body: form(url.Values{"report": {"ket_qua"}, "summary": {"Báo cáo."}})},
	"POST /me/trainings/:id/survey": {roles: mxTrainee, path: trainingAt("/me/trainings/", "/survey"),
		body: form(url.Values{"noi_dung": {"5"}})},
	"GET /login":                  {path: at("/login")},
	"POST /login":                 {path: at("/login")}, // through the login form: see mxPage
	"POST /logout":                {roles: mxSession, path: at("/logout"), body: form(url.Values{}), fresh: true},
	"GET /":                       {roles: mxSession, path: at("/")},
	"GET /officials":              {roles: mxAll, path: at("/officials")},
	"GET /dashboard":              {roles: mxAll, path: at("/dashboard")},
	"GET /reports":                {roles: mxAll, path: at("/reports")},
	"GET /reports/:name":          {roles: mxAll, path: at("/reports/agency_activity")},
	"GET /reports/:name/download": {roles: mxAll, path: at("/reports/agency_activity/download?format=xlsx")},
	"GET /officials/new":          {roles: mxAgency, path: at("/officials/new")},
	"GET /officials/import":       {roles: mxAgency, path: at("/officials/import")},
	"POST /officials/import":      {roles: mxAgency, path: at("/officials/import"), body: form(url.Values{})},
	"POST /officials/import/commit": {roles: mxAgency, path: at("/officials/import/commit"),
		body: form(url.Values{"file": {"a2hvbmcgcGhhaSB0ZXA"}, "name": {"ds.csv"}, "partial": {"false"}})},
	"POST /officials":      {roles: mxAgency, path: at("/officials"), body: func(*mxWorld, mxCaller) any { return officialForm(nil) }},
	"GET /officials/:id":   {roles: mxAll, object: true, path: pageAt("/officials/", (*mxWorld).official, "")},
	"GET /nominations":     {roles: mxAll, path: at("/nominations")},
	"GET /nominations/new": {roles: mxAgency, path: at("/nominations/new")},
	"POST /nominations": {roles: mxAgency, object: true, path: at("/nominations"),
		body: func(w *mxWorld, _ mxCaller) any { return nominationForm(&webWorld{world: w.world}) }},
	// The form's live check: another agency's official gets the very
	// answer an official who does not exist gets (an empty panel).
	"POST /nominations/eligibility": {roles: mxAgency, hidden: true, path: at("/nominations/eligibility"),
		body: func(w *mxWorld, _ mxCaller) any { return nominationForm(&webWorld{world: w.world}) }},
	"GET /nominations/:id":      {roles: mxAll, object: true, path: pageAt("/nominations/", (*mxWorld).submittedID, "")},
	"GET /nominations/:id/edit": {roles: mxAgency, object: true, path: pageAt("/nominations/", (*mxWorld).draftID, "/edit")},
	"POST /nominations/:id/edit": {roles: mxAgency, object: true, path: pageAt("/nominations/", (*mxWorld).draftID, "/edit"),
		body: func(w *mxWorld, _ mxCaller) any { return nominationForm(&webWorld{world: w.world}) }},
	// The route admits both; each takes the actions of its role.
	"POST /nominations/:id/:action": {roles: mxQueue, object: true, body: form(url.Values{"reason": {"Đủ điều kiện."}}),
		path: func(w *mxWorld, c mxCaller) string {
			if c.role == "agency" {
				return "/nominations/" + w.returnedID + "/resubmit"
			}
			return "/nominations/" + w.submitted + "/return"
		}},
	"GET /queue": {roles: mxQueue, path: at("/queue")},
	"POST /nominations/:id/comments": {roles: mxQueue, object: true, path: pageAt("/nominations/", (*mxWorld).submittedID, "/comments"),
		body: form(url.Values{"comment": {"Kiểm tra quyền truy cập."}})},
	"POST /nominations/:id/attachments": {roles: mxQueue, object: true, path: pageAt("/nominations/", (*mxWorld).submittedID, "/attachments"),
		body: form(url.Values{})},
	"POST /nominations/:id/attachments/:sha/delete": {roles: mxAgency,
		path: pageAt("/nominations/", (*mxWorld).draftID, "/attachments/"+strings.Repeat("ab", 32)+"/delete"), body: form(url.Values{})},
	"GET /attachments/:sha":        {roles: mxAll, path: at("/attachments/" + strings.Repeat("ab", 32))},
	"GET /delegations":             {roles: mxAll, path: at("/delegations")},
	"POST /delegations":            {roles: mxAll, path: at("/delegations"), body: form(url.Values{"delegate": {"khong-co"}})},
	"POST /delegations/act":        {roles: mxAll, path: at("/delegations/act"), body: form(url.Values{"as": {""}})},
	"POST /delegations/:id/revoke": {roles: mxAll, path: at("/delegations/khong-co/revoke"), body: form(url.Values{})},
	"POST /queue/decide": {roles: mxStage, path: at("/queue/decide"),
		body: func(w *mxWorld, _ mxCaller) any { return url.Values{"action": {"approve"}, "ids": {w.submitted}} }},
	"POST /queue/filters":            {roles: mxQueue, path: at("/queue/filters"), body: form(url.Values{"name": {"Nhóm 3"}, "group": {"3"}})},
	"POST /queue/filters/:id/delete": {roles: mxQueue, path: at("/queue/filters/khong-co/delete"), body: form(url.Values{})},
	"GET /audit":                     {roles: mxAuditor, path: at("/audit")},
	"GET /audit/nominations/:id":     {roles: mxAuditors, object: true, path: pageAt("/audit/nominations/", (*mxWorld).submittedID, "")},
	"GET /audit/events":              {roles: mxAuditor, path: at("/audit/events")},
	"GET /admin/users":               {roles: mxAdmin, path: at("/admin/users")},
	"POST /admin/users": {roles: mxAdmin, path: at("/admin/users"),
		body: form(url.Values{"username": {"matran-web"}, "password": {password}, "role": {"auditor"}})},
	"GET /admin/agencies":               {roles: mxAdmin, path: at("/admin/agencies")},
	"GET /admin/holidays":               {roles: mxAdmin, path: at("/admin/holidays?year=2025")},
	"GET /reimbursements/preview":       {roles: mxReimburser, path: at("/reimbursements/preview")},
	"POST /reimbursements/preview":      {roles: mxReimburser, path: at("/reimbursements/preview"), body: func(*mxWorld, mxCaller) any { return reimbursementForm(nil) }},
	"GET /programme/targets":            {roles: mxAll, path: at("/programme/targets")},
	"GET /programme/catalogue":          {roles: mxAll, path: at("/programme/catalogue")},
	"GET /programme/quotas":             {roles: mxAll, path: at("/programme/quotas")},
	"GET /programme/baseline":           {roles: mxAll, path: at("/programme/baseline")},
	"GET /programme/reference":          {roles: mxAll, path: at("/programme/reference")},
	"GET /programme/reference/:version": {roles: mxAll, path: at("/programme/reference/1")},
	"POST /programme/reference":         {roles: mxHome, path: at("/programme/reference"), body: form(url.Values{"note": {"Thử"}})},
	"GET /reviews":                      {roles: mxReviewers, path: at("/reviews")},
	"POST /reviews":                     {roles: mxHome, path: at("/reviews"), body: form(url.Values{"kind": {"giua_ky"}})},
	"GET /reviews/:id":                  {roles: mxReviewers, path: at("/reviews/khong-co")},
	"POST /reviews/:id/seal":            {roles: mxHome, path: at("/reviews/khong-co/seal"), body: form(url.Values{})},
	"POST /reviews/:id/corrections":     {roles: mxHome, path: at("/reviews/khong-co/corrections"), body: form(url.Values{"reason": {"Thử"}, "event_seqs": {"1"}})},
	"GET /reviews/:id/summary":          {roles: mxReviewers, path: at("/reviews/khong-co/summary")},
	"GET /reviews/:id/verification":     {roles: mxReviewers, path: at("/reviews/khong-co/verification")},
	"GET /sittings":                     {roles: mxSittings, path: at("/sittings")},
	"POST /sittings":                    {roles: mxHome, path: at("/sittings"), body: form(url.Values{"title": {"Thử"}})},
	"GET /sittings/:id":                 {roles: mxSittings, path: at("/sittings/khong-co")},
	"POST /sittings/:id/resolution":     {roles: mxCouncil, path: at("/sittings/khong-co/resolution"), body: form(url.Values{})},
	"GET /deadlines":                    {roles: mxDeadlines, path: at("/deadlines")},
	"GET /inbox":                        {roles: mxEveryRole, path: at("/inbox")},
	"POST /inbox/read":                  {roles: mxEveryRole, path: at("/inbox/read"), body: form(url.Values{"all": {"true"}})},
	"GET /plans":                        {roles: mxAll, path: at("/plans")},
	"POST /plans":                       {roles: mxHome, path: at("/plans"), body: form(url.Values{"year": {"2026"}, "needs_due": {"sai"}})},
	"GET /plans/actual":                 {roles: mxAll, path: at("/plans/actual")},
	"GET /plans/:year":                  {roles: mxAll, path: at("/plans/2026")},
	"POST /plans/:year/versions":        {roles: mxHome, path: at("/plans/2026/versions"), body: form(url.Values{"lines": {""}})},
	"POST /plans/:year/submit":          {roles: mxHome, path: at("/plans/2026/submit"), body: form(url.Values{})},
	"POST /plans/:year/agree":           {roles: mxCouncil, path: at("/plans/2026/agree"), body: form(url.Values{})},
	"POST /plans/:year/return":          {roles: mxPlanReview, path: at("/plans/2026/return"), body: form(url.Values{"reason": {"Thử"}})},
	"POST /plans/:year/approve":         {roles: mxProvince, path: at("/plans/2026/approve"), body: form(url.Values{})},
	"GET /needs":                        {roles: mxAll, path: at("/needs?year=2026")},
	"GET /needs/:year/:agency":          {roles: mxAll, object: true, path: at("/needs/2026/so_y_te")},
	"POST /needs/:year/:agency":         {roles: mxAgency, object: true, path: at("/needs/2026/so_y_te"), body: form(url.Values{"lines": {"C.1; class; 3; cbcc; 2"}, "justification": {"Thử"}})},
	"POST /needs/:year/:agency/return":  {roles: mxNeedReturn, path: at("/needs/2026/so_y_te/return"), body: form(url.Values{"reason": {"Thử"}})},
	"GET /focus":                        {roles: mxAll, path: at("/focus")},
	"GET /focus/:year":                  {roles: mxAll, path: at("/focus/2026")},
	"POST /focus/:year/:bloc":           {roles: mxNeedReturn, path: at("/focus/2026/government"), body: form(url.Values{"codes": {""}})},
	"GET /commitments":                  {roles: mxMoney, path: at("/commitments")},
	"POST /commitments": {roles: mxOpeners, object: true, path: at("/commitments"),
		body: func(w *mxWorld, _ mxCaller) any {
			return url.Values{"nomination_id": {w.submitted}, "completed_on": {"01/04/2026"}}
		}},
	"GET /reimbursements": {roles: mxMoney, path: at("/reimbursements")},
	"POST /reimbursements": {roles: mxAgency, object: true, path: at("/reimbursements"),
		body: func(w *mxWorld, _ mxCaller) any {
			return url.Values{"nomination_id": {w.submitted}, "case": {"quit_during_training"}, "event_date": {"05/03/2026"}, "reason": {"Thử"}}
		}},
	"GET /reimbursements/:id":          {roles: mxMoney, path: at("/reimbursements/khong-co")},
	"POST /reimbursements/:id/:action": {roles: []string{"council", "home_affairs", "finance"}, path: at("/reimbursements/khong-co/pay"), body: form(url.Values{"amount_vnd": {"1"}})},
	"GET /budgets":                     {roles: mxMoney, path: at("/budgets")},
	"POST /budgets":                    {roles: mxAgency, path: at("/budgets"), body: form(url.Values{"course_id": {"khong-co"}})},
	"GET /budgets/totals":              {roles: mxMoney, path: at("/budgets/totals")},
	"GET /budgets/:id":                 {roles: mxMoney, path: at("/budgets/khong-co")},
	"POST /budgets/:id/:action":        {roles: []string{"finance", "agency"}, path: at("/budgets/khong-co/approve"), body: form(url.Values{})},
	// Programmes and courses (courses_fixtures_test.go builds them).
	"GET /programmes":     {roles: mxCourse, path: at("/programmes")},
	"GET /programmes/new": {roles: mxAgency, path: at("/programmes/new")},
	"POST /programmes":    {roles: mxAgency, path: at("/programmes"), body: form(programmeFormValues())},
	"GET /programmes/:id": {roles: mxCourse, object: true,
		path: func(w *mxWorld, _ mxCaller) string { return "/programmes/" + w.courses.progDraft }},
	"GET /programmes/:id/edit": {roles: mxAgency, object: true,
		path: func(w *mxWorld, _ mxCaller) string { return "/programmes/" + w.courses.progDraft + "/edit" }},
	"POST /programmes/:id/edit": {roles: mxAgency, object: true, body: form(programmeFormValues()),
		path: func(w *mxWorld, _ mxCaller) string { return "/programmes/" + w.courses.progDraft + "/edit" }},
	// The route admits the three; each takes the actions of its role.
	"POST /programmes/:id/:action": {roles: []string{"agency", "council", "province"}, object: true,
		body: form(url.Values{"reason": {"Đạt yêu cầu."}}),
		path: func(w *mxWorld, c mxCaller) string {
			switch c.role {
			case "council":
				return "/programmes/" + w.courses.progSubmitted + "/review"
			case "province":
				return "/programmes/" + w.courses.progReviewed + "/approve"
			}
			return "/programmes/" + w.courses.progDraft2 + "/submit"
		}},
	"GET /courses":     {roles: mxCourse, path: at("/courses")},
	"GET /courses/new": {roles: mxAgency, path: at("/courses/new")},
	"POST /courses": {roles: mxAgency, object: true, path: at("/courses"),
		body: func(w *mxWorld, _ mxCaller) any { return courseFormValues(w.courses.prog) }},
	"GET /courses/:id": {roles: mxCourse,
		path: func(w *mxWorld, _ mxCaller) string { return "/courses/" + w.courses.course }},
	"GET /courses/:id/edit": {roles: mxAgency, object: true,
		path: func(w *mxWorld, _ mxCaller) string { return "/courses/" + w.courses.course + "/edit" }},
	"POST /courses/:id/edit": {roles: mxAgency, object: true,
		body: func(w *mxWorld, _ mxCaller) any { return courseFormValues(w.courses.prog) },
		path: func(w *mxWorld, _ mxCaller) string { return "/courses/" + w.courses.course + "/edit" }},
	// Nominating another agency's official is refused as unknown.
	"POST /courses/:id/nominate": {roles: mxAgency, object: true,
		body: func(w *mxWorld, _ mxCaller) any { return url.Values{"official_id": {w.yteOfficial}} },
		path: func(w *mxWorld, _ mxCaller) string { return "/courses/" + w.courses.course + "/nominate" }},
	"POST /courses/:id/:action": {roles: mxAgency, object: true, body: form(url.Values{}),
		path: func(w *mxWorld, _ mxCaller) string { return "/courses/" + w.courses.course2 + "/open" }},
	"GET /providers":      {roles: mxAll, path: at("/providers")},
	"POST /providers":     {roles: mxNeedReturn, path: at("/providers"), body: form(url.Values{"name": {""}, "kind": {"domestic"}})},
	"GET /providers/:id":  {roles: mxNeedReturn, path: at("/providers/khong-co")},
	"POST /providers/:id": {roles: mxNeedReturn, path: at("/providers/khong-co"), body: form(url.Values{"name": {"X"}, "kind": {"domestic"}})},
	"GET /courses/:id/provider": {roles: mxCourse,
		path: func(w *mxWorld, _ mxCaller) string { return "/courses/" + w.courses.course2 + "/provider" }},
	"POST /courses/:id/provider": {roles: mxAgency, object: true, body: form(url.Values{"method": {"chi_dinh_thau"}}),
		path: func(w *mxWorld, _ mxCaller) string { return "/courses/" + w.courses.course2 + "/provider" }},
	"POST /courses/:id/provider/documents": {roles: mxAgency, object: true, body: form(url.Values{}),
		path: func(w *mxWorld, _ mxCaller) string { return "/courses/" + w.courses.course2 + "/provider/documents" }},
	"GET /courses/:id/provider/documents/:sha": {roles: mxCourse,
		path: func(w *mxWorld, _ mxCaller) string {
			return "/courses/" + w.courses.course2 + "/provider/documents/" + strings.Repeat("ab", 32)
		}},
	"GET /trainees":     {roles: mxAll, path: at("/trainees")},
	"GET /trainees/:id": {roles: mxAll, path: at("/trainees/khong-co")},
	// Not a postgraduate trainee: the page's answer is 404 for everyone
	// (followup_test.go and pages_planning_test.go post to a real one).
	"POST /trainees/:id/:action": {roles: mxAgency, body: form(url.Values{"period": {"2026-1"}, "results": {"Khá"}}),
		path: func(w *mxWorld, _ mxCaller) string { return "/trainees/" + w.submitted + "/progress" }},
}

// mxKind tells which table a route of the router belongs to: "api",
// "page", or "" for routes tested elsewhere (health, metrics, pprof:
// ops_test.go; static files).
func mxKind(path string) string {
	switch {
	case strings.HasPrefix(path, "/api/v1/"):
		return "api"
	case path == "/healthz" || path == "/readyz" || path == "/metrics" ||
		strings.HasPrefix(path, "/debug/") || strings.HasPrefix(path, "/static/"):
		return ""
	}
	return "page"
}

// TestAuthzMatrixCoversRoutes fails for a route without an expectation,
// an expectation without a route, and an expectation whose roles are not
// those the route tables give.
func TestAuthzMatrixCoversRoutes(t *testing.T) {
	a := newApp(t)
	declared := a.srv.RouteRoles()
	seen := map[string]bool{}
	for _, r := range a.srv.Echo().Routes() {
		key := r.Method + " " + r.Path
		table := map[string]map[string]mxCase{"api": apiMatrix, "page": pageMatrix}[mxKind(r.Path)]
		if table == nil {
			continue
		}
		seen[key] = true
		c, ok := table[key]
		if !ok {
			t.Errorf("route %s has no entry in the authorization matrix (authz_matrix_test.go)", key)
			continue
		}
		got, inTable := declared[key]
		if !inTable {
			t.Errorf("route %s is not in the route tables (RouteRoles)", key)
		}
		if !sameRoles(got, c.roles) {
			t.Errorf("%s: the route table admits %v, the matrix expects %v", key, got, c.roles)
		}
	}
	for _, table := range []map[string]mxCase{apiMatrix, pageMatrix} {
		for key := range table {
			if !seen[key] {
				t.Errorf("the matrix has %s, which the router does not", key)
			}
		}
	}
}

func sameRoles(a, b []string) bool {
	if (a == nil) != (b == nil) {
		return false
	}
	return slices.Equal(slices.Sorted(slices.Values(a)), slices.Sorted(slices.Values(b)))
}

func newMxWorld(t *testing.T) *mxWorld {
	t.Helper()
	w := &mxWorld{world: newWorld(t), tokens: map[string]string{}, browsers: map[string]*browser{}, csrf: map[string]string{}}
	w.tokens["noivu"] = w.user(t, "noivu", domain.RoleHomeAffairs, "")
	w.tokens["taichinh"] = w.user(t, "taichinh", domain.RoleFinance, "")
	w.tokens["quantri"], w.tokens["hoidong"], w.tokens["kiemtra"], w.tokens["soyte"], w.tokens["tamky"] =
		w.admin, w.council, w.auditor, w.yte, w.tamky
	w.tokens["thuongtruc"] = w.standing
	w.tokens["ubndtinh"] = provinceToken(t, w.world)
	w.courses = newCourseFixture(t, w.world)
	planningFixture(t, w.world)
	w.trainingID = w.nominationIn(t, domain.StatusApproved)
	w.do(t, w.admin, http.MethodPost, "/api/v1/users", map[string]any{"username": "hocvien", "password": password,
		"role": "official", "official_id": w.yteOfficial}).want(t, http.StatusCreated)
	w.tokens["hocvien"] = w.login(t, "hocvien")
	w.user(t, "dangnhap", domain.RoleAuditor, "")
	w.user(t, "bikhoa", domain.RoleAuditor, "")
	target, _ := w.state.UserByName("bikhoa")
	w.targetID = target.ID
	w.draft = w.nominationIn(t, domain.StatusDraft)
	w.draft2 = w.nominationIn(t, domain.StatusDraft)
	w.submitted = w.nominationIn(t, domain.StatusSubmitted)
	w.returnedID = w.nominationIn(t, domain.StatusReturned)
	for _, c := range mxCallers {
		if c.username != "" {
			b := w.loginAs(t, c.username)
			w.browsers[c.username] = b
			w.csrf[c.username] = b.get(t, mxStart(c)).expect(t, http.StatusOK).csrf(t)
		}
	}
	return w
}

// mxWant returns the status class caller c must get on case mc: 401 (or
// the login page) with no session, 403 for a role not admitted, 404 for
// another agency's record, else 0: anything but 401, 403 and 5xx.
func mxWant(mc mxCase, c mxCaller) int {
	switch {
	case mc.roles == nil:
		return 0
	case c.role == "":
		return http.StatusUnauthorized
	case !slices.Contains(mc.roles, c.role):
		return http.StatusForbidden
	case mc.object && c.other:
		return http.StatusNotFound
	}
	return 0
}

// TestAuthzMatrixAPI sends every API route as every caller.
func TestAuthzMatrixAPI(t *testing.T) {
	w := newMxWorld(t)
	for _, key := range slices.Sorted(maps.Keys(apiMatrix)) {
		mc := apiMatrix[key]
		method, _, _ := strings.Cut(key, " ")
		for _, c := range mxCallers {
			t.Run(key+"/"+c.name, func(t *testing.T) {
				token := w.tokens[c.username]
				if mc.fresh && token != "" {
					token = w.login(t, c.username)
				}
				var body any
				var headers []string
				if mc.body != nil {
					body = mc.body(w, c)
				}
				if mc.contentType != "" {
					headers = append(headers, "Content-Type", mc.contentType)
				}
				r := w.do(t, token, method, mc.path(w, c), body, headers...)
				mxCheck(t, r, mc, c)
			})
		}
	}
}

// mxCheck checks the answer r to caller c on case mc.
func mxCheck(t *testing.T, r response, mc mxCase, c mxCaller) {
	t.Helper()
	want := mxWant(mc, c)
	switch {
	case r.status >= 500:
		t.Errorf("%s as %s: %d; body %.300s", r.req, c.name, r.status, r.raw)
	case want != 0 && r.status != want:
		t.Errorf("%s as %s: status %d, want %d; body %.300s", r.req, c.name, r.status, want, r.raw)
	case want == 0 && (r.status == http.StatusUnauthorized || r.status == http.StatusForbidden):
		t.Errorf("%s as %s: status %d, want access; body %.300s", r.req, c.name, r.status, r.raw)
	case want == 0 && mc.object && r.status == http.StatusNotFound:
		t.Errorf("%s as %s: 404 for a record the caller may see; body %.300s", r.req, c.name, r.raw)
	}
}

// TestAuthzMatrixPages opens every page and posts every form as every
// caller, with the session's CSRF token. Without a session a page sends
// the browser to the login page.
func TestAuthzMatrixPages(t *testing.T) {
	w := newMxWorld(t)
	for _, key := range slices.Sorted(maps.Keys(pageMatrix)) {
		mc := pageMatrix[key]
		method, _, _ := strings.Cut(key, " ")
		for _, c := range mxCallers {
			t.Run(key+"/"+c.name, func(t *testing.T) {
				p := mxPage(t, w, key, method, mc, c)
				if mxWant(mc, c) == http.StatusUnauthorized {
					if loc := p.header.Get("Location"); p.status != http.StatusSeeOther || !strings.HasPrefix(loc, "/login") {
						t.Errorf("%s with no session: status %d to %q, want 303 to the login page", p.req, p.status, loc)
					}
					return
				}
				mxCheck(t, p.response, mc, c)
				if mc.hidden && c.other {
					missing := mc
					missing.body = func(w *mxWorld, c mxCaller) any {
						v := maps.Clone(mc.body(w, c).(url.Values))
						v.Set("official_id", "khong-co")
						return v
					}
					q := mxPage(t, w, key, method, missing, c)
					if q.status != p.status || string(q.raw) != string(p.raw) {
						t.Errorf("%s as %s: %d %.300s; for an unknown record %d %.300s; want the same", p.req, c.name, p.status, p.raw, q.status, q.raw)
					}
				}
			})
		}
	}
}

// mxPage sends the request of case mc as caller c through a browser.
func mxPage(t *testing.T, w *mxWorld, key, method string, mc mxCase, c mxCaller) page {
	t.Helper()
	b, csrf := w.browser(t), ""
	if c.username != "" {
		b, csrf = w.browsers[c.username], w.csrf[c.username]
		if mc.fresh {
			b = w.loginAs(t, c.username)
			csrf = b.get(t, mxStart(c)).expect(t, http.StatusOK).csrf(t)
		}
	}
	if key == "POST /login" {
		// A logged-in browser gets no login form: log in from a new one.
		return w.browser(t).login(t, "dangnhap", password)
	}
	if method == http.MethodGet {
		return b.get(t, mc.path(w, c))
	}
	values := url.Values{}
	if mc.body != nil {
		values = maps.Clone(mc.body(w, c).(url.Values))
	}
	values.Set("_csrf", csrf)
	return b.post(t, mc.path(w, c), values)
}
