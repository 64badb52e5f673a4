package eligibility

import "fmt"

// abroadChecks are the Điều 32 conditions for a refresher course abroad.
// The field of the course and the official's health are not recorded as
// facts, so they are left to the nominating agency.
func abroadChecks(a AbroadRules, s Subject, r Request) []Check {
	return []Check{workingLifeLeft(a, s, r), noPendingDiscipline(s), notTravelBarred(s), ratingPreviousYear(a, s, r)}
}

// workingLifeLeft: from the nomination date to retirement there are at
// least MinMonthsLeftShort months for a course shorter than
// ShortCourseMonths, MinMonthsLeft otherwise.
func workingLifeLeft(a AbroadRules, s Subject, r Request) Check {
	need, course, problem := monthsNeeded(a, r)
	if problem != "" {
		return fail(CodeWorkingLifeLeft, problem)
	}
	last, ok := RetirementDate(s.Gender, s.BirthDate)
	if !ok {
		return fail(CodeWorkingLifeLeft, fmt.Sprintf("Hồ sơ thiếu ngày sinh hoặc giới tính nên không xác định được tuổi nghỉ hưu; %s cần ít nhất %d tháng công tác", course, need))
	}
	age, _ := RetirementAge(s.Gender, s.BirthDate)
	left := max(monthsFrom(r.Date, last), 0)
	d := fmt.Sprintf("Sinh ngày %s (%s), tuổi nghỉ hưu %s, công tác đến hết ngày %s; tại ngày cử %s còn %d tháng công tác; %s cần ít nhất %d tháng",
		dmy(s.BirthDate), genderLabels[s.Gender], ageLabel(age), dmy(last), dmy(r.Date), left, course, need)
	return check(CodeWorkingLifeLeft, left >= need, d)
}

// monthsNeeded returns the months of working life a course needs and how
// it is described, or why it cannot tell. A course of n months runs from
// its first day up to the day before the same day n months later, so
// 01/03–31/03 is one month and 01/03–30/03 is under one month.
func monthsNeeded(a AbroadRules, r Request) (int, string, string) {
	if r.CourseStart.IsZero() || r.CourseEnd.IsZero() {
		return 0, "", "Chưa có ngày bắt đầu và ngày kết thúc khóa bồi dưỡng nên không xác định được thời gian công tác cần còn lại"
	}
	if r.CourseEnd.Before(r.CourseStart) {
		return 0, "", fmt.Sprintf("Ngày kết thúc khóa bồi dưỡng %s trước ngày bắt đầu %s", dmy(r.CourseEnd), dmy(r.CourseStart))
	}
	span := fmt.Sprintf("khóa bồi dưỡng từ %s đến %s", dmy(r.CourseStart), dmy(r.CourseEnd))
	if addMonths(r.CourseStart, a.ShortCourseMonths).After(r.CourseEnd.AddDate(0, 0, 1)) {
		return a.MinMonthsLeftShort, fmt.Sprintf("%s (dưới %d tháng)", span, a.ShortCourseMonths), ""
	}
	return a.MinMonthsLeft, fmt.Sprintf("%s (từ %d tháng trở lên)", span, a.ShortCourseMonths), ""
}

// noPendingDiscipline: not under disciplinary review nor serving a
// disciplinary measure. An unrecorded state fails.
func noPendingDiscipline(s Subject) Check {
	switch s.Discipline {
	case DisciplineNone:
		return pass(CodeNoPendingDiscipline, "Không trong thời gian xem xét xử lý kỷ luật hoặc đang thi hành kỷ luật")
	case DisciplinePending:
		return fail(CodeNoPendingDiscipline, "Đang trong thời gian xem xét xử lý kỷ luật")
	case DisciplineActive:
		return fail(CodeNoPendingDiscipline, "Đang trong thời gian thi hành kỷ luật")
	case "":
		return fail(CodeNoPendingDiscipline, "Hồ sơ chưa ghi tình trạng kỷ luật")
	}
	return fail(CodeNoPendingDiscipline, fmt.Sprintf("Tình trạng kỷ luật %q không hợp lệ", s.Discipline))
}

// notTravelBarred: not among those not yet allowed to leave the country.
func notTravelBarred(s Subject) Check {
	if s.TravelBarred {
		return fail(CodeNotTravelBarred, "Thuộc trường hợp chưa được xuất cảnh")
	}
	return pass(CodeNotTravelBarred, "Không thuộc trường hợp chưa được xuất cảnh")
}

// ratingPreviousYear: the calendar year before the nomination is rated
// MinRating or better.
func ratingPreviousYear(a AbroadRules, s Subject, r Request) Check {
	year := r.Date.Time().Year()
	label, ok := yearRating(s, year-1, a.MinRating)
	d := fmt.Sprintf("Xếp loại %s (năm liền kề trước năm cử %d); yêu cầu từ %s trở lên", label, year, ratingLabels[a.MinRating])
	return check(CodeRatingPreviousYear, ok, d)
}
