package domain

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"daotao/events"
)

// ProgrammeStatus is where a training programme (Chương trình bồi dưỡng)
// stands.
//
//	draft → submitted → reviewed → approved
//	submitted → returned (council), reviewed → returned (province);
//	returned → submitted
type ProgrammeStatus string

// The statuses of a training programme.
const (
	ProgrammeDraft     ProgrammeStatus = "draft"
	ProgrammeSubmitted ProgrammeStatus = "submitted"
	ProgrammeReturned  ProgrammeStatus = "returned"
	ProgrammeReviewed  ProgrammeStatus = "reviewed"
	ProgrammeApproved  ProgrammeStatus = "approved"
)

// ProgrammeStatuses lists every programme status in workflow order.
var ProgrammeStatuses = []ProgrammeStatus{ProgrammeDraft, ProgrammeSubmitted, ProgrammeReturned, ProgrammeReviewed, ProgrammeApproved}

// Label returns the Vietnamese name of the status.
func (s ProgrammeStatus) Label() string {
	return map[ProgrammeStatus]string{
		ProgrammeDraft: "Bản nháp", ProgrammeSubmitted: "Chờ Hội đồng thẩm định", ProgrammeReturned: "Trả lại để hoàn thiện",
		ProgrammeReviewed: "Chờ UBND tỉnh phê duyệt", ProgrammeApproved: "Đã phê duyệt",
	}[s]
}

// Limits on programme input.
const (
	MaxSummaryRunes = 4000
	firstYear       = 2024
	lastYear        = 2030
)

// DraftProgramme is the command to draft a training programme for a Phụ
// lục I content. LeadAgencies are the content's lead agencies in the
// reference data in force (the caller looks them up).
type DraftProgramme struct {
	ContentCode  string
	LeadAgencies []string
	events.ProgrammeDetails
}

// NewProgramme decides a DraftProgramme. It returns KindForbidden for a
// role other than agency, KindInvalid naming the fields at fault and
// KindUnprocessable (not_lead_agency) when the actor's agency does not
// lead the content.
func NewProgramme(id string, cmd DraftProgramme, actor events.Actor) (events.ProgrammeDrafted, error) {
	if !Is(actor, RoleAgency) {
		return events.ProgrammeDrafted{}, Forbidden("Chỉ đơn vị chủ trì nội dung được xây dựng chương trình bồi dưỡng.")
	}
	p := Problems{}
	if !oneOf(cmd.ContentCode, ContentCodes) {
		p.Add("content_code", "Mã nội dung không có trong Phụ lục I (ví dụ: C.1).")
	}
	checkProgrammeDetails(p, cmd.ProgrammeDetails)
	if err := p.Err(); err != nil {
		return events.ProgrammeDrafted{}, err
	}
	if !slices.Contains(cmd.LeadAgencies, actor.Agency) {
		return events.ProgrammeDrafted{}, &Error{Kind: KindUnprocessable, Code: "not_lead_agency",
			Message: "Cơ quan, đơn vị của bạn không phải đơn vị chủ trì nội dung " + cmd.ContentCode + " (Phụ lục I).",
			Fields:  map[string]string{"content_code": "Không phải đơn vị chủ trì."}}
	}
	return events.ProgrammeDrafted{ProgrammeID: id, AgencyCode: actor.Agency, ContentCode: cmd.ContentCode,
		ProgrammeDetails: cmd.ProgrammeDetails}, nil
}

func checkProgrammeDetails(p Problems, d events.ProgrammeDetails) {
	checkTitle(p, "title", d.Title)
	if utf8.RuneCountInString(d.Summary) > MaxSummaryRunes {
		p.Add("summary", "Nội dung tóm tắt tối đa 4000 ký tự.")
	}
	if d.Year < firstYear || d.Year > lastYear {
		p.Add("year", "Năm thực hiện từ "+strconv.Itoa(firstYear)+" đến "+strconv.Itoa(lastYear)+".")
	}
	checkShort(p, "partner", d.Partner, false)
}

func checkTitle(p Problems, field, s string) {
	if strings.TrimSpace(s) == "" {
		p.Add(field, "Cần tên.")
	} else if utf8.RuneCountInString(s) > MaxTitleRunes {
		p.Add(field, "Tối đa 300 ký tự.")
	}
}

