package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"daotao/domain"
	"daotao/domain/eligibility"
	"daotao/domain/reimbursement"
	"daotao/events"
)

// Who may do what with commitments and reimbursement cases. The agency
// opens commitments and cases for its own officials (Sở Nội vụ may open a
// commitment too); the council recommends; Sở Nội vụ issues the decision
// and waivers on behalf of the authority managing the officials (UBND
// tỉnh); Sở Tài chính records the payments. All of them, the province and
// the auditor read.
var (
	commitmentOpeners = []domain.Role{domain.RoleAgency, domain.RoleHomeAffairs}
	moneyReaders      = []domain.Role{domain.RoleAgency, domain.RoleCouncil, domain.RoleHomeAffairs, domain.RoleFinance,
		domain.RoleProvince, domain.RoleAuditor, domain.RoleAdmin}
	caseDeciders = []domain.Role{domain.RoleHomeAffairs}
	// caseCouncil is the reimbursement council: the training council's role.
	caseCouncil = []domain.Role{domain.RoleCouncil}
	payers      = []domain.Role{domain.RoleFinance}
	financeOnly = []domain.Role{domain.RoleFinance}
)

// commitmentRequest opens the service commitment of a completed
// postgraduate nomination. completed_on may be left out once completion
// has recorded the degree and its date.
type commitmentRequest struct {
	NominationID string `json:"nomination_id"`
	CompletedOn  string `json:"completed_on"`
	StartDate    string `json:"start_date"`
}

// fundedTraining assembles what a commitment or a case needs to know of
// nomination n: dates and length (the course's for a course participant),
// the rule set the commitment was signed under, F and where it came from,
// and the degree when completion recorded it.
func (s *Server) fundedTraining(n domain.Nomination) domain.FundedTraining {
	d := n.Details()
	t := domain.FundedTraining{NominationID: n.ID(), OfficialID: n.OfficialID(), AgencyCode: n.AgencyCode(), Title: d.Title,
		Kind: n.Kind(), Approved: n.Status() == domain.StatusApproved, Start: d.StartDate, End: d.EndDate, Months: n.Duration()}
	if c, ok := s.cfg.State.Course(d.CourseID); ok && c.Details().DurationMonths > 0 {
		t.Months = c.Details().DurationMonths
	}
	t.SignedOn = events.DateOf(n.DecidedAt(), domain.Zone)
	if n.DecidedAt().IsZero() {
		t.SignedOn = d.StartDate
	}
	t.RuleSet, t.Multiplier = s.commitmentRule(n, t.SignedOn)
	t.CostVND, t.CostSource = s.costPerPerson(d)
	if _, rec, ok := s.cfg.State.Participation(n.ID(), s.today()); ok && rec.Outcome() != nil && n.Kind() == domain.KindPostgraduate {
		t.Degree = domain.DegreeNotAwarded
		if o := rec.Outcome(); o.DegreeAwarded {
			t.Degree, t.DegreeOn = domain.DegreeAwarded, o.DegreeDate
		}
	}
	return t
}

// commitmentRule returns the rule set in force when the commitment was
// signed, and its multiplier: the one recorded with the nomination's
// eligibility, else the one the official's category selects on that day.
func (s *Server) commitmentRule(n domain.Nomination, signed events.Date) (string, int) {
	if e := n.View().Eligibility; e != nil {
		if rs, ok := eligibility.ByID(e.RuleSet); ok {
			return rs.ID, rs.Postgrad.CommitmentMultiplier
		}
	}
	o, ok := s.cfg.State.Official(n.OfficialID())
	if !ok {
		return "", 0
	}
	rs := eligibility.Select(o.Category, signed)
	return rs.ID, rs.Postgrad.CommitmentMultiplier
}

// costPerPerson returns F for a nomination: from its course's budget (the
// actual cost per person once recorded, else the approved estimate), else
// the course's estimate, else the nomination's own estimate.
func (s *Server) costPerPerson(d events.NominationDetails) (int64, string) {
	if d.CourseID != "" {
		if b, ok := s.cfg.State.Budget(d.CourseID); ok {
			if f, src, ok := b.CostPerPerson(); ok {
				return f, src
			}
		}
		if c, ok := s.cfg.State.Course(d.CourseID); ok && c.Details().CostPerPersonVND > 0 {
			return c.Details().CostPerPersonVND, domain.CostEstimate
		}
	}
	return d.CostEstimateVND, domain.CostEstimate
}

