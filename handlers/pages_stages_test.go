package handlers_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"slices"
	"strings"
	"testing"

	"daotao/events"
)

func checkDelegationsPage(t *testing.T, _ *webWorld, user string, p page) {
	t.Helper()
	wantH1(t, p, "Ủy quyền")
	p.one(t, "form#grant select[name=delegate]")
	if admin := len(p.all("form#grant select[name=delegator]")) == 1; admin != (user == "quantri") {
		t.Errorf("%s as %s: delegator field shown = %v", p.req, user, admin)
	}
}

// attachFromPage posts file through the nomination page's upload form,
// as multipart/form-data with the form's CSRF token.
func attachFromPage(t *testing.T, b *browser, p page, name string, file []byte) page {
	t.Helper()
	form := p.one(t, "form#attach")
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("_csrf", p.csrf(t))
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(file)
	mw.Close()
	var cookies []string
	for _, c := range b.jar.Cookies(site) {
		cookies = append(cookies, c.Name+"="+c.Value)
	}
	r := b.a.do(t, "", http.MethodPost, attr(form, "action"), buf.Bytes(), "Content-Type", mw.FormDataContentType(),
		"Cookie", strings.Join(cookies, "; "))
	out := page{response: r}
	if strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
		out.doc = parseHTML(t, r.raw)
	}
	return out
}

func TestNominationPageChain(t *testing.T) {
	w := newWorld(t)
	id := w.groupNomination(t, 1)
	agency, noivu, council := w.loginAs(t, "soyte"), w.loginAs(t, "sonoivu"), w.loginAs(t, "hoidong")

	// The agency attaches its dossier from the page, then submits.
	p := agency.get(t, "/nominations/"+id).expect(t, http.StatusOK)
	cv := pdf("ly lich trich ngang")
	notice := agency.follow(t, attachFromPage(t, agency, p, "ly-lich.pdf", cv))
	if notice.notice() != "Đã đính kèm tài liệu." || len(notice.rows("#attachments")) != 1 {
		t.Fatalf("after attaching: notice %q, rows %q", notice.notice(), notice.rows("#attachments"))
	}
	bad := attachFromPage(t, agency, notice, "a.exe", []byte("MZ"))
	bad.expect(t, http.StatusBadRequest)
	if !strings.Contains(bad.errorMessage(), "PDF") {
		t.Errorf("bad upload: %q", bad.errorMessage())
	}
	p = agency.follow(t, agency.submit(t, notice, "form[action=/nominations/"+id+"/submit]", nil))
	if p.notice() != "Đã gửi hồ sơ; hồ sơ chờ Sở Nội vụ thẩm định." {
		t.Errorf("submit notice %q", p.notice())
	}
	if len(p.all("form#attach")) != 0 || len(p.all("form[action=/nominations/"+id+"/approve]")) != 0 {
		t.Error("the agency may attach to or approve a submitted nomination")
	}

	// Sở Nội vụ sees the chain, the document, and its actions; it may only
	// return to the agency.
	p = noivu.get(t, "/nominations/"+id).expect(t, http.StatusOK)
	p.wantText(t, "#stage", "Sở Nội vụ thẩm định")
	chain := texts(p.all("#chain li"))
	if len(chain) != 3 || !strings.Contains(chain[0], "đang chờ") || !strings.Contains(chain[2], "Ban Thường vụ") {
		t.Errorf("chain %q", chain)
	}
	if href := p.hrefs("#attachments a"); len(href) != 1 || href[0] != "/attachments/"+hashOf(cv) {
		t.Errorf("attachment links %q", href)
	}
	if r := noivu.get(t, "/attachments/"+hashOf(cv)); r.status != http.StatusOK || !bytes.Equal(r.raw, cv) {
		t.Errorf("download: %d %q", r.status, r.raw)
	}
	w.loginAs(t, "tamky").get(t, "/attachments/"+hashOf(cv)).expect(t, http.StatusNotFound)
	if len(p.all("select#return-to")) != 0 {
		t.Error("the first stage offers a return to a stage")
	}
	p = noivu.follow(t, noivu.submit(t, p, "form[action=/nominations/"+id+"/approve]", nil))
	if p.notice() != "Đã phê duyệt ở bước của bạn; hồ sơ chuyển sang bước tiếp theo." {
		t.Errorf("approve notice %q", p.notice())
	}
	p.wantText(t, "#stage", "Hội đồng xét duyệt")

	// The council comments, then returns it to Sở Nội vụ with the selector.
	p = council.get(t, "/nominations/"+id).expect(t, http.StatusOK)
	p = council.follow(t, council.submit(t, p, "form#comment", map[string][]string{"comment": {"Đề nghị làm rõ thời gian."}}))
	opts := texts(p.all("select#return-to option"))
	if !slices.Equal(opts, []string{"Cơ quan, đơn vị", "Sở Nội vụ thẩm định"}) {
		t.Errorf("return options %q", opts)
	}
	empty := council.submit(t, p, "form[action=/nominations/"+id+"/return]", map[string][]string{"to": {"home_affairs"}, "reason": {" "}})
	empty.expect(t, http.StatusBadRequest)
	p = council.follow(t, council.submit(t, p, "form[action=/nominations/"+id+"/return]", map[string][]string{"to": {"home_affairs"}, "reason": {"Thẩm định lại thời gian"}}))
	if p.notice() != "Đã trả hồ sơ về bước trước." {
		t.Errorf("return notice %q", p.notice())
	}
	p.wantText(t, "#stage", "Sở Nội vụ thẩm định")
	steps := p.rows("#steps")
	var actions []string
	for _, r := range steps {
		actions = append(actions, r[1]+"|"+r[3]+"|"+r[4])
	}
	want := []string{"soyte|Đính kèm tài liệu: ly-lich.pdf|", "soyte|Gửi hồ sơ|", "sonoivu|Phê duyệt, chuyển bước → Hội đồng xét duyệt|",
		"hoidong|Ý kiến|Đề nghị làm rõ thời gian.", "hoidong|Trả lại bước trước → Sở Nội vụ thẩm định|Thẩm định lại thời gian"}
	if !slices.Equal(actions, want) {
		t.Errorf("steps\n got %q\nwant %q", actions, want)
	}
	// The council's queue no longer holds it; Sở Nội vụ's does.
	if q := w.queueIDs(t, w.homeAffairs); !slices.Contains(q, id) {
		t.Error("not in Sở Nội vụ's queue")
	}
	qp := noivu.get(t, "/queue").expect(t, http.StatusOK)
	if !slices.Contains(qp.hrefs("#bulk a"), "/nominations/"+id) {
		t.Errorf("Sở Nội vụ's queue page lacks it: %q", qp.hrefs("#bulk a"))
	}
	qp.wantText(t, "#queue-stage", "Sở Nội vụ thẩm định")
}

