package handlers

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"daotao/domain"
	"daotao/domain/eligibility"
	"daotao/events"
)

// evaluation is an eligibility result with the reference data version it
// was taken against.
type evaluation struct {
	eligibility.Result
	ReferenceVersion int `json:"reference_version"`
}

// evaluate applies the rule set in force for o's category on day (or rs
// when given) to a nomination of kind with details d, using the Phụ lục I
// content and Phụ lục II quota of the reference data in force on day.
func (s *Server) evaluate(o domain.Official, kind string, d events.NominationDetails, day events.Date, rs *eligibility.RuleSet) evaluation {
	req := eligibility.Request{Kind: kind, Date: day, Abroad: d.Abroad, CourseStart: d.StartDate, CourseEnd: d.EndDate,
		DurationMonths: d.DurationMonths, CommitmentMonths: d.CommitmentMonths}
	if kind == domain.KindPostgraduate && req.DurationMonths == 0 {
		req.DurationMonths = domain.MonthsBetween(d.StartDate, d.EndDate)
	}
	version := 0
	if ref, ok := s.cfg.State.ReferenceAsOf(day); ok {
		version = ref.Version
		if c, ok := ref.Doc.Content(d.ContentCode); ok && d.ContentCode != "" {
			req.ContentPriorityGroups = c.Priority.Groups
		}
		if q, ok := ref.Doc.Quota(d.QuotaID); ok && d.QuotaID != "" {
			req.QuotaGroups = []int{}
			if o.Category == domain.CategoryCBCC {
				req.QuotaGroups = append(req.QuotaGroups, q.GroupsCBCC...)
			} else {
				req.QuotaGroups = append(req.QuotaGroups, q.GroupsVC...)
			}
			if q.StudyField != "khac" {
				req.QuotaField = q.StudyField
			}
		}
	}
	set := eligibility.Select(o.Category, day)
	if rs != nil {
		set = *rs
	}
	return evaluation{Result: eligibility.Evaluate(set, eligibility.SubjectOf(o.OfficialProfile), req), ReferenceVersion: version}
}

// notEligible is the refusal of a nomination whose official fails a rule.
func notEligible(ev evaluation) error {
	failed := ev.Record().Checks
	var names []string
	var checks []events.EligibilityCheck
	for _, c := range failed {
		if !c.Passed {
			checks = append(checks, c)
			names = append(names, c.Detail)
		}
	}
	return &domain.Error{Kind: domain.KindUnprocessable, Code: "not_eligible", Checks: checks,
		Message: "Cán bộ chưa đủ điều kiện theo " + ev.RuleSet + ": " + strings.Join(names, "; ")}
}

type eligibilityRequest struct {
	OfficialID       string `json:"official_id"`
	Kind             string `json:"kind"`
	ContentCode      string `json:"content_code"`
	QuotaID          string `json:"quota_id"`
	Date             string `json:"date"`
	StartDate        string `json:"start_date"`
	EndDate          string `json:"end_date"`
	DurationMonths   int    `json:"duration_months"`
	CommitmentMonths int    `json:"commitment_months"`
	Abroad           bool   `json:"abroad"`
	// RuleSet evaluates under a named rule set instead of the one in force
	// (what if).
	RuleSet string `json:"rule_set"`
}

// checkEligibility answers whether an official may be nominated, with every
// check of the rule set in force on the date (default today). Nothing is
// recorded.
func (s *Server) checkEligibility(c echo.Context) error {
	var req eligibilityRequest
	if err := bindJSON(c, &req, false); err != nil {
		return err
	}
	p := domain.Problems{}
	day := parseDate(p, "date", req.Date)
	if day.IsZero() {
		day = s.today()
	}
	d := events.NominationDetails{ContentCode: req.ContentCode, QuotaID: req.QuotaID, StartDate: parseDate(p, "start_date", req.StartDate),
		EndDate: parseDate(p, "end_date", req.EndDate), DurationMonths: req.DurationMonths, CommitmentMonths: req.CommitmentMonths, Abroad: req.Abroad}
	if req.Kind != domain.KindRefresher && req.Kind != domain.KindPostgraduate {
		p.Add("kind", `Loại phải là "boi_duong" hoặc "sau_dai_hoc".`)
	}
	var rs *eligibility.RuleSet
	if req.RuleSet != "" {
		set, ok := eligibility.ByID(req.RuleSet)
		if !ok {
			p.Add("rule_set", "Không có bộ quy tắc này.")
		}
		rs = &set
	}
	if err := p.Err(); err != nil {
		return err
	}
	if err := s.awaitRead(c); err != nil {
		return err
	}
	o, ok := s.cfg.State.Official(req.OfficialID)
	if !ok || !domain.SeesAgency(actorOf(c), o.AgencyCode) {
		return &domain.Error{Kind: domain.KindNotFound, Code: "not_found", Message: "Không tìm thấy cán bộ này.",
			Fields: map[string]string{"official_id": "Không tìm thấy."}}
	}
	return c.JSON(http.StatusOK, s.evaluate(o, req.Kind, d, day, rs))
}

