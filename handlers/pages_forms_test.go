package handlers_test

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

// wantInvalid checks a form re-rendered with errors: 400, a message for
// the whole form, and for each bad field aria-invalid, a label tied to it
// and its own message next to it; the good fields are not marked.
func wantInvalid(t *testing.T, p page, bad map[string]string, good ...string) {
	t.Helper()
	p.expect(t, http.StatusBadRequest)
	checkHygiene(t, p)
	if p.errorMessage() == "" {
		t.Errorf("%s: no message for the form", p.req)
	}
	for id, msg := range bad {
		field := p.one(t, "#"+id)
		if attr(field, "aria-invalid") != "true" {
			t.Errorf("%s: field %s has no aria-invalid", p.req, id)
		}
		if first(p.doc, "label[for="+id+"]") == nil {
			t.Errorf("%s: field %s has no label", p.req, id)
		}
		if got := fieldError(field); !strings.Contains(got, msg) {
			t.Errorf("%s: field %s says %q, want %q", p.req, id, got, msg)
		}
	}
	for _, id := range good {
		if field := p.one(t, "#"+id); attr(field, "aria-invalid") != "" || fieldError(field) != "" {
			t.Errorf("%s: good field %s is marked invalid (%q)", p.req, id, fieldError(field))
		}
	}
}

// fieldError returns the message shown with field, in its grid cell.
func fieldError(field *html.Node) string {
	cell := field.Parent
	for cell != nil && cell.Data != "div" {
		cell = cell.Parent
	}
	return textOf(first(cell, ".field-error"))
}

func TestWebRegisterOfficial(t *testing.T) {
	w := newWebWorld(t)
	b := w.as["soyte"]
	form := b.get(t, "/officials/new").expect(t, http.StatusOK)

	before := w.lastSeq(t)
	bad := b.submit(t, form, "form[action=/officials]", url.Values{"full_name": {"  "}, "birth_date": {"1900-01-01"}})
	wantInvalid(t, bad, map[string]string{
		"full_name": "", "birth_date": "Tuổi phải từ 18 đến 70.", "service_start": "Cần ngày bắt đầu công tác",
		"gender": "Hãy chọn giới tính.", "qualification": "Hãy chọn trình độ chuyên môn.", "field": "Hãy chọn ngành, lĩnh vực đào tạo.",
	}, "group", "category")
	if got := formValues(bad.one(t, "form[action=/officials]")).Get("birth_date"); got != "01/01/1900" {
		t.Errorf("birth_date re-rendered as %q, want the date typed, as dd/mm/yyyy", got)
	}
	if w.lastSeq(t) != before {
		t.Fatalf("an invalid registration appended to the log")
	}

	ok := b.submit(t, bad, "form[action=/officials]", officialForm(nil))
	to := ok.redirect(t)
	if !strings.HasPrefix(to.Path, "/officials/") || to.Query().Get("ok") != "official" {
		t.Fatalf("registration redirects to %q, want the official's page", to)
	}
	if w.lastSeq(t) != before+1 {
		t.Errorf("registration appended %d events, want 1", w.lastSeq(t)-before)
	}
	page := b.follow(t, ok).expect(t, http.StatusOK)
	wantH1(t, page, "Trần Văn Minh")
	if page.notice() != "Đã đăng ký cán bộ." {
		t.Errorf("notice %q", page.notice())
	}
	wantFacts(t, page, map[string]string{"Ngày sinh": "05/11/1978", "Ngày bắt đầu công tác": "15/08/2001", "Trình độ": "Thạc sĩ, BS CKI",
		"Nhóm": "Nhóm 2 — Phó trưởng các sở, ban, ngành và tương đương", "Cơ quan, đơn vị": "Sở Y tế"})
	wantRows(t, b.get(t, "/officials").expect(t, http.StatusOK), "#officials-list", 2)
}

