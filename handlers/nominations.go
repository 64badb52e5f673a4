package handlers

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"daotao/domain"
	"daotao/events"
	"daotao/projections"
)

type nominationRequest struct {
	OfficialID      string `json:"official_id"`
	Kind            string `json:"kind"`
	Title           string `json:"title"`
	ContentCode     string `json:"content_code"`
	StartDate       string `json:"start_date"`
	EndDate         string `json:"end_date"`
	CostEstimateVND int64  `json:"cost_estimate_vnd"`
	// QuotaID, DurationMonths and CommitmentMonths are for postgraduate
	// study; Abroad for a refresher course held abroad.
	QuotaID          string `json:"quota_id,omitempty"`
	DurationMonths   int    `json:"duration_months,omitempty"`
	CommitmentMonths int    `json:"commitment_months,omitempty"`
	Abroad           bool   `json:"abroad,omitempty"`
	// CourseID names the course the nomination is to (optional).
	CourseID string `json:"course_id,omitempty"`
}

func (r nominationRequest) details(p domain.Problems) events.NominationDetails {
	return events.NominationDetails{
		Title: text(r.Title), ContentCode: strings.TrimSpace(r.ContentCode),
		StartDate: parseDate(p, "start_date", r.StartDate), EndDate: parseDate(p, "end_date", r.EndDate),
		CostEstimateVND: r.CostEstimateVND, QuotaID: strings.TrimSpace(r.QuotaID), DurationMonths: r.DurationMonths,
		CommitmentMonths: r.CommitmentMonths, Abroad: r.Abroad, CourseID: strings.TrimSpace(r.CourseID),
	}
}

type reasonRequest struct {
	Reason string `json:"reason"`
}

// decisionRequest is the body of approve, reject and return: the reason
// (required for reject and return) and, for return, where to: "agency"
// (the default) or the role of an earlier stage.
type decisionRequest struct {
	Reason string `json:"reason"`
	To     string `json:"to,omitempty"`
}

// decisionResponse is the answer to a nomination command: the id, the
// event's sequence, the status and the stage awaited after it.
type decisionResponse struct {
	ID     string `json:"id"`
	Seq    uint64 `json:"seq"`
	Status string `json:"status,omitempty"`
	Stage  string `json:"stage"`
}

func (s *Server) createNomination(c echo.Context) error {
	var req nominationRequest
	if err := bindJSON(c, &req, false); err != nil {
		return err
	}
	id, seq, err := s.createNominationCmd(c, req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, createdResponse{ID: id, Seq: seq, Status: string(domain.StatusDraft)})
}

// createNominationCmd drafts the nomination described by req for the
// request's actor: shared by the API and the web form.
func (s *Server) createNominationCmd(c echo.Context, req nominationRequest) (string, uint64, error) {
	p := domain.Problems{}
	cmd := domain.CreateNomination{OfficialID: req.OfficialID, Kind: req.Kind, NominationDetails: req.details(p)}
	s.checkCourse(p, actorOf(c).Agency, cmd.Kind, &cmd.NominationDetails) // courses_nominations.go
	s.checkQuota(p, actorOf(c).Agency, cmd.NominationDetails)
	id := s.cfg.NewID()
	return s.runCreation(c, id, func() (decision, error) {
		var official *domain.Official
		if o, ok := s.cfg.State.Official(cmd.OfficialID); ok {
			official = &o
		}
		e, err := domain.NewNomination(id, cmd, official, actorOf(c))
		return decision{subject: events.Subject(events.AggregateNomination, id), payload: &e}, withProblems(p, err)
	})
}

// visibleNomination returns the nomination with the path id if the actor may
// see it; another agency's nomination is reported as not found.
func (s *Server) visibleNomination(c echo.Context) (domain.Nomination, error) {
	return s.nominationFor(c, c.Param("id"))
}

// nominationFor returns nomination id if the actor may see it.
func (s *Server) nominationFor(c echo.Context, id string) (domain.Nomination, error) {
	n, ok := s.cfg.State.Nomination(id)
	if !ok || !domain.SeesAgency(actorOf(c), n.AgencyCode()) {
		return domain.Nomination{}, domain.NotFound("hồ sơ")
	}
	return n, nil
}

func (s *Server) getNomination(c echo.Context) error {
	if err := s.awaitRead(c); err != nil {
		return err
	}
	n, err := s.visibleNomination(c)
	if err != nil {
		return err
	}
	v := n.View()
	return c.JSON(http.StatusOK, nominationResponse{NominationView: v, OutOfFocus: s.outOfFocus(c, v)})
}

// nominationResponse is a nomination as GET /api/v1/nominations/{id}
// answers it: with why it lies outside the year's focus-field list, if it
// does (planning.go).
type nominationResponse struct {
	domain.NominationView
	OutOfFocus string `json:"out_of_focus,omitempty"`
}