// checkQuota refuses a quota that is unknown or not for the agency.
func (s *Server) checkQuota(p domain.Problems, agency string, d events.NominationDetails) {
	if d.QuotaID == "" {
		return
	}
	ref, ok := s.cfg.State.ReferenceAsOf(s.today())
	if !ok {
		return
	}
	q, ok := ref.Doc.Quota(d.QuotaID)
	switch {
	case !ok:
		p.Add("quota_id", "Không có chỉ tiêu này trong Phụ lục II (xem GET /api/v1/quotas).")
	case !q.Holds(agency):
		p.Add("quota_id", "Chỉ tiêu này không giao cho cơ quan, đơn vị của bạn.")
	}
}

// submitDecider submits (or resubmits, with note) a nomination only when
// its official meets the rules today, recording the evaluation in the
// event, and on a first submission the approval chain of the stage table
// in force today for the official's group.
func (s *Server) submitDecider(c echo.Context, resubmit bool, note string) nominationDecider {
	actor := actorOf(c)
	return func(n *domain.Nomination) (events.Payload, []domain.Change, error) {
		o, _ := s.cfg.State.Official(n.OfficialID())
		var p events.Payload
		var err error
		if resubmit {
			p, err = n.Resubmit(actor, note)
		} else {
			p, err = n.Submit(actor, domain.ChainFor(n.Kind(), o.Group, s.today()))
		}
		if err != nil {
			return nil, nil, err
		}
		ev := s.evaluate(o, n.Kind(), n.Details(), s.today(), nil)
		if !ev.Eligible {
			return nil, nil, notEligible(ev)
		}
		rec := ev.Record()
		switch e := p.(type) {
		case *events.NominationSubmitted:
			e.Eligibility, e.ReferenceVersion = &rec, ev.ReferenceVersion
		case *events.NominationResubmitted:
			e.Eligibility, e.ReferenceVersion = &rec, ev.ReferenceVersion
		}
		return p, nil, nil
	}
}

// stageDecider decides action (approve, reject, return to) by actor at the
// nomination's awaited stage. Every approval checks eligibility again and
// records it (Sở Nội vụ's stage is the check of completeness and
// eligibility); a final approval is taken together with what keeps the
// programme's invariants (finalApproval).
func (s *Server) stageDecider(actor events.Actor, action, reason, to string) nominationDecider {
	return func(n *domain.Nomination) (events.Payload, []domain.Change, error) {
		p, err := n.DecideStage(actor, action, reason, to)
		if err != nil {
			return nil, nil, err
		}
		var also []domain.Change
		switch e := p.(type) {
		case *events.NominationStagePassed:
			o, _ := s.cfg.State.Official(n.OfficialID())
			ev := s.evaluate(o, n.Kind(), n.Details(), s.today(), nil)
			if !ev.Eligible {
				return nil, nil, notEligible(ev)
			}
			rec := ev.Record()
			e.Eligibility, e.ReferenceVersion = &rec, ev.ReferenceVersion
		case *events.NominationApproved:
			if also, err = s.finalApproval(n, e); err != nil {
				return nil, nil, err
			}
		}
		return p, also, nil
	}
}

// finalApproval checks eligibility again and returns what lands atomically
// with the final approval: the official's time booked and, on a quota, one
// of its places taken. It records the evaluation in a.
func (s *Server) finalApproval(n *domain.Nomination, a *events.NominationApproved) ([]domain.Change, error) {
	o, _ := s.cfg.State.Official(n.OfficialID())
	ev := s.evaluate(o, n.Kind(), n.Details(), s.today(), nil)
	if !ev.Eligible {
		return nil, notEligible(ev)
	}
	use, places := s.quotaState(n.Details().QuotaID)
	also, err := domain.Reservations(n, &o, use, places)
	if err != nil {
		return nil, err
	}
	rec := ev.Record()
	a.Eligibility, a.ReferenceVersion = &rec, ev.ReferenceVersion
	return also, nil
}

// quotaState returns the current use of quota id and its places in the
// reference data in force today.
func (s *Server) quotaState(id string) (*domain.QuotaUse, int) {
	if id == "" {
		return nil, 0
	}
	use := s.cfg.State.QuotaUse(id)
	places := 0
	if ref, ok := s.cfg.State.ReferenceAsOf(s.today()); ok {
		if q, ok := ref.Doc.Quota(id); ok {
			places = q.Places
		}
	}
	return &use, places
}
