package domain

import (
	"slices"
	"strings"
	"unicode/utf8"

	"daotao/events"
)

// Submit sends a draft for decision along chain, the approval chain
// resolved for it (ChainFor), which the event pins together with the
// dossier's attachments. Only the nominating agency may submit.
func (n *Nomination) Submit(actor events.Actor, chain events.ChainPin) (events.Payload, error) {
	if err := n.byOwnAgency(actor, "gửi"); err != nil {
		return nil, err
	}
	if n.Status() != StatusDraft {
		return nil, n.refuse("gửi", "chỉ gửi được hồ sơ ở trạng thái bản nháp; hồ sơ bị trả lại thì dùng \"gửi lại\"")
	}
	if len(chain.Stages) == 0 {
		return nil, Transition("Không thể gửi hồ sơ: chưa có quy trình xét duyệt cho loại hồ sơ này.")
	}
	return &events.NominationSubmitted{Chain: &chain, Attachments: n.Attachments()}, nil
}

// Resubmit sends a returned nomination again, to the first stage of its
// chain, pinning the dossier's attachments and what changed since the
// previous round.
func (n *Nomination) Resubmit(actor events.Actor, note string) (events.Payload, error) {
	if err := n.byOwnAgency(actor, "gửi lại"); err != nil {
		return nil, err
	}
	if err := checkReason("reason", note, false); err != nil {
		return nil, err
	}
	if n.Status() != StatusReturned {
		return nil, n.refuse("gửi lại", "chỉ gửi lại được hồ sơ đã bị trả lại")
	}
	return &events.NominationResubmitted{Note: strings.TrimSpace(note), Attachments: n.Attachments(),
		Changed: slices.Clone(n.rare().changes), AttachmentChanges: attachmentDiff(n.rare().pinned, n.rare().attachments)}, nil
}

// Withdraw withdraws a draft, submitted or returned nomination.
func (n *Nomination) Withdraw(actor events.Actor, reason string) (events.Payload, error) {
	if err := n.byOwnAgency(actor, "rút"); err != nil {
		return nil, err
	}
	if err := checkReason("reason", reason, false); err != nil {
		return nil, err
	}
	if n.Status() != StatusDraft && n.Status() != StatusSubmitted && n.Status() != StatusReturned {
		return nil, n.refuse("rút", "hồ sơ đã có kết quả hoặc đã rút")
	}
	return &events.NominationWithdrawn{Reason: strings.TrimSpace(reason)}, nil
}

// Revise changes the details of a draft or returned nomination. It returns a
// nil payload and no error when nothing changes.
func (n *Nomination) Revise(actor events.Actor, d events.NominationDetails) (events.Payload, error) {
	if err := n.byOwnAgency(actor, "sửa"); err != nil {
		return nil, err
	}
	p := Problems{}
	checkDetails(p, n.Kind(), d)
	if err := p.Err(); err != nil {
		return nil, err
	}
	if n.Status() != StatusDraft && n.Status() != StatusReturned {
		return nil, n.refuse("sửa", "chỉ sửa được bản nháp hoặc hồ sơ bị trả lại")
	}
	changed := diffDetails(n.details, d)
	if len(changed) == 0 {
		return nil, nil
	}
	return &events.NominationRevised{NominationDetails: d, Changed: changed}, nil
}

// Approve records the awaited stage's approval (DecideStage).
func (n *Nomination) Approve(actor events.Actor, reason string) (events.Payload, error) {
	return n.DecideStage(actor, ActApprove, reason, "")
}

// Reject records the awaited stage's rejection; reason is required.
func (n *Nomination) Reject(actor events.Actor, reason string) (events.Payload, error) {
	return n.DecideStage(actor, ActReject, reason, "")
}

// Return sends a submitted nomination back to its agency for revision;
// reason is required. DecideStage returns to an earlier stage.
func (n *Nomination) Return(actor events.Actor, reason string) (events.Payload, error) {
	return n.DecideStage(actor, ActReturn, reason, ReturnToAgency)
}

func (n *Nomination) byOwnAgency(actor events.Actor, verb string) error {
	if !Is(actor, RoleAgency) {
		return Forbidden("Chỉ cơ quan, đơn vị lập hồ sơ được " + verb + " hồ sơ này.")
	}
	if actor.Agency != n.agencyCode {
		return NotFound("hồ sơ")
	}
	return nil
}

func (n *Nomination) refuse(verb, why string) error {
	return Transition("Không thể " + verb + " hồ sơ đang ở trạng thái \"" + n.Status().Label() + "\": " + why + ".")
}

func checkReason(field, s string, required bool) error {
	s = strings.TrimSpace(s)
	if required && s == "" {
		return Invalid(field, "Cần nêu lý do.")
	}
	if utf8.RuneCountInString(s) > MaxReasonRunes || !utf8.ValidString(s) {
		return Invalid(field, "Lý do tối đa 2000 ký tự.")
	}
	return nil
}

func diffDetails(a, b events.NominationDetails) []events.FieldChange {
	var out []events.FieldChange
	add := func(field string, from, to any) {
		out = append(out, events.FieldChange{Field: field, From: from, To: to})
	}
	if a.Title != b.Title {
		add("title", a.Title, b.Title)
	}
	if a.ContentCode != b.ContentCode {
		add("content_code", a.ContentCode, b.ContentCode)
	}
	if a.StartDate != b.StartDate {
		add("start_date", a.StartDate.String(), b.StartDate.String())
	}
	if a.EndDate != b.EndDate {
		add("end_date", a.EndDate.String(), b.EndDate.String())
	}
	if a.CostEstimateVND != b.CostEstimateVND {
		add("cost_estimate_vnd", a.CostEstimateVND, b.CostEstimateVND)
	}
	if a.QuotaID != b.QuotaID {
		add("quota_id", a.QuotaID, b.QuotaID)
	}
	if a.DurationMonths != b.DurationMonths {
		add("duration_months", a.DurationMonths, b.DurationMonths)
	}
	if a.CommitmentMonths != b.CommitmentMonths {
		add("commitment_months", a.CommitmentMonths, b.CommitmentMonths)
	}
	if a.Abroad != b.Abroad {
		add("abroad", a.Abroad, b.Abroad)
	}
	if a.CourseID != b.CourseID {
		add("course_id", a.CourseID, b.CourseID)
	}
	return out
}
