package domain

import (
	"time"

	"daotao/events"
)

// WorkCalendar counts working days: package calendar's Calendar (the
// Vietnamese holiday calendar, versioned data) is the one in use. The
// domain takes it as an input so that it stays free of the data.
type WorkCalendar interface {
	// Due returns the deadline of a period of n working days from start.
	Due(start events.Date, n int) events.Date
	// Reached returns the highest reminder milestone (50, 75, 100) the
	// period from start to due has reached by now, 0 for none.
	Reached(start, due, now events.Date) int
	// Version returns the version of the holiday data.
	Version() int
}

// StageClock is one stay of a request in one stage, as the deadline rules
// see it: when it entered, how long the stage may take, whose action it
// awaits and who is told when it runs out, and what was already sent.
type StageClock struct {
	NominationID string
	AgencyCode   string
	Stage        string
	// Index is the stage's place in the request's chain.
	Index int
	// EnteredSeq is the sequence of the event with which the request
	// entered the stage; EnteredAt its business time.
	EnteredSeq uint64
	EnteredAt  time.Time
	// WorkingDays is the stage's time; 0 means the stage has no deadline.
	WorkingDays int
	// Role is the role whose action the stage awaits; EscalationRole the
	// one told when the time is up.
	Role, EscalationRole string
	// Reminded is the highest milestone already reminded; Escalated
	// whether the escalation was recorded.
	Reminded  int
	Escalated bool
}

// Deadline is a stage's due date and how far it has run.
type Deadline struct {
	EnteredOn events.Date `json:"entered_on"`
	Due       events.Date `json:"due"`
	// Reached is the highest milestone (50, 75, 100) reached today.
	Reached int  `json:"reached"`
	Overdue bool `json:"overdue"`
}

// DeadlineOf returns the deadline of c on today: the due date counts
// c.WorkingDays working days from the day the request entered the stage
// (that day itself not counted), in Asia/Ho_Chi_Minh. It returns false for
// a stage without a deadline.
func DeadlineOf(c StageClock, cal WorkCalendar, today events.Date) (Deadline, bool) {
	if c.WorkingDays <= 0 || c.EnteredAt.IsZero() {
		return Deadline{}, false
	}
	entered := events.DateOf(c.EnteredAt, Zone)
	due := cal.Due(entered, c.WorkingDays)
	return Deadline{EnteredOn: entered, Due: due, Reached: cal.Reached(entered, due, today), Overdue: today.After(due)}, true
}

// DeadlineNotices decides what the deadline of c asks to be recorded on
// today: a reminder for the highest milestone reached and not yet
// reminded (a scan that missed 50% and finds 75% sends one reminder, not
// two), and at 100% the escalation to the stage's escalation role. It
// returns nothing when everything due has been recorded, so that calling
// it again with the same state and day is harmless.
func DeadlineNotices(c StageClock, cal WorkCalendar, today events.Date) []events.Payload {
	d, ok := DeadlineOf(c, cal, today)
	if !ok {
		return nil
	}
	ref := events.DeadlineRef{NominationID: c.NominationID, Stage: c.Stage, EnteredSeq: c.EnteredSeq,
		EnteredOn: d.EnteredOn, Due: d.Due, AgencyCode: c.AgencyCode}
	var out []events.Payload
	if d.Reached > c.Reminded {
		out = append(out, &events.DeadlineReminded{DeadlineRef: ref, Milestone: d.Reached, Role: c.Role, Calendar: cal.Version()})
	}
	if d.Reached >= 100 && !c.Escalated && c.EscalationRole != "" {
		out = append(out, &events.DeadlineEscalated{DeadlineRef: ref, Role: c.EscalationRole, Calendar: cal.Version()})
	}
	return out
}

// Apply folds a recorded reminder or escalation of this stay into c.
// Events of another stay (an earlier round of the same stage) are ignored.
func (c *StageClock) Apply(p events.Payload) {
	switch e := p.(type) {
	case *events.DeadlineReminded:
		if e.EnteredSeq == c.EnteredSeq && e.Milestone > c.Reminded {
			c.Reminded = e.Milestone
		}
	case *events.DeadlineEscalated:
		if e.EnteredSeq == c.EnteredSeq {
			c.Escalated = true
		}
	}
}
