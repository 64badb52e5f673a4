package e2e_test

import (
	"testing"

	"daotao/domain"
)

// The dashboard and the reports in a real browser: Sở Nội vụ reads the
// targets' charts, goes from a chart to its report (with its downloads),
// then looks at the past with the as-of selector (01/01/2024: before
// anything was recorded), moves around in it and comes back to the
// present; the browser reports no CSP violation.
func TestReportsInBrowser(t *testing.T) {
	chromium := findChromium(t)
	srv, base := server(t)
	addUser(t, srv, "soyte", domain.RoleAgency, "so_y_te")
	addUser(t, srv, "sonoivu", domain.RoleHomeAffairs, "")
	seedOfficials(t, base, "soyte", programmeRoster)
	b := browse(t, chromium, base)

	b.login("sonoivu", "Hàng đợi xử lý")
	b.click("nav.main a[href='/dashboard']", "figure.chart svg")
	b.see("main h1", "Bảng điều khiển mục tiêu")
	b.see("#target-boi_duong_2026", "6", "2", "0")
	b.viewShot("dashboard", "#chart-groups")
	b.viewShot("dashboard-trends", "#chart-cumulative")
	b.click("#chart-targets figcaption a", "table#report-table")
	b.see("main h1", "Mục tiêu của Đề án: số người còn thiếu")
	b.see(".report-actions", "Tải CSV", "Tải XLSX")
	b.viewShot("report-target-gaps", "")

	b.typeIn("#asof-input", "01/01/2024")
	b.click("form.asof-select button[type=submit]", ".asof-banner")
	b.see(".asof-banner", "Đang xem dữ liệu quá khứ", "01/01/2024")
	b.click("nav.main a[href^='/dashboard']", "figure.chart svg")
	b.see(".asof-banner", "Đang xem dữ liệu quá khứ")
	if rows := b.texts("#targets-summary tbody tr"); len(rows) != 0 {
		t.Errorf("on 01/01/2024, before the reference data, the dashboard shows targets %q", rows)
	}
	b.see("main .hint", "Chưa có dữ liệu Đề án có hiệu lực vào ngày")
	b.viewShot("dashboard-past", "")
	b.click(".asof-banner a[data-asof=live]", "figure.chart svg")
	if got := b.texts(".asof-banner"); len(got) != 0 {
		t.Errorf("back to the present, the banner still reads %q", got)
	}
	b.see("#target-boi_duong_2026", "6")
	b.checkConsole()
}
