package calendar

import (
	"slices"
	"time"

	"daotao/events"
)

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
//
// It counts the weekdays arithmetically and corrects them with the listed
// days in the range, found by binary search: a queue page computes the
// progress of fifty deadlines that may have started years ago.
func (c *Calendar) WorkingDaysBetween(a, b events.Date) int {
	if b.Before(a) {
		return -c.WorkingDaysBetween(b, a)
	}
	na, nb := dayNumber(a), dayNumber(b)
	n := weekdaysThrough(nb) - weekdaysThrough(na)
	n -= countIn(c.lost, na, nb)
	n += countIn(c.gained, na, nb)
	return int(n)
}

// dayNumber returns the days from 1970-01-01 to d's calendar date.
func dayNumber(d events.Date) int64 {
	y, m, day := d.Time().Date()
	return floorDiv(time.Date(y, m, day, 0, 0, 0, 0, time.UTC).Unix(), 86400)
}

// weekdaysThrough returns the number of weekdays from a fixed Monday up to
// and including day n, negative before it: weekdaysThrough(b) −
// weekdaysThrough(a) is the number of weekdays after a up to b.
func weekdaysThrough(n int64) int64 {
	m := n + 3 + 1 // 1970-01-01 was a Thursday: day −3 was a Monday
	return floorDiv(m, 7)*5 + min(m-floorDiv(m, 7)*7, 5)
}

// countIn returns how many of the sorted days are after a and up to b.
func countIn(days []int64, a, b int64) int64 {
	upTo := func(x int64) int {
		i, found := slices.BinarySearch(days, x)
		if found {
			i++
		}
		return i
	}
	return int64(upTo(b) - upTo(a))
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
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
