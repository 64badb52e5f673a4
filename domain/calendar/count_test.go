package calendar_test

import (
	"math/rand/v2"
	"testing"

	"daotao/domain/calendar"
	"daotao/events"
)

// walkWorkingDays is WorkingDaysBetween as the definition says it: the
// working days after a up to and including b, walked one by one.
func walkWorkingDays(c *calendar.Calendar, a, b events.Date) int {
	if b.Before(a) {
		return -walkWorkingDays(c, b, a)
	}
	n := 0
	for d := a.AddDate(0, 0, 1); !d.After(b); d = d.AddDate(0, 0, 1) {
		if c.IsWorkingDay(d) {
			n++
		}
	}
	return n
}

// TestWorkingDaysBetweenCountsAsTheWalk compares the counted working days
// with the walked ones: every start from before the data to after it with
// every span of up to six weeks, both ways, and random long spans, on the
// real holiday data and on the zero calendar.
func TestWorkingDaysBetweenCountsAsTheWalk(t *testing.T) {
	for name, c := range map[string]*calendar.Calendar{"default": standard(t), "zero": {}} {
		t.Run(name, func(t *testing.T) {
			first, last := day(t, "2022-12-20"), day(t, "2032-01-10")
			for a := first; !a.After(last); a = a.AddDate(0, 0, 1) {
				for k := range 43 {
					b := a.AddDate(0, 0, k)
					if got, want := c.WorkingDaysBetween(a, b), walkWorkingDays(c, a, b); got != want {
						t.Fatalf("WorkingDaysBetween(%s, %s) = %d, walked %d", a, b, got, want)
					}
					if got, want := c.WorkingDaysBetween(b, a), -walkWorkingDays(c, a, b); got != want {
						t.Fatalf("WorkingDaysBetween(%s, %s) = %d, walked %d", b, a, got, want)
					}
				}
			}
			rng := rand.New(rand.NewPCG(7, 7328))
			span := int(last.Time().Sub(first.Time()).Hours() / 24)
			for range 1500 {
				a, b := first.AddDate(0, 0, rng.IntN(span)), first.AddDate(0, 0, rng.IntN(span))
				if got, want := c.WorkingDaysBetween(a, b), walkWorkingDays(c, a, b); got != want {
					t.Fatalf("WorkingDaysBetween(%s, %s) = %d, walked %d", a, b, got, want)
				}
			}
			// Before 1970, where day numbers are negative.
			a, b := day(t, "1969-12-01"), day(t, "1970-01-20")
			if got, want := c.WorkingDaysBetween(a, b), walkWorkingDays(c, a, b); got != want {
				t.Fatalf("WorkingDaysBetween(%s, %s) = %d, walked %d", a, b, got, want)
			}
		})
	}
}

// BenchmarkWorkingDaysBetween counts the working days of a deadline that
// started two years before today, as a queue page does for each row.
func BenchmarkWorkingDaysBetween(b *testing.B) {
	c := standard(b)
	start, today := day(b, "2024-11-04"), day(b, "2026-11-27")
	b.Run("count", func(b *testing.B) {
		for b.Loop() {
			c.WorkingDaysBetween(start, today)
		}
	})
	b.Run("walk", func(b *testing.B) {
		for b.Loop() {
			walkWorkingDays(c, start, today)
		}
	})
}
