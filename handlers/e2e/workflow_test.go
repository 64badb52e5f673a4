package e2e_test

import (
	"path"
	"slices"
	"strings"
	"testing"

	"daotao/domain"
)

// The scenario of issue 3: an agency officer registers an official and
// nominates her three times; Sở Nội vụ passes all three on to the council
// (issue 5: the approval chain); the council returns one with a reason and
// approves the others in bulk; the agency revises and resubmits; the
// auditor reads the timeline. Each later issue adds its own steps.
func TestWorkflowInBrowser(t *testing.T) {
	chromium := findChromium(t)
	srv, base := server(t)
	addUser(t, srv, "soyte", domain.RoleAgency, "so_y_te")
	addUser(t, srv, "hoidong", domain.RoleCouncil, "")
	addUser(t, srv, "sonoivu", domain.RoleHomeAffairs, "")
	addUser(t, srv, "kiemtra", domain.RoleAuditor, "")
	seedOfficials(t, base, "soyte", roster)
	b := browse(t, chromium, base)

	b.open("/login", "form[action='/login']")
	b.see("main h1", "Đăng nhập")
	b.screenshot("login")
	b.login("soyte", "Việc cần làm")
	official := registerOfficial(b)
	var ids []string
	for i, n := range nominations {
		ids = append(ids, nominate(b, official, n, i == 0))
	}
	b.logout()

	b.login("sonoivu", "Hàng đợi xử lý")
	check(b, ids)
	b.logout()

	b.login("hoidong", "Hàng đợi xử lý")
	decide(b, ids)
	b.logout()

	b.login("soyte", "Việc cần làm")
	resubmit(b, ids[0])
	b.logout()

	b.login("kiemtra", "Kiểm tra lịch sử hồ sơ")
	timeline(b, ids[0])
	b.checkConsole()
}

// roster is the rest of Sở Y tế's officials, registered through the API.
var roster = []map[string]any{
	official("Lê Văn Hùng", 1, "1970-02-14", "nam", "tien_si"),
	official("Phạm Thị Mai", 2, "1976-07-30", "nu", "thac_si"),
	official("Đặng Thu Trang", 3, "1984-11-03", "nu", "thac_si"),
	official("Huỳnh Quốc Bảo", 3, "1982-05-21", "nam", "dai_hoc"),
	official("Võ Minh Tuấn", 4, "1988-09-09", "nam", "dai_hoc"),
}

func official(name string, group int, born, gender, qual string) map[string]any {
	return map[string]any{"full_name": name, "agency_code": "so_y_te", "group": group, "category": "cbcc",
		"birth_date": born, "gender": gender, "service_start": "2010-08-01", "qualification": qual, "field": "y_te"}
}

// registerOfficial registers Nguyễn Thị Hoa through the form and returns
// the path of her page.
func registerOfficial(b *tab) string {
	b.t.Helper()
	b.click("nav.main a[href='/officials']", "#officials-list")
	b.see("main h1", "Danh sách cán bộ, công chức, viên chức")
	b.click("a[href='/officials/new']", "form[action='/officials']")
	b.see("main h1", "Đăng ký cán bộ lãnh đạo, quản lý")
	b.see("form[action='/officials'] p.muted", "Sở Y tế")
	b.typeIn("#full_name", "Nguyễn Thị Hoa")
	b.choose("#group", "3", "#category", "vc", "#birth_date", "1985-04-12", "#gender", "nu",
		"#service_start", "2009-09-01", "#qualification", "thac_si", "#field", "y_te")
	b.click("#in_planning_pool", "#in_planning_pool") // the programme nominates officials in the planning pool
	b.click("form[action='/officials'] button[type=submit]", "dl.facts")
	b.see("main .notice", "Đã đăng ký cán bộ.")
	b.see("main h1", "Nguyễn Thị Hoa")
	b.see("dl.facts", "Sở Y tế", "12/04/1985", "01/09/2009", "Viên chức", "Nhóm 3")
	page := b.path()
	b.click("nav.main a[href='/officials']", "#officials-list")
	if rows := b.texts("#officials-list tbody tr"); len(rows) != len(roster)+1 {
		b.t.Errorf("the roster has %d rows, want %d", len(rows), len(roster)+1)
	}
	b.see("#officials-list", "Nguyễn Thị Hoa", "12/04/1985", "Thạc sĩ, BS CKI")
	b.screenshot("officials")
	return page
}