func TestDelegationPages(t *testing.T) {
	w := newWorld(t)
	w.user(t, "phohoidong", "auditor", "")
	id := w.nominationIn(t, "submitted") // awaits the council
	council, deputy := w.loginAs(t, "hoidong"), w.loginAs(t, "phohoidong")

	p := council.get(t, "/delegations").expect(t, http.StatusOK)
	bad := council.submit(t, p, "form#grant", map[string][]string{"delegate": {"phohoidong"}, "from": {"05/06/2025"}, "until": {"01/06/2025"}})
	bad.expect(t, http.StatusBadRequest)
	bad.wantText(t, "form#grant", "Thời điểm kết thúc phải sau thời điểm bắt đầu.")
	p = council.follow(t, council.submit(t, p, "form#grant", map[string][]string{"delegate": {"phohoidong"},
		"from": {"02/06/2025"}, "until": {"06/06/2025"}, "reason": {"Đi công tác"}}))
	if p.notice() != "Đã ủy quyền." || len(p.rows("#grants")) != 1 {
		t.Fatalf("after granting: %q %q", p.notice(), p.rows("#grants"))
	}
	p.wantText(t, "#grants", "hoidong", "phohoidong", "02/06/2025 00:00", "07/06/2025 00:00", "Đang hiệu lực")

	// The deputy is offered the switch on the delegations page and on the
	// nomination page; switching there comes back to the nomination.
	p = deputy.get(t, "/delegations").expect(t, http.StatusOK)
	if len(p.all("#received form")) != 1 {
		t.Errorf("delegations page offers %d switches, want 1", len(p.all("#received form")))
	}
	p = deputy.get(t, "/nominations/"+id).expect(t, http.StatusOK)
	if len(p.all("form[action=/nominations/"+id+"/approve]")) != 0 {
		t.Fatal("an auditor is offered the council's approval")
	}
	back := deputy.submit(t, p, "#act-for form", nil)
	if loc := back.redirect(t); loc.Path != "/nominations/"+id {
		t.Fatalf("acting lands on %s, want the nomination", loc)
	}
	p = deputy.follow(t, back)
	p.wantText(t, "#acting", "làm thay hoidong")
	if len(p.all("#act-for")) != 0 {
		t.Error("the switch is offered while acting")
	}
	deputy.follow(t, deputy.submit(t, p, "form[action=/nominations/"+id+"/approve]", nil))
	app := w.auditData(t, id, events.TypeNominationApproved)
	if len(app) != 1 || app[0].Actor.Username != "phohoidong" || app[0].Actor.OnBehalfOf == nil || app[0].Actor.OnBehalfOf.Username != "hoidong" {
		t.Fatalf("approval actor %+v", app)
	}
	// Stopping: back to the deputy's own role.
	p = deputy.get(t, "/delegations").expect(t, http.StatusOK)
	deputy.follow(t, deputy.submit(t, p, "form#stop-acting", nil))
	deputy.get(t, "/queue").expect(t, http.StatusForbidden)
	// The council revokes; the deputy can no longer switch.
	p = council.get(t, "/delegations").expect(t, http.StatusOK)
	p = council.follow(t, council.submit(t, p, "#grants form", nil))
	p.wantText(t, "#grants", "Đã thu hồi")
	p = deputy.get(t, "/delegations").expect(t, http.StatusOK)
	if len(p.all("#received form")) != 0 {
		t.Error("a revoked grant is offered")
	}
	deputy.post(t, "/delegations/act", map[string][]string{"_csrf": {p.csrf(t)}, "as": {"hoidong"}}).expect(t, http.StatusForbidden)
}