// TestWebNominationFlow goes through a nomination's whole life in the
// forms: create, edit, submit, Sở Nội vụ's check, return by the council (a
// reason is required), revise, resubmit (the chain starts again), approve.
func TestWebNominationFlow(t *testing.T) {
	w := newWebWorld(t)
	ag, hd, nv := w.as["soyte"], w.as["hoidong"], w.loginAs(t, "sonoivu")
	id := createFromOfficial(t, w, ag)
	editTitle(t, w, ag, id)
	act(t, ag, id, "submit", "", "Đã gửi, chờ xét")
	act(t, nv, id, "approve", "", "Đã gửi, chờ xét")
	returnWithReason(t, w, hd, id)
	reviseAndResubmit(t, ag, hd, id)
	act(t, nv, id, "approve", "", "Đã gửi, chờ xét")
	p := act(t, hd, id, "approve", "", "Đã phê duyệt")
	for _, f := range p.all("main form") {
		if a := attr(f, "action"); slices.ContainsFunc([]string{"/submit", "/resubmit", "/withdraw", "/approve", "/return", "/reject"}, func(s string) bool { return strings.HasSuffix(a, s) }) {
			t.Errorf("an approved nomination still offers %s", a)
		}
	}
	history := texts(hd.get(t, "/audit/nominations/"+id).expect(t, http.StatusOK).all("ol.timeline li strong"))
	want := []string{"Lập hồ sơ", "Sửa hồ sơ", "Gửi hồ sơ", "Chuyển bước tiếp theo", "Trả lại để bổ sung", "Sửa hồ sơ", "Gửi lại hồ sơ",
		"Chuyển bước tiếp theo", "Phê duyệt"}
	if !slices.Equal(history, want) {
		t.Errorf("timeline %q, want %q", history, want)
	}
}

// createFromOfficial drafts a nomination from the official's page, where
// the form comes with the official chosen, and returns its id.
func createFromOfficial(t *testing.T, w *webWorld, ag *browser) string {
	t.Helper()
	official := ag.get(t, "/officials/"+w.yteOfficial).expect(t, http.StatusOK)
	form := ag.get(t, attr(official.one(t, "a[href^=/nominations/new]"), "href")).expect(t, http.StatusOK)
	if got := formValues(form.one(t, "form[action=/nominations]")).Get("official_id"); got != w.yteOfficial {
		t.Errorf("the form from the official's page preselects %q, want %q", got, w.yteOfficial)
	}
	values := nominationForm(w)
	values.Del("official_id")
	created := ag.submit(t, form, "form[action=/nominations]", values)
	id := strings.TrimPrefix(created.redirect(t).Path, "/nominations/")
	p := ag.follow(t, created).expect(t, http.StatusOK)
	wantH1(t, p, "Quản trị y tế công")
	wantFacts(t, p, map[string]string{"Trạng thái": "Bản nháp", "Dự toán kinh phí": "18.500.000 ₫",
		"Thời gian": "06/04/2026 – 17/04/2026", "Nội dung (Phụ lục I)": "C.2"})
	if !strings.Contains(p.notice(), "Đã lập hồ sơ") {
		t.Errorf("notice %q", p.notice())
	}
	return id
}

// editTitle changes the draft's title through the edit form, then saves
// the form unchanged, which appends nothing.
func editTitle(t *testing.T, w *webWorld, ag *browser, id string) {
	t.Helper()
	form := "form[action=\"/nominations/" + id + "/edit\"]"
	nom := ag.get(t, "/nominations/"+id).expect(t, http.StatusOK)
	edit := ag.get(t, attr(nom.one(t, "a[href=\"/nominations/"+id+"/edit\"]"), "href")).expect(t, http.StatusOK)
	nom = ag.follow(t, ag.submit(t, edit, form, url.Values{"title": {"Quản trị bệnh viện công"}}))
	wantH1(t, nom, "Quản trị bệnh viện công")
	if nom.notice() != "Đã lưu thay đổi." {
		t.Errorf("notice after edit %q", nom.notice())
	}
	before := w.lastSeq(t)
	edit = ag.get(t, "/nominations/"+id+"/edit").expect(t, http.StatusOK)
	if got := ag.submit(t, edit, form, nil).redirect(t).Query().Get("ok"); got != "unchanged" || w.lastSeq(t) != before {
		t.Errorf("saving an unchanged form: notice %q and %d events, want unchanged and none", got, w.lastSeq(t)-before)
	}
}

// returnWithReason has the council return the nomination: first with a
// blank reason, refused, then with one.
func returnWithReason(t *testing.T, w *webWorld, hd *browser, id string) {
	t.Helper()
	page := hd.get(t, "/nominations/"+id).expect(t, http.StatusOK)
	before := w.lastSeq(t)
	refused := hd.submit(t, page, "form[action=\"/nominations/"+id+"/return\"]", url.Values{"reason": {"   "}}).expect(t, http.StatusBadRequest)
	if refused.errorMessage() != "Cần nêu lý do." || facts(refused)["Trạng thái"] != "Đã gửi, chờ xét" || w.lastSeq(t) != before {
		t.Errorf("return without a reason: message %q, status %q, %d events; want Cần nêu lý do., unchanged, none",
			refused.errorMessage(), facts(refused)["Trạng thái"], w.lastSeq(t)-before)
	}
	checkHygiene(t, refused)
	p := act(t, hd, id, "return", "Thiếu bản cam kết.", "Trả lại để bổ sung")
	wantFacts(t, p, map[string]string{"Lý do trả lại": "Thiếu bản cam kết."})
}

