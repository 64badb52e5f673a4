package eligibility_test

import (
	"testing"

	"daotao/domain/eligibility"
	"daotao/events"
)

// nearRetirement is a man born 06/1964: 61 years 3 months, working until
// 30/09/2025, so 18 months are left on 01/04/2024 and 24 on 01/10/2023.
func nearRetirement(s *eligibility.Subject) {
	s.BirthDate, s.Gender = day(1964, 6, 15), eligibility.GenderMale
}

func course(start, end events.Date) func(*eligibility.Request) {
	return func(r *eligibility.Request) { r.CourseStart, r.CourseEnd = start, end }
}

func TestWorkingLifeLeft(t *testing.T) {
	may := day(2024, 5, 1)
	runChecks(t, eligibility.CodeWorkingLifeLeft, []checkCase{
		{name: "short course, exactly 18 months left", ruleSet: nd101, base: abroad, subject: nearRetirement, date: day(2024, 4, 1), want: true,
			detail: "Sinh ngày 15/06/1964 (nam), tuổi nghỉ hưu 61 tuổi 3 tháng, công tác đến hết ngày 30/09/2025; tại ngày cử 01/04/2024 còn 18 tháng công tác"},
		{name: "short course, a day less than 18 months", ruleSet: nd101, base: abroad, subject: nearRetirement, date: day(2024, 4, 2), want: false,
			detail: "còn 17 tháng"},
		{name: "course of under 1 month: 01/05–30/05", ruleSet: nd101, base: abroad, subject: nearRetirement, date: day(2024, 4, 1),
			request: course(may, day(2024, 5, 30)), want: true, detail: "(dưới 1 tháng) cần ít nhất 18 tháng"},
		{name: "course of exactly 1 month: 01/05–31/05", ruleSet: nd101, base: abroad, subject: nearRetirement, date: day(2024, 4, 1),
			request: course(may, day(2024, 5, 31)), want: false, detail: "(từ 1 tháng trở lên) cần ít nhất 24 tháng"},
		{name: "long course, exactly 24 months left", ruleSet: nd101, base: abroad, subject: nearRetirement, date: day(2023, 10, 1),
			request: course(day(2023, 11, 1), day(2024, 1, 31)), want: true},
		{name: "long course, a day less than 24 months", ruleSet: nd101, base: abroad, subject: nearRetirement, date: day(2023, 10, 2),
			request: course(day(2023, 11, 1), day(2024, 1, 31)), want: false},
		{name: "woman of 1970, 57y4m, 24 months on 01/08/2025", ruleSet: nd171, base: abroad, date: day(2025, 8, 1), want: true,
			request: course(day(2025, 9, 1), day(2025, 12, 1)),
			subject: func(s *eligibility.Subject) { s.BirthDate, s.Gender = day(1970, 3, 10), eligibility.GenderFemale }},
		{name: "after retirement", ruleSet: nd171, base: abroad, subject: nearRetirement, date: day(2025, 10, 1), want: false, detail: "còn 0 tháng"},
		{name: "no gender", ruleSet: nd101, base: abroad, date: day(2025, 3, 1), want: false, detail: "thiếu ngày sinh hoặc giới tính",
			subject: func(s *eligibility.Subject) { s.Gender = "" }},
		{name: "no course dates", ruleSet: nd101, base: abroad, date: day(2025, 3, 1), want: false, detail: "Chưa có ngày bắt đầu",
			request: course(events.Date{}, events.Date{})},
		{name: "course ends before it starts", ruleSet: nd101, base: abroad, date: day(2025, 3, 1), want: false,
			request: course(day(2025, 5, 2), day(2025, 5, 1))},
	})
}

func TestNoPendingDiscipline(t *testing.T) {
	discipline := func(d string) func(*eligibility.Subject) { return func(s *eligibility.Subject) { s.Discipline = d } }
	runChecks(t, eligibility.CodeNoPendingDiscipline, []checkCase{
		{name: "none", ruleSet: nd101, base: abroad, date: day(2025, 3, 1), want: true},
		{name: "pending", ruleSet: nd101, base: abroad, subject: discipline("pending"), date: day(2025, 3, 1), want: false, detail: "xem xét xử lý kỷ luật"},
		{name: "active", ruleSet: nd171, base: abroad, subject: discipline("active"), date: day(2025, 8, 1), want: false, detail: "thi hành kỷ luật"},
		{name: "not recorded", ruleSet: nd101, base: abroad, subject: discipline(""), date: day(2025, 3, 1), want: false, detail: "chưa ghi"},
		{name: "unknown value", ruleSet: nd101, base: abroad, subject: discipline("maybe"), date: day(2025, 3, 1), want: false},
	})
}

func TestNotTravelBarred(t *testing.T) {
	runChecks(t, eligibility.CodeNotTravelBarred, []checkCase{
		{name: "free to travel", ruleSet: nd101, base: abroad, date: day(2025, 3, 1), want: true},
		{name: "barred", ruleSet: nd101, base: abroad, date: day(2025, 3, 1), want: false,
			subject: func(s *eligibility.Subject) { s.TravelBarred = true }},
	})
}

func TestRatingPreviousYear(t *testing.T) {
	rating2024 := func(r string) func(*eligibility.Subject) {
		return func(s *eligibility.Subject) { s.Ratings = map[string]string{"2024": r, "2025": "xuat_sac"} }
	}
	runChecks(t, eligibility.CodeRatingPreviousYear, []checkCase{
		{name: "tot passes", ruleSet: nd101, base: abroad, subject: rating2024("tot"), date: day(2025, 3, 1), want: true,
			detail: "Xếp loại năm 2024: hoàn thành tốt nhiệm vụ (năm liền kề trước năm cử 2025)"},
		{name: "xuat_sac passes", ruleSet: nd171, base: abroad, subject: rating2024("xuat_sac"), date: day(2025, 12, 31), want: true},
		{name: "hoan_thanh fails", ruleSet: nd101, base: abroad, subject: rating2024("hoan_thanh"), date: day(2025, 3, 1), want: false},
		{name: "missing fails", ruleSet: nd101, base: abroad, subject: rating2024(""), date: day(2025, 3, 1), want: false, detail: "chưa có xếp loại"},
		{name: "the year of nomination does not count", ruleSet: nd101, base: abroad, subject: rating2024("hoan_thanh"), date: day(2025, 12, 31), want: false,
			detail: "năm 2024: hoàn thành nhiệm vụ"},
	})
}