// TestStandingCommitteePages: the standing committee lands on its queue,
// which holds the Nhóm 1–2 nominations the council approved, and gives the
// final approval from the nomination's page.
func TestStandingCommitteePages(t *testing.T) {
	w := newWorld(t)
	group1 := w.groupNomination(t, 1)
	group3 := w.groupNomination(t, 3)
	for _, id := range []string{group1, group3} {
		w.act(t, id, "submit").want(t, http.StatusOK)
		w.act(t, id, "approve").want(t, http.StatusOK) // Sở Nội vụ
	}
	w.act(t, group1, "approve").want(t, http.StatusOK) // the council: on to the standing committee
	if st, _ := decisionOf(t, w.act(t, group3, "approve")); st != "approved" {
		t.Fatalf("Nhóm 3 after the council: %s, want approved", st)
	}
	b := w.loginAs(t, "thuongtruc")
	if home := b.get(t, "/").redirect(t); home.Path != "/queue" {
		t.Fatalf("home %s, want /queue", home)
	}
	q := b.get(t, "/queue").expect(t, http.StatusOK)
	checkHygiene(t, q)
	if nav := q.hrefs("nav.main a"); len(nav) == 0 || nav[0] != "/queue" || !slices.Contains(nav, "/delegations") {
		t.Errorf("navigation %q", nav)
	}
	q.wantText(t, "#queue-stage", "Ban Thường vụ cho ý kiến")
	if ids := q.hrefs("form#bulk td a"); !slices.Equal(ids, []string{"/nominations/" + group1}) {
		t.Errorf("queue %q, want only the Nhóm 1 nomination", ids)
	}
	p := b.get(t, "/nominations/"+group1).expect(t, http.StatusOK)
	p.wantText(t, "#stage", "Ban Thường vụ cho ý kiến")
	opts := texts(p.all("select#return-to option"))
	if !slices.Equal(opts, []string{"Cơ quan, đơn vị", "Sở Nội vụ thẩm định", "Hội đồng xét duyệt"}) {
		t.Errorf("return options %q", opts)
	}
	id := group1
	p = b.follow(t, b.submit(t, p, "form[action=/nominations/"+id+"/approve]", map[string][]string{"reason": {"Đồng ý cử đi."}}))
	if p.notice() != "Đã phê duyệt hồ sơ." {
		t.Errorf("notice %q", p.notice())
	}
	wantFacts(t, p, map[string]string{"Trạng thái": "Đã phê duyệt"})
	if chain := p.all("#chain li .result-ok"); len(chain) != 3 {
		t.Errorf("%d stages marked done, want 3", len(chain))
	}
}
