package events

import "time"

// Event types of the approval chain (issue 5): stages, comments,
// attachments and delegations.
const (
	TypeNominationStagePassed      = "nomination.stage_passed"
	TypeNominationSentBack         = "nomination.sent_back"
	TypeNominationCommented        = "nomination.commented"
	TypeNominationAttachmentAdded  = "nomination.attachment_added"
	TypeNominationAttachmentRemove = "nomination.attachment_removed"

	TypeDelegationGranted = "delegation.granted"
	TypeDelegationRevoked = "delegation.revoked"
)

// AggregateDelegation is the delegations one user granted, keyed by the
// delegator's user id: grants and revocations of one user are one
// consistency boundary.
const AggregateDelegation = "delegation"

// ChainPin is the approval chain a nomination follows, resolved from the
// versioned stage table when it is submitted and recorded in the
// submission event, so that a later change of the table never alters a
// nomination in flight.
type ChainPin struct {
	// Version is the version of the stage table the chain was taken from.
	Version int `json:"version"`
	// Group is the official's group (Nhóm) the stage conditions were
	// evaluated on.
	Group int `json:"group"`
	// Stages are the decision stages in order; the last one's approval is
	// the final approval.
	Stages []StagePin `json:"stages"`
}

// StagePin is one decision stage of a pinned chain.
type StagePin struct {
	// Role is the role whose action the stage awaits.
	Role string `json:"role"`
	// DueWorkingDays is the time the stage has, in working days.
	DueWorkingDays int `json:"due_working_days"`
	// EscalateTo is the role told when the stage is overdue.
	EscalateTo string `json:"escalate_to,omitempty"`
}

// AttachmentRef names one document by the SHA-256 of its content, as
// stored in the attachments object store.
type AttachmentRef struct {
	SHA256      string `json:"sha256"`
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
	// Stage is the stage role that attached it; empty for the agency's
	// dossier.
	Stage string `json:"stage,omitempty"`
}

// AttachmentChange is one attachment added or removed between two rounds.
type AttachmentChange struct {
	Change string        `json:"change"` // added | removed
	Ref    AttachmentRef `json:"attachment"`
}

// NominationStagePassed records that the awaited stage approved and the
// nomination moved on to the next stage of its chain. Attachments are the
// documents the decision saw.
type NominationStagePassed struct {
	Stage       string          `json:"stage"`
	Next        string          `json:"next"`
	Reason      string          `json:"reason,omitempty"`
	Attachments []AttachmentRef `json:"attachments,omitempty"`
	// Eligibility is the check of the rules the stage approved on, with
	// the reference data version.
	Eligibility      *Eligibility `json:"eligibility,omitempty"`
	ReferenceVersion int          `json:"reference_version,omitempty"`
}

// NominationSentBack records a return for revision to an earlier decision
// stage (a return to the agency is nomination.returned).
type NominationSentBack struct {
	Stage       string          `json:"stage"`
	To          string          `json:"to"`
	Reason      string          `json:"reason"`
	Attachments []AttachmentRef `json:"attachments,omitempty"`
}

// NominationCommented records a comment on a nomination.
type NominationCommented struct {
	// Stage is the stage awaited when the comment was written, if any.
	Stage   string `json:"stage,omitempty"`
	Comment string `json:"comment"`
}

// NominationAttachmentAdded records that a document was attached; its
// bytes are in the object store under the SHA-256.
type NominationAttachmentAdded struct {
	AttachmentRef
}

// NominationAttachmentRemoved records that a document was taken out of a
// draft or returned dossier (the bytes stay: earlier rounds refer to them).
type NominationAttachmentRemoved struct {
	SHA256 string `json:"sha256"`
}

// DelegationGranted records that Delegator lets Delegate act for them from
// From until Until.
type DelegationGranted struct {
	GrantID     string    `json:"grant_id"`
	DelegatorID string    `json:"delegator_id"`
	Delegator   string    `json:"delegator"`
	DelegateID  string    `json:"delegate_id"`
	Delegate    string    `json:"delegate"`
	From        time.Time `json:"from"`
	Until       time.Time `json:"until"`
	Reason      string    `json:"reason,omitempty"`
}

// DelegationRevoked records that a grant ends before its time.
type DelegationRevoked struct {
	GrantID string `json:"grant_id"`
	Reason  string `json:"reason,omitempty"`
}

func (NominationStagePassed) EventType() string       { return TypeNominationStagePassed }
func (NominationSentBack) EventType() string          { return TypeNominationSentBack }
func (NominationCommented) EventType() string         { return TypeNominationCommented }
func (NominationAttachmentAdded) EventType() string   { return TypeNominationAttachmentAdded }
func (NominationAttachmentRemoved) EventType() string { return TypeNominationAttachmentRemove }
func (DelegationGranted) EventType() string           { return TypeDelegationGranted }
func (DelegationRevoked) EventType() string           { return TypeDelegationRevoked }
