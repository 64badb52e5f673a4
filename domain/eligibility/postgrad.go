package eligibility

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"daotao/events"
)

// postgradChecks are the Điều 6 conditions and the Phụ lục II quota. The
// rule set's data decides which apply: công chức need years of service,
// ratings and the age limit; viên chức only a finished probation.
func postgradChecks(p PostgradRules, s Subject, r Request) []Check {
	var out []Check
	if p.MinServiceYears > 0 {
		out = append(out, serviceYears(p, s, r))
	} else {
		out = append(out, probationFinished(p, s, r))
	}
	if p.RatedYears > 0 {
		out = append(out, ratingsYears(p, s, r))
	}
	if p.MaxFirstAge > 0 {
		out = append(out, ageFirstPostgrad(p, s, r))
	}
	return append(out, commitment(p, r), fieldFits(s, r), quotaGroup(s, r))
}

// serviceYears: whole years from the end of probation to the nomination.
// When the probation end is not recorded, the longest probation is assumed,
// so the check passes only if it would pass whatever the probation was.
func serviceYears(p PostgradRules, s Subject, r Request) Check {
	if s.ServiceStart.IsZero() {
		return fail(CodeServiceYears, "Hồ sơ chưa có ngày bắt đầu công tác")
	}
	need := fmt.Sprintf("yêu cầu từ đủ %d năm trở lên, không kể thời gian tập sự", p.MinServiceYears)
	from, d := s.ProbationEnd, fmt.Sprintf("Bắt đầu công tác %s, hết tập sự %s", dmy(s.ServiceStart), dmy(s.ProbationEnd))
	if from.IsZero() {
		from = addMonths(s.ServiceStart, p.MaxProbationMonths)
		d = fmt.Sprintf("Bắt đầu công tác %s, hồ sơ chưa có ngày hết tập sự nên trừ tối đa %d tháng tập sự", dmy(s.ServiceStart), p.MaxProbationMonths)
	} else if from.Before(s.ServiceStart) {
		from = s.ServiceStart
	}
	years := max(events.YearsBetween(from, r.Date), 0)
	ok := years >= p.MinServiceYears
	d += fmt.Sprintf("; từ %s đến ngày cử %s được %d năm; %s", dmy(from), dmy(r.Date), years, need)
	if !ok && s.ProbationEnd.IsZero() {
		d += "; cần bổ sung ngày hết tập sự"
	}
	return check(CodeServiceYears, ok, d)
}

// probationFinished: probation ended on or before the nomination date.
func probationFinished(p PostgradRules, s Subject, r Request) Check {
	if !s.ProbationEnd.IsZero() {
		d := fmt.Sprintf("Hết tập sự ngày %s; ngày cử %s", dmy(s.ProbationEnd), dmy(r.Date))
		return check(CodeProbationFinished, !s.ProbationEnd.After(r.Date), d)
	}
	if s.ServiceStart.IsZero() {
		return fail(CodeProbationFinished, "Hồ sơ chưa có ngày hết tập sự và ngày bắt đầu công tác")
	}
	latest := addMonths(s.ServiceStart, p.MaxProbationMonths)
	ok := !latest.After(r.Date)
	d := fmt.Sprintf("Hồ sơ chưa có ngày hết tập sự; bắt đầu công tác %s, tập sự dài nhất %d tháng nên kết thúc chậm nhất ngày %s; ngày cử %s",
		dmy(s.ServiceStart), p.MaxProbationMonths, dmy(latest), dmy(r.Date))
	if !ok {
		d += "; cần bổ sung ngày hết tập sự"
	}
	return check(CodeProbationFinished, ok, d)
}

// ratingsYears: each of the RatedYears calendar years before the year of
// the nomination is rated MinRating or better.
func ratingsYears(p PostgradRules, s Subject, r Request) Check {
	year := r.Date.Time().Year()
	parts, ok := make([]string, 0, p.RatedYears), true
	for y := year - p.RatedYears; y < year; y++ {
		label, good := yearRating(s, y, p.MinRating)
		parts, ok = append(parts, label), ok && good
	}
	d := fmt.Sprintf("Xếp loại %s; yêu cầu %d năm liên tục liền kề trước năm cử %d từ %s trở lên",
		strings.Join(parts, "; "), p.RatedYears, year, ratingLabels[p.MinRating])
	return check(CodeRatingsTwoYears, ok, d)
}

