package reimbursement_test

import (
	"errors"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"

	"daotao/domain"
	"daotao/domain/reimbursement"
)

// master is the worked example: a 24-month master's programme
// costing 100,000,000 ₫, left after 20 months of a 2× commitment.
func master() reimbursement.Input {
	return reimbursement.Input{Case: reimbursement.LeftEarly, CostVND: 100_000_000, TrainingMonths: 24,
		Multiplier: 2, ServedMonths: 20}
}

func with(in reimbursement.Input, change func(*reimbursement.Input)) reimbursement.Input {
	change(&in)
	return in
}

func TestPreviewWorkedExamples(t *testing.T) {
	tests := []struct {
		name           string
		in             reimbursement.Input
		t1, t2         int
		before, amount int64
	}{
		// 100,000,000 × 28 / 48 = 58,333,333.33…, rounded half up to the đồng.
		{"issue example: 24 months, 2×, T2 = 20", master(), 48, 20, 58_333_333, 58_333_333},
		// 100,000,000 × 52 / 72 = 72,222,222.22…
		{"3× under Decree 171/2025", with(master(), func(in *reimbursement.Input) { in.Multiplier = 3 }), 72, 20, 72_222_222, 72_222_222},
		{"dismissal uses the formula", with(master(), func(in *reimbursement.Input) { in.Case = reimbursement.Dismissed }), 48, 20, 58_333_333, 58_333_333},
		{"case 1: quit during training owes 100%", reimbursement.Input{Case: reimbursement.QuitDuringTraining, CostVND: 85_500_000}, 0, 0, 85_500_000, 85_500_000},
		{"case 2: no degree owes 100%", with(master(), func(in *reimbursement.Input) { in.Case = reimbursement.NoDegree }), 0, 0, 100_000_000, 100_000_000},
		// 58,333,333 × 95% = 55,416,666.35
		{"reduction 1% × 5 years", with(master(), func(in *reimbursement.Input) { in.PriorServiceYears, in.ReductionPctPerYear = 5, 1.0 }),
			48, 20, 58_333_333, 55_416_666},
		// 58,333,333 × 94% = 54,833,333.02
		{"reduction 1.5% × 4 years", with(master(), func(in *reimbursement.Input) { in.PriorServiceYears, in.ReductionPctPerYear = 4, 1.5 }),
			48, 20, 58_333_333, 54_833_333},
		{"reduction on a 100% case: 1.5% × 10 years", reimbursement.Input{Case: reimbursement.NoDegree, CostVND: 100_000_000,
			PriorServiceYears: 10, ReductionPctPerYear: 1.5}, 0, 0, 100_000_000, 85_000_000},
		{"years without a rate reduce nothing", with(master(), func(in *reimbursement.Input) { in.PriorServiceYears = 7 }), 48, 20, 58_333_333, 58_333_333},
		{"T2 = T1: nothing owed", with(master(), func(in *reimbursement.Input) { in.ServedMonths = 48 }), 48, 48, 0, 0},
		{"T2 = 0: all of F", with(master(), func(in *reimbursement.Input) { in.ServedMonths = 0 }), 48, 0, 100_000_000, 100_000_000},
		// 5 × 1 / 2 = 2.5: half up gives 3 (half to even would give 2).
		{"the đồng rounds half up", reimbursement.Input{Case: reimbursement.LeftEarly, CostVND: 5, TrainingMonths: 1, Multiplier: 2, ServedMonths: 1},
			2, 1, 3, 3},
		// 100 × 99.5% = 99.5 → 100.
		{"the reduced amount rounds half up", reimbursement.Input{Case: reimbursement.NoDegree, CostVND: 100, PriorServiceYears: 1, ReductionPctPerYear: 0.5},
			0, 0, 100, 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := reimbursement.Preview(tt.in)
			if err != nil {
				t.Fatalf("Preview: %v", err)
			}
			if got.T1Months != tt.t1 || got.T2Months != tt.t2 || got.BeforeReductionVND != tt.before || got.AmountVND != tt.amount {
				t.Errorf("T1 %d, T2 %d, S %d, amount %d; want %d, %d, %d, %d",
					got.T1Months, got.T2Months, got.BeforeReductionVND, got.AmountVND, tt.t1, tt.t2, tt.before, tt.amount)
			}
			checkSteps(t, got)
		})
	}
}

