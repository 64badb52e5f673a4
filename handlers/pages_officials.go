package handlers

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"daotao/domain"
	"daotao/projections"
)

type officialsPage struct {
	Filter      projections.OfficialFilter
	Agencies    []domain.Agency
	CanRegister bool
	List        listing[domain.OfficialView]
	// Priority marks the officials with priority for a higher level.
	Priority map[string]bool
}

func (s *Server) officialsPage(c echo.Context) error {
	a := actorOf(c)
	pg, sort := webPage(c, projections.OfficialSorts)
	if sort == "" {
		sort = "name"
	}
	group, _ := strconv.Atoi(c.QueryParam("group"))
	f := projections.OfficialFilter{Agency: c.QueryParam("agency"), Group: group, Query: text(c.QueryParam("q")), Sort: sort}
	f.IDs = s.priorityFilter(c, domain.Problems{}) // official_self.go; a bad value is no filter
	if f.Group < 1 || f.Group > 4 {
		f.Group = 0
	}
	if err := s.scopeAgency(c, &f.Agency); err != nil {
		return err
	}
	if err := s.awaitRead(c); err != nil {
		return err
	}
	items, total := s.cfg.State.Officials(f, pg)
	p := officialsPage{Filter: f, CanRegister: domain.Is(a, domain.RoleAgency),
		List: newListing(c, items, total, pg, sort, projections.OfficialSorts), Priority: s.cfg.State.PriorityOfficials()}
	if !domain.Is(a, domain.RoleAgency) {
		p.Agencies = s.agencies().All()
	}
	return s.render(c, http.StatusOK, "officials", "Danh sách cán bộ, công chức, viên chức", p)
}

type officialForm struct {
	Values      officialRequest
	Errors      map[string]string
	Fields      []string
	Quals       []string
	Agency      domain.Agency
	RatingYears []string
	Ratings     []string
}

// ratingYears are the years a registration form asks ratings for: the two
// before this one, which the postgraduate rules look at.
func (s *Server) ratingYears() []string {
	y := s.today().Time().Year()
	return []string{strconv.Itoa(y - 2), strconv.Itoa(y - 1)}
}

func (s *Server) officialNewPage(c echo.Context) error {
	return s.renderOfficialForm(c, http.StatusOK, officialRequest{Group: 3, Category: "cbcc", Discipline: "none"}, nil, "")
}

func (s *Server) renderOfficialForm(c echo.Context, status int, v officialRequest, errs map[string]string, msg string) error {
	ag, _ := s.agencies().Get(actorOf(c).Agency)
	view := s.newView(c, "Đăng ký cán bộ", officialForm{Values: v, Errors: errs, Fields: domain.Fields, Quals: domain.Qualifications, Agency: ag,
		RatingYears: s.ratingYears(), Ratings: domain.Ratings})
	view.Error = msg
	return s.renderView(c, status, "official_new", view)
}

func (s *Server) officialCreate(c echo.Context) error {
	group, _ := strconv.Atoi(c.FormValue("group"))
	req := officialRequest{FullName: c.FormValue("full_name"), AgencyCode: actorOf(c).Agency, Group: group,
		Category: c.FormValue("category"), BirthDate: isoDate(c.FormValue("birth_date")), Gender: c.FormValue("gender"),
		ServiceStart: isoDate(c.FormValue("service_start")), Qualification: c.FormValue("qualification"), Field: c.FormValue("field"),
		ProbationEnd: isoDate(c.FormValue("probation_end")), InPlanningPool: c.FormValue("in_planning_pool") == "true",
		Discipline: c.FormValue("discipline"), PriorPostgradNomination: c.FormValue("prior_postgrad_nomination") == "true",
		EthnicMinority: c.FormValue("ethnic_minority") == "true", TravelBarred: c.FormValue("travel_barred") == "true"}
	for _, y := range s.ratingYears() {
		if r := c.FormValue("rating_" + y); r != "" {
			if req.Ratings == nil {
				req.Ratings = map[string]string{}
			}
			req.Ratings[y] = r
		}
	}
	id, _, err := s.registerOfficialCmd(c, req)
	if err != nil {
		fields, msg := formErrors(err)
		if fields == nil && msg == "" {
			return err
		}
		return s.renderOfficialForm(c, kindStatus[domain.KindOf(err)], req, fields, msg)
	}
	return redirectWith(c, "/officials/"+id, "official")
}

type officialPage struct {
	Official    domain.OfficialView
	Nominations []domain.NominationView
	CanNominate bool
	// Priority are the results giving priority for a higher level.
	Priority []projections.PriorityMark
}

func (s *Server) officialPage(c echo.Context) error {
	if err := s.awaitRead(c); err != nil {
		return err
	}
	o, err := s.visibleOfficial(c)
	if err != nil {
		return err
	}
	noms, _ := s.cfg.State.Nominations(projections.NominationFilter{OfficialID: o.OfficialID, Sort: "-created"}, projections.Page{Limit: projections.MaxLimit})
	return s.render(c, http.StatusOK, "official", o.FullName, officialPage{Official: o.View(), Nominations: noms,
		CanNominate: domain.Is(actorOf(c), domain.RoleAgency), Priority: s.cfg.State.Priority(o.OfficialID)})
}
