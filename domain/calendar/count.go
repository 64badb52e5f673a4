package calendar

import "daotao/events"

// AddWorkingDays returns the day n working days after d (before d when n
// is negative), not counting d itself; n = 0 returns d. For n > 0 the
// result is a working day and WorkingDaysBetween(d, result) == n.
func (c *Calendar) AddWorkingDays(d events.Date, n int) events.Date {
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	for n > 0 {
		d = d.AddDate(0, 0, step)
		if c.IsWorkingDay(d) {
			n--
		}
	}
	return d
}

// WorkingDaysBetween returns the number of working days after a up to and
// including b; the negative of WorkingDaysBetween(b, a) when b is before a.
func (c *Calendar) WorkingDaysBetween(a, b events.Date) int {
	if b.Before(a) {
		return -c.WorkingDaysBetween(b, a)
	}
	n := 0
	for d := a.AddDate(0, 0, 1); !d.After(b); d = d.AddDate(0, 0, 1) {
		if c.IsWorkingDay(d) {
			n++
		}
	}
	return n
}

// Due returns the deadline of a period of workingDays working days that
// starts on start: as Bộ luật Dân sự 2015 counts periods (Điều 147–148),
// the day of start is not counted, and a deadline always falls on a
// working day. A period of 0
// (or less) is due on the first working day on or after start.
func (c *Calendar) Due(start events.Date, workingDays int) events.Date {
	if workingDays > 0 {
		return c.AddWorkingDays(start, workingDays)
	}
	for !c.IsWorkingDay(start) {
		start = start.AddDate(0, 0, 1)
	}
	return start
}

// Progress returns how much of the working time from start to due has
// passed by now: 0 before or on start, 0.5 half way, 1 on due, more than
// 1 once overdue (never negative). A period with no working day in it is
// 0 before due and 1 from due on.
func (c *Calendar) Progress(start, due, now events.Date) float64 {
	total := c.WorkingDaysBetween(start, due)
	if total <= 0 {
		if now.Before(due) {
			return 0
		}
		return 1
	}
	elapsed := c.WorkingDaysBetween(start, now)
	if elapsed <= 0 {
		return 0
	}
	return float64(elapsed) / float64(total)
}

// Milestones are the percentages of a period at which a reminder is sent.
var Milestones = []int{50, 75, 100}

// Reached returns the highest of Milestones that the period from start to
// due has reached by now, or 0 when none has.
func (c *Calendar) Reached(start, due, now events.Date) int {
	p := c.Progress(start, due, now)
	reached := 0
	for _, m := range Milestones {
		if p*100 >= float64(m) {
			reached = m
		}
	}
	return reached
}
