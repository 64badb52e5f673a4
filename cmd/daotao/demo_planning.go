package main

import (
	"net/http"
	"strconv"

	"daotao/domain/planning"
)

// planning seeds next year's planning round: needs from three agencies
// (one returned and resubmitted), the government bloc's focus-field list,
// the plan approved by the province after the council's review, training
// providers, and a semester recorded for a postgraduate trainee. Dates are
// relative to today.
func (d *demo) planning() {
	today := d.srv.Today()
	year := min(today.Time().Year()+1, planning.LastYear)
	y := strconv.Itoa(year)
	d.must("sonoivu", http.MethodPost, "/api/v1/plans/"+y+"/round", map[string]string{"needs_due": today.AddDate(0, 0, 30).String()})
	d.must("sonoivu", http.MethodPost, "/api/v1/focus-lists/"+y+"/government", map[string]any{
		"items":       []map[string]string{{"code": "B"}, {"code": "C"}, {"code": "Đ"}, {"code": "H"}},
		"decision_no": "125/QĐ-UBND", "decision_date": today.AddDate(0, 0, -10).String()})

	line := func(content, format string, group int, category string, people int) map[string]any {
		return map[string]any{"content_code": content, "format": format, "group": group, "category": category, "people": people}
	}
	needs := func(user, agency, why string, lines ...map[string]any) {
		d.must(user, http.MethodPost, "/api/v1/needs/"+y+"/"+agency, map[string]any{"lines": lines, "justification": why})
	}
	needs("soyte", "so_y_te", "Lãnh đạo bệnh viện tuyến tỉnh cần cập nhật quản trị bệnh viện, chất lượng dịch vụ.",
		line("C.1", "class", 3, "vc", 12), line("C.1", "class", 4, "vc", 8), line("C.2", "delegation_abroad", 2, "cbcc", 2))
	needs("sotttt", "so_thong_tin_truyen_thong", "Triển khai chuyển đổi số cấp tỉnh.",
		line("B.3", "class", 3, "cbcc", 6), line("B.3", "seminar", 3, "cbcc", 10))
	needs("tamky", "ubnd_tam_ky", "Lãnh đạo phòng, ban thành phố.", line("B.1", "class", 3, "cbcc", 5))
	d.must("sonoivu", http.MethodPost, "/api/v1/needs/"+y+"/ubnd_tam_ky/return", map[string]string{"reason": "Đề nghị tách nhu cầu theo nhóm 3 và nhóm 4."})
	needs("tamky", "ubnd_tam_ky", "Lãnh đạo phòng, ban thành phố và phường.", line("B.1", "class", 3, "cbcc", 4), line("B.1", "class", 4, "cbcc", 6))

	places := func(ps ...any) []map[string]any {
		var out []map[string]any
		for i := 0; i+1 < len(ps); i += 2 {
			out = append(out, map[string]any{"agency_code": ps[i], "places": ps[i+1]})
		}
		return out
	}
	lines := []map[string]any{
		{"format": "class", "title": "Quản trị bệnh viện và chất lượng dịch vụ y tế", "content_code": "C.1", "lead_agency": "so_y_te",
			"delivery": "tap_trung", "quarter": 2, "places": places("so_y_te", 20, "ubnd_tam_ky", 2), "cost_estimate_vnd": 360_000_000},
		{"format": "delegation_abroad", "title": "Đoàn học tập quản trị bệnh viện", "content_code": "C.2", "lead_agency": "so_y_te",
			"quarter": 3, "country": "Singapore", "senior_members": 1, "places": places("so_y_te", 2, "so_noi_vu", 1), "cost_estimate_vnd": 450_000_000},
		{"format": "class", "title": "Chuyển đổi số trong quản lý nhà nước", "content_code": "B.3", "lead_agency": "so_thong_tin_truyen_thong",
			"delivery": "truc_tuyen", "quarter": 2, "places": places("so_thong_tin_truyen_thong", 6, "ubnd_tam_ky", 4), "cost_estimate_vnd": 120_000_000},
		{"format": "seminar", "title": "Hội thảo dữ liệu số", "content_code": "B.3", "lead_agency": "so_thong_tin_truyen_thong",
			"quarter": 4, "places": places("so_thong_tin_truyen_thong", 10), "cost_estimate_vnd": 60_000_000},
	}
	d.must("sonoivu", http.MethodPost, "/api/v1/plans/"+y+"/versions", map[string]any{"lines": lines})
	d.must("sonoivu", http.MethodPost, "/api/v1/plans/"+y+"/submit", nil)
	d.must("hoidong", http.MethodPost, "/api/v1/plans/"+y+"/agree", map[string]string{"comment": "Thống nhất; lưu ý bổ sung lớp lĩnh vực B.1 trong lần điều chỉnh."})
	d.must("ubndtinh", http.MethodPost, "/api/v1/plans/"+y+"/approve", map[string]string{"decision_no": "2345/QĐ-UBND", "decision_date": today.String()})

	for _, p := range []map[string]string{
		{"name": "Học viện Hành chính Quốc gia", "kind": planning.ProviderDomestic, "address": "77 Nguyễn Chí Thanh, Hà Nội"},
		{"name": "Trường Đại học Y - Dược, Đại học Huế", "kind": planning.ProviderDomestic, "address": "6 Ngô Quyền, Huế"},
		{"name": "Đại học Quốc gia Singapore (NUS)", "kind": planning.ProviderForeign, "country": "Singapore", "note": "Đối tác qua Sở Ngoại vụ"},
	} {
		d.must("sonoivu", http.MethodPost, "/api/v1/providers", p)
	}

	// A semester of the first postgraduate trainee who has started.
	for _, tr := range d.list("sonoivu", "/api/v1/trainees") {
		id, _ := tr["nomination_id"].(string)
		agency, _ := tr["agency_code"].(string)
		start, _ := tr["start"].(string)
		officer := d.officers[agency]
		if id == "" || officer == "" || start == "" || start > today.String() {
			continue
		}
		d.call(officer, http.MethodPost, "/api/v1/trainees/"+id+"/progress", map[string]any{
			"period": strconv.Itoa(today.Time().Year()) + "-1", "credits": 15, "results": "Điểm trung bình 3,2/4", "thesis_stage": "Đã duyệt đề cương"})
		break
	}
}
