package handlers

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"daotao/domain"
	"daotao/domain/planning"
	"daotao/domain/programme"
	"daotao/events"
)

// Agencies' training needs and the focus-field lists of yearly planning
// (planning.go holds the plan itself).

// needsRequest is the body of POST /api/v1/needs/{year}/{agency}: a whole
// new version of the agency's needs.
type needsRequest struct {
	Lines         []events.NeedLine       `json:"lines"`
	Postgraduate  []events.NeedCandidates `json:"postgraduate"`
	Justification string                  `json:"justification"`
}

type focusRequest struct {
	Items        []events.FocusItem `json:"items"`
	DecisionNo   string             `json:"decision_no"`
	DecisionDate string             `json:"decision_date"`
}

// NeedView is one agency's needs with the focus flags of its latest
// version: the indexes of its lines outside its bloc's focus-field list.
type NeedView struct {
	*planning.Need
	AgencyName string `json:"agency_name"`
	OutOfFocus []int  `json:"out_of_focus_lines,omitempty"`
}

func needSubject(year int, agency string) string {
	return events.Subject(events.AggregateNeed, planning.NeedID(year, agency))
}

func needID(c echo.Context, year int) string { return planning.NeedID(year, c.Param("agency")) }

func focusID(c echo.Context, year int) string { return planning.FocusID(year, c.Param("bloc")) }

// needAgency returns the agency of the :agency parameter, or 404 when it
// is unknown or outside what the actor may see: an agency officer sees its
// own needs (Ban Tổ chức Tỉnh ủy also its bloc's); the other roles all.
func (s *Server) needAgency(c echo.Context, doc *programme.Document) (programme.Agency, error) {
	a, ok := doc.Agency(c.Param("agency"))
	actor := actorOf(c)
	if !ok || domain.Is(actor, domain.RoleAgency) && !planning.MayActFor(actor, a) {
		return programme.Agency{}, domain.NotFound("nhu cầu của cơ quan, đơn vị này")
	}
	return a, nil
}

func (s *Server) needView(n *planning.Need, doc *programme.Document, year int) NeedView {
	a, _ := doc.Agency(n.AgencyCode)
	v := NeedView{Need: n, AgencyName: a.Name}
	if last, ok := n.Latest(); ok {
		list := s.cfg.State.FocusList(year, planning.BlocOf(a))
		for i, l := range last.Lines {
			if !list.Covers(l.ContentCode) {
				v.OutOfFocus = append(v.OutOfFocus, i)
			}
		}
	}
	return v
}

// yearRead returns the required ?year= of a planning read, once the
// projections have caught up with the caller's writes.
func (s *Server) yearRead(c echo.Context) (int, error) {
	p := domain.Problems{}
	year := queryInt(c, p, "year", planning.FirstYear, planning.LastYear)
	if year == 0 {
		p.Add("year", "Cần năm (year) từ 2024 đến 2030.")
	}
	if err := p.Err(); err != nil {
		return 0, err
	}
	return year, s.awaitRead(c)
}

func (s *Server) listNeeds(c echo.Context) error {
	year, err := s.yearRead(c)
	if err != nil {
		return err
	}
	doc, err := s.planDoc(c, year)
	if err != nil {
		return err
	}
	actor := actorOf(c)
	out := []NeedView{}
	for _, n := range s.cfg.State.Needs(year) {
		a, _ := doc.Agency(n.AgencyCode)
		if domain.Is(actor, domain.RoleAgency) && !planning.MayActFor(actor, a) {
			continue
		}
		out = append(out, s.needView(n, doc, year))
	}
	return c.JSON(http.StatusOK, out)
}

// needOfPath reads the needs of the path's year and agency, as the actor
// may see them (404 for another agency's), with the reference data of the
// year; the need is empty (Seq 0) when none was submitted.
func (s *Server) needOfPath(c echo.Context) (int, *programme.Document, programme.Agency, *planning.Need, error) {
	year, err := pathYear(c)
	if err != nil {
		return 0, nil, programme.Agency{}, nil, err
	}
	if err := s.awaitRead(c); err != nil {
		return 0, nil, programme.Agency{}, nil, err
	}
	doc, err := s.planDoc(c, year)
	if err != nil {
		return 0, nil, programme.Agency{}, nil, err
	}
	a, err := s.needAgency(c, doc)
	if err != nil {
		return 0, nil, programme.Agency{}, nil, err
	}
	return year, doc, a, s.cfg.State.Need(year, a.Code), nil
}

func (s *Server) getNeed(c echo.Context) error {
	year, doc, a, n, err := s.needOfPath(c)
	if err != nil {
		return err
	}
	if n.Seq == 0 {
		return domain.NotFound("nhu cầu năm " + strconv.Itoa(year) + " của " + a.Name)
	}
	c.Response().Header().Set("ETag", `"`+strconv.FormatUint(n.Seq, 10)+`"`)
	return c.JSON(http.StatusOK, s.needView(n, doc, year))
}

