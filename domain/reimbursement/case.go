package reimbursement

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"daotao/domain"
	"daotao/events"
)

// DueDays is how long an official has to pay after the reimbursement
// decision is issued.
const DueDays = 120

// Statuses of a reimbursement case. Overdue is not recorded: it is a
// decided case with money owed after its due day, computed for a given day.
const (
	StatusOpened      = "opened"      // opened by the agency, amount before reduction computed
	StatusRecommended = "recommended" // the council recommended the reduction and the amount
	StatusDecided     = "decided"     // the decision is issued; due in 120 days
	StatusPaid        = "paid"        // paid in full (in one or more instalments)
	StatusWaived      = "waived"      // the amount still owed was waived by a decision
	StatusOverdue     = "overdue"     // decided, money owed after the due day (computed)
)

// StatusLabel returns the Vietnamese name of a case status.
func StatusLabel(s string) string {
	return map[string]string{
		StatusOpened: "Đã mở, chờ Hội đồng xét", StatusRecommended: "Hội đồng đã đề xuất, chờ quyết định",
		StatusDecided: "Đã có quyết định, đang chờ nộp", StatusPaid: "Đã nộp đủ", StatusWaived: "Được miễn",
		StatusOverdue: "Quá hạn nộp",
	}[s]
}

// OpenCase is the command to open a reimbursement case.
type OpenCase struct {
	Case Case
	// EventDate is when the trigger happened: the day the official quit,
	// the result without a degree, the last day of service, the dismissal.
	EventDate events.Date
	Reason    string
	Rounding  Rounding
	// Today is the day the case is opened: the trigger cannot be later.
	Today events.Date
}

// NewCase decides the opening of case id for training t by the agency of
// the official. com is the training's service commitment, nil when none
// was opened. It computes the amount before the council's reduction, step
// by step, and for the cases after training returns the closing of the
// commitment, to be recorded atomically with the case. It returns
// KindForbidden for a role other than agency, KindNotFound for another
// agency's training, KindInvalid naming the fields at fault and
// KindUnprocessable when the case does not fit the training.
func NewCase(id string, t domain.FundedTraining, com *domain.Commitment, cmd OpenCase, actor events.Actor) (events.ReimbursementOpened, *events.CommitmentClosed, error) {
	var none events.ReimbursementOpened
	if !domain.Is(actor, domain.RoleAgency) {
		return none, nil, domain.Forbidden("Chỉ cơ quan, đơn vị quản lý cán bộ được mở hồ sơ đền bù.")
	}
	if actor.Agency != t.AgencyCode {
		return none, nil, domain.NotFound("hồ sơ cử đi")
	}
	if err := checkOpen(cmd); err != nil {
		return none, nil, err
	}
	if err := fits(t, com, cmd); err != nil {
		return none, nil, err
	}
	in := Input{Case: cmd.Case, CostVND: t.CostVND, Rounding: cmd.Rounding}
	var closed *events.CommitmentClosed
	if cmd.Case.prorated() {
		o := com.Opened()
		in.TrainingMonths, in.Multiplier = o.TrainingMonths, o.Multiplier
		in.ServedMonths, in.ServedDays = com.ServedOn(cmd.EventDate)
		var err error
		if closed, err = com.Break(id, cmd.EventDate, cmd.Reason); err != nil {
			return none, nil, err
		}
	}
	res, err := Preview(in)
	if err != nil {
		return none, nil, err
	}
	e := events.ReimbursementOpened{CaseID: id, NominationID: t.NominationID, OfficialID: t.OfficialID, AgencyCode: t.AgencyCode,
		Case: string(cmd.Case), EventDate: cmd.EventDate, Reason: strings.TrimSpace(cmd.Reason), CostVND: t.CostVND,
		CostSource: t.CostSource, TrainingMonths: in.TrainingMonths, Multiplier: in.Multiplier, ServedMonths: in.ServedMonths,
		ServedDays: in.ServedDays, MonthRounding: string(orDefault(cmd.Rounding)), T1Months: res.T1Months, T2Months: res.T2Months,
		BeforeReductionVND: res.BeforeReductionVND, Steps: openingSteps(res.Steps, t, com, cmd)}
	if com != nil {
		e.CommitmentID = com.ID()
	}
	return e, closed, nil
}

