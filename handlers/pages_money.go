package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"daotao/domain"
	"daotao/domain/reimbursement"
	"daotao/events"
	"daotao/projections"
)

// Page roles of the money pages: as the API's.
var (
	// caseActors take the steps of a case after its opening; each step's
	// role is checked again by the domain.
	caseActors = []domain.Role{domain.RoleCouncil, domain.RoleHomeAffairs, domain.RoleFinance}
	// budgetActors appraise (finance) or record the actual cost (agency).
	budgetActors = []domain.Role{domain.RoleFinance, domain.RoleAgency}
)

// Navigation entries of the money pages (navFor in web.go).
var (
	commitmentsNav = navItem{Href: "/commitments", Label: "Cam kết phục vụ"}
	casesNav       = navItem{Href: "/reimbursements", Label: "Đền bù"}
	budgetsNav     = navItem{Href: "/budgets", Label: "Dự toán kinh phí"}
)

// formState is what a form shown again keeps: the values typed and the
// message of each field at fault.
type formState struct {
	Values map[string]string
	Errors map[string]string
}

func typed(c echo.Context, names ...string) map[string]string {
	out := map[string]string{}
	for _, n := range names {
		out[n] = c.FormValue(n)
	}
	return out
}

// officialName returns the name of an official, or the id when unknown.
func (s *Server) officialName(id string) string {
	if o, ok := s.cfg.State.Official(id); ok {
		return o.FullName
	}
	return id
}

// commitmentRow is a commitment as its list shows it.
type commitmentRow struct {
	domain.CommitmentView
	Official string
}

type commitmentsData struct {
	formState
	Items      []commitmentRow
	CanOpen    bool
	Candidates []choice
}

func (s *Server) commitmentsPage(c echo.Context) error {
	if err := s.awaitRead(c); err != nil {
		return err
	}
	return s.renderCommitments(c, http.StatusOK, formState{}, "")
}

func (s *Server) renderCommitments(c echo.Context, status int, f formState, msg string) error {
	a := actorOf(c)
	agency := ""
	if domain.Is(a, domain.RoleAgency) {
		agency = a.Agency
	}
	d := commitmentsData{formState: f, CanOpen: domain.Is(a, domain.RoleAgency) || domain.Is(a, domain.RoleHomeAffairs)}
	for _, v := range s.cfg.State.Commitments(agency, s.today()) {
		d.Items = append(d.Items, commitmentRow{CommitmentView: v, Official: s.officialName(v.OfficialID)})
	}
	if d.CanOpen {
		d.Candidates = s.trainingChoices(agency, domain.KindPostgraduate, func(id string) bool {
			_, has := s.cfg.State.Commitment(id)
			return !has
		})
	}
	v := s.newView(c, "Cam kết phục vụ sau đào tạo", d)
	v.Error = msg
	return s.renderView(c, status, "commitments", v)
}

// trainingChoices lists the approved nominations of agency ("" for all) of
// kind ("" for any) that keep says to offer, newest first.
func (s *Server) trainingChoices(agency, kind string, keep func(id string) bool) []choice {
	items, _ := s.cfg.State.Nominations(projections.NominationFilter{Agency: agency, Kind: kind,
		Status: []domain.Status{domain.StatusApproved}}, projections.Page{Limit: projections.MaxLimit})
	var out []choice
	for _, n := range items {
		if keep(n.ID) {
			out = append(out, choice{Value: n.ID, Label: s.officialName(n.OfficialID) + " — " + n.Title + " (" + formatDate(n.StartDate) + " – " + formatDate(n.EndDate) + ")"})
		}
	}
	return out
}

func (s *Server) commitmentCreate(c echo.Context) error {
	f := formState{Values: typed(c, "nomination_id", "completed_on", "start_date")}
	_, err := s.openCommitmentCmd(c, commitmentRequest{NominationID: f.Values["nomination_id"],
		CompletedOn: isoDate(f.Values["completed_on"]), StartDate: isoDate(f.Values["start_date"])})
	if err != nil {
		return s.formFailed(c, err, func(status int, fields map[string]string, msg string) error {
			f.Errors = fields
			return s.renderCommitments(c, status, f, msg)
		})
	}
	return redirectWith(c, "/commitments", "commitment")
}

// caseRow is a case as its list shows it.
type caseRow struct {
	reimbursement.CaseView
	Official string
}

