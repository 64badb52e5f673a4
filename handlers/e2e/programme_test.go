package e2e_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"daotao/domain"
)

// The "Dữ liệu Đề án" pages in a real browser: an agency officer reads the
// targets, the catalogue, her quotas and the baseline, and picks another
// date; Sở Nội vụ sees the versions and the publication form.
func TestProgrammeInBrowser(t *testing.T) {
	chromium := findChromium(t)
	srv, base := server(t)
	addUser(t, srv, "soyte", domain.RoleAgency, "so_y_te")
	addUser(t, srv, "sonoivu", domain.RoleHomeAffairs, "")
	seedOfficials(t, base, "soyte", programmeRoster)
	b := browse(t, chromium, base)

	b.login("soyte", "Việc cần làm")
	b.click("nav.main a[href='/programme/targets']", "progress")
	b.see("main h1", "Mục tiêu của Đề án")
	b.see("#target-boi_duong_2026", "Đã đạt 0 / 2 người", "Cần đạt", "Căn cứ tính")
	b.viewShot("programme-targets", "")

	b.click("nav.subnav a[href='/programme/catalogue']", "#field-A")
	b.see(`tr[id="content-B.2"]`, "Các Sở, ban, ngành", "Tối thiểu 1 lớp tập trung hoặc trực tuyến / nội dung / năm")
	b.viewShot("programme-catalogue", "")

	b.click("nav.subnav a[href='/programme/quotas']", "table.quotas")
	b.see("table.quotas tbody tr:first-child", "Sở Y tế", "Cơ quan của bạn")
	b.see("table.quotas tfoot", "174")
	b.viewShot("programme-quotas", "")
	b.do("phone size", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	b.viewShot("programme-quotas-phone", "")
	b.do("laptop size", chromedp.EmulateViewport(1366, 768))

	b.click("nav.subnav a[href='/programme/baseline']", "#table-4 td.inconsistent")
	b.see("#issues h2", "18")
	b.viewShot("programme-baseline", "#table-4")

	b.typeIn("#as_of", "01/01/2024")
	b.click("form.asof button[type=submit]", "main .error")
	b.see("main .error", "01/01/2024", "27/09/2024")
	b.logout()

	b.login("sonoivu", "Hàng đợi xử lý")
	b.click("nav.main a[href='/programme/targets']", "nav.subnav")
	b.click("nav.subnav a[href='/programme/reference']", "form[enctype='multipart/form-data']")
	b.see("table.versions tbody", "Đang áp dụng")
	b.viewShot("programme-reference", "")
	b.checkConsole()
}

// programmeRoster puts 6 officials of Sở Y tế on the roster, so that the
// targets count people.
var programmeRoster = []map[string]any{
	programmeOfficial("Lê Văn Hùng", 1, "tien_si"), programmeOfficial("Phạm Thị Mai", 2, "thac_si"),
	programmeOfficial("Đặng Thu Trang", 3, "thac_si"), programmeOfficial("Huỳnh Quốc Bảo", 3, "dai_hoc"),
	programmeOfficial("Võ Minh Tuấn", 3, "dai_hoc"), programmeOfficial("Trần Thị Hạnh", 3, "dai_hoc"),
}

func programmeOfficial(name string, group int, qual string) map[string]any {
	return map[string]any{"full_name": name, "agency_code": "so_y_te", "group": group, "category": "cbcc",
		"birth_date": "1978-03-15", "gender": "nu", "service_start": "2004-08-01", "qualification": qual, "field": "y_te"}
}

// viewShot saves what the window shows as name.png, after scrolling sel
// (when given) into view: these pages are long, and a whole-page picture
// would be megabytes.
func (b *tab) viewShot(name, sel string) {
	b.t.Helper()
	if sel != "" {
		b.do("scroll to "+sel, chromedp.ScrollIntoView(chromedp.CSS(sel)))
	}
	png, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	for _, d := range b.shots {
		if err := os.WriteFile(filepath.Join(d, name+".png"), png, 0o644); err != nil {
			b.t.Fatalf("save screenshot: %v", err)
		}
	}
}
