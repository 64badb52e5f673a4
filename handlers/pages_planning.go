package handlers

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"daotao/domain"
	"daotao/domain/planning"
	"daotao/domain/programme"
	"daotao/events"
)

// plansPage lists the years' plans; Sở Nội vụ opens a round from it.
type plansPage struct {
	Plans   []PlanView
	CanOpen bool
	Values  map[string]string
	Errors  map[string]string
}

func (s *Server) plansPage(c echo.Context) error {
	return s.renderPlans(c, http.StatusOK, map[string]string{}, nil, "")
}

func (s *Server) renderPlans(c echo.Context, status int, vals, errs map[string]string, msg string) error {
	if err := s.awaitRead(c); err != nil {
		return err
	}
	d := plansPage{CanOpen: domain.Is(actorOf(c), domain.RoleHomeAffairs), Values: vals, Errors: errs}
	for _, p := range s.cfg.State.Plans() {
		d.Plans = append(d.Plans, PlanView{Plan: p, StatusLabel: planning.PlanStatusLabel(p.Status)})
	}
	v := s.newView(c, "Kế hoạch đào tạo, bồi dưỡng hằng năm", d)
	v.Error = msg
	return s.renderView(c, status, "plans", v)
}

func (s *Server) planRoundSubmit(c echo.Context) error {
	vals := map[string]string{"year": c.FormValue("year"), "needs_due": c.FormValue("needs_due")}
	year, err := strconv.Atoi(vals["year"])
	if err != nil || year < planning.FirstYear || year > planning.LastYear {
		return s.renderPlans(c, http.StatusBadRequest, vals, map[string]string{"year": "Năm phải từ 2024 đến 2030."}, "Dữ liệu không hợp lệ; xem từng trường.")
	}
	if _, err := s.openRoundCmd(c, year, roundRequest{NeedsDue: isoDate(vals["needs_due"])}); err != nil {
		return s.formFailed(c, err, func(status int, fields map[string]string, msg string) error {
			return s.renderPlans(c, status, vals, fields, msg)
		})
	}
	return redirectWith(c, "/plans/"+strconv.Itoa(year), "planround")
}

// planPage is one year's plan with its check and the actions of the
// actor's role.
type planPage struct {
	PlanView
	Lines      []events.PlanLine
	InForce    []events.PlanLine
	Needs      []NeedView
	Columns    string
	Text       string
	Reason     string
	Errors     map[string]string
	CanDraft   bool
	CanSubmit  bool
	CanAgree   bool
	CanReturn  bool
	CanApprove bool
	Agencies   map[string]string
}

func (s *Server) planPage(c echo.Context) error {
	return s.renderPlan(c, http.StatusOK, nil, "", nil, "")
}

func (s *Server) renderPlan(c echo.Context, status int, text *string, reason string, errs map[string]string, msg string) error {
	year, err := pathYear(c)
	if err != nil {
		return err
	}
	if err := s.awaitRead(c); err != nil {
		return err
	}
	pv, err := s.planView(c, year)
	if err != nil {
		return err
	}
	if pv.Status == planning.PlanNone {
		return domain.NotFound("kế hoạch năm " + strconv.Itoa(year))
	}
	doc, _ := s.planDoc(c, year)
	a := actorOf(c)
	d := planPage{PlanView: pv, Columns: planColumns, Reason: reason, Errors: errs, Agencies: agencyNames(doc)}
	// What the plan lacks first; the rest in the catalogue's order.
	d.Check.Findings = slices.Clone(d.Check.Findings)
	slices.SortStableFunc(d.Check.Findings, func(a, b planning.Finding) int {
		switch {
		case a.OK == b.OK:
			return 0
		case !a.OK:
			return -1
		}
		return 1
	})
	if v, ok := pv.Latest(); ok {
		d.Lines = v.Lines
	}
	if v, ok := pv.InForce(); ok && v.Version != len(pv.Versions) {
		d.InForce = v.Lines
	}
	d.Text = formatPlanLines(d.Lines)
	if text != nil {
		d.Text = *text
	}
	for _, n := range s.cfg.State.Needs(year) {
		d.Needs = append(d.Needs, s.needView(n, doc, year))
	}
	st := pv.Status
	isHA := domain.Is(a, domain.RoleHomeAffairs)
	d.CanDraft = isHA && st != planning.PlanSubmitted && st != planning.PlanCouncilAgreed
	d.CanSubmit = isHA && st == planning.PlanDraft
	d.CanAgree = domain.Is(a, domain.RoleCouncil) && st == planning.PlanSubmitted
	d.CanReturn = d.CanAgree || domain.Is(a, domain.RoleProvince) && st == planning.PlanCouncilAgreed
	d.CanApprove = domain.Is(a, domain.RoleProvince) && st == planning.PlanCouncilAgreed
	v := s.newView(c, "Kế hoạch đào tạo, bồi dưỡng năm "+strconv.Itoa(year), d)
	v.Error = msg
	return s.renderView(c, status, "plan", v)
}