func orDefault(r Rounding) Rounding {
	if r == "" {
		return RoundHalfUp
	}
	return r
}

func checkOpen(cmd OpenCase) error {
	p := domain.Problems{}
	if !slices.Contains(Cases, cmd.Case) {
		p.Add("case", "Trường hợp phải là một trong: quit_during_training, no_degree, left_early, dismissed.")
	}
	switch {
	case cmd.EventDate.IsZero():
		p.Add("event_date", "Cần ngày phát sinh (YYYY-MM-DD).")
	case cmd.EventDate.After(cmd.Today):
		p.Add("event_date", "Ngày phát sinh không được sau hôm nay.")
	}
	if msg := text(cmd.Reason, true); msg != "" {
		p.Add("reason", msg)
	}
	if cmd.Rounding != "" && !slices.Contains(Roundings, cmd.Rounding) {
		p.Add("month_rounding", "Cách làm tròn tháng phải là half_up, floor hoặc ceil.")
	}
	return p.Err()
}

// text returns the problem of a reason or reference, "" for none.
func text(s string, required bool) string {
	s = strings.TrimSpace(s)
	switch {
	case required && s == "":
		return "Cần nêu nội dung."
	case utf8.RuneCountInString(s) > domain.MaxReasonRunes:
		return "Tối đa 2000 ký tự."
	}
	return ""
}

// fits refuses a case that does not fit the training and its commitment.
func fits(t domain.FundedTraining, com *domain.Commitment, cmd OpenCase) error {
	refuse := func(code, msg string) error {
		return &domain.Error{Kind: domain.KindUnprocessable, Code: code, Message: msg}
	}
	switch {
	case t.Kind != domain.KindPostgraduate:
		return refuse("not_postgraduate", "Đền bù chi phí đào tạo (Điều 7) áp dụng cho đào tạo từ trung cấp trở lên, ở đây là đào tạo sau đại học; bồi dưỡng không phát sinh đền bù.")
	case !t.Approved:
		return refuse("not_approved", "Hồ sơ cử đi đào tạo chưa được phê duyệt: không phát sinh đền bù.")
	case t.CostVND <= 0:
		return refuse("not_state_funded", "Khóa đào tạo không do ngân sách nhà nước hoặc cơ quan chi trả (chi phí bằng 0): không phát sinh đền bù.")
	}
	switch cmd.Case {
	case QuitDuringTraining:
		if cmd.EventDate.Before(t.Start) || cmd.EventDate.After(t.End) {
			return domain.Invalid("event_date", fmt.Sprintf("Ngày bỏ học, thôi việc phải trong thời gian đào tạo (%s – %s).", t.Start, t.End))
		}
	case NoDegree:
		if com != nil || t.Degree == domain.DegreeAwarded {
			return refuse("degree_awarded", "Cán bộ đã được cấp văn bằng: không thuộc trường hợp không được cấp văn bằng.")
		}
		if cmd.EventDate.Before(t.End) && t.Degree != domain.DegreeNotAwarded {
			return domain.Invalid("event_date", "Trường hợp không được cấp văn bằng phát sinh khi kết thúc khóa học ("+t.End.String()+") trở về sau.")
		}
	case LeftEarly, Dismissed:
		if com == nil {
			return refuse("no_commitment", "Chưa có cam kết phục vụ sau đào tạo của hồ sơ này: mở cam kết khi cán bộ được cấp văn bằng; nếu nghỉ việc trong thời gian đào tạo, chọn trường hợp bỏ học, thôi việc trong thời gian đào tạo.")
		}
		if com.Status(cmd.EventDate) == domain.CommitmentServed {
			return refuse("commitment_served", "Đến ngày "+dmy(cmd.EventDate)+" cán bộ đã phục vụ đủ thời gian cam kết: không phát sinh đền bù.")
		}
	}
	return nil
}

