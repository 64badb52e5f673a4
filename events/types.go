package events

import (
	"encoding/json"
	"time"
)

// Event type names. Dotted, past tense; never renamed or reused.
const (
	TypeUserCreated         = "user.created"
	TypeUserPasswordChanged = "user.password_changed"
	TypeUserDisabled        = "user.disabled"
	TypeUserEnabled         = "user.enabled"

	TypeSessionOpened = "session.opened"
	TypeSessionClosed = "session.closed"

	TypeOfficialRegistered = "official.registered"
	TypeOfficialUpdated    = "official.updated"
	TypeOfficialBooked     = "official.programme_booked"
	TypeOfficialReleased   = "official.programme_released"

	TypeQuotaPlaceTaken    = "quota.place_taken"
	TypeQuotaPlaceReleased = "quota.place_released"
	// TypeQuotaPlacesReleased gives back, in one event, the places of
	// several nominations on one quota (a cancelled course's participants).
	TypeQuotaPlacesReleased = "quota.places_released"

	TypeReferencePublished = "reference_data.published"
	TypeBaselinePublished  = "baseline.published"

	TypeNominationCreated     = "nomination.created"
	TypeNominationRevised     = "nomination.revised"
	TypeNominationSubmitted   = "nomination.submitted"
	TypeNominationApproved    = "nomination.approved"
	TypeNominationRejected    = "nomination.rejected"
	TypeNominationReturned    = "nomination.returned"
	TypeNominationResubmitted = "nomination.resubmitted"
	TypeNominationWithdrawn   = "nomination.withdrawn"

	TypeReviewSealed = "review.sealed"

	TypeQueueFilterSaved   = "queue_filter.saved"
	TypeQueueFilterRemoved = "queue_filter.removed"
)

// Aggregate names: the third token of every subject.
const (
	AggregateUser       = "user"
	AggregateSession    = "session"
	AggregateOfficial   = "official"
	AggregateNomination = "nomination"
	AggregateQuota      = "quota"
	AggregateReference  = "reference"
	AggregateReview     = "review"
	// AggregateFilter is the saved queue filters of one role, keyed by the
	// role: the role's whole set is one consistency boundary.
	AggregateFilter = "filter"
)

// UserCreated records a new account. Its subject is keyed by the username,
// so two accounts can never share one.
type UserCreated struct {
	UserID     string `json:"user_id"`
	Username   string `json:"username"`
	Role       string `json:"role"`
	AgencyCode string `json:"agency_code,omitempty"`
	// OfficialID links an account of role official to its official
	// (added later; absent on every other account).
	OfficialID   string `json:"official_id,omitempty"`
	PasswordHash string `json:"password_hash"`
}

// UserPasswordChanged records a new password hash.
type UserPasswordChanged struct {
	PasswordHash string `json:"password_hash"`
}

// UserDisabled records that an account may no longer log in; its sessions end.
type UserDisabled struct {
	Reason string `json:"reason"`
}

// UserEnabled records that a disabled account may log in again.
type UserEnabled struct{}

// SessionOpened records a successful login. Only the SHA-256 of the bearer
// token is stored; the token itself never leaves the response.
type SessionOpened struct {
	SessionID   string    `json:"session_id"`
	UserID      string    `json:"user_id"`
	Username    string    `json:"username"`
	TokenSHA256 string    `json:"token_sha256"`
	ExpiresAt   time.Time `json:"expires_at"`
}

// SessionClosed records a logout or a revocation.
type SessionClosed struct {
	Reason string `json:"reason"`
}

// OfficialRegistered records an official (cán bộ, công chức, viên chức) on an
// agency's roster.
type OfficialRegistered struct {
	OfficialID string `json:"official_id"`
	AgencyCode string `json:"agency_code"`
	OfficialProfile
}

// OfficialUpdated records a change to an official's profile: the whole
// profile after the change, and which fields changed.
type OfficialUpdated struct {
	OfficialProfile
	Changed []FieldChange `json:"changed"`
}

