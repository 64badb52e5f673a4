package handlers_test

import (
	"net/http"
	"net/url"
	"slices"
	"testing"
)

// reimbursementForm is the worked example as the form sends it.
func reimbursementForm(*webWorld) url.Values {
	return url.Values{"case": {"left_early"}, "cost_vnd": {"100.000.000"}, "training_months": {"24"}, "multiplier": {"2"},
		"served_months": {"20"}, "month_rounding": {"half_up"}}
}

const previewForm = "form[method=post][action=/reimbursements/preview]"

func checkReimbursementForm(t *testing.T, _ *webWorld, _ string, p page) {
	t.Helper()
	wantH1(t, p, "Tính trước chi phí đền bù đào tạo")
	form := p.one(t, previewForm)
	if attr(form, "hx-post") != "/reimbursements/preview" || attr(form, "hx-target") != "#reimbursement" {
		t.Errorf("%s: form hx-post %q, hx-target %q; want an htmx post swapping #reimbursement", p.req, attr(form, "hx-post"), attr(form, "hx-target"))
	}
	for _, id := range []string{"case", "cost_vnd", "multiplier", "training_months", "training_days", "served_months", "served_days",
		"month_rounding", "prior_service_years", "reduction_pct_per_year"} {
		p.one(t, previewForm+" #"+id)
	}
	if v := formValues(form); v.Get("case") != "left_early" || v.Get("multiplier") != "2" || v.Get("month_rounding") != "half_up" {
		t.Errorf("%s: defaults %v; want left_early, 2, half_up", p.req, v)
	}
	p.wantText(t, "#reimbursement-result", "Nhập chi phí")
}

// TestWebReimbursementPreview computes the example through the
// form, as a plain post and as htmx, and shows mistakes next to their
// fields; nothing is recorded.
func TestWebReimbursementPreview(t *testing.T) {
	w := newWebWorld(t)
	b := w.as["soyte"]
	form := b.get(t, "/reimbursements/preview").expect(t, http.StatusOK)
	before := w.lastSeq(t)

	vals := reimbursementForm(w)
	vals.Set("prior_service_years", "5")
	vals.Set("reduction_pct_per_year", "1,0")
	p := b.submit(t, form, previewForm, vals).expect(t, http.StatusOK)
	checkHygiene(t, p)
	p.wantText(t, "#reimbursement-result strong.amount", "55.416.666 ₫")
	p.wantText(t, "#reimbursement-result p", "trước giảm trừ: 58.333.333 ₫")
	rows := p.rows("#reimbursement-result")
	if i := slices.IndexFunc(rows, func(r []string) bool { return len(r) == 3 && r[0] == "Chi phí đền bù theo Điều 8 (S)" }); i < 0 || rows[i][2] != "58.333.333 ₫" {
		t.Errorf("%s: steps %q; want S = 58.333.333 ₫", p.req, rows)
	}
	if v := formValues(p.one(t, previewForm)); v.Get("reduction_pct_per_year") != "1,0" || v.Get("cost_vnd") != "100.000.000" {
		t.Errorf("%s: the form does not keep what was typed: %v", p.req, v)
	}
	if len(p.all("#reimbursement-result ul.notes li")) == 0 {
		t.Errorf("%s: no notes under the steps", p.req)
	}

	htmx := b.post(t, "/reimbursements/preview", formValues(p.one(t, previewForm)), "HX-Request", "true").expect(t, http.StatusOK)
	if first(htmx.doc, "nav.main") != nil || first(htmx.doc, "#reimbursement") == nil {
		t.Errorf("%s as htmx: want the fragment with #reimbursement and no layout", htmx.req)
	}
	htmx.wantText(t, "#reimbursement-result strong.amount", "55.416.666 ₫")

	bad := reimbursementForm(w)
	bad.Set("cost_vnd", "một trăm triệu")
	bad.Set("reduction_pct_per_year", "2")
	wantInvalid(t, b.submit(t, form, previewForm, bad), map[string]string{
		"cost_vnd": "chữ số", "reduction_pct_per_year": "từ 0 đến 1,5"}, "case", "training_months", "served_months")
	over := reimbursementForm(w)
	over.Set("served_months", "49")
	wantInvalid(t, b.submit(t, form, previewForm, over), map[string]string{"served_months": "T1 = 48 tháng"}, "cost_vnd")

	over.Set("_csrf", form.csrf(t))
	again := b.post(t, "/reimbursements/preview", over, "HX-Request", "true").expect(t, http.StatusOK)
	if got := fieldError(again.one(t, "#served_months")); got == "" || first(again.doc, "#reimbursement-result strong.amount") != nil {
		t.Errorf("%s as htmx: field error %q and a result shown; want the error and no amount", again.req, got)
	}
	if after := w.lastSeq(t); after != before {
		t.Errorf("previews appended events (seq %d → %d)", before, after)
	}

	ha := w.loginAs(t, "sonoivu") // the world has Sở Nội vụ
	hp := ha.get(t, "/reimbursements/preview").expect(t, http.StatusOK)
	checkReimbursementForm(t, w, "sonoivu", hp)
	ha.submit(t, hp, previewForm, reimbursementForm(w)).expect(t, http.StatusOK).wantText(t, "#reimbursement-result strong.amount", "58.333.333 ₫")
}

