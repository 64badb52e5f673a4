package calendar_test

import (
	"testing"

	"daotao/domain/calendar"
	"daotao/events"
)

// day parses a YYYY-MM-DD date written in a test table.
func day(t testing.TB, s string) events.Date {
	t.Helper()
	d, err := events.ParseDate(s)
	if err != nil {
		t.Fatalf("bad date in test: %v", err)
	}
	return d
}

// standard loads the embedded holiday data.
func standard(t testing.TB) *calendar.Calendar {
	t.Helper()
	c, err := calendar.Default()
	if err != nil {
		t.Fatalf("Default: %v", err)
	}
	return c
}
