package domain

import "time"

// DecidedAt returns the time of the council's decision on the nomination
// (approval or rejection), zero while it is undecided. Read models use it
// instead of View when they only need the decision's time.
func (n *Nomination) DecidedAt() time.Time { return n.decidedTime() }