// OfficialProfile is what an agency records about one of its officials.
// Fields added after version 1 are optional and default to their zero
// value when an older event is read.
type OfficialProfile struct {
	FullName      string `json:"full_name"`
	Group         int    `json:"group"`
	Category      string `json:"category"`
	BirthDate     Date   `json:"birth_date"`
	Gender        string `json:"gender"`
	ServiceStart  Date   `json:"service_start"`
	Qualification string `json:"qualification"`
	Field         string `json:"field"`
	OfficialFacts
}

// OfficialFacts are the facts the eligibility rules need.
type OfficialFacts struct {
	// Ratings is the yearly performance rating by year ("2024"):
	// xuat_sac, tot, hoan_thanh or khong_hoan_thanh.
	Ratings        map[string]string `json:"ratings,omitempty"`
	ProbationEnd   Date              `json:"probation_end"`
	InPlanningPool bool              `json:"in_planning_pool,omitempty"`
	// Discipline is none, pending or active.
	Discipline              string `json:"discipline,omitempty"`
	PriorPostgradNomination bool   `json:"prior_postgrad_nomination,omitempty"`
	EthnicMinority          bool   `json:"ethnic_minority,omitempty"`
	TravelBarred            bool   `json:"travel_barred,omitempty"`
}

// OfficialBooked records that an approved programme occupies the official
// from Start to End. It is appended atomically with the approval, on the
// official's subject, so that two overlapping approvals cannot both land.
type OfficialBooked struct {
	NominationID string `json:"nomination_id"`
	StartDate    Date   `json:"start_date"`
	EndDate      Date   `json:"end_date"`
}

// OfficialReleased frees a booking (a cancelled programme).
type OfficialReleased struct {
	NominationID string `json:"nomination_id"`
	Reason       string `json:"reason"`
}

// QuotaPlaceTaken records that an approved postgraduate nomination uses one
// place of a Phụ lục II quota, atomically with the approval.
type QuotaPlaceTaken struct {
	QuotaID      string `json:"quota_id"`
	NominationID string `json:"nomination_id"`
	OfficialID   string `json:"official_id"`
	Places       int    `json:"places"`
}

// QuotaPlaceReleased gives a place back (a cancelled programme).
type QuotaPlaceReleased struct {
	NominationID string `json:"nomination_id"`
	Reason       string `json:"reason"`
}

// QuotaPlacesReleased records that the places several nominations held on
// the quota are given back at once: the approved participants of a
// postgraduate course that was cancelled. One event, because a batch holds
// one event per subject.
type QuotaPlacesReleased struct {
	NominationIDs []string `json:"nomination_ids"`
	Reason        string   `json:"reason"`
}

func (QuotaPlacesReleased) EventType() string { return TypeQuotaPlacesReleased }

// ReferencePublished records a version of the programme's reference data
// (groups, agencies, Phụ lục I and II, targets), effective from a date.
type ReferencePublished struct {
	Version       int             `json:"version"`
	EffectiveFrom Date            `json:"effective_from"`
	Note          string          `json:"note,omitempty"`
	Document      json.RawMessage `json:"document"`
}

// BaselinePublished records the baseline of the Đề án (Tables 1–6: the
// 2010–2023 history and the 01/2024 profile) as printed.
type BaselinePublished struct {
	Version  int             `json:"version"`
	Note     string          `json:"note,omitempty"`
	Document json.RawMessage `json:"document"`
}

// NominationDetails are the parts of a nomination its agency writes and may
// revise while it is a draft or returned.
type NominationDetails struct {
	Title           string `json:"title"`
	ContentCode     string `json:"content_code,omitempty"`
	StartDate       Date   `json:"start_date"`
	EndDate         Date   `json:"end_date"`
	CostEstimateVND int64  `json:"cost_estimate_vnd,omitempty"`
	// QuotaID is the Phụ lục II quota a postgraduate nomination uses.
	QuotaID string `json:"quota_id,omitempty"`
	// DurationMonths is the length of a postgraduate programme.
	DurationMonths int `json:"duration_months,omitempty"`
	// CommitmentMonths is how long the official commits to serve after
	// postgraduate training.
	CommitmentMonths int `json:"commitment_months,omitempty"`
	// Abroad marks a refresher course held abroad (Điều 32).
	Abroad bool `json:"abroad,omitempty"`
	// CourseID names the course the nomination is to, when it is to one:
	// the nomination then takes one of the course's seats when submitted.
	CourseID string `json:"course_id,omitempty"`
}

