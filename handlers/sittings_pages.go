package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"daotao/domain"
	"daotao/events"
	"daotao/projections"
)

// Navigation entries of the sittings and deadlines pages (navFor).
var (
	sittingsNav  = navItem{Href: "/sittings", Label: "Phiên họp"}
	deadlinesNav = navItem{Href: "/deadlines", Label: "Hạn xử lý"}
)

type sittingsPage struct {
	Sittings []domain.SittingView
	// CanOpen: the secretariat may open a sitting from Candidates, the
	// council's queue less what is on an unresolved sitting.
	CanOpen    bool
	Candidates []nominationRow
	Values     openSittingRequest
	Errors     map[string]string
}

type sittingPage struct {
	Sitting    domain.SittingView
	Rows       []sittingRow
	CanResolve bool
	Results    []string
	Errors     map[string]string
}

// sittingRow is one agenda item with what the page shows of its request.
type sittingRow struct {
	domain.SittingItemView
	Title, Official, Agency string
	Status                  domain.Status
}

func (s *Server) sittingsPage(c echo.Context) error {
	return s.renderSittings(c, http.StatusOK, openSittingRequest{}, nil, "")
}

func (s *Server) renderSittings(c echo.Context, status int, vals openSittingRequest, errs map[string]string, msg string) error {
	if err := s.awaitRead(c); err != nil {
		return err
	}
	list, _ := s.cfg.State.Sittings(projections.Page{Limit: projections.MaxLimit})
	p := sittingsPage{Sittings: list, CanOpen: domain.Is(actorOf(c), domain.RoleHomeAffairs), Values: vals, Errors: errs}
	if p.CanOpen {
		queued, _ := s.cfg.State.Queue(projections.NominationFilter{Status: []domain.Status{domain.StatusSubmitted}, Stage: domain.RoleCouncil},
			projections.Page{Limit: domain.MaxAgendaItems})
		for _, n := range s.rows(queued) {
			if s.cfg.State.OnOpenSitting(n.ID) == "" {
				p.Candidates = append(p.Candidates, n)
			}
		}
	}
	v := s.newView(c, "Phiên họp Hội đồng", p)
	v.Error = msg
	return s.renderView(c, status, "sittings", v)
}

// sittingOpen opens a sitting from the form, through the API's rules.
func (s *Server) sittingOpen(c echo.Context) error {
	form, _ := c.FormParams()
	req := openSittingRequest{Title: c.FormValue("title"), HeldOn: isoDate(c.FormValue("held_on")), Agenda: form["agenda"]}
	id, _, err := s.openSittingCmd(c, req)
	if err != nil {
		return s.formFailed(c, err, func(status int, fields map[string]string, msg string) error {
			return s.renderSittings(c, status, req, fields, msg)
		})
	}
	return c.Redirect(http.StatusSeeOther, "/sittings/"+id+"?ok=sitting")
}

func (s *Server) sittingPage(c echo.Context) error {
	return s.renderSitting(c, http.StatusOK, nil, "")
}

func (s *Server) renderSitting(c echo.Context, status int, errs map[string]string, msg string) error {
	if err := s.awaitRead(c); err != nil {
		return err
	}
	st, ok := s.cfg.State.Sitting(c.Param("id"))
	if !ok {
		return domain.NotFound("phiên họp")
	}
	v := st.View()
	p := sittingPage{Sitting: v, CanResolve: domain.Is(actorOf(c), domain.RoleCouncil) && !st.Resolved(), Results: domain.SittingResults, Errors: errs}
	for _, it := range v.Items {
		row := sittingRow{SittingItemView: it}
		if n, ok := s.cfg.State.Nomination(it.NominationID); ok {
			o, _ := s.cfg.State.Official(n.OfficialID())
			row.Title, row.Official, row.Agency, row.Status = n.Details().Title, o.FullName, n.AgencyCode(), n.Status()
		}
		p.Rows = append(p.Rows, row)
	}
	view := s.newView(c, v.Title, p)
	view.Error = msg
	return s.renderView(c, status, "sitting", view)
}

// sittingResolve records the resolution from the form (a result and a
// reason per agenda item) and applies it, as the API does.
func (s *Server) sittingResolve(c echo.Context) error {
	id := c.Param("id")
	st, ok := s.cfg.State.Sitting(id)
	if !ok {
		return domain.NotFound("phiên họp")
	}
	req := resolutionRequest{Number: c.FormValue("number")}
	for _, a := range st.Agenda() {
		req.Items = append(req.Items, events.SittingResult{NominationID: a.NominationID,
			Result: c.FormValue("result-" + a.NominationID), Reason: c.FormValue("reason-" + a.NominationID)})
	}
	if err := s.recordResolution(c, id, req); err != nil {
		return s.formFailed(c, err, func(status int, fields map[string]string, msg string) error {
			return s.renderSitting(c, status, fields, msg)
		})
	}
	if err := s.completeSitting(c.Request().Context(), id); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/sittings/"+id+"?ok=resolution")
}
