package handlers

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"daotao/domain"
	"daotao/events"
)

// Vietnamese labels of the codes the API uses.
var (
	fieldLabels = map[string]string{
		"kinh_te_tai_chinh": "Kinh tế, tài chính, kế toán", "cntt_khmt": "Công nghệ thông tin, khoa học máy tính",
		"y_te": "Y tế", "giao_duc": "Giáo dục", "quy_hoach_do_thi": "Quy hoạch, phát triển đô thị",
		"tnmt_dat_dai": "Tài nguyên môi trường, quản lý đất đai", "nong_nghiep": "Nông nghiệp, phát triển nông thôn",
		"hanh_chinh_luat": "Quản lý hành chính, luật", "khac": "Khác",
	}
	qualificationLabels = map[string]string{"dai_hoc": "Đại học", "thac_si": "Thạc sĩ, BS CKI", "tien_si": "Tiến sĩ, BS CKII"}
	categoryLabels      = map[string]string{"cbcc": "Cán bộ, công chức", "vc": "Viên chức"}
	genderLabels        = map[string]string{"nam": "Nam", "nu": "Nữ"}
	kindLabels          = map[string]string{"boi_duong": "Bồi dưỡng chuyên sâu", "sau_dai_hoc": "Đào tạo sau đại học"}
	groupLabels         = map[int]string{
		1: "Nhóm 1 — Trưởng các sở, ban, ngành và tương đương",
		2: "Nhóm 2 — Phó trưởng các sở, ban, ngành và tương đương",
		3: "Nhóm 3 — Trưởng, Phó phòng cấp tỉnh và tương đương",
		4: "Nhóm 4 — Trưởng, Phó phòng cấp huyện và tương đương",
	}
	eventLabels = map[string]string{
		events.TypeNominationCreated: "Lập hồ sơ", events.TypeNominationRevised: "Sửa hồ sơ",
		events.TypeNominationSubmitted: "Gửi hồ sơ", events.TypeNominationResubmitted: "Gửi lại hồ sơ",
		events.TypeNominationApproved: "Phê duyệt", events.TypeNominationRejected: "Không phê duyệt",
		events.TypeNominationReturned: "Trả lại để bổ sung", events.TypeNominationWithdrawn: "Rút hồ sơ",
	}
	changeLabels = map[string]string{
		"title": "Tên khóa học", "content_code": "Nội dung (Phụ lục I)", "start_date": "Ngày bắt đầu",
		"end_date": "Ngày kết thúc", "cost_estimate_vnd": "Dự toán kinh phí",
	}
)

func label(m map[string]string, code string) string {
	if l, ok := m[code]; ok {
		return l
	}
	return code
}

// formatDate writes a date as dd/mm/yyyy.
func formatDate(d events.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.Time().Format("02/01/2006")
}

// formatTime writes a time as dd/mm/yyyy HH:MM in Asia/Ho_Chi_Minh.
func formatTime(t any) string {
	var tm time.Time
	switch v := t.(type) {
	case time.Time:
		tm = v
	case *time.Time:
		if v == nil {
			return ""
		}
		tm = *v
	}
	if tm.IsZero() {
		return ""
	}
	return tm.In(domain.Zone).Format("02/01/2006 15:04")
}

// formatVND writes an amount in đồng with Vietnamese digit grouping:
// 25000000 → "25.000.000 ₫".
func formatVND(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String() + " ₫"
	}
	return b.String() + " ₫"
}

// formatChange writes one side of a field change for people.
func formatChange(field string, v any) string {
	switch field {
	case "start_date", "end_date":
		if s, ok := v.(string); ok {
			if d, err := events.ParseDate(s); err == nil {
				return formatDate(d)
			}
		}
	case "cost_estimate_vnd":
		if f, ok := v.(float64); ok {
			return formatVND(int64(f))
		}
	}
	if v == nil || v == "" {
		return "(trống)"
	}
	return fmt.Sprint(v)
}
