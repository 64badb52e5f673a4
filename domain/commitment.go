package domain

import (
	"strings"

	"daotao/events"
)

// Where F, the cost per person of a training, came from.
const (
	// CostActual is the actual cost per person settled after the course.
	CostActual = "actual"
	// CostApproved is the estimate as Sở Tài chính approved it.
	CostApproved = "approved"
	// CostEstimate is the estimate of the lead agency or of the nomination,
	// not yet appraised.
	CostEstimate = "estimate"
)

// CostSourceLabel says in Vietnamese where F came from.
func CostSourceLabel(src string) string {
	switch src {
	case CostActual:
		return "Chi phí thực tế bình quân một người theo quyết toán của khóa học"
	case CostApproved:
		return "Chưa có quyết toán: dùng dự toán bình quân một người đã được Sở Tài chính thẩm định"
	case CostEstimate:
		return "Chưa có quyết toán và dự toán chưa được thẩm định: dùng dự toán chi phí một người"
	}
	return src
}

// Degree outcomes of a postgraduate programme as recorded at completion.
const (
	DegreeUnknown    = ""
	DegreeAwarded    = "awarded"
	DegreeNotAwarded = "not_awarded"
)

// FundedTraining is what a commitment and a reimbursement case need to know of
// one official's training: the nomination that sent them, its dates and
// length, the rule set the commitment was signed under, its cost per
// person (F) and, when completion was recorded, whether a degree was
// awarded. The caller assembles it from the projections.
type FundedTraining struct {
	NominationID string
	OfficialID   string
	AgencyCode   string
	Title        string
	Kind         string
	Approved     bool
	Start, End   events.Date
	Months       int
	// SignedOn is the day the commitment was signed (the nomination's
	// approval); RuleSet and Multiplier the rule set in force that day.
	SignedOn   events.Date
	RuleSet    string
	Multiplier int
	CostVND    int64
	CostSource string
	Degree     string
	DegreeOn   events.Date
}

// OpenCommitment is the command to open the service commitment of a
// completed postgraduate programme.
type OpenCommitment struct {
	// CompletedOn is the day the degree was awarded; StartDate the day
	// service counts from (zero: CompletedOn).
	CompletedOn, StartDate events.Date
	// Today is the day of the command: the degree cannot be later.
	Today events.Date
}

// NewCommitment decides an OpenCommitment for training t. The agency of
// the official and Sở Nội vụ may open it. It returns KindForbidden for
// other roles, KindNotFound for another agency's training, KindInvalid
// naming the fields at fault, and KindUnprocessable when the training does
// not open a commitment (not an approved, state-funded postgraduate
// programme, or no degree awarded).
func NewCommitment(id string, t FundedTraining, cmd OpenCommitment, actor events.Actor) (events.CommitmentOpened, error) {
	if !Is(actor, RoleAgency) && !Is(actor, RoleHomeAffairs) {
		return events.CommitmentOpened{}, Forbidden("Chỉ cơ quan, đơn vị quản lý cán bộ hoặc Sở Nội vụ được mở cam kết phục vụ.")
	}
	if Is(actor, RoleAgency) && actor.Agency != t.AgencyCode {
		return events.CommitmentOpened{}, NotFound("hồ sơ cử đi")
	}
	if err := t.opensCommitment(); err != nil {
		return events.CommitmentOpened{}, err
	}
	completed := cmd.CompletedOn
	if completed.IsZero() && t.Degree == DegreeAwarded {
		completed = t.DegreeOn
	}
	startAt := cmd.StartDate
	if startAt.IsZero() {
		startAt = completed
	}
	p := Problems{}
	switch {
	case completed.IsZero():
		p.Add("completed_on", "Cần ngày được cấp văn bằng (YYYY-MM-DD).")
	case completed.Before(t.Start):
		p.Add("completed_on", "Ngày được cấp văn bằng không được trước ngày bắt đầu đào tạo.")
	case completed.After(cmd.Today):
		p.Add("completed_on", "Ngày được cấp văn bằng không được sau hôm nay.")
	}
	if !completed.IsZero() && startAt.Before(completed) {
		p.Add("start_date", "Thời gian phục vụ tính từ ngày được cấp văn bằng trở về sau.")
	}
	if err := p.Err(); err != nil {
		return events.CommitmentOpened{}, err
	}
	return events.CommitmentOpened{
		CommitmentID: id, NominationID: t.NominationID, OfficialID: t.OfficialID, AgencyCode: t.AgencyCode, Title: t.Title,
		CompletedOn: completed, StartDate: startAt, TrainingMonths: t.Months, Multiplier: t.Multiplier,
		RequiredMonths: t.Multiplier * t.Months, RuleSet: t.RuleSet, SignedOn: t.SignedOn, CostVND: t.CostVND, CostSource: t.CostSource,
	}, nil
}