// checkShort checks a short free-text field (at most 300 characters).
func checkShort(p Problems, field, s string, required bool) {
	switch {
	case required && strings.TrimSpace(s) == "":
		p.Add(field, "Cần điền.")
	case utf8.RuneCountInString(s) > MaxTitleRunes:
		p.Add(field, "Tối đa 300 ký tự.")
	}
}

// TrainingProgramme is one training programme's state, rebuilt from its
// events.
type TrainingProgramme struct {
	seq         uint64
	drafted     events.ProgrammeDrafted
	details     events.ProgrammeDetails
	status      ProgrammeStatus
	reason      string
	returnedBy  string
	decisionRef string
	createdAt   time.Time
	approvedAt  time.Time
	changes     []events.FieldChange
}

// Seq returns the stream sequence of the programme's last event.
func (g *TrainingProgramme) Seq() uint64 { return g.seq }

// ID returns the programme's id.
func (g *TrainingProgramme) ID() string { return g.drafted.ProgrammeID }

// AgencyCode returns the lead agency that drafted it.
func (g *TrainingProgramme) AgencyCode() string { return g.drafted.AgencyCode }

// ContentCode returns its Phụ lục I content.
func (g *TrainingProgramme) ContentCode() string { return g.drafted.ContentCode }

// Status returns the current status.
func (g *TrainingProgramme) Status() ProgrammeStatus { return g.status }

// Details returns what the lead agency wrote.
func (g *TrainingProgramme) Details() events.ProgrammeDetails { return g.details }

// Apply folds one event into the state. at is the event's business time.
func (g *TrainingProgramme) Apply(seq uint64, at time.Time, p events.Payload) {
	g.seq = seq
	switch e := p.(type) {
	case *events.ProgrammeDrafted:
		g.drafted, g.details, g.status, g.createdAt = *e, e.ProgrammeDetails, ProgrammeDraft, at
	case *events.ProgrammeRevised:
		g.details, g.changes = e.ProgrammeDetails, append(slices.Clip(g.changes), e.Changed...)
	case *events.ProgrammeSubmitted:
		g.status, g.changes = ProgrammeSubmitted, nil
	case *events.ProgrammeReturned:
		g.status, g.reason, g.returnedBy = ProgrammeReturned, e.Reason, e.Stage
	case *events.ProgrammeReviewed:
		g.status, g.reason = ProgrammeReviewed, e.Note
	case *events.ProgrammeApproved:
		g.status, g.reason, g.decisionRef, g.approvedAt = ProgrammeApproved, e.Note, e.DecisionRef, at
	}
}

// ReviseProgramme changes the details of a draft or returned programme. It
// returns a nil payload when nothing changes.
func (g *TrainingProgramme) ReviseProgramme(actor events.Actor, d events.ProgrammeDetails) (events.Payload, error) {
	if err := g.byLead(actor, "sửa"); err != nil {
		return nil, err
	}
	p := Problems{}
	checkProgrammeDetails(p, d)
	if err := p.Err(); err != nil {
		return nil, err
	}
	if g.status != ProgrammeDraft && g.status != ProgrammeReturned {
		return nil, g.refuse("sửa", "chỉ sửa được bản nháp hoặc chương trình bị trả lại")
	}
	var changed []events.FieldChange
	add := func(f string, a, b any) {
		if a != b {
			changed = append(changed, events.FieldChange{Field: f, From: a, To: b})
		}
	}
	add("title", g.details.Title, d.Title)
	add("summary", g.details.Summary, d.Summary)
	add("year", g.details.Year, d.Year)
	add("partner", g.details.Partner, d.Partner)
	if len(changed) == 0 {
		return nil, nil
	}
	return &events.ProgrammeRevised{ProgrammeDetails: d, Changed: changed}, nil
}

// SubmitProgramme sends a draft or returned programme to the council.
func (g *TrainingProgramme) SubmitProgramme(actor events.Actor, note string) (events.Payload, error) {
	if err := g.byLead(actor, "gửi"); err != nil {
		return nil, err
	}
	if err := checkReason("reason", note, false); err != nil {
		return nil, err
	}
	if g.status != ProgrammeDraft && g.status != ProgrammeReturned {
		return nil, g.refuse("gửi", "chỉ gửi được bản nháp hoặc chương trình bị trả lại")
	}
	return &events.ProgrammeSubmitted{Note: strings.TrimSpace(note)}, nil
}