// transition returns the handler of the nomination command action: it
// loads the nomination the actor may see, honours If-Match, decides and
// appends.
func (s *Server) transition(action string) echo.HandlerFunc {
	return func(c echo.Context) error {
		var req reasonRequest
		if err := bindJSON(c, &req, true); err != nil {
			return err
		}
		return s.nominationCommand(c, s.decider(c, action, text(req.Reason)))
	}
}

// stageAction returns the handler of a decision at the awaited stage
// (approve, reject, return): the route's body and DecideStage.
func (s *Server) stageAction(action string) echo.HandlerFunc {
	return func(c echo.Context) error {
		var req decisionRequest
		if err := bindJSON(c, &req, true); err != nil {
			return err
		}
		want, err := ifMatch(c)
		if err != nil {
			return err
		}
		resp, err := s.DecideStage(c, c.Param("id"), StageDecision{Action: action, Reason: text(req.Reason), To: req.To, Seq: want})
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, resp)
	}
}

// StageDecision is one decision at a nomination's awaited stage.
type StageDecision struct {
	// Action is approve, reject or return.
	Action string
	// Reason is required for reject and return.
	Reason string
	// To is where a return goes: "agency" ("" too) or an earlier stage's
	// role.
	To string
	// Seq, when not 0, is the sequence the nomination must still be at
	// (If-Match).
	Seq uint64
}

// DecideStage decides one stage action on one nomination for the
// request's actor (or whom they act for) and appends it: the single
// routes, the queue's bulk form and council sittings all decide through
// it, so every decision follows the same rules (domain
// Nomination.DecideStage; a final approval re-checks eligibility and books
// the official and the quota place atomically). It answers with the
// nomination's id, the event's sequence, and the status and stage after
// it; an error is a *domain.Error (403 wrong role, 404 not visible, 409
// wrong stage or status or lost race, 400 bad input, 422 not eligible).
func (s *Server) DecideStage(c echo.Context, id string, d StageDecision) (decisionResponse, error) {
	return s.decideNomination(c, id, d.Seq, s.stageDecider(actorOf(c), d.Action, d.Reason, d.To))
}

// decider returns how the command action with reason is decided: submit
// and resubmit check eligibility; approve, reject and return are stage
// decisions (DecideStage); the others are plain transitions.
func (s *Server) decider(c echo.Context, action, reason string) nominationDecider {
	switch action {
	case "submit":
		return s.submitDecider(c, false, "")
	case "resubmit":
		return s.submitDecider(c, true, reason)
	case domain.ActApprove, domain.ActReject, domain.ActReturn:
		return s.stageDecider(actorOf(c), action, reason, c.FormValue("to"))
	}
	decide := nominationActions[action]
	return plain(func(n *domain.Nomination) (events.Payload, error) { return decide(n, actorOf(c), reason) })
}

// plain adapts a decision that touches only the nomination.
func plain(f func(n *domain.Nomination) (events.Payload, error)) nominationDecider {
	return func(n *domain.Nomination) (events.Payload, []domain.Change, error) {
		p, err := f(n)
		return p, nil, err
	}
}

func (s *Server) nominationCommand(c echo.Context, decide nominationDecider) error {
	want, err := ifMatch(c)
	if err != nil {
		return err
	}
	resp, err := s.decideNomination(c, c.Param("id"), want, decide)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, resp)
}

// nominationDecider decides one command on a nomination: its event, and
// the events on other aggregates that must land atomically with it.
type nominationDecider func(n *domain.Nomination) (events.Payload, []domain.Change, error)

// decideNomination runs a command on nomination id for the request's actor,
// requiring its sequence to be want (0: any). It answers with the id, the
// event's sequence and the status and stage the nomination is in after it.
func (s *Server) decideNomination(c echo.Context, id string, want uint64, decide nominationDecider) (decisionResponse, error) {
	var status domain.Status
	var stage domain.Role
	run, err := s.newCommand(c, func() (decision, error) {
		n, err := s.nominationFor(c, id)
		if err != nil {
			return decision{}, err
		}
		if err := precondition(want, n.Seq()); err != nil {
			return decision{}, err
		}
		expected := n.Seq()
		p, also, err := decide(&n)
		if err == nil && p != nil {
			also, err = s.seatChanges(&n, p, also) // courses_nominations.go
		}
		if p != nil {
			n.Apply(expected+1, s.now(), p) // to answer with the status it leads to
		}
		status, stage = n.Status(), n.Stage()
		return decision{subject: events.Subject(events.AggregateNomination, id), expected: expected, payload: p, also: also}, err
	})
	if err != nil {
		return decisionResponse{}, err
	}
	out, err := s.run(c.Request().Context(), run)
	if err != nil {
		return decisionResponse{}, err
	}
	if out.replay != nil {
		status = domain.Status(out.replay.Status)
		if n, ok := s.cfg.State.Nomination(id); ok && n.Status() == status {
			stage = n.Stage()
		}
	}
	return decisionResponse{ID: id, Seq: out.seq, Status: string(status), Stage: string(stage)}, nil
}

