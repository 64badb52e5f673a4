package domain

import (
	"strings"

	"daotao/events"
)

// Statuses of a course budget.
const (
	BudgetSubmitted = "submitted" // waiting for Sở Tài chính's appraisal
	BudgetApproved  = "approved"  // approved as sent or adjusted
	BudgetReturned  = "returned"  // sent back to the lead agency
)

// BudgetStatusLabel returns the Vietnamese name of a budget status.
func BudgetStatusLabel(s string) string {
	return map[string]string{BudgetSubmitted: "Chờ Sở Tài chính thẩm định", BudgetApproved: "Đã thẩm định",
		BudgetReturned: "Trả lại để lập lại dự toán"}[s]
}

// MaxBudgetVND bounds a course's total (10.000 tỷ đồng), far beyond any
// real course, so that totals cannot overflow.
const MaxBudgetVND = 10_000_000_000_000

// CourseCost is what a budget needs to know of its course: its lead agency,
// title, year, participants and its cost estimate per person and in total.
// Finished says the course is over, so its actual cost can be recorded.
type CourseCost struct {
	CourseID     string
	LeadAgency   string
	Title        string
	Year         int
	Participants int
	PerPersonVND int64
	TotalVND     int64
	Finished     bool
}

// Budget is the cost estimate of one course and its appraisal, rebuilt
// from its events. The zero Budget is one never submitted.
type Budget struct {
	seq       uint64
	submitted events.BudgetSubmitted
	status    string
	approved  int64
	adjusted  bool
	reason    string
	actual    *events.BudgetActualRecorded
}

// Apply folds one event of the budget into its state.
func (b *Budget) Apply(seq uint64, p events.Payload) {
	b.seq = seq
	switch e := p.(type) {
	case *events.BudgetSubmitted:
		b.submitted, b.status, b.approved, b.adjusted, b.reason = *e, BudgetSubmitted, 0, false, ""
	case *events.BudgetApproved:
		b.status, b.approved, b.adjusted, b.reason = BudgetApproved, e.ApprovedVND, false, e.Note
	case *events.BudgetAdjusted:
		b.status, b.approved, b.adjusted, b.reason = BudgetApproved, e.ApprovedVND, true, e.Reason
	case *events.BudgetReturned:
		b.status, b.reason = BudgetReturned, e.Reason
	case *events.BudgetActualRecorded:
		actual := *e
		b.actual = &actual
	}
}

// Seq returns the stream sequence of the budget's last event.
func (b *Budget) Seq() uint64 { return b.seq }

// Status returns the budget's status, "" when never submitted.
func (b *Budget) Status() string { return b.status }

// AgencyCode returns the course's lead agency.
func (b *Budget) AgencyCode() string { return b.submitted.AgencyCode }

