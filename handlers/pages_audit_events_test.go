package handlers_test

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"daotao/events"
)

// eventSeqs returns the sequence column of the event browser's rows.
func eventSeqs(t *testing.T, p page) []uint64 {
	t.Helper()
	var out []uint64
	for _, r := range p.rows("#event-list") {
		n, err := strconv.ParseUint(r[0], 10, 64)
		if err != nil {
			t.Fatalf("%s: row %q has no sequence", p.req, r)
		}
		out = append(out, n)
	}
	return out
}

func checkEventsPage(t *testing.T, w *webWorld, _ string, p page) {
	wantH1(t, p, "Nhật ký sự kiện")
	seqs := eventSeqs(t, p)
	if len(seqs) == 0 || len(seqs) > 50 || seqs[0] != w.lastSeq(t) {
		t.Errorf("%s: seqs %v, want up to 50 from the newest (%d)", p.req, seqs, w.lastSeq(t))
	}
	if !slices.IsSortedFunc(seqs, func(a, b uint64) int { return int(b) - int(a) }) {
		t.Errorf("%s: seqs %v, want newest first", p.req, seqs)
	}
	options := p.all("select#ev-type option")
	if len(options) != len(events.Types())+1 {
		t.Errorf("%s: %d type options, want every type of the catalogue and Tất cả", p.req, len(options))
	}
	for _, o := range options[1:] {
		if attr(o, "value") == textOf(o) {
			t.Errorf("%s: type %s has no Vietnamese label", p.req, attr(o, "value"))
		}
	}
	if strings.Contains(string(p.raw), "$argon2id$") {
		t.Errorf("%s: the page shows a password hash", p.req)
	}
}

// TestWebEventBrowser: the auditor goes from the Kiểm tra page to the event
// browser, filters it, pages back through it, and reads the rows.
func TestWebEventBrowser(t *testing.T) {
	w := newWebWorld(t)
	b := w.as["kiemtra"]
	audit := b.get(t, "/audit").expect(t, http.StatusOK)
	newest := b.get(t, attr(audit.one(t, "main a[href=/audit/events]"), "href")).expect(t, http.StatusOK)

	t.Run("secrets", func(t *testing.T) {
		for _, tr := range newest.all("#event-list tbody tr") {
			row := texts(all(tr, "td"))
			if row[2] == "Tạo tài khoản" && !strings.Contains(textOf(first(tr, "pre")), `"password_hash": "[đã ẩn]"`) {
				t.Errorf("user.created row %q does not show its password hash as hidden", row)
			}
			if row[2] == "Đăng nhập" && !strings.Contains(textOf(first(tr, "pre")), `"token_sha256": "[đã ẩn]"`) {
				t.Errorf("session.opened row %q does not show its token hash as hidden", row)
			}
		}
	})

	t.Run("nominations", func(t *testing.T) {
		p := b.get(t, "/audit/events?aggregate=nomination").expect(t, http.StatusOK)
		checkHygiene(t, p)
		// The draft's creation; the other's creation, submission and Sở Nội
		// vụ's passing it on to the council.
		rows := wantRows(t, p, "#event-list", 4)
		for i, r := range rows {
			actor := "soyte · Cán bộ tổ chức cơ quan, đơn vị · Sở Y tế"
			if i == 0 {
				actor = "sonoivu · Sở Nội vụ"
			}
			if r[1] != "02/06/2025 08:00" || r[3] != actor || r[4] != "Hồ sơ: Quản lý bệnh viện hiện đại" {
				t.Errorf("row %d = %q, want time, actor with role and agency, and the course", i, r)
			}
		}
		if got := column(rows, 2); !slices.Equal(got, []string{"Chuyển bước tiếp theo", "Gửi hồ sơ", "Lập hồ sơ", "Lập hồ sơ"}) {
			t.Errorf("events %q, want the stage passed, the submission, then the two creations", got)
		}
		if links := p.hrefs("#event-list td a"); !slices.Contains(links, "/audit/nominations/"+w.submitted) || !slices.Contains(links, "/audit/nominations/"+w.draft) {
			t.Errorf("subject links %q, want both nominations' timelines", links)
		}
		if got := formValues(p.one(t, "form[action=/audit/events]")).Get("aggregate"); got != "nomination" {
			t.Errorf("the filter form shows aggregate %q, want the one in use", got)
		}
	})

	t.Run("bad date", func(t *testing.T) {
		p := b.get(t, "/audit/events?from=31/02/2025&to=01/03/2025")
		wantInvalid(t, p, map[string]string{"ev-from": "dd/mm/yyyy"}, "ev-to", "ev-actor")
		if len(p.all("#event-list")) != 0 {
			t.Errorf("a refused filter still lists events")
		}
	})

	t.Run("pages", func(t *testing.T) {
		appendNoise(t, w.app, 70)
		want := w.logSeqs(t, func(events.Recorded) bool { return true })
		var got []uint64
		p := b.get(t, "/audit/events").expect(t, http.StatusOK)
		for range 10 {
			got = append(got, eventSeqs(t, p)...)
			older := p.hrefs("main .pager a[rel=next]")
			if len(older) == 0 {
				break
			}
			p = b.get(t, older[0]).expect(t, http.StatusOK)
			if len(p.hrefs("main .pager a[href=\"/audit/events?\"]")) != 1 {
				t.Errorf("%s: no link back to the newest events", p.req)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("pages gave %v, want every event once, newest first: %v", got, want)
		}
	})

	t.Run("scan bound", func(t *testing.T) {
		appendNoise(t, w.app, 5000)
		p := b.get(t, "/audit/events?aggregate=nomination").expect(t, http.StatusOK)
		wantRows(t, p, "#event-list", 0)
		p.wantText(t, "main #no-events", "Không có sự kiện nào khớp bộ lọc trong 5.000 sự kiện đã xem")
		bound := w.lastSeq(t) - 4999
		p.wantText(t, "main .pager", "Đã xem đến sự kiện số "+strconv.FormatUint(bound, 10))
		older := p.hrefs("main .pager a[rel=next]")
		if len(older) != 1 {
			t.Fatalf("no link to older events after the scan bound")
		}
		if u, _ := url.Parse(older[0]); u.Query().Get("before") != strconv.FormatUint(bound, 10) || u.Query().Get("aggregate") != "nomination" {
			t.Errorf("older link %q, want before=%d with the filter kept", older[0], bound)
		}
	})
}
