package handlers

import (
	"strconv"
	"strings"

	"daotao/domain/programme"
	"daotao/events"
)

// Words for the parts of a minimum format of Phụ lục I.
var (
	formatNouns = map[string]string{
		programme.FormatClass:            "lớp",
		programme.FormatDelegationAbroad: "đoàn tham gia bồi dưỡng tại nước ngoài",
		programme.FormatSeminar:          "hội thảo trao đổi chuyên môn",
	}
	deliveryWords = map[string]string{
		programme.DeliveryInPerson: "tập trung",
		programme.DeliveryOnline:   "trực tuyến",
		programme.DeliveryEither:   "tập trung hoặc trực tuyến",
	}
	inconsistencyLabels = map[string]string{
		programme.CheckRowTotal: "Tổng của dòng", programme.CheckColumnTotal: "Dòng tổng",
		programme.CheckPercentage: "Tỷ lệ", programme.CheckCrossTable: "Số liệu giữa hai bảng", programme.CheckText: "Số liệu trong văn bản",
	}
	measureLabels = map[string]string{
		programme.MeasureRefresherTrained:  "được bồi dưỡng chuyên sâu theo định hướng của Đề án",
		programme.MeasurePostgradSent:      "được cử đi đào tạo sau đại học",
		programme.MeasurePostgradDegree:    "có trình độ sau đại học",
		programme.MeasureDelegationsAbroad: "đoàn tham gia bồi dưỡng tại nước ngoài mỗi năm",
		programme.MeasureExpertTeams:       "Hình thành đội ngũ chuyên gia ở các lĩnh vực trọng tâm",
	}
)

// formatWords writes a minimum format as a sentence people read and can
// count against: "Tối thiểu 1 lớp tập trung hoặc trực tuyến / nội dung /
// năm", with, for a cell merged over several contents, which ones count.
func formatWords(m programme.MinFormat) string {
	var b strings.Builder
	b.WriteString("Tối thiểu " + strconv.Itoa(m.Min) + " " + label(formatNouns, m.Format))
	if d := deliveryWords[m.Delivery]; d != "" {
		b.WriteString(" " + d)
	}
	switch {
	case m.Per == programme.PerField && len(m.Contents) > 0:
		b.WriteString(" / lĩnh vực / năm (tính chung các nội dung " + strings.Join(m.Contents, ", ") + ")")
	case m.Per == programme.PerField:
		b.WriteString(" / lĩnh vực / năm")
	default:
		b.WriteString(" / nội dung / năm")
	}
	return b.String()
}

// groupList writes group numbers as "Nhóm 3, 4", or "Không" for none.
func groupList(groups []int) string {
	if len(groups) == 0 {
		return "Không"
	}
	parts := make([]string, len(groups))
	for i, g := range groups {
		parts[i] = strconv.Itoa(g)
	}
	return "Nhóm " + strings.Join(parts, ", ")
}

// agencyLabel names agency code as the document knows it, saying when it
// no longer exists on day and who took over.
func agencyLabel(d *programme.Document, code string, day events.Date) string {
	a, ok := d.Agency(code)
	if !ok {
		return code
	}
	if a.ActiveOn(day) {
		return a.Name
	}
	if !a.ValidFrom.IsZero() && day.Before(a.ValidFrom) {
		return a.Name + " (có từ " + formatDate(a.ValidFrom) + ")"
	}
	out := a.Name + " (đến hết " + formatDate(a.ValidTo)
	if a.SucceededBy != "" {
		out += "; tiếp nhận: " + agencyLabel(d, a.SucceededBy, day)
	}
	return out + ")"
}

// formatInt writes n with Vietnamese digit grouping: 2262 → "2.262".
func formatInt(n int) string {
	s := formatVND(int64(n))
	return strings.TrimSuffix(s, " ₫")
}

// monthYear shows a baseline "YYYY-MM" as "MM/YYYY".
func monthYear(s string) string {
	if y, m, ok := strings.Cut(s, "-"); ok && len(y) == 4 && len(m) == 2 {
		return m + "/" + y
	}
	return s
}
