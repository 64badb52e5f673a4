package handlers

import (
	"maps"
	"net/http"

	"github.com/labstack/echo/v4"

	"daotao/domain"
	"daotao/events"
	"daotao/projections"
)

type officialRequest struct {
	FullName                string            `json:"full_name"`
	AgencyCode              string            `json:"agency_code"`
	Group                   int               `json:"group"`
	Category                string            `json:"category"`
	BirthDate               string            `json:"birth_date"`
	Gender                  string            `json:"gender"`
	ServiceStart            string            `json:"service_start"`
	Qualification           string            `json:"qualification"`
	Field                   string            `json:"field"`
	Ratings                 map[string]string `json:"ratings,omitempty"`
	ProbationEnd            string            `json:"probation_end,omitempty"`
	InPlanningPool          bool              `json:"in_planning_pool,omitempty"`
	Discipline              string            `json:"discipline,omitempty"`
	PriorPostgradNomination bool              `json:"prior_postgrad_nomination,omitempty"`
	EthnicMinority          bool              `json:"ethnic_minority,omitempty"`
	TravelBarred            bool              `json:"travel_barred,omitempty"`
}

// command maps the request to the domain command, recording malformed
// dates in p.
func (r officialRequest) command(p domain.Problems) domain.RegisterOfficial {
	return domain.RegisterOfficial{AgencyCode: r.AgencyCode, OfficialProfile: r.profile(p)}
}

func (r officialRequest) profile(p domain.Problems) events.OfficialProfile {
	return events.OfficialProfile{
		FullName: text(r.FullName), Group: r.Group, Category: r.Category,
		BirthDate: parseDate(p, "birth_date", r.BirthDate), Gender: r.Gender,
		ServiceStart: parseDate(p, "service_start", r.ServiceStart), Qualification: r.Qualification, Field: r.Field,
		OfficialFacts: events.OfficialFacts{Ratings: r.Ratings, ProbationEnd: parseDate(p, "probation_end", r.ProbationEnd),
			InPlanningPool: r.InPlanningPool, Discipline: r.Discipline, PriorPostgradNomination: r.PriorPostgradNomination,
			EthnicMinority: r.EthnicMinority, TravelBarred: r.TravelBarred},
	}
}

// requestOf is the request that would register o as it is, the base a
// PATCH is laid over.
func requestOf(o domain.OfficialView) officialRequest {
	return officialRequest{FullName: o.FullName, AgencyCode: o.AgencyCode, Group: o.Group, Category: o.Category,
		BirthDate: o.BirthDate.String(), Gender: o.Gender, ServiceStart: o.ServiceStart.String(), Qualification: o.Qualification,
		Field: o.Field, Ratings: maps.Clone(o.Ratings), ProbationEnd: o.ProbationEnd.String(), InPlanningPool: o.InPlanningPool,
		Discipline: o.Discipline, PriorPostgradNomination: o.PriorPostgradNomination, EthnicMinority: o.EthnicMinority,
		TravelBarred: o.TravelBarred}
}

// updateOfficial changes the fields present in the body (PATCH semantics;
// ratings are merged by year). The agency cannot be changed here.
func (s *Server) updateOfficial(c echo.Context) error {
	o, err := s.visibleOfficial(c)
	if err != nil {
		return err
	}
	req := requestOf(o.View())
	if err := bindJSON(c, &req, false); err != nil {
		return err
	}
	if req.AgencyCode != o.AgencyCode {
		return domain.Invalid("agency_code", "Không đổi được cơ quan, đơn vị của cán bộ bằng thao tác sửa.")
	}
	want, err := ifMatch(c)
	if err != nil {
		return err
	}
	p := domain.Problems{}
	profile := req.profile(p)
	run, err := s.newCommand(c, func() (decision, error) {
		cur, err := s.visibleOfficial(c)
		if err != nil {
			return decision{}, err
		}
		if err := precondition(want, cur.Seq); err != nil {
			return decision{}, err
		}
		ev, err := cur.Update(actorOf(c), profile, s.today())
		return decision{subject: events.Subject(events.AggregateOfficial, cur.OfficialID), expected: cur.Seq, payload: ev}, withProblems(p, err)
	})
	if err != nil {
		return err
	}
	out, err := s.run(c.Request().Context(), run)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, createdResponse{ID: o.OfficialID, Seq: out.seq})
}

