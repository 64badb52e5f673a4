package domain

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"daotao/events"
)

// Status is where a nomination stands.
type Status string

// The statuses of a nomination.
//
//	draft → submitted → (returned → submitted)* → approved | rejected
//	withdrawn from draft, submitted or returned
const (
	StatusDraft     Status = "draft"
	StatusSubmitted Status = "submitted"
	StatusReturned  Status = "returned"
	StatusApproved  Status = "approved"
	StatusRejected  Status = "rejected"
	StatusWithdrawn Status = "withdrawn"
)

// Statuses lists every status in workflow order.
var Statuses = []Status{StatusDraft, StatusSubmitted, StatusReturned, StatusApproved, StatusRejected, StatusWithdrawn}

// Label returns the Vietnamese name of the status.
func (s Status) Label() string {
	return map[Status]string{
		StatusDraft: "Bản nháp", StatusSubmitted: "Đã gửi, chờ xét", StatusReturned: "Trả lại để bổ sung",
		StatusApproved: "Đã phê duyệt", StatusRejected: "Không phê duyệt", StatusWithdrawn: "Đã rút",
	}[s]
}

// Nomination kinds.
const (
	KindRefresher    = "boi_duong"   // bồi dưỡng chuyên sâu
	KindPostgraduate = "sau_dai_hoc" // đào tạo sau đại học
)

// ContentCodes are the orientation contents of Phụ lục I of the Đề án.
var ContentCodes = []string{
	"A.1", "A.2", "B.1", "B.2", "B.3", "B.4", "B.5", "C.1", "C.2", "D.1", "D.2", "D.3",
	"Đ.1", "Đ.2", "Đ.3", "Đ.4", "E.1", "E.2", "G.1", "G.2", "H.1", "H.2", "H.3", "H.4", "H.5",
}

// Limits on nomination input.
const (
	MaxTitleRunes         = 300
	MaxReasonRunes        = 2000
	MaxCostVND            = 100_000_000_000 // 100 tỷ đồng per person
	maxRefresherDays      = 366
	maxPostgraduateMonths = 72
)

// CreateNomination is the command to draft a nomination.
type CreateNomination struct {
	OfficialID string
	Kind       string
	events.NominationDetails
}

// NewNomination decides a CreateNomination for official (nil when unknown).
// It returns KindForbidden for a role other than agency, KindNotFound when the
// official is unknown or on another agency's roster (an agency must not learn
// of others' officials), and KindInvalid naming the fields at fault.
func NewNomination(id string, cmd CreateNomination, official *Official, actor events.Actor) (events.NominationCreated, error) {
	if !Is(actor, RoleAgency) {
		return events.NominationCreated{}, Forbidden("Chỉ cán bộ tổ chức của cơ quan, đơn vị được lập hồ sơ cử đi đào tạo, bồi dưỡng.")
	}
	p := Problems{}
	if cmd.Kind != KindRefresher && cmd.Kind != KindPostgraduate {
		p.Add("kind", `Loại phải là "boi_duong" hoặc "sau_dai_hoc".`)
	}
	checkDetails(p, cmd.Kind, cmd.NominationDetails)
	if official == nil || official.AgencyCode != actor.Agency {
		if cmd.OfficialID == "" {
			p.Add("official_id", "Cần chọn cán bộ được cử.")
			return events.NominationCreated{}, p.Err()
		}
		return events.NominationCreated{}, &Error{Kind: KindNotFound, Code: "not_found",
			Message: "Không tìm thấy cán bộ này trong danh sách của cơ quan, đơn vị bạn.",
			Fields:  map[string]string{"official_id": "Không tìm thấy."}}
	}
	if err := p.Err(); err != nil {
		return events.NominationCreated{}, err
	}
	return events.NominationCreated{
		NominationID: id, OfficialID: official.OfficialID, AgencyCode: official.AgencyCode,
		Kind: cmd.Kind, NominationDetails: cmd.NominationDetails,
	}, nil
}

func checkDetails(p Problems, kind string, d events.NominationDetails) {
	if strings.TrimSpace(d.Title) == "" {
		p.Add("title", "Cần tên khóa học hoặc chương trình.")
	} else if utf8.RuneCountInString(d.Title) > MaxTitleRunes {
		p.Add("title", "Tên khóa học tối đa 300 ký tự.")
	}
	if d.ContentCode != "" && !oneOf(d.ContentCode, ContentCodes) {
		p.Add("content_code", "Mã nội dung không có trong Phụ lục I (ví dụ: B.2).")
	}
	if d.CostEstimateVND < 0 || d.CostEstimateVND > MaxCostVND {
		p.Add("cost_estimate_vnd", "Dự toán kinh phí phải từ 0 đến 100.000.000.000 đồng.")
	}
	checkPeriod(p, kind, d.StartDate, d.EndDate)
	checkPostgrad(p, kind, d)
}

