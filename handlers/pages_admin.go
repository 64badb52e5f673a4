package handlers

import (
	"net/http"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"daotao/domain"
	"daotao/projections"
)

type auditPage struct {
	Contents []string
	Filter   projections.NominationFilter
	Agencies []domain.Agency
	List     listing[nominationRow]
}

// auditPage lists every nomination for auditors, each linking to its
// event timeline.
func (s *Server) auditPage(c echo.Context) error {
	pg, sort := webPage(c, projections.NominationSorts)
	if sort == "" {
		sort = "-created"
	}
	f := s.webNominationFilter(c, sort)
	if err := s.awaitRead(c); err != nil {
		return err
	}
	items, total := s.cfg.State.Nominations(f, pg)
	return s.render(c, http.StatusOK, "audit", "Kiểm tra lịch sử hồ sơ", auditPage{Contents: domain.ContentCodes, Filter: f, Agencies: s.agencies().All(),
		List: newListing(c, s.rows(items), total, pg, sort, projections.NominationSorts)})
}

type timelinePage struct {
	N       nominationRow
	History []AuditEntry
}

func (s *Server) timelinePage(c echo.Context) error {
	if err := s.awaitRead(c); err != nil {
		return err
	}
	h, err := s.history(c, c.Param("id"))
	if err != nil {
		return err
	}
	n, _ := s.cfg.State.Nomination(c.Param("id"))
	return s.render(c, http.StatusOK, "timeline", "Lịch sử hồ sơ", timelinePage{N: s.rows([]domain.NominationView{n.View()})[0], History: h})
}

type usersPage struct {
	Users    []UserView
	Roles    []domain.Role
	Agencies []domain.Agency
	Values   createUserRequest
	Errors   map[string]string
}

func (s *Server) usersPage(c echo.Context) error {
	return s.renderUsers(c, http.StatusOK, createUserRequest{Role: string(domain.RoleAgency)}, nil, "")
}

func (s *Server) renderUsers(c echo.Context, status int, vals createUserRequest, errs map[string]string, msg string) error {
	var list []UserView
	for _, u := range s.cfg.State.Users() {
		list = append(list, UserView{ID: u.ID, Username: u.Username, Role: string(u.Role), AgencyCode: u.Agency, Disabled: u.Disabled, Seq: u.Seq})
	}
	slices.SortFunc(list, func(a, b UserView) int { return strings.Compare(a.Username, b.Username) })
	v := s.newView(c, "Tài khoản", usersPage{Users: list, Roles: domain.Roles, Agencies: s.agencies().All(), Values: vals, Errors: errs})
	v.Error = msg
	return s.renderView(c, status, "users", v)
}

func (s *Server) userCreate(c echo.Context) error {
	vals := createUserRequest{Username: strings.TrimSpace(c.FormValue("username")), Password: c.FormValue("password"),
		Role: c.FormValue("role"), AgencyCode: c.FormValue("agency_code"), OfficialID: strings.TrimSpace(c.FormValue("official_id"))}
	if vals.Role != string(domain.RoleAgency) {
		vals.AgencyCode = ""
	}
	if vals.Role != string(domain.RoleOfficial) {
		vals.OfficialID = ""
	}
	cmd := domain.CreateUser{Username: vals.Username, Password: vals.Password, Role: vals.Role, AgencyCode: vals.AgencyCode, OfficialID: vals.OfficialID}
	if _, _, err := s.addUser(c.Request().Context(), actorOf(c), cmd, "", ""); err != nil {
		vals.Password = ""
		return s.formFailed(c, err, func(status int, fields map[string]string, msg string) error {
			return s.renderUsers(c, status, vals, fields, msg)
		})
	}
	return redirectWith(c, "/admin/users", "user")
}

func (s *Server) agenciesPage(c echo.Context) error {
	return s.render(c, http.StatusOK, "agencies", "Cơ quan, đơn vị", s.agencies().All())
}

// rootPage sends each role to where its work starts.
func (s *Server) rootPage(c echo.Context) error {
	return c.Redirect(http.StatusSeeOther, home(domain.Role(actorOf(c).Role)))
}
