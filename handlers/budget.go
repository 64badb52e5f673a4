package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"daotao/domain"
	"daotao/events"
	"daotao/projections"
)

// budgetRequest sends a course's cost estimate for appraisal: the estimate
// is the course's own (per person and in total, with its capacity as the
// number of participants), so only a note is written here.
type budgetRequest struct {
	CourseID string `json:"course_id"`
	Note     string `json:"note"`
}

// appraisalRequest is Sở Tài chính's appraisal: approved_vnd for an
// adjustment; reason required to adjust or return, a note to approve.
type appraisalRequest struct {
	ApprovedVND int64  `json:"approved_vnd"`
	Reason      string `json:"reason"`
}

// actualRequest records the actual cost of a course after it.
type actualRequest struct {
	ActualVND    int64  `json:"actual_vnd"`
	Participants int    `json:"participants"`
	Note         string `json:"note"`
}

// courseCost returns what a budget needs to know of course id, and false
// for an unknown course or one the actor may not see.
func (s *Server) courseCost(c echo.Context, id string) (domain.CourseCost, bool) {
	co, ok := s.cfg.State.Course(id)
	if !ok || !domain.SeesAgency(actorOf(c), co.LeadAgency()) {
		return domain.CourseCost{}, false
	}
	d := co.Details()
	return domain.CourseCost{CourseID: id, LeadAgency: co.LeadAgency(), Title: d.Title, Year: d.StartDate.Time().Year(),
		Participants: d.Capacity, PerPersonVND: d.CostPerPersonVND, TotalVND: d.CostTotalVND,
		Finished: co.Status() == domain.CourseFinished}, true
}

func (s *Server) submitBudget(c echo.Context) error {
	var req budgetRequest
	if err := bindJSON(c, &req, false); err != nil {
		return err
	}
	resp, err := s.submitBudgetCmd(c, text(req.CourseID), text(req.Note))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, resp)
}

// submitBudgetCmd sends course id's estimate, first or again after a
// return.
func (s *Server) submitBudgetCmd(c echo.Context, id, note string) (createdResponse, error) {
	if id == "" {
		return createdResponse{}, domain.Invalid("course_id", "Cần khóa học.")
	}
	seq, err := s.runDecision(c, func() (decision, error) {
		cost, ok := s.courseCost(c, id)
		if !ok {
			return decision{}, &domain.Error{Kind: domain.KindNotFound, Code: "not_found", Message: "Không tìm thấy khóa học.",
				Fields: map[string]string{"course_id": "Không tìm thấy."}}
		}
		if co, _ := s.cfg.State.Course(id); co.Status() == domain.CourseCancelled {
			return decision{}, domain.Transition("Khóa học đã hủy: không lập dự toán.")
		}
		b, _ := s.cfg.State.Budget(id)
		e, err := b.SubmitBudget(cost, note, actorOf(c))
		if err != nil {
			return decision{}, err
		}
		return decision{subject: events.Subject(events.AggregateBudget, id), expected: b.Seq(), payload: e}, nil
	})
	if err != nil {
		return createdResponse{}, err
	}
	return createdResponse{ID: id, Seq: seq, Status: domain.BudgetSubmitted}, nil
}

// visibleBudget returns the budget of course id if the actor may see it.
func (s *Server) visibleBudget(c echo.Context, id string) (domain.Budget, error) {
	b, ok := s.cfg.State.Budget(id)
	return visible(c, b, ok, "dự toán")
}

func (s *Server) getBudget(c echo.Context) error {
	if err := s.awaitRead(c); err != nil {
		return err
	}
	b, err := s.visibleBudget(c, c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, b.View())
}

var budgetStatuses = []string{domain.BudgetSubmitted, domain.BudgetApproved, domain.BudgetReturned}

