package e2e_test

import (
	"testing"

	"daotao/domain"
)

// The yearly planning cycle in a real browser: Sở Nội vụ opens the round
// for 2027, Sở Y tế submits its needs, Sở Nội vụ drafts the plan from
// pasted lines and sees its check against the Đề án, the council agrees
// and the province approves; the browser reports no CSP violation.
func TestPlanningInBrowser(t *testing.T) {
	chromium := findChromium(t)
	srv, base := server(t)
	addUser(t, srv, "sonoivu", domain.RoleHomeAffairs, "")
	addUser(t, srv, "soyte", domain.RoleAgency, "so_y_te")
	addUser(t, srv, "hoidong", domain.RoleCouncil, "")
	addUser(t, srv, "ubndtinh", domain.RoleProvince, "")
	b := browse(t, chromium, base)

	b.login("sonoivu", "Hàng đợi xử lý")
	b.click("nav.main a[href='/plans']", "form[action='/plans']")
	b.typeIn("#year", "2027", "#needs_due", "31/12/2026")
	b.click("form[action='/plans'] button[type=submit]", "#plan-status")
	b.see("#plan-status", "Đang nhận nhu cầu")
	b.logout()

	b.login("soyte", "Việc cần làm")
	b.open("/needs/2027/so_y_te", "form[action='/needs/2027/so_y_te']")
	b.choose("#lines", "C.1; class; 3; cbcc; 12\nC.2; delegation_abroad; 2; cbcc; 2")
	b.typeIn("#justification", "Lãnh đạo bệnh viện tuyến tỉnh")
	b.click("form[action='/needs/2027/so_y_te'] button[type=submit]", "main section.card")
	b.see("main section.card", "Phiên bản 1", "Lãnh đạo bệnh viện tuyến tỉnh")
	b.viewShot("planning-needs", "")
	b.logout()

	b.login("sonoivu", "Hàng đợi xử lý")
	b.open("/plans/2027", "form[action='/plans/2027/versions']")
	b.choose("#lines", "; class; C.1; Quản trị bệnh viện; so_y_te; 2; so_y_te:10; 300.000.000;;;tap_trung\n"+
		"; delegation_abroad; C.2; Đoàn học tập tại Singapore; so_y_te; 3; so_y_te:2; 900.000.000; Singapore; 1;")
	b.click("form[action='/plans/2027/versions'] button[type=submit]", "table#lines")
	b.see("table#lines", "Quản trị bệnh viện", "Đoàn bồi dưỡng ở nước ngoài (Singapore)", "300.000.000 ₫")
	b.see("table#uncovered", "Sở Y tế", "C.1 — Lớp bồi dưỡng", "12", "10")
	b.viewShot("planning-plan", "#findings")
	// Opened again, without the draft's confirmation, so that the next
	// one shows the submission has landed.
	b.open("/plans/2027", "form[action='/plans/2027/submit']")
	b.click("form[action='/plans/2027/submit'] button[type=submit]", "main .notice")
	b.see("#plan-status", "Chờ Hội đồng xem xét")
	b.logout()

	b.login("hoidong", "Hàng đợi xử lý")
	b.open("/plans/2027", "form[action='/plans/2027/agree']")
	b.click("form[action='/plans/2027/agree'] button[type=submit]", "main .notice")
	b.see("#plan-status", "Chờ UBND tỉnh phê duyệt")
	b.logout()

	b.login("ubndtinh", "Chương trình bồi dưỡng")
	b.click("nav.main a[href='/plans']", "table#plans")
	b.click("table#plans a[href='/plans/2027']", "form[action='/plans/2027/approve']")
	b.typeIn("#decision_no", "2345/QĐ-UBND", "#decision_date", "20/12/2026")
	b.click("form[action='/plans/2027/approve'] button[type=submit]", "main .notice")
	b.see("#plan-status", "Đã phê duyệt")
	b.see("main dl.facts", "2345/QĐ-UBND", "20/12/2026")
	b.viewShot("planning-approved", "#history")
	b.checkConsole()
}
