package reimbursement

import "testing"

func TestFormats(t *testing.T) {
	tests := []struct{ got, want string }{
		{group(0), "0"},
		{group(999), "999"},
		{group(1000), "1.000"},
		{group(58_333_333), "58.333.333"},
		{dong(100_000_000), "100.000.000 ₫"},
		{decimal(2_800_000_000, 48), "58.333.333,33…"},
		{decimal(55_416_666_350, 1000), "55.416.666,35"},
		{decimal(5, 2), "2,5"},
		{decimal(1001, 1000), "1,00…"},
		{decimal(96, 48), "2"},
		{percent(10), "1,0%"},
		{percent(15), "1,5%"},
		{percent(950), "95,0%"},
		{duration(24, 0), "24 tháng"},
		{duration(18, 20), "18 tháng 20 ngày"},
		{duration(0, 5), "5 ngày"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

func TestRoundHalfUp(t *testing.T) {
	tests := []struct{ num, den, want int64 }{
		{2_800_000_000, 48, 58_333_333},
		{5, 2, 3},
		{7, 2, 4},
		{4, 3, 1},
		{5, 3, 2},
		{0, 7, 0},
		{99_500, 1000, 100},
		{99_499, 1000, 99},
	}
	for _, tt := range tests {
		if got := roundHalfUp(tt.num, tt.den); got != tt.want {
			t.Errorf("roundHalfUp(%d, %d) = %d, want %d", tt.num, tt.den, got, tt.want)
		}
	}
}
