package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"daotao/domain"
	"daotao/projections"
)

type queuePage struct {
	Contents []string
	// Council is set for a stage role (Sở Nội vụ, the council, the
	// standing committee): its queue holds the items awaiting its stage,
	// which it may decide in bulk. Stage names that stage.
	Council  bool
	Stage    string
	Filter   projections.NominationFilter
	Agencies []domain.Agency
	List     listing[nominationRow]
	Results  []bulkResult
	Action   string
	Saved    savedFilters
	// OverdueReports counts the reports officials owe that are past due,
	// for an agency (its own officials) and Sở Nội vụ (pages_completion.go).
	OverdueReports int
}

type bulkResult struct {
	ID, Title, Official string
	OK                  bool
	Message             string
}

func (s *Server) queuePage(c echo.Context) error {
	return s.renderQueue(c, http.StatusOK, nil, "", "")
}

func (s *Server) renderQueue(c echo.Context, status int, results []bulkResult, action, msg string) error {
	return s.renderQueueWith(c, status, msg, func(p *queuePage) { p.Results, p.Action = results, action })
}

// renderQueueWith renders the queue with msg, letting adjust fill in what
// the request at hand adds to the page.
func (s *Server) renderQueueWith(c echo.Context, status int, msg string, adjust func(*queuePage)) error {
	a := actorOf(c)
	pg, _ := webPage(c, nil)
	f := s.webNominationFilter(c, "")
	f.Status, f.Stage = []domain.Status{domain.StatusSubmitted}, queueStage(a)
	if domain.Is(a, domain.RoleAgency) {
		f.Status = []domain.Status{domain.StatusReturned, domain.StatusDraft}
	}
	if err := s.scopeAgency(c, &f.Agency); err != nil {
		return err
	}
	if err := s.awaitRead(c); err != nil {
		return err
	}
	items, total := s.cfg.State.Queue(f, pg)
	p := queuePage{Council: domain.IsStageRole(domain.Role(a.Role)), Stage: domain.StageLabel(string(f.Stage)), Filter: f, Contents: domain.ContentCodes,
		List: newListing(c, s.rows(items), total, pg, "", nil), Saved: s.savedFilters(c, f)}
	if p.Council {
		p.Agencies = s.agencies().All()
	}
	adjust(&p)
	p.OverdueReports = s.overdueCount(c) // pages_completion.go
	title := "Việc cần làm"
	if p.Council {
		title = "Hàng đợi xử lý"
	}
	v := s.newView(c, title, p)
	v.Error = msg
	return s.renderView(c, status, "queue", v)
}

// bulkDecide applies one decision to every selected nomination, each
// through exactly the same rules as a single decision, and reports a
// result per item.
func (s *Server) bulkDecide(c echo.Context) error {
	action := c.FormValue("action")
	if action != "approve" && action != "return" && action != "reject" {
		return s.renderQueue(c, http.StatusBadRequest, nil, "", "Hãy chọn thao tác: phê duyệt, trả lại hoặc không phê duyệt.")
	}
	form, err := c.FormParams()
	if err != nil {
		return domain.Invalid("ids", "Không đọc được danh sách hồ sơ đã chọn.")
	}
	ids := form["ids"]
	if len(ids) == 0 || len(ids) > 200 {
		return s.renderQueue(c, http.StatusBadRequest, nil, "", "Hãy chọn từ 1 đến 200 hồ sơ.")
	}
	reason := text(c.FormValue("reason"))
	results := make([]bulkResult, 0, len(ids))
	for _, id := range ids {
		results = append(results, s.decideOne(c, id, s.decider(c, action, reason)))
	}
	return s.renderQueue(c, http.StatusOK, results, action, "")
}

func (s *Server) decideOne(c echo.Context, id string, decide nominationDecider) bulkResult {
	r := bulkResult{ID: id}
	if n, ok := s.cfg.State.Nomination(id); ok {
		r.Title = n.View().Title
		o, _ := s.cfg.State.Official(n.OfficialID())
		r.Official = o.FullName
	}
	_, err := s.decideNomination(c, id, 0, decide)
	if err == nil {
		r.OK, r.Message = true, "Đã thực hiện."
		return r
	}
	_, body := s.describe(err)
	r.Message = body.Message
	if m, ok := body.Fields["reason"]; ok {
		r.Message = m
	}
	return r
}
