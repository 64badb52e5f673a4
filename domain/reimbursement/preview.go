package reimbursement

import (
	"fmt"

	"daotao/domain"
)

// Preview computes the amount owed for in, step by step, and records
// nothing. Amounts are whole đồng: S is rounded half up to the đồng, and
// the reduction is applied to that rounded S and rounded the same way. It
// returns a domain.Invalid error naming the JSON fields at fault, including
// served_months when the time served (T2) exceeds the time required (T1).
func Preview(in Input) (Result, error) {
	c, err := validate(in)
	if err != nil {
		return Result{}, err
	}
	b := &builder{in: c, res: Result{Case: c.Case}}
	b.add("Trường hợp đền bù", c.Case.source(), c.Case.Label())
	b.add("Chi phí đào tạo (F)", "Học phí và mọi khoản chi phục vụ khóa học, không tính lương và phụ cấp (Điều 8)", dong(c.CostVND))
	s := c.CostVND
	if c.Case.prorated() {
		if s, err = b.prorated(); err != nil {
			return Result{}, err
		}
	} else {
		b.add("Tỷ lệ đền bù", "Điều 8: đền bù 100% chi phí của khóa học", "100%")
		b.add("Chi phí đền bù theo Điều 8 (S)", "S = F × 100% = "+group(s), dong(s))
	}
	b.res.BeforeReductionVND = s
	b.res.AmountVND = b.reduce(s)
	b.notes()
	return b.res, nil
}

// builder accumulates the steps of one computation.
type builder struct {
	in  checked
	res Result
}

func (b *builder) add(label, formula, value string) {
	b.res.Steps = append(b.res.Steps, Step{Label: label, Formula: formula, Value: value})
}

// prorated computes S = F / T1 × (T1 − T2) exactly and rounds it once.
func (b *builder) prorated() (int64, error) {
	in := b.in
	m, d := carry(in.Multiplier*in.TrainingMonths, in.Multiplier*in.TrainingDays)
	t1 := in.Rounding.Months(m, d)
	t2 := in.Rounding.Months(in.ServedMonths, in.ServedDays)
	switch {
	case t1 == 0:
		return 0, domain.Invalid("training_months", "Thời gian phải phục vụ T1 sau khi làm tròn bằng 0 tháng; kiểm tra thời gian đào tạo.")
	case t2 > t1:
		return 0, domain.Invalid("served_months", fmt.Sprintf(
			"Thời gian đã phục vụ T2 = %d tháng vượt thời gian phải phục vụ T1 = %d tháng: cam kết đã phục vụ đủ, không thuộc trường hợp đền bù này.", t2, t1))
	}
	b.res.T1Months, b.res.T2Months = t1, t2
	b.add("Thời gian đào tạo", "Theo quyết định cử đi đào tạo", duration(in.TrainingMonths, in.TrainingDays))
	b.add("Thời gian phải phục vụ sau đào tạo (T1)", fmt.Sprintf("%d × %s (hệ số cam kết theo %s) = %s%s",
		in.Multiplier, factor(in.TrainingMonths, in.TrainingDays), multiplierSource(in.Multiplier), duration(m, d), roundedTo(in.Rounding, d, t1)), months(t1))
	b.add("Thời gian đã phục vụ sau đào tạo (T2)", duration(in.ServedMonths, in.ServedDays)+roundedTo(in.Rounding, in.ServedDays, t2), months(t2))
	b.add("Thời gian còn thiếu (T1 − T2)", fmt.Sprintf("%d − %d", t1, t2), months(t1-t2))
	num, den := in.CostVND*int64(t1-t2), int64(t1)
	s := roundHalfUp(num, den)
	b.add("Chi phí đền bù theo Điều 8 (S)", fmt.Sprintf("S = F / T1 × (T1 − T2) = %s / %d × %d = %s (tính chính xác, chỉ làm tròn kết quả); làm tròn đến đồng",
		group(in.CostVND), t1, t1-t2, decimal(num, den)), dong(s))
	return s, nil
}

