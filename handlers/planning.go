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

// PlanView is a plan as the API shows it: the plan, its check (of the
// latest version) and the needs it was built from.
type PlanView struct {
	*planning.Plan
	StatusLabel string         `json:"status_label"`
	Check       planning.Check `json:"check"`
}

// yearCommand is the handler of a planning command on the year of the
// path: it reads the body (optional: may be empty) into a T, runs cmd, and
// answers status with the aggregate's id and the sequence appended.
func yearCommand[T any](status int, optional bool, id func(c echo.Context, year int) string,
	cmd func(c echo.Context, year int, req T) (uint64, error)) echo.HandlerFunc {
	return func(c echo.Context) error {
		year, err := pathYear(c)
		if err != nil {
			return err
		}
		var req T
		if err := bindJSON(c, &req, optional); err != nil {
			return err
		}
		seq, err := cmd(c, year, req)
		if err != nil {
			return err
		}
		return c.JSON(status, createdResponse{ID: id(c, year), Seq: seq})
	}
}

// The ids yearCommand answers with: the plan's year, an agency's needs,
// a bloc's focus-field list.
func planID(_ echo.Context, year int) string { return strconv.Itoa(year) }

func planSubject(year int) string { return events.Subject(events.AggregatePlan, strconv.Itoa(year)) }

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

// planActionCmd returns the command submit, agree or return on the year's
// plan.
func (s *Server) planActionCmd(action string) func(echo.Context, int, versionRequest) (uint64, error) {
	return func(c echo.Context, year int, req versionRequest) (uint64, error) {
		return s.planAction(c, year, action, req)
	}
}

func (s *Server) planAction(c echo.Context, year int, action string, req versionRequest) (uint64, error) {
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