func (s *Server) openCommitment(c echo.Context) error {
	var req commitmentRequest
	if err := bindJSON(c, &req, false); err != nil {
		return err
	}
	resp, err := s.openCommitmentCmd(c, req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, resp)
}

// openCommitmentCmd opens the commitment of req.NominationID, keyed by the
// nomination: a second opening finds the subject taken and is refused.
func (s *Server) openCommitmentCmd(c echo.Context, req commitmentRequest) (createdResponse, error) {
	p := domain.Problems{}
	cmd := domain.OpenCommitment{CompletedOn: parseDate(p, "completed_on", req.CompletedOn), StartDate: parseDate(p, "start_date", req.StartDate), Today: s.today()}
	id := text(req.NominationID)
	if id == "" {
		p.Add("nomination_id", "Cần hồ sơ cử đi đào tạo sau đại học.")
		return createdResponse{}, p.Err()
	}
	seq, err := s.runDecision(c, func() (decision, error) {
		n, err := s.nominationFor(c, id)
		if err != nil {
			return decision{}, err
		}
		if _, exists := s.cfg.State.Commitment(id); exists {
			return decision{}, domain.Transition("Hồ sơ này đã có cam kết phục vụ.")
		}
		e, err := domain.NewCommitment(id, s.fundedTraining(n), cmd, actorOf(c))
		return decision{subject: events.Subject(events.AggregateCommitment, id), payload: &e}, withProblems(p, err)
	})
	if err != nil {
		return createdResponse{}, err
	}
	return createdResponse{ID: id, Seq: seq, Status: domain.CommitmentOpen}, nil
}

// visibleCommitment returns commitment id if the actor may see it.
func (s *Server) visibleCommitment(c echo.Context, id string) (domain.Commitment, error) {
	com, ok := s.cfg.State.Commitment(id)
	return visible(c, com, ok, "cam kết phục vụ")
}

func (s *Server) getCommitment(c echo.Context) error {
	if err := s.awaitRead(c); err != nil {
		return err
	}
	com, err := s.visibleCommitment(c, c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, com.View(s.today()))
}

func (s *Server) listCommitments(c echo.Context) error {
	p := domain.Problems{}
	agency := c.QueryParam("agency")
	pg := page(c, p)
	if err := p.Err(); err != nil {
		return err
	}
	if err := s.scopeAgency(c, &agency); err != nil {
		return err
	}
	if err := s.awaitRead(c); err != nil {
		return err
	}
	items := s.cfg.State.Commitments(agency, s.today())
	return writeList(c, window(items, pg.Offset, limitOf(pg)), len(items), pg.Offset, limitOf(pg))
}

// completeCommitment records that a commitment was served in full.
func (s *Server) completeCommitment(c echo.Context) error {
	if err := bindJSON(c, &struct{}{}, true); err != nil {
		return err
	}
	want, err := ifMatch(c)
	if err != nil {
		return err
	}
	id := c.Param("id")
	run, err := s.newCommand(c, func() (decision, error) {
		com, err := s.visibleCommitment(c, id)
		if err != nil {
			return decision{}, err
		}
		if err := precondition(want, com.Seq()); err != nil {
			return decision{}, err
		}
		e, err := com.Complete(actorOf(c), s.today())
		if err != nil {
			return decision{}, err
		}
		return decision{subject: events.Subject(events.AggregateCommitment, id), expected: com.Seq(), payload: e}, nil
	})
	if err != nil {
		return err
	}
	out, err := s.run(c.Request().Context(), run)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, createdResponse{ID: id, Seq: out.seq, Status: domain.CommitmentServed})
}

// window returns the page [offset, offset+limit) of items.
func window[T any](items []T, offset, limit int) []T {
	if offset >= len(items) {
		return []T{}
	}
	return items[offset:min(len(items), offset+limit)]
}

// caseRequest opens a reimbursement case for a nomination.
type caseRequest struct {
	NominationID  string `json:"nomination_id"`
	Case          string `json:"case"`
	EventDate     string `json:"event_date"`
	Reason        string `json:"reason"`
	MonthRounding string `json:"month_rounding"`
}

func (s *Server) openCase(c echo.Context) error {
	var req caseRequest
	if err := bindJSON(c, &req, false); err != nil {
		return err
	}
	resp, err := s.openCaseCmd(c, req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, resp)
}

