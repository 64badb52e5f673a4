// Package calendar counts working days of Vietnamese public offices:
// Monday to Friday, less the public holidays, substitute days off (nghỉ
// bù) and swapped days (hoán đổi), plus the Saturdays worked in exchange
// (làm bù). The holidays are versioned data with an effective date, so
// that a deadline computed under one version can be recomputed the same.
// The package is pure: it imports only the standard library and package
// events, and "today" is always an input.
package calendar

import (
	"time"

	"daotao/events"
)

// Kinds of day in the data.
const (
	// KindHoliday is a public holiday of Bộ luật Lao động Điều 112 (it may
	// fall on a weekend).
	KindHoliday = "holiday"
	// KindSubstitute is a day off in place of a holiday that fell on a
	// weekend (Điều 111 khoản 3).
	KindSubstitute = "substitute"
	// KindSwap is a working day given off in exchange for a Saturday worked.
	KindSwap = "swap"
	// KindWorkingSaturday is a Saturday worked in exchange (làm bù).
	KindWorkingSaturday = "working_saturday"
)

// KindLabel returns the Vietnamese name of a kind of day.
func KindLabel(kind string) string {
	switch kind {
	case KindHoliday:
		return "Nghỉ lễ, Tết"
	case KindSubstitute:
		return "Nghỉ bù"
	case KindSwap:
		return "Nghỉ hoán đổi"
	case KindWorkingSaturday:
		return "Làm bù"
	}
	return kind
}

// Statuses of a year's data.
const (
	StatusOfficial    = "official"    // as decided and announced
	StatusProvisional = "provisional" // not yet decided: an estimate
)

// Day is one listed day: a day off, or a Saturday worked.
type Day struct {
	Date events.Date `json:"date"`
	Kind string      `json:"kind"`
	Name string      `json:"name"`
	// Provisional marks a day estimated before the government's decision.
	Provisional bool `json:"provisional,omitempty"`
}

// Year is the listed days of one calendar year, oldest first, with the
// sources they were taken from.
type Year struct {
	Year    int      `json:"year"`
	Status  string   `json:"status"`
	Note    string   `json:"note,omitempty"`
	Sources []string `json:"sources"`
	Days    []Day    `json:"days"`
}

// Calendar is one version of the holiday data. The zero Calendar has no
// holidays: every weekday works.
type Calendar struct {
	version       int
	effectiveFrom events.Date
	title, basis  string
	years         []Year
	off           map[int]bool // by dayKey: holidays, substitutes, swaps
	saturdays     map[int]bool // by dayKey: Saturdays worked
	// Where the calendar differs from "every weekday works", as sorted
	// day numbers, so that WorkingDaysBetween counts without walking the
	// days: weekdays that are not worked, and weekend days that are.
	lost, gained []int64
}

// Version returns the version of the data.
func (c *Calendar) Version() int { return c.version }

// EffectiveFrom returns the first day the version applies to.
func (c *Calendar) EffectiveFrom() events.Date { return c.effectiveFrom }

// Title returns the Vietnamese title of the data.
func (c *Calendar) Title() string { return c.title }

// Basis returns the legal basis of the data, in Vietnamese.
func (c *Calendar) Basis() string { return c.basis }

// Years returns every year of the data, oldest first, as copies the caller
// may change.
func (c *Calendar) Years() []Year {
	out := make([]Year, len(c.years))
	for i, y := range c.years {
		out[i] = copyYear(y)
	}
	return out
}

// Year returns the data of year y, and false when the data does not cover
// it: its weekdays then all count as working days.
func (c *Calendar) Year(y int) (Year, bool) {
	for _, yr := range c.years {
		if yr.Year == y {
			return copyYear(yr), true
		}
	}
	return Year{}, false
}

// Covers reports whether the data lists year y.
func (c *Calendar) Covers(y int) bool {
	_, ok := c.Year(y)
	return ok
}

func copyYear(y Year) Year {
	y.Sources = append([]string(nil), y.Sources...)
	y.Days = append([]Day(nil), y.Days...)
	return y
}

// dayKey identifies a date in maps: yyyymmdd.
func dayKey(d events.Date) int {
	y, m, day := d.Time().Date()
	return y*10000 + int(m)*100 + day
}

func weekend(d events.Date) bool {
	wd := d.Time().Weekday()
	return wd == time.Saturday || wd == time.Sunday
}

// IsWorkingDay reports whether offices work on d: a weekday that is not a
// holiday, substitute or swapped day, or a Saturday worked in exchange.
func (c *Calendar) IsWorkingDay(d events.Date) bool {
	k := dayKey(d)
	if c.saturdays[k] {
		return true
	}
	return !weekend(d) && !c.off[k]
}