// checkSteps checks what every result shows: filled steps, the final
// amount last before the notes, and the rounding of money stated.
func checkSteps(t *testing.T, r reimbursement.Result) {
	t.Helper()
	var last reimbursement.Step
	for _, s := range r.Steps {
		if s.Label == "" || s.Value == "" {
			t.Errorf("empty step %+v", s)
		}
		if s.Label != reimbursement.NoteLabel {
			last = s
		}
	}
	if last.Label != "Số tiền phải đền bù" || last.Value != dong(r.AmountVND) {
		t.Errorf("last step %+v, want Số tiền phải đền bù %s", last, dong(r.AmountVND))
	}
	if !strings.Contains(joined(r.Steps), "phần lẻ từ 0,5 đồng trở lên làm tròn lên") {
		t.Errorf("no step states the rounding of money: %+v", r.Steps)
	}
}

func joined(steps []reimbursement.Step) string {
	var b strings.Builder
	for _, s := range steps {
		b.WriteString(s.Label + " | " + s.Formula + " | " + s.Value + "\n")
	}
	return b.String()
}

// dong is how the steps write amounts: "58.333.333 ₫".
func dong(n int64) string {
	digits := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, c := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	return b.String() + " ₫"
}

// step returns the first step labelled label.
func step(t *testing.T, r reimbursement.Result, label string) reimbursement.Step {
	t.Helper()
	for _, s := range r.Steps {
		if s.Label == label {
			return s
		}
	}
	t.Fatalf("no step %q in\n%s", label, joined(r.Steps))
	return reimbursement.Step{}
}

func TestPreviewShowsTheFormula(t *testing.T) {
	r, err := reimbursement.Preview(with(master(), func(in *reimbursement.Input) { in.PriorServiceYears, in.ReductionPctPerYear = 5, 1.0 }))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][2]string{
		"Chi phí đào tạo (F)":                                         {"", "100.000.000 ₫"},
		"Thời gian phải phục vụ sau đào tạo (T1)":                     {"2 × 24 tháng (hệ số cam kết theo Nghị định 101/2017/NĐ-CP) = 48 tháng", "48 tháng"},
		"Thời gian đã phục vụ sau đào tạo (T2)":                       {"20 tháng", "20 tháng"},
		"Thời gian còn thiếu (T1 − T2)":                               {"48 − 20", "28 tháng"},
		"Chi phí đền bù theo Điều 8 (S)":                              {"S = F / T1 × (T1 − T2) = 100.000.000 / 48 × 28 = 58.333.333,33…", "58.333.333 ₫"},
		"Giảm trừ theo số năm công tác trước khi đi đào tạo (Điều 9)": {"1,0% × 5 năm = 5,0%", "5,0%"},
		"Số tiền phải đền bù":                                         {"S × (100% − 5,0%) = 58.333.333 × 95,0% = 55.416.666,35; làm tròn đến đồng; được giảm 2.916.667 ₫", "55.416.666 ₫"},
	}
	for label, fv := range want {
		s := step(t, r, label)
		if !strings.Contains(s.Formula, fv[0]) || s.Value != fv[1] {
			t.Errorf("%s: formula %q, value %q; want formula containing %q, value %q", label, s.Formula, s.Value, fv[0], fv[1])
		}
	}
	if r.ReductionPct != 5 {
		t.Errorf("ReductionPct = %v, want 5", r.ReductionPct)
	}
	notes := joined(r.Steps)
	for _, w := range []string{"số tháng làm tròn", "15 ngày", "Hội đồng xét đền bù"} {
		if !strings.Contains(notes, w) {
			t.Errorf("steps do not mention %q:\n%s", w, notes)
		}
	}
}

