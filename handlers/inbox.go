package handlers

import (
	"net/http"
	"net/mail"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"daotao/domain"
	"daotao/events"
	"daotao/projections"
)

// The in-app inbox: what needs the user's action (their role's or
// agency's queue, live) and what happened to their requests
// (notifications of the projection, read/unread per user as events on the
// user's inbox subject).

type readRequest struct {
	IDs []string `json:"ids"`
	All bool     `json:"all"`
}

// inboxSummary is the header of the inbox: unread notifications, items
// awaiting the user's action and how many of them are overdue.
type inboxSummary struct {
	Unread         int `json:"unread"`
	AwaitingAction int `json:"awaiting_action"`
	Overdue        int `json:"overdue"`
}

type readResponse struct {
	Seq    uint64 `json:"seq"`
	Unread int    `json:"unread"`
}

type emailRequest struct {
	Email string `json:"email"`
}

// maxReadIDs bounds the notifications marked read in one request.
const maxReadIDs = 500

func (s *Server) listInbox(c echo.Context) error {
	p := domain.Problems{}
	pg := page(c, p)
	unread := false
	switch c.QueryParam("unread") {
	case "", "false":
	case "true":
		unread = true
	default:
		p.Add("unread", `Dùng "true" hoặc "false".`)
	}
	if err := p.Err(); err != nil {
		return err
	}
	if err := s.awaitRead(c); err != nil {
		return err
	}
	box := s.cfg.State.Inbox(actorOf(c).UserID, unread, pg)
	c.Response().Header().Set("X-Unread-Count", strconv.Itoa(box.Unread))
	items := box.Items
	if items == nil {
		items = []projections.Notification{}
	}
	return writeList(c, items, box.Total, pg.Offset, limitOf(pg))
}

func (s *Server) inboxSummary(c echo.Context) error {
	if err := s.awaitRead(c); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.summaryOf(actorOf(c)))
}

// summaryOf counts what waits for actor.
func (s *Server) summaryOf(a events.Actor) inboxSummary {
	sum := inboxSummary{Unread: s.cfg.State.Unread(a.UserID)}
	sum.AwaitingAction, sum.Overdue = s.awaiting(a)
	return sum
}

// awaiting counts the items of actor's queue and how many of those are
// overdue.
func (s *Server) awaiting(a events.Actor) (int, int) {
	f := projections.NominationFilter{Status: []domain.Status{domain.StatusSubmitted}, Stage: queueStage(a)}
	switch {
	case domain.Is(a, domain.RoleAgency):
		f = projections.NominationFilter{Status: []domain.Status{domain.StatusReturned, domain.StatusDraft}, Agency: a.Agency}
	case f.Stage == "":
		return 0, 0
	}
	_, total := s.cfg.State.Queue(f, projections.Page{Limit: 1})
	overdue := 0
	if f.Stage != "" {
		_, overdue = s.cfg.State.Deadlines(s.deadlineCal(), s.today(), projections.DeadlineFilter{Stage: string(f.Stage), Overdue: true}, projections.Page{Limit: 1})
	}
	return total, overdue
}

// markRead records that the user read the notifications listed, or all.
func (s *Server) markRead(c echo.Context) error {
	var req readRequest
	if err := bindJSON(c, &req, false); err != nil {
		return err
	}
	seq, err := s.markReadCmd(c, req)
	if err != nil {
		return err
	}
	a := actorOf(c)
	if err := s.cfg.State.WaitTimeout(c.Request().Context(), seq, s.cfg.WaitLimit); err != nil {
		return unavailable(err)
	}
	return c.JSON(http.StatusOK, readResponse{Seq: seq, Unread: s.cfg.State.Unread(a.UserID)})
}

func (s *Server) markReadCmd(c echo.Context, req readRequest) (uint64, error) {
	a := actorOf(c)
	switch {
	case req.All && len(req.IDs) > 0:
		return 0, domain.Invalid("ids", `Dùng "ids" hoặc "all", không dùng cả hai.`)
	case !req.All && (len(req.IDs) == 0 || len(req.IDs) > maxReadIDs):
		return 0, domain.Invalid("ids", "Cần từ 1 đến 500 mã thông báo, hoặc \"all\": true.")
	}
	for _, id := range req.IDs {
		if _, ok := s.cfg.State.InboxNotification(a.UserID, id); !ok {
			return 0, domain.Invalid("ids", "Không có thông báo "+strconv.Quote(id)+" trong hộp thư của bạn.")
		}
	}
	return s.runDecision(c, func() (decision, error) {
		box := s.cfg.State.Inbox(a.UserID, false, projections.Page{Limit: 1})
		d := decision{subject: events.Subject(events.AggregateInbox, a.UserID), expected: box.Seq}
		switch {
		case req.All && box.Unread > 0:
			d.payload = &events.InboxRead{All: true, UpTo: box.Latest}
		case !req.All:
			d.payload = &events.InboxRead{IDs: req.IDs}
		}
		return d, nil
	})
}

// setEmail sets (or with "" removes) the e-mail address a user's
// notifications are sent to.
func (s *Server) setEmail(c echo.Context) error {
	var req emailRequest
	if err := bindJSON(c, &req, false); err != nil {
		return err
	}
	email := strings.TrimSpace(req.Email)
	if email != "" {
		addr, err := mail.ParseAddress(email)
		if err != nil || addr.Address != email || len(email) > 254 {
			return domain.Invalid("email", "Địa chỉ thư điện tử không hợp lệ (ví dụ: ten@quangnam.gov.vn).")
		}
	}
	id := c.Param("id")
	run, err := s.newCommand(c, func() (decision, error) {
		u, ok := s.cfg.State.User(id)
		if !ok {
			return decision{}, domain.NotFound("tài khoản")
		}
		if s.cfg.State.Email(id) == email {
			return decision{expected: u.Seq}, nil
		}
		return decision{subject: events.Subject(events.AggregateUser, u.Username), expected: u.Seq, payload: &events.UserEmailSet{Email: email}}, nil
	})
	if err != nil {
		return err
	}
	out, err := s.run(c.Request().Context(), run)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, createdResponse{ID: id, Seq: out.seq})
}
