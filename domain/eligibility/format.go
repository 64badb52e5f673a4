package eligibility

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"daotao/events"
)

var (
	ratingLabels = map[string]string{
		RatingExcellent: "hoàn thành xuất sắc nhiệm vụ", RatingGood: "hoàn thành tốt nhiệm vụ",
		RatingDone: "hoàn thành nhiệm vụ", RatingFailed: "không hoàn thành nhiệm vụ",
	}
	ratingRanks = map[string]int{RatingExcellent: 0, RatingGood: 1, RatingDone: 2, RatingFailed: 3}
	groupLabels = map[int]string{
		1: "Trưởng các sở, ban, ngành và tương đương", 2: "Phó Trưởng các sở, ban, ngành và tương đương",
		3: "Trưởng, Phó phòng cấp tỉnh và tương đương", 4: "Trưởng, Phó phòng cấp huyện và tương đương",
	}
	fieldLabels = map[string]string{
		"kinh_te_tai_chinh": "Kinh tế, tài chính, kế toán", "cntt_khmt": "Công nghệ thông tin, khoa học máy tính",
		"y_te": "Y tế", "giao_duc": "Giáo dục", "quy_hoach_do_thi": "Quy hoạch, phát triển đô thị",
		"tnmt_dat_dai": "Tài nguyên môi trường, quản lý đất đai", "nong_nghiep": "Nông nghiệp, phát triển nông thôn",
		"hanh_chinh_luat": "Quản lý hành chính, luật", "khac": "Khác",
	}
	categoryLabels = map[string]string{CategoryCBCC: "công chức", CategoryVC: "viên chức"}
	genderLabels   = map[string]string{GenderMale: "nam", GenderFemale: "nữ"}
)

// dmy writes d as dd/mm/yyyy.
func dmy(d events.Date) string { return d.Time().Format("02/01/2006") }

// ratingAtLeast reports whether rating r is min or better; an unknown
// rating is never good enough.
func ratingAtLeast(r, min string) bool {
	rank, ok := ratingRanks[r]
	return ok && rank <= ratingRanks[min]
}

func ratingLabel(r string) string {
	if l, ok := ratingLabels[r]; ok {
		return l
	}
	return fmt.Sprintf("xếp loại không hợp lệ %q", r)
}

func fieldLabel(f string) string {
	if l, ok := fieldLabels[f]; ok {
		return l
	}
	return f
}

func categoryLabel(c string) string {
	if l, ok := categoryLabels[c]; ok {
		return l
	}
	return fmt.Sprintf("loại %q", c)
}

func yesNo(b bool) string {
	if b {
		return "có"
	}
	return "không"
}

// groupList writes groups as "Nhóm 3, Nhóm 4".
func groupList(gs []int) string {
	parts := make([]string, len(gs))
	for i, g := range gs {
		parts[i] = "Nhóm " + strconv.Itoa(g)
	}
	return strings.Join(parts, ", ")
}

// ageLabel writes an age in months as "61 tuổi 3 tháng" or "62 tuổi".
func ageLabel(months int) string {
	if months%12 == 0 {
		return fmt.Sprintf("%d tuổi", months/12)
	}
	return fmt.Sprintf("%d tuổi %d tháng", months/12, months%12)
}

// addMonths adds n months to d, keeping the day but never running past the
// end of the month: 31/01 plus one month is 28/02 or 29/02.
func addMonths(d events.Date, n int) events.Date {
	t := d.Time()
	first := time.Date(t.Year(), t.Month()+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return events.NewDate(first.Year(), first.Month(), min(t.Day(), last))
}

// monthsFrom returns the whole months from d to the start of the day after
// last, that is the months of the period d..last counted inclusively.
func monthsFrom(d, last events.Date) int {
	end := last.AddDate(0, 0, 1)
	n := monthIndex(end) - monthIndex(d)
	if addMonths(d, n).After(end) {
		n--
	}
	return n
}