type nomination struct{ title, content, start, end, cost, shown string }

// nominations are the three the agency makes; the council returns the
// first and approves the others.
var nominations = []nomination{
	{"Quản lý bệnh viện hiện đại", "C.1", "2027-03-01", "2027-03-12", "25000000", "25.000.000 ₫"},
	{"Quản trị tài chính công trong y tế", "A.2", "2027-04-05", "2027-04-16", "18500000", "18.500.000 ₫"},
	{"Lãnh đạo chuyển đổi số ngành y tế", "B.3", "2027-05-10", "2027-05-21", "21000000", "21.000.000 ₫"},
}

// nominate drafts n from the official's page, submits it and returns its
// id. The first time it also takes the screenshots of the form and page.
func nominate(b *tab, official string, n nomination, shoot bool) string {
	b.t.Helper()
	b.open(official, "dl.facts")
	b.click("a[href^='/nominations/new']", "form[action='/nominations']")
	b.see("main h1", "Lập hồ sơ cử đi đào tạo, bồi dưỡng")
	if got := b.value("#official_id"); got != path.Base(official) {
		b.t.Errorf("the form from the official's page preselects %q, want %q", got, path.Base(official))
	}
	b.see("#eligibility", "Đủ điều kiện", "nd101-2017/vc") // the rules in force, shown as the form is filled
	b.typeIn("#title", n.title, "#cost_estimate_vnd", n.cost)
	b.choose("#content_code", n.content, "#start_date", n.start, "#end_date", n.end)
	if shoot {
		b.screenshot("nomination-form")
	}
	b.click("form[action='/nominations'] button[type=submit]", "dl.facts .badge.draft")
	b.see("main .notice", "Đã lập hồ sơ")
	b.see("dl.facts", "Bản nháp", n.shown, dmy(n.start)+" – "+dmy(n.end), n.content)
	b.click("form[action$='/submit'] button", "dl.facts .badge.submitted")
	b.see("main .notice", "Đã gửi hồ sơ; hồ sơ chờ Sở Nội vụ thẩm định.")
	b.see("main h1", n.title)
	b.see("dl.facts", "Đã gửi, chờ xét", "Sở Nội vụ thẩm định")
	b.see("#chain", "Sở Nội vụ thẩm định", "Hội đồng xét duyệt")
	if shoot {
		b.screenshot("nomination")
	}
	return path.Base(b.path())
}

// dmy turns 2027-03-01 into 01/03/2027.
func dmy(iso string) string {
	p := strings.Split(iso, "-")
	return p[2] + "/" + p[1] + "/" + p[0]
}

// check has Sở Nội vụ open the first nomination's page, then pass all
// three on to the council from its queue.
func check(b *tab, ids []string) {
	b.t.Helper()
	b.click("nav.main a[href='/queue']", "form#bulk")
	if rows := b.texts("form#bulk tbody tr"); len(rows) != 3 {
		b.t.Fatalf("Sở Nội vụ's queue has %d items, want 3: %q", len(rows), rows)
	}
	b.see("#queue-stage", "Sở Nội vụ thẩm định")
	b.click("#select-all", "#pick-"+ids[0]+":checked")
	b.choose("#action", "approve")
	b.click("form#bulk button[type=submit]", "main section h2")
	b.see("main section h2", "Kết quả xử lý 3 hồ sơ")
	if ok := b.texts("main section li.result-ok"); len(ok) != 3 {
		b.t.Errorf("bulk results %q, want three passed on", ok)
	}
	b.open("/nominations/"+ids[0], "#chain")
	b.see("dl.facts", "Hội đồng xét duyệt")
	b.see("#steps", "sonoivu", "Phê duyệt, chuyển bước")
}