// Eligibility is the outcome of the eligibility rules as recorded in a
// decision event: which rule set, which version, and every check, so that
// replaying an old decision gives the same answer after the rules change.
type Eligibility struct {
	Eligible       bool               `json:"eligible"`
	RuleSet        string             `json:"rule_set"`
	RuleSetVersion int                `json:"rule_set_version"`
	Checks         []EligibilityCheck `json:"checks"`
}

// EligibilityCheck is one rule's outcome.
type EligibilityCheck struct {
	Code   string `json:"code"`
	Passed bool   `json:"passed"`
	Detail string `json:"detail"`
}

// NominationCreated records a draft nomination (cử đi đào tạo, bồi dưỡng).
type NominationCreated struct {
	NominationID string `json:"nomination_id"`
	OfficialID   string `json:"official_id"`
	AgencyCode   string `json:"agency_code"`
	Kind         string `json:"kind"`
	NominationDetails
}

// NominationRevised records new details and which fields changed.
type NominationRevised struct {
	NominationDetails
	Changed []FieldChange `json:"changed"`
}

// FieldChange is one field's value before and after a revision.
type FieldChange struct {
	Field string `json:"field"`
	From  any    `json:"from"`
	To    any    `json:"to"`
}

// NominationSubmitted records that the agency sent a draft for decision,
// with the eligibility it was checked against.
type NominationSubmitted struct {
	Eligibility      *Eligibility `json:"eligibility,omitempty"`
	ReferenceVersion int          `json:"reference_version,omitempty"`
	// Chain is the approval chain pinned at submission (absent before the
	// approval chain existed: the council alone decided).
	Chain *ChainPin `json:"chain,omitempty"`
	// Attachments are the dossier's documents as submitted.
	Attachments []AttachmentRef `json:"attachments,omitempty"`
}

// NominationApproved records the council's approval.
type NominationApproved struct {
	Reason           string       `json:"reason,omitempty"`
	Eligibility      *Eligibility `json:"eligibility,omitempty"`
	ReferenceVersion int          `json:"reference_version,omitempty"`
	// Stage is the stage whose approval was the final one; Attachments the
	// documents it saw.
	Stage       string          `json:"stage,omitempty"`
	Attachments []AttachmentRef `json:"attachments,omitempty"`
}

// NominationRejected records the council's rejection; the reason is required.
type NominationRejected struct {
	Reason      string          `json:"reason"`
	Stage       string          `json:"stage,omitempty"`
	Attachments []AttachmentRef `json:"attachments,omitempty"`
}

// NominationReturned records a return for revision; the reason is required.
type NominationReturned struct {
	Reason      string          `json:"reason"`
	Stage       string          `json:"stage,omitempty"`
	Attachments []AttachmentRef `json:"attachments,omitempty"`
}

// NominationResubmitted records that a returned nomination was sent again.
type NominationResubmitted struct {
	Note             string       `json:"note,omitempty"`
	Eligibility      *Eligibility `json:"eligibility,omitempty"`
	ReferenceVersion int          `json:"reference_version,omitempty"`
	// Attachments are the dossier's documents as resubmitted; Changed and
	// AttachmentChanges what changed since the previous round.
	Attachments       []AttachmentRef    `json:"attachments,omitempty"`
	Changed           []FieldChange      `json:"changed,omitempty"`
	AttachmentChanges []AttachmentChange `json:"attachment_changes,omitempty"`
}

// NominationWithdrawn records that the agency withdrew its nomination.
type NominationWithdrawn struct {
	Reason string `json:"reason,omitempty"`
}

