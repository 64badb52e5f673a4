package calendar_test

import (
	"testing"

	"daotao/domain/calendar"
)

func TestIsWorkingDay(t *testing.T) {
	c := standard(t)
	tests := []struct {
		date string
		want bool
		why  string
	}{
		{"2025-01-24", true, "Friday before Tết 2025"},
		{"2025-01-27", false, "Tết 2025 (28 tháng Chạp)"},
		{"2025-01-29", false, "mùng 1 Tết Ất Tỵ"},
		{"2025-02-03", true, "first working day after Tết 2025"},
		{"2025-02-08", false, "an ordinary Saturday: no exchange for Tết 2025"},
		{"2025-04-26", true, "Saturday worked for 02/5/2025"},
		{"2025-05-02", false, "swapped for 26/4/2025"},
		{"2025-09-01", false, "Quốc khánh 2025, the adjacent day"},
		{"2025-09-02", false, "Quốc khánh"},
		{"2025-09-03", true, "after Quốc khánh"},
		{"2025-06-01", false, "a Sunday"},
		{"2024-02-13", false, "nghỉ bù for Tết on a Saturday"},
		{"2024-02-29", true, "leap day 2024, a Thursday"},
		{"2024-05-04", true, "Saturday worked for 29/4/2024"},
		{"2026-01-02", false, "swapped for 10/01/2026"},
		{"2026-01-10", true, "Saturday worked for 02/01/2026"},
		{"2026-04-27", false, "nghỉ bù for Giỗ Tổ on a Sunday"},
		{"2026-08-22", true, "Saturday worked for 31/8/2026"},
		{"2026-08-31", false, "swapped for 22/8/2026"},
		{"2027-05-03", false, "nghỉ bù for 1/5/2027, a Saturday"},
		{"2028-01-03", true, "a Monday beyond the data"},
		{"2028-01-01", false, "a Saturday beyond the data"},
	}
	for _, tt := range tests {
		t.Run(tt.date, func(t *testing.T) {
			if got := c.IsWorkingDay(day(t, tt.date)); got != tt.want {
				t.Errorf("IsWorkingDay(%s) = %v, want %v (%s)", tt.date, got, tt.want, tt.why)
			}
		})
	}
}

func TestAddWorkingDays(t *testing.T) {
	c := standard(t)
	tests := []struct {
		name  string
		start string
		n     int
		want  string
	}{
		// 27–31/1 Tết, 1–2/2 weekend: 3–7/2 are days 1–5, 10–14/2 days 6–10.
		{"10 working days from 27/01/2025 across Tết", "2025-01-27", 10, "2025-02-14"},
		{"the Friday before Tết 2025 + 1", "2025-01-24", 1, "2025-02-03"},
		{"across Quốc khánh 2025 (1 and 2/9)", "2025-08-29", 1, "2025-09-03"},
		{"onto a Saturday worked", "2025-04-25", 1, "2025-04-26"},
		{"over 30/4, 1/5 and the swapped 2/5/2025", "2025-04-29", 1, "2025-05-05"},
		{"across Tết 2026", "2026-02-13", 1, "2026-02-23"},
		{"into the leap day", "2024-02-28", 1, "2024-02-29"},
		{"out of the leap day", "2024-02-29", 1, "2024-03-01"},
		{"leap day beyond the data", "2028-02-28", 1, "2028-02-29"},
		{"over New Year 2025", "2024-12-31", 1, "2025-01-02"},
		{"over New Year 2027", "2026-12-31", 1, "2027-01-04"},
		{"start on a holiday (Giỗ Tổ 2024)", "2024-04-18", 3, "2024-04-23"},
		{"start on a Sunday", "2025-06-01", 1, "2025-06-02"},
		{"zero", "2025-06-01", 0, "2025-06-01"},
		{"backwards across Tết 2025", "2025-02-03", -1, "2025-01-24"},
		{"backwards onto a Saturday worked", "2026-01-12", -1, "2026-01-10"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := c.AddWorkingDays(day(t, tt.start), tt.n); got != day(t, tt.want) {
				t.Errorf("AddWorkingDays(%s, %d) = %s, want %s", tt.start, tt.n, got, tt.want)
			}
		})
	}
}

func TestWorkingDaysBetween(t *testing.T) {
	c := standard(t)
	tests := []struct {
		name string
		a, b string
		want int
	}{
		// Feb 2024 has 20 weekdays after the 1st; Tết takes 8, 9, 12, 13, 14.
		{"February 2024 (leap) across Tết", "2024-02-01", "2024-03-01", 16},
		{"February 2023, beyond the data", "2023-02-01", "2023-03-01", 20},
		{"the same day", "2025-06-02", "2025-06-02", 0},
		{"reversed", "2024-03-01", "2024-02-01", -16},
		// 262 weekdays, 12 of them off, 1 Saturday worked.
		{"the year 2024", "2023-12-31", "2024-12-31", 251},
		// 261 weekdays, 12 off, 1 Saturday worked.
		{"the year 2025", "2024-12-31", "2025-12-31", 250},
		// 261 weekdays, 13 off, 2 Saturdays worked.
		{"the year 2026", "2025-12-31", "2026-12-31", 250},
		// 261 weekdays, 11 off (provisional data).
		{"the year 2027", "2026-12-31", "2027-12-31", 250},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := c.WorkingDaysBetween(day(t, tt.a), day(t, tt.b)); got != tt.want {
				t.Errorf("WorkingDaysBetween(%s, %s) = %d, want %d", tt.a, tt.b, got, tt.want)
			}
		})
	}
}