func TestPreviewDismissalNote(t *testing.T) {
	r, err := reimbursement.Preview(with(master(), func(in *reimbursement.Input) { in.Case = reimbursement.Dismissed }))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(joined(r.Steps), "Nghị định 171/2025/NĐ-CP bổ sung trường hợp bị kỷ luật buộc thôi việc") {
		t.Errorf("a dismissal has no note explaining its formula:\n%s", joined(r.Steps))
	}
}

// TestPreviewMonthRounding: 18 months 20 days of training under 2× is
// 37 months 10 days of service; 20 months 15 days served.
func TestPreviewMonthRounding(t *testing.T) {
	tests := []struct {
		rounding reimbursement.Rounding
		t1, t2   int
		amount   int64
	}{
		{"", 37, 21, 43_243_243},                        // 100,000,000 × 16 / 37 = 43,243,243.24
		{reimbursement.RoundHalfUp, 37, 21, 43_243_243}, // the default
		{reimbursement.RoundFloor, 37, 20, 45_945_946},  // × 17 / 37 = 45,945,945.94
		{reimbursement.RoundCeil, 38, 21, 44_736_842},   // × 17 / 38 = 44,736,842.10
	}
	for _, tt := range tests {
		t.Run(string(tt.rounding), func(t *testing.T) {
			in := reimbursement.Input{Case: reimbursement.LeftEarly, CostVND: 100_000_000, TrainingMonths: 18, TrainingDays: 20,
				Multiplier: 2, ServedMonths: 20, ServedDays: 15, Rounding: tt.rounding}
			r, err := reimbursement.Preview(in)
			if err != nil {
				t.Fatal(err)
			}
			if r.T1Months != tt.t1 || r.T2Months != tt.t2 || r.AmountVND != tt.amount {
				t.Errorf("T1 %d, T2 %d, amount %d; want %d, %d, %d", r.T1Months, r.T2Months, r.AmountVND, tt.t1, tt.t2, tt.amount)
			}
			if f := step(t, r, "Thời gian phải phục vụ sau đào tạo (T1)").Formula; !strings.Contains(f, "2 × (18 tháng 20 ngày)") || !strings.Contains(f, "= 37 tháng 10 ngày") {
				t.Errorf("T1 formula %q, want 2 × (18 tháng 20 ngày) = 37 tháng 10 ngày", f)
			}
		})
	}
}

func TestRoundingMonths(t *testing.T) {
	tests := []struct {
		r            reimbursement.Rounding
		months, days int
		want         int
	}{
		{reimbursement.RoundHalfUp, 20, 0, 20},
		{reimbursement.RoundHalfUp, 20, 14, 20},
		{reimbursement.RoundHalfUp, 20, 15, 21},
		{reimbursement.RoundHalfUp, 20, 30, 21},
		{reimbursement.RoundFloor, 20, 29, 20},
		{reimbursement.RoundCeil, 20, 1, 21},
		{reimbursement.RoundCeil, 20, 0, 20},
	}
	for _, tt := range tests {
		if got := tt.r.Months(tt.months, tt.days); got != tt.want {
			t.Errorf("%s.Months(%d, %d) = %d, want %d", tt.r, tt.months, tt.days, got, tt.want)
		}
	}
}