func (s *Server) reviseNomination(c echo.Context) error {
	var req nominationRequest
	if err := bindJSON(c, &req, false); err != nil {
		return err
	}
	p := domain.Problems{}
	d := req.details(p)
	return s.nominationCommand(c, plain(func(n *domain.Nomination) (events.Payload, error) {
		s.checkCourseRevision(p, n, &d) // courses_nominations.go
		s.checkQuota(p, n.AgencyCode(), d)
		pl, err := n.Revise(actorOf(c), d)
		if err = withProblems(p, err); err != nil {
			return nil, err
		}
		return pl, nil
	}))
}

func (s *Server) nominationFilter(c echo.Context, p domain.Problems) projections.NominationFilter {
	f := projections.NominationFilter{Agency: c.QueryParam("agency"), Kind: c.QueryParam("kind"),
		Group: queryInt(c, p, "group", 1, 4), OfficialID: c.QueryParam("official_id"), ContentCode: c.QueryParam("content")}
	if f.Kind != "" && f.Kind != domain.KindRefresher && f.Kind != domain.KindPostgraduate {
		p.Add("kind", `Loại phải là "boi_duong" hoặc "sau_dai_hoc".`)
	}
	if st := c.QueryParam("stage"); st != "" {
		if !domain.IsStageRole(domain.Role(st)) {
			p.Add("stage", `Bước phải là "home_affairs", "council" hoặc "standing_committee".`)
		}
		f.Stage = domain.Role(st)
	}
	for _, st := range strings.Split(c.QueryParam("status"), ",") {
		if st == "" {
			continue
		}
		if !isStatus(st) {
			p.Add("status", "Trạng thái không hợp lệ: "+st+".")
		}
		f.Status = append(f.Status, domain.Status(st))
	}
	return f
}

func isStatus(s string) bool {
	for _, st := range domain.Statuses {
		if string(st) == s {
			return true
		}
	}
	return false
}

func (s *Server) listNominations(c echo.Context) error {
	return s.nominationList(c, s.cfg.State.Nominations, nil)
}

// queue lists what waits for the caller: for a stage role (Sở Nội vụ, the
// council, the standing committee) the submitted nominations awaiting its
// stage, oldest first; for an agency its drafts and returned ones.
func (s *Server) queue(c echo.Context) error {
	a := actorOf(c)
	waiting := []domain.Status{domain.StatusSubmitted}
	if domain.Is(a, domain.RoleAgency) {
		waiting = []domain.Status{domain.StatusReturned, domain.StatusDraft}
	}
	p := domain.Problems{}
	f := s.nominationFilter(c, p)
	pg := page(c, p)
	if err := p.Err(); err != nil {
		return err
	}
	f.Status = intersect(f.Status, waiting)
	if err := s.scopeAgency(c, &f.Agency); err != nil {
		return err
	}
	if err := s.awaitRead(c); err != nil {
		return err
	}
	f.Stage = queueStage(a)
	items, total := s.cfg.State.Queue(f, pg)
	out := make([]QueueItem, len(items))
	for i, n := range items {
		out[i] = QueueItem{NominationView: n}
		if n.Stage != "" {
			if d, ok := s.cfg.State.Deadline(s.deadlineCal(), s.today(), n.ID); ok {
				out[i].Deadline = &d
			}
		}
	}
	return writeList(c, out, total, pg.Offset, limitOf(pg))
}

// QueueItem is one item of a work queue: the nomination, and the deadline
// of the stage it awaits (due date in working days, overdue) when it awaits
// one.
type QueueItem struct {
	domain.NominationView
	Deadline *domain.Deadline `json:"deadline,omitempty"`
}

// queueStage is the stage whose items fill the actor's queue: its own role
// for a stage role, none for an agency.
func queueStage(a events.Actor) domain.Role {
	if r := domain.Role(a.Role); domain.IsStageRole(r) {
		return r
	}
	return ""
}

type nominationQuery func(projections.NominationFilter, projections.Page) ([]domain.NominationView, int)

func (s *Server) nominationList(c echo.Context, query nominationQuery, waiting []domain.Status) error {
	p := domain.Problems{}
	f := s.nominationFilter(c, p)
	pg := page(c, p)
	if err := p.Err(); err != nil {
		return err
	}
	if waiting != nil {
		f.Status = intersect(f.Status, waiting)
	}
	if err := s.scopeAgency(c, &f.Agency); err != nil {
		return err
	}
	if err := s.awaitRead(c); err != nil {
		return err
	}
	items, total := query(f, pg)
	return writeList(c, items, total, pg.Offset, limitOf(pg))
}

// intersect narrows a requested status filter to the statuses a queue holds.
func intersect(asked, waiting []domain.Status) []domain.Status {
	if len(asked) == 0 {
		return waiting
	}
	var out []domain.Status
	for _, st := range asked {
		for _, w := range waiting {
			if st == w {
				out = append(out, st)
			}
		}
	}
	if out == nil {
		return []domain.Status{"-"} // matches nothing
	}
	return out
}
