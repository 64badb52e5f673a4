package programme

import "daotao/events"

// What a target measures.
const (
	// MeasureRefresherTrained counts officials of the 4 groups who took an
	// in-depth refresher course of the Đề án.
	MeasureRefresherTrained = "refresher_trained"
	// MeasurePostgradSent counts officials sent to postgraduate training.
	MeasurePostgradSent = "postgrad_sent"
	// MeasurePostgradDegree counts officials holding a postgraduate degree.
	MeasurePostgradDegree = "postgrad_degree"
	// MeasureDelegationsAbroad counts delegations abroad per year.
	MeasureDelegationsAbroad = "delegations_abroad"
	// MeasureExpertTeams is qualitative: expert teams in key fields.
	MeasureExpertTeams = "expert_teams"
)

// Target is an objective of Phần II.III.2. A share target has Percent (of
// the live roster of the 4 groups); a yearly count has PerYear, of which at
// least MinWithGroups must include officials of WithGroups.
type Target struct {
	ID            string      `json:"id"`
	Measure       string      `json:"measure"`
	Percent       int         `json:"percent,omitempty"`
	PerYear       int         `json:"per_year,omitempty"`
	WithGroups    []int       `json:"with_groups,omitempty"`
	MinWithGroups int         `json:"min_with_groups,omitempty"`
	From          events.Date `json:"from"`
	Deadline      events.Date `json:"deadline"`
	Section       string      `json:"section"`
	Text          string      `json:"text"`
	Note          string      `json:"note,omitempty"`
}

// PeopleNeeded returns how many officials a share target needs for a roster
// of size officials, rounding up (20% of 2,262 is 452.4, so 453). It
// returns 0 for a target that is not a share or an empty roster.
func (t Target) PeopleNeeded(size int) int {
	if t.Percent <= 0 || size <= 0 {
		return 0
	}
	return (t.Percent*size + 99) / 100
}

// Gap returns how many more officials a share target needs when achieved
// already count, never below 0.
func (t Target) Gap(size, achieved int) int { return max(0, t.PeopleNeeded(size)-achieved) }

// InForce reports whether day falls within From..Deadline, both included.
func (t Target) InForce(day events.Date) bool {
	return !day.Before(t.From) && !day.After(t.Deadline)
}

// Target returns the target with id, or false.
func (d *Document) Target(id string) (Target, bool) {
	i, ok := d.idx.targets[id]
	if !ok {
		return Target{}, false
	}
	return d.Targets[i], true
}

// TargetsAsOf returns the targets in force on day, in document order.
func (d *Document) TargetsAsOf(day events.Date) []Target {
	var out []Target
	for _, t := range d.Targets {
		if t.InForce(day) {
			out = append(out, t)
		}
	}
	return out
}