// openingSteps returns the steps of the preview up to S, with where F and
// T2 came from, and a note that the reduction is the council's.
func openingSteps(steps []Step, t domain.FundedTraining, com *domain.Commitment, cmd OpenCase) []events.MoneyStep {
	var out []events.MoneyStep
	for _, s := range steps {
		if s.Label == reductionLabel || s.Label == amountLabel {
			continue
		}
		out = append(out, events.MoneyStep(s))
		switch s.Label {
		case "Chi phí đào tạo (F)":
			out = append(out, events.MoneyStep{Label: "Nguồn số liệu F", Formula: domain.CostSourceLabel(t.CostSource), Value: sourceValue(t.CostSource)})
		case "Thời gian đã phục vụ sau đào tạo (T2)":
			out = append(out, events.MoneyStep{Label: "Cách tính T2",
				Formula: fmt.Sprintf("Từ ngày bắt đầu phục vụ %s đến ngày %s", dmy(com.Opened().StartDate), dmy(cmd.EventDate)), Value: "theo ngày dương lịch"})
		}
	}
	return append(out, events.MoneyStep{Label: "Số tiền trước giảm trừ (S)", Formula: "Giảm trừ theo Điều 9 do Hội đồng xét đền bù đề xuất ở bước sau", Value: dong(lastS(steps))})
}

func sourceValue(src string) string {
	return map[string]string{domain.CostActual: "quyết toán", domain.CostApproved: "dự toán đã thẩm định", domain.CostEstimate: "dự toán"}[src]
}

// lastS returns S from the steps: the value of the step that computes it.
func lastS(steps []Step) int64 {
	for _, s := range steps {
		if s.Label == sLabel {
			return parseDong(s.Value)
		}
	}
	return 0
}

func parseDong(v string) int64 {
	var n int64
	for _, r := range v {
		if r >= '0' && r <= '9' {
			n = n*10 + int64(r-'0')
		}
	}
	return n
}

// dmy writes a date as dd/mm/yyyy.
func dmy(d events.Date) string { return d.Time().Format("02/01/2006") }

// Labels of the steps the case refers to.
const (
	sLabel         = "Chi phí đền bù theo Điều 8 (S)"
	reductionLabel = "Giảm trừ theo số năm công tác trước khi đi đào tạo (Điều 9)"
	amountLabel    = "Số tiền phải đền bù"
)

// Recommend is the reimbursement council's recommendation.
type Recommend struct {
	PriorServiceYears   int
	ReductionPctPerYear float64
	Note                string
}

// ReimbursementCase is one case, rebuilt from its events.
type ReimbursementCase struct {
	seq         uint64
	opened      events.ReimbursementOpened
	status      string
	recommended *events.ReimbursementRecommended
	decided     *events.ReimbursementDecided
	waived      *events.ReimbursementWaived
	payments    []events.ReimbursementPaid
	paid        int64
}

// Apply folds one event of the case into its state.
func (c *ReimbursementCase) Apply(seq uint64, p events.Payload) {
	c.seq = seq
	switch e := p.(type) {
	case *events.ReimbursementOpened:
		c.opened, c.status = *e, StatusOpened
	case *events.ReimbursementRecommended:
		r := *e
		c.recommended, c.status = &r, StatusRecommended
	case *events.ReimbursementDecided:
		d := *e
		c.decided, c.status = &d, StatusDecided
		if d.AmountVND == 0 {
			c.status = StatusPaid
		}
	case *events.ReimbursementPaid:
		c.payments = append(slices.Clip(c.payments), *e)
		c.paid += e.AmountVND
		if c.decided != nil && c.paid >= c.decided.AmountVND {
			c.status = StatusPaid
		}
	case *events.ReimbursementWaived:
		w := *e
		c.waived, c.status = &w, StatusWaived
	}
}