func (s *Server) registerOfficial(c echo.Context) error {
	var req officialRequest
	if err := bindJSON(c, &req, false); err != nil {
		return err
	}
	id, seq, err := s.registerOfficialCmd(c, req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, createdResponse{ID: id, Seq: seq})
}

// registerOfficialCmd registers the official described by req for the
// request's actor: shared by the API and the web form.
func (s *Server) registerOfficialCmd(c echo.Context, req officialRequest) (string, uint64, error) {
	p := domain.Problems{}
	cmd := req.command(p)
	id := s.cfg.NewID()
	return s.runCreation(c, id, func() (decision, error) {
		e, err := domain.NewOfficial(id, cmd, actorOf(c), s.today(), s.agencies())
		return decision{subject: events.Subject(events.AggregateOfficial, id), payload: &e}, withProblems(p, err)
	})
}

// visibleOfficial returns the official with the path id if the actor may
// see it; another agency's official is reported as not found.
func (s *Server) visibleOfficial(c echo.Context) (domain.Official, error) {
	o, ok := s.cfg.State.Official(c.Param("id"))
	if !ok || !domain.SeesAgency(actorOf(c), o.AgencyCode) {
		return domain.Official{}, domain.NotFound("cán bộ")
	}
	return o, nil
}

func (s *Server) getOfficial(c echo.Context) error {
	if err := s.awaitRead(c); err != nil {
		return err
	}
	o, err := s.visibleOfficial(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.officialRecord(o)) // official_self.go
}

func (s *Server) listOfficials(c echo.Context) error {
	p := domain.Problems{}
	f := projections.OfficialFilter{Agency: c.QueryParam("agency"), Group: queryInt(c, p, "group", 1, 4), Query: text(c.QueryParam("q"))}
	f.IDs = s.priorityFilter(c, p) // official_self.go
	pg := page(c, p)
	if err := p.Err(); err != nil {
		return err
	}
	if err := s.scopeAgency(c, &f.Agency); err != nil {
		return err
	}
	if err := s.awaitRead(c); err != nil {
		return err
	}
	items, total := s.cfg.State.Officials(f, pg)
	return writeList(c, items, total, pg.Offset, limitOf(pg))
}

// scopeAgency restricts an agency officer's listing to their own agency. An
// explicit filter for another agency is refused.
func (s *Server) scopeAgency(c echo.Context, agency *string) error {
	a := actorOf(c)
	if !domain.Is(a, domain.RoleAgency) {
		return nil
	}
	if *agency != "" && *agency != a.Agency {
		return domain.Forbidden("Bạn chỉ xem được dữ liệu của cơ quan, đơn vị mình.")
	}
	*agency = a.Agency
	return nil
}

func page(c echo.Context, p domain.Problems) projections.Page {
	return projections.Page{Offset: queryInt(c, p, "offset", 0, 1<<30), Limit: queryInt(c, p, "limit", 1, projections.MaxLimit)}
}

func limitOf(pg projections.Page) int {
	if pg.Limit <= 0 {
		return projections.DefaultLimit
	}
	return pg.Limit
}

// awaitRead makes a read see the caller's own writes: it waits (bounded)
// until the projections have applied ?min_seq= and everything this process
// has appended. It returns 400 for a malformed min_seq and 503 when the
// projections do not catch up in time.
func (s *Server) awaitRead(c echo.Context) error {
	p := domain.Problems{}
	want := max(querySeq(c, p, "min_seq"), s.highWater.Load())
	if err := p.Err(); err != nil {
		return err
	}
	if err := s.cfg.State.WaitTimeout(c.Request().Context(), want, s.cfg.WaitLimit); err != nil {
		return &domain.Error{Kind: domain.KindUnavailable, Code: "not_caught_up",
			Message: "Dữ liệu chưa cập nhật tới số thứ tự yêu cầu; hãy thử lại sau giây lát.", Err: err}
	}
	return nil
}
