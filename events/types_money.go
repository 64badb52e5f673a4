package events

// Event types of service commitments, reimbursement cases and budgets.
const (
	TypeCommitmentOpened = "commitment.opened"
	TypeCommitmentClosed = "commitment.closed"

	TypeReimbursementOpened      = "reimbursement.opened"
	TypeReimbursementRecommended = "reimbursement.recommended"
	TypeReimbursementDecided     = "reimbursement.decided"
	TypeReimbursementPaid        = "reimbursement.payment_recorded"
	TypeReimbursementWaived      = "reimbursement.waived"

	TypeBudgetSubmitted      = "budget.submitted"
	TypeBudgetApproved       = "budget.approved"
	TypeBudgetAdjusted       = "budget.adjusted"
	TypeBudgetReturned       = "budget.returned"
	TypeBudgetActualRecorded = "budget.actual_recorded"
)

// Aggregates of the money matters. A commitment and a reimbursement case
// are keyed by the nomination they arise from, so that one training has at
// most one of each; a budget is keyed by its course.
const (
	AggregateCommitment    = "commitment"
	AggregateReimbursement = "reimbursement"
	AggregateBudget        = "budget"
)

// CommitmentOpened records the service commitment (cam kết phục vụ) that a
// completed, state-funded postgraduate programme opens: the official must
// serve RequiredMonths (T1 = Multiplier × TrainingMonths) from StartDate.
type CommitmentOpened struct {
	CommitmentID string `json:"commitment_id"`
	NominationID string `json:"nomination_id"`
	OfficialID   string `json:"official_id"`
	AgencyCode   string `json:"agency_code"`
	Title        string `json:"title"`
	// CompletedOn is the day the degree was awarded; the service counts
	// from StartDate (by default the same day).
	CompletedOn    Date `json:"completed_on"`
	StartDate      Date `json:"start_date"`
	TrainingMonths int  `json:"training_months"`
	Multiplier     int  `json:"multiplier"`
	RequiredMonths int  `json:"required_months"`
	// RuleSet is the rule set in force when the commitment was signed, the
	// source of the multiplier, and SignedOn that day.
	RuleSet  string `json:"rule_set"`
	SignedOn Date   `json:"signed_on"`
	// CostVND is F as known when the commitment opened, CostSource where it
	// came from (actual, approved or estimate).
	CostVND    int64  `json:"cost_vnd"`
	CostSource string `json:"cost_source"`
}

// EventType implements Payload.
func (CommitmentOpened) EventType() string { return TypeCommitmentOpened }

// CommitmentClosed records that a commitment ended: served in full, or
// broken (a reimbursement case opened atomically with this event).
type CommitmentClosed struct {
	// Outcome is "served" or "broken".
	Outcome      string `json:"outcome"`
	ClosedOn     Date   `json:"closed_on"`
	ServedMonths int    `json:"served_months"`
	CaseID       string `json:"case_id,omitempty"`
	Reason       string `json:"reason,omitempty"`
}

// EventType implements Payload.
func (CommitmentClosed) EventType() string { return TypeCommitmentClosed }

// MoneyStep is one line of a computation shown to people.
type MoneyStep struct {
	Label   string `json:"label"`
	Formula string `json:"formula"`
	Value   string `json:"value"`
}

// ReimbursementOpened records a reimbursement case (đền bù chi phí đào tạo)
// with the amount the law gives before the council's reduction, and every
// step of its computation as it was shown.
type ReimbursementOpened struct {
	CaseID       string `json:"case_id"`
	NominationID string `json:"nomination_id"`
	OfficialID   string `json:"official_id"`
	AgencyCode   string `json:"agency_code"`
	CommitmentID string `json:"commitment_id,omitempty"`
	// Case is quit_during_training, no_degree, left_early or dismissed.
	Case string `json:"case"`
	// EventDate is when the trigger happened (quit, result, leaving, dismissal).
	EventDate Date   `json:"event_date"`
	Reason    string `json:"reason"`
	CostVND   int64  `json:"cost_vnd"`
	// CostSource says where F came from: actual, approved or estimate.
	CostSource         string      `json:"cost_source"`
	TrainingMonths     int         `json:"training_months,omitempty"`
	Multiplier         int         `json:"multiplier,omitempty"`
	ServedMonths       int         `json:"served_months,omitempty"`
	ServedDays         int         `json:"served_days,omitempty"`
	MonthRounding      string      `json:"month_rounding"`
	T1Months           int         `json:"t1_months,omitempty"`
	T2Months           int         `json:"t2_months,omitempty"`
	BeforeReductionVND int64       `json:"before_reduction_vnd"`
	Steps              []MoneyStep `json:"steps"`
}

