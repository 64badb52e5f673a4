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

// The pages of yearly planning write plan and need lines as text, one line
// per row, fields separated by ";", so that Sở Nội vụ can paste them from a
// spreadsheet. Row n of the text is lines[n-1] of the API: a refusal names
// the row.

// planColumns and needColumns say the order of the fields, for the forms.
const (
	planColumns = "mã dòng; hình thức (class, delegation_abroad, seminar, postgraduate); nội dung Phụ lục I hoặc mã chỉ tiêu Phụ lục II; tên; cơ quan chủ trì; quý; phân bổ chỗ (mã đơn vị:số chỗ, cách nhau dấu phẩy); dự toán (đồng); nước đến; số thành viên Nhóm 1–2; tap_trung/truc_tuyen"
	needColumns = "nội dung Phụ lục I; hình thức (class, delegation_abroad, seminar); nhóm (1–4); đối tượng (cbcc, vc); số người"
	candColumns = "mã chỉ tiêu Phụ lục II; số ứng viên"
)

// formatPlanLines writes lines in the form's text format.
func formatPlanLines(lines []events.PlanLine) string {
	var b strings.Builder
	for _, l := range lines {
		code := l.ContentCode
		if l.Format == planning.FormatPostgraduate {
			code = l.QuotaID
		}
		var places []string
		for _, p := range l.Places {
			places = append(places, p.AgencyCode+":"+strconv.Itoa(p.Places))
		}
		senior := ""
		if l.SeniorMembers > 0 {
			senior = strconv.Itoa(l.SeniorMembers)
		}
		b.WriteString(strings.Join([]string{l.LineID, l.Format, code, l.Title, l.LeadAgency, strconv.Itoa(l.Quarter),
			strings.Join(places, ", "), strconv.FormatInt(l.CostEstimateVND, 10), l.Country, senior, l.Delivery}, "; "))
		b.WriteString("\n")
	}
	return b.String()
}

// rows splits form text into rows of trimmed fields, skipping blank rows.
func rows(text string) [][]string {
	var out [][]string
	for _, r := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if strings.TrimSpace(r) == "" {
			continue
		}
		fs := strings.Split(r, ";")
		for i := range fs {
			fs[i] = strings.TrimSpace(fs[i])
		}
		out = append(out, fs)
	}
	return out
}

func field(fs []string, i int) string {
	if i < len(fs) {
		return fs[i]
	}
	return ""
}

// number parses a whole number written with or without thousands dots; a
// malformed one gives -1, which the rules refuse with their own message.
func number(s string) int64 {
	s = strings.NewReplacer(".", "", ",", "", " ", "").Replace(s)
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return -1
	}
	return n
}

// parsePlanLines reads the plan form's text.
func parsePlanLines(text string) []events.PlanLine {
	var out []events.PlanLine
	for _, fs := range rows(text) {
		l := events.PlanLine{LineID: field(fs, 0), Format: field(fs, 1), Title: field(fs, 3), LeadAgency: field(fs, 4),
			Quarter: int(number(field(fs, 5))), CostEstimateVND: number(field(fs, 7)), Country: field(fs, 8),
			SeniorMembers: int(number(field(fs, 9))), Delivery: field(fs, 10)}
		if l.Format == planning.FormatPostgraduate {
			l.QuotaID = field(fs, 2)
		} else {
			l.ContentCode = field(fs, 2)
		}
		for _, p := range strings.Split(field(fs, 6), ",") {
			if strings.TrimSpace(p) == "" {
				continue
			}
			a, n, _ := strings.Cut(p, ":")
			l.Places = append(l.Places, events.AgencyPlaces{AgencyCode: strings.TrimSpace(a), Places: int(number(n))})
		}
		out = append(out, l)
	}
	return out
}

func parseNeedLines(text string) []events.NeedLine {
	var out []events.NeedLine
	for _, fs := range rows(text) {
		out = append(out, events.NeedLine{ContentCode: field(fs, 0), Format: field(fs, 1), Group: int(number(field(fs, 2))),
			Category: field(fs, 3), People: int(number(field(fs, 4)))})
	}
	return out
}

func parseCandidates(text string) []events.NeedCandidates {
	var out []events.NeedCandidates
	for _, fs := range rows(text) {
		out = append(out, events.NeedCandidates{QuotaID: field(fs, 0), People: int(number(field(fs, 1)))})
	}
	return out
}