// reviseAndResubmit has the agency find the returned nomination in its
// work with the reason, change the cost and send it again; the council
// then sees what changed since the last round.
func reviseAndResubmit(t *testing.T, ag, hd *browser, id string) {
	t.Helper()
	todo := ag.get(t, "/queue").expect(t, http.StatusOK)
	if row := findRow(todo, "Quản trị bệnh viện công"); !strings.Contains(strings.Join(row, " "), "Lý do trả lại: Thiếu bản cam kết.") {
		t.Errorf("the agency's work shows %q, want the returned item with its reason", row)
	}
	edit := ag.get(t, "/nominations/"+id+"/edit").expect(t, http.StatusOK)
	ag.submit(t, edit, "form[action=\"/nominations/"+id+"/edit\"]", url.Values{"cost_estimate_vnd": {"21000000"}}).redirect(t)
	p := act(t, ag, id, "resubmit", "Đã bổ sung bản cam kết.", "Đã gửi, chờ xét")
	if !strings.Contains(facts(p)["Trạng thái"], "lần gửi thứ 2") {
		t.Errorf("status %q, want the second round", facts(p)["Trạng thái"])
	}
	changes := hd.get(t, "/nominations/"+id).expect(t, http.StatusOK).rows("main")
	if !slices.ContainsFunc(changes, func(r []string) bool {
		return slices.Equal(r, []string{"Dự toán kinh phí", "18.500.000 ₫", "21.000.000 ₫"})
	}) {
		t.Errorf("the council sees changes %q, want the cost from 18.500.000 ₫ to 21.000.000 ₫", changes)
	}
}

// act posts the action form of nomination id from its page and checks
// the status it leads to.
func act(t *testing.T, b *browser, id, action, reason, status string) page {
	t.Helper()
	p := b.get(t, "/nominations/"+id).expect(t, http.StatusOK)
	r := b.submit(t, p, "form[action=\"/nominations/"+id+"/"+action+"\"]", url.Values{"reason": {reason}})
	// An approval that passes a stage of the chain says so ("passed").
	if got := r.redirect(t).Query().Get("ok"); got != action && (action != "approve" || got != "passed") {
		t.Errorf("%s: notice key %q, want %q", action, got, action)
	}
	p = b.follow(t, r).expect(t, http.StatusOK)
	if got := facts(p)["Trạng thái"]; !strings.HasPrefix(got, status) {
		t.Errorf("after %s: status %q, want %q", action, got, status)
	}
	if p.notice() == "" {
		t.Errorf("after %s: no confirmation", action)
	}
	return p
}

// findRow returns the cells of the first table row whose text has s.
func findRow(p page, s string) []string {
	for _, tr := range p.all("tbody tr") {
		if strings.Contains(textOf(tr), s) {
			return texts(all(tr, "td"))
		}
	}
	return nil
}

func TestWebNominationInvalid(t *testing.T) {
	w := newWebWorld(t)
	b := w.as["soyte"]
	form := b.get(t, "/nominations/new").expect(t, http.StatusOK)
	before := w.lastSeq(t)
	p := b.submit(t, form, "form[action=/nominations]", url.Values{"official_id": {w.yteOfficial}, "title": {""},
		"start_date": {"2026-05-10"}, "end_date": {"2026-05-01"}})
	wantInvalid(t, p, map[string]string{"title": "Cần tên khóa học", "end_date": "Ngày kết thúc không được trước ngày bắt đầu."},
		"official_id", "start_date", "content_code", "cost_estimate_vnd")
	if got := formValues(p.one(t, "form[action=/nominations]")).Get("official_id"); got != w.yteOfficial {
		t.Errorf("official re-rendered as %q, want the one chosen", got)
	}
	if w.lastSeq(t) != before {
		t.Errorf("an invalid nomination appended to the log")
	}
	none := b.submit(t, form, "form[action=/nominations]", url.Values{"official_id": {""}, "title": {"Khóa A"},
		"start_date": {"2026-05-01"}, "end_date": {"2026-05-10"}})
	wantInvalid(t, none, map[string]string{"official_id": "Hãy chọn cán bộ được cử."}, "title")
	edit := b.get(t, "/nominations/"+w.draft+"/edit").expect(t, http.StatusOK)
	bad := b.submit(t, edit, "form[action=\"/nominations/"+w.draft+"/edit\"]", url.Values{"start_date": {"không phải ngày"}})
	wantInvalid(t, bad, map[string]string{"start_date": "dd/mm/yyyy"}, "title", "end_date")
	if w.lastSeq(t) != before {
		t.Errorf("an invalid form appended to the log")
	}
}

