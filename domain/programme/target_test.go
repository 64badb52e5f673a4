package programme_test

import (
	"testing"

	"daotao/domain/programme"
)

func TestTargets(t *testing.T) {
	d := defaultDoc(t)
	tests := []struct {
		id       string
		measure  string
		percent  int
		deadline string
		needed   int // people needed for the 2,262 officials of 01/2024
	}{
		{"boi_duong_2026", programme.MeasureRefresherTrained, 20, "2026-12-31", 453},          // 452.4 rounded up
		{"sau_dai_hoc_2026", programme.MeasurePostgradSent, 5, "2026-12-31", 114},             // 113.1
		{"boi_duong_2030", programme.MeasureRefresherTrained, 50, "2030-12-31", 1131},         // 1131.0
		{"trinh_do_sau_dai_hoc_2030", programme.MeasurePostgradDegree, 40, "2030-12-31", 905}, // 904.8
		{"doan_nuoc_ngoai_hang_nam", programme.MeasureDelegationsAbroad, 0, "2026-12-31", 0},  // a yearly count
		{"doi_ngu_chuyen_gia_2030", programme.MeasureExpertTeams, 0, "2030-12-31", 0},         // qualitative
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			g, ok := d.Target(tt.id)
			if !ok {
				t.Fatalf("Target(%q): not found", tt.id)
			}
			if g.Measure != tt.measure || g.Percent != tt.percent || g.Deadline.String() != tt.deadline {
				t.Errorf("target = %s %d%% by %s, want %s %d%% by %s", g.Measure, g.Percent, g.Deadline, tt.measure, tt.percent, tt.deadline)
			}
			if got := g.PeopleNeeded(2262); got != tt.needed {
				t.Errorf("PeopleNeeded(2262) = %d, want %d", got, tt.needed)
			}
		})
	}
	abroad, _ := d.Target("doan_nuoc_ngoai_hang_nam")
	if abroad.PerYear != 2 || abroad.MinWithGroups != 1 || len(abroad.WithGroups) != 2 || abroad.WithGroups[0] != 1 || abroad.WithGroups[1] != 2 {
		t.Errorf("delegations target = %+v, want 2 a year, at least 1 with Nhóm 1 or 2", abroad)
	}
}

func TestPeopleNeeded(t *testing.T) {
	twenty := programme.Target{Percent: 20}
	tests := []struct {
		size, want int
	}{
		{2262, 453}, {2260, 452}, {2261, 453}, {5, 1}, {1, 1}, {0, 0}, {-3, 0},
	}
	for _, tt := range tests {
		if got := twenty.PeopleNeeded(tt.size); got != tt.want {
			t.Errorf("20%% of %d = %d, want %d", tt.size, got, tt.want)
		}
	}
	if got := twenty.Gap(2262, 400); got != 53 {
		t.Errorf("Gap(2262, 400) = %d, want 53", got)
	}
	if got := twenty.Gap(2262, 500); got != 0 {
		t.Errorf("Gap(2262, 500) = %d, want 0", got)
	}
}

func TestTargetsAsOf(t *testing.T) {
	d := defaultDoc(t)
	tests := []struct {
		day  string
		want int
	}{
		{"2024-09-26", 0}, {"2024-09-27", 6}, {"2026-12-31", 6}, {"2027-01-01", 3}, {"2030-12-31", 3}, {"2031-01-01", 0},
	}
	for _, tt := range tests {
		if got := len(d.TargetsAsOf(mustDate(t, tt.day))); got != tt.want {
			t.Errorf("TargetsAsOf(%s) = %d targets, want %d", tt.day, got, tt.want)
		}
	}
}