func formatNeedLines(lines []events.NeedLine) string {
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(strings.Join([]string{l.ContentCode, l.Format, strconv.Itoa(l.Group), l.Category, strconv.Itoa(l.People)}, "; ") + "\n")
	}
	return b.String()
}

func formatCandidates(cs []events.NeedCandidates) string {
	var b strings.Builder
	for _, c := range cs {
		b.WriteString(c.QuotaID + "; " + strconv.Itoa(c.People) + "\n")
	}
	return b.String()
}

// rowErrors turns the API's per-line field errors ("lines[2].people") into
// messages naming the row of the form's text ("Dòng 3, people: …"), under
// the form field name.
func rowErrors(fields map[string]string, list, form string) map[string]string {
	out := map[string]string{}
	var msgs []string
	for k, v := range fields {
		rest, ok := strings.CutPrefix(k, list+"[")
		if !ok {
			if k == list {
				msgs = append(msgs, v)
				continue
			}
			out[k] = v
			continue
		}
		idx, sub, _ := strings.Cut(rest, "]")
		n, _ := strconv.Atoi(idx)
		msgs = append(msgs, "Dòng "+strconv.Itoa(n+1)+" ("+strings.TrimPrefix(sub, ".")+"): "+v)
	}
	if len(msgs) > 0 {
		slices.Sort(msgs)
		out[form] = strings.Join(msgs, " ")
	}
	return out
}

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
			_, err = s.planActionCmd(c, year, action, versionRequest{Version: version, Reason: c.FormValue("reason"), Comment: c.FormValue("comment")})
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
	year, err := pathYear(c)
	if err != nil {
		return err
	}
	if err := s.awaitRead(c); err != nil {
		return err
	}
	doc, err := s.planDoc(c, year)
	if err != nil {
		return err
	}
	ag, err := s.needAgency(c, doc)
	if err != nil {
		return err
	}
	a := actorOf(c)
	n := s.cfg.State.Need(year, ag.Code)
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
	if _, err := s.submitNeedsCmd(c, year, c.Param("agency"), req); err != nil {
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
	if _, err := s.returnNeedsCmd(c, year, c.Param("agency"), versionRequest{Version: version, Reason: c.FormValue("reason")}); err != nil {
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
	if _, err := s.publishFocusCmd(c, year, c.Param("bloc"), req); err != nil {
		return s.formFailed(c, err, func(status int, fields map[string]string, msg string) error {
			return s.renderFocus(c, status, vals, rowErrors(fields, "items", "codes"), msg)
		})
	}
	return redirectWith(c, "/focus/"+strconv.Itoa(year), "focus")
}

// planStepLabel names a step of a plan's history in Vietnamese.
func planStepLabel(t string) string {
	return map[string]string{
		events.TypePlanRoundOpened: "Mở đợt lập kế hoạch", events.TypePlanDrafted: "Dự thảo",
		events.TypePlanSubmitted: "Trình Hội đồng", events.TypePlanCouncilAgreed: "Hội đồng thống nhất",
		events.TypePlanReturned: "Trả lại để chỉnh sửa", events.TypePlanApproved: "UBND tỉnh phê duyệt",
	}[t]
}

// needPeople is the number of people of need lines.
func needPeople(lines []events.NeedLine) int {
	n := 0
	for _, l := range lines {
		n += l.People
	}
	return n
}

// needCandidates is the number of postgraduate candidates.
func needCandidates(cs []events.NeedCandidates) int {
	n := 0
	for _, c := range cs {
		n += c.People
	}
	return n
}

// latestNeed is the newest version of a need (zero when none).
func latestNeed(n *planning.Need) planning.NeedVersion {
	v, _ := n.Latest()
	return v
}

// planNav is the navigation entry of yearly planning.
var planNav = navItem{Href: "/plans", Label: "Kế hoạch năm"}

// gapLabel names what a need not covered is for: a content and format, or
// a Phụ lục II quota.
func gapLabel(g planning.Gap) string {
	if g.Format == planning.FormatPostgraduate {
		return "Chỉ tiêu " + g.Key + " (" + planning.FormatLabel(g.Format) + ")"
	}
	content, _, _ := strings.Cut(g.Key, "/")
	return content + " — " + planning.FormatLabel(g.Format)
}
