package handlers

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"daotao/domain"
	"daotao/events"
	"daotao/projections"
)

// Who may use the programme and course routes.
var (
	// courseReaders may read programmes and courses: everyone with a
	// session but the trainee.
	courseReaders = []domain.Role{domain.RoleAdmin, domain.RoleAgency, domain.RoleCouncil, domain.RoleAuditor,
		domain.RoleHomeAffairs, domain.RoleProvince, domain.RoleFinance, domain.RoleStandingCommittee}
	// programmeReturners may return a programme for revision.
	programmeReturners = []domain.Role{domain.RoleCouncil, domain.RoleProvince}
	provinces          = []domain.Role{domain.RoleProvince}
	programmeReviewers = []domain.Role{domain.RoleCouncil}
)

type programmeRequest struct {
	ContentCode string `json:"content_code"`
	Title       string `json:"title"`
	Summary     string `json:"summary"`
	Year        int    `json:"year"`
	Partner     string `json:"partner"`
}

func (r programmeRequest) details() events.ProgrammeDetails {
	return events.ProgrammeDetails{Title: text(r.Title), Summary: text(r.Summary), Year: r.Year, Partner: text(r.Partner)}
}

type programmeActionRequest struct {
	Reason      string `json:"reason"`
	DecisionRef string `json:"decision_ref"`
}

// leadAgencies returns the lead agencies of content code in the reference
// data in force today.
func (s *Server) leadAgencies(code string) []string {
	ref, ok := s.cfg.State.ReferenceAsOf(s.today())
	if !ok {
		return nil
	}
	var out []string
	for _, a := range ref.Doc.Leads(code, s.today()) {
		out = append(out, a.Code)
	}
	return out
}

func (s *Server) createProgramme(c echo.Context) error {
	var req programmeRequest
	if err := bindJSON(c, &req, false); err != nil {
		return err
	}
	id, seq, err := s.createProgrammeCmd(c, req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, createdResponse{ID: id, Seq: seq, Status: string(domain.ProgrammeDraft)})
}

// createProgrammeCmd drafts a programme for the request's actor: shared by
// the API and the web form.
func (s *Server) createProgrammeCmd(c echo.Context, req programmeRequest) (string, uint64, error) {
	code := strings.TrimSpace(req.ContentCode)
	cmd := domain.DraftProgramme{ContentCode: code, LeadAgencies: s.leadAgencies(code), ProgrammeDetails: req.details()}
	id := s.cfg.NewID()
	return s.runCreation(c, id, func() (decision, error) {
		e, err := domain.NewProgramme(id, cmd, actorOf(c))
		return decision{subject: events.Subject(events.AggregateProgramme, id), payload: &e}, err
	})
}

// programmeFor returns programme id if the actor may see it; otherwise it
// is reported as not found.
func (s *Server) programmeFor(c echo.Context, id string) (domain.TrainingProgramme, error) {
	g, ok := s.cfg.State.Programme(id)
	if !ok || !g.VisibleTo(actorOf(c)) {
		return domain.TrainingProgramme{}, domain.NotFound("chương trình bồi dưỡng")
	}
	return g, nil
}

func (s *Server) getProgramme(c echo.Context) error {
	if err := s.awaitRead(c); err != nil {
		return err
	}
	g, err := s.programmeFor(c, c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, g.View())
}

func (s *Server) listProgrammes(c echo.Context) error {
	p := domain.Problems{}
	f, pg := s.programmeFilter(c, p), page(c, p)
	if err := p.Err(); err != nil {
		return err
	}
	if err := s.awaitRead(c); err != nil {
		return err
	}
	items, total := s.cfg.State.Programmes(f, pg)
	return writeList(c, items, total, pg.Offset, limitOf(pg))
}

func (s *Server) programmeFilter(c echo.Context, p domain.Problems) projections.ProgrammeFilter {
	a := actorOf(c)
	f := projections.ProgrammeFilter{Agency: c.QueryParam("agency"), Content: c.QueryParam("content"),
		Visible: func(g *domain.TrainingProgramme) bool { return g.VisibleTo(a) }}
	for _, st := range splitList(c.QueryParam("status")) {
		if !containsString(domain.ProgrammeStatuses, st) {
			p.Add("status", "Trạng thái không hợp lệ: "+st+".")
		}
		f.Status = append(f.Status, domain.ProgrammeStatus(st))
	}
	return f
}

