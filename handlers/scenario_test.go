package handlers_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"daotao/domain"
	"daotao/domain/reimbursement"
	"daotao/events"
)

// scenario is the world of the full scenario: every role of the workflow,
// with tokens renewed whenever the clock moves.
type scenario struct {
	*world
	province, finance, sttt, trainee string
	users                            map[*string]string // token field → username
}

func newScenario(t *testing.T) *scenario {
	t.Helper()
	s := &scenario{world: newWorld(t)}
	s.province = s.user(t, "ubndtinh", domain.RoleProvince, "")
	s.finance = s.user(t, "taichinh", domain.RoleFinance, "")
	s.sttt = s.user(t, "sotttt", domain.RoleAgency, itAgency)
	s.users = map[*string]string{&s.admin: "quantri", &s.council: "hoidong", &s.auditor: "kiemtra", &s.yte: "soyte",
		&s.tamky: "tamky", &s.homeAffairs: "sonoivu", &s.standing: "thuongtruc", &s.province: "ubndtinh",
		&s.finance: "taichinh", &s.sttt: "sotttt"}
	return s
}

// on moves the clock to 08:00 in Hà Nội on day (YYYY-MM-DD) and logs
// everyone in again: sessions last 12 hours.
func (s *scenario) on(t *testing.T, day string) {
	t.Helper()
	at, err := time.ParseInLocation("2006-01-02 15:04", day+" 08:00", domain.Zone)
	if err != nil {
		t.Fatal(err)
	}
	if at.Before(s.clock.Now()) {
		t.Fatalf("the clock cannot go back to %s", day)
	}
	s.clock.Advance(at.Sub(s.clock.Now()))
	for field, username := range s.users {
		*field = s.login(t, username)
	}
}

// post sends a command that must succeed with status and returns its
// answer.
func (s *scenario) post(t *testing.T, token, path string, body any, status int) map[string]any {
	t.Helper()
	return s.do(t, token, http.MethodPost, path, body).want(t, status).object(t)
}

// step is one recorded event as the scenario expects it: its type, the
// username of its actor and the role they acted in.
type step struct{ typ, user, role string }

func (st step) String() string { return st.typ + " by " + st.user + " (" + st.role + ")" }

// trail returns the events of aggregate id as steps.
func (s *scenario) trail(t *testing.T, aggregate, id string) []step {
	t.Helper()
	recs, err := s.store.Load(t.Context(), events.Subject(aggregate, id))
	if err != nil {
		t.Fatalf("load %s.%s: %v", aggregate, id, err)
	}
	out := make([]step, len(recs))
	for i, r := range recs {
		out[i] = step{r.Type, r.Actor.Username, r.Actor.Role}
	}
	return out
}

// wantTrail checks the whole event history of aggregate id.
func (s *scenario) wantTrail(t *testing.T, aggregate, id string, want ...step) {
	t.Helper()
	if got := s.trail(t, aggregate, id); !slices.Equal(got, want) {
		t.Errorf("events of %s %s:\n got  %v\n want %v", aggregate, id, got, want)
	}
}

// field reads a string field of a JSON object.
func field(m map[string]any, k string) string { return fmt.Sprint(m[k]) }

