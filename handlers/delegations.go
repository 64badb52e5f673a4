package handlers

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"daotao/domain"
	"daotao/events"
)

// Delegation (issue 5): grants and revocations are events on the
// delegator's subject; a delegate acts for a delegator by sending
// X-Act-For: <username> (API) or by switching in the page header (a
// cookie), and the server checks an active grant on every request.

// actForHeader names the user an API request acts for.
const actForHeader = "X-Act-For"

// actForCookie holds the user the browser acts for.
const actForCookie = "daotao_act_for"

// actingActor returns the actor of a request by user: their own, or,
// when the request asks to act for someone (name), the delegate acting in
// the delegator's role and agency. An ask without an active grant is
// refused (403).
func (s *Server) actingActor(c echo.Context, user domain.User, name string) (events.Actor, error) {
	name = strings.TrimSpace(name)
	if name == "" || name == user.Username {
		return user.Actor(), nil
	}
	// A grant revoked a moment ago, here or on another replica, must not
	// be honoured: catch up with the store first (acting is rare).
	s.catchUpStore(c.Request().Context())
	delegator, ok := s.cfg.State.UserByName(name)
	if !ok {
		return events.Actor{}, domain.Forbidden("Bạn không có ủy quyền còn hiệu lực để làm thay " + name + ".")
	}
	now := s.now()
	g, _ := s.cfg.State.ActiveGrant(user.ID, delegator.ID, now)
	return domain.ActingFor(user, delegator, g, now)
}

type delegationRequest struct {
	// Delegator is the username who lets another act for them; default
	// the caller (an admin may name anyone).
	Delegator string `json:"delegator,omitempty"`
	Delegate  string `json:"delegate"`
	// From and Until are RFC 3339 times or dates (YYYY-MM-DD or
	// dd/mm/yyyy; a date From starts at 00:00 and a date Until ends at
	// 24:00, Asia/Ho_Chi_Minh).
	From   string `json:"from"`
	Until  string `json:"until"`
	Reason string `json:"reason,omitempty"`
}

// GrantView is a grant as the API shows it.
type GrantView struct {
	domain.Grant
	Active bool `json:"active"`
}

func (s *Server) grantDelegation(c echo.Context) error {
	var req delegationRequest
	if err := bindJSON(c, &req, false); err != nil {
		return err
	}
	id, seq, err := s.grantCmd(c, req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, createdResponse{ID: id, Seq: seq})
}

// grantCmd records a grant: shared by the API and the page.
func (s *Server) grantCmd(c echo.Context, req delegationRequest) (string, uint64, error) {
	p := domain.Problems{}
	from := parseInstant(p, "from", req.From, false)
	until := parseInstant(p, "until", req.Until, true)
	actor := actorOf(c)
	name := strings.TrimSpace(req.Delegator)
	if name == "" {
		name = actor.Username
	}
	id := s.cfg.NewID()
	var subject string
	seq, err := s.runDecision(c, func() (decision, error) {
		var delegator, delegate *domain.User
		if u, ok := s.cfg.State.UserByName(name); ok {
			delegator = &u
		}
		if u, ok := s.cfg.State.UserByName(strings.TrimSpace(req.Delegate)); ok {
			delegate = &u
		}
		if delegator == nil {
			return decision{}, withProblems(p, domain.Invalid("delegator", "Không có tài khoản này."))
		}
		d := s.cfg.State.Delegations(delegator.ID)
		e, err := d.Grant(id, actor, delegator, delegate, domain.GrantDelegation{From: from, Until: until, Reason: req.Reason}, s.now())
		if err == nil && len(p) > 0 {
			err = p.Err()
		}
		subject = events.Subject(events.AggregateDelegation, delegator.ID)
		return decision{subject: subject, expected: d.Seq(), payload: &e}, withProblems(p, err)
	})
	if err != nil {
		return "", 0, err
	}
	return id, seq, nil
}

