package handlers_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"daotao/domain"
	"daotao/events"
)

// checkReviewsPage checks the list of reviews as a role that may only read.
func checkReviewsPage(t *testing.T, _ *webWorld, _ string, p page) {
	t.Helper()
	wantH1(t, p, "Sơ kết, tổng kết Đề án")
	if first(p.doc, "form[method=post][action=/reviews]") != nil {
		t.Errorf("%s: the form to open a review is shown to a role that may not open one", p.req)
	}
}

// TestReviewPagesOpenSealCorrect walks Sở Nội vụ through the pages: open
// a review, see its reports, seal it after the cut-off, print the summary,
// record a correction and read as sealed next to as corrected; the
// auditor verifies it.
func TestReviewPagesOpenSealCorrect(t *testing.T) {
	w := newWorld(t)
	submitted := w.nominationIn(t, domain.StatusSubmitted)
	b := w.loginAs(t, "sonoivu")
	list := b.get(t, "/reviews").expect(t, http.StatusOK)
	checkHygiene(t, list)

	// Bad input: the form comes back with the fields named.
	again := b.submit(t, list, "form[method=post][action=/reviews]", url.Values{"title": {"Sơ kết 2025"}, "period_from": {"31/12/2025"}, "period_to": {"01/01/2025"}})
	again.expect(t, http.StatusBadRequest)
	again.wantText(t, "#period_to-err", "không được trước")
	if v := attr(again.one(t, "#title"), "value"); v != "Sơ kết 2025" {
		t.Errorf("title typed %q came back as %q", "Sơ kết 2025", v)
	}

	opened := b.submit(t, list, "form[method=post][action=/reviews]", url.Values{"kind": {"so_ket"}, "title": {"Sơ kết 2025"},
		"period_from": {"01/01/2025"}, "period_to": {"02/06/2025"}, "cutoff": {"02/06/2025"}})
	rp := b.follow(t, opened).expect(t, http.StatusOK)
	checkHygiene(t, rp)
	rp.wantText(t, "main h1", "Sơ kết", "Sơ kết 2025")
	rp.wantText(t, "main", "tạm tính", "02/06/2025 23:59")
	nReports := len(rp.all("section.report"))
	if nReports < 4 {
		t.Errorf("%s: %d report sections, want every report of the registry", rp.req, nReports)
	}
	reviewPath := opened.redirect(t).Path
	sealForm, correctForm := "form[method=post][action="+reviewPath+"/seal]", "form[method=post][action="+reviewPath+"/corrections]"
	if first(rp.doc, sealForm) != nil {
		t.Errorf("%s: seal form before the cut-off", rp.req)
	}

	w.clock.Advance(24 * time.Hour)
	b = w.loginAs(t, "sonoivu") // the day's sessions have expired
	w.council, w.homeAffairs, w.yte = w.login(t, "hoidong"), w.login(t, "sonoivu"), w.login(t, "soyte")
	rp = b.get(t, reviewPath).expect(t, http.StatusOK)
	seal := rp.one(t, sealForm)
	cutoffSeq := attr(first(seal, "input[name=cutoff_seq]"), "value")
	sealed := b.follow(t, b.submit(t, rp, sealForm, nil)).expect(t, http.StatusOK)
	if !strings.Contains(sealed.notice(), "Đã niêm phong") {
		t.Errorf("after sealing: notice %q", sealed.notice())
	}
	sealed.wantText(t, "dl.facts", "sonoivu", cutoffSeq)
	root := textOf(sealed.one(t, "dl.facts code.hash"))
	if len(root) != 64 {
		t.Fatalf("root hash %q", root)
	}
	// Sealing again from a stale page is refused with a message.
	twice := b.submit(t, rp, sealForm, nil).expect(t, http.StatusConflict)
	if !strings.Contains(twice.errorMessage(), "đã được niêm phong") {
		t.Errorf("sealing twice: error %q", twice.errorMessage())
	}

	summary := b.get(t, reviewPath+"/summary").expect(t, http.StatusOK)
	checkHygiene(t, summary)
	summary.wantText(t, ".review-summary", root, "daotao verify --data", "--expect-root "+root, "seq:"+cutoffSeq+"@", "sonoivu")
	if n := len(summary.all("table.hashes tbody tr")); n != nReports {
		t.Errorf("summary lists %d report hashes, want %d", n, nReports)
	}

	// A late approval, then its correction.
	w.approveAll(t, submitted).want(t, http.StatusOK)
	approval := w.seqsOf(t, 0, events.TypeNominationApproved)[0]
	bad := b.submit(t, sealed, correctForm, url.Values{"reason": {"Kết quả muộn"}, "event_seqs": {"mười"}})
	bad.expect(t, http.StatusBadRequest)
	bad.wantText(t, "#event_seqs-err", "số thứ tự")
	early := b.submit(t, sealed, correctForm, url.Values{"reason": {"Kết quả muộn"}, "event_seqs": {"1"}})
	early.expect(t, http.StatusBadRequest)
	early.wantText(t, "#event_seqs-err", "đã nằm trong số liệu niêm phong")
	done := b.submit(t, sealed, correctForm, url.Values{"reason": {"Phê duyệt trong kỳ, ghi muộn"},
		"event_seqs": {strconv.FormatUint(approval, 10)}})
	cp := b.follow(t, done).expect(t, http.StatusOK)
	diffs := cp.rows("table.differences")
	found := false
	for _, d := range diffs {
		found = found || (d[0] == "submitted" && d[1] == "boi_duong" && d[2] == "1" && d[3] == "0")
	}
	if !found {
		t.Errorf("differences %q; want submitted/boi_duong 1 → 0", diffs)
	}
	if n := len(cp.all(".side-by-side section.report")); n != nReports {
		t.Errorf("%d reports side by side, want %d", n, nReports)
	}

	// The auditor reads it all, with no form, and verifies the seal.
	a := w.loginAs(t, "kiemtra")
	ap := a.get(t, reviewPath).expect(t, http.StatusOK)
	if n := len(ap.all("main form[method=post]")); n != 0 {
		t.Errorf("auditor's review page has %d forms", n)
	}
	vp := a.get(t, reviewPath+"/verification").expect(t, http.StatusOK)
	checkHygiene(t, vp)
	if !strings.Contains(vp.notice(), "Khớp") {
		t.Errorf("verification page: notice %q, error %q", vp.notice(), vp.errorMessage())
	}
	al := a.get(t, "/reviews").expect(t, http.StatusOK)
	if rows := al.rows("table.reviews"); len(rows) != 1 || !strings.Contains(rows[0][3], "Đã niêm phong") || !strings.Contains(rows[0][3], "1 điều chỉnh") {
		t.Errorf("auditor's list %q", rows)
	}
}
