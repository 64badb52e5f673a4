package e2e_test

import (
	"sync/atomic"
	"testing"
	"time"

	"daotao/domain"
)

// The interim review in a real browser: with the roster recorded, two days
// go by; Sở Nội vụ opens a sơ kết whose period ends on the day the roster
// was recorded, reads its reports as of the cut-off, seals it, prints the
// one-page summary with the root hash, and checks the seal again.
func TestReviewInBrowser(t *testing.T) {
	chromium := findChromium(t)
	var ahead atomic.Int64 // how far the application's clock is ahead of the real one
	srv, base := serverWithClock(t, func() time.Time { return time.Now().Add(time.Duration(ahead.Load())) })
	addUser(t, srv, "soyte", domain.RoleAgency, "so_y_te")
	addUser(t, srv, "sonoivu", domain.RoleHomeAffairs, "")
	seedOfficials(t, base, "soyte", programmeRoster)
	recorded := time.Now().In(domain.Zone)
	ahead.Store(int64(48 * time.Hour))
	b := browse(t, chromium, base)

	b.login("sonoivu", "Hàng đợi xử lý")
	b.click("nav.main a[href='/reviews']", "form[action='/reviews']")
	b.see("main h1", "Sơ kết, tổng kết Đề án")
	b.choose("#kind", "so_ket")
	b.typeIn("#title", "Sơ kết thực hiện Đề án (thử)", "#period_from", "27/09/2024", "#period_to", recorded.Format("02/01/2006"))
	b.click("form[action='/reviews'] button[type=submit]", "form[action$='/seal']")
	b.see("main h1", "Sơ kết", "Sơ kết thực hiện Đề án (thử)")
	b.see("main section.report", "SHA-256")
	b.click("form[action$='/seal'] button[type=submit]", "a[href$='/summary']")
	b.see("main dl.facts", "Đã niêm phong", "Mã băm gốc")
	root := b.text("main dl.facts code.hash")
	if len(root) != 64 {
		t.Fatalf("root hash %q", root)
	}
	b.viewShot("review-sealed", "")
	b.click("a[href$='/summary']", "p.root code.hash")
	b.see("p.root", root)
	b.see("pre.commands", "daotao verify", "--expect-root "+root)
	b.viewShot("review-summary", "")
	b.open("/reviews", "table.reviews")
	b.click("table.reviews a", "a[href$='/verification']")
	b.click("a[href$='/verification']", "p.result-ok")
	b.see("p.result-ok", "Khớp")
	b.checkConsole()
}