func (s *Server) submitNeedsCmd(c echo.Context, year int, req needsRequest) (uint64, error) {
	agency := c.Param("agency")
	doc, err := s.planDoc(c, year)
	if err != nil {
		return 0, err
	}
	want, err := ifMatch(c)
	if err != nil {
		return 0, err
	}
	cmd := planning.SubmitNeeds{Year: year, AgencyCode: agency, Lines: req.Lines, Postgraduate: req.Postgraduate, Justification: text(req.Justification)}
	return s.runDecision(c, func() (decision, error) {
		n := s.cfg.State.Need(year, agency)
		if err := precondition(want, n.Seq); err != nil {
			return decision{}, err
		}
		e, err := planning.Submit(n, cmd, s.cfg.State.Plan(year), doc, s.today(), actorOf(c))
		return decision{subject: needSubject(year, agency), expected: n.Seq, payload: &e}, err
	})
}

func (s *Server) returnNeedsCmd(c echo.Context, year int, req versionRequest) (uint64, error) {
	agency := c.Param("agency")
	doc, err := s.planDoc(c, year)
	if err != nil {
		return 0, err
	}
	if _, ok := doc.Agency(agency); !ok {
		return 0, domain.NotFound("cơ quan, đơn vị này")
	}
	// Among agency officers only Ban Tổ chức Tỉnh ủy's review needs (of
	// its bloc): for the others there are none to review.
	if a := actorOf(c); domain.Is(a, domain.RoleAgency) && a.Agency != planning.PartyBoard {
		return 0, domain.NotFound("nhu cầu thuộc khối do cơ quan, đơn vị bạn tổng hợp")
	}
	return s.runDecision(c, func() (decision, error) {
		n := s.cfg.State.Need(year, agency)
		if n.Seq == 0 {
			return decision{}, domain.NotFound("nhu cầu năm " + strconv.Itoa(year) + " của cơ quan, đơn vị này")
		}
		if a, _ := doc.Agency(agency); domain.Is(actorOf(c), domain.RoleAgency) && !planning.MayActFor(actorOf(c), a) {
			return decision{}, domain.NotFound("nhu cầu của cơ quan, đơn vị này")
		}
		e, err := planning.Return(n, req.Version, text(req.Reason), doc, actorOf(c))
		return decision{subject: needSubject(year, agency), expected: n.Seq, payload: &e}, err
	})
}

// FocusView is a focus-field list as the API shows it.
type FocusView struct {
	*planning.FocusList
	Current *planning.FocusIssued `json:"current,omitempty"`
}

func (s *Server) listFocus(c echo.Context) error {
	year, err := s.yearRead(c)
	if err != nil {
		return err
	}
	out := []FocusView{}
	for _, f := range s.cfg.State.FocusLists(year) {
		v := FocusView{FocusList: f}
		if cur, ok := f.Current(); ok {
			v.Current = &cur
		}
		out = append(out, v)
	}
	return c.JSON(http.StatusOK, out)
}

func (s *Server) publishFocusCmd(c echo.Context, year int, req focusRequest) (uint64, error) {
	bloc := c.Param("bloc")
	if bloc != planning.BlocGovernment && bloc != planning.BlocParty {
		return 0, domain.NotFound("khối " + strconv.Quote(bloc))
	}
	// An agency's officer other than Ban Tổ chức Tỉnh ủy's has no list to
	// publish: as for another agency's record, there is none to find.
	if a := actorOf(c); domain.Is(a, domain.RoleAgency) && (a.Agency != planning.PartyBoard || bloc != planning.BlocParty) {
		return 0, domain.NotFound("danh mục lĩnh vực do cơ quan, đơn vị bạn ban hành")
	}
	doc, err := s.planDoc(c, year)
	if err != nil {
		return 0, err
	}
	p := domain.Problems{}
	day := parseDate(p, "decision_date", req.DecisionDate)
	return s.runDecision(c, func() (decision, error) {
		f := s.cfg.State.FocusList(year, bloc)
		e, err := planning.PublishFocus(f, year, bloc, req.Items, text(req.DecisionNo), day, doc, actorOf(c))
		if len(p) > 0 {
			return decision{}, withProblems(p, err)
		}
		return decision{subject: events.Subject(events.AggregateFocus, planning.FocusID(year, bloc)), expected: f.Seq, payload: &e}, err
	})
}

// outOfFocus returns why nomination n lies outside the focus-field list of
// its year and its agency's bloc (its Phụ lục I content, or its quota's
// field of study, not on the list), or "" when it does not, or no list was
// issued for that year and bloc.
func (s *Server) outOfFocus(c echo.Context, n domain.NominationView) string {
	day := n.StartDate
	if day.IsZero() {
		day = events.DateOf(n.CreatedAt, domain.Zone)
	}
	year := day.Time().Year()
	if year < planning.FirstYear || year > planning.LastYear {
		return ""
	}
	doc, err := s.planDoc(c, year)
	if err != nil {
		return ""
	}
	agency, _ := doc.Agency(n.AgencyCode)
	list := s.cfg.State.FocusList(year, planning.BlocOf(agency))
	cur, ok := list.Current()
	if !ok {
		return ""
	}
	code := n.ContentCode
	if n.Kind == domain.KindPostgraduate {
		q, _ := doc.Quota(n.QuotaID)
		code = q.StudyField
	}
	if code == "" || list.Covers(code) {
		return ""
	}
	return "Ngoài danh mục lĩnh vực tập trung đào tạo, bồi dưỡng năm " + strconv.Itoa(year) + " (văn bản số " + cur.DecisionNo + ")."
}
