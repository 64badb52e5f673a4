package handlers

import (
	"log/slog"
	"net/http"

	"github.com/labstack/echo/v4"

	"daotao/domain"
	"daotao/events"
)

// disableUser disables the account with the path id: it can no longer log
// in, and every session it has ends at once. The answer comes after the
// projections have applied user.disabled, which closes the sessions, so
// the account's next request on this replica is refused.
func (s *Server) disableUser(c echo.Context) error {
	var req reasonRequest
	if err := bindJSON(c, &req, false); err != nil {
		return err
	}
	reason := text(req.Reason)
	return s.changeUserStatus(c, secUserDisabled, func(u *domain.User) (events.Payload, error) {
		return u.Disable(actorOf(c), reason)
	})
}

// enableUser lets the disabled account with the path id log in again.
func (s *Server) enableUser(c echo.Context) error {
	if err := bindJSON(c, &struct{}{}, true); err != nil {
		return err
	}
	return s.changeUserStatus(c, secUserEnabled, func(u *domain.User) (events.Payload, error) {
		return u.Enable(actorOf(c))
	})
}

// changeUserStatus runs decide on the account with the path id, appends
// what it decided on the account's subject and logs it in the security
// log. An account already in the state asked for is answered 200 with
// nothing appended.
func (s *Server) changeUserStatus(c echo.Context, msg string, decide func(*domain.User) (events.Payload, error)) error {
	id := c.Param("id")
	var target domain.User
	run, err := s.newCommand(c, func() (decision, error) {
		u, ok := s.cfg.State.User(id)
		if !ok {
			return decision{}, domain.NotFound("tài khoản")
		}
		target = u
		p, err := decide(&u)
		return decision{subject: events.Subject(events.AggregateUser, u.Username), expected: u.Seq, payload: p}, err
	})
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	out, err := s.run(ctx, run)
	if err != nil {
		return err
	}
	if err := s.cfg.State.WaitTimeout(ctx, out.seq, s.cfg.WaitLimit); err != nil {
		return unavailable(err)
	}
	if !out.noop && out.replay == nil {
		s.security(c, slog.LevelWarn, msg, username(actorOf(c).Username), slog.String("target", target.Username),
			slog.String("target_id", target.ID))
	}
	return c.JSON(http.StatusOK, createdResponse{ID: id, Seq: out.seq})
}