func checkHolidaysPage(t *testing.T, _ *webWorld, _ string, p page) {
	t.Helper()
	wantH1(t, p, "Ngày nghỉ lễ, Tết")
	rows := wantRows(t, p, "main", 13)
	if len(rows) > 0 && !slices.Equal(rows[0], []string{"01/01/2025", "Thứ Tư", "Tết Dương lịch", "Nghỉ lễ, Tết"}) {
		t.Errorf("%s: first row %q", p.req, rows[0])
	}
	if i := slices.IndexFunc(rows, func(r []string) bool { return r[0] == "26/04/2025" }); i < 0 || rows[i][1] != "Thứ Bảy" || rows[i][3] != "Làm bù" {
		t.Errorf("%s: rows %q; want Saturday 26/04/2025 worked", p.req, rows)
	}
	if tabs := texts(p.all("nav.tabs a")); !slices.Equal(tabs, []string{"2024", "2025", "2026", "2027"}) {
		t.Errorf("%s: year tabs %q", p.req, tabs)
	}
	if cur := p.text("nav.tabs a[aria-current=page]"); cur != "2025" {
		t.Errorf("%s: current year %q, want 2025", p.req, cur)
	}
	wantFacts(t, p, map[string]string{"Năm": "2025", "Tình trạng": "Chính thức", "Số ngày làm việc trong năm": "250"})
}

func TestWebHolidays(t *testing.T) {
	w := newWebWorld(t)
	b := w.as["quantri"]
	p := b.get(t, "/admin/holidays").expect(t, http.StatusOK)
	if cur := p.text("nav.tabs a[aria-current=page]"); cur != "2025" {
		t.Errorf("%s: year %q, want this year by the clock, 2025", p.req, cur)
	}
	later := b.get(t, "/admin/holidays?year=2027").expect(t, http.StatusOK)
	checkHygiene(t, later)
	wantFacts(t, later, map[string]string{"Tình trạng": "Dự kiến — chưa có quyết định chính thức", "Số ngày làm việc trong năm": "250"})
	if len(later.all("#holidays .badge")) == 0 || later.text("main .hint") == "" {
		t.Errorf("%s: provisional days unmarked or no note", later.req)
	}
	wantRefusal(t, b.get(t, "/admin/holidays?year=2023").expect(t, http.StatusNotFound), "Không tìm thấy")
	wantRefusal(t, b.get(t, "/admin/holidays?year=hai-nghin").expect(t, http.StatusBadRequest), "Dữ liệu không hợp lệ")
}
