package domain

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"daotao/events"
)

// Stage actions: what the role awaited may do with a nomination.
const (
	ActApprove = "approve"
	ActReject  = "reject"
	ActReturn  = "return"
)

// ReturnToAgency is the target of a return for revision to the nominating
// agency (status returned); any other target is an earlier stage's role.
const ReturnToAgency = "agency"

// Limits on comments and attachments.
const (
	MaxNominationCommentRunes = 2000
	MaxAttachments            = 20
	MaxAttachmentNameLen      = 200
)

// chainState is the approval chain part of a nomination's state.
type chainState struct {
	chain   string // packed (packChain), pinned at the first submission; "" before
	stage   int32  // index of the awaited stage; -1: none
	history []packedStep
}

// StageStep is one entry of a nomination's stage history: who did what,
// when, at which stage, with which comment.
type StageStep struct {
	Seq        uint64    `json:"seq"`
	At         time.Time `json:"at"`
	Actor      string    `json:"actor"`
	Role       string    `json:"role"`
	OnBehalfOf string    `json:"on_behalf_of,omitempty"`
	// Action is submitted, resubmitted, passed, approved, rejected,
	// returned, sent_back, withdrawn, commented, attachment_added or
	// attachment_removed.
	Action string `json:"action"`
	// Stage is the stage awaited when it happened ("" for the agency).
	Stage string `json:"stage,omitempty"`
	// To is where the nomination went: the next stage, or the stage or
	// "agency" it was returned to.
	To      string `json:"to,omitempty"`
	Comment string `json:"comment,omitempty"`
	// Attachment names the document added or removed.
	Attachment *events.AttachmentRef `json:"attachment,omitempty"`
}

// Chain returns the pinned approval chain (the council alone for a
// nomination submitted before chains existed), or nil before submission.
func (n *Nomination) Chain() *events.ChainPin {
	if n.chain == "" && n.round > 0 {
		c := legacyChain
		return &c
	}
	return unpackChain(n.chain)
}

// StagePin returns stage i of the pinned chain, as Chain().Stages[i] does,
// without unpacking the chain; ok is false when it has no stage i.
func (n *Nomination) StagePin(i int) (pin events.StagePin, ok bool) {
	if n.chain == "" {
		if n.round > 0 && i >= 0 && i < len(legacyChain.Stages) {
			return legacyChain.Stages[i], true
		}
		return events.StagePin{}, false
	}
	return chainStagePin(n.chain, i)
}

// Stage returns the role whose decision is awaited, or "" when none is.
func (n *Nomination) Stage() Role {
	if n.Status() != StatusSubmitted || n.stage < 0 {
		return ""
	}
	if n.chain == "" {
		if n.round > 0 && int(n.stage) < len(legacyChain.Stages) {
			return Role(legacyChain.Stages[n.stage].Role)
		}
		return ""
	}
	role, stages := chainStageRole(n.chain, int(n.stage))
	if int(n.stage) >= stages {
		return ""
	}
	return Role(role)
}

// StageIndex returns the index of the awaited stage in the chain, -1 when
// none is awaited.
func (n *Nomination) StageIndex() int {
	if n.Stage() == "" {
		return -1
	}
	return int(n.stage)
}

// Attachments returns the documents currently attached.
func (n *Nomination) Attachments() []events.AttachmentRef { return slices.Clone(n.rare().attachments) }

// History returns the stage history, oldest first.
func (n *Nomination) History() []StageStep {
	if n.history == nil {
		return nil
	}
	out := make([]StageStep, len(n.history))
	for i := range n.history {
		out[i] = n.history[i].unpack()
	}
	return out
}

// References reports whether the nomination refers (or ever referred) to
// the attachment with hash sha.
func (n *Nomination) References(sha string) bool {
	for _, h := range n.history {
		if h.extra != nil && h.extra.attachment != nil && h.extra.attachment.SHA256 == sha {
			return true
		}
	}
	return false
}