// Seq returns the stream sequence of the case's last event.
func (c *ReimbursementCase) Seq() uint64 { return c.seq }

// ID returns the case's id.
func (c *ReimbursementCase) ID() string { return c.opened.CaseID }

// AgencyCode returns the agency of the official.
func (c *ReimbursementCase) AgencyCode() string { return c.opened.AgencyCode }

// Opened returns what opened the case.
func (c *ReimbursementCase) Opened() events.ReimbursementOpened { return c.opened }

// Recommend decides the council's recommendation: the reduction per year
// of service before training (at most maxPct: 1.5 for women and
// ethnic-minority officials, 1.0 otherwise) and the amount it gives. It
// may be given again until the decision is issued. It returns
// KindForbidden for a role other than council, KindInvalid naming the
// fields at fault and KindConflict after the decision.
func (c *ReimbursementCase) Recommend(actor events.Actor, r Recommend, maxPct float64) (*events.ReimbursementRecommended, error) {
	if !domain.Is(actor, domain.RoleCouncil) {
		return nil, domain.Forbidden("Chỉ Hội đồng xét đền bù được đề xuất mức đền bù.")
	}
	if msg := text(r.Note, false); msg != "" {
		return nil, domain.Invalid("note", msg)
	}
	if r.ReductionPctPerYear > maxPct+1e-9 {
		return nil, domain.Invalid("reduction_pct_per_year", fmt.Sprintf("Tỷ lệ giảm mỗi năm của cán bộ này tối đa %s%% (1,5%% chỉ áp dụng cho nữ hoặc người dân tộc thiểu số).", strings.ReplaceAll(fmt.Sprint(maxPct), ".", ",")))
	}
	if c.status != StatusOpened && c.status != StatusRecommended {
		return nil, c.refuse("đề xuất", "chỉ đề xuất trước khi có quyết định")
	}
	o := c.opened
	res, err := Preview(Input{Case: Case(o.Case), CostVND: o.CostVND, TrainingMonths: o.TrainingMonths, Multiplier: o.Multiplier,
		ServedMonths: o.ServedMonths, ServedDays: o.ServedDays, Rounding: Rounding(o.MonthRounding),
		PriorServiceYears: r.PriorServiceYears, ReductionPctPerYear: r.ReductionPctPerYear})
	if err != nil {
		return nil, err
	}
	steps := make([]events.MoneyStep, 0, len(res.Steps)+1)
	for _, s := range res.Steps {
		steps = append(steps, events.MoneyStep(s))
		if s.Label == "Chi phí đào tạo (F)" {
			steps = append(steps, events.MoneyStep{Label: "Nguồn số liệu F", Formula: domain.CostSourceLabel(o.CostSource), Value: sourceValue(o.CostSource)})
		}
	}
	return &events.ReimbursementRecommended{PriorServiceYears: r.PriorServiceYears, ReductionPctPerYear: r.ReductionPctPerYear,
		AmountVND: res.AmountVND, Note: strings.TrimSpace(r.Note), Steps: steps}, nil
}

// Decide decides the issuing of the reimbursement decision ref on day by
// Sở Nội vụ, for the amount the council recommended; payment is due
// DueDays later. It returns KindForbidden for another role, KindInvalid
// naming the fields at fault and KindConflict unless the council has
// recommended.
func (c *ReimbursementCase) Decide(actor events.Actor, ref string, day, today events.Date) (*events.ReimbursementDecided, error) {
	if !domain.Is(actor, domain.RoleHomeAffairs) {
		return nil, domain.Forbidden("Chỉ Sở Nội vụ (thay mặt cơ quan có thẩm quyền quản lý cán bộ) được ban hành quyết định đền bù.")
	}
	if err := checkDecision(ref, day, c.opened.EventDate, today); err != nil {
		return nil, err
	}
	if c.status != StatusRecommended {
		return nil, c.refuse("ban hành quyết định", "cần đề xuất của Hội đồng xét đền bù trước")
	}
	return &events.ReimbursementDecided{DecisionRef: strings.TrimSpace(ref), DecidedOn: day, DueOn: day.AddDate(0, 0, DueDays),
		AmountVND: c.recommended.AmountVND}, nil
}