// SubmitBudget decides the lead agency's sending of course c's estimate for
// appraisal, first or again after a return. It returns KindForbidden for a
// role other than agency, KindNotFound for another agency's course,
// KindInvalid naming the fields at fault and KindConflict when the
// estimate is waiting or already approved.
func (b *Budget) SubmitBudget(c CourseCost, note string, actor events.Actor) (*events.BudgetSubmitted, error) {
	if !Is(actor, RoleAgency) {
		return nil, Forbidden("Chỉ đơn vị chủ trì khóa học được gửi dự toán.")
	}
	if actor.Agency != c.LeadAgency {
		return nil, NotFound("khóa học")
	}
	p := Problems{}
	if c.Participants <= 0 || c.Participants > 100_000 {
		p.Add("participants", "Số người tham gia phải từ 1 đến 100.000.")
	}
	if c.PerPersonVND <= 0 || c.PerPersonVND > MaxCostVND {
		p.Add("per_person_vnd", "Dự toán một người phải lớn hơn 0 và không quá 100.000.000.000 đồng.")
	}
	if c.TotalVND <= 0 || c.TotalVND > MaxBudgetVND {
		p.Add("total_vnd", "Tổng dự toán phải lớn hơn 0 và không quá 10.000 tỷ đồng.")
	}
	if c.Year < 2000 || c.Year > 2100 {
		p.Add("year", "Năm ngân sách phải trong khoảng 2000–2100.")
	}
	if msg := checkText(note, false); msg != "" {
		p.Add("note", msg)
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	if b.status == BudgetSubmitted || b.status == BudgetApproved {
		return nil, Transition("Dự toán của khóa học này " + strings.ToLower(BudgetStatusLabel(b.status)) + "; chỉ gửi lại dự toán đã bị trả lại.")
	}
	return &events.BudgetSubmitted{CourseID: c.CourseID, AgencyCode: c.LeadAgency, Title: c.Title, Year: c.Year,
		Participants: c.Participants, PerPersonVND: c.PerPersonVND, TotalVND: c.TotalVND, Note: strings.TrimSpace(note)}, nil
}

// Appraise decides Sở Tài chính's appraisal of a submitted estimate:
// action "approve" (note optional), "adjust" (amount and reason required)
// or "return" (reason required). It returns KindForbidden for a role other
// than finance, KindInvalid naming the fields at fault and KindConflict
// when the estimate is not waiting for appraisal.
func (b *Budget) Appraise(actor events.Actor, action string, amount int64, reason string) (events.Payload, error) {
	if !Is(actor, RoleFinance) {
		return nil, Forbidden("Chỉ Sở Tài chính được thẩm định dự toán.")
	}
	p := Problems{}
	required := action != "approve"
	if msg := checkText(reason, required); msg != "" {
		p.Add("reason", msg)
	}
	if action == "adjust" && (amount <= 0 || amount > MaxBudgetVND) {
		p.Add("approved_vnd", "Số tiền thẩm định phải lớn hơn 0 và không quá 10.000 tỷ đồng.")
	}
	if action == "adjust" && amount == b.submitted.TotalVND {
		p.Add("approved_vnd", "Số tiền bằng dự toán đã gửi: hãy chọn \"phê duyệt\".")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	if b.status != BudgetSubmitted {
		return nil, Transition("Chỉ thẩm định được dự toán đang chờ thẩm định.")
	}
	reason = strings.TrimSpace(reason)
	switch action {
	case "approve":
		return &events.BudgetApproved{ApprovedVND: b.submitted.TotalVND, Note: reason}, nil
	case "adjust":
		return &events.BudgetAdjusted{ApprovedVND: amount, Reason: reason}, nil
	}
	return &events.BudgetReturned{Reason: reason}, nil
}

// RecordActual decides the lead agency's recording of the actual cost of
// an approved course after it is over. A later record corrects an earlier
// one. It returns KindForbidden for a role other than agency, KindNotFound
// for another agency's course, KindInvalid naming the fields at fault and
// KindConflict before approval or before the course is over.
func (b *Budget) RecordActual(c CourseCost, actual int64, participants int, note string, actor events.Actor) (*events.BudgetActualRecorded, error) {
	if !Is(actor, RoleAgency) {
		return nil, Forbidden("Chỉ đơn vị chủ trì khóa học được ghi chi phí thực tế.")
	}
	if actor.Agency != b.submitted.AgencyCode {
		return nil, NotFound("khóa học")
	}
	p := Problems{}
	if actual <= 0 || actual > MaxBudgetVND {
		p.Add("actual_vnd", "Chi phí thực tế phải lớn hơn 0 và không quá 10.000 tỷ đồng.")
	}
	if participants <= 0 || participants > 100_000 {
		p.Add("participants", "Số người thực tế tham gia phải từ 1 đến 100.000.")
	}
	if msg := checkText(note, false); msg != "" {
		p.Add("note", msg)
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	switch {
	case b.status != BudgetApproved:
		return nil, Transition("Chỉ ghi chi phí thực tế của khóa học có dự toán đã được thẩm định.")
	case !c.Finished:
		return nil, Transition("Khóa học chưa kết thúc: ghi chi phí thực tế sau khi khóa học kết thúc.")
	}
	return &events.BudgetActualRecorded{ActualVND: actual, Participants: participants,
		PerPersonVND: roundDiv(actual, int64(participants)), Note: strings.TrimSpace(note)}, nil
}

// roundDiv returns num / den rounded half up to the đồng (num ≥ 0, den > 0).
func roundDiv(num, den int64) int64 { return (2*num + den) / (2 * den) }

// checkText returns the problem of a reason or note, "" for none.
func checkText(s string, required bool) string {
	if err := checkReason("reason", s, required); err != nil {
		if required && strings.TrimSpace(s) == "" {
			return "Cần nêu lý do."
		}
		return "Tối đa 2000 ký tự."
	}
	return ""
}

// CostPerPerson returns F for a participant of the course and where it
// came from: the actual cost per person once recorded, else the approved
// amount per participant, else the estimate per person. ok is false for a
// budget never submitted.
func (b *Budget) CostPerPerson() (vnd int64, source string, ok bool) {
	switch {
	case b.actual != nil:
		return b.actual.PerPersonVND, CostActual, true
	case b.status == BudgetApproved && b.submitted.Participants > 0:
		return roundDiv(b.approved, int64(b.submitted.Participants)), CostApproved, true
	case b.status != "":
		return b.submitted.PerPersonVND, CostEstimate, true
	}
	return 0, "", false
}

// BudgetView is a budget as the API shows it.
type BudgetView struct {
	events.BudgetSubmitted
	Seq               uint64 `json:"seq"`
	Status            string `json:"status"`
	StatusLabel       string `json:"status_label"`
	ApprovedVND       int64  `json:"approved_vnd"`
	Adjusted          bool   `json:"adjusted"`
	Reason            string `json:"reason,omitempty"`
	ActualVND         int64  `json:"actual_vnd"`
	ActualPerPerson   int64  `json:"actual_per_person_vnd"`
	ActualParticipant int    `json:"actual_participants"`
}

// View returns the budget as the API shows it.
func (b *Budget) View() BudgetView {
	v := BudgetView{BudgetSubmitted: b.submitted, Seq: b.seq, Status: b.status, StatusLabel: BudgetStatusLabel(b.status),
		ApprovedVND: b.approved, Adjusted: b.adjusted, Reason: b.reason}
	if b.actual != nil {
		v.ActualVND, v.ActualPerPerson, v.ActualParticipant = b.actual.ActualVND, b.actual.PerPersonVND, b.actual.Participants
	}
	return v
}
