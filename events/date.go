package events

import (
	"encoding/json"
	"fmt"
	"time"
)

// DateLayout is how a Date is written in JSON and in the API: YYYY-MM-DD.
const DateLayout = "2006-01-02"

// Date is a calendar date with no time of day or zone, stored as UTC
// midnight. The zero Date is "no date" and is written as JSON null.
type Date struct{ t time.Time }

// NewDate returns the date y-m-d.
func NewDate(y int, m time.Month, d int) Date { return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)} }

// DateOf returns the calendar date of t in the location loc.
func DateOf(t time.Time, loc *time.Location) Date {
	y, m, d := t.In(loc).Date()
	return NewDate(y, m, d)
}

// ParseDate parses YYYY-MM-DD. It returns an error naming the expected layout
// for anything else, including impossible dates such as 2025-02-30.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		return Date{}, fmt.Errorf("%q is not a date in the form YYYY-MM-DD", s)
	}
	return Date{t}, nil
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d.t.IsZero() }

// Time returns d as UTC midnight.
func (d Date) Time() time.Time { return d.t }

// Before reports whether d is before o.
func (d Date) Before(o Date) bool { return d.t.Before(o.t) }

// After reports whether d is after o.
func (d Date) After(o Date) bool { return d.t.After(o.t) }

// AddDate adds years, months and days as time.AddDate does.
func (d Date) AddDate(y, m, days int) Date { return Date{d.t.AddDate(y, m, days)} }

// String returns YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format(DateLayout)
}

// MarshalJSON writes "YYYY-MM-DD" or null.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.String())
}

// UnmarshalJSON reads "YYYY-MM-DD" or null.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("a date must be a string in the form YYYY-MM-DD")
	}
	p, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = p
	return nil
}

// YearsBetween returns the number of whole years from d to o (an age when d
// is a birth date), negative when o is before d. Someone born on 29 February
// has a birthday on 1 March in common years.
func YearsBetween(d, o Date) int {
	y := o.t.Year() - d.t.Year()
	if o.t.Month() < d.t.Month() || (o.t.Month() == d.t.Month() && o.t.Day() < d.t.Day()) {
		y--
	}
	return y
}
