package events

// Event types of stage deadlines: reminders and escalations.
const (
	TypeDeadlineReminded  = "deadline.reminded"
	TypeDeadlineEscalated = "deadline.escalated"
)

// AggregateDeadline is the deadline log of one request (keyed by the
// nomination id): reminders and escalations of each stage it passes.
const AggregateDeadline = "deadline"

// DeadlineRef names one stay of a request in one stage: the stage, the
// sequence of the event with which it entered it, and its due date.
type DeadlineRef struct {
	NominationID string `json:"nomination_id"`
	Stage        string `json:"stage"`
	EnteredSeq   uint64 `json:"entered_seq"`
	EnteredOn    Date   `json:"entered_on"`
	Due          Date   `json:"due"`
	// AgencyCode is the agency whose request it is.
	AgencyCode string `json:"agency_code"`
}

// DeadlineReminded records a reminder that a stage has used Milestone per
// cent (50, 75 or 100) of its time, addressed to the stage's role.
type DeadlineReminded struct {
	DeadlineRef
	Milestone int    `json:"milestone"`
	Role      string `json:"role"`
	// Calendar is the version of the holiday calendar the days were
	// counted with.
	Calendar int `json:"calendar"`
}

// DeadlineEscalated records that a stage reached its due date undecided
// and was escalated to Role.
type DeadlineEscalated struct {
	DeadlineRef
	Role     string `json:"role"`
	Calendar int    `json:"calendar"`
}

// EventType implements Payload.
func (DeadlineReminded) EventType() string { return TypeDeadlineReminded }

// EventType implements Payload.
func (DeadlineEscalated) EventType() string { return TypeDeadlineEscalated }
