package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// programmeFormValues fills the programme form validly for so_y_te (C.1).
func programmeFormValues() url.Values {
	return url.Values{"content_code": {"C.1"}, "title": {"Quản trị bệnh viện hiện đại"}, "year": {"2026"},
		"partner": {"Đại học Y Dược Huế"}, "summary": {"Hai tuần tập trung."}}
}

// courseFormValues fills the course form with a class of programme prog.
func courseFormValues(prog string) url.Values {
	return url.Values{"programme_id": {prog}, "format": {"class"}, "title": {"Lớp quản trị bệnh viện"}, "delivery": {"tap_trung"},
		"start_date": {"02/03/2026"}, "end_date": {"13/03/2026"}, "capacity": {"3"}, "cost_per_person_vnd": {"12.000.000"}}
}

func checkProgrammesPage(t *testing.T, _ *webWorld, user string, p page) {
	t.Helper()
	wantH1(t, p, "Chương trình bồi dưỡng")
	if n := len(p.all("nav.tabs a")); n != 6 {
		t.Errorf("%d status tabs, want 6", n)
	}
	if agency := user == "soyte" || user == "tamky"; agency != (first(p.doc, "a[href=/programmes/new]") != nil) {
		t.Errorf("%s: new-programme link shown = %v", user, !agency)
	}
}

func checkCoursesPage(t *testing.T, _ *webWorld, user string, p page) {
	t.Helper()
	wantH1(t, p, "Khóa học, đoàn, hội thảo")
	if got := len(p.all("select[name=format] option")); got != 5 {
		t.Errorf("%d format options, want 5", got)
	}
}