// yearRating describes the rating of year y and whether it is min or better.
func yearRating(s Subject, y int, min string) (string, bool) {
	r := s.Ratings[strconv.Itoa(y)]
	if r == "" {
		return fmt.Sprintf("năm %d: chưa có xếp loại", y), false
	}
	return fmt.Sprintf("năm %d: %s", y, ratingLabel(r)), ratingAtLeast(r, min)
}

// ageFirstPostgrad: not older than MaxFirstAge whole years on the date of
// the first postgraduate nomination, i.e. not yet MaxFirstAge+1.
func ageFirstPostgrad(p PostgradRules, s Subject, r Request) Check {
	limit := fmt.Sprintf("giới hạn %d tuổi lần đầu đi học sau đại học", p.MaxFirstAge)
	if s.PriorPostgradNomination {
		return pass(CodeAgeFirstPostgrad, "Đã từng được cử đi đào tạo sau đại học; "+limit+" chỉ áp dụng cho lần cử đầu tiên")
	}
	if s.BirthDate.IsZero() {
		return fail(CodeAgeFirstPostgrad, "Hồ sơ chưa có ngày sinh; "+limit)
	}
	age := events.YearsBetween(s.BirthDate, r.Date)
	d := fmt.Sprintf("Sinh ngày %s, %d tuổi tại ngày cử %s; %s", dmy(s.BirthDate), age, dmy(r.Date), limit)
	return check(CodeAgeFirstPostgrad, age <= p.MaxFirstAge, d)
}

// commitment: the service committed to is at least the multiplier times
// the duration of study.
func commitment(p PostgradRules, r Request) Check {
	if r.DurationMonths <= 0 {
		return fail(CodeCommitment, "Chưa có thời gian đào tạo (số tháng, phải lớn hơn 0) nên không xác định được thời gian cam kết")
	}
	need := p.CommitmentMultiplier * r.DurationMonths
	rule := fmt.Sprintf("thời gian đào tạo %d tháng, yêu cầu cam kết phục vụ ít nhất gấp %d lần (%d tháng)", r.DurationMonths, p.CommitmentMultiplier, need)
	if r.CommitmentMonths == 0 {
		return fail(CodeCommitment, "Chưa có cam kết phục vụ sau đào tạo; "+rule)
	}
	return check(CodeCommitment, r.CommitmentMonths >= need, fmt.Sprintf("Cam kết phục vụ %d tháng; %s", r.CommitmentMonths, rule))
}

// fieldFits: the official's Table 6 field is the quota's field. Điều 6
// asks that the field of study fit the job position; the job position is
// taken to be in the official's own field.
func fieldFits(s Subject, r Request) Check {
	if r.QuotaField == "" {
		return pass(CodeFieldFits, "Chỉ tiêu không giới hạn ngành, lĩnh vực; sự phù hợp của chuyên ngành đào tạo với vị trí việc làm do cơ quan cử xác nhận")
	}
	if s.Field == "" {
		return fail(CodeFieldFits, fmt.Sprintf("Hồ sơ chưa có ngành, lĩnh vực của cán bộ (Bảng 6); chỉ tiêu dành cho ngành %s", fieldLabel(r.QuotaField)))
	}
	d := fmt.Sprintf("Ngành, lĩnh vực công tác của cán bộ (Bảng 6): %s; ngành, lĩnh vực của chỉ tiêu: %s", fieldLabel(s.Field), fieldLabel(r.QuotaField))
	if s.Field == r.QuotaField {
		return pass(CodeFieldFits, d+"; trùng nhau nên chuyên ngành đào tạo phù hợp với vị trí việc làm")
	}
	return fail(CodeFieldFits, d+"; khác nhau nên chuyên ngành đào tạo không phù hợp với vị trí việc làm")
}

// quotaGroup: the official's group is one the quota admits for the
// official's category.
func quotaGroup(s Subject, r Request) Check {
	if r.QuotaGroups == nil {
		return pass(CodeQuotaGroup, "Không gắn với chỉ tiêu của Phụ lục II nên không xét nhóm theo chỉ tiêu")
	}
	cat := categoryLabel(s.Category)
	if len(r.QuotaGroups) == 0 {
		return fail(CodeQuotaGroup, fmt.Sprintf("Chỉ tiêu (Phụ lục II) không giao cho %s thuộc nhóm nào", cat))
	}
	d := fmt.Sprintf("Nhóm %d; chỉ tiêu (Phụ lục II) giao cho %s thuộc %s", s.Group, cat, groupList(r.QuotaGroups))
	return check(CodeQuotaGroup, slices.Contains(r.QuotaGroups, s.Group), d)
}