// openCaseCmd opens the case, keyed by the nomination (one case per
// training); for a case after training, the commitment's closing lands
// atomically with it, each on its own subject's expected sequence.
func (s *Server) openCaseCmd(c echo.Context, req caseRequest) (createdResponse, error) {
	p := domain.Problems{}
	cmd := reimbursement.OpenCase{Case: reimbursement.Case(req.Case), EventDate: parseDate(p, "event_date", req.EventDate),
		Reason: text(req.Reason), Rounding: reimbursement.Rounding(req.MonthRounding), Today: s.today()}
	id := text(req.NominationID)
	if id == "" {
		p.Add("nomination_id", "Cần hồ sơ cử đi đào tạo.")
		return createdResponse{}, p.Err()
	}
	seq, err := s.runDecision(c, func() (decision, error) {
		n, err := s.nominationFor(c, id)
		if err != nil {
			return decision{}, err
		}
		if _, exists := s.cfg.State.ReimbursementCase(id); exists {
			return decision{}, domain.Transition("Hồ sơ cử đi này đã có hồ sơ đền bù.")
		}
		var com *domain.Commitment
		if cm, ok := s.cfg.State.Commitment(id); ok {
			com = &cm
		}
		e, closed, err := reimbursement.NewCase(id, s.fundedTraining(n), com, cmd, actorOf(c))
		if err = withProblems(p, err); err != nil {
			return decision{}, err
		}
		d := decision{subject: events.Subject(events.AggregateReimbursement, id), payload: &e}
		if closed != nil {
			d.also = []domain.Change{{Subject: events.Subject(events.AggregateCommitment, id), Expected: com.Seq(), Payload: closed}}
		}
		return d, nil
	})
	if err != nil {
		return createdResponse{}, err
	}
	return createdResponse{ID: id, Seq: seq, Status: reimbursement.StatusOpened}, nil
}

// visibleCase returns case id if the actor may see it.
func (s *Server) visibleCase(c echo.Context, id string) (reimbursement.ReimbursementCase, error) {
	rc, ok := s.cfg.State.ReimbursementCase(id)
	return visible(c, rc, ok, "hồ sơ đền bù")
}

func (s *Server) getCase(c echo.Context) error {
	if err := s.awaitRead(c); err != nil {
		return err
	}
	rc, err := s.visibleCase(c, c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, rc.View(s.today()))
}

var caseStatuses = []string{reimbursement.StatusOpened, reimbursement.StatusRecommended, reimbursement.StatusDecided,
	reimbursement.StatusPaid, reimbursement.StatusWaived, reimbursement.StatusOverdue}

