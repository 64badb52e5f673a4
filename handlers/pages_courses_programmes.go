package handlers

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"daotao/domain"
	"daotao/events"
	"daotao/projections"
)

// programmeActors may take an action on a programme's page: its lead
// agency, the council and the province, each the actions of its role.
var programmeActors = []domain.Role{domain.RoleAgency, domain.RoleCouncil, domain.RoleProvince}

type programmesPage struct {
	Tabs   []statusTab
	CanNew bool
	List   listing[domain.ProgrammeView]
}

func (s *Server) programmesPage(c echo.Context) error {
	pg, _ := webPage(c, nil)
	a := actorOf(c)
	f := projections.ProgrammeFilter{Visible: func(g *domain.TrainingProgramme) bool { return g.VisibleTo(a) }}
	st := c.QueryParam("status")
	if containsString(domain.ProgrammeStatuses, st) {
		f.Status = []domain.ProgrammeStatus{domain.ProgrammeStatus(st)}
	}
	if err := s.awaitRead(c); err != nil {
		return err
	}
	items, total := s.cfg.State.Programmes(f, pg)
	p := programmesPage{CanNew: domain.Is(a, domain.RoleAgency), List: newListing(c, items, total, pg, "", nil)}
	p.Tabs = []statusTab{{Label: "Tất cả", URL: withQuery(c.Request().URL, "status", "", "offset", ""), Current: st == "" || len(f.Status) == 0}}
	for _, s := range domain.ProgrammeStatuses {
		p.Tabs = append(p.Tabs, statusTab{Key: string(s), Label: s.Label(), URL: withQuery(c.Request().URL, "status", string(s), "offset", ""),
			Current: len(f.Status) == 1 && f.Status[0] == s})
	}
	return s.render(c, http.StatusOK, "programmes", "Chương trình bồi dưỡng", p)
}

type programmeForm struct {
	Edit     bool
	ID       string
	Values   programmeRequest
	Errors   map[string]string
	Contents []string // the contents the agency leads
}

func programmeFromForm(c echo.Context) programmeRequest {
	year, _ := strconv.Atoi(c.FormValue("year"))
	return programmeRequest{ContentCode: c.FormValue("content_code"), Title: c.FormValue("title"), Summary: c.FormValue("summary"),
		Year: year, Partner: c.FormValue("partner")}
}

func (s *Server) renderProgrammeForm(c echo.Context, status int, f programmeForm, msg string) error {
	for _, code := range domain.ContentCodes {
		if containsString(s.leadAgencies(code), actorOf(c).Agency) {
			f.Contents = append(f.Contents, code)
		}
	}
	title := "Xây dựng chương trình bồi dưỡng"
	if f.Edit {
		title = "Sửa chương trình bồi dưỡng"
	}
	v := s.newView(c, title, f)
	v.Error = msg
	return s.renderView(c, status, "programme_form", v)
}

func (s *Server) programmeNewPage(c echo.Context) error {
	return s.renderProgrammeForm(c, http.StatusOK, programmeForm{Values: programmeRequest{Year: s.today().Time().Year() + 1}}, "")
}

func (s *Server) programmeCreate(c echo.Context) error {
	req := programmeFromForm(c)
	id, _, err := s.createProgrammeCmd(c, req)
	if err != nil {
		return s.formFailed(c, err, func(status int, fields map[string]string, msg string) error {
			return s.renderProgrammeForm(c, status, programmeForm{Values: req, Errors: fields}, msg)
		})
	}
	return redirectWith(c, "/programmes/"+id, "progcreated")
}

func (s *Server) programmeEditPage(c echo.Context) error {
	g, err := s.programmeFor(c, c.Param("id"))
	if err != nil {
		return err
	}
	if _, err := g.ReviseProgramme(actorOf(c), g.Details()); err != nil {
		return err
	}
	d := g.Details()
	return s.renderProgrammeForm(c, http.StatusOK, programmeForm{Edit: true, ID: g.ID(), Values: programmeRequest{
		ContentCode: g.ContentCode(), Title: d.Title, Summary: d.Summary, Year: d.Year, Partner: d.Partner}}, "")
}

