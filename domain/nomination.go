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

// Nomination is one nomination's state, rebuilt from its events. It is
// kept compact (nomination_pack.go): hundreds of thousands stay in memory.
type Nomination struct {
	seq         uint64
	id          string
	officialID  string
	agencyCode  string
	details     events.NominationDetails
	reason      string
	createdAt   stamp
	submittedAt stamp // latest submission or resubmission
	decidedAt   stamp
	// eligibility is packed (packEligibility), as checked at the latest
	// submission or approval; "" when none was.
	eligibility string
	chainState
	more   *nominationMore // nil until one of its parts is set
	round  int32
	status uint8 // index in Statuses + 1
	kind   uint8 // kindCode
}

// nominationMore is what few nominations have: revision changes,
// attachments, and times that do not fit a stamp.
type nominationMore struct {
	changes     []events.FieldChange
	attachments []events.AttachmentRef
	// pinned is the set of the latest submission or resubmission;
	// attChanges what the latest resubmission changed.
	pinned     []events.AttachmentRef
	attChanges []events.AttachmentChange
	// times are the full createdAt, submittedAt and decidedAt when their
	// stamp is stampOther.
	times [3]time.Time
	// kind is the kind when it is none of the known ones (kindOther).
	kind string
}

// extra returns a new copy of the nomination's rarely used part, now the
// nomination's, for a change: the part is never changed in place, since
// copies of the nomination (State.Nomination) share it.
func (n *Nomination) extra() *nominationMore {
	m := &nominationMore{}
	if n.more != nil {
		*m = *n.more
	}
	n.more = m
	return m
}

// rare returns the rarely used part for reading (all empty if none).
func (n *Nomination) rare() *nominationMore {
	if n.more == nil {
		return &noMore
	}
	return n.more
}

var noMore nominationMore

// setTime sets one of the three times (0 created, 1 submitted, 2 decided).
func (n *Nomination) setTime(i int, t time.Time) {
	s := toStamp(t)
	switch i {
	case 0:
		n.createdAt = s
	case 1:
		n.submittedAt = s
	default:
		n.decidedAt = s
	}
	if s == stampOther {
		n.extra().times[i] = t
	} else if n.more != nil && n.more.times[i] != (time.Time{}) {
		n.extra().times[i] = time.Time{}
	}
}

func (n *Nomination) createdTime() time.Time   { return n.createdAt.time(n.rare().times[0]) }
func (n *Nomination) submittedTime() time.Time { return n.submittedAt.time(n.rare().times[1]) }
func (n *Nomination) decidedTime() time.Time   { return n.decidedAt.time(n.rare().times[2]) }

// setChanges sets the pending revision changes.
func (n *Nomination) setChanges(c []events.FieldChange) {
	if c == nil && n.rare().changes == nil {
		return
	}
	n.extra().changes = c
}

// Seq returns the stream sequence of the nomination's last event: the
// expected sequence of its next append.
func (n *Nomination) Seq() uint64 { return n.seq }

// ID returns the nomination's id.
func (n *Nomination) ID() string { return n.id }

// AgencyCode returns the nominating agency.
func (n *Nomination) AgencyCode() string { return n.agencyCode }

// Status returns the current status.
func (n *Nomination) Status() Status {
	if n.status == 0 {
		return ""
	}
	return Statuses[n.status-1]
}

// setStatus sets the status (one of Statuses).
func (n *Nomination) setStatus(st Status) {
	n.status = uint8(slices.Index(Statuses, st) + 1)
}

// Codes of the kind of a nomination.
const (
	kindNone = iota
	kindRefresher
	kindPostgraduate
	kindOther // in more.kind
)

// Kind returns boi_duong or sau_dai_hoc.
func (n *Nomination) Kind() string {
	switch n.kind {
	case kindRefresher:
		return KindRefresher
	case kindPostgraduate:
		return KindPostgraduate
	case kindOther:
		return n.rare().kind
	}
	return ""
}

// setKind sets the kind.
func (n *Nomination) setKind(k string) {
	switch k {
	case "":
		n.kind = kindNone
	case KindRefresher:
		n.kind = kindRefresher
	case KindPostgraduate:
		n.kind = kindPostgraduate
	default:
		n.kind = kindOther
		n.extra().kind = k
	}
}

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
		n.id, n.officialID, n.agencyCode, n.details = e.NominationID, e.OfficialID, e.AgencyCode, e.NominationDetails
		n.setKind(e.Kind)
		n.setStatus(StatusDraft)
		n.setTime(0, at)
	case *events.NominationRevised:
		n.details = e.NominationDetails
		n.setChanges(append(slices.Clip(n.rare().changes), e.Changed...))
	case *events.NominationSubmitted:
		n.round++
		n.setStatus(StatusSubmitted)
		n.setTime(1, at)
		n.setChanges(nil)
		n.eligibility = packEligibility(e.Eligibility)
	case *events.NominationResubmitted:
		n.round++
		n.setStatus(StatusSubmitted)
		n.setTime(1, at)
		n.eligibility = packEligibility(e.Eligibility)
	case *events.NominationApproved:
		n.reason = e.Reason
		n.setStatus(StatusApproved)
		n.setTime(2, at)
		if e.Eligibility != nil {
			n.eligibility = packEligibility(e.Eligibility)
		}
	case *events.NominationRejected:
		n.reason = e.Reason
		n.setStatus(StatusRejected)
		n.setTime(2, at)
	case *events.NominationReturned:
		n.reason = e.Reason
		n.setStatus(StatusReturned)
		n.setChanges(nil)
	case *events.NominationWithdrawn:
		n.reason = e.Reason
		n.setStatus(StatusWithdrawn)
	}
	n.applyChain(seq, at, actor, stage, p)
}
