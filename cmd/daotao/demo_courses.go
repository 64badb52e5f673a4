package main

import (
	"net/http"
	"strconv"

	"daotao/domain/programme"
)

// courses seeds training programmes in every review state and courses of
// each format of the approved ones, with nominations in their seats and
// waitlists: a class with a reserved block, a delegation abroad that is
// full with a waitlist (one withdrawal promotes the first in line), a
// finished seminar, a postgraduate programme on a Phụ lục II quota and a
// cancelled class. Dates are relative to today. A step the rules refuse
// leaves the rest undone, never the demo broken.
func (d *demo) courses(doc *programme.Document) {
	(&courseSeed{demo: d, lead: map[string]string{}, agencyOf: map[string]string{}, inCourse: map[string]bool{}}).run(doc)
}

// courseSeed is the demo while it seeds courses: the lead officer of each
// course, the agency of each nomination, the officials already in one.
type courseSeed struct {
	*demo
	lead, agencyOf map[string]string
	inCourse       map[string]bool
}

func (d *courseSeed) run(doc *programme.Document) {
	today := d.srv.Today()
	year := min(today.Time().Year()+1, 2030)
	yte := d.approvedProgramme("soyte", "C.1", "Quản trị bệnh viện và chất lượng dịch vụ y tế", year)
	tttt := d.approvedProgramme("sotttt", "B.3", "Chuyển đổi số trong quản lý nhà nước", year)
	d.programmeTo("sotttt", "B.4", "An toàn thông tin cho lãnh đạo cơ quan", year, "submit")
	d.programmeTo("soxaydung", "Đ.1", "Quản lý quy hoạch và phát triển đô thị bền vững", year, "submit", "review")
	if yte == "" || tttt == "" {
		return
	}
	on := func(days int) string { return today.AddDate(0, 0, days).String() }

	class := d.course("sotttt", tttt, map[string]any{"format": "class", "delivery": "truc_tuyen", "title": "Lớp trực tuyến: dữ liệu số trong chỉ đạo, điều hành",
		"start_date": on(100), "end_date": on(111), "capacity": 30, "cost_per_person_vnd": 4_500_000, "location": "Trực tuyến",
		"reservations": []map[string]any{{"agency_code": "so_thong_tin_truyen_thong", "seats": 6}, {"agency_code": "ubnd_tam_ky", "seats": 4}}})
	abroad := d.course("soyte", yte, map[string]any{"format": "delegation_abroad", "title": "Đoàn học tập mô hình quản trị bệnh viện tại Singapore",
		"country": "Singapore", "partner": "Đại học Quốc gia Singapore (NUS)", "start_date": on(160), "end_date": on(171),
		"capacity": 5, "cost_per_person_vnd": 95_000_000, "location": "Singapore"})
	seminar := d.course("soyte", yte, map[string]any{"format": "seminar", "title": "Hội thảo chuyển đổi số trong bệnh viện công",
		"start_date": on(-45), "end_date": on(-44), "capacity": 60, "cost_per_person_vnd": 1_200_000, "location": "Tam Kỳ"})
	cancelled := d.course("soyte", yte, map[string]any{"format": "class", "delivery": "tap_trung", "title": "Lớp quản lý chất lượng xét nghiệm",
		"start_date": on(200), "end_date": on(204), "capacity": 20, "cost_per_person_vnd": 6_000_000, "location": "Đà Nẵng"})
	var postgrad string
	if qs := doc.QuotasFor("so_y_te"); len(qs) > 0 {
		postgrad = d.course("soyte", yte, map[string]any{"format": "postgraduate", "title": "Chuyên khoa II Quản lý y tế (khóa " + strconv.Itoa(year) + ")",
			"institution": "Trường Đại học Y - Dược, Đại học Huế", "degree": "ck2", "duration_months": 24, "quota_id": qs[0].ID,
			"start_date": on(280), "end_date": today.AddDate(0, 24, 279).String(),
			"capacity": 3, "cost_per_person_vnd": 120_000_000, "location": "Huế"})
	}
	for _, c := range []string{class, abroad, seminar, cancelled, postgrad} {
		d.courseStep("", c, "open")
	}
	d.fill(postgrad, []string{"so_y_te"}, 2, "sau_dai_hoc") // first: few are eligible
	d.fill(class, []string{"so_thong_tin_truyen_thong", "ubnd_tam_ky", "so_y_te", "ubnd_hoi_an"}, 3, "boi_duong")
	seated := d.fill(abroad, []string{"so_y_te", "so_xay_dung", "ubnd_tam_ky", "ubnd_hoi_an"}, 2, "boi_duong")
	for _, id := range seated[:min(2, len(seated))] {
		d.approveAll(id)
	}
	if len(seated) > 2 { // the third withdraws: the first in line takes the seat
		d.call(d.ownerOf(seated[2]), http.MethodPost, "/api/v1/nominations/"+seated[2]+"/withdraw", map[string]string{"reason": demoReasons["withdraw"]})
	}
	for _, id := range d.fill(seminar, []string{"so_y_te", "ubnd_tam_ky"}, 2, "boi_duong") {
		d.approveAll(id)
	}
	for _, step := range []string{"close", "start", "finish"} {
		d.courseStep("soyte", seminar, step)
	}
	d.fill(cancelled, []string{"so_y_te", "ubnd_tam_ky"}, 1, "boi_duong")
	d.call("soyte", http.MethodPost, "/api/v1/courses/"+cancelled+"/cancel", map[string]string{"reason": "Đơn vị đào tạo đề nghị lùi sang năm sau."})
}

