package handlers

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"daotao/domain"
	"daotao/domain/planning"
	"daotao/domain/programme"
	"daotao/events"
)

// Roles of yearly planning: who reads plans and needs (an agency reads the
// plans and only its own needs), who writes what.
var (
	planReaders   = []domain.Role{domain.RoleHomeAffairs, domain.RoleCouncil, domain.RoleProvince, domain.RoleAgency, domain.RoleAuditor, domain.RoleAdmin, domain.RoleFinance, domain.RoleStandingCommittee}
	planReviewers = []domain.Role{domain.RoleCouncil, domain.RoleProvince}
	needReturners = []domain.Role{domain.RoleHomeAffairs, domain.RoleAgency}
	focusIssuers  = []domain.Role{domain.RoleHomeAffairs, domain.RoleAgency}
)

// needsRequest is the body of POST /api/v1/needs/{year}/{agency}: a whole
// new version of the agency's needs.
type needsRequest struct {
	Lines         []events.NeedLine       `json:"lines"`
	Postgraduate  []events.NeedCandidates `json:"postgraduate"`
	Justification string                  `json:"justification"`
}

// versionRequest names the version acted on (0: the latest) and a reason or
// comment.
type versionRequest struct {
	Version int    `json:"version"`
	Reason  string `json:"reason"`
	Comment string `json:"comment"`
}

type roundRequest struct {
	NeedsDue string `json:"needs_due"`
}

type planDraftRequest struct {
	Lines  []events.PlanLine `json:"lines"`
	Reason string            `json:"reason"`
}

type planApproveRequest struct {
	Version      int    `json:"version"`
	DecisionNo   string `json:"decision_no"`
	DecisionDate string `json:"decision_date"`
}

type focusRequest struct {
	Items        []events.FocusItem `json:"items"`
	DecisionNo   string             `json:"decision_no"`
	DecisionDate string             `json:"decision_date"`
}

// PlanView is a plan as the API shows it: the plan, its check (of the
// latest version) and the needs it was built from.
type PlanView struct {
	*planning.Plan
	StatusLabel string         `json:"status_label"`
	Check       planning.Check `json:"check"`
}

// NeedView is one agency's needs with the focus flags of its latest
// version: the indexes of its lines outside its bloc's focus-field list.
type NeedView struct {
	*planning.Need
	AgencyName string `json:"agency_name"`
	OutOfFocus []int  `json:"out_of_focus_lines,omitempty"`
}

func planSubject(year int) string { return events.Subject(events.AggregatePlan, strconv.Itoa(year)) }

func needSubject(year int, agency string) string {
	return events.Subject(events.AggregateNeed, planning.NeedID(year, agency))
}

// pathYear reads the :year parameter of a planning route.
func pathYear(c echo.Context) (int, error) {
	y, err := strconv.Atoi(c.Param("year"))
	if err != nil || y < planning.FirstYear || y > planning.LastYear {
		return 0, domain.Invalid("year", "Năm phải từ "+strconv.Itoa(planning.FirstYear)+" đến "+strconv.Itoa(planning.LastYear)+".")
	}
	return y, nil
}

// planDoc returns the reference data in force on 1 January of year, the
// data a plan of that year is checked against.
func (s *Server) planDoc(c echo.Context, year int) (*programme.Document, error) {
	ref, err := s.reference(c, events.NewDate(year, 1, 1))
	if err != nil {
		// A year before the first version: the first one.
		refs := s.cfg.State.References()
		if len(refs) == 0 {
			return nil, err
		}
		return refs[0].Doc, nil
	}
	return ref.Doc, nil
}

// planView builds the view of year's plan with the check of its latest
// version against the Đề án, the needs and the focus lists.
func (s *Server) planView(c echo.Context, year int) (PlanView, error) {
	doc, err := s.planDoc(c, year)
	if err != nil {
		return PlanView{}, err
	}
	p := s.cfg.State.Plan(year)
	return PlanView{Plan: p, StatusLabel: planning.PlanStatusLabel(p.Status), Check: s.checkPlan(year, p, doc)}, nil
}