// reduce applies the reduction for service before training to s.
func (b *builder) reduce(s int64) int64 {
	const label = "Giảm trừ theo số năm công tác trước khi đi đào tạo (Điều 9)"
	in := b.in
	if in.PriorServiceYears == 0 || in.reductionTenths == 0 {
		b.add(label, "Không áp dụng: "+noReductionReason(in), "0%")
		b.add("Số tiền phải đền bù", "Bằng S", dong(s))
		return s
	}
	total := in.reductionTenths * int64(in.PriorServiceYears)
	formula := fmt.Sprintf("%s × %d năm = %s", percent(in.reductionTenths), in.PriorServiceYears, percent(total))
	if total > 1000 {
		total = 1000
		formula += "; tối đa 100% để số tiền không âm"
	}
	b.res.ReductionPct = float64(total) / 10
	b.add(label, formula, percent(total))
	num := s * (1000 - total)
	amount := roundHalfUp(num, 1000)
	b.add("Số tiền phải đền bù", fmt.Sprintf("S × (100%% − %s) = %s × %s = %s; làm tròn đến đồng; được giảm %s",
		percent(total), group(s), percent(1000-total), decimal(num, 1000), dong(s-amount)), dong(amount))
	return amount
}

func noReductionReason(in checked) string {
	if in.PriorServiceYears == 0 {
		return "không có năm công tác trước khi đi đào tạo"
	}
	return "tỷ lệ giảm mỗi năm là 0%"
}

// notes explains the choices the computation made where the law is silent
// or new.
func (b *builder) notes() {
	in := b.in
	if in.Case.prorated() {
		b.add(NoteLabel, "Nghị định chỉ quy định T1, T2 “tính bằng số tháng làm tròn”, không quy định cách làm tròn.",
			fmt.Sprintf("Làm tròn tháng: %s (month_rounding = %s); khi nhân thời gian có ngày lẻ, 30 ngày tính là 1 tháng.", in.Rounding.Label(), in.Rounding))
	}
	if in.Case == Dismissed {
		b.add(NoteLabel, "Nghị định 171/2025/NĐ-CP bổ sung trường hợp bị kỷ luật buộc thôi việc.",
			"Hệ thống tính như trường hợp chưa phục vụ đủ thời gian cam kết (công thức Điều 8). Nếu bị buộc thôi việc trong thời gian đang đào tạo, chọn trường hợp bỏ học, thôi việc trong thời gian đào tạo (100%).")
	}
	if in.PriorServiceYears > 0 && in.reductionTenths > 0 {
		b.add(NoteLabel, "Tỷ lệ giảm mỗi năm do Hội đồng xét đền bù đề xuất.",
			"1% cho mỗi năm công tác trước khi đi đào tạo; đến 1,5% đối với nữ hoặc người dân tộc thiểu số. Giảm trừ áp dụng sau khi tính S, cho mọi trường hợp, và không làm số tiền âm.")
	}
	b.add(NoteLabel, "Làm tròn số tiền.", "Số tiền làm tròn đến đồng: phần lẻ từ 0,5 đồng trở lên làm tròn lên. S đã làm tròn được dùng cho bước giảm trừ.")
}

func multiplierSource(m int) string {
	if m == Multiplier171 {
		return "Nghị định 171/2025/NĐ-CP"
	}
	return "Nghị định 101/2017/NĐ-CP"
}

// factor writes a duration as a factor of a product: in parentheses when
// it has days.
func factor(m, d int) string {
	if d == 0 {
		return duration(m, d)
	}
	return "(" + duration(m, d) + ")"
}

// carry turns days beyond 30 into months.
func carry(months, days int) (int, int) {
	return months + days/DaysPerMonth, days % DaysPerMonth
}

// roundedTo says how a duration with days was rounded, "" without days.
func roundedTo(r Rounding, days, to int) string {
	if days == 0 {
		return ""
	}
	return fmt.Sprintf("; làm tròn (%s) → %s", r.Label(), months(to))
}

// roundHalfUp returns num / den rounded half up, for num ≥ 0 and den > 0.
func roundHalfUp(num, den int64) int64 {
	return (2*num + den) / (2 * den)
}