func agencyNames(doc *programme.Document) map[string]string {
	out := map[string]string{}
	if doc == nil {
		return out
	}
	for _, a := range doc.Agencies {
		out[a.Code] = a.Name
	}
	return out
}

func (s *Server) planDraftSubmit(c echo.Context) error {
	year, err := pathYear(c)
	if err != nil {
		return err
	}
	text, reason := c.FormValue("lines"), c.FormValue("reason")
	if _, err := s.draftPlanCmd(c, year, planDraftRequest{Lines: parsePlanLines(text), Reason: reason}); err != nil {
		return s.formFailed(c, err, func(status int, fields map[string]string, msg string) error {
			return s.renderPlan(c, status, &text, reason, rowErrors(fields, "lines", "lines"), msg)
		})
	}
	return redirectWith(c, "/plans/"+strconv.Itoa(year), "plandraft")
}

// planActionSubmit runs submit, agree, return or approve from the plan page.
func (s *Server) planActionSubmit(action string) echo.HandlerFunc {
	return func(c echo.Context) error {
		year, err := pathYear(c)
		if err != nil {
			return err
		}
		version, _ := strconv.Atoi(c.FormValue("version"))
		if action == "approve" {
			_, err = s.approvePlanCmd(c, year, planApproveRequest{Version: version, DecisionNo: c.FormValue("decision_no"), DecisionDate: isoDate(c.FormValue("decision_date"))})
		} else {
			_, err = s.planAction(c, year, action, versionRequest{Version: version, Reason: c.FormValue("reason"), Comment: c.FormValue("comment")})
		}
		if err != nil {
			return s.formFailed(c, err, func(status int, fields map[string]string, msg string) error {
				return s.renderPlan(c, status, nil, "", fields, msg)
			})
		}
		return redirectWith(c, "/plans/"+strconv.Itoa(year), "plan"+action)
	}
}

// needsPage lists the needs of a year that the actor may see, and links to
// the actor's own agency's form.
type needsPage struct {
	Year     int
	Years    []int
	Plan     *planning.Plan
	Needs    []NeedView
	Own      []programme.Agency // agencies whose needs the actor submits
	Agencies map[string]string
}

func (s *Server) needsPage(c echo.Context) error {
	p := domain.Problems{}
	year := queryInt(c, p, "year", planning.FirstYear, planning.LastYear)
	if err := p.Err(); err != nil {
		return err
	}
	if year == 0 {
		year = s.today().Time().Year() + 1
		if year > planning.LastYear {
			year = planning.LastYear
		}
	}
	if err := s.awaitRead(c); err != nil {
		return err
	}
	doc, err := s.planDoc(c, year)
	if err != nil {
		return err
	}
	a := actorOf(c)
	d := needsPage{Year: year, Plan: s.cfg.State.Plan(year), Agencies: agencyNames(doc)}
	for y := planning.FirstYear; y <= planning.LastYear; y++ {
		d.Years = append(d.Years, y)
	}
	for _, n := range s.cfg.State.Needs(year) {
		ag, _ := doc.Agency(n.AgencyCode)
		if domain.Is(a, domain.RoleAgency) && !planning.MayActFor(a, ag) {
			continue
		}
		d.Needs = append(d.Needs, s.needView(n, doc, year))
	}
	if domain.Is(a, domain.RoleAgency) {
		for _, ag := range doc.Agencies {
			if planning.MayActFor(a, ag) {
				d.Own = append(d.Own, ag)
			}
		}
	}
	return s.render(c, http.StatusOK, "needs", "Nhu cầu đào tạo, bồi dưỡng năm "+strconv.Itoa(year), d)
}

// needPage is one agency's needs for a year: its versions, the form for a
// new version (the agency) and the return form (the reviewer).
type needPage struct {
	NeedView
	Year        int
	Agency      programme.Agency
	Plan        *planning.Plan
	CanSubmit   bool
	CanReturn   bool
	Lines       string
	Candidates  string
	Justify     string
	NeedColumns string
	CandColumns string
	Errors      map[string]string
	Quotas      []programme.Quota
}

func (s *Server) needPage(c echo.Context) error {
	return s.renderNeed(c, http.StatusOK, nil, nil, "")
}

func (s *Server) renderNeed(c echo.Context, status int, form map[string]string, errs map[string]string, msg string) error {
	year, doc, ag, n, err := s.needOfPath(c)
	if err != nil {
		return err
	}
	a := actorOf(c)
	plan := s.cfg.State.Plan(year)
	d := needPage{NeedView: s.needView(n, doc, year), Year: year, Agency: ag, Plan: plan, Errors: errs,
		NeedColumns: needColumns, CandColumns: candColumns, Quotas: doc.QuotasFor(ag.Code)}
	d.CanSubmit = planning.MayActFor(a, ag) && plan.Status != planning.PlanNone && !plan.Locked()
	d.CanReturn = planning.MayReview(a, ag) && n.Status == planning.NeedSubmitted
	if last, ok := n.Latest(); ok {
		d.Lines, d.Candidates, d.Justify = formatNeedLines(last.Lines), formatCandidates(last.Postgraduate), last.Justification
	}
	if form != nil {
		d.Lines, d.Candidates, d.Justify = form["lines"], form["postgraduate"], form["justification"]
	}
	if !d.CanSubmit && !d.CanReturn && n.Seq == 0 {
		return domain.NotFound("nhu cầu năm " + strconv.Itoa(year) + " của " + ag.Name)
	}
	v := s.newView(c, "Nhu cầu năm "+strconv.Itoa(year)+" — "+ag.Name, d)
	v.Error = msg
	return s.renderView(c, status, "need", v)
}