// parseInstant reads an RFC 3339 time or a date; a date ends at 24:00
// when end is set.
func parseInstant(p domain.Problems, field, v string, end bool) time.Time {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t
	}
	d, err := events.ParseDate(isoDate(v))
	if err != nil {
		p.Add(field, "Thời điểm phải có dạng RFC 3339 (2026-01-05T08:00:00+07:00) hoặc ngày dd/mm/yyyy.")
		return time.Time{}
	}
	t := time.Date(d.Time().Year(), d.Time().Month(), d.Time().Day(), 0, 0, 0, 0, domain.Zone)
	if end {
		t = t.AddDate(0, 0, 1)
	}
	return t
}

func (s *Server) revokeDelegation(c echo.Context) error {
	var req reasonRequest
	if err := bindJSON(c, &req, true); err != nil {
		return err
	}
	seq, err := s.revokeCmd(c, c.Param("id"), req.Reason)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, createdResponse{ID: c.Param("id"), Seq: seq})
}

func (s *Server) revokeCmd(c echo.Context, id, reason string) (uint64, error) {
	actor := actorOf(c)
	return s.runDecision(c, func() (decision, error) {
		g, ok := s.findGrant(id)
		if !ok {
			return decision{}, domain.NotFound("ủy quyền")
		}
		d := s.cfg.State.Delegations(g.DelegatorID)
		e, err := d.Revoke(actor, id, text(reason), s.now())
		return decision{subject: events.Subject(events.AggregateDelegation, g.DelegatorID), expected: d.Seq(), payload: &e}, err
	})
}

func (s *Server) findGrant(id string) (domain.Grant, bool) {
	for _, g := range s.cfg.State.AllGrants() {
		if g.ID == id {
			return g, true
		}
	}
	return domain.Grant{}, false
}

// visibleGrants lists the grants the actor may see, newest first: an
// admin every grant, anyone else those they made or received. With
// active only those active now.
func (s *Server) visibleGrants(a events.Actor, active bool) []GrantView {
	var all []domain.Grant
	if domain.Is(a, domain.RoleAdmin) && a.OnBehalfOf == nil {
		all = s.cfg.State.AllGrants()
	} else {
		made, received := s.cfg.State.GrantsOf(a.UserID)
		all = append(made, received...)
	}
	now := s.now()
	out := make([]GrantView, 0, len(all))
	for _, g := range all {
		if !active || g.ActiveAt(now) {
			out = append(out, GrantView{Grant: g, Active: g.ActiveAt(now)})
		}
	}
	slices.SortFunc(out, func(x, y GrantView) int {
		if c := y.GrantedAt.Compare(x.GrantedAt); c != 0 {
			return c
		}
		return strings.Compare(y.ID, x.ID)
	})
	return out
}

func (s *Server) listDelegations(c echo.Context) error {
	p := domain.Problems{}
	active := false
	switch c.QueryParam("active") {
	case "", "false":
	case "true":
		active = true
	default:
		p.Add("active", `Giá trị "true" hoặc "false".`)
	}
	pg := page(c, p)
	if err := p.Err(); err != nil {
		return err
	}
	if err := s.awaitRead(c); err != nil {
		return err
	}
	all := s.visibleGrants(actorOf(c), active)
	lo := min(max(pg.Offset, 0), len(all))
	hi := min(lo+limitOf(pg), len(all))
	return writeList(c, all[lo:hi], len(all), pg.Offset, limitOf(pg))
}

// actForValue is the user a browser acts for (its cookie), if any.
func actForValue(c echo.Context) string {
	if ck, err := c.Cookie(actForCookie); err == nil {
		return ck.Value
	}
	return ""
}

// actingFor is the username a acts for, if any.
func actingFor(a events.Actor) string {
	if a.OnBehalfOf != nil {
		return a.OnBehalfOf.Username
	}
	return ""
}
