package reimbursement

import (
	"fmt"
	"math"
	"slices"

	"daotao/domain"
)

// Bounds of the input, generous beyond any real case, so that the integer
// arithmetic cannot overflow.
const (
	MaxCostVND           = 1_000_000_000_000 // 1.000 tỷ đồng
	MaxTrainingMonths    = 120
	MaxServedMonths      = 1200
	MaxPriorServiceYears = 60
)

// checked is a valid input, with the reduction in tenths of a percent.
type checked struct {
	Input
	reductionTenths int64 // per year
}

// validate checks in and returns it with the defaults filled in, or a
// domain.Invalid error naming each JSON field at fault.
func validate(in Input) (checked, error) {
	p := domain.Problems{}
	if !slices.Contains(Cases, in.Case) {
		p.Add("case", "Trường hợp phải là một trong: quit_during_training, no_degree, left_early, dismissed.")
	}
	switch {
	case in.CostVND <= 0:
		p.Add("cost_vnd", "Chi phí đào tạo (F) phải lớn hơn 0 đồng.")
	case in.CostVND > MaxCostVND:
		p.Add("cost_vnd", "Chi phí đào tạo (F) không vượt quá 1.000 tỷ đồng.")
	}
	if in.Rounding == "" {
		in.Rounding = RoundHalfUp
	}
	if !slices.Contains(Roundings, in.Rounding) {
		p.Add("month_rounding", "Cách làm tròn tháng phải là half_up, floor hoặc ceil.")
	}
	checkDurations(p, in)
	checkMultiplier(p, in)
	tenths := checkReduction(p, in)
	if err := p.Err(); err != nil {
		return checked{}, err
	}
	return checked{Input: in, reductionTenths: tenths}, nil
}

// checkDurations checks the training and served time; both matter only to
// the prorated cases, but a value given is never out of range.
func checkDurations(p domain.Problems, in Input) {
	inRange(p, "training_months", in.TrainingMonths, 0, MaxTrainingMonths, "Thời gian đào tạo")
	inRange(p, "training_days", in.TrainingDays, 0, DaysPerMonth, "Số ngày lẻ của thời gian đào tạo")
	inRange(p, "served_months", in.ServedMonths, 0, MaxServedMonths, "Thời gian đã phục vụ (T2)")
	inRange(p, "served_days", in.ServedDays, 0, DaysPerMonth, "Số ngày lẻ của thời gian đã phục vụ")
	if in.Case.prorated() && in.TrainingMonths == 0 && in.TrainingDays == 0 {
		p.Add("training_months", "Cần thời gian đào tạo (tháng) để tính thời gian phải phục vụ T1.")
	}
}

func inRange(p domain.Problems, field string, v, lo, hi int, what string) {
	if v < lo || v > hi {
		p.Add(field, fmt.Sprintf("%s phải từ %d đến %d.", what, lo, hi))
	}
}

// checkMultiplier requires 2 or 3 for the prorated cases; for the others a
// multiplier is not used, but one given must still be 2 or 3.
func checkMultiplier(p domain.Problems, in Input) {
	if in.Multiplier == 0 && !in.Case.prorated() {
		return
	}
	if in.Multiplier != Multiplier101 && in.Multiplier != Multiplier171 {
		p.Add("multiplier", "Hệ số cam kết phải là 2 (Nghị định 101/2017/NĐ-CP) hoặc 3 (Nghị định 171/2025/NĐ-CP).")
	}
}

// checkReduction checks the years and the percentage per year, which must
// have at most one decimal, and returns the percentage in tenths.
func checkReduction(p domain.Problems, in Input) int64 {
	inRange(p, "prior_service_years", in.PriorServiceYears, 0, MaxPriorServiceYears, "Số năm công tác trước khi đi đào tạo")
	pct := in.ReductionPctPerYear
	tenths := math.Round(pct * 10)
	switch {
	case math.IsNaN(pct) || pct < 0 || pct > MaxReductionPctPerYear:
		p.Add("reduction_pct_per_year", "Tỷ lệ giảm mỗi năm phải từ 0 đến 1,5 (%).")
		return 0
	case math.Abs(pct*10-tenths) > 1e-9:
		p.Add("reduction_pct_per_year", "Tỷ lệ giảm mỗi năm có tối đa một chữ số thập phân, ví dụ 1,0 hoặc 1,5.")
		return 0
	}
	return int64(tenths)
}
