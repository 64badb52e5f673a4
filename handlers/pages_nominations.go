package handlers

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"daotao/domain"
	"daotao/domain/programme"
	"daotao/events"
	"daotao/projections"
)

type statusTab struct {
	Key, Label, URL string
	Current         bool
}

type nominationsPage struct {
	Contents []string
	Tabs     []statusTab
	Filter   projections.NominationFilter
	Agencies []domain.Agency
	CanNew   bool
	List     listing[nominationRow]
}

// nominationRow is a nomination with the name of its official, for lists.
type nominationRow struct {
	domain.NominationView
	OfficialName string
	Group        int
	// Deadline is the due date of the stage the nomination awaits, when
	// it awaits one (the queue shows it).
	Deadline *domain.Deadline
}

func (s *Server) rows(items []domain.NominationView) []nominationRow {
	out := make([]nominationRow, len(items))
	for i, n := range items {
		o, _ := s.cfg.State.Official(n.OfficialID)
		out[i] = nominationRow{NominationView: n, OfficialName: o.FullName, Group: o.Group}
		if n.Stage != "" {
			if d, ok := s.cfg.State.Deadline(s.deadlineCal(), s.today(), n.ID); ok {
				out[i].Deadline = &d
			}
		}
	}
	return out
}

// webNominationFilter reads list filters from a page's query; unknown
// values are ignored rather than failing the page.
func (s *Server) webNominationFilter(c echo.Context, sort string) projections.NominationFilter {
	group, _ := strconv.Atoi(c.QueryParam("group"))
	f := projections.NominationFilter{Agency: c.QueryParam("agency"), Group: group, Sort: sort}
	if slices.Contains(domain.ContentCodes, c.QueryParam("content")) {
		f.ContentCode = c.QueryParam("content")
	}
	if k := c.QueryParam("kind"); k == domain.KindRefresher || k == domain.KindPostgraduate {
		f.Kind = k
	}
	if st := c.QueryParam("status"); isStatus(st) {
		f.Status = []domain.Status{domain.Status(st)}
	}
	if f.Group < 1 || f.Group > 4 {
		f.Group = 0
	}
	return f
}

func (s *Server) nominationsPage(c echo.Context) error {
	pg, sort := webPage(c, projections.NominationSorts)
	if sort == "" {
		sort = "-created"
	}
	f := s.webNominationFilter(c, sort)
	if err := s.scopeAgency(c, &f.Agency); err != nil {
		return err
	}
	if err := s.awaitRead(c); err != nil {
		return err
	}
	items, total := s.cfg.State.Nominations(f, pg)
	p := nominationsPage{Contents: domain.ContentCodes, Filter: f, CanNew: domain.Is(actorOf(c), domain.RoleAgency),
		List: newListing(c, s.rows(items), total, pg, sort, projections.NominationSorts)}
	p.Tabs = statusTabs(c, f.Status)
	if !domain.Is(actorOf(c), domain.RoleAgency) {
		p.Agencies = s.agencies().All()
	}
	return s.render(c, http.StatusOK, "nominations", "Hồ sơ cử đi đào tạo, bồi dưỡng", p)
}

func statusTabs(c echo.Context, current []domain.Status) []statusTab {
	tabs := []statusTab{{Key: "", Label: "Tất cả", URL: withQuery(c.Request().URL, "status", "", "offset", ""), Current: len(current) == 0}}
	for _, st := range domain.Statuses {
		tabs = append(tabs, statusTab{Key: string(st), Label: st.Label(),
			URL: withQuery(c.Request().URL, "status", string(st), "offset", ""), Current: len(current) == 1 && current[0] == st})
	}
	return tabs
}

type nominationForm struct {
	Edit      bool
	ID        string
	Values    nominationRequest
	Errors    map[string]string
	Officials []domain.OfficialView
	Official  domain.OfficialView
	Contents  []string
	Quotas    []programme.Quota
	Check     *evaluation         // live eligibility, when an official is chosen
	Courses   []domain.CourseView // open for nominations (pages_courses.go)
}

func (s *Server) nominationNewPage(c echo.Context) error {
	return s.renderNominationForm(c, http.StatusOK, nominationForm{Values: nominationRequest{
		OfficialID: c.QueryParam("official_id"), Kind: domain.KindRefresher}}, "")
}

func (s *Server) renderNominationForm(c echo.Context, status int, f nominationForm, msg string) error {
	f.Contents = domain.ContentCodes
	if ref, ok := s.cfg.State.ReferenceAsOf(s.today()); ok {
		f.Quotas = ref.Doc.QuotasFor(actorOf(c).Agency)
	}
	f.Courses = s.openCourses()
	f.Check = s.formEligibility(c, f.Values)
	if f.Edit {
		o, _ := s.cfg.State.Official(f.Values.OfficialID)
		f.Official = o.View()
	} else {
		f.Officials, _ = s.cfg.State.Officials(projections.OfficialFilter{Agency: actorOf(c).Agency, Sort: "name"}, projections.Page{Limit: projections.MaxLimit})
	}
	title := "Lập hồ sơ cử đi đào tạo, bồi dưỡng"
	if f.Edit {
		title = "Sửa hồ sơ"
	}
	v := s.newView(c, title, f)
	v.Error = msg
	return s.renderView(c, status, "nomination_form", v)
}