// TestAddAndCountAgree: counting back the working days added gives n, and
// the day reached is a working day, from every day of the data.
func TestAddAndCountAgree(t *testing.T) {
	c := standard(t)
	for d := day(t, "2023-12-01"); d.Before(day(t, "2028-01-31")); d = d.AddDate(0, 0, 1) {
		for _, n := range []int{1, 2, 5, 10, 15, 30} {
			got := c.AddWorkingDays(d, n)
			if !c.IsWorkingDay(got) || c.WorkingDaysBetween(d, got) != n {
				t.Fatalf("AddWorkingDays(%s, %d) = %s: working %v, %d working days between", d, n, got, c.IsWorkingDay(got), c.WorkingDaysBetween(d, got))
			}
		}
	}
}

func TestDue(t *testing.T) {
	c := standard(t)
	tests := []struct {
		name  string
		start string
		n     int
		want  string
	}{
		{"10 working days from 27/01/2025", "2025-01-27", 10, "2025-02-14"},
		{"15 working days across Quốc khánh 2025", "2025-08-25", 15, "2025-09-17"},
		{"0 days from a holiday: the next working day", "2025-01-01", 0, "2025-01-02"},
		{"0 days from a working day: that day", "2025-06-02", 0, "2025-06-02"},
		{"0 days from a Saturday worked: that day", "2025-04-26", 0, "2025-04-26"},
		{"0 days from an ordinary Saturday", "2025-06-07", 0, "2025-06-09"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := c.Due(day(t, tt.start), tt.n); got != day(t, tt.want) {
				t.Errorf("Due(%s, %d) = %s, want %s", tt.start, tt.n, got, tt.want)
			}
		})
	}
}

// TestProgress follows a 10-working-day period from Friday 24/01/2025,
// due 14/02/2025: Tết takes no time off the period.
func TestProgress(t *testing.T) {
	c := standard(t)
	start := day(t, "2025-01-24")
	due := c.Due(start, 10)
	if due != day(t, "2025-02-14") {
		t.Fatalf("due %s, want 2025-02-14", due)
	}
	tests := []struct {
		now     string
		want    float64
		reached int
	}{
		{"2025-01-20", 0, 0},
		{"2025-01-24", 0, 0},
		{"2025-01-31", 0, 0}, // Tết: no working day has passed
		{"2025-02-06", 0.4, 0},
		{"2025-02-07", 0.5, 50},
		{"2025-02-11", 0.7, 50},
		{"2025-02-12", 0.8, 75},
		{"2025-02-14", 1, 100},
		{"2025-02-17", 1.1, 100},
	}
	for _, tt := range tests {
		t.Run(tt.now, func(t *testing.T) {
			now := day(t, tt.now)
			if got := c.Progress(start, due, now); got < tt.want-1e-9 || got > tt.want+1e-9 {
				t.Errorf("Progress on %s = %v, want %v", tt.now, got, tt.want)
			}
			if got := c.Reached(start, due, now); got != tt.reached {
				t.Errorf("Reached on %s = %d, want %d", tt.now, got, tt.reached)
			}
		})
	}
}

func TestProgressEdges(t *testing.T) {
	c := standard(t)
	mon, fri := day(t, "2025-06-02"), day(t, "2025-06-06")
	if got := c.Reached(mon, fri, day(t, "2025-06-05")); got != 75 {
		t.Errorf("3 of 4 working days: Reached = %d, want 75", got)
	}
	for _, tt := range []struct {
		now  string
		want float64
	}{{"2025-06-01", 0}, {"2025-06-02", 1}, {"2025-06-03", 1}} {
		if got := c.Progress(mon, mon, day(t, tt.now)); got != tt.want {
			t.Errorf("empty period on %s: Progress = %v, want %v", tt.now, got, tt.want)
		}
	}
}

// TestZeroCalendar: with no data every weekday works.
func TestZeroCalendar(t *testing.T) {
	var c calendar.Calendar
	if !c.IsWorkingDay(day(t, "2025-01-29")) || c.IsWorkingDay(day(t, "2025-02-01")) {
		t.Errorf("zero calendar: want weekdays working, weekends not")
	}
	if got := c.AddWorkingDays(day(t, "2025-01-27"), 10); got != day(t, "2025-02-10") {
		t.Errorf("zero calendar: AddWorkingDays = %s, want 2025-02-10", got)
	}
}