type casesData struct {
	formState
	Status     string
	Tabs       []choice
	Items      []caseRow
	CanOpen    bool
	Candidates []choice
	Cases      []choice
}

var caseTabs = []choice{{"", "Tất cả"}, {reimbursement.StatusOpened, "Chờ Hội đồng"}, {reimbursement.StatusRecommended, "Chờ quyết định"},
	{reimbursement.StatusDecided, "Đang chờ nộp"}, {reimbursement.StatusOverdue, "Quá hạn"}, {reimbursement.StatusPaid, "Đã nộp đủ"},
	{reimbursement.StatusWaived, "Được miễn"}}

func (s *Server) casesPage(c echo.Context) error {
	if err := s.awaitRead(c); err != nil {
		return err
	}
	return s.renderCases(c, http.StatusOK, formState{Values: map[string]string{"case": string(reimbursement.LeftEarly)}}, "")
}

func (s *Server) renderCases(c echo.Context, status int, f formState, msg string) error {
	a := actorOf(c)
	agency := ""
	if domain.Is(a, domain.RoleAgency) {
		agency = a.Agency
	}
	d := casesData{formState: f, Status: c.QueryParam("status"), Tabs: caseTabs, CanOpen: domain.Is(a, domain.RoleAgency), Cases: caseOptions}
	if d.Status != "" && !contains(caseStatuses, d.Status) {
		d.Status = ""
	}
	for _, v := range s.cfg.State.ReimbursementCases(agency, d.Status, s.today()) {
		d.Items = append(d.Items, caseRow{CaseView: v, Official: s.officialName(v.OfficialID)})
	}
	if d.CanOpen {
		d.Candidates = s.trainingChoices(agency, domain.KindPostgraduate, func(id string) bool {
			_, has := s.cfg.State.ReimbursementCase(id)
			return !has
		})
	}
	v := s.newView(c, "Hồ sơ đền bù chi phí đào tạo", d)
	v.Error = msg
	return s.renderView(c, status, "reimbursement_cases", v)
}

func (s *Server) caseCreate(c echo.Context) error {
	f := formState{Values: typed(c, "nomination_id", "case", "event_date", "reason")}
	_, err := s.openCaseCmd(c, caseRequest{NominationID: f.Values["nomination_id"], Case: f.Values["case"],
		EventDate: isoDate(f.Values["event_date"]), Reason: f.Values["reason"]})
	if err != nil {
		return s.formFailed(c, err, func(status int, fields map[string]string, msg string) error {
			f.Errors = fields
			return s.renderCases(c, status, f, msg)
		})
	}
	return redirectWith(c, "/reimbursements/"+text(f.Values["nomination_id"]), "case")
}

type caseData struct {
	formState
	V            reimbursement.CaseView
	Official     string
	Steps, Notes []events.MoneyStep
	Actions      []string
	MaxPct       string
	PriorYears   int
}

func (s *Server) casePage(c echo.Context) error {
	if err := s.awaitRead(c); err != nil {
		return err
	}
	return s.renderCase(c, http.StatusOK, formState{}, "")
}

func (s *Server) renderCase(c echo.Context, status int, f formState, msg string) error {
	rc, err := s.visibleCase(c, c.Param("id"))
	if err != nil {
		return err
	}
	d := caseData{formState: f, V: rc.View(s.today()), Official: s.officialName(rc.Opened().OfficialID), MaxPct: "1,0"}
	for _, st := range d.V.AmountSteps {
		if st.Label == reimbursement.NoteLabel {
			d.Notes = append(d.Notes, st)
		} else {
			d.Steps = append(d.Steps, st)
		}
	}
	if s.maxReduction(rc.Opened().OfficialID) > 1 {
		d.MaxPct = "1,5"
	}
	d.PriorYears = s.priorServiceYears(rc.Opened())
	d.Actions = caseActions(actorOf(c), d.V.Status)
	v := s.newView(c, "Hồ sơ đền bù: "+d.Official, d)
	v.Error = msg
	return s.renderView(c, status, "reimbursement_case", v)
}

// priorServiceYears proposes the years of service before training: from
// the official's service start to the start of the training.
func (s *Server) priorServiceYears(o events.ReimbursementOpened) int {
	off, ok1 := s.cfg.State.Official(o.OfficialID)
	n, ok2 := s.cfg.State.Nomination(o.NominationID)
	if !ok1 || !ok2 || off.ServiceStart.IsZero() {
		return 0
	}
	return max(events.YearsBetween(off.ServiceStart, n.Details().StartDate), 0)
}