func nominationFromForm(c echo.Context) nominationRequest {
	cost, _ := strconv.ParseInt(strings.ReplaceAll(strings.ReplaceAll(c.FormValue("cost_estimate_vnd"), ".", ""), " ", ""), 10, 64)
	duration, _ := strconv.Atoi(c.FormValue("duration_months"))
	commitment, _ := strconv.Atoi(c.FormValue("commitment_months"))
	return nominationRequest{OfficialID: c.FormValue("official_id"), Kind: c.FormValue("kind"), Title: c.FormValue("title"),
		ContentCode: c.FormValue("content_code"), StartDate: isoDate(c.FormValue("start_date")), EndDate: isoDate(c.FormValue("end_date")),
		CostEstimateVND: cost, QuotaID: c.FormValue("quota_id"), DurationMonths: duration, CommitmentMonths: commitment,
		Abroad: c.FormValue("abroad") == "true", CourseID: c.FormValue("course_id")}
}

// formEligibility evaluates the rules for what the form holds so far, for
// an official the actor may see; nil until an official is chosen.
func (s *Server) formEligibility(c echo.Context, v nominationRequest) *evaluation {
	o, ok := s.cfg.State.Official(v.OfficialID)
	if !ok || !domain.SeesAgency(actorOf(c), o.AgencyCode) || (v.Kind != domain.KindRefresher && v.Kind != domain.KindPostgraduate) {
		return nil
	}
	p := domain.Problems{}
	ev := s.evaluate(o, v.Kind, v.details(p), s.today(), nil)
	return &ev
}

// eligibilityPanel answers the form's live check (htmx): the rule set in
// force and every check for the official and course entered so far.
func (s *Server) eligibilityPanel(c echo.Context) error {
	v := nominationFromForm(c)
	if v.OfficialID == "" {
		if n, ok := s.cfg.State.Nomination(c.FormValue("nomination_id")); ok && domain.SeesAgency(actorOf(c), n.AgencyCode()) {
			v.OfficialID, v.Kind = n.OfficialID(), n.Kind()
		}
	}
	return s.render(c, http.StatusOK, "eligibility_panel", "Điều kiện", nominationForm{Check: s.formEligibility(c, v)})
}

func (s *Server) nominationCreate(c echo.Context) error {
	req := nominationFromForm(c)
	id, _, err := s.createNominationCmd(c, req)
	if err != nil {
		return s.formFailed(c, err, func(status int, fields map[string]string, msg string) error {
			return s.renderNominationForm(c, status, nominationForm{Values: req, Errors: fields}, msg)
		})
	}
	return redirectWith(c, "/nominations/"+id, "created")
}

// formFailed re-renders a form for an error a person can fix, and passes
// anything else to the error handler.
func (s *Server) formFailed(c echo.Context, err error, again func(status int, fields map[string]string, msg string) error) error {
	fields, msg := formErrors(err)
	k := domain.KindOf(err)
	if msg == "" || (k != domain.KindInvalid && k != domain.KindConflict && k != domain.KindUnprocessable) {
		return err
	}
	return again(kindStatus[k], fields, msg)
}

func (s *Server) nominationEditPage(c echo.Context) error {
	n, err := s.visibleNomination(c)
	if err != nil {
		return err
	}
	v := n.View()
	return s.renderNominationForm(c, http.StatusOK, nominationForm{Edit: true, ID: v.ID, Values: nominationRequest{
		OfficialID: v.OfficialID, Kind: v.Kind, Title: v.Title, ContentCode: v.ContentCode,
		StartDate: v.StartDate.String(), EndDate: v.EndDate.String(), CostEstimateVND: v.CostEstimateVND}}, "")
}

func (s *Server) nominationEdit(c echo.Context) error {
	req := nominationFromForm(c)
	n, err := s.visibleNomination(c)
	if err != nil {
		return err
	}
	req.OfficialID, req.Kind, req.CourseID = n.OfficialID(), n.Kind(), n.Details().CourseID // the form keeps the course
	p := domain.Problems{}
	d := req.details(p)
	s.checkCourseRevision(p, &n, &d) // courses_nominations.go
	s.checkQuota(p, n.AgencyCode(), d)
	resp, err := s.decideNomination(c, n.ID(), 0, plain(func(n *domain.Nomination) (events.Payload, error) {
		ev, err := n.Revise(actorOf(c), d)
		return ev, withProblems(p, err)
	}))
	if err != nil {
		return s.formFailed(c, err, func(status int, fields map[string]string, msg string) error {
			return s.renderNominationForm(c, status, nominationForm{Edit: true, ID: n.ID(), Values: req, Errors: fields}, msg)
		})
	}
	notice := "revised"
	if resp.Seq == n.Seq() {
		notice = "unchanged"
	}
	return redirectWith(c, "/nominations/"+n.ID(), notice)
}