func (s *Server) needSubmit(c echo.Context) error {
	year, err := pathYear(c)
	if err != nil {
		return err
	}
	form := map[string]string{"lines": c.FormValue("lines"), "postgraduate": c.FormValue("postgraduate"), "justification": c.FormValue("justification")}
	req := needsRequest{Lines: parseNeedLines(form["lines"]), Postgraduate: parseCandidates(form["postgraduate"]), Justification: form["justification"]}
	if _, err := s.submitNeedsCmd(c, year, req); err != nil {
		return s.formFailed(c, err, func(status int, fields map[string]string, msg string) error {
			errs := rowErrors(fields, "lines", "lines")
			for k, v := range rowErrors(fields, "postgraduate", "postgraduate") {
				if _, ok := errs[k]; !ok || k == "postgraduate" {
					errs[k] = v
				}
			}
			return s.renderNeed(c, status, form, errs, msg)
		})
	}
	return redirectWith(c, "/needs/"+strconv.Itoa(year)+"/"+c.Param("agency"), "needs")
}

func (s *Server) needReturnSubmit(c echo.Context) error {
	year, err := pathYear(c)
	if err != nil {
		return err
	}
	version, _ := strconv.Atoi(c.FormValue("version"))
	if _, err := s.returnNeedsCmd(c, year, versionRequest{Version: version, Reason: c.FormValue("reason")}); err != nil {
		return s.formFailed(c, err, func(status int, fields map[string]string, msg string) error {
			return s.renderNeed(c, status, nil, fields, msg)
		})
	}
	return redirectWith(c, "/needs/"+strconv.Itoa(year)+"/"+c.Param("agency"), "needsreturn")
}

// focusPage shows the focus-field lists of a year and the publication form
// of the bloc the actor issues.
type focusPage struct {
	Year   int
	Years  []int
	Lists  []FocusView
	Bloc   string // the bloc the actor may publish, or ""
	Values map[string]string
	Errors map[string]string
}

func (s *Server) focusPage(c echo.Context) error {
	return s.renderFocus(c, http.StatusOK, map[string]string{}, nil, "")
}

func (s *Server) renderFocus(c echo.Context, status int, vals, errs map[string]string, msg string) error {
	p := domain.Problems{}
	year := queryInt(c, p, "year", planning.FirstYear, planning.LastYear)
	if y, err := strconv.Atoi(c.Param("year")); err == nil {
		year = y
	}
	if err := p.Err(); err != nil {
		return err
	}
	if year == 0 {
		year = min(s.today().Time().Year(), planning.LastYear)
	}
	if err := s.awaitRead(c); err != nil {
		return err
	}
	d := focusPage{Year: year, Values: vals, Errors: errs}
	for y := planning.FirstYear; y <= planning.LastYear; y++ {
		d.Years = append(d.Years, y)
	}
	for _, f := range s.cfg.State.FocusLists(year) {
		v := FocusView{FocusList: f}
		if cur, ok := f.Current(); ok {
			v.Current = &cur
		}
		d.Lists = append(d.Lists, v)
	}
	a := actorOf(c)
	switch {
	case domain.Is(a, domain.RoleHomeAffairs):
		d.Bloc = planning.BlocGovernment
	case domain.Is(a, domain.RoleAgency) && a.Agency == planning.PartyBoard:
		d.Bloc = planning.BlocParty
	}
	v := s.newView(c, "Danh mục lĩnh vực tập trung đào tạo, bồi dưỡng năm "+strconv.Itoa(year), d)
	v.Error = msg
	return s.renderView(c, status, "focus", v)
}

func (s *Server) focusSubmit(c echo.Context) error {
	year, err := pathYear(c)
	if err != nil {
		return err
	}
	vals := map[string]string{"codes": c.FormValue("codes"), "decision_no": c.FormValue("decision_no"), "decision_date": c.FormValue("decision_date")}
	var items []events.FocusItem
	for _, code := range strings.FieldsFunc(vals["codes"], func(r rune) bool { return r == ',' || r == ';' || r == '\n' }) {
		if code = strings.TrimSpace(code); code != "" {
			items = append(items, events.FocusItem{Code: code})
		}
	}
	req := focusRequest{Items: items, DecisionNo: vals["decision_no"], DecisionDate: isoDate(vals["decision_date"])}
	if _, err := s.publishFocusCmd(c, year, req); err != nil {
		return s.formFailed(c, err, func(status int, fields map[string]string, msg string) error {
			return s.renderFocus(c, status, vals, rowErrors(fields, "items", "codes"), msg)
		})
	}
	return redirectWith(c, "/focus/"+strconv.Itoa(year), "focus")
}
