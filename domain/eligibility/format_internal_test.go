package eligibility

import (
	"testing"

	"daotao/events"
)

func TestAddMonths(t *testing.T) {
	tests := []struct {
		from events.Date
		n    int
		want string
	}{
		{events.NewDate(2024, 1, 31), 1, "2024-02-29"},
		{events.NewDate(2025, 1, 31), 1, "2025-02-28"},
		{events.NewDate(2024, 3, 1), 18, "2025-09-01"},
		{events.NewDate(2025, 12, 15), 1, "2026-01-15"},
		{events.NewDate(2025, 3, 31), -1, "2025-02-28"},
	}
	for _, tt := range tests {
		if got := addMonths(tt.from, tt.n).String(); got != tt.want {
			t.Errorf("addMonths(%v, %d) = %s, want %s", tt.from, tt.n, got, tt.want)
		}
	}
}

func TestMonthsFrom(t *testing.T) {
	tests := []struct {
		from, last events.Date
		want       int
	}{
		{events.NewDate(2024, 3, 1), events.NewDate(2025, 8, 31), 18},
		{events.NewDate(2024, 3, 2), events.NewDate(2025, 8, 31), 17},
		{events.NewDate(2024, 5, 1), events.NewDate(2024, 5, 31), 1},
		{events.NewDate(2024, 5, 1), events.NewDate(2024, 5, 30), 0},
		{events.NewDate(2024, 1, 31), events.NewDate(2024, 2, 28), 1},
	}
	for _, tt := range tests {
		if got := monthsFrom(tt.from, tt.last); got != tt.want {
			t.Errorf("monthsFrom(%v, %v) = %d, want %d", tt.from, tt.last, got, tt.want)
		}
	}
}

func TestRatingAtLeast(t *testing.T) {
	tests := []struct {
		rating string
		want   bool
	}{{RatingExcellent, true}, {RatingGood, true}, {RatingDone, false}, {RatingFailed, false}, {"", false}, {"gioi", false}}
	for _, tt := range tests {
		if got := ratingAtLeast(tt.rating, RatingGood); got != tt.want {
			t.Errorf("ratingAtLeast(%q, tot) = %v, want %v", tt.rating, got, tt.want)
		}
	}
}
