package eligibility_test

import (
	"testing"
	"time"

	"daotao/domain/eligibility"
	"daotao/events"
)

func monthOf(m int) time.Month { return time.Month(m) }

const (
	nd101 = eligibility.ND101CBCC
	nd171 = eligibility.ND171CBCC
	vc101 = eligibility.ND101VC
)

func born(y, m, d int) func(*eligibility.Subject) {
	return func(s *eligibility.Subject) { s.BirthDate = day(y, monthOf(m), d) }
}

func TestAgeFirstPostgrad(t *testing.T) {
	runChecks(t, eligibility.CodeAgeFirstPostgrad, []checkCase{
		{name: "101: 40 the day before the 41st birthday", ruleSet: nd101, subject: born(1984, 3, 15), date: day(2025, 3, 14), want: true,
			detail: "Sinh ngày 15/03/1984, 40 tuổi tại ngày cử 14/03/2025; giới hạn 40 tuổi"},
		{name: "101: 41 on the 41st birthday", ruleSet: nd101, subject: born(1984, 3, 15), date: day(2025, 3, 15), want: false,
			detail: "41 tuổi tại ngày cử 15/03/2025"},
		{name: "101: born 29/02, 40 on 28/02", ruleSet: nd101, subject: born(1984, 2, 29), date: day(2025, 2, 28), want: true},
		{name: "101: born 29/02, 41 on 01/03", ruleSet: nd101, subject: born(1984, 2, 29), date: day(2025, 3, 1), want: false},
		{name: "171: 41 passes", ruleSet: nd171, subject: born(1984, 3, 15), date: day(2025, 7, 1), want: true},
		{name: "171: 45 the day before the 46th birthday", ruleSet: nd171, subject: born(1980, 3, 15), date: day(2026, 3, 14), want: true,
			detail: "giới hạn 45 tuổi"},
		{name: "171: 46 on the 46th birthday", ruleSet: nd171, subject: born(1980, 3, 15), date: day(2026, 3, 15), want: false},
		{name: "prior nomination: no limit", ruleSet: nd101, date: day(2025, 3, 1), want: true, detail: "chỉ áp dụng cho lần cử đầu tiên",
			subject: func(s *eligibility.Subject) { s.BirthDate, s.PriorPostgradNomination = day(1970, 1, 1), true }},
		{name: "no birth date", ruleSet: nd101, subject: func(s *eligibility.Subject) { s.BirthDate = events.Date{} }, date: day(2025, 3, 1), want: false, detail: "chưa có ngày sinh"},
	})
}

func TestAgeDetailExample(t *testing.T) {
	s := official() // born 12/04/1985
	got := checkOf(t, mustRuleSet(t, nd101), s, postgrad(day(2026, 3, 1)), eligibility.CodeAgeFirstPostgrad)
	want := "Sinh ngày 12/04/1985, 40 tuổi tại ngày cử 01/03/2026; giới hạn 40 tuổi lần đầu đi học sau đại học: đạt"
	if got.Detail != want {
		t.Errorf("detail = %q,\nwant %q", got.Detail, want)
	}
}

func probation(y, m, d int) func(*eligibility.Subject) {
	return func(s *eligibility.Subject) { s.ServiceStart, s.ProbationEnd = day(2021, 3, 1), day(y, monthOf(m), d) }
}

func TestServiceYears(t *testing.T) {
	unrecorded := func(s *eligibility.Subject) { s.ServiceStart, s.ProbationEnd = day(2021, 3, 1), events.Date{} }
	runChecks(t, eligibility.CodeServiceYears, []checkCase{
		{name: "exactly 3 years after probation", ruleSet: nd101, subject: probation(2022, 3, 1), date: day(2025, 3, 1), want: true,
			detail: "từ 01/03/2022 đến ngày cử 01/03/2025 được 3 năm"},
		{name: "one day short", ruleSet: nd101, subject: probation(2022, 3, 1), date: day(2025, 2, 28), want: false},
		{name: "probation counts for nothing", ruleSet: nd101, subject: probation(2022, 9, 1), date: day(2025, 3, 1), want: false},
		{name: "same rule under 171", ruleSet: nd171, subject: probation(2022, 7, 1), date: day(2025, 7, 1), want: true},
		{name: "probation unrecorded, 3 years after the longest probation", ruleSet: nd101, subject: unrecorded, date: day(2025, 3, 1), want: true,
			detail: "trừ tối đa 12 tháng tập sự"},
		{name: "probation unrecorded, one day short", ruleSet: nd101, subject: unrecorded, date: day(2025, 2, 28), want: false,
			detail: "cần bổ sung ngày hết tập sự"},
		{name: "no service start", ruleSet: nd101, date: day(2025, 3, 1), want: false, detail: "chưa có ngày bắt đầu công tác",
			subject: func(s *eligibility.Subject) { s.ServiceStart = events.Date{} }},
	})
}

func TestProbationFinished(t *testing.T) {
	vc := func(f func(*eligibility.Subject)) func(*eligibility.Subject) {
		return func(s *eligibility.Subject) { s.Category = eligibility.CategoryVC; f(s) }
	}
	unrecorded := func(s *eligibility.Subject) { s.ServiceStart, s.ProbationEnd = day(2024, 3, 1), events.Date{} }
	runChecks(t, eligibility.CodeProbationFinished, []checkCase{
		{name: "ended on the nomination date", ruleSet: vc101, subject: vc(probation(2025, 3, 1)), date: day(2025, 3, 1), want: true},
		{name: "ends the day after", ruleSet: vc101, subject: vc(probation(2025, 3, 2)), date: day(2025, 3, 1), want: false,
			detail: "Hết tập sự ngày 02/03/2025; ngày cử 01/03/2025"},
		{name: "unrecorded, 12 months after start", ruleSet: vc101, subject: vc(unrecorded), date: day(2025, 3, 1), want: true},
		{name: "unrecorded, one day short", ruleSet: vc101, subject: vc(unrecorded), date: day(2025, 2, 28), want: false,
			detail: "cần bổ sung ngày hết tập sự"},
	})
}