func splitList(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func containsString[S ~string](list []S, v string) bool {
	for _, s := range list {
		if string(s) == v {
			return true
		}
	}
	return false
}

// programmeDecider decides one command on a programme.
type programmeDecider func(g *domain.TrainingProgramme) (events.Payload, error)

// decideProgramme runs a command on programme id for the request's actor,
// requiring its sequence to be want (0: any).
func (s *Server) decideProgramme(c echo.Context, id string, want uint64, decide programmeDecider) (createdResponse, error) {
	var status domain.ProgrammeStatus
	run, err := s.newCommand(c, func() (decision, error) {
		g, err := s.programmeFor(c, id)
		if err != nil {
			return decision{}, err
		}
		if err := precondition(want, g.Seq()); err != nil {
			return decision{}, err
		}
		expected := g.Seq()
		p, err := decide(&g)
		if p != nil {
			g.Apply(expected+1, s.now(), p)
		}
		status = g.Status()
		return decision{subject: events.Subject(events.AggregateProgramme, id), expected: expected, payload: p}, err
	})
	if err != nil {
		return createdResponse{}, err
	}
	out, err := s.run(c.Request().Context(), run)
	if err != nil {
		return createdResponse{}, err
	}
	if out.replay != nil {
		if g, ok := s.cfg.State.Programme(id); ok {
			status = g.Status()
		}
	}
	return createdResponse{ID: id, Seq: out.seq, Status: string(status)}, nil
}

// programmeActions are the programme commands by name.
var programmeActions = map[string]func(g *domain.TrainingProgramme, a events.Actor, r programmeActionRequest) (events.Payload, error){
	"submit": func(g *domain.TrainingProgramme, a events.Actor, r programmeActionRequest) (events.Payload, error) {
		return g.SubmitProgramme(a, r.Reason)
	},
	"review": func(g *domain.TrainingProgramme, a events.Actor, r programmeActionRequest) (events.Payload, error) {
		return g.ReviewProgramme(a, r.Reason)
	},
	"return": func(g *domain.TrainingProgramme, a events.Actor, r programmeActionRequest) (events.Payload, error) {
		return g.ReturnProgramme(a, r.Reason)
	},
	"approve": func(g *domain.TrainingProgramme, a events.Actor, r programmeActionRequest) (events.Payload, error) {
		return g.ApproveProgramme(a, r.DecisionRef, r.Reason)
	},
}

// programmeTransition returns the handler of programme command action.
func (s *Server) programmeTransition(action string) echo.HandlerFunc {
	return func(c echo.Context) error {
		var req programmeActionRequest
		if err := bindJSON(c, &req, true); err != nil {
			return err
		}
		req.Reason, req.DecisionRef = text(req.Reason), text(req.DecisionRef)
		want, err := ifMatch(c)
		if err != nil {
			return err
		}
		decide := programmeActions[action]
		resp, err := s.decideProgramme(c, c.Param("id"), want, func(g *domain.TrainingProgramme) (events.Payload, error) {
			return decide(g, actorOf(c), req)
		})
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, resp)
	}
}

func (s *Server) reviseProgramme(c echo.Context) error {
	var req programmeRequest
	if err := bindJSON(c, &req, false); err != nil {
		return err
	}
	want, err := ifMatch(c)
	if err != nil {
		return err
	}
	resp, err := s.decideProgramme(c, c.Param("id"), want, func(g *domain.TrainingProgramme) (events.Payload, error) {
		if req.ContentCode != "" && strings.TrimSpace(req.ContentCode) != g.ContentCode() {
			return nil, domain.Invalid("content_code", "Không đổi được nội dung của chương trình; hãy lập chương trình mới.")
		}
		return g.ReviseProgramme(actorOf(c), req.details())
	})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, resp)
}