// TestWebBulkDecide: the council selects several items in its queue and
// decides them at once, each through the rules of a single decision, with
// a result per item.
func TestWebBulkDecide(t *testing.T) {
	w := newWebWorld(t)
	hd := w.as["hoidong"]
	// Each of these three is approved below: each has an official of its
	// own, or the approvals would book one official twice for one period.
	w.clock.Advance(time.Hour)
	second := w.nomination(t, w.yte, nominationBody(w.official(t, w.yte, officialBody("so_y_te"))))
	w.act(t, second, "submit").want(t, http.StatusOK)
	w.act(t, second, "approve").want(t, http.StatusOK) // Sở Nội vụ passes it on to the council
	w.clock.Advance(time.Hour)
	decided := w.nomination(t, w.yte, nominationBody(w.official(t, w.yte, officialBody("so_y_te"))))
	w.act(t, decided, "submit").want(t, http.StatusOK)
	w.approveAll(t, decided).want(t, http.StatusOK)
	queue := hd.get(t, "/queue").expect(t, http.StatusOK)
	var ids []string
	for _, cb := range queue.all("form#bulk input[name=ids]") {
		ids = append(ids, attr(cb, "value"))
	}
	if !slices.Equal(ids, []string{w.submitted, second}) {
		t.Fatalf("queue %q, want the two submitted ones, oldest first", ids)
	}
	if got := column(queue.rows("form#bulk"), 6); !slices.Equal(got, []string{"02/06/2025 08:00", "02/06/2025 09:00"}) {
		t.Errorf("submitted at %q", got)
	}
	t.Run("refused", func(t *testing.T) { bulkRefused(t, w, queue, second) })

	before := w.lastSeq(t)
	p := hd.submit(t, queue, "form#bulk", url.Values{"ids": {w.submitted, decided, second, "khong-co-ho-so"}, "action": {"approve"}})
	p.expect(t, http.StatusOK)
	checkHygiene(t, p)
	wantResults(t, p, []string{"result-ok " + w.submitted, "result-bad " + decided, "result-ok " + second, "result-bad khong-co-ho-so"})
	msgs := texts(p.all("main section li"))
	if len(msgs) == 4 && (!strings.HasSuffix(msgs[0], "Đã thực hiện.") || !strings.Contains(msgs[1], "Đã phê duyệt") || !strings.Contains(msgs[3], "Không tìm thấy")) {
		t.Errorf("messages %q", msgs)
	}
	if w.lastSeq(t) != before+4 {
		t.Errorf("bulk approval appended %d events, want 4 (two approvals, each with its booking)", w.lastSeq(t)-before)
	}
	if n := len(p.all("form#bulk input[name=ids]")); n != 0 {
		t.Errorf("the queue still lists %d items after approving all", n)
	}
	p.wantText(t, "main .hint", "Không có hồ sơ nào đang chờ xét")
}

// bulkRefused posts bulk decisions that must change nothing.
func bulkRefused(t *testing.T, w *webWorld, queue page, id string) {
	t.Helper()
	hd := w.as["hoidong"]
	before := w.lastSeq(t)
	p := hd.submit(t, queue, "form#bulk", url.Values{"ids": {w.submitted, id}, "action": {"return"}}).expect(t, http.StatusOK)
	if got := texts(p.all("li.result-bad")); len(got) != 2 || !strings.HasSuffix(got[0], "Cần nêu lý do.") {
		t.Errorf("return without a reason: results %q, want two failures asking for a reason", got)
	}
	p = hd.submit(t, queue, "form#bulk", url.Values{"action": {"approve"}}).expect(t, http.StatusBadRequest)
	if p.errorMessage() != "Hãy chọn từ 1 đến 200 hồ sơ." {
		t.Errorf("nothing selected: message %q", p.errorMessage())
	}
	p = hd.submit(t, queue, "form#bulk", url.Values{"ids": {id}, "action": {"withdraw"}}).expect(t, http.StatusBadRequest)
	if p.errorMessage() == "" {
		t.Errorf("unknown action: no message")
	}
	if w.lastSeq(t) != before {
		t.Errorf("refused bulk decisions appended to the log")
	}
}

// wantResults checks the per-item results of a bulk decision: each is
// its class and the id it links to.
func wantResults(t *testing.T, p page, want []string) {
	t.Helper()
	if got := p.text("main section h2"); got != "Kết quả xử lý "+strconv.Itoa(len(want))+" hồ sơ" {
		t.Errorf("results heading %q", got)
	}
	var got []string
	for _, li := range p.all("main section li") {
		got = append(got, attr(li, "class")+" "+strings.TrimPrefix(attr(first(li, "a"), "href"), "/nominations/"))
	}
	if !slices.Equal(got, want) {
		t.Errorf("results %q, want %q", got, want)
	}
}