// Review kinds: the interim review (sơ kết, 2026) and the final review
// (tổng kết, 2030) of the Đề án.
const (
	ReviewSoKet   = "so_ket"
	ReviewTongKet = "tong_ket"
)

// ReviewSealed records that the reviewers sealed a review (sơ kết or tổng
// kết) on the review's subject: the log up to CutoffSeq is fixed by
// RootHash, the root of the hash chain of package events/chain after that
// sequence, and each report computed as of the cut-off by its SHA-256.
// Anyone can recompute both from the log: `daotao verify` does.
type ReviewSealed struct {
	ReviewID string `json:"review_id"`
	// Kind is ReviewSoKet or ReviewTongKet.
	Kind string `json:"kind"`
	// CutoffSeq is the last stream sequence the review covers.
	CutoffSeq uint64 `json:"cutoff_seq"`
	// Cutoff is the business time of the cut-off, when the review has one:
	// reports are computed as of it (events up to CutoffSeq, dates and
	// reference data as of Cutoff).
	Cutoff time.Time `json:"cutoff,omitzero"`
	// RootHash is the chain's root after CutoffSeq, in hexadecimal.
	RootHash string `json:"root_hash"`
	// Reports maps a report name (as `daotao replay --report`) to the
	// SHA-256, in hexadecimal, of its JSON output without the trailer.
	Reports map[string]string `json:"reports"`
	// SealedBy names the reviewers who sealed it (usernames).
	SealedBy []string `json:"sealed_by"`
}

// QueueFilterSaved records a queue filter saved under a name for every
// user of Role (council or agency). Query is the filter as a canonical URL
// query of the queue page (agency, content, group, kind).
type QueueFilterSaved struct {
	FilterID string `json:"filter_id"`
	Name     string `json:"name"`
	Role     string `json:"role"`
	Query    string `json:"query"`
}

// QueueFilterRemoved records that a saved queue filter was removed.
type QueueFilterRemoved struct {
	FilterID string `json:"filter_id"`
}

func (UserCreated) EventType() string           { return TypeUserCreated }
func (UserPasswordChanged) EventType() string   { return TypeUserPasswordChanged }
func (UserDisabled) EventType() string          { return TypeUserDisabled }
func (UserEnabled) EventType() string           { return TypeUserEnabled }
func (SessionOpened) EventType() string         { return TypeSessionOpened }
func (SessionClosed) EventType() string         { return TypeSessionClosed }
func (OfficialRegistered) EventType() string    { return TypeOfficialRegistered }
func (OfficialUpdated) EventType() string       { return TypeOfficialUpdated }
func (OfficialBooked) EventType() string        { return TypeOfficialBooked }
func (OfficialReleased) EventType() string      { return TypeOfficialReleased }
func (QuotaPlaceTaken) EventType() string       { return TypeQuotaPlaceTaken }
func (QuotaPlaceReleased) EventType() string    { return TypeQuotaPlaceReleased }
func (ReferencePublished) EventType() string    { return TypeReferencePublished }
func (BaselinePublished) EventType() string     { return TypeBaselinePublished }
func (NominationCreated) EventType() string     { return TypeNominationCreated }
func (NominationRevised) EventType() string     { return TypeNominationRevised }
func (NominationSubmitted) EventType() string   { return TypeNominationSubmitted }
func (NominationApproved) EventType() string    { return TypeNominationApproved }
func (NominationRejected) EventType() string    { return TypeNominationRejected }
func (NominationReturned) EventType() string    { return TypeNominationReturned }
func (NominationResubmitted) EventType() string { return TypeNominationResubmitted }
func (NominationWithdrawn) EventType() string   { return TypeNominationWithdrawn }
func (ReviewSealed) EventType() string          { return TypeReviewSealed }
func (QueueFilterSaved) EventType() string      { return TypeQueueFilterSaved }
func (QueueFilterRemoved) EventType() string    { return TypeQueueFilterRemoved }