// opensCommitment refuses a training that does not open a commitment.
func (t FundedTraining) opensCommitment() error {
	refuse := func(code, msg string) error { return &Error{Kind: KindUnprocessable, Code: code, Message: msg} }
	switch {
	case t.Kind != KindPostgraduate:
		return refuse("not_postgraduate", "Chỉ đào tạo sau đại học mới phát sinh cam kết phục vụ.")
	case !t.Approved:
		return refuse("not_approved", "Hồ sơ cử đi đào tạo chưa được phê duyệt.")
	case t.CostVND <= 0:
		return refuse("not_state_funded", "Chương trình không do ngân sách nhà nước hoặc cơ quan chi trả (chi phí bằng 0): không phát sinh cam kết phục vụ và đền bù.")
	case t.Degree == DegreeNotAwarded:
		return refuse("no_degree", "Kết quả ghi nhận không được cấp văn bằng: không mở cam kết phục vụ; xem trường hợp đền bù \"không được cấp văn bằng\".")
	case t.Months <= 0:
		return refuse("no_duration", "Chưa có thời gian đào tạo (tháng) nên không tính được thời gian phải phục vụ.")
	case t.Multiplier != 2 && t.Multiplier != 3:
		return refuse("no_rule_set", "Không xác định được hệ số cam kết (2 hoặc 3 lần) theo quy định áp dụng khi ký cam kết.")
	}
	return nil
}

// Statuses of a commitment.
const (
	CommitmentOpen   = "open"   // being served
	CommitmentServed = "served" // served in full
	CommitmentBroken = "broken" // left before it was served; a reimbursement case opened
)

// CommitmentStatusLabel returns the Vietnamese name of a commitment status.
func CommitmentStatusLabel(s string) string {
	return map[string]string{CommitmentOpen: "Đang thực hiện", CommitmentServed: "Đã phục vụ đủ", CommitmentBroken: "Chưa phục vụ đủ, đã mở hồ sơ đền bù"}[s]
}

// Commitment is one service commitment, rebuilt from its events.
type Commitment struct {
	seq    uint64
	opened events.CommitmentOpened
	closed *events.CommitmentClosed
}

// Apply folds one event of the commitment into its state.
func (c *Commitment) Apply(seq uint64, p events.Payload) {
	c.seq = seq
	switch e := p.(type) {
	case *events.CommitmentOpened:
		c.opened = *e
	case *events.CommitmentClosed:
		closed := *e
		c.closed = &closed
	}
}

// Seq returns the stream sequence of the commitment's last event.
func (c *Commitment) Seq() uint64 { return c.seq }

// Opened returns what opened the commitment.
func (c *Commitment) Opened() events.CommitmentOpened { return c.opened }

// ID returns the commitment's id.
func (c *Commitment) ID() string { return c.opened.CommitmentID }

// AgencyCode returns the agency of the official.
func (c *Commitment) AgencyCode() string { return c.opened.AgencyCode }

// ServedOn returns the time served from the start of service to day, in
// whole months and the days beyond them (0–30); zero before the start.
func (c *Commitment) ServedOn(day events.Date) (months, days int) {
	return MonthsAndDays(c.opened.StartDate, day)
}

// MonthsAndDays returns the whole calendar months from start to end and
// the days beyond them; zero when end is not after start.
func MonthsAndDays(start, end events.Date) (months, days int) {
	if start.IsZero() || !end.After(start) {
		return 0, 0
	}
	s, e := start.Time(), end.Time()
	months = (e.Year()-s.Year())*12 + int(e.Month()) - int(s.Month())
	if start.AddDate(0, months, 0).After(end) {
		months--
	}
	days = int(e.Sub(start.AddDate(0, months, 0).Time()).Hours() / 24)
	if days > 30 {
		days = 30
	}
	return months, days
}