// decide has the council return the first nomination with a reason, from
// its page, and approve the other two together from the queue.
func decide(b *tab, ids []string) {
	b.t.Helper()
	if rows := b.texts("form#bulk tbody tr"); len(rows) != 3 {
		b.t.Fatalf("the council's queue has %d items, want 3: %q", len(rows), rows)
	}
	b.see("form#bulk", nominations[0].title, "Nguyễn Thị Hoa", "Sở Y tế", "Bồi dưỡng chuyên sâu")
	b.screenshot("queue")
	b.phoneScreenshot("queue-phone")

	b.click("form#bulk a[href='/nominations/"+ids[0]+"']", "#return-reason")
	b.see("main h1", nominations[0].title)
	b.typeIn("#return-reason", reason)
	b.click("form[action$='/return'] button", "dl.facts .badge.returned")
	b.see("main .notice", "Đã trả lại hồ sơ để bổ sung.")
	b.see("dl.facts", "Trả lại để bổ sung", "Lý do trả lại", reason)

	b.click("nav.main a[href='/queue']", "form#bulk")
	if rows := b.texts("form#bulk tbody tr"); len(rows) != 2 {
		b.t.Fatalf("after the return the queue has %d items, want 2: %q", len(rows), rows)
	}
	b.click("#pick-"+ids[1], "#pick-"+ids[1]+":checked")
	b.click("#pick-"+ids[2], "#pick-"+ids[2]+":checked")
	b.choose("#action", "approve")
	b.click("form#bulk button[type=submit]", "main section h2")
	b.see("main section h2", "Kết quả xử lý 2 hồ sơ")
	results := b.texts("main section li.result-ok")
	if len(results) != 2 || !strings.Contains(results[0], nominations[1].title) || !strings.Contains(results[1], nominations[2].title) ||
		!strings.HasSuffix(results[0], "Đã thực hiện.") {
		b.t.Errorf("bulk results %q, want both approved", results)
	}
	if bad := b.texts("main section li.result-bad"); len(bad) != 0 {
		b.t.Errorf("bulk failures %q", bad)
	}
	b.see("main .hint", "Không có hồ sơ nào đang chờ xét")
	b.screenshot("bulk-result")
}

const reason = "Thiếu bản cam kết phục vụ sau đào tạo."

// resubmit has the agency find the returned nomination in its work with
// the reason, revise it and send it again.
func resubmit(b *tab, id string) {
	b.t.Helper()
	row := b.text("main tbody tr")
	if !strings.Contains(row, nominations[0].title) || !strings.Contains(row, reason) || !strings.Contains(row, "Trả lại để bổ sung") {
		b.t.Errorf("the agency's work shows %q, want the returned nomination with its reason", row)
	}
	if rows := b.texts("main tbody tr"); len(rows) != 1 {
		b.t.Errorf("the agency's work has %d items, want only the returned one: %q", len(rows), rows)
	}
	b.screenshot("returned")
	b.click("main a[href='/nominations/"+id+"']", "dl.facts .badge.returned")
	b.see("dl.facts", reason)
	b.click("a[href='/nominations/"+id+"/edit']", "form[action='/nominations/"+id+"/edit']")
	b.see("main h1", "Sửa hồ sơ")
	b.typeIn("#cost_estimate_vnd", "27000000")
	b.click("form[method=post][action='/nominations/"+id+"/edit'] button[type=submit]", "dl.facts")
	b.see("main .notice", "Đã lưu thay đổi.")
	b.see("dl.facts", "27.000.000 ₫")
	b.typeIn("#resubmit-reason", "Đã bổ sung bản cam kết.")
	b.click("form[action$='/resubmit'] button", "dl.facts .badge.submitted")
	b.see("main .notice", "Đã gửi lại hồ sơ.")
	b.see("dl.facts", "Đã gửi, chờ xét", "lần gửi thứ 2")
	b.see("main table", "Dự toán kinh phí", "25.000.000 ₫", "27.000.000 ₫")
}

// timeline has the auditor open the nomination's event timeline.
func timeline(b *tab, id string) {
	b.t.Helper()
	b.click("a[href='/audit/nominations/"+id+"']", "ol.timeline")
	b.see("main h1", "Lịch sử hồ sơ: "+nominations[0].title)
	got := b.texts("ol.timeline li strong")
	want := []string{"Lập hồ sơ", "Gửi hồ sơ", "Chuyển bước tiếp theo", "Trả lại để bổ sung", "Sửa hồ sơ", "Gửi lại hồ sơ"}
	if !slices.Equal(got, want) {
		b.t.Errorf("timeline %q, want %q", got, want)
	}
	b.see("ol.timeline", "soyte", "sonoivu", "hoidong", "Hội đồng đào tạo, bồi dưỡng", "Sở Y tế")
	b.screenshot("timeline")
}
