package events

// Event types of council sittings (phiên họp Hội đồng).
const (
	TypeSittingOpened      = "sitting.opened"
	TypeSittingResolved    = "sitting.resolved"
	TypeSittingItemDecided = "sitting.item_decided"
	TypeSittingItemRefused = "sitting.item_refused"
)

// AggregateSitting is one sitting of the council, keyed by its id.
const AggregateSitting = "sitting"

// SittingAgendaItem is one request on a sitting's agenda, with the
// sequence it had when it was put there.
type SittingAgendaItem struct {
	NominationID string `json:"nomination_id"`
	Seq          uint64 `json:"seq"`
}

// SittingOpened records that the council's secretariat opened a sitting
// with an agenda of requests awaiting the council.
type SittingOpened struct {
	SittingID string              `json:"sitting_id"`
	Title     string              `json:"title"`
	HeldOn    Date                `json:"held_on"`
	Agenda    []SittingAgendaItem `json:"agenda"`
}

// Sitting results of one agenda item.
const (
	SittingApproved = "approved"
	SittingRejected = "rejected"
	SittingReturned = "returned"
)

// SittingResult is the council's result for one agenda item: approved,
// rejected or returned, with a reason (required unless approved).
type SittingResult struct {
	NominationID string `json:"nomination_id"`
	Result       string `json:"result"`
	Reason       string `json:"reason,omitempty"`
}

// SittingResolved records the council's one resolution of a sitting: a
// result per agenda item. The items are applied to their requests after
// it, each exactly once (SittingItemDecided or SittingItemRefused).
type SittingResolved struct {
	Number string          `json:"number,omitempty"`
	Items  []SittingResult `json:"items"`
}

// SittingItemDecided records that one item of the resolution was applied
// to its request: it lands in one atomic batch with the request's own
// decision event.
type SittingItemDecided struct {
	NominationID string `json:"nomination_id"`
	Result       string `json:"result"`
	// EventType is the type of the decision event recorded on the request.
	DecisionType string `json:"decision_type"`
}

// SittingItemRefused records that one item of the resolution could not be
// applied because the request's rules refused it (for example it was
// withdrawn meanwhile); the other items are decided all the same.
type SittingItemRefused struct {
	NominationID string `json:"nomination_id"`
	Result       string `json:"result"`
	Code         string `json:"code"`
	Message      string `json:"message"`
}

// EventType implements Payload.
func (SittingOpened) EventType() string { return TypeSittingOpened }

// EventType implements Payload.
func (SittingResolved) EventType() string { return TypeSittingResolved }

// EventType implements Payload.
func (SittingItemDecided) EventType() string { return TypeSittingItemDecided }

// EventType implements Payload.
func (SittingItemRefused) EventType() string { return TypeSittingItemRefused }