func (n *Nomination) applyChain(seq uint64, at time.Time, actor events.Actor, stage Role, p events.Payload) {
	step := StageStep{Seq: seq, At: at, Actor: actor.Username, Role: canonRole(actor.Role), Stage: string(stage)}
	if actor.OnBehalfOf != nil {
		step.OnBehalfOf = actor.OnBehalfOf.Username
	}
	switch e := p.(type) {
	case *events.NominationCreated:
		n.stage = -1
		return
	case *events.NominationSubmitted:
		n.chain, n.stage = packChain(e.Chain), 0
		n.setPinned(e.Attachments, nil)
		step.Action, step.Stage = "submitted", ""
	case *events.NominationResubmitted:
		n.stage = 0
		n.setPinned(e.Attachments, e.AttachmentChanges)
		step.Action, step.Stage, step.Comment = "resubmitted", "", e.Note
	case *events.NominationStagePassed:
		n.stage++
		step.Action, step.To, step.Comment = "passed", canonRole(e.Next), e.Reason
	case *events.NominationSentBack:
		if c := n.Chain(); c != nil {
			n.stage = int32(slices.IndexFunc(c.Stages, func(s events.StagePin) bool { return s.Role == e.To }))
		}
		step.Action, step.To, step.Comment = "sent_back", canonRole(e.To), e.Reason
	case *events.NominationApproved:
		step.Action, step.Comment = "approved", e.Reason
	case *events.NominationRejected:
		step.Action, step.Comment = "rejected", e.Reason
	case *events.NominationReturned:
		step.Action, step.To, step.Comment = "returned", ReturnToAgency, e.Reason
		if n.rare().attChanges != nil {
			n.extra().attChanges = nil
		}
	case *events.NominationWithdrawn:
		step.Action, step.Comment = "withdrawn", e.Reason
	case *events.NominationCommented:
		step.Action, step.Comment = "commented", e.Comment
	case *events.NominationAttachmentAdded:
		ref := e.AttachmentRef
		atts := append(slices.Clip(n.rare().attachments), ref)
		n.extra().attachments = atts
		step.Action, step.Attachment = "attachment_added", &ref
	case *events.NominationAttachmentRemoved:
		atts := n.rare().attachments
		i := slices.IndexFunc(atts, func(a events.AttachmentRef) bool { return a.SHA256 == e.SHA256 })
		if i < 0 {
			return
		}
		ref := atts[i]
		n.extra().attachments = slices.Delete(slices.Clone(atts), i, i+1)
		step.Action, step.Attachment = "attachment_removed", &ref
	default:
		return
	}
	// A new array of the exact length each time: a history has a few
	// steps, and appending would leave up to half of a doubled array
	// unused in every nomination kept in memory.
	h := make([]packedStep, len(n.history)+1)
	copy(h, n.history)
	h[len(n.history)] = packStep(step)
	n.history = h
}

// setPinned records the attachments of a submission or resubmission and
// what changed since the previous round.
func (n *Nomination) setPinned(pinned []events.AttachmentRef, changes []events.AttachmentChange) {
	if pinned == nil && changes == nil && n.rare().pinned == nil && n.rare().attChanges == nil {
		return
	}
	m := n.extra()
	m.pinned, m.attChanges = pinned, changes
}

// canonRole returns the role constant equal to r (r itself if none is),
// so that the many histories kept in memory share one copy of each role's
// name instead of one decoded from every event.
func canonRole(r string) string {
	for _, known := range Roles {
		if string(known) == r {
			return string(known)
		}
	}
	return r
}