func checkDecision(ref string, day, after, today events.Date) error {
	p := domain.Problems{}
	if msg := text(ref, true); msg != "" {
		p.Add("decision_ref", "Cần số, ký hiệu quyết định (tối đa 2000 ký tự).")
	}
	switch {
	case day.IsZero():
		p.Add("decided_on", "Cần ngày ban hành quyết định (YYYY-MM-DD).")
	case day.Before(after):
		p.Add("decided_on", "Ngày quyết định không được trước ngày phát sinh ("+dmy(after)+").")
	case day.After(today):
		p.Add("decided_on", "Ngày quyết định không được sau hôm nay.")
	}
	return p.Err()
}

// Pay decides a payment recorded by Sở Tài chính: an instalment or the
// rest. The payments never add up to more than the decided amount. It
// returns KindForbidden for another role, KindInvalid naming the fields at
// fault (an overpayment names amount_vnd) and KindConflict unless the
// case is decided and not paid in full.
func (c *ReimbursementCase) Pay(actor events.Actor, amount int64, day events.Date, receipt string, today events.Date) (*events.ReimbursementPaid, error) {
	if !domain.Is(actor, domain.RoleFinance) {
		return nil, domain.Forbidden("Chỉ Sở Tài chính được ghi nhận khoản nộp đền bù.")
	}
	if c.status != StatusDecided {
		return nil, c.refuse("ghi nhận khoản nộp", "chỉ ghi nhận khi đã có quyết định và còn số tiền phải nộp")
	}
	p := domain.Problems{}
	owed := c.Outstanding()
	switch {
	case amount <= 0:
		p.Add("amount_vnd", "Số tiền nộp phải lớn hơn 0 đồng.")
	case amount > owed:
		p.Add("amount_vnd", fmt.Sprintf("Số tiền nộp %s vượt số còn phải nộp %s: không nhận nộp thừa.", dong(amount), dong(owed)))
	}
	switch {
	case day.IsZero():
		p.Add("paid_on", "Cần ngày nộp (YYYY-MM-DD).")
	case day.Before(c.decided.DecidedOn):
		p.Add("paid_on", "Ngày nộp không được trước ngày quyết định ("+dmy(c.decided.DecidedOn)+").")
	case day.After(today):
		p.Add("paid_on", "Ngày nộp không được sau hôm nay.")
	}
	if msg := text(receipt, true); msg != "" {
		p.Add("receipt_ref", "Cần số chứng từ nộp tiền (tối đa 2000 ký tự).")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return &events.ReimbursementPaid{AmountVND: amount, PaidOn: day, ReceiptRef: strings.TrimSpace(receipt)}, nil
}

// Waive decides the waiver, by Sở Nội vụ's decision ref on day, of what is
// still owed. It returns KindForbidden for another role, KindInvalid
// naming the fields at fault and KindConflict for a case paid or waived.
func (c *ReimbursementCase) Waive(actor events.Actor, ref string, day events.Date, reason string, today events.Date) (*events.ReimbursementWaived, error) {
	if !domain.Is(actor, domain.RoleHomeAffairs) {
		return nil, domain.Forbidden("Chỉ Sở Nội vụ (thay mặt cơ quan có thẩm quyền quản lý cán bộ) được quyết định miễn đền bù.")
	}
	if err := checkDecision(ref, day, c.opened.EventDate, today); err != nil {
		return nil, err
	}
	if msg := text(reason, true); msg != "" {
		return nil, domain.Invalid("reason", msg)
	}
	if c.status == StatusPaid || c.status == StatusWaived {
		return nil, c.refuse("miễn", "hồ sơ đã kết thúc")
	}
	return &events.ReimbursementWaived{DecisionRef: strings.TrimSpace(ref), DecidedOn: day, Reason: strings.TrimSpace(reason),
		WaivedVND: c.Outstanding()}, nil
}

// Amount returns what the official owes: the decided amount, else the
// recommended one, else S before reduction.
func (c *ReimbursementCase) Amount() int64 {
	switch {
	case c.decided != nil:
		return c.decided.AmountVND
	case c.recommended != nil:
		return c.recommended.AmountVND
	}
	return c.opened.BeforeReductionVND
}

// Outstanding returns what is still to pay.
func (c *ReimbursementCase) Outstanding() int64 {
	if c.status == StatusWaived {
		return 0
	}
	return c.Amount() - c.paid
}

// StatusOn returns the status on day: overdue for a decided case with
// money owed after its due day.
func (c *ReimbursementCase) StatusOn(day events.Date) string {
	if c.status == StatusDecided && day.After(c.decided.DueOn) && c.Outstanding() > 0 {
		return StatusOverdue
	}
	return c.status
}

func (c *ReimbursementCase) refuse(verb, why string) error {
	return domain.Transition("Không thể " + verb + " hồ sơ đền bù đang ở trạng thái \"" + StatusLabel(c.status) + "\": " + why + ".")
}

// CaseView is a case as the API shows it on a given day.
type CaseView struct {
	events.ReimbursementOpened
	Seq                 uint64                       `json:"seq"`
	CaseLabel           string                       `json:"case_label"`
	Status              string                       `json:"status"`
	StatusLabel         string                       `json:"status_label"`
	Overdue             bool                         `json:"overdue"`
	DaysOverdue         int                          `json:"days_overdue,omitempty"`
	AmountVND           int64                        `json:"amount_vnd"`
	PaidVND             int64                        `json:"paid_vnd"`
	OutstandingVND      int64                        `json:"outstanding_vnd"`
	PriorServiceYears   int                          `json:"prior_service_years"`
	ReductionPctPerYear float64                      `json:"reduction_pct_per_year"`
	RecommendationNote  string                       `json:"recommendation_note,omitempty"`
	Recommended         bool                         `json:"recommended"`
	Decision            *events.ReimbursementDecided `json:"decision,omitempty"`
	Waiver              *events.ReimbursementWaived  `json:"waiver,omitempty"`
	Payments            []events.ReimbursementPaid   `json:"payments"`
	// AmountSteps are the steps of the amount as it stands: the council's
	// when it has recommended, else the opening's.
	AmountSteps []events.MoneyStep `json:"amount_steps"`
}

// View returns the case as of day.
func (c *ReimbursementCase) View(day events.Date) CaseView {
	v := CaseView{ReimbursementOpened: c.opened, Seq: c.seq, CaseLabel: Case(c.opened.Case).Label(), Status: c.StatusOn(day),
		AmountVND: c.Amount(), PaidVND: c.paid, OutstandingVND: c.Outstanding(), Decision: c.decided, Waiver: c.waived,
		Payments: slices.Clone(c.payments), AmountSteps: c.opened.Steps}
	if v.Payments == nil {
		v.Payments = []events.ReimbursementPaid{}
	}
	v.StatusLabel = StatusLabel(v.Status)
	if v.Status == StatusOverdue {
		v.Overdue = true
		v.DaysOverdue = int(day.Time().Sub(c.decided.DueOn.Time()).Hours() / 24)
	}
	if r := c.recommended; r != nil {
		v.Recommended, v.PriorServiceYears, v.ReductionPctPerYear, v.RecommendationNote, v.AmountSteps = true, r.PriorServiceYears, r.ReductionPctPerYear, r.Note, r.Steps
	}
	return v
}