func TestPreviewRefuses(t *testing.T) {
	tests := []struct {
		name   string
		in     reimbursement.Input
		fields []string
	}{
		{"T2 > T1", with(master(), func(in *reimbursement.Input) { in.ServedMonths = 49 }), []string{"served_months"}},
		{"T2 > T1 after rounding", with(master(), func(in *reimbursement.Input) { in.ServedMonths, in.ServedDays = 48, 15 }), []string{"served_months"}},
		{"zero cost", with(master(), func(in *reimbursement.Input) { in.CostVND = 0 }), []string{"cost_vnd"}},
		{"negative cost", with(master(), func(in *reimbursement.Input) { in.CostVND = -1 }), []string{"cost_vnd"}},
		{"absurd cost", with(master(), func(in *reimbursement.Input) { in.CostVND = reimbursement.MaxCostVND + 1 }), []string{"cost_vnd"}},
		{"no case", with(master(), func(in *reimbursement.Input) { in.Case = "" }), []string{"case"}},
		{"unknown case", with(master(), func(in *reimbursement.Input) { in.Case = "retired" }), []string{"case"}},
		{"no training time", with(master(), func(in *reimbursement.Input) { in.TrainingMonths = 0 }), []string{"training_months"}},
		{"negative training time", with(master(), func(in *reimbursement.Input) { in.TrainingMonths = -24 }), []string{"training_months"}},
		{"T1 rounds to 0", with(master(), func(in *reimbursement.Input) { in.TrainingMonths, in.TrainingDays, in.ServedMonths = 0, 5, 0 }),
			[]string{"training_months"}},
		{"training days over 30", with(master(), func(in *reimbursement.Input) { in.TrainingDays = 31 }), []string{"training_days"}},
		{"multiplier missing", with(master(), func(in *reimbursement.Input) { in.Multiplier = 0 }), []string{"multiplier"}},
		{"multiplier 1", with(master(), func(in *reimbursement.Input) { in.Multiplier = 1 }), []string{"multiplier"}},
		{"multiplier 4", with(master(), func(in *reimbursement.Input) { in.Multiplier = 4 }), []string{"multiplier"}},
		{"multiplier 5 on a 100% case", reimbursement.Input{Case: reimbursement.NoDegree, CostVND: 1, Multiplier: 5}, []string{"multiplier"}},
		{"negative served time", with(master(), func(in *reimbursement.Input) { in.ServedMonths = -1 }), []string{"served_months"}},
		{"served days over 30", with(master(), func(in *reimbursement.Input) { in.ServedDays = 45 }), []string{"served_days"}},
		{"negative prior years", with(master(), func(in *reimbursement.Input) { in.PriorServiceYears = -1 }), []string{"prior_service_years"}},
		{"reduction over 1.5", with(master(), func(in *reimbursement.Input) { in.ReductionPctPerYear = 1.6 }), []string{"reduction_pct_per_year"}},
		{"negative reduction", with(master(), func(in *reimbursement.Input) { in.ReductionPctPerYear = -0.1 }), []string{"reduction_pct_per_year"}},
		{"reduction with two decimals", with(master(), func(in *reimbursement.Input) { in.ReductionPctPerYear = 1.25 }), []string{"reduction_pct_per_year"}},
		{"unknown rounding", with(master(), func(in *reimbursement.Input) { in.Rounding = "bankers" }), []string{"month_rounding"}},
		{"every field at fault named", reimbursement.Input{Case: reimbursement.LeftEarly, CostVND: -5, Multiplier: 4, ReductionPctPerYear: 2},
			[]string{"cost_vnd", "training_months", "multiplier", "reduction_pct_per_year"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := reimbursement.Preview(tt.in)
			var de *domain.Error
			if !errors.As(err, &de) || de.Kind != domain.KindInvalid {
				t.Fatalf("err = %v, want a domain.KindInvalid error", err)
			}
			if got := slices.Sorted(maps.Keys(de.Fields)); !slices.Equal(got, slices.Sorted(slices.Values(tt.fields))) {
				t.Errorf("fields %v, want %v (%v)", got, tt.fields, de.Fields)
			}
			for f, msg := range de.Fields {
				if msg == "" {
					t.Errorf("field %s without a message", f)
				}
			}
		})
	}
}

// TestPreviewAcceptsOneDecimal: 0.1 steps that are not exact in binary
// floating point are still one decimal.
func TestPreviewAcceptsOneDecimal(t *testing.T) {
	for _, pct := range []float64{0, 0.1, 0.3, 0.7, 1.0, 1.1, 1.2, 1.3, 1.4, 1.5} {
		in := with(master(), func(in *reimbursement.Input) { in.PriorServiceYears, in.ReductionPctPerYear = 1, pct })
		if _, err := reimbursement.Preview(in); err != nil {
			t.Errorf("reduction %v: %v", pct, err)
		}
	}
}