// DecideStage decides action (approve, reject or return) by actor at the
// nomination's awaited stage. Reject and return need a reason; return goes
// to the agency (to "" or "agency": status returned) or to an earlier stage
// of the chain (to: that stage's role). Approval by the last stage is the
// final approval (events.NominationApproved); by an earlier one it moves
// the nomination to the next stage (events.NominationStagePassed). The
// caller adds what a final approval needs beyond the nomination
// (eligibility, bookings).
//
// A role that never decides is forbidden; a stage role whose stage is not
// the one awaited is refused as an invalid transition (409), as is any
// decision on a nomination that is not submitted.
func (n *Nomination) DecideStage(actor events.Actor, action, reason, to string) (events.Payload, error) {
	verb := map[string]string{ActApprove: "phê duyệt", ActReject: "không phê duyệt", ActReturn: "trả lại"}[action]
	if verb == "" {
		return nil, Invalid("action", `Thao tác phải là "approve", "reject" hoặc "return".`)
	}
	if !IsStageRole(Role(actor.Role)) {
		return nil, Forbidden("Chỉ Sở Nội vụ, Hội đồng đào tạo, bồi dưỡng hoặc Ban Thường vụ (ở bước của mình) được " + verb + " hồ sơ.")
	}
	if err := checkReason("reason", reason, action != ActApprove); err != nil {
		return nil, err
	}
	if n.Status() != StatusSubmitted {
		return nil, n.refuse(verb, "chỉ xét hồ sơ đã gửi")
	}
	stage := n.Stage()
	if Role(actor.Role) != stage {
		return nil, Transition("Không thể " + verb + " hồ sơ: hồ sơ đang ở bước \"" + StageLabel(string(stage)) + "\", không phải bước của " + Role(actor.Role).Label() + ".")
	}
	reason = strings.TrimSpace(reason)
	seen := n.Attachments()
	c := n.Chain()
	switch action {
	case ActApprove:
		if int(n.stage)+1 < len(c.Stages) {
			return &events.NominationStagePassed{Stage: string(stage), Next: c.Stages[n.stage+1].Role, Reason: reason, Attachments: seen}, nil
		}
		return &events.NominationApproved{Reason: reason, Stage: string(stage), Attachments: seen}, nil
	case ActReject:
		return &events.NominationRejected{Reason: reason, Stage: string(stage), Attachments: seen}, nil
	}
	to = strings.TrimSpace(to)
	if to == "" || to == ReturnToAgency {
		return &events.NominationReturned{Reason: reason, Stage: string(stage), Attachments: seen}, nil
	}
	i := slices.IndexFunc(c.Stages, func(s events.StagePin) bool { return s.Role == to })
	if i < 0 || i >= int(n.stage) {
		return nil, Invalid("to", "Chỉ trả lại được cho cơ quan, đơn vị (\"agency\") hoặc một bước trước bước hiện tại: "+strings.Join(n.EarlierStages(), ", ")+".")
	}
	return &events.NominationSentBack{Stage: string(stage), To: to, Reason: reason, Attachments: seen}, nil
}

// EarlierStages lists where the awaited stage may return the nomination:
// "agency" and the roles of the stages before it.
func (n *Nomination) EarlierStages() []string {
	out := []string{ReturnToAgency}
	c := n.Chain()
	for i := 0; c != nil && i < n.StageIndex(); i++ {
		out = append(out, c.Stages[i].Role)
	}
	return out
}

// Comment records a comment by the nominating agency or by a stage role.
func (n *Nomination) Comment(actor events.Actor, text string) (events.Payload, error) {
	if err := n.mayDiscuss(actor, "bình luận"); err != nil {
		return nil, err
	}
	text = strings.TrimSpace(text)
	switch {
	case text == "":
		return nil, Invalid("comment", "Cần nội dung ý kiến.")
	case utf8.RuneCountInString(text) > MaxNominationCommentRunes || !utf8.ValidString(text):
		return nil, Invalid("comment", "Ý kiến tối đa 2000 ký tự.")
	}
	return &events.NominationCommented{Stage: string(n.Stage()), Comment: text}, nil
}

// mayDiscuss allows the nominating agency and the stage roles.
func (n *Nomination) mayDiscuss(actor events.Actor, verb string) error {
	switch {
	case Is(actor, RoleAgency):
		if actor.Agency != n.agencyCode {
			return NotFound("hồ sơ")
		}
	case !IsStageRole(Role(actor.Role)):
		return Forbidden("Chỉ cơ quan lập hồ sơ và các bước xét duyệt được " + verb + " hồ sơ.")
	}
	return nil
}