func (s *Server) checkPlan(year int, p *planning.Plan, doc *programme.Document) planning.Check {
	var lines []events.PlanLine
	if v, ok := p.Latest(); ok {
		lines = v.Lines
	}
	pr := s.cfg.State.ProgressAt(yearStart(year))
	progress := planning.TargetProgress{RosterSize: pr.Roster, RefresherTrained: pr.Refresher, PostgradSent: pr.PostgradSent}
	return planning.CheckPlan(year, lines, s.cfg.State.Needs(year), doc, progress, s.cfg.State.FocusLists(year))
}

func (s *Server) listPlans(c echo.Context) error {
	if err := s.awaitRead(c); err != nil {
		return err
	}
	out := []PlanView{}
	for _, p := range s.cfg.State.Plans() {
		out = append(out, PlanView{Plan: p, StatusLabel: planning.PlanStatusLabel(p.Status)})
	}
	return c.JSON(http.StatusOK, out)
}

func (s *Server) getPlan(c echo.Context) error {
	year, err := pathYear(c)
	if err != nil {
		return err
	}
	if err := s.awaitRead(c); err != nil {
		return err
	}
	v, err := s.planView(c, year)
	if err != nil {
		return err
	}
	if v.Seq == 0 {
		return domain.NotFound("kế hoạch năm " + strconv.Itoa(year))
	}
	c.Response().Header().Set("ETag", `"`+strconv.FormatUint(v.Seq, 10)+`"`)
	return c.JSON(http.StatusOK, v)
}

// planCommand runs one decision on year's plan, honouring If-Match.
func (s *Server) planCommand(c echo.Context, year int, decide func(p *planning.Plan) (events.Payload, error)) (uint64, error) {
	want, err := ifMatch(c)
	if err != nil {
		return 0, err
	}
	return s.runDecision(c, func() (decision, error) {
		p := s.cfg.State.Plan(year)
		if err := precondition(want, p.Seq); err != nil {
			return decision{}, err
		}
		e, err := decide(p)
		if err != nil {
			return decision{}, err
		}
		return decision{subject: planSubject(year), expected: p.Seq, payload: e}, nil
	})
}

func (s *Server) respondPlan(c echo.Context, year int, seq uint64, err error, status int) error {
	if err != nil {
		return err
	}
	return c.JSON(status, createdResponse{ID: strconv.Itoa(year), Seq: seq})
}

func (s *Server) openPlanRound(c echo.Context) error {
	year, err := pathYear(c)
	if err != nil {
		return err
	}
	var req roundRequest
	if err := bindJSON(c, &req, false); err != nil {
		return err
	}
	seq, err := s.openRoundCmd(c, year, req)
	return s.respondPlan(c, year, seq, err, http.StatusOK)
}

func (s *Server) openRoundCmd(c echo.Context, year int, req roundRequest) (uint64, error) {
	p := domain.Problems{}
	due := parseDate(p, "needs_due", req.NeedsDue)
	if err := p.Err(); err != nil {
		return 0, err
	}
	return s.planCommand(c, year, func(pl *planning.Plan) (events.Payload, error) {
		e, err := planning.OpenRound(pl, year, due, actorOf(c))
		return &e, err
	})
}

func (s *Server) draftPlan(c echo.Context) error {
	year, err := pathYear(c)
	if err != nil {
		return err
	}
	var req planDraftRequest
	if err := bindJSON(c, &req, false); err != nil {
		return err
	}
	seq, err := s.draftPlanCmd(c, year, req)
	return s.respondPlan(c, year, seq, err, http.StatusCreated)
}

func (s *Server) draftPlanCmd(c echo.Context, year int, req planDraftRequest) (uint64, error) {
	doc, err := s.planDoc(c, year)
	if err != nil {
		return 0, err
	}
	for i := range req.Lines {
		req.Lines[i].Title, req.Lines[i].Country = text(req.Lines[i].Title), text(req.Lines[i].Country)
	}
	return s.planCommand(c, year, func(p *planning.Plan) (events.Payload, error) {
		e, err := planning.DraftPlan(p, req.Lines, text(req.Reason), doc, actorOf(c))
		return &e, err
	})
}

// planAction runs submit, agree or return on year's plan.
func (s *Server) planAction(action string) echo.HandlerFunc {
	return func(c echo.Context) error {
		year, err := pathYear(c)
		if err != nil {
			return err
		}
		var req versionRequest
		if err := bindJSON(c, &req, true); err != nil {
			return err
		}
		seq, err := s.planActionCmd(c, year, action, req)
		return s.respondPlan(c, year, seq, err, http.StatusOK)
	}
}