// TestFullScenario runs the programme end to end through the API, as the
// people who do each step: a programme drafted by Sở Y tế, reviewed by the
// council and approved by UBND tỉnh; a delegation abroad with its budget
// appraised by Sở Tài chính; a Nhóm 2 official of UBND Tam Kỳ nominated
// through the whole approval chain (Sở Nội vụ, the council in a sitting,
// the standing committee); the course run and finished; the actual cost, the result and
// the official's own reports; then a master's programme of the same
// programme, its budget adjusted, and a student of Sở Thông tin và Truyền
// thông nominated to it who finishes without a degree: the reimbursement
// case (F the actual cost per person), the council's reduction, Sở Nội
// vụ's decision and Sở Tài chính's payments.
// Each step checks the events recorded (type, actor, role) and what the
// projections answer.
func TestFullScenario(t *testing.T) {
	s := newScenario(t)

	// 1. The programme: draft → council review → province approval.
	prog := created(t, s.do(t, s.yte, http.MethodPost, "/api/v1/programmes", map[string]any{
		"content_code": "C.1", "title": "Quản lý y tế hiện đại", "year": 2025, "partner": "Đại học Tokyo"}))
	s.post(t, s.yte, "/api/v1/programmes/"+prog+"/submit", map[string]any{}, http.StatusOK)
	s.refused(t, s.province, http.MethodPost, "/api/v1/programmes/"+prog+"/approve", map[string]any{"decision_ref": "123/QĐ-UBND"}, http.StatusConflict, "")
	s.post(t, s.council, "/api/v1/programmes/"+prog+"/review", map[string]any{}, http.StatusOK)
	s.post(t, s.province, "/api/v1/programmes/"+prog+"/approve", map[string]any{"decision_ref": "123/QĐ-UBND"}, http.StatusOK)
	s.wantTrail(t, events.AggregateProgramme, prog,
		step{events.TypeProgrammeDrafted, "soyte", "agency"}, step{events.TypeProgrammeSubmitted, "soyte", "agency"},
		step{events.TypeProgrammeReviewed, "hoidong", "council"}, step{events.TypeProgrammeApproved, "ubndtinh", "province"})
	if p := s.do(t, s.tamky, http.MethodGet, "/api/v1/programmes/"+prog, nil).want(t, http.StatusOK).object(t); field(p, "status") != string(domain.ProgrammeApproved) {
		t.Fatalf("programme after approval: %v", p)
	}

	// 2. A delegation abroad of the programme, open for nominations.
	course := created(t, s.do(t, s.yte, http.MethodPost, "/api/v1/courses", map[string]any{
		"programme_id": prog, "format": "delegation_abroad", "title": "Đoàn nghiên cứu quản lý bệnh viện tại Nhật Bản",
		"start_date": "2025-07-07", "end_date": "2025-07-18", "capacity": 10, "country": "Nhật Bản",
		"partner": "Đại học Tokyo", "cost_per_person_vnd": 120_000_000}))
	s.post(t, s.yte, "/api/v1/courses/"+course+"/open", map[string]any{}, http.StatusOK)
	var cv domain.CourseView
	s.do(t, s.tamky, http.MethodGet, "/api/v1/courses/"+course, nil).want(t, http.StatusOK).into(t, &cv)
	if cv.Status != domain.CourseOpen || cv.Coordinator != domain.Coordinator || cv.CostTotalVND != 1_200_000_000 || cv.SeatsLeft != 10 {
		t.Fatalf("course after opening: %+v", cv)
	}

	// 3. Its budget: the lead agency sends the estimate, Sở Tài chính approves.
	created(t, s.do(t, s.yte, http.MethodPost, "/api/v1/budgets", map[string]string{"course_id": course}))
	s.refused(t, s.yte, http.MethodPost, "/api/v1/budgets/"+course+"/approve", nil, http.StatusForbidden, "forbidden")
	s.post(t, s.finance, "/api/v1/budgets/"+course+"/approve", map[string]string{"reason": "Đúng định mức"}, http.StatusOK)
	s.wantTrail(t, events.AggregateBudget, course,
		step{events.TypeBudgetSubmitted, "soyte", "agency"}, step{events.TypeBudgetApproved, "taichinh", "finance"})
	if b := s.budget(t, s.auditor, course); b.Status != domain.BudgetApproved || b.ApprovedVND != 1_200_000_000 || b.Year != 2025 {
		t.Fatalf("budget after appraisal: %+v", b)
	}

	// 4. A Nhóm 2 official of UBND Tam Kỳ, nominated to the delegation,
	// through every stage of the approval chain.
	leader := s.official(t, s.tamky, with(officialBody("ubnd_tam_ky"), "full_name", "Trần Văn Bình", "group", 2, "gender", "nam"))
	nom := created(t, s.do(t, s.tamky, http.MethodPost, "/api/v1/nominations", map[string]any{
		"official_id": leader, "kind": "boi_duong", "course_id": course}))
	s.post(t, s.tamky, nomPath(nom, "submit"), nil, http.StatusOK)
	if st := s.view(t, s.council, nom); st.Status != domain.StatusSubmitted || st.Stage != domain.RoleHomeAffairs {
		t.Fatalf("nomination after submission: status %s, stage %s; want submitted at home_affairs", st.Status, st.Stage)
	}
	if seats := s.seats(t, s.yte, course); seats.Taken != 1 || seats.Left != 9 {
		t.Errorf("seats after submission: %+v", seats)
	}
	var stages []string
	sitting := ""
	for i := 0; i < 4 && s.view(t, s.council, nom).Status != domain.StatusApproved; i++ {
		stage := s.view(t, s.council, nom).Stage
		stages = append(stages, string(stage))
		s.refused(t, s.tamky, http.MethodPost, nomPath(nom, "approve"), map[string]string{}, http.StatusForbidden, "")
		if stage != domain.RoleCouncil {
			s.post(t, s.stageToken(t, nom), nomPath(nom, "approve"), map[string]string{"reason": "Đồng ý."}, http.StatusOK)
			continue
		}
		// The council decides in a sitting Sở Nội vụ opens with the
		// nomination on its agenda.
		sitting = created(t, s.do(t, s.homeAffairs, http.MethodPost, "/api/v1/sittings",
			map[string]any{"title": "Phiên họp tháng 6/2025", "held_on": "2025-06-10", "agenda": []string{nom}}))
		var sv domain.SittingView
		s.do(t, s.council, http.MethodPost, "/api/v1/sittings/"+sitting+"/resolution", map[string]any{"number": "15/NQ-HĐ",
			"items": []map[string]string{{"nomination_id": nom, "result": "approved"}}}).want(t, http.StatusOK).into(t, &sv)
		if sv.Status != domain.SittingDone || len(sv.Items) != 1 || !sv.Items[0].Decided {
			t.Fatalf("sitting after its resolution: %+v", sv)
		}
	}
	if sitting == "" {
		t.Fatalf("the chain %v never reached the council", stages)
	}
	s.wantTrail(t, events.AggregateSitting, sitting, step{events.TypeSittingOpened, "sonoivu", "home_affairs"},
		step{events.TypeSittingResolved, "hoidong", "council"}, step{events.TypeSittingItemDecided, "hoidong", "council"})
	if !slices.Contains(stages, string(domain.RoleStandingCommittee)) || stages[0] != string(domain.RoleHomeAffairs) || !slices.Contains(stages, string(domain.RoleCouncil)) {
		t.Errorf("the chain of a Nhóm 2 official went through %v; want Sở Nội vụ first, the council and the standing committee", stages)
	}
	want := []step{{events.TypeNominationCreated, "tamky", "agency"}, {events.TypeNominationSubmitted, "tamky", "agency"}}
	for i, stage := range stages {
		typ := events.TypeNominationStagePassed
		if i == len(stages)-1 {
			typ = events.TypeNominationApproved
		}
		want = append(want, step{typ, map[string]string{"home_affairs": "sonoivu", "council": "hoidong", "standing_committee": "thuongtruc"}[stage], stage})
	}
	s.wantTrail(t, events.AggregateNomination, nom, want...)
	if v := s.view(t, s.tamky, nom); v.Status != domain.StatusApproved || v.Stage != "" {
		t.Fatalf("nomination after the chain: status %s, stage %q", v.Status, v.Stage)
	}
	last := stages[len(stages)-1]
	if got := s.trail(t, events.AggregateOfficial, leader); !slices.Contains(got, step{events.TypeOfficialBooked, stageUser(last), last}) {
		t.Errorf("the official's time is not booked with the final approval: %v", got)
	}

	// 5. The course runs and ends; the lead agency records the actual cost.
	for _, st := range []string{"close", "start"} {
		s.post(t, s.yte, "/api/v1/courses/"+course+"/"+st, map[string]any{}, http.StatusOK)
	}
	s.refused(t, s.yte, http.MethodPost, "/api/v1/budgets/"+course+"/actual", map[string]any{"actual_vnd": 110_000_000, "participants": 1}, http.StatusConflict, "invalid_transition")
	s.on(t, "2025-07-19")
	s.post(t, s.yte, "/api/v1/courses/"+course+"/finish", map[string]any{}, http.StatusOK)
	s.post(t, s.yte, "/api/v1/budgets/"+course+"/actual", map[string]any{"actual_vnd": 110_000_000, "participants": 1, "note": "Quyết toán 45/QT-SYT"}, http.StatusOK)
	s.wantTrail(t, events.AggregateCourse, course,
		step{events.TypeCoursePlanned, "soyte", "agency"}, step{events.TypeCourseOpened, "soyte", "agency"},
		step{events.TypeCourseSeatTaken, "tamky", "agency"}, step{events.TypeCourseClosed, "soyte", "agency"},
		step{events.TypeCourseStarted, "soyte", "agency"}, step{events.TypeCourseFinished, "soyte", "agency"})
	if b := s.budget(t, s.finance, course); b.ActualVND != 110_000_000 || b.ActualPerPerson != 110_000_000 {
		t.Errorf("budget after the course: %+v", b)
	}

	// 6. The result, recorded by the lead agency.
	s.post(t, s.yte, "/api/v1/trainings/"+nom+"/result", map[string]any{"attended": true, "grade": "gioi", "certificate_no": "CC-2025/07"}, http.StatusOK)
	var tv domain.TrainingView
	s.do(t, s.tamky, http.MethodGet, "/api/v1/trainings/"+nom, nil).want(t, http.StatusOK).into(t, &tv)
	if tv.Result == nil || tv.Result.Grade != domain.GradeVeryGood || !tv.Result.PriorityHigherLevel || tv.Format != events.CourseDelegation {
		t.Fatalf("training after the result: %+v", tv)
	}

	// 7. The official's own reports, due 15 days after the return.
	s.post(t, s.admin, "/api/v1/users", map[string]any{"username": "hv-binh", "password": password, "role": "official", "official_id": leader}, http.StatusCreated)
	s.users[&s.trainee] = "hv-binh"
	s.on(t, "2025-07-25")
	reports := "/api/v1/me/trainings/" + nom + "/reports"
	s.post(t, s.trainee, reports, map[string]any{"report": "ket_qua", "summary": "Hoàn thành chương trình, xếp loại giỏi."}, http.StatusCreated)
	s.post(t, s.trainee, reports, map[string]any{"report": "thu_hoach", "summary": "Bài học về quản trị bệnh viện thông minh."}, http.StatusCreated)
	s.refused(t, s.tamky, http.MethodPost, reports, map[string]any{"report": "ket_qua", "summary": "Thay."}, http.StatusForbidden, "")
	s.wantTrail(t, events.AggregateTraining, nom,
		step{events.TypeTrainingResultRecorded, "soyte", "agency"},
		step{events.TypeTrainingReportSubmitted, "hv-binh", "official"}, step{events.TypeTrainingReportSubmitted, "hv-binh", "official"})
	s.do(t, s.tamky, http.MethodGet, "/api/v1/trainings/"+nom, nil).want(t, http.StatusOK).into(t, &tv)
	for _, r := range tv.Reports {
		if !r.Submitted || r.DaysLate != 0 {
			t.Errorf("report %s: submitted %v, %d days late", r.Report, r.Submitted, r.DaysLate)
		}
	}
	if len(tv.Reports) != 2 {
		t.Errorf("reports owed after a delegation abroad: %+v", tv.Reports)
	}

	// 8. A state-funded master's programme of the same programme (24
	// months from 01/09/2026 at 100,000,000 ₫ a person), its budget
	// adjusted by Sở Tài chính, and a viên chức of Sở Thông tin và Truyền
	// thông nominated to it on the IT quota and approved.
	pg := created(t, s.do(t, s.yte, http.MethodPost, "/api/v1/courses", map[string]any{
		"programme_id": prog, "format": "postgraduate", "title": "Thạc sĩ Hệ thống thông tin y tế", "institution": "Đại học Bách khoa Đà Nẵng",
		"degree": "thac_si", "duration_months": 24, "quota_id": itQuota, "start_date": "2026-09-01", "end_date": "2028-08-31",
		"capacity": 2, "cost_per_person_vnd": 100_000_000}))
	s.post(t, s.yte, "/api/v1/courses/"+pg+"/open", map[string]any{}, http.StatusOK)
	created(t, s.do(t, s.yte, http.MethodPost, "/api/v1/budgets", map[string]string{"course_id": pg}))
	s.post(t, s.finance, "/api/v1/budgets/"+pg+"/adjust", map[string]any{"approved_vnd": 180_000_000, "reason": "Học phí theo thông báo của trường: 90.000.000 đồng/người"}, http.StatusOK)
	student := s.official(t, s.sttt, itOfficial(1))
	master := created(t, s.do(t, s.sttt, http.MethodPost, "/api/v1/nominations", map[string]any{
		"official_id": student, "kind": "sau_dai_hoc", "course_id": pg, "commitment_months": 48}))
	s.post(t, s.sttt, nomPath(master, "submit"), nil, http.StatusOK)
	for i := 0; i < 4 && s.view(t, s.council, master).Status != domain.StatusApproved; i++ {
		s.post(t, s.stageToken(t, master), nomPath(master, "approve"), map[string]string{}, http.StatusOK)
	}
	if v := s.view(t, s.sttt, master); v.Status != domain.StatusApproved || v.QuotaID != itQuota || v.DurationMonths != 24 {
		t.Fatalf("master's nomination: %+v", v)
	}
	if got := s.trail(t, events.AggregateQuota, itQuota); len(got) != 1 || got[0].typ != events.TypeQuotaPlaceTaken {
		t.Errorf("the quota's events: %v", got)
	}
	if c := s.do(t, s.sttt, http.MethodGet, "/api/v1/reimbursements/"+master, nil); c.status != http.StatusNotFound {
		t.Errorf("a case before any trigger: %d", c.status)
	}

	// 9. The programme ends; the actual cost is settled (85,000,000 ₫ for
	// its one participant); the lead agency records that no degree was
	// awarded: no commitment can open, the agency opens a case, with F the
	// actual cost per person.
	s.post(t, s.yte, "/api/v1/courses/"+pg+"/close", map[string]any{}, http.StatusOK)
	s.on(t, "2026-09-01")
	s.post(t, s.yte, "/api/v1/courses/"+pg+"/start", map[string]any{}, http.StatusOK)
	s.on(t, "2028-09-10")
	s.post(t, s.yte, "/api/v1/courses/"+pg+"/finish", map[string]any{}, http.StatusOK)
	s.post(t, s.yte, "/api/v1/budgets/"+pg+"/actual", map[string]any{"actual_vnd": 85_000_000, "participants": 1, "note": "Quyết toán 12/QT-SYT"}, http.StatusOK)
	s.refused(t, s.sttt, http.MethodPost, "/api/v1/trainings/"+master+"/result", map[string]any{"attended": true, "degree_awarded": false}, http.StatusNotFound, "not_found")
	s.post(t, s.yte, "/api/v1/trainings/"+master+"/result", map[string]any{"attended": true, "degree_awarded": false}, http.StatusOK)
	s.wantTrail(t, events.AggregateTraining, master, step{events.TypeTrainingPostgraduateCompleted, "soyte", "agency"})
	s.refused(t, s.sttt, http.MethodPost, "/api/v1/commitments", map[string]string{"nomination_id": master, "completed_on": "2028-09-01"}, http.StatusUnprocessableEntity, "no_degree")
	s.refused(t, s.yte, http.MethodPost, "/api/v1/reimbursements", map[string]string{"nomination_id": master, "case": "no_degree", "event_date": "2028-09-10", "reason": "x"}, http.StatusNotFound, "not_found")
	created(t, s.do(t, s.sttt, http.MethodPost, "/api/v1/reimbursements", map[string]string{"nomination_id": master, "case": "no_degree",
		"event_date": "2028-09-10", "reason": "Không hoàn thành luận văn, không được cấp bằng thạc sĩ."}))
	c := s.reimbursementCase(t, s.council, master)
	if c.Status != reimbursement.StatusOpened || c.CostVND != 85_000_000 || c.BeforeReductionVND != 85_000_000 || c.CostSource != domain.CostActual {
		t.Fatalf("case after opening: %+v", c)
	}
	if all := joinSteps(c.AmountSteps); !strings.Contains(all, "Điều 8: đền bù 100% chi phí của khóa học") ||
		!strings.Contains(all, "Nguồn số liệu F | Chi phí thực tế bình quân một người theo quyết toán của khóa học") {
		t.Errorf("the case's steps:\n%s", all)
	}

	// 10. The council reduces it (16 years of service before training,
	// 1% each); Sở Nội vụ decides; Sở Tài chính records two instalments.
	path := "/api/v1/reimbursements/" + master
	s.refused(t, s.homeAffairs, http.MethodPost, path+"/recommend", map[string]any{"prior_service_years": 16, "reduction_pct_per_year": 1}, http.StatusForbidden, "")
	s.post(t, s.council, path+"/recommend", map[string]any{"prior_service_years": 16, "reduction_pct_per_year": 1, "note": "Phiên họp 9/2028"}, http.StatusOK)
	s.post(t, s.homeAffairs, path+"/decide", map[string]string{"decision_ref": "210/QĐ-SNV", "decided_on": "2028-09-10"}, http.StatusOK)
	c = s.reimbursementCase(t, s.finance, master)
	if c.AmountVND != 71_400_000 || c.Status != reimbursement.StatusDecided || c.Decision.DueOn != events.NewDate(2029, time.January, 8) {
		t.Fatalf("case after the decision: amount %d, status %s, due %v", c.AmountVND, c.Status, c.Decision)
	}
	s.refused(t, s.finance, http.MethodPost, path+"/payments", map[string]any{"amount_vnd": 71_400_001, "paid_on": "2028-09-10", "receipt_ref": "GNT 1"}, http.StatusBadRequest, "invalid")
	s.post(t, s.finance, path+"/payments", map[string]any{"amount_vnd": 40_000_000, "paid_on": "2028-09-10", "receipt_ref": "GNT 01/2028"}, http.StatusOK)
	s.on(t, "2028-10-15")
	s.post(t, s.finance, path+"/payments", map[string]any{"amount_vnd": 31_400_000, "paid_on": "2028-10-15", "receipt_ref": "GNT 02/2028"}, http.StatusOK)
	s.wantTrail(t, events.AggregateReimbursement, master,
		step{events.TypeReimbursementOpened, "sotttt", "agency"}, step{events.TypeReimbursementRecommended, "hoidong", "council"},
		step{events.TypeReimbursementDecided, "sonoivu", "home_affairs"},
		step{events.TypeReimbursementPaid, "taichinh", "finance"}, step{events.TypeReimbursementPaid, "taichinh", "finance"})
	c = s.reimbursementCase(t, s.auditor, master)
	if c.Status != reimbursement.StatusPaid || c.PaidVND != 71_400_000 || c.OutstandingVND != 0 || len(c.Payments) != 2 {
		t.Errorf("case after payment: %+v", c)
	}
	if got := s.do(t, s.finance, http.MethodGet, "/api/v1/reimbursements?status=paid", nil).list(t); len(got) != 1 {
		t.Errorf("paid cases: %d", len(got))
	}
	if got := s.do(t, s.tamky, http.MethodGet, "/api/v1/reimbursements", nil).list(t); len(got) != 0 {
		t.Errorf("another agency sees %d cases", len(got))
	}
	var totals []map[string]any
	s.do(t, s.finance, http.MethodGet, "/api/v1/budgets/totals?by=both", nil).want(t, http.StatusOK).into(t, &totals)
	want2025 := map[string]any{"agency_code": "so_y_te", "year": float64(2025), "courses": float64(1), "estimate_vnd": float64(1_200_000_000),
		"approved_vnd": float64(1_200_000_000), "actual_vnd": float64(110_000_000)}
	want2026 := map[string]any{"agency_code": "so_y_te", "year": float64(2026), "courses": float64(1), "estimate_vnd": float64(200_000_000),
		"approved_vnd": float64(180_000_000), "actual_vnd": float64(85_000_000)}
	if len(totals) != 2 || fmt.Sprint(totals[0]) != fmt.Sprint(want2025) || fmt.Sprint(totals[1]) != fmt.Sprint(want2026) {
		t.Errorf("budget totals: %v", totals)
	}
	checkLog(t, s.app) // every invariant of "daotao check" holds over the whole log
}

// stageUser is the username of the scenario's account of a stage role.
func stageUser(role string) string {
	return map[string]string{"home_affairs": "sonoivu", "council": "hoidong", "standing_committee": "thuongtruc"}[role]
}

// reimbursementCase returns case id as token sees it.
func (s *scenario) reimbursementCase(t *testing.T, token, id string) reimbursement.CaseView {
	t.Helper()
	var v reimbursement.CaseView
	s.do(t, token, http.MethodGet, "/api/v1/reimbursements/"+id, nil).want(t, http.StatusOK).into(t, &v)
	return v
}