type nominationPage struct {
	N        nominationRow
	Official domain.OfficialView
	Actions  []string // commands the actor may take now
	History  []AuditEntry
	Decider  bool
	// The approval chain (pages_stages.go): its stages, the stage history,
	// where a return may go, and what the actor may do besides deciding.
	Chain                            []chainStep
	Steps                            []domain.StageStep
	Attachments                      []attachmentRow
	ReturnTo                         []option
	CanAttach, CanRemove, CanComment bool
	// ActFor names the users the actor may switch to acting for.
	ActFor []string
	// OutOfFocus says why the nomination lies outside the year's
	// focus-field list, if it does (planning.go).
	OutOfFocus string
}

func (s *Server) nominationPage(c echo.Context) error {
	if err := s.awaitRead(c); err != nil {
		return err
	}
	return s.renderNomination(c, http.StatusOK, "")
}

// renderNomination shows the nomination of the path with the actions the
// actor may take, its history for those who may audit, and msg as an error.
func (s *Server) renderNomination(c echo.Context, status int, msg string) error {
	n, err := s.visibleNomination(c)
	if err != nil {
		return err
	}
	o, _ := s.cfg.State.Official(n.OfficialID())
	p := nominationPage{N: s.rows([]domain.NominationView{n.View()})[0], Official: o.View(), Actions: availableActions(actorOf(c), &n),
		Decider: domain.IsStageRole(domain.Role(actorOf(c).Role))}
	chainView(&p, actorOf(c), &n)
	p.ActFor = s.activeDelegators(actorOf(c))
	p.OutOfFocus = s.outOfFocus(c, p.N.NominationView)
	if canAudit(actorOf(c)) {
		if p.History, err = s.history(c, n.ID()); err != nil {
			return err
		}
	}
	v := s.newView(c, n.View().Title, p)
	v.Error = msg
	return s.renderView(c, status, "nomination", v)
}

func canAudit(a events.Actor) bool {
	return domain.Is(a, domain.RoleAuditor) || domain.Is(a, domain.RoleCouncil) || domain.Is(a, domain.RoleAdmin)
}

// availableActions lists the commands the domain would accept from a on n,
// so a page shows only buttons that work.
func availableActions(a events.Actor, n *domain.Nomination) []string {
	var out []string
	for _, name := range []string{"edit", "submit", "resubmit", "withdraw", "approve", "return", "reject"} {
		if _, err := nominationActions[name](n, a, "lý do"); err == nil {
			out = append(out, name)
		}
	}
	return out
}

// submit is whether the domain accepts a submission (with any chain; the
// real one is resolved when the command is decided).
func submit(n *domain.Nomination, a events.Actor, _ string) (events.Payload, error) {
	return n.Submit(a, domain.ChainFor(n.Kind(), 0, events.Date{}))
}

// nominationActions are the commands a form can post, by name.
var nominationActions = map[string]func(n *domain.Nomination, a events.Actor, reason string) (events.Payload, error){
	"edit": func(n *domain.Nomination, a events.Actor, _ string) (events.Payload, error) {
		_, err := n.Revise(a, events.NominationDetails{Title: n.View().Title, StartDate: n.View().StartDate, EndDate: n.View().EndDate})
		return nil, err
	},
	"submit":   submit,
	"resubmit": (*domain.Nomination).Resubmit,
	"withdraw": (*domain.Nomination).Withdraw,
	"approve":  (*domain.Nomination).Approve,
	"return":   (*domain.Nomination).Return,
	"reject":   (*domain.Nomination).Reject,
}

func (s *Server) nominationAction(c echo.Context) error {
	action := c.Param("action")
	if _, ok := nominationActions[action]; !ok || action == "edit" {
		return domain.NotFound("thao tác")
	}
	id := c.Param("id")
	resp, err := s.decideNomination(c, id, 0, s.decider(c, action, text(c.FormValue("reason"))))
	if err != nil {
		return s.formFailed(c, err, func(status int, fields map[string]string, msg string) error {
			for _, f := range []string{"to", "reason"} {
				if m, ok := fields[f]; ok {
					msg = m
				}
			}
			return s.renderNomination(c, status, msg)
		})
	}
	notice := action
	if resp.Status == string(domain.StatusSubmitted) && action == domain.ActApprove {
		notice = "passed"
	} else if resp.Status == string(domain.StatusSubmitted) && action == domain.ActReturn {
		notice = "sentback"
	}
	return redirectWith(c, "/nominations/"+id, notice)
}