func (s *Server) planActionCmd(c echo.Context, year int, action string, req versionRequest) (uint64, error) {
	var doc *programme.Document
	if action == "submit" {
		d, err := s.planDoc(c, year)
		if err != nil {
			return 0, err
		}
		doc = d
	}
	return s.planCommand(c, year, func(p *planning.Plan) (events.Payload, error) {
		a := actorOf(c)
		switch action {
		case "submit":
			e, err := planning.SubmitPlan(p, req.Version, s.checkPlan(year, p, doc).Shortfalls(), a)
			return &e, err
		case "agree":
			e, err := planning.AgreePlan(p, req.Version, text(req.Comment), a)
			return &e, err
		default:
			e, err := planning.ReturnPlan(p, req.Version, text(req.Reason), a)
			return &e, err
		}
	})
}

func (s *Server) approvePlan(c echo.Context) error {
	year, err := pathYear(c)
	if err != nil {
		return err
	}
	var req planApproveRequest
	if err := bindJSON(c, &req, false); err != nil {
		return err
	}
	seq, err := s.approvePlanCmd(c, year, req)
	return s.respondPlan(c, year, seq, err, http.StatusOK)
}

func (s *Server) approvePlanCmd(c echo.Context, year int, req planApproveRequest) (uint64, error) {
	p := domain.Problems{}
	day := parseDate(p, "decision_date", req.DecisionDate)
	return s.planCommand(c, year, func(pl *planning.Plan) (events.Payload, error) {
		e, err := planning.ApprovePlan(pl, req.Version, text(req.DecisionNo), day, actorOf(c))
		if len(p) > 0 {
			return nil, withProblems(p, err)
		}
		return &e, err
	})
}

// needAgency returns the agency of the :agency parameter, or 404 when it
// is unknown or outside what the actor may see: an agency officer sees its
// own needs (Ban Tổ chức Tỉnh ủy also its bloc's); the other roles all.
func (s *Server) needAgency(c echo.Context, doc *programme.Document) (programme.Agency, error) {
	a, ok := doc.Agency(c.Param("agency"))
	actor := actorOf(c)
	if !ok || domain.Is(actor, domain.RoleAgency) && !planning.MayActFor(actor, a) {
		return programme.Agency{}, domain.NotFound("nhu cầu của cơ quan, đơn vị này")
	}
	return a, nil
}

func (s *Server) needView(n *planning.Need, doc *programme.Document, year int) NeedView {
	a, _ := doc.Agency(n.AgencyCode)
	v := NeedView{Need: n, AgencyName: a.Name}
	if last, ok := n.Latest(); ok {
		list := s.cfg.State.FocusList(year, planning.BlocOf(a))
		for i, l := range last.Lines {
			if !list.Covers(l.ContentCode) {
				v.OutOfFocus = append(v.OutOfFocus, i)
			}
		}
	}
	return v
}

func (s *Server) listNeeds(c echo.Context) error {
	p := domain.Problems{}
	year := queryInt(c, p, "year", planning.FirstYear, planning.LastYear)
	if year == 0 {
		p.Add("year", "Cần năm (year) từ 2024 đến 2030.")
	}
	if err := p.Err(); err != nil {
		return err
	}
	if err := s.awaitRead(c); err != nil {
		return err
	}
	doc, err := s.planDoc(c, year)
	if err != nil {
		return err
	}
	actor := actorOf(c)
	out := []NeedView{}
	for _, n := range s.cfg.State.Needs(year) {
		a, _ := doc.Agency(n.AgencyCode)
		if domain.Is(actor, domain.RoleAgency) && !planning.MayActFor(actor, a) {
			continue
		}
		out = append(out, s.needView(n, doc, year))
	}
	return c.JSON(http.StatusOK, out)
}

func (s *Server) getNeed(c echo.Context) error {
	year, err := pathYear(c)
	if err != nil {
		return err
	}
	if err := s.awaitRead(c); err != nil {
		return err
	}
	doc, err := s.planDoc(c, year)
	if err != nil {
		return err
	}
	a, err := s.needAgency(c, doc)
	if err != nil {
		return err
	}
	n := s.cfg.State.Need(year, a.Code)
	if n.Seq == 0 {
		return domain.NotFound("nhu cầu năm " + strconv.Itoa(year) + " của " + a.Name)
	}
	c.Response().Header().Set("ETag", `"`+strconv.FormatUint(n.Seq, 10)+`"`)
	return c.JSON(http.StatusOK, s.needView(n, doc, year))
}