// ReviewProgramme records the council's favourable review of a submitted
// programme.
func (g *TrainingProgramme) ReviewProgramme(actor events.Actor, note string) (events.Payload, error) {
	if !Is(actor, RoleCouncil) {
		return nil, Forbidden("Chỉ Hội đồng đào tạo, bồi dưỡng thẩm định chương trình.")
	}
	if err := checkReason("reason", note, false); err != nil {
		return nil, err
	}
	if g.status != ProgrammeSubmitted {
		return nil, g.refuse("thẩm định", "chỉ thẩm định chương trình đã gửi")
	}
	return &events.ProgrammeReviewed{Note: strings.TrimSpace(note)}, nil
}

// ReturnProgramme sends the programme back for revision: the council a
// submitted one, the province a reviewed one. reason is required.
func (g *TrainingProgramme) ReturnProgramme(actor events.Actor, reason string) (events.Payload, error) {
	var want ProgrammeStatus
	switch {
	case Is(actor, RoleCouncil):
		want = ProgrammeSubmitted
	case Is(actor, RoleProvince):
		want = ProgrammeReviewed
	default:
		return nil, Forbidden("Chỉ Hội đồng hoặc UBND tỉnh được trả lại chương trình.")
	}
	if err := checkReason("reason", reason, true); err != nil {
		return nil, err
	}
	if g.status != want {
		return nil, g.refuse("trả lại", "chương trình không chờ bạn xem xét")
	}
	return &events.ProgrammeReturned{Stage: actor.Role, Reason: strings.TrimSpace(reason)}, nil
}

// ApproveProgramme records the province's approval of a reviewed
// programme, with its decision reference when given.
func (g *TrainingProgramme) ApproveProgramme(actor events.Actor, decisionRef, note string) (events.Payload, error) {
	if !Is(actor, RoleProvince) {
		return nil, Forbidden("Chỉ UBND tỉnh phê duyệt chương trình bồi dưỡng.")
	}
	p := Problems{}
	checkShort(p, "decision_ref", decisionRef, false)
	if err := checkReason("reason", note, false); err != nil {
		return nil, err
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	if g.status != ProgrammeReviewed {
		return nil, g.refuse("phê duyệt", "chỉ phê duyệt chương trình đã được Hội đồng thẩm định")
	}
	return &events.ProgrammeApproved{DecisionRef: strings.TrimSpace(decisionRef), Note: strings.TrimSpace(note)}, nil
}

func (g *TrainingProgramme) byLead(actor events.Actor, verb string) error {
	if !Is(actor, RoleAgency) {
		return Forbidden("Chỉ đơn vị chủ trì được " + verb + " chương trình này.")
	}
	if actor.Agency != g.drafted.AgencyCode {
		return NotFound("chương trình")
	}
	return nil
}

func (g *TrainingProgramme) refuse(verb, why string) error {
	return Transition("Không thể " + verb + " chương trình đang ở trạng thái \"" + g.status.Label() + "\": " + why + ".")
}

// VisibleTo reports whether the actor may see the programme: an agency
// officer sees its own programmes and every approved one; the other roles
// see all.
func (g *TrainingProgramme) VisibleTo(a events.Actor) bool {
	return SeesAgency(a, g.drafted.AgencyCode) || g.status == ProgrammeApproved
}

// ProgrammeView is a training programme as the API shows it.
type ProgrammeView struct {
	ID          string          `json:"id"`
	Status      ProgrammeStatus `json:"status"`
	AgencyCode  string          `json:"agency_code"`
	ContentCode string          `json:"content_code"`
	events.ProgrammeDetails
	Reason      string               `json:"reason,omitempty"`
	ReturnedBy  string               `json:"returned_by,omitempty"`
	DecisionRef string               `json:"decision_ref,omitempty"`
	Changes     []events.FieldChange `json:"changes,omitempty"`
	CreatedAt   time.Time            `json:"created_at"`
	ApprovedAt  *time.Time           `json:"approved_at,omitempty"`
	Seq         uint64               `json:"seq"`
}

// View returns the programme as the API shows it.
func (g *TrainingProgramme) View() ProgrammeView {
	return ProgrammeView{ID: g.ID(), Status: g.status, AgencyCode: g.drafted.AgencyCode, ContentCode: g.drafted.ContentCode,
		ProgrammeDetails: g.details, Reason: g.reason, ReturnedBy: g.returnedBy, DecisionRef: g.decisionRef,
		Changes: slices.Clone(g.changes), CreatedAt: g.createdAt, ApprovedAt: timePtr(g.approvedAt), Seq: g.seq}
}