// checkPostgrad checks the fields that belong to one kind only.
func checkPostgrad(p Problems, kind string, d events.NominationDetails) {
	if kind != KindPostgraduate {
		if d.QuotaID != "" {
			p.Add("quota_id", "Chỉ tiêu (Phụ lục II) chỉ dùng cho đào tạo sau đại học.")
		}
		if d.DurationMonths != 0 || d.CommitmentMonths != 0 {
			p.Add("duration_months", "Thời gian đào tạo và cam kết chỉ dùng cho đào tạo sau đại học.")
		}
		return
	}
	if d.Abroad {
		p.Add("abroad", "Mục \"bồi dưỡng ở nước ngoài\" chỉ dùng cho bồi dưỡng.")
	}
	if d.DurationMonths < 0 || d.DurationMonths > maxPostgraduateMonths {
		p.Add("duration_months", "Thời gian đào tạo từ 1 đến 72 tháng.")
	}
	if d.CommitmentMonths < 0 || d.CommitmentMonths > 600 {
		p.Add("commitment_months", "Thời gian cam kết công tác từ 0 đến 600 tháng.")
	}
}

// MonthsBetween returns the whole months from start to end inclusive,
// rounded up: a programme from 01/09/2026 to 31/08/2028 lasts 24 months.
func MonthsBetween(start, end events.Date) int {
	if start.IsZero() || end.Before(start) {
		return 0
	}
	s, e := start.Time(), end.AddDate(0, 0, 1).Time()
	months := (e.Year()-s.Year())*12 + int(e.Month()) - int(s.Month())
	if e.Day() > s.Day() {
		months++
	}
	return months
}

// Duration returns the nomination's duration in months: as given for a
// postgraduate programme, else from its dates.
func (n *Nomination) Duration() int {
	if n.details.DurationMonths > 0 {
		return n.details.DurationMonths
	}
	return MonthsBetween(n.details.StartDate, n.details.EndDate)
}

// Details returns what the agency wrote.
func (n *Nomination) Details() events.NominationDetails { return n.details }

func checkPeriod(p Problems, kind string, start, end events.Date) {
	if start.IsZero() {
		p.Add("start_date", "Cần ngày bắt đầu (YYYY-MM-DD).")
	}
	if end.IsZero() {
		p.Add("end_date", "Cần ngày kết thúc (YYYY-MM-DD).")
	}
	if start.IsZero() || end.IsZero() {
		return
	}
	switch {
	case end.Before(start):
		p.Add("end_date", "Ngày kết thúc không được trước ngày bắt đầu.")
	case start.Before(events.NewDate(2000, 1, 1)):
		p.Add("start_date", "Thời gian đào tạo phải trong khoảng 2000–2100.")
	case end.After(events.NewDate(2100, 1, 1)):
		p.Add("end_date", "Thời gian đào tạo phải trong khoảng 2000–2100.")
	case kind == KindRefresher && end.After(start.AddDate(0, 0, maxRefresherDays)):
		p.Add("end_date", "Khóa bồi dưỡng không kéo dài quá 12 tháng.")
	case kind == KindPostgraduate && end.After(start.AddDate(0, maxPostgraduateMonths, 0)):
		p.Add("end_date", "Chương trình sau đại học không kéo dài quá 72 tháng.")
	}
}

// Nomination is one nomination's state, rebuilt from its events.
type Nomination struct {
	seq         uint64
	created     events.NominationCreated
	details     events.NominationDetails
	status      Status
	createdAt   time.Time
	submittedAt time.Time // latest submission or resubmission
	decidedAt   time.Time
	round       int
	reason      string
	changes     []events.FieldChange
	eligibility *events.Eligibility // as checked at the latest submission or approval
	chainState
}

// Seq returns the stream sequence of the nomination's last event: the
// expected sequence of its next append.
func (n *Nomination) Seq() uint64 { return n.seq }

// ID returns the nomination's id.
func (n *Nomination) ID() string { return n.created.NominationID }

// AgencyCode returns the nominating agency.
func (n *Nomination) AgencyCode() string { return n.created.AgencyCode }

// Status returns the current status.
func (n *Nomination) Status() Status { return n.status }

// Apply folds one event into the state. at is the event's business time.
func (n *Nomination) Apply(seq uint64, at time.Time, p events.Payload) {
	n.ApplyBy(seq, at, events.Actor{}, p)
}

// ApplyBy is Apply with the event's actor, which the stage history records.
func (n *Nomination) ApplyBy(seq uint64, at time.Time, actor events.Actor, p events.Payload) {
	n.seq = seq
	stage := n.Stage()
	switch e := p.(type) {
	case *events.NominationCreated:
		n.created, n.details, n.status, n.createdAt = *e, e.NominationDetails, StatusDraft, at
	case *events.NominationRevised:
		n.details, n.changes = e.NominationDetails, append(slices.Clip(n.changes), e.Changed...)
	case *events.NominationSubmitted:
		n.status, n.submittedAt, n.round, n.changes = StatusSubmitted, at, n.round+1, nil
		n.eligibility = e.Eligibility
	case *events.NominationResubmitted:
		n.status, n.submittedAt, n.round = StatusSubmitted, at, n.round+1
		n.eligibility = e.Eligibility
	case *events.NominationApproved:
		n.status, n.decidedAt, n.reason = StatusApproved, at, e.Reason
		if e.Eligibility != nil {
			n.eligibility = e.Eligibility
		}
	case *events.NominationRejected:
		n.status, n.decidedAt, n.reason = StatusRejected, at, e.Reason
	case *events.NominationReturned:
		n.status, n.reason, n.changes = StatusReturned, e.Reason, nil
	case *events.NominationWithdrawn:
		n.status, n.reason = StatusWithdrawn, e.Reason
	}
	n.applyChain(seq, at, actor, stage, p)
}
