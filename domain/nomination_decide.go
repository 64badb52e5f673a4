package domain

import (
	"strings"
	"unicode/utf8"

	"daotao/events"
)

// Submit sends a draft for decision. Only the nominating agency may submit.
func (n *Nomination) Submit(actor events.Actor) (events.Payload, error) {
	if err := n.byOwnAgency(actor, "gửi"); err != nil {
		return nil, err
	}
	if n.status != StatusDraft {
		return nil, n.refuse("gửi", "chỉ gửi được hồ sơ ở trạng thái bản nháp; hồ sơ bị trả lại thì dùng \"gửi lại\"")
	}
	return &events.NominationSubmitted{}, nil
}

// Resubmit sends a returned nomination again.
func (n *Nomination) Resubmit(actor events.Actor, note string) (events.Payload, error) {
	if err := n.byOwnAgency(actor, "gửi lại"); err != nil {
		return nil, err
	}
	if err := checkReason("reason", note, false); err != nil {
		return nil, err
	}
	if n.status != StatusReturned {
		return nil, n.refuse("gửi lại", "chỉ gửi lại được hồ sơ đã bị trả lại")
	}
	return &events.NominationResubmitted{Note: strings.TrimSpace(note)}, nil
}

// Withdraw withdraws a draft, submitted or returned nomination.
func (n *Nomination) Withdraw(actor events.Actor, reason string) (events.Payload, error) {
	if err := n.byOwnAgency(actor, "rút"); err != nil {
		return nil, err
	}
	if err := checkReason("reason", reason, false); err != nil {
		return nil, err
	}
	if n.status != StatusDraft && n.status != StatusSubmitted && n.status != StatusReturned {
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
	checkDetails(p, n.created.Kind, d)
	if err := p.Err(); err != nil {
		return nil, err
	}
	if n.status != StatusDraft && n.status != StatusReturned {
		return nil, n.refuse("sửa", "chỉ sửa được bản nháp hoặc hồ sơ bị trả lại")
	}
	changed := diffDetails(n.details, d)
	if len(changed) == 0 {
		return nil, nil
	}
	return &events.NominationRevised{NominationDetails: d, Changed: changed}, nil
}

// Approve records the council's approval of a submitted nomination.
func (n *Nomination) Approve(actor events.Actor, reason string) (events.Payload, error) {
	if err := n.decision(actor, "phê duyệt", reason, false); err != nil {
		return nil, err
	}
	return &events.NominationApproved{Reason: strings.TrimSpace(reason)}, nil
}

// Reject records the council's rejection; reason is required.
func (n *Nomination) Reject(actor events.Actor, reason string) (events.Payload, error) {
	if err := n.decision(actor, "không phê duyệt", reason, true); err != nil {
		return nil, err
	}
	return &events.NominationRejected{Reason: strings.TrimSpace(reason)}, nil
}

// Return sends a submitted nomination back for revision; reason is required.
func (n *Nomination) Return(actor events.Actor, reason string) (events.Payload, error) {
	if err := n.decision(actor, "trả lại", reason, true); err != nil {
		return nil, err
	}
	return &events.NominationReturned{Reason: strings.TrimSpace(reason)}, nil
}

func (n *Nomination) decision(actor events.Actor, verb, reason string, required bool) error {
	if !Is(actor, RoleCouncil) {
		return Forbidden("Chỉ Hội đồng đào tạo, bồi dưỡng được " + verb + " hồ sơ.")
	}
	if err := checkReason("reason", reason, required); err != nil {
		return err
	}
	if n.status != StatusSubmitted {
		return n.refuse(verb, "chỉ xét hồ sơ đã gửi")
	}
	return nil
}

func (n *Nomination) byOwnAgency(actor events.Actor, verb string) error {
	if !Is(actor, RoleAgency) {
		return Forbidden("Chỉ cơ quan, đơn vị lập hồ sơ được " + verb + " hồ sơ này.")
	}
	if actor.Agency != n.created.AgencyCode {
		return NotFound("hồ sơ")
	}
	return nil
}

func (n *Nomination) refuse(verb, why string) error {
	return Transition("Không thể " + verb + " hồ sơ đang ở trạng thái \"" + n.status.Label() + "\": " + why + ".")
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
	return out
}
