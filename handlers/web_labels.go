package handlers

import (
	"encoding/json"
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
	ratingLabels        = map[string]string{"xuat_sac": "Hoàn thành xuất sắc nhiệm vụ", "tot": "Hoàn thành tốt nhiệm vụ",
		"hoan_thanh": "Hoàn thành nhiệm vụ", "khong_hoan_thanh": "Không hoàn thành nhiệm vụ"}
	kindLabels  = map[string]string{"boi_duong": "Bồi dưỡng chuyên sâu", "sau_dai_hoc": "Đào tạo sau đại học"}
	groupLabels = map[int]string{
		1: "Nhóm 1 — Trưởng các sở, ban, ngành và tương đương",
		2: "Nhóm 2 — Phó trưởng các sở, ban, ngành và tương đương",
		3: "Nhóm 3 — Trưởng, Phó phòng cấp tỉnh và tương đương",
		4: "Nhóm 4 — Trưởng, Phó phòng cấp huyện và tương đương",
	}
	eventLabels = map[string]string{
		events.TypeTrainingResultRecorded: "Ghi kết quả học tập", events.TypeTrainingPostgraduateCompleted: "Ghi kết quả đào tạo sau đại học",
		events.TypeTrainingResultCorrected: "Điều chỉnh kết quả học tập", events.TypeTrainingReportSubmitted: "Nộp báo cáo sau đào tạo, bồi dưỡng",
		events.TypeTrainingSurveyAnswered: "Gửi phiếu khảo sát khóa học",

		events.TypeNominationCreated: "Lập hồ sơ", events.TypeNominationRevised: "Sửa hồ sơ",
		events.TypeNominationSubmitted: "Gửi hồ sơ", events.TypeNominationResubmitted: "Gửi lại hồ sơ",
		events.TypeNominationApproved: "Phê duyệt", events.TypeNominationRejected: "Không phê duyệt",
		events.TypeNominationReturned: "Trả lại để bổ sung", events.TypeNominationWithdrawn: "Rút hồ sơ",
		events.TypeUserCreated: "Tạo tài khoản", events.TypeUserPasswordChanged: "Đổi mật khẩu",
		events.TypeUserDisabled: "Khóa tài khoản", events.TypeUserEnabled: "Mở khóa tài khoản",
		events.TypeSessionOpened: "Đăng nhập", events.TypeSessionClosed: "Kết thúc phiên đăng nhập",
		events.TypeOfficialRegistered: "Đăng ký cán bộ", events.TypeOfficialUpdated: "Cập nhật thông tin cán bộ",
		events.TypeOfficialBooked: "Ghi thời gian đi học của cán bộ", events.TypeOfficialReleased: "Hủy thời gian đi học của cán bộ",
		events.TypeQuotaPlaceTaken: "Dùng một chỉ tiêu (Phụ lục II)", events.TypeQuotaPlaceReleased: "Trả lại chỉ tiêu (Phụ lục II)",
		events.TypeQuotaPlacesReleased: "Trả lại các chỉ tiêu của khóa học bị hủy (Phụ lục II)",
		events.TypeReferencePublished:  "Công bố dữ liệu tham chiếu", events.TypeBaselinePublished: "Công bố số liệu nền (Bảng 1–6)",
		events.TypeReviewSealed:     "Niêm phong sơ kết, tổng kết",
		events.TypeQueueFilterSaved: "Lưu bộ lọc hàng đợi", events.TypeQueueFilterRemoved: "Xóa bộ lọc hàng đợi",
		events.TypeNeedSubmitted: "Gửi nhu cầu đào tạo, bồi dưỡng", events.TypeNeedReturned: "Trả lại nhu cầu để bổ sung",
		events.TypePlanRoundOpened: "Mở đợt lập kế hoạch năm", events.TypePlanDrafted: "Dự thảo kế hoạch năm",
		events.TypePlanSubmitted: "Trình Hội đồng kế hoạch năm", events.TypePlanCouncilAgreed: "Hội đồng thống nhất kế hoạch năm",
		events.TypePlanReturned: "Trả lại kế hoạch năm", events.TypePlanApproved: "Phê duyệt kế hoạch năm",
		events.TypeCommitmentOpened: "Mở cam kết phục vụ", events.TypeCommitmentClosed: "Kết thúc cam kết phục vụ",
		events.TypeReimbursementOpened: "Mở hồ sơ đền bù", events.TypeReimbursementRecommended: "Hội đồng đề xuất mức đền bù",
		events.TypeReimbursementDecided: "Quyết định đền bù", events.TypeReimbursementPaid: "Ghi nhận khoản nộp đền bù",
		events.TypeReimbursementWaived: "Quyết định miễn đền bù",
		events.TypeBudgetSubmitted:     "Gửi dự toán khóa học", events.TypeBudgetApproved: "Phê duyệt dự toán",
		events.TypeBudgetAdjusted: "Điều chỉnh dự toán", events.TypeBudgetReturned: "Trả lại dự toán",
		events.TypeBudgetActualRecorded: "Ghi chi phí thực tế",
		events.TypeFocusListPublished:   "Ban hành danh mục lĩnh vực tập trung",
		events.TypeProviderRegistered:   "Thêm cơ sở đào tạo", events.TypeProviderUpdated: "Sửa thông tin cơ sở đào tạo",
		events.TypeProviderSelected: "Ghi lựa chọn cơ sở đào tạo", events.TypeSelectionDocumentAdded: "Thêm tài liệu lựa chọn cơ sở đào tạo",
		events.TypeProgressRecorded: "Ghi kết quả học tập", events.TypeProgressExtended: "Gia hạn đào tạo",
		events.TypeProgressSuspended: "Bảo lưu", events.TypeProgressResumed: "Trở lại học",
		events.TypeProgressConcluded: "Kết quả cuối cùng của khóa đào tạo",
		events.TypeDeadlineReminded:  "Nhắc hạn xử lý", events.TypeDeadlineEscalated: "Chuyển cấp do quá hạn",
		events.TypeInboxRead: "Đánh dấu thông báo đã đọc", events.TypeUserEmailSet: "Đặt địa chỉ thư điện tử", events.TypeMailSent: "Gửi thư điện tử",
		events.TypeReviewOpened: "Mở kỳ sơ kết, tổng kết", events.TypeReviewCorrectionRecorded: "Ghi điều chỉnh sau niêm phong",
		events.TypeSittingOpened: "Mở phiên họp Hội đồng", events.TypeSittingResolved: "Ghi nghị quyết phiên họp",
		events.TypeSittingItemDecided: "Áp dụng nghị quyết cho hồ sơ", events.TypeSittingItemRefused: "Nghị quyết không áp dụng được cho hồ sơ",
		events.TypeProgrammeDrafted: "Lập chương trình", events.TypeProgrammeRevised: "Sửa chương trình",
		events.TypeProgrammeSubmitted: "Gửi Hội đồng thẩm định", events.TypeProgrammeReturned: "Trả lại chương trình",
		events.TypeProgrammeReviewed: "Hội đồng thẩm định đạt", events.TypeProgrammeApproved: "UBND tỉnh phê duyệt chương trình",
		events.TypeCoursePlanned: "Lập khóa học", events.TypeCourseRevised: "Sửa khóa học", events.TypeCourseReservationSet: "Giữ chỗ cho đơn vị",
		events.TypeCourseOpened: "Mở nhận đề cử", events.TypeCourseClosed: "Khóa danh sách", events.TypeCourseStarted: "Khóa học bắt đầu",
		events.TypeCourseFinished: "Khóa học kết thúc", events.TypeCourseCancelled: "Hủy khóa học", events.TypeCourseSeatTaken: "Nhận chỗ",
		events.TypeCourseWaitlisted: "Vào danh sách chờ", events.TypeCourseSeatReleased: "Trả chỗ (và xếp chỗ từ danh sách chờ)",
		events.TypeCourseWaitlistLeft: "Rời danh sách chờ",
	}
	changeLabels = map[string]string{
		"title": "Tên khóa học", "content_code": "Nội dung (Phụ lục I)", "start_date": "Ngày bắt đầu",
		"end_date": "Ngày kết thúc", "cost_estimate_vnd": "Dự toán kinh phí",
		"course_id": "Khóa học", "capacity": "Số chỗ", "cost_per_person_vnd": "Dự toán mỗi người", "cost_total_vnd": "Tổng dự toán",
		"reservations": "Giữ chỗ", "year": "Năm thực hiện", "summary": "Mục tiêu, nội dung", "partner": "Cơ sở đối tác",
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

// dmy shows an ISO date (YYYY-MM-DD) as dd/mm/yyyy in a form field, and
// anything else (what a person typed) as it is.
func dmy(s string) string {
	if d, err := events.ParseDate(s); err == nil {
		return formatDate(d)
	}
	return s
}

// isoDate turns a date typed as dd/mm/yyyy (or d/m/yyyy) into YYYY-MM-DD;
// anything else is passed on unchanged for the API's validation to name.
func isoDate(s string) string {
	s = strings.TrimSpace(s)
	if t, err := time.Parse("2/1/2006", s); err == nil {
		return t.Format(events.DateLayout)
	}
	return s
}

// selectPrompts replace, on forms, the API's messages for fields a person
// picks from a list.
var selectPrompts = map[string]string{
	"gender": "Hãy chọn giới tính.", "category": "Hãy chọn loại: cán bộ, công chức hoặc viên chức.",
	"qualification": "Hãy chọn trình độ chuyên môn.", "field": "Hãy chọn ngành, lĩnh vực đào tạo.",
	"kind": "Hãy chọn hình thức đào tạo, bồi dưỡng.", "official_id": "Hãy chọn cán bộ được cử.",
	"role": "Hãy chọn vai trò.", "group": "Hãy chọn nhóm đối tượng.",
}

// webFields adapts field messages for forms: list prompts, and dates in
// the dd/mm/yyyy form people type.
func webFields(fields map[string]string) map[string]string {
	if fields == nil {
		return nil
	}
	out := make(map[string]string, len(fields))
	for k, v := range fields {
		if p, ok := selectPrompts[k]; ok {
			v = p
		}
		out[k] = strings.ReplaceAll(v, "YYYY-MM-DD", "dd/mm/yyyy")
	}
	return out
}

// eventSummary picks out of an event's data what a reader of a timeline
// wants without opening the raw JSON: reasons, notes, what changed and the
// eligibility outcome.
func eventSummary(raw []byte) []string {
	var d struct {
		Title       string               `json:"title"`
		Reason      string               `json:"reason"`
		Note        string               `json:"note"`
		Changed     []events.FieldChange `json:"changed"`
		Eligibility *events.Eligibility  `json:"eligibility"`
		// The approval chain (pages_stages.go).
		Comment     string                 `json:"comment"`
		Stage       string                 `json:"stage"`
		Next        string                 `json:"next"`
		To          string                 `json:"to"`
		Attachments []events.AttachmentRef `json:"attachments"`
	}
	if json.Unmarshal(raw, &d) != nil {
		return nil
	}
	out := chainSummary(d.Stage, d.Next, d.To, d.Comment, d.Attachments)
	if d.Title != "" {
		out = append(out, "Khóa học: "+d.Title)
	}
	if d.Reason != "" {
		out = append(out, "Lý do: "+d.Reason)
	}
	if d.Note != "" {
		out = append(out, "Ghi chú: "+d.Note)
	}
	for _, c := range d.Changed {
		out = append(out, label(changeLabels, c.Field)+": "+formatChange(c.Field, c.From)+" → "+formatChange(c.Field, c.To))
	}
	if e := d.Eligibility; e != nil {
		verdict := "đủ điều kiện"
		if !e.Eligible {
			verdict = "không đủ điều kiện"
		}
		out = append(out, "Điều kiện ("+e.RuleSet+"): "+verdict)
	}
	return out
}
