package handlers

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"daotao/domain"
	"daotao/events"
)

type createUserRequest struct {
	Username   string `json:"username"`
	Password   string `json:"password"`
	Role       string `json:"role"`
	AgencyCode string `json:"agency_code"`
	// OfficialID links an account of role official to its official.
	OfficialID string `json:"official_id,omitempty"`
}

type createdResponse struct {
	ID     string `json:"id"`
	Seq    uint64 `json:"seq"`
	Status string `json:"status,omitempty"`
}

// UserView is an account as the API shows it; never its password hash.
type UserView struct {
	ID         string `json:"id"`
	Username   string `json:"username"`
	Role       string `json:"role"`
	AgencyCode string `json:"agency_code,omitempty"`
	OfficialID string `json:"official_id,omitempty"`
	Disabled   bool   `json:"disabled"`
	Seq        uint64 `json:"seq"`
}

func (s *Server) createUser(c echo.Context) error {
	var req createUserRequest
	if err := bindJSON(c, &req, false); err != nil {
		return err
	}
	out, id, err := s.addUser(c.Request().Context(), actorOf(c), domain.CreateUser{
		Username: strings.TrimSpace(req.Username), Password: req.Password, Role: req.Role, AgencyCode: req.AgencyCode,
		OfficialID: strings.TrimSpace(req.OfficialID),
	}, c.Request().Header.Get("Idempotency-Key"), requestHash(c))
	if err != nil {
		return err
	}
	if out.replay != nil {
		id = userIDOf(s, out.replay.AggregateID)
	}
	return c.JSON(http.StatusCreated, createdResponse{ID: id, Seq: out.seq})
}

func userIDOf(s *Server, username string) string {
	u, _ := s.cfg.State.UserByName(username)
	return u.ID
}

// AddUser validates cmd, hashes its password and records the account, for
// the command line and demo data. It returns the user's id and the event's
// sequence, a KindInvalid error naming the fields at fault, or a
// KindConflict error when the username is taken.
func (s *Server) AddUser(ctx context.Context, actor events.Actor, cmd domain.CreateUser) (string, uint64, error) {
	out, id, err := s.addUser(ctx, actor, cmd, "", "")
	return id, out.seq, err
}

func (s *Server) addUser(ctx context.Context, actor events.Actor, cmd domain.CreateUser, key, hash string) (outcome, string, error) {
	if err := domain.ValidateUser(cmd, actor, s.agencies()); err != nil {
		return outcome{}, "", err
	}
	if rec, ok := s.cfg.State.Idempotency(actor.UserID, key); key != "" && ok && rec.RequestHash == hash {
		return outcome{seq: rec.Seq, replay: &rec}, "", nil
	}
	pwHash, err := s.cfg.Hasher.Hash(cmd.Password)
	if err != nil {
		return outcome{}, "", err
	}
	id := s.cfg.NewID()
	subject := events.Subject(events.AggregateUser, cmd.Username)
	out, err := s.run(ctx, command{actor: actor, key: key, hash: hash, decide: func() (decision, error) {
		if _, taken := s.cfg.State.UserByName(cmd.Username); taken {
			return decision{}, usernameTaken()
		}
		// Decided on state caught up with this process's own writes, so an
		// account just created for the official is seen.
		if err := s.checkOfficialLink(cmd); err != nil {
			return decision{}, err
		}
		u := domain.NewUser(id, cmd, pwHash)
		return decision{subject: subject, payload: &u}, nil
	}})
	if errors.Is(err, domain.ErrConflict) {
		return out, "", usernameTaken()
	}
	return out, id, err
}

func usernameTaken() error {
	return &domain.Error{Kind: domain.KindConflict, Code: "username_taken", Message: "Tên đăng nhập đã có người dùng.",
		Fields: map[string]string{"username": "Đã có tài khoản với tên này."}}
}

func (s *Server) listUsers(c echo.Context) error {
	users := s.cfg.State.Users()
	out := make([]UserView, 0, len(users))
	for _, u := range users {
		out = append(out, UserView{ID: u.ID, Username: u.Username, Role: string(u.Role), AgencyCode: u.Agency, OfficialID: u.OfficialID, Disabled: u.Disabled, Seq: u.Seq})
	}
	slices.SortFunc(out, func(a, b UserView) int { return strings.Compare(a.Username, b.Username) })
	return writeList(c, out, len(out), 0, len(out))
}

type meResponse struct {
	UserView
	RoleLabel  string `json:"role_label"`
	AgencyName string `json:"agency_name,omitempty"`
	// ActingFor names the user this request acts for (X-Act-For), whose
	// role and agency apply to it.
	ActingFor string `json:"acting_for,omitempty"`
}

func (s *Server) me(c echo.Context) error {
	a := actorOf(c)
	u, _ := s.cfg.State.User(a.UserID)
	ag, _ := s.agencies().Get(u.Agency)
	return c.JSON(http.StatusOK, meResponse{
		UserView:  UserView{ID: u.ID, Username: u.Username, Role: string(u.Role), AgencyCode: u.Agency, OfficialID: u.OfficialID, Seq: u.Seq},
		RoleLabel: u.Role.Label(), AgencyName: ag.Name, ActingFor: actingFor(a),
	})
}

func (s *Server) listAgencies(c echo.Context) error {
	all := s.agencies().All()
	return writeList(c, all, len(all), 0, len(all))
}
