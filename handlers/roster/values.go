package roster

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"daotao/domain"
	"daotao/events"
)

// enum is a closed set of values and how people write each one.
type enum struct {
	codes map[string]string // folded way of writing → code
	hint  string            // what to write, for the message
}

func newEnum(hint string, ways map[string][]string) enum {
	e := enum{codes: map[string]string{}, hint: hint}
	for code, list := range ways {
		e.codes[fold(code)] = code
		for _, w := range list {
			e.codes[fold(w)] = code
		}
	}
	return e
}

// lookup returns the code written as v.
func (e enum) lookup(v string) (string, *cellError) {
	if c, ok := e.codes[fold(v)]; ok {
		return c, nil
	}
	if c, ok := e.codes[fold(withoutParens(v))]; ok && strings.TrimSpace(withoutParens(v)) != "" {
		return c, nil
	}
	return "", &cellError{CodeUnknownValue, quote(v) + " không hợp lệ; " + e.hint}
}

var (
	genders = newEnum(`ghi “Nam” hoặc “Nữ”.`, map[string][]string{
		domain.GenderMale: {"Nam", "male", "m"}, domain.GenderFemale: {"Nữ", "female", "f"},
	})
	categories = newEnum(`ghi “Công chức” (cán bộ, công chức) hoặc “Viên chức”.`, map[string][]string{
		domain.CategoryCBCC: {"CBCC", "Công chức", "Cán bộ", "Cán bộ, công chức", "CC", "CB"},
		domain.CategoryVC:   {"VC", "Viên chức"},
	})
	groups = newEnum(`ghi số nhóm: 1, 2, 3 hoặc 4.`, map[string][]string{
		"1": {"Nhóm 1", "I", "Nhóm I"}, "2": {"Nhóm 2", "II", "Nhóm II"},
		"3": {"Nhóm 3", "III", "Nhóm III"}, "4": {"Nhóm 4", "IV", "Nhóm IV"},
	})
	qualifications = newEnum(`ghi “Đại học”, “Thạc sĩ” hoặc “Tiến sĩ”.`, map[string][]string{
		"dai_hoc": {"Đại học", "ĐH", "Cử nhân", "Kỹ sư", "Kĩ sư"},
		"thac_si": {"Thạc sĩ", "Thạc sỹ", "ThS", "Thạc sĩ, BS CKI", "BS CKI", "Bác sĩ chuyên khoa I", "Bác sĩ chuyên khoa cấp I", "CKI"},
		"tien_si": {"Tiến sĩ", "Tiến sỹ", "TS", "Tiến sĩ, BS CKII", "BS CKII", "Bác sĩ chuyên khoa II", "Bác sĩ chuyên khoa cấp II", "CKII"},
	})
	studyFields = newEnum(`ghi một ngành, lĩnh vực của Bảng 6, ví dụ “Y tế”, “Giáo dục”, “Kinh tế, tài chính”, “Quản lý hành chính, luật” hoặc “Khác” (xem tệp mẫu).`, map[string][]string{
		"kinh_te_tai_chinh": {"Kinh tế, tài chính, kế toán", "Kinh tế, tài chính", "Kinh tế", "Tài chính", "Kế toán", "Tài chính, kế toán"},
		"cntt_khmt":         {"Công nghệ thông tin, khoa học máy tính", "Công nghệ thông tin", "CNTT", "CNTT, KHMT", "Khoa học máy tính", "KHMT"},
		"y_te":              {"Y tế", "Y khoa", "Y", "Y dược"},
		"giao_duc":          {"Giáo dục", "Giáo dục, đào tạo", "Sư phạm"},
		"quy_hoach_do_thi":  {"Quy hoạch, phát triển đô thị", "Quy hoạch đô thị", "Quy hoạch", "Phát triển đô thị"},
		"tnmt_dat_dai":      {"Tài nguyên môi trường, quản lý đất đai", "Tài nguyên môi trường", "Tài nguyên và môi trường", "TNMT", "Quản lý đất đai", "Đất đai", "Môi trường"},
		"nong_nghiep":       {"Nông nghiệp, phát triển nông thôn", "Nông nghiệp", "Phát triển nông thôn", "Nông nghiệp và PTNT"},
		"hanh_chinh_luat":   {"Quản lý hành chính, luật", "Hành chính, luật", "Hành chính", "Luật", "Quản lý hành chính", "Quản lý nhà nước", "Luật học"},
		"khac":              {"Khác"},
	})
	ratings = newEnum(`ghi “Hoàn thành xuất sắc nhiệm vụ”, “Hoàn thành tốt nhiệm vụ”, “Hoàn thành nhiệm vụ” hoặc “Không hoàn thành nhiệm vụ”.`, map[string][]string{
		domain.RatingExcellent: {"Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành xuất sắc", "Xuất sắc", "HTXSNV"},
		domain.RatingGood:      {"Hoàn thành tốt nhiệm vụ", "Hoàn thành tốt", "Tốt", "HTTNV"},
		domain.RatingDone:      {"Hoàn thành nhiệm vụ", "Hoàn thành", "HTNV"},
		domain.RatingFailed:    {"Không hoàn thành nhiệm vụ", "Không hoàn thành", "KHTNV"},
	})
	disciplines = newEnum(`ghi “Không”, “Đang xem xét kỷ luật” hoặc “Đang chấp hành kỷ luật” (để trống nếu không có).`, map[string][]string{
		"none":    {"Không", "Không có", "Không bị kỷ luật"},
		"pending": {"Đang xem xét", "Đang xem xét kỷ luật", "Đang xem xét xử lý kỷ luật", "Đang bị xem xét kỷ luật"},
		"active":  {"Đang chấp hành kỷ luật", "Đang bị kỷ luật", "Đang thi hành kỷ luật", "Bị kỷ luật", "Có"},
	})
	yesNo = newEnum(`ghi “Có” hoặc “Không” (để trống là Không).`, map[string][]string{
		"true":  {"Có", "x", "yes", "y", "c", "1", "Đúng", "Đã"},
		"false": {"Không", "no", "n", "k", "0", "Sai", "Chưa"},
	})
)

