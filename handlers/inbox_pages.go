package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"daotao/domain"
	"daotao/projections"
)

type inboxPage struct {
	Summary   inboxSummary
	Deadlines []projections.DeadlineView
	List      listing[projections.Notification]
}

type deadlinesPage struct {
	Overdue bool
	List    listing[projections.DeadlineView]
}

// inboxShown is how many of the items awaiting the user the inbox lists.
const inboxShown = 10

func (s *Server) inboxPage(c echo.Context) error {
	if err := s.awaitRead(c); err != nil {
		return err
	}
	a := actorOf(c)
	pg, _ := webPage(c, nil)
	box := s.cfg.State.Inbox(a.UserID, c.QueryParam("unread") == "true", pg)
	p := inboxPage{Summary: s.summaryOf(a), List: newListing(c, box.Items, box.Total, pg, "", nil)}
	f := projections.DeadlineFilter{Stage: string(queueStage(a))}
	if domain.Is(a, domain.RoleAgency) {
		f = projections.DeadlineFilter{Agency: a.Agency}
	}
	if f.Stage != "" || f.Agency != "" {
		p.Deadlines, _ = s.cfg.State.Deadlines(s.deadlineCal(), s.today(), f, projections.Page{Limit: inboxShown})
	}
	return s.render(c, http.StatusOK, "inbox", "Hộp thư", p)
}

// inboxRead marks the notification sent (ids) or all read, as the API does.
func (s *Server) inboxRead(c echo.Context) error {
	form, _ := c.FormParams()
	req := readRequest{IDs: form["ids"], All: c.FormValue("all") == "true"}
	if _, err := s.markReadCmd(c, req); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/inbox?ok=read")
}

func (s *Server) deadlinesPage(c echo.Context) error {
	p := domain.Problems{}
	f := s.deadlineFilter(c, p)
	if err := p.Err(); err != nil {
		return err
	}
	if err := s.awaitRead(c); err != nil {
		return err
	}
	pg, _ := webPage(c, nil)
	items, total := s.cfg.State.Deadlines(s.deadlineCal(), s.today(), f, pg)
	return s.render(c, http.StatusOK, "deadlines", "Hạn xử lý hồ sơ", deadlinesPage{Overdue: f.Overdue, List: newListing(c, items, total, pg, "", nil)})
}