// Status returns the commitment's status on day: broken or served once
// closed, served once the required months have passed, else open.
func (c *Commitment) Status(day events.Date) string {
	if c.closed != nil {
		return c.closed.Outcome
	}
	if m, _ := c.ServedOn(day); m >= c.opened.RequiredMonths {
		return CommitmentServed
	}
	return CommitmentOpen
}

// Break decides the closing of the commitment by a reimbursement case
// caseID for leaving (or dismissal) on day. It is recorded atomically with
// the case's opening. It returns KindConflict when the commitment is
// already closed.
func (c *Commitment) Break(caseID string, day events.Date, reason string) (*events.CommitmentClosed, error) {
	if c.closed != nil {
		return nil, Transition("Cam kết phục vụ này đã kết thúc (" + CommitmentStatusLabel(c.closed.Outcome) + ").")
	}
	if day.Before(c.opened.StartDate) {
		return nil, Invalid("event_date", "Ngày nghỉ việc không được trước ngày bắt đầu tính thời gian phục vụ ("+c.opened.StartDate.String()+").")
	}
	m, _ := c.ServedOn(day)
	return &events.CommitmentClosed{Outcome: CommitmentBroken, ClosedOn: day, ServedMonths: m, CaseID: caseID, Reason: strings.TrimSpace(reason)}, nil
}

// Complete decides the closing of a commitment served in full, on day, by
// the official's agency or Sở Nội vụ. It returns KindConflict while months
// remain to serve or when it is already closed.
func (c *Commitment) Complete(actor events.Actor, day events.Date) (*events.CommitmentClosed, error) {
	if !Is(actor, RoleAgency) && !Is(actor, RoleHomeAffairs) {
		return nil, Forbidden("Chỉ cơ quan, đơn vị quản lý cán bộ hoặc Sở Nội vụ được xác nhận hoàn thành cam kết.")
	}
	if Is(actor, RoleAgency) && actor.Agency != c.opened.AgencyCode {
		return nil, NotFound("cam kết phục vụ")
	}
	if c.closed != nil {
		return nil, Transition("Cam kết phục vụ này đã kết thúc (" + CommitmentStatusLabel(c.closed.Outcome) + ").")
	}
	m, _ := c.ServedOn(day)
	if m < c.opened.RequiredMonths {
		return nil, Transition("Chưa phục vụ đủ thời gian cam kết: mới " + itoa(m) + "/" + itoa(c.opened.RequiredMonths) + " tháng.")
	}
	return &events.CommitmentClosed{Outcome: CommitmentServed, ClosedOn: day, ServedMonths: m}, nil
}

// CommitmentView is a commitment as the API shows it on a given day.
type CommitmentView struct {
	events.CommitmentOpened
	Seq          uint64      `json:"seq"`
	Status       string      `json:"status"`
	StatusLabel  string      `json:"status_label"`
	ServedMonths int         `json:"served_months"`
	ServedDays   int         `json:"served_days"`
	LeftMonths   int         `json:"left_months"`
	EndsOn       events.Date `json:"ends_on"`
	ClosedOn     events.Date `json:"closed_on"`
	CaseID       string      `json:"case_id,omitempty"`
}

// View returns the commitment as of day.
func (c *Commitment) View(day events.Date) CommitmentView {
	v := CommitmentView{CommitmentOpened: c.opened, Seq: c.seq, Status: c.Status(day),
		EndsOn: c.opened.StartDate.AddDate(0, c.opened.RequiredMonths, 0)}
	v.StatusLabel = CommitmentStatusLabel(v.Status)
	until := day
	if c.closed != nil {
		until, v.ClosedOn, v.CaseID = c.closed.ClosedOn, c.closed.ClosedOn, c.closed.CaseID
	}
	v.ServedMonths, v.ServedDays = c.ServedOn(until)
	if v.ServedMonths > c.opened.RequiredMonths {
		v.ServedMonths, v.ServedDays = c.opened.RequiredMonths, 0
	}
	v.LeftMonths = c.opened.RequiredMonths - v.ServedMonths
	return v
}