// cellError is what is wrong with one cell.
type cellError struct {
	code, message string
}

// Problem codes.
const (
	CodeRequired          = "required"
	CodeInvalid           = "invalid"
	CodeUnknownValue      = "unknown_value"
	CodeDuplicateInFile   = "duplicate_in_file"
	CodeDuplicateOnRoster = "duplicate_on_roster"
	CodeOtherAgency       = "other_agency"
)

var (
	dayFirst = regexp.MustCompile(`^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$`)
	isoDay   = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})$`)
	serial   = regexp.MustCompile(`^\d{1,6}(?:\.\d+)?$`)
	yearOnly = regexp.MustCompile(`^(?:19|20)\d\d$`)
)

// parseDate reads a date written dd/mm/yyyy (or with - or .), YYYY-MM-DD,
// or, in a spreadsheet cell, as a date serial number.
func (s sheet) parseDate(v string) (events.Date, *cellError) {
	v, _, _ = strings.Cut(v, " ") // a time of day after the date
	y, m, d, ok := 0, 0, 0, false
	if p := dayFirst.FindStringSubmatch(v); p != nil {
		d, m, y, ok = atoi(p[1]), atoi(p[2]), atoi(p[3]), true
	} else if p := isoDay.FindStringSubmatch(v); p != nil {
		y, m, d, ok = atoi(p[1]), atoi(p[2]), atoi(p[3]), true
	} else if yearOnly.MatchString(v) {
		return events.Date{}, &cellError{CodeInvalid, quote(v) + " mới là năm; ghi đủ ngày, tháng, năm theo dạng dd/mm/yyyy."}
	} else if s.serials && serial.MatchString(v) {
		return s.serialDate(v)
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if !ok || t.Year() != y || int(t.Month()) != m || t.Day() != d {
		return events.Date{}, &cellError{CodeInvalid, quote(v) + " không phải ngày có thật; ghi theo dạng dd/mm/yyyy, ví dụ 12/04/1985."}
	}
	return events.NewDate(y, time.Month(m), d), nil
}

func (s sheet) serialDate(v string) (events.Date, *cellError) {
	n, _ := strconv.ParseFloat(v, 64)
	t, err := s.toTime(n)
	if err != nil || t.Year() < 1900 {
		return events.Date{}, &cellError{CodeInvalid, quote(v) + " không phải ngày; định dạng ô là Ngày (Date) hoặc ghi dd/mm/yyyy."}
	}
	return events.NewDate(t.Year(), t.Month(), t.Day()), nil
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// parseGroup reads a group number, also as a spreadsheet number "3.0".
func parseGroup(v string) (int, *cellError) {
	if f, err := strconv.ParseFloat(v, 64); err == nil && f == float64(int(f)) {
		v = strconv.Itoa(int(f))
	}
	code, err := groups.lookup(v)
	if err != nil {
		return 0, err
	}
	return atoi(code), nil
}

func parseBool(v string) (bool, *cellError) {
	code, err := yesNo.lookup(v)
	return code == "true", err
}