// TestWebProgrammeToCourse drafts a programme in the forms, has the
// council review it and the province approve it, plans a delegation
// abroad, opens it, nominates an official from the course page, and
// cancels it.
func TestWebProgrammeToCourse(t *testing.T) {
	w := newWorld(t)
	provinceToken(t, w)
	ag, tk, hd, tinh := w.loginAs(t, "soyte"), w.loginAs(t, "tamky"), w.loginAs(t, "hoidong"), w.loginAs(t, "ubndtinh")
	if to := tinh.get(t, "/").redirect(t).Path; to != "/programmes" {
		t.Errorf("the province starts at %q, want /programmes", to)
	}
	if nav := texts(tinh.get(t, "/programmes").expect(t, http.StatusOK).all("nav.main a")); len(nav) == 0 || nav[0] != "Chương trình bồi dưỡng" {
		t.Errorf("province nav %q", nav)
	}

	form := ag.get(t, "/programmes/new").expect(t, http.StatusOK)
	before := w.lastSeq(t)
	bad := ag.submit(t, form, "form[method=post][action=/programmes]", url.Values{"content_code": {"C.1"}, "title": {""}, "year": {"1999"}}).expect(t, http.StatusBadRequest)
	if errs := texts(bad.all(".field-error")); len(errs) != 2 {
		t.Errorf("field errors %q, want title and year", errs)
	}
	if w.lastSeq(t) != before {
		t.Errorf("an invalid programme appended to the log")
	}
	created := ag.submit(t, bad, "form[method=post][action=/programmes]", programmeFormValues())
	id := strings.TrimPrefix(created.redirect(t).Path, "/programmes/")
	p := ag.follow(t, created).expect(t, http.StatusOK)
	wantH1(t, p, "Quản trị bệnh viện hiện đại")
	wantFacts(t, p, map[string]string{"Trạng thái": "Bản nháp", "Nội dung (Phụ lục I)": "C.1", "Năm thực hiện": "2026"})
	tk.get(t, "/programmes/"+id).expect(t, http.StatusNotFound)

	p = ag.follow(t, ag.submit(t, p, "form[action=/programmes/"+id+"/submit]", nil)).expect(t, http.StatusOK)
	wantFacts(t, p, map[string]string{"Trạng thái": "Chờ Hội đồng thẩm định"})
	p = hd.get(t, "/programmes/"+id).expect(t, http.StatusOK)
	p = hd.follow(t, hd.submit(t, p, "form[action=/programmes/"+id+"/review]", url.Values{"reason": {"Đạt."}})).expect(t, http.StatusOK)
	wantFacts(t, p, map[string]string{"Trạng thái": "Chờ UBND tỉnh phê duyệt"})
	p = tinh.get(t, "/programmes/"+id).expect(t, http.StatusOK)
	refused := tinh.submit(t, p, "form[action=/programmes/"+id+"/return]", url.Values{"reason": {" "}}).expect(t, http.StatusBadRequest)
	if refused.errorMessage() == "" {
		t.Errorf("a return without a reason shows no error")
	}
	p = tinh.follow(t, tinh.submit(t, p, "form[action=/programmes/"+id+"/approve]", url.Values{"decision_ref": {"QĐ 25/QĐ-UBND"}})).expect(t, http.StatusOK)
	wantFacts(t, p, map[string]string{"Trạng thái": "Đã phê duyệt", "Quyết định phê duyệt": "QĐ 25/QĐ-UBND"})

	// The lead agency plans a delegation abroad from the programme's page.
	p = ag.get(t, "/programmes/"+id).expect(t, http.StatusOK)
	form = ag.get(t, attr(p.one(t, "a[href^=/courses/new]"), "href")).expect(t, http.StatusOK)
	if got := formValues(form.one(t, "form[method=post][action=/courses]")).Get("programme_id"); got != id {
		t.Errorf("the course form preselects %q, want %q", got, id)
	}
	values := courseFormValues(id)
	values.Set("format", "delegation_abroad")
	values.Set("delivery", "")
	values.Set("title", "Đoàn học tập quản trị y tế tại Singapore")
	values.Set("reservations", "ubnd_tam_ky=x")
	bad = ag.submit(t, form, "form[method=post][action=/courses]", values).expect(t, http.StatusBadRequest)
	if errs := texts(bad.all(".field-error")); len(errs) != 3 {
		t.Errorf("field errors %q, want country, partner and reservations", errs)
	}
	values.Set("country", "Singapore")
	values.Set("partner", "Đại học Quốc gia Singapore")
	values.Set("reservations", "ubnd_tam_ky=1")
	created = ag.submit(t, bad, "form[method=post][action=/courses]", values)
	course := strings.TrimPrefix(created.redirect(t).Path, "/courses/")
	p = ag.follow(t, created).expect(t, http.StatusOK)
	wantFacts(t, p, map[string]string{"Trạng thái": "Dự kiến", "Quốc gia": "Singapore", "Đơn vị phối hợp": "Sở Ngoại vụ",
		"Thời gian": "02/03/2026 – 13/03/2026", "Dự toán kinh phí": "12.000.000 ₫ / người; tổng 36.000.000 ₫"})
	wantRows(t, p, "#reservations", 1)
	p = ag.follow(t, ag.submit(t, p, "form[action=/courses/"+course+"/open]", nil)).expect(t, http.StatusOK)
	wantFacts(t, p, map[string]string{"Trạng thái": "Đang nhận đề cử"})

	// Sở Y tế nominates its official from the course page, then submits.
	nominated := ag.submit(t, p, "form[action=/courses/"+course+"/nominate]", url.Values{"official_id": {w.yteOfficial}})
	nom := strings.TrimPrefix(nominated.redirect(t).Path, "/nominations/")
	n := ag.follow(t, nominated).expect(t, http.StatusOK)
	wantFacts(t, n, map[string]string{"Thời gian": "02/03/2026 – 13/03/2026", "Trạng thái": "Bản nháp"})
	if link := attr(n.one(t, "a[href^=/courses/]"), "href"); link != "/courses/"+course {
		t.Errorf("the nomination links to %q, want its course", link)
	}
	edit := ag.get(t, "/nominations/"+nom+"/edit").expect(t, http.StatusOK)
	ag.submit(t, edit, "form[method=post][action=/nominations/"+nom+"/edit]", url.Values{"title": {"Đoàn Singapore (đợt 1)"}}).redirect(t)
	if v := w.view(t, w.yte, nom); v.CourseID != course || v.Title != "Đoàn Singapore (đợt 1)" {
		t.Errorf("after a web edit: course %q, title %q", v.CourseID, v.Title)
	}
	if got := ag.get(t, "/nominations/"+nom).expect(t, http.StatusOK).text("#seat"); !strings.HasPrefix(got, "Chưa có chỗ") {
		t.Errorf("a draft's seat: %q", got)
	}
	w.act(t, nom, "submit").want(t, http.StatusOK)
	if got := ag.get(t, "/nominations/"+nom).expect(t, http.StatusOK).text("#seat"); !strings.HasPrefix(got, "Đã có chỗ") {
		t.Errorf("a submitted nomination's seat: %q", got)
	}
	p = ag.get(t, "/courses/"+course).expect(t, http.StatusOK)
	wantRows(t, p, "#seated", 1)
	if other := tk.get(t, "/courses/"+course).expect(t, http.StatusOK); first(other.doc, "#seated") != nil || first(other.doc, "#actions") != nil {
		t.Errorf("UBND Tam Kỳ sees Sở Y tế's participants or the lead agency's actions")
	}

	// UBND Tam Kỳ nominates from the nomination form, choosing the course.
	form = tk.get(t, "/nominations/new").expect(t, http.StatusOK)
	created = tk.submit(t, form, "form[method=post][action=/nominations]", url.Values{"official_id": {w.tamkyOfficial}, "course_id": {course},
		"kind": {"boi_duong"}, "title": {""}, "start_date": {""}, "end_date": {""}, "content_code": {""}})
	if v := w.view(t, w.tamky, strings.TrimPrefix(created.redirect(t).Path, "/nominations/")); v.CourseID != course || v.StartDate.String() != "2026-03-02" {
		t.Errorf("nomination from the form: course %q, start %s", v.CourseID, v.StartDate)
	}
	refused = ag.submit(t, p, "form[action=/courses/"+course+"/cancel]", url.Values{"reason": {""}}).expect(t, http.StatusBadRequest)
	if refused.errorMessage() == "" {
		t.Errorf("a cancellation without a reason shows no error")
	}
	p = ag.follow(t, ag.submit(t, p, "form[action=/courses/"+course+"/cancel]", url.Values{"reason": {"Đối tác hoãn chuyến."}})).expect(t, http.StatusOK)
	wantFacts(t, p, map[string]string{"Trạng thái": "Đã hủy", "Lý do hủy": "Đối tác hoãn chuyến."})
	if first(p.doc, "#seated") != nil {
		t.Errorf("a cancelled course still lists participants")
	}
	list := hd.get(t, "/courses?format=delegation_abroad").expect(t, http.StatusOK)
	wantRows(t, list, "#courses", 1)
}