func (s *Server) submitNeeds(c echo.Context) error {
	year, err := pathYear(c)
	if err != nil {
		return err
	}
	var req needsRequest
	if err := bindJSON(c, &req, false); err != nil {
		return err
	}
	seq, err := s.submitNeedsCmd(c, year, c.Param("agency"), req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, createdResponse{ID: planning.NeedID(year, c.Param("agency")), Seq: seq})
}

func (s *Server) submitNeedsCmd(c echo.Context, year int, agency string, req needsRequest) (uint64, error) {
	doc, err := s.planDoc(c, year)
	if err != nil {
		return 0, err
	}
	want, err := ifMatch(c)
	if err != nil {
		return 0, err
	}
	cmd := planning.SubmitNeeds{Year: year, AgencyCode: agency, Lines: req.Lines, Postgraduate: req.Postgraduate, Justification: text(req.Justification)}
	return s.runDecision(c, func() (decision, error) {
		n := s.cfg.State.Need(year, agency)
		if err := precondition(want, n.Seq); err != nil {
			return decision{}, err
		}
		e, err := planning.Submit(n, cmd, s.cfg.State.Plan(year), doc, s.today(), actorOf(c))
		return decision{subject: needSubject(year, agency), expected: n.Seq, payload: &e}, err
	})
}

func (s *Server) returnNeeds(c echo.Context) error {
	year, err := pathYear(c)
	if err != nil {
		return err
	}
	var req versionRequest
	if err := bindJSON(c, &req, false); err != nil {
		return err
	}
	seq, err := s.returnNeedsCmd(c, year, c.Param("agency"), req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, createdResponse{ID: planning.NeedID(year, c.Param("agency")), Seq: seq})
}

func (s *Server) returnNeedsCmd(c echo.Context, year int, agency string, req versionRequest) (uint64, error) {
	doc, err := s.planDoc(c, year)
	if err != nil {
		return 0, err
	}
	if _, ok := doc.Agency(agency); !ok {
		return 0, domain.NotFound("cơ quan, đơn vị này")
	}
	// Among agency officers only Ban Tổ chức Tỉnh ủy's review needs (of
	// its bloc): for the others there are none to review.
	if a := actorOf(c); domain.Is(a, domain.RoleAgency) && a.Agency != planning.PartyBoard {
		return 0, domain.NotFound("nhu cầu thuộc khối do cơ quan, đơn vị bạn tổng hợp")
	}
	return s.runDecision(c, func() (decision, error) {
		n := s.cfg.State.Need(year, agency)
		if n.Seq == 0 {
			return decision{}, domain.NotFound("nhu cầu năm " + strconv.Itoa(year) + " của cơ quan, đơn vị này")
		}
		if a, _ := doc.Agency(agency); domain.Is(actorOf(c), domain.RoleAgency) && !planning.MayActFor(actorOf(c), a) {
			return decision{}, domain.NotFound("nhu cầu của cơ quan, đơn vị này")
		}
		e, err := planning.Return(n, req.Version, text(req.Reason), doc, actorOf(c))
		return decision{subject: needSubject(year, agency), expected: n.Seq, payload: &e}, err
	})
}

// FocusView is a focus-field list as the API shows it.
type FocusView struct {
	*planning.FocusList
	Current *planning.FocusIssued `json:"current,omitempty"`
}

func (s *Server) listFocus(c echo.Context) error {
	p := domain.Problems{}
	year := queryInt(c, p, "year", planning.FirstYear, planning.LastYear)
	if year == 0 {
		p.Add("year", "Cần năm (year) từ 2024 đến 2030.")
	}
	if err := p.Err(); err != nil {
		return err
	}
	if err := s.awaitRead(c); err != nil {
		return err
	}
	out := []FocusView{}
	for _, f := range s.cfg.State.FocusLists(year) {
		v := FocusView{FocusList: f}
		if cur, ok := f.Current(); ok {
			v.Current = &cur
		}
		out = append(out, v)
	}
	return c.JSON(http.StatusOK, out)
}