func rated(r2023, r2024 string) func(*eligibility.Subject) {
	return func(s *eligibility.Subject) {
		s.Ratings = map[string]string{"2023": r2023, "2024": r2024, "2025": "khong_hoan_thanh"}
	}
}

func TestRatingsTwoYears(t *testing.T) {
	runChecks(t, eligibility.CodeRatingsTwoYears, []checkCase{
		{name: "tot and xuat_sac", ruleSet: nd101, subject: rated("tot", "xuat_sac"), date: day(2025, 3, 1), want: true,
			detail: "năm 2023: hoàn thành tốt nhiệm vụ; năm 2024: hoàn thành xuất sắc nhiệm vụ"},
		{name: "nomination on 1 January", ruleSet: nd101, subject: rated("tot", "tot"), date: day(2025, 1, 1), want: true},
		{name: "hoan_thanh fails", ruleSet: nd101, subject: rated("tot", "hoan_thanh"), date: day(2025, 3, 1), want: false},
		{name: "khong_hoan_thanh fails", ruleSet: nd101, subject: rated("khong_hoan_thanh", "tot"), date: day(2025, 3, 1), want: false},
		{name: "unknown rating fails", ruleSet: nd101, subject: rated("gioi", "tot"), date: day(2025, 3, 1), want: false},
		{name: "missing year fails", ruleSet: nd101, subject: rated("tot", ""), date: day(2025, 3, 1), want: false,
			detail: "năm 2024: chưa có xếp loại"},
		{name: "the year of nomination is not counted", ruleSet: nd171, subject: rated("tot", "tot"), date: day(2025, 12, 31), want: true},
	})
}

func commit(duration, months int) func(*eligibility.Request) {
	return func(r *eligibility.Request) { r.DurationMonths, r.CommitmentMonths = duration, months }
}

func TestCommitment(t *testing.T) {
	runChecks(t, eligibility.CodeCommitment, []checkCase{
		{name: "101: exactly 2x", ruleSet: nd101, request: commit(24, 48), date: day(2025, 3, 1), want: true,
			detail: "Cam kết phục vụ 48 tháng; thời gian đào tạo 24 tháng, yêu cầu cam kết phục vụ ít nhất gấp 2 lần (48 tháng)"},
		{name: "101: 2x less a month", ruleSet: nd101, request: commit(24, 47), date: day(2025, 3, 1), want: false},
		{name: "vc: exactly 2x", ruleSet: vc101, request: commit(18, 36), date: day(2026, 3, 1), want: true},
		{name: "171: exactly 3x", ruleSet: nd171, request: commit(24, 72), date: day(2025, 7, 1), want: true},
		{name: "171: 3x less a month", ruleSet: nd171, request: commit(24, 71), date: day(2025, 7, 1), want: false},
		{name: "171: 2x is not enough", ruleSet: nd171, request: commit(24, 48), date: day(2025, 7, 1), want: false},
		{name: "no commitment", ruleSet: nd101, request: commit(24, 0), date: day(2025, 3, 1), want: false, detail: "Chưa có cam kết"},
		{name: "no duration", ruleSet: nd101, request: commit(0, 48), date: day(2025, 3, 1), want: false, detail: "Chưa có thời gian đào tạo"},
	})
}

func TestFieldFits(t *testing.T) {
	quotaField := func(f string) func(*eligibility.Request) { return func(r *eligibility.Request) { r.QuotaField = f } }
	runChecks(t, eligibility.CodeFieldFits, []checkCase{
		{name: "same field", ruleSet: nd101, date: day(2025, 3, 1), want: true, detail: "trùng nhau"},
		{name: "other field", ruleSet: nd101, request: quotaField("y_te"), date: day(2025, 3, 1), want: false,
			detail: "Ngành, lĩnh vực công tác của cán bộ (Bảng 6): Công nghệ thông tin, khoa học máy tính; ngành, lĩnh vực của chỉ tiêu: Y tế"},
		{name: "quota for any field", ruleSet: nd101, request: quotaField(""), date: day(2025, 3, 1), want: true, detail: "do cơ quan cử xác nhận"},
		{name: "official's field unrecorded", ruleSet: nd101, date: day(2025, 3, 1), want: false, detail: "chưa có ngành",
			subject: func(s *eligibility.Subject) { s.Field = "" }},
	})
}

func TestQuotaGroup(t *testing.T) {
	quota := func(gs []int) func(*eligibility.Request) { return func(r *eligibility.Request) { r.QuotaGroups = gs } }
	runChecks(t, eligibility.CodeQuotaGroup, []checkCase{
		{name: "group admitted", ruleSet: nd101, date: day(2025, 3, 1), want: true, detail: "Nhóm 3; chỉ tiêu (Phụ lục II) giao cho công chức thuộc Nhóm 3, Nhóm 4"},
		{name: "group not admitted", ruleSet: nd101, request: quota([]int{1, 2}), date: day(2025, 3, 1), want: false},
		{name: "quota admits no công chức", ruleSet: nd101, request: quota([]int{}), date: day(2025, 3, 1), want: false,
			detail: "không giao cho công chức"},
		{name: "no quota given", ruleSet: nd101, request: quota(nil), date: day(2025, 3, 1), want: true},
	})
}