// caseActions are the forms the actor's role may use on a case in status.
func caseActions(a events.Actor, status string) []string {
	switch {
	case domain.Is(a, domain.RoleCouncil) && (status == reimbursement.StatusOpened || status == reimbursement.StatusRecommended):
		return []string{"recommend"}
	case domain.Is(a, domain.RoleHomeAffairs) && status == reimbursement.StatusRecommended:
		return []string{"decide", "waive"}
	case domain.Is(a, domain.RoleHomeAffairs) && (status == reimbursement.StatusDecided || status == reimbursement.StatusOverdue):
		return []string{"waive"}
	case domain.Is(a, domain.RoleFinance) && (status == reimbursement.StatusDecided || status == reimbursement.StatusOverdue):
		return []string{"pay"}
	}
	return nil
}

// caseAction takes one step of a case from its page.
func (s *Server) caseAction(c echo.Context) error {
	action, id := c.Param("action"), c.Param("id")
	f := formState{Values: typed(c, "prior_service_years", "reduction_pct_per_year", "note", "decision_ref", "decided_on", "reason",
		"amount_vnd", "paid_on", "receipt_ref")}
	p := domain.Problems{}
	var decide caseDecider
	switch action {
	case "recommend":
		r := reimbursement.Recommend{PriorServiceYears: parseFormInt(p, "prior_service_years", f.Values["prior_service_years"]),
			ReductionPctPerYear: parseFormDecimal(p, "reduction_pct_per_year", f.Values["reduction_pct_per_year"]), Note: text(f.Values["note"])}
		decide = func(rc *reimbursement.ReimbursementCase) (events.Payload, error) {
			return payloadOf(rc.Recommend(actorOf(c), r, s.maxReduction(rc.Opened().OfficialID)))
		}
	case "decide", "waive":
		day := parseDate(p, "decided_on", isoDate(f.Values["decided_on"]))
		decide = func(rc *reimbursement.ReimbursementCase) (events.Payload, error) {
			if action == "decide" {
				return payloadOf(rc.Decide(actorOf(c), text(f.Values["decision_ref"]), day, s.today()))
			}
			return payloadOf(rc.Waive(actorOf(c), text(f.Values["decision_ref"]), day, text(f.Values["reason"]), s.today()))
		}
	case "pay":
		amount, day := parseFormVND(p, "amount_vnd", f.Values["amount_vnd"]), parseDate(p, "paid_on", isoDate(f.Values["paid_on"]))
		decide = func(rc *reimbursement.ReimbursementCase) (events.Payload, error) {
			return payloadOf(rc.Pay(actorOf(c), amount, day, text(f.Values["receipt_ref"]), s.today()))
		}
	default:
		return domain.NotFound("thao tác")
	}
	_, err := s.runCase(c, id, 0, func(rc *reimbursement.ReimbursementCase) (events.Payload, error) {
		pl, err := decide(rc)
		return pl, withProblems(p, err)
	})
	if err != nil {
		return s.formFailed(c, err, func(status int, fields map[string]string, msg string) error {
			f.Errors = fields
			return s.renderCase(c, status, f, msg)
		})
	}
	return redirectWith(c, "/reimbursements/"+id, "case_"+action)
}

type budgetsData struct {
	formState
	Queue, Items []domain.BudgetView
	IsFinance    bool
	CanSend      bool
	Courses      []choice
}

func (s *Server) budgetsPage(c echo.Context) error {
	if err := s.awaitRead(c); err != nil {
		return err
	}
	return s.renderBudgets(c, http.StatusOK, formState{}, "")
}

func (s *Server) renderBudgets(c echo.Context, status int, f formState, msg string) error {
	a := actorOf(c)
	agency := ""
	if domain.Is(a, domain.RoleAgency) {
		agency = a.Agency
	}
	d := budgetsData{formState: f, IsFinance: domain.Is(a, domain.RoleFinance), CanSend: domain.Is(a, domain.RoleAgency)}
	for _, v := range s.cfg.State.Budgets(agency, "") {
		if d.IsFinance && v.Status == domain.BudgetSubmitted {
			d.Queue = append(d.Queue, v)
		} else {
			d.Items = append(d.Items, v)
		}
	}
	if d.CanSend {
		courses, _ := s.cfg.State.Courses(projections.CourseFilter{Agency: agency}, projections.Page{Limit: projections.MaxLimit})
		for _, co := range courses {
			b, _ := s.cfg.State.Budget(co.ID)
			if co.Status != domain.CourseCancelled && (b.Status() == "" || b.Status() == domain.BudgetReturned) {
				d.Courses = append(d.Courses, choice{Value: co.ID, Label: co.Title + " — " + formatVND(co.CostTotalVND)})
			}
		}
	}
	v := s.newView(c, "Dự toán kinh phí khóa học", d)
	v.Error = msg
	return s.renderView(c, status, "budgets", v)
}