func (s *Server) publishFocus(c echo.Context) error {
	year, err := pathYear(c)
	if err != nil {
		return err
	}
	var req focusRequest
	if err := bindJSON(c, &req, false); err != nil {
		return err
	}
	seq, err := s.publishFocusCmd(c, year, c.Param("bloc"), req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, createdResponse{ID: planning.FocusID(year, c.Param("bloc")), Seq: seq})
}

func (s *Server) publishFocusCmd(c echo.Context, year int, bloc string, req focusRequest) (uint64, error) {
	if bloc != planning.BlocGovernment && bloc != planning.BlocParty {
		return 0, domain.NotFound("khối " + strconv.Quote(bloc))
	}
	// An agency's officer other than Ban Tổ chức Tỉnh ủy's has no list to
	// publish: as for another agency's record, there is none to find.
	if a := actorOf(c); domain.Is(a, domain.RoleAgency) && (a.Agency != planning.PartyBoard || bloc != planning.BlocParty) {
		return 0, domain.NotFound("danh mục lĩnh vực do cơ quan, đơn vị bạn ban hành")
	}
	doc, err := s.planDoc(c, year)
	if err != nil {
		return 0, err
	}
	p := domain.Problems{}
	day := parseDate(p, "decision_date", req.DecisionDate)
	return s.runDecision(c, func() (decision, error) {
		f := s.cfg.State.FocusList(year, bloc)
		e, err := planning.PublishFocus(f, year, bloc, req.Items, text(req.DecisionNo), day, doc, actorOf(c))
		if len(p) > 0 {
			return decision{}, withProblems(p, err)
		}
		return decision{subject: events.Subject(events.AggregateFocus, planning.FocusID(year, bloc)), expected: f.Seq, payload: &e}, err
	})
}

// yearStart is the first instant of year in the programme's zone.
func yearStart(year int) time.Time { return time.Date(year, 1, 1, 0, 0, 0, 0, domain.Zone) }

// linkPlanLine ties a course being planned to line id of year's approved
// plan: it must match the line, and without reservations of its own it
// takes the line's places per agency.
func (s *Server) linkPlanLine(e *events.CoursePlanned, year int, id string, reserved bool) error {
	p := domain.Problems{}
	if year < planning.FirstYear || year > planning.LastYear {
		p.Add("plan_year", "Năm kế hoạch phải từ 2024 đến 2030.")
	}
	if id == "" {
		p.Add("plan_line_id", "Cần mã dòng kế hoạch (ví dụ: L3).")
	}
	if err := p.Err(); err != nil {
		return err
	}
	l := planning.CourseLink{PlanYear: year, PlanLineID: id, Format: e.Format, ContentCode: e.ContentCode, LeadAgency: e.AgencyCode,
		QuotaID: e.QuotaID, Capacity: e.Capacity}
	if reserved {
		l.Reservations = e.Reservations
	}
	rs, err := planning.LinkCourse(s.cfg.State.Plan(year), l)
	if err != nil {
		return err
	}
	e.Reservations, e.PlanYear, e.PlanLineID = rs, year, id
	return nil
}

// outOfFocus returns why nomination n lies outside the focus-field list of
// its year and its agency's bloc (its Phụ lục I content, or its quota's
// field of study, not on the list), or "" when it does not, or no list was
// issued for that year and bloc.
func (s *Server) outOfFocus(c echo.Context, n domain.NominationView) string {
	day := n.StartDate
	if day.IsZero() {
		day = events.DateOf(n.CreatedAt, domain.Zone)
	}
	year := day.Time().Year()
	if year < planning.FirstYear || year > planning.LastYear {
		return ""
	}
	doc, err := s.planDoc(c, year)
	if err != nil {
		return ""
	}
	agency, _ := doc.Agency(n.AgencyCode)
	list := s.cfg.State.FocusList(year, planning.BlocOf(agency))
	cur, ok := list.Current()
	if !ok {
		return ""
	}
	code := n.ContentCode
	if n.Kind == domain.KindPostgraduate {
		q, _ := doc.Quota(n.QuotaID)
		code = q.StudyField
	}
	if code == "" || list.Covers(code) {
		return ""
	}
	return "Ngoài danh mục lĩnh vực tập trung đào tạo, bồi dưỡng năm " + strconv.Itoa(year) + " (văn bản số " + cur.DecisionNo + ")."
}
