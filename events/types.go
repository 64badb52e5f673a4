package events

import "time"

// Event type names. Dotted, past tense; never renamed or reused.
const (
	TypeUserCreated         = "user.created"
	TypeUserPasswordChanged = "user.password_changed"
	TypeUserDisabled        = "user.disabled"
	TypeUserEnabled         = "user.enabled"

	TypeSessionOpened = "session.opened"
	TypeSessionClosed = "session.closed"

	TypeOfficialRegistered = "official.registered"

	TypeNominationCreated     = "nomination.created"
	TypeNominationRevised     = "nomination.revised"
	TypeNominationSubmitted   = "nomination.submitted"
	TypeNominationApproved    = "nomination.approved"
	TypeNominationRejected    = "nomination.rejected"
	TypeNominationReturned    = "nomination.returned"
	TypeNominationResubmitted = "nomination.resubmitted"
	TypeNominationWithdrawn   = "nomination.withdrawn"
)

// Aggregate names: the third token of every subject.
const (
	AggregateUser       = "user"
	AggregateSession    = "session"
	AggregateOfficial   = "official"
	AggregateNomination = "nomination"
)

// UserCreated records a new account. Its subject is keyed by the username,
// so two accounts can never share one.
type UserCreated struct {
	UserID       string `json:"user_id"`
	Username     string `json:"username"`
	Role         string `json:"role"`
	AgencyCode   string `json:"agency_code,omitempty"`
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
	OfficialID    string `json:"official_id"`
	FullName      string `json:"full_name"`
	AgencyCode    string `json:"agency_code"`
	Group         int    `json:"group"`
	Category      string `json:"category"`
	BirthDate     Date   `json:"birth_date"`
	Gender        string `json:"gender"`
	ServiceStart  Date   `json:"service_start"`
	Qualification string `json:"qualification"`
	Field         string `json:"field"`
}

// NominationDetails are the parts of a nomination its agency writes and may
// revise while it is a draft or returned.
type NominationDetails struct {
	Title           string `json:"title"`
	ContentCode     string `json:"content_code,omitempty"`
	StartDate       Date   `json:"start_date"`
	EndDate         Date   `json:"end_date"`
	CostEstimateVND int64  `json:"cost_estimate_vnd,omitempty"`
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

// NominationSubmitted records that the agency sent a draft for decision.
type NominationSubmitted struct{}

// NominationApproved records the council's approval.
type NominationApproved struct {
	Reason string `json:"reason,omitempty"`
}

// NominationRejected records the council's rejection; the reason is required.
type NominationRejected struct {
	Reason string `json:"reason"`
}

// NominationReturned records a return for revision; the reason is required.
type NominationReturned struct {
	Reason string `json:"reason"`
}

// NominationResubmitted records that a returned nomination was sent again.
type NominationResubmitted struct {
	Note string `json:"note,omitempty"`
}

// NominationWithdrawn records that the agency withdrew its nomination.
type NominationWithdrawn struct {
	Reason string `json:"reason,omitempty"`
}

func (UserCreated) EventType() string           { return TypeUserCreated }
func (UserPasswordChanged) EventType() string   { return TypeUserPasswordChanged }
func (UserDisabled) EventType() string          { return TypeUserDisabled }
func (UserEnabled) EventType() string           { return TypeUserEnabled }
func (SessionOpened) EventType() string         { return TypeSessionOpened }
func (SessionClosed) EventType() string         { return TypeSessionClosed }
func (OfficialRegistered) EventType() string    { return TypeOfficialRegistered }
func (NominationCreated) EventType() string     { return TypeNominationCreated }
func (NominationRevised) EventType() string     { return TypeNominationRevised }
func (NominationSubmitted) EventType() string   { return TypeNominationSubmitted }
func (NominationApproved) EventType() string    { return TypeNominationApproved }
func (NominationRejected) EventType() string    { return TypeNominationRejected }
func (NominationReturned) EventType() string    { return TypeNominationReturned }
func (NominationResubmitted) EventType() string { return TypeNominationResubmitted }
func (NominationWithdrawn) EventType() string   { return TypeNominationWithdrawn }