func (s *Server) programmeEdit(c echo.Context) error {
	req := programmeFromForm(c)
	g, err := s.programmeFor(c, c.Param("id"))
	if err != nil {
		return err
	}
	req.ContentCode = g.ContentCode()
	resp, err := s.decideProgramme(c, g.ID(), 0, func(g *domain.TrainingProgramme) (events.Payload, error) {
		return g.ReviseProgramme(actorOf(c), req.details())
	})
	if err != nil {
		return s.formFailed(c, err, func(status int, fields map[string]string, msg string) error {
			return s.renderProgrammeForm(c, status, programmeForm{Edit: true, ID: g.ID(), Values: req, Errors: fields}, msg)
		})
	}
	notice := "revised"
	if resp.Seq == g.Seq() {
		notice = "unchanged"
	}
	return redirectWith(c, "/programmes/"+g.ID(), notice)
}

type programmePage struct {
	P       domain.ProgrammeView
	Actions []string // what the actor may do now: edit, submit, review, return, approve
	Courses []courseRow
	CanPlan bool // the lead agency may plan courses
}

func (s *Server) programmePage(c echo.Context) error {
	if err := s.awaitRead(c); err != nil {
		return err
	}
	return s.renderTrainingProgramme(c, http.StatusOK, "")
}

func (s *Server) renderTrainingProgramme(c echo.Context, status int, msg string) error {
	g, err := s.programmeFor(c, c.Param("id"))
	if err != nil {
		return err
	}
	a := actorOf(c)
	p := programmePage{P: g.View(), CanPlan: g.Status() == domain.ProgrammeApproved && domain.Is(a, domain.RoleAgency) && a.Agency == g.AgencyCode()}
	if _, err := g.ReviseProgramme(a, g.Details()); err == nil {
		p.Actions = append(p.Actions, "edit")
	}
	probe := programmeActionRequest{Reason: "lý do"}
	for _, name := range []string{"submit", "review", "return", "approve"} {
		if _, err := programmeActions[name](&g, a, probe); err == nil {
			p.Actions = append(p.Actions, name)
		}
	}
	items, _ := s.cfg.State.Courses(projections.CourseFilter{ProgrammeID: g.ID()}, projections.Page{Limit: projections.MaxLimit})
	p.Courses = courseRows(items)
	v := s.newView(c, g.Details().Title, p)
	v.Error = msg
	return s.renderView(c, status, "programme", v)
}

// programmeNotices are the confirmations of the programme actions.
var programmeNotices = map[string]string{"submit": "progsubmit", "review": "progreview", "return": "progreturn", "approve": "progapprove"}

func (s *Server) programmeAction(c echo.Context) error {
	action := c.Param("action")
	decide, ok := programmeActions[action]
	if !ok {
		return domain.NotFound("thao tác")
	}
	req := programmeActionRequest{Reason: text(c.FormValue("reason")), DecisionRef: text(c.FormValue("decision_ref"))}
	id := c.Param("id")
	_, err := s.decideProgramme(c, id, 0, func(g *domain.TrainingProgramme) (events.Payload, error) {
		return decide(g, actorOf(c), req)
	})
	if err != nil {
		return s.formFailed(c, err, func(status int, fields map[string]string, msg string) error {
			if m, ok := fields["reason"]; ok {
				msg = m
			}
			return s.renderTrainingProgramme(c, status, msg)
		})
	}
	return redirectWith(c, "/programmes/"+id, programmeNotices[action])
}

// Navigation entries of programmes and courses (web.go navFor).
var (
	programmesNav = navItem{Href: "/programmes", Label: "Chương trình bồi dưỡng"}
	coursesNav    = navItem{Href: "/courses", Label: "Khóa học"}
)