func (s *Server) listBudgets(c echo.Context) error {
	p := domain.Problems{}
	agency, status := c.QueryParam("agency"), c.QueryParam("status")
	if status != "" && !contains(budgetStatuses, status) {
		p.Add("status", "Trạng thái phải là submitted, approved hoặc returned.")
	}
	year := queryInt(c, p, "year", 2000, 2100)
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
	var items []domain.BudgetView
	for _, v := range s.cfg.State.Budgets(agency, status) {
		if year == 0 || v.Year == year {
			items = append(items, v)
		}
	}
	return writeList(c, window(items, pg.Offset, limitOf(pg)), len(items), pg.Offset, limitOf(pg))
}

// budgetTotals answers the totals of estimate, approved and actual per
// agency, per year, or per agency and year (by=agency|year|both).
func (s *Server) budgetTotals(c echo.Context) error {
	by, agency := c.QueryParam("by"), c.QueryParam("agency")
	if by == "" {
		by = "both"
	}
	if by != "agency" && by != "year" && by != "both" {
		return domain.Invalid("by", `Nhóm theo "agency", "year" hoặc "both".`)
	}
	if err := s.scopeAgency(c, &agency); err != nil {
		return err
	}
	if err := s.awaitRead(c); err != nil {
		return err
	}
	items := s.cfg.State.BudgetTotals(agency, by)
	return writeList(c, items, len(items), 0, max(len(items), 1))
}

// appraise returns the handler of Sở Tài chính's action on a budget.
func (s *Server) appraise(action string) echo.HandlerFunc {
	return func(c echo.Context) error {
		var req appraisalRequest
		if err := bindJSON(c, &req, action == "approve"); err != nil {
			return err
		}
		return s.budgetCommand(c, func(b *domain.Budget) (events.Payload, error) {
			return b.Appraise(actorOf(c), action, req.ApprovedVND, text(req.Reason))
		})
	}
}

func (s *Server) recordActual(c echo.Context) error {
	var req actualRequest
	if err := bindJSON(c, &req, false); err != nil {
		return err
	}
	return s.budgetCommand(c, func(b *domain.Budget) (events.Payload, error) {
		cost, _ := s.courseCost(c, c.Param("id"))
		return payloadOf(b.RecordActual(cost, req.ActualVND, req.Participants, text(req.Note), actorOf(c)))
	})
}

// budgetCommand runs a command on the budget of the path's course,
// honouring If-Match, and answers with the status it leads to.
func (s *Server) budgetCommand(c echo.Context, decide func(b *domain.Budget) (events.Payload, error)) error {
	want, err := ifMatch(c)
	if err != nil {
		return err
	}
	resp, err := s.runBudget(c, c.Param("id"), want, decide)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, resp)
}

// runBudget decides and appends a command on the budget of course id
// (want: the sequence required, 0 for any); shared by the API and pages.
func (s *Server) runBudget(c echo.Context, id string, want uint64, decide func(b *domain.Budget) (events.Payload, error)) (createdResponse, error) {
	var status string
	run, err := s.newCommand(c, func() (decision, error) {
		b, err := s.visibleBudget(c, id)
		if err != nil {
			return decision{}, err
		}
		if err := precondition(want, b.Seq()); err != nil {
			return decision{}, err
		}
		expected := b.Seq()
		pl, err := decide(&b)
		if err != nil {
			return decision{}, err
		}
		b.Apply(expected+1, pl)
		status = b.Status()
		return decision{subject: events.Subject(events.AggregateBudget, id), expected: expected, payload: pl}, nil
	})
	if err != nil {
		return createdResponse{}, err
	}
	out, err := s.run(c.Request().Context(), run)
	if err != nil {
		return createdResponse{}, err
	}
	if out.replay != nil {
		b, _ := s.cfg.State.Budget(id)
		status = b.Status()
	}
	return createdResponse{ID: id, Seq: out.seq, Status: status}, nil
}

// budgetTotalsOf is the totals page's data.
type budgetTotalsOf struct {
	ByAgency, ByYear []projections.BudgetTotal
}