func (s *Server) listCases(c echo.Context) error {
	p := domain.Problems{}
	agency, status := c.QueryParam("agency"), c.QueryParam("status")
	if status != "" && !contains(caseStatuses, status) {
		p.Add("status", "Trạng thái phải là một trong: opened, recommended, decided, paid, waived, overdue.")
	}
	pg := page(c, p)
	if err := p.Err(); err != nil {
		return err
	}
	if err := s.scopeAgency(c, &agency); err != nil {
		return err
	}
	if err := s.awaitRead(c); err != nil {
		return err
	}
	items := s.cfg.State.ReimbursementCases(agency, status, s.today())
	return writeList(c, window(items, pg.Offset, limitOf(pg)), len(items), pg.Offset, limitOf(pg))
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// recommendRequest is the reimbursement council's recommendation.
type recommendRequest struct {
	PriorServiceYears   int     `json:"prior_service_years"`
	ReductionPctPerYear float64 `json:"reduction_pct_per_year"`
	Note                string  `json:"note"`
}

// caseDecisionRequest issues a decision or a waiver: its reference, its day
// (YYYY-MM-DD) and, for a waiver, the reason.
type caseDecisionRequest struct {
	DecisionRef string `json:"decision_ref"`
	DecidedOn   string `json:"decided_on"`
	Reason      string `json:"reason"`
}

// paymentRequest records one payment.
type paymentRequest struct {
	AmountVND  int64  `json:"amount_vnd"`
	PaidOn     string `json:"paid_on"`
	ReceiptRef string `json:"receipt_ref"`
}

// caseDecider decides one command on a case.
type caseDecider func(rc *reimbursement.ReimbursementCase) (events.Payload, error)

func (s *Server) recommendCase(c echo.Context) error {
	var req recommendRequest
	if err := bindJSON(c, &req, false); err != nil {
		return err
	}
	return s.caseCommand(c, func(rc *reimbursement.ReimbursementCase) (events.Payload, error) {
		return rc.Recommend(actorOf(c), reimbursement.Recommend{PriorServiceYears: req.PriorServiceYears,
			ReductionPctPerYear: req.ReductionPctPerYear, Note: text(req.Note)}, s.maxReduction(rc.Opened().OfficialID))
	})
}

// maxReduction is the highest reduction per year for an official: 1.5%
// for women and ethnic-minority officials, 1% otherwise.
func (s *Server) maxReduction(officialID string) float64 {
	if o, ok := s.cfg.State.Official(officialID); ok && (o.Gender == domain.GenderFemale || o.EthnicMinority) {
		return reimbursement.MaxReductionPctPerYear
	}
	return 1
}

func (s *Server) decideCase(c echo.Context) error {
	var req caseDecisionRequest
	if err := bindJSON(c, &req, false); err != nil {
		return err
	}
	p := domain.Problems{}
	day := parseDate(p, "decided_on", req.DecidedOn)
	return s.caseCommand(c, func(rc *reimbursement.ReimbursementCase) (events.Payload, error) {
		e, err := rc.Decide(actorOf(c), text(req.DecisionRef), day, s.today())
		return payloadOf(e, withProblems(p, err))
	})
}

func (s *Server) waiveCase(c echo.Context) error {
	var req caseDecisionRequest
	if err := bindJSON(c, &req, false); err != nil {
		return err
	}
	p := domain.Problems{}
	day := parseDate(p, "decided_on", req.DecidedOn)
	return s.caseCommand(c, func(rc *reimbursement.ReimbursementCase) (events.Payload, error) {
		e, err := rc.Waive(actorOf(c), text(req.DecisionRef), day, text(req.Reason), s.today())
		return payloadOf(e, withProblems(p, err))
	})
}

func (s *Server) payCase(c echo.Context) error {
	var req paymentRequest
	if err := bindJSON(c, &req, false); err != nil {
		return err
	}
	p := domain.Problems{}
	day := parseDate(p, "paid_on", req.PaidOn)
	return s.caseCommand(c, func(rc *reimbursement.ReimbursementCase) (events.Payload, error) {
		e, err := rc.Pay(actorOf(c), req.AmountVND, day, text(req.ReceiptRef), s.today())
		return payloadOf(e, withProblems(p, err))
	})
}

// payloadOf returns e as a Payload, nil with an error, so that a typed nil
// pointer never becomes a non-nil interface.
func payloadOf[T any, P interface {
	*T
	events.Payload
}](e P, err error) (events.Payload, error) {
	if err != nil || e == nil {
		return nil, err
	}
	return e, nil
}

// caseCommand runs a command on the case of the path for the request's
// actor, honouring If-Match, and answers with the status it leads to.
func (s *Server) caseCommand(c echo.Context, decide caseDecider) error {
	want, err := ifMatch(c)
	if err != nil {
		return err
	}
	resp, err := s.runCase(c, c.Param("id"), want, decide)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, resp)
}

// runCase decides and appends a command on case id (want: the sequence
// required, 0 for any); shared by the API and the pages.
func (s *Server) runCase(c echo.Context, id string, want uint64, decide caseDecider) (createdResponse, error) {
	var status string
	run, err := s.newCommand(c, func() (decision, error) {
		rc, err := s.visibleCase(c, id)
		if err != nil {
			return decision{}, err
		}
		if err := precondition(want, rc.Seq()); err != nil {
			return decision{}, err
		}
		expected := rc.Seq()
		pl, err := decide(&rc)
		if err != nil {
			return decision{}, err
		}
		rc.Apply(expected+1, pl)
		status = rc.StatusOn(s.today())
		return decision{subject: events.Subject(events.AggregateReimbursement, id), expected: expected, payload: pl}, nil
	})
	if err != nil {
		return createdResponse{}, err
	}
	out, err := s.run(c.Request().Context(), run)
	if err != nil {
		return createdResponse{}, err
	}
	if out.replay != nil {
		// The key's record holds a nomination's status; the case's own is
		// the one to answer with.
		if rc, ok := s.cfg.State.ReimbursementCase(id); ok {
			status = rc.StatusOn(s.today())
		}
	}
	return createdResponse{ID: id, Seq: out.seq, Status: status}, nil
}