// AddAttachment attaches a stored document: the agency to its draft or
// returned dossier, the awaited stage's role while the nomination is at its
// stage. Attaching a document already attached records nothing.
func (n *Nomination) AddAttachment(actor events.Actor, ref events.AttachmentRef) (events.Payload, error) {
	if err := n.mayDiscuss(actor, "đính kèm tài liệu vào"); err != nil {
		return nil, err
	}
	if err := checkAttachment(ref); err != nil {
		return nil, err
	}
	ref.Stage = ""
	if Is(actor, RoleAgency) {
		if n.Status() != StatusDraft && n.Status() != StatusReturned {
			return nil, n.refuse("đính kèm tài liệu vào", "cơ quan chỉ bổ sung tài liệu vào bản nháp hoặc hồ sơ bị trả lại")
		}
	} else {
		if n.Stage() != Role(actor.Role) {
			return nil, n.refuse("đính kèm tài liệu vào", "chỉ bước đang xét hồ sơ được đính kèm tài liệu")
		}
		ref.Stage = actor.Role
	}
	if slices.ContainsFunc(n.rare().attachments, func(a events.AttachmentRef) bool { return a.SHA256 == ref.SHA256 }) {
		return nil, nil
	}
	if len(n.rare().attachments) >= MaxAttachments {
		return nil, Invalid("file", "Mỗi hồ sơ đính kèm tối đa 20 tài liệu.")
	}
	return &events.NominationAttachmentAdded{AttachmentRef: ref}, nil
}

// RemoveAttachment takes a document out of the agency's draft or returned
// dossier.
func (n *Nomination) RemoveAttachment(actor events.Actor, sha string) (events.Payload, error) {
	if err := n.byOwnAgency(actor, "gỡ tài liệu khỏi"); err != nil {
		return nil, err
	}
	if n.Status() != StatusDraft && n.Status() != StatusReturned {
		return nil, n.refuse("gỡ tài liệu khỏi", "chỉ gỡ được tài liệu của bản nháp hoặc hồ sơ bị trả lại")
	}
	atts := n.rare().attachments
	i := slices.IndexFunc(atts, func(a events.AttachmentRef) bool { return a.SHA256 == sha })
	if i < 0 || atts[i].Stage != "" {
		return nil, NotFound("tài liệu đính kèm")
	}
	return &events.NominationAttachmentRemoved{SHA256: sha}, nil
}

func checkAttachment(ref events.AttachmentRef) error {
	p := Problems{}
	if len(ref.SHA256) != 64 || strings.Trim(ref.SHA256, "0123456789abcdef") != "" {
		p.Add("sha256", "Mã SHA-256 gồm 64 chữ số hệ 16 viết thường.")
	}
	if strings.TrimSpace(ref.Name) == "" || utf8.RuneCountInString(ref.Name) > MaxAttachmentNameLen || !utf8.ValidString(ref.Name) {
		p.Add("name", "Tên tệp từ 1 đến 200 ký tự.")
	}
	if ref.Size <= 0 {
		p.Add("file", "Tệp rỗng.")
	}
	return p.Err()
}

// attachmentDiff lists what changed from the set before to the set after.
func attachmentDiff(before, after []events.AttachmentRef) []events.AttachmentChange {
	has := func(set []events.AttachmentRef, sha string) bool {
		return slices.ContainsFunc(set, func(a events.AttachmentRef) bool { return a.SHA256 == sha })
	}
	var out []events.AttachmentChange
	for _, a := range after {
		if !has(before, a.SHA256) {
			out = append(out, events.AttachmentChange{Change: "added", Ref: a})
		}
	}
	for _, b := range before {
		if !has(after, b.SHA256) {
			out = append(out, events.AttachmentChange{Change: "removed", Ref: b})
		}
	}
	return out
}