func (s *Server) budgetCreate(c echo.Context) error {
	f := formState{Values: typed(c, "course_id", "note")}
	if _, err := s.submitBudgetCmd(c, text(f.Values["course_id"]), text(f.Values["note"])); err != nil {
		return s.formFailed(c, err, func(status int, fields map[string]string, msg string) error {
			f.Errors = fields
			return s.renderBudgets(c, status, f, msg)
		})
	}
	return redirectWith(c, "/budgets/"+text(f.Values["course_id"]), "budget")
}

type budgetData struct {
	formState
	V       domain.BudgetView
	Actions []string
	Course  *domain.CourseView
}

func (s *Server) budgetPage(c echo.Context) error {
	if err := s.awaitRead(c); err != nil {
		return err
	}
	return s.renderBudget(c, http.StatusOK, formState{}, "")
}

func (s *Server) renderBudget(c echo.Context, status int, f formState, msg string) error {
	b, err := s.visibleBudget(c, c.Param("id"))
	if err != nil {
		return err
	}
	d := budgetData{formState: f, V: b.View()}
	finished := false
	if co, ok := s.cfg.State.Course(c.Param("id")); ok {
		cv := co.View()
		d.Course, finished = &cv, co.Status() == domain.CourseFinished
	}
	a := actorOf(c)
	switch {
	case domain.Is(a, domain.RoleFinance) && b.Status() == domain.BudgetSubmitted:
		d.Actions = []string{"approve", "adjust", "return"}
	case domain.Is(a, domain.RoleAgency) && b.Status() == domain.BudgetApproved && finished:
		d.Actions = []string{"actual"}
	}
	v := s.newView(c, "Dự toán: "+d.V.Title, d)
	v.Error = msg
	return s.renderView(c, status, "budget", v)
}

// budgetAction appraises a budget or records its actual cost from its page.
func (s *Server) budgetAction(c echo.Context) error {
	action, id := c.Param("action"), c.Param("id")
	f := formState{Values: typed(c, "approved_vnd", "reason", "actual_vnd", "participants", "note")}
	p := domain.Problems{}
	var decide func(b *domain.Budget) (events.Payload, error)
	switch action {
	case "approve", "adjust", "return":
		amount := parseFormVND(p, "approved_vnd", f.Values["approved_vnd"])
		decide = func(b *domain.Budget) (events.Payload, error) {
			return b.Appraise(actorOf(c), action, amount, text(f.Values["reason"]))
		}
	case "actual":
		actual, n := parseFormVND(p, "actual_vnd", f.Values["actual_vnd"]), parseFormInt(p, "participants", f.Values["participants"])
		decide = func(b *domain.Budget) (events.Payload, error) {
			cost, _ := s.courseCost(c, id)
			return payloadOf(b.RecordActual(cost, actual, n, text(f.Values["note"]), actorOf(c)))
		}
	default:
		return domain.NotFound("thao tác")
	}
	_, err := s.runBudget(c, id, 0, func(b *domain.Budget) (events.Payload, error) {
		pl, err := decide(b)
		return pl, withProblems(p, err)
	})
	if err != nil {
		return s.formFailed(c, err, func(status int, fields map[string]string, msg string) error {
			f.Errors = fields
			return s.renderBudget(c, status, f, msg)
		})
	}
	return redirectWith(c, "/budgets/"+id, "budget_"+action)
}

func (s *Server) budgetTotalsPage(c echo.Context) error {
	if err := s.awaitRead(c); err != nil {
		return err
	}
	agency := ""
	if a := actorOf(c); domain.Is(a, domain.RoleAgency) {
		agency = a.Agency
	}
	d := budgetTotalsOf{ByAgency: s.cfg.State.BudgetTotals(agency, "agency"), ByYear: s.cfg.State.BudgetTotals(agency, "year")}
	return s.render(c, http.StatusOK, "budget_totals", "Tổng hợp kinh phí đào tạo, bồi dưỡng", d)
}