// approvedProgramme drafts a programme as user and takes it through the
// council's review and the province's approval; it returns its id.
func (d *courseSeed) approvedProgramme(user, content, title string, year int) string {
	return d.programmeTo(user, content, title, year, "submit", "review", "approve")
}

// programmeTo drafts a programme and takes the steps; it returns its id,
// "" when the draft is refused.
func (d *courseSeed) programmeTo(user, content, title string, year int, steps ...string) string {
	code, out := d.call(user, http.MethodPost, "/api/v1/programmes", map[string]any{"content_code": content, "title": title, "year": year,
		"summary": "Chương trình bồi dưỡng chuyên sâu theo Phụ lục I của Đề án 7328/ĐA-UBND."})
	id, _ := out["id"].(string)
	if code != http.StatusCreated {
		return ""
	}
	by := map[string]string{"submit": user, "review": "hoidong", "approve": "ubndtinh"}
	for _, s := range steps {
		d.call(by[s], http.MethodPost, "/api/v1/programmes/"+id+"/"+s, map[string]string{"decision_ref": "QĐ " + strconv.Itoa(year-2000) + "/QĐ-UBND"})
	}
	return id
}

// course plans a course of programme prog as user; "" when refused.
func (d *courseSeed) course(user, prog string, body map[string]any) string {
	body["programme_id"] = prog
	code, out := d.call(user, http.MethodPost, "/api/v1/courses", body)
	id, _ := out["id"].(string)
	if code != http.StatusCreated {
		return ""
	}
	d.lead[id] = user
	return id
}

func (d *courseSeed) courseStep(user, course, step string) {
	if course == "" {
		return
	}
	if user == "" {
		user = d.lead[course]
	}
	d.call(user, http.MethodPost, "/api/v1/courses/"+course+"/"+step, map[string]string{})
}

// fill nominates up to per officials of each agency to course and submits
// them; it returns the submitted nominations in order.
func (d *courseSeed) fill(course string, agencies []string, per int, kind string) []string {
	var out []string
	if course == "" {
		return nil
	}
	for _, agency := range agencies {
		officer, ok := d.officers[agency]
		if !ok {
			continue
		}
		n := 0
		for i := len(d.officials) - 1; i >= 0 && n < per; i-- {
			o := d.officials[i]
			if o.AgencyCode != agency || !o.InPlanningPool || d.inCourse[o.id] {
				continue
			}
			body := map[string]any{"official_id": o.id, "kind": kind, "course_id": course}
			if kind == "sau_dai_hoc" {
				body["commitment_months"] = 72 // 3 × 24 months
			}
			code, res := d.call(officer, http.MethodPost, "/api/v1/nominations", body)
			id, _ := res["id"].(string)
			if code != http.StatusCreated {
				continue
			}
			d.nominations++
			if code, _ := d.call(officer, http.MethodPost, "/api/v1/nominations/"+id+"/submit", map[string]string{}); code != http.StatusOK {
				d.call(officer, http.MethodPost, "/api/v1/nominations/"+id+"/withdraw", map[string]string{"reason": "Chưa đủ điều kiện."})
				continue
			}
			d.inCourse[o.id], d.agencyOf[id] = true, agency
			out = append(out, id)
			n++
		}
	}
	return out
}

// ownerOf returns the officer of the agency that made nomination id.
func (d *courseSeed) ownerOf(id string) string { return d.officers[d.agencyOf[id]] }