// EventType implements Payload.
func (ReimbursementOpened) EventType() string { return TypeReimbursementOpened }

// ReimbursementRecommended records the reimbursement council's
// recommendation: the reduction for years of service before training
// (Article 9) and the amount it leads to, with the steps.
type ReimbursementRecommended struct {
	PriorServiceYears   int         `json:"prior_service_years"`
	ReductionPctPerYear float64     `json:"reduction_pct_per_year"`
	AmountVND           int64       `json:"amount_vnd"`
	Note                string      `json:"note,omitempty"`
	Steps               []MoneyStep `json:"steps"`
}

// EventType implements Payload.
func (ReimbursementRecommended) EventType() string { return TypeReimbursementRecommended }

// ReimbursementDecided records the reimbursement decision: its reference,
// the day it was issued, the amount and the day payment is due (120 days
// later).
type ReimbursementDecided struct {
	DecisionRef string `json:"decision_ref"`
	DecidedOn   Date   `json:"decided_on"`
	DueOn       Date   `json:"due_on"`
	AmountVND   int64  `json:"amount_vnd"`
}

// EventType implements Payload.
func (ReimbursementDecided) EventType() string { return TypeReimbursementDecided }

// ReimbursementPaid records one payment (an instalment or the whole).
type ReimbursementPaid struct {
	AmountVND  int64  `json:"amount_vnd"`
	PaidOn     Date   `json:"paid_on"`
	ReceiptRef string `json:"receipt_ref"`
}

// EventType implements Payload.
func (ReimbursementPaid) EventType() string { return TypeReimbursementPaid }

// ReimbursementWaived records that the amount still owed was waived by a
// decision.
type ReimbursementWaived struct {
	DecisionRef string `json:"decision_ref"`
	DecidedOn   Date   `json:"decided_on"`
	Reason      string `json:"reason"`
	WaivedVND   int64  `json:"waived_vnd"`
}

// EventType implements Payload.
func (ReimbursementWaived) EventType() string { return TypeReimbursementWaived }

// BudgetSubmitted records a course's cost estimate (dự toán) sent by its
// lead agency to Sở Tài chính for appraisal; a returned estimate is sent
// again with another BudgetSubmitted.
type BudgetSubmitted struct {
	CourseID     string `json:"course_id"`
	AgencyCode   string `json:"agency_code"`
	Title        string `json:"title"`
	Year         int    `json:"year"`
	Participants int    `json:"participants"`
	PerPersonVND int64  `json:"per_person_vnd"`
	TotalVND     int64  `json:"total_vnd"`
	Note         string `json:"note,omitempty"`
}

// EventType implements Payload.
func (BudgetSubmitted) EventType() string { return TypeBudgetSubmitted }

// BudgetApproved records Sở Tài chính's approval of the estimate as sent.
type BudgetApproved struct {
	ApprovedVND int64  `json:"approved_vnd"`
	Note        string `json:"note,omitempty"`
}

// EventType implements Payload.
func (BudgetApproved) EventType() string { return TypeBudgetApproved }

// BudgetAdjusted records Sở Tài chính's approval of another amount.
type BudgetAdjusted struct {
	ApprovedVND int64  `json:"approved_vnd"`
	Reason      string `json:"reason"`
}

// EventType implements Payload.
func (BudgetAdjusted) EventType() string { return TypeBudgetAdjusted }

// BudgetReturned records an estimate sent back to the lead agency.
type BudgetReturned struct {
	Reason string `json:"reason"`
}

// EventType implements Payload.
func (BudgetReturned) EventType() string { return TypeBudgetReturned }

// BudgetActualRecorded records the actual cost of a course after it, as
// settled: in total and per participant.
type BudgetActualRecorded struct {
	ActualVND    int64  `json:"actual_vnd"`
	Participants int    `json:"participants"`
	PerPersonVND int64  `json:"per_person_vnd"`
	Note         string `json:"note,omitempty"`
}

// EventType implements Payload.
func (BudgetActualRecorded) EventType() string { return TypeBudgetActualRecorded }
