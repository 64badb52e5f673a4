package handlers_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"daotao/domain/programme"
)

// cells returns the text of the header and data cells of a table row.
func cells(tr *html.Node) []string {
	var out []string
	for c := tr.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (c.Data == "th" || c.Data == "td") {
			out = append(out, textOf(c))
		}
	}
	return out
}

// wantProgrammeFrame checks what every "Dữ liệu Đề án" page shows: the
// main navigation entry marked current, the sub-navigation with the page
// current, the "as of" form with day and the version in force.
func wantProgrammeFrame(t *testing.T, p page, path, day, version string) {
	t.Helper()
	if cur := p.hrefs("nav.main a[aria-current=page]"); !slices.Equal(cur, []string{"/programme/targets"}) {
		t.Errorf("%s: current main navigation %q, want Dữ liệu Đề án", p.req, cur)
	}
	if tabs := p.all("nav.subnav a"); len(tabs) != 5 {
		t.Errorf("%s: %d sub-navigation links, want 5", p.req, len(tabs))
	}
	if cur := p.hrefs("nav.subnav a[aria-current=page]"); len(cur) != 1 || !strings.HasPrefix(cur[0], path) {
		t.Errorf("%s: current sub-navigation %q, want %s", p.req, cur, path)
	}
	form := p.one(t, "form.asof")
	if attr(form, "method") != "get" || attr(form, "action") != path {
		t.Errorf("%s: as-of form %s %s, want get %s", p.req, attr(form, "method"), attr(form, "action"), path)
	}
	if got := attr(p.one(t, "form.asof input#as_of"), "value"); got != day {
		t.Errorf("%s: as-of date %q, want %q", p.req, got, day)
	}
	if version != "" {
		p.wantText(t, "main .ref-version", "phiên bản "+version, day)
		if got := p.header.Get("X-Reference-Version"); got != version {
			t.Errorf("%s: X-Reference-Version %q, want %s", p.req, got, version)
		}
	}
}

func checkTargetsPage(t *testing.T, _ *webWorld, _ string, p page) {
	wantH1(t, p, "Mục tiêu của Đề án")
	wantProgrammeFrame(t, p, "/programme/targets", "02/06/2025", "1")
	if n := len(p.all("section.target")); n != 6 {
		t.Errorf("%s: %d targets, want 6", p.req, n)
	}
	// Two officials on the roster: 20% of them is 0.4 people, so 1.
	bar := p.one(t, "#target-boi_duong_2026 progress")
	if attr(bar, "max") != "1" || attr(bar, "value") != "0" {
		t.Errorf("%s: refresher progress max %q value %q, want 1 and 0", p.req, attr(bar, "max"), attr(bar, "value"))
	}
	if l := first(p.doc, "label[for="+attr(bar, "id")+"]"); !strings.Contains(textOf(l), "0 / 1 người") {
		t.Errorf("%s: progress label %q, want 0 / 1 người", p.req, textOf(l))
	}
	wantFacts(t, p, map[string]string{"Cần đạt": "1 người", "Còn thiếu": "1 người"})
	if first(p.doc, "#target-doi_ngu_chuyen_gia_2030 progress") != nil {
		t.Errorf("%s: a progress bar for the qualitative target", p.req)
	}
	p.wantText(t, "#target-doi_ngu_chuyen_gia_2030 .basis", "Chưa tính được")
}

func checkCataloguePage(t *testing.T, _ *webWorld, _ string, p page) {
	wantH1(t, p, "Danh mục nội dung bồi dưỡng (Phụ lục I)")
	wantProgrammeFrame(t, p, "/programme/catalogue", "02/06/2025", "1")
	if n := len(p.all("section.field")); n != 8 {
		t.Errorf("%s: %d fields, want 8", p.req, n)
	}
	if n := len(p.all("table.catalogue tbody tr")); n != 25 {
		t.Errorf("%s: %d contents, want 25", p.req, n)
	}
	b2 := cells(p.one(t, `tr[id="content-B.2"]`))
	if len(b2) != 6 || !strings.HasPrefix(b2[0], "B.2 Chuyển đổi số") || !strings.HasPrefix(b2[1], "Các Sở, ban, ngành") ||
		!strings.Contains(b2[2], "Sở Ngoại vụ") || !strings.Contains(b2[4], "Mở lớp: 2024, 2025") ||
		!strings.Contains(b2[5], "Tối thiểu 1 lớp tập trung hoặc trực tuyến / nội dung / năm") {
		t.Errorf("%s: B.2 row %q", p.req, b2)
	}
	p.wantText(t, "#field-A .formats", "Tối thiểu 2 lớp tập trung hoặc trực tuyến / lĩnh vực / năm (tính chung các nội dung A.1, A.2)",
		"Bản in: «Tối thiểu 02 lớp", "Cách đọc:")
	if notes := texts(p.all("#field-B .notes li")); !slices.ContainsFunc(notes, func(n string) bool { return strings.HasPrefix(n, "B.4: Bản in có một ô trống") }) {
		t.Errorf("%s: notes of B %q, want how B.4's empty lead cell was read", p.req, notes)
	}
	if h3 := cells(p.one(t, `tr[id="content-H.3"]`)); !strings.Contains(h3[3], "Các Sở, ban, ngành, địa phương") {
		t.Errorf("%s: H.3 row %q", p.req, h3)
	}
}

func checkQuotasPage(t *testing.T, _ *webWorld, user string, p page) {
	wantH1(t, p, "Chỉ tiêu đào tạo sau đại học (Phụ lục II)")
	wantProgrammeFrame(t, p, "/programme/quotas", "02/06/2025", "1")
	rows := p.all("table.quotas tbody tr")
	if len(rows) != 115 {
		t.Errorf("%s: %d quotas, want 115", p.req, len(rows))
	}
	if total := cells(p.one(t, "table.quotas tfoot tr")); len(total) != 5 || total[1] != "174" || total[2] != "0" || total[3] != "174" {
		t.Errorf("%s: totals %q, want 174 places, 0 used, 174 left", p.req, total)
	}
	pool := p.one(t, `tr[id="quota-pl2-5-co_so_y_te"]`)
	if got := cells(pool); got[5] != "30" || got[8] != "31/12/2026" || got[3] != "Nhóm 3" {
		t.Errorf("%s: pooled quota %q, want 30 places for Nhóm 3 until 31/12/2026", p.req, got)
	}
	if members := all(pool, "details li"); len(members) < 10 {
		t.Errorf("%s: pool lists %d members, want its hospitals and health centres", p.req, len(members))
	}
	mine := map[string][]string{"soyte": {"quota-pl2-7-so_y_te"},
		"tamky": {"quota-pl2-1-ubnd_tam_ky", "quota-pl2-2-ubnd_tam_ky", "quota-pl2-3-ubnd_tam_ky", "quota-pl2-4-ubnd_tam_ky", "quota-pl2-6-ubnd_tam_ky", "quota-pl2-7-ubnd_tam_ky"}}[user]
	var got []string
	for _, tr := range rows[:len(mine)] {
		if hasClass(tr, "mine") && strings.Contains(textOf(tr), "Cơ quan của bạn") {
			got = append(got, attr(tr, "id"))
		}
	}
	if !slices.Equal(got, mine) || len(p.all("tr.mine")) != len(mine) {
		t.Errorf("%s as %s: own quotas first %q (of %d marked), want %q", p.req, user, got, len(p.all("tr.mine")), mine)
	}
}

func checkBaselinePage(t *testing.T, _ *webWorld, _ string, p page) {
	wantH1(t, p, "Số liệu gốc (Bảng 1–6)")
	wantProgrammeFrame(t, p, "/programme/baseline", "02/06/2025", "1")
	if n := len(p.all("table.printed")); n != 6 {
		t.Errorf("%s: %d tables, want 6", p.req, n)
	}
	if n := len(p.all("#table-2 thead th[scope=colgroup]")); n != 5 {
		t.Errorf("%s: Table 2 has %d split column headers, want 5", p.req, n)
	}
	marked := p.all("#table-4 td.inconsistent")
	if len(marked) != 4 {
		t.Errorf("%s: %d inconsistent cells in Table 4, want 4", p.req, len(marked))
	}
	for _, td := range marked {
		if attr(td, "title") == "" || first(td, "a.flag[href^=#issue-]") == nil {
			t.Errorf("%s: inconsistent cell %q without a title or a marker", p.req, textOf(td))
		}
	}
	var nhom3 []string
	for _, tr := range p.all("#table-4 tbody tr") {
		if c := cells(tr); strings.HasPrefix(c[0], "3. ") {
			nhom3 = c
			last := all(tr, "td")[5]
			if !hasClass(last, "inconsistent") || !strings.Contains(attr(last, "title"), "850") {
				t.Errorf("%s: Table 4 Nhóm 3 total cell %q (class %q, title %q), want it marked with 850", p.req, textOf(last), attr(last, "class"), attr(last, "title"))
			}
		}
	}
	if len(nhom3) != 7 || !strings.HasPrefix(nhom3[6], "892 ⚠") {
		t.Errorf("%s: Table 4 Nhóm 3 row %q, want 892 marked", p.req, nhom3)
	}
	issues := p.all("#issues tbody tr")
	if len(issues) != 18 {
		t.Errorf("%s: %d inconsistencies listed, want 18", p.req, len(issues))
	}
	if !slices.ContainsFunc(issues, func(tr *html.Node) bool {
		c := cells(tr)
		return c[1] == "Bảng 4" && strings.HasPrefix(c[2], "3. ") && c[5] == "892" && c[6] == "850" && strings.Contains(c[7], "ghi 892")
	}) {
		t.Errorf("%s: no listed inconsistency for Table 4 Nhóm 3 892 vs 850", p.req)
	}
	if n := len(p.all("#text-figures li.inconsistent a.flag")); n != 2 {
		t.Errorf("%s: %d text figures marked, want 2", p.req, n)
	}
}

func checkReferencePage(t *testing.T, _ *webWorld, _ string, p page) {
	wantH1(t, p, "Các phiên bản dữ liệu Đề án")
	wantProgrammeFrame(t, p, "/programme/reference", "02/06/2025", "1")
	rows := p.all("table.versions tbody tr")
	if len(rows) != 1 {
		t.Fatalf("%s: %d versions, want 1", p.req, len(rows))
	}
	if c := cells(rows[0]); c[0] != "1" || c[1] != "27/09/2024" || c[4] != "Hệ thống (dữ liệu kèm phần mềm)" || c[5] != "Đang áp dụng" {
		t.Errorf("%s: version row %q", p.req, c)
	}
	if first(p.doc, "form[method=post][action=/programme/reference]") != nil {
		t.Errorf("%s: publication form shown to a role that may not publish", p.req)
	}
}

func checkReferenceDocument(t *testing.T, _ *webWorld, _ string, p page) {
	if ct := p.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("%s: Content-Type %q, want JSON", p.req, ct)
	}
	if cd := p.header.Get("Content-Disposition"); !strings.Contains(cd, "attachment") {
		t.Errorf("%s: Content-Disposition %q, want an attachment", p.req, cd)
	}
	doc, err := programme.Parse(p.raw)
	if err != nil || doc.Version != 1 {
		t.Errorf("%s: document does not parse as version 1: %v", p.req, err)
	}
}

func TestProgrammeAsOf(t *testing.T) {
	w := newWebWorld(t)
	b := w.as["tamky"]
	t.Run("dd/mm/yyyy", func(t *testing.T) {
		p := b.get(t, "/programme/catalogue?as_of=27%2F09%2F2024").expect(t, http.StatusOK)
		wantProgrammeFrame(t, p, "/programme/catalogue", "27/09/2024", "1")
		if hrefs := p.hrefs("nav.subnav a"); !strings.HasSuffix(hrefs[0], "?as_of=2024-09-27") {
			t.Errorf("sub-navigation %q, want the date kept", hrefs)
		}
	})
	t.Run("ISO", func(t *testing.T) {
		p := b.get(t, "/programme/quotas?as_of=2024-12-31&field=y_te").expect(t, http.StatusOK)
		wantProgrammeFrame(t, p, "/programme/quotas", "31/12/2024", "1")
		if kept := formValues(p.one(t, "form.asof")); kept.Get("field") != "y_te" {
			t.Errorf("as-of form keeps %v, want the field filter", kept)
		}
	})
	t.Run("before the Đề án", func(t *testing.T) {
		for _, path := range []string{"/programme/catalogue", "/programme/quotas", "/programme/targets"} {
			p := b.get(t, path+"?as_of=01%2F01%2F2024").expect(t, http.StatusNotFound)
			wantProgrammeFrame(t, p, path, "01/01/2024", "")
			p.wantText(t, "main .error", "01/01/2024", "27/09/2024")
			if first(p.doc, "main table") != nil || first(p.doc, "main section") != nil {
				t.Errorf("%s: data shown with no version in force", p.req)
			}
		}
	})
	t.Run("not a date", func(t *testing.T) {
		p := b.get(t, "/programme/targets?as_of=31%2F02%2F2025").expect(t, http.StatusBadRequest)
		input := p.one(t, "form.asof input#as_of")
		if attr(input, "value") != "31/02/2025" || attr(input, "aria-invalid") != "true" || !strings.Contains(p.text("#as_of-err"), "dd/mm/yyyy") {
			t.Errorf("%s: as-of field %q invalid=%q error %q", p.req, attr(input, "value"), attr(input, "aria-invalid"), p.text("#as_of-err"))
		}
		checkHygiene(t, p)
	})
}

func TestQuotasFilter(t *testing.T) {
	w := newWebWorld(t)
	b := w.as["hoidong"]
	tests := []struct {
		query       string
		rows        int
		places      string
		selectField string
	}{
		{"field=y_te", 1, "30", "field"},
		{"agency=ubnd_tam_ky", 6, "7", "agency"},
		{"field=cntt_khmt&agency=so_y_te", 0, "", "field"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			p := b.get(t, "/programme/quotas?"+tt.query).expect(t, http.StatusOK)
			if n := len(p.all("table.quotas tbody tr")); n != tt.rows {
				t.Errorf("%d quotas, want %d", n, tt.rows)
			}
			if tt.rows == 0 {
				p.wantText(t, "main .hint", "Không có chỉ tiêu nào khớp bộ lọc")
				return
			}
			if total := cells(p.one(t, "table.quotas tfoot tr")); total[1] != tt.places || !strings.Contains(total[0], "trên tổng số 115") {
				t.Errorf("totals %q, want %s places of the filtered quotas", total, tt.places)
			}
			want, _ := url.ParseQuery(tt.query)
			if got := selectedValue(p.one(t, "select#"+tt.selectField)); got != want.Get(tt.selectField) {
				t.Errorf("filter %s shows %q, want %q", tt.selectField, got, want.Get(tt.selectField))
			}
		})
	}
}

// upload posts a multipart form with one file, as a browser sends the
// publication form, with the browser's cookies. A nil content sends no
// file.
func (b *browser) upload(t *testing.T, path string, fields url.Values, file string, content []byte) page {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range fields {
		for _, v := range vs {
			if err := mw.WriteField(k, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	if content != nil {
		fw, err := mw.CreateFormFile(file, "de-an.json")
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(content)
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	hs := []string{"Content-Type", mw.FormDataContentType()}
	var pairs []string
	for _, c := range b.jar.Cookies(resolve(t, path)) {
		pairs = append(pairs, c.Name+"="+c.Value)
	}
	hs = append(hs, "Cookie", strings.Join(pairs, "; "))
	p := page{response: b.a.do(t, "", http.MethodPost, path, buf.Bytes(), hs...)}
	if strings.HasPrefix(p.header.Get("Content-Type"), "text/html") {
		p.doc = parseHTML(t, p.raw)
	}
	return p
}

// TestHomeAffairsWeb: Sở Nội vụ lands on its queue (the check of
// nominations, the first stage of the chain), reads the records of every
// agency and publishes a new version of the reference data through the
// form.
func TestHomeAffairsWeb(t *testing.T) {
	w := newWebWorld(t)
	b := w.loginAs(t, "sonoivu") // the world's Sở Nội vụ account
	home := b.get(t, "/").redirect(t)
	if home.String() != "/queue" {
		t.Fatalf("home %q, want /queue", home)
	}
	p := b.get(t, "/programme/targets").expect(t, http.StatusOK)
	checkHygiene(t, p)
	var nav []link
	for _, a := range p.all("nav.main a") {
		nav = append(nav, link{attr(a, "href"), textOf(a)})
	}
	// The approval chain's queue first; the other features' entries follow
	// (pages_layout_test.go checks every role's), the programme data among
	// them.
	if want := []link{{"/queue", "Hàng đợi thẩm định"}, {"/nominations", "Hồ sơ"}, {"/officials", "Cán bộ"}}; len(nav) < len(want) || !slices.Equal(nav[:len(want)], want) || !slices.Contains(nav, programmeLink) {
		t.Errorf("navigation %q, want it to start with %q", nav, want)
	}
	p.wantText(t, "header .who", "sonoivu", "Sở Nội vụ")
	t.Run("records", func(t *testing.T) {
		for path, rows := range map[string]int{"/nominations": 2, "/officials": 2} {
			p := b.get(t, path).expect(t, http.StatusOK)
			checkHygiene(t, p)
			if got := len(p.all("main tbody tr")); got != rows {
				t.Errorf("%s: %d rows, want %d (every agency's)", path, got, rows)
			}
		}
		n := b.get(t, "/nominations/"+w.submitted).expect(t, http.StatusOK)
		wantH1(t, n, "Quản lý bệnh viện hiện đại")
		wantFacts(t, n, map[string]string{"Trạng thái": "Đã gửi, chờ xét", "Cơ quan, đơn vị": "Sở Y tế"})
		// It awaits the council: Sở Nội vụ may only comment on it.
		if forms := n.all("main form[method=post]"); len(forms) != 1 || attr(forms[0], "action") != "/nominations/"+w.submitted+"/comments" {
			t.Errorf("%s: Sở Nội vụ is offered %d actions, want only the comment", n.req, len(forms))
		}
		b.get(t, "/officials/"+w.tamkyOfficial).expect(t, http.StatusOK)
		b.get(t, "/queue").expect(t, http.StatusOK) // its stage's queue, empty here
		b.get(t, "/admin/users").expect(t, http.StatusForbidden)
	})
	t.Run("publish", func(t *testing.T) { publishThroughForm(t, b) })
}

func publishThroughForm(t *testing.T, b *browser) {
	t.Helper()
	p := b.get(t, "/programme/reference").expect(t, http.StatusOK)
	checkHygiene(t, p)
	form := p.one(t, "form[method=post][action=/programme/reference]")
	if attr(form, "enctype") != "multipart/form-data" || first(form, "input[type=file]#document") == nil {
		t.Fatalf("publication form %q, want a multipart upload of the document", textOf(form))
	}
	fields := formValues(form)
	fields.Set("effective_from", "01/07/2025")
	fields.Set("note", "Hợp nhất tỉnh Quảng Nam vào thành phố Đà Nẵng")
	before := b.a.lastSeq(t)
	bad := []struct {
		name    string
		date    string
		content []byte
		field   string
		says    string
	}{
		{"no file", "01/07/2025", nil, "document", "Hãy chọn tệp JSON"},
		{"wrong version", "01/07/2025", versionOne(t), "document", "Phiên bản phải là 2"},
		{"not JSON", "01/07/2025", []byte("version 2"), "document", "Dữ liệu không hợp lệ"},
		{"bad date", "31/06/2025", versionTwo(t), "effective_from", "dd/mm/yyyy"},
		{"no date", "", versionTwo(t), "effective_from", "Cần ngày có hiệu lực"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			f := url.Values{}
			for k, v := range fields {
				f[k] = v
			}
			f.Set("effective_from", tt.date)
			p := b.upload(t, "/programme/reference", f, "document", tt.content).expect(t, http.StatusBadRequest)
			checkHygiene(t, p)
			input := p.one(t, "form[method=post][action=/programme/reference] #"+tt.field)
			if msg := fieldError(input); attr(input, "aria-invalid") != "true" || !strings.Contains(msg, tt.says) {
				t.Errorf("%s: error %q (invalid=%q), want %q", tt.field, msg, attr(input, "aria-invalid"), tt.says)
			}
			if got := attr(p.one(t, "#effective_from"), "value"); got != tt.date {
				t.Errorf("date field %q, want what was typed, %q", got, tt.date)
			}
		})
	}
	if after := b.a.lastSeq(t); after != before {
		t.Errorf("refused publications appended: seq %d → %d", before, after)
	}
	noToken := url.Values{"effective_from": {"01/07/2025"}}
	b.upload(t, "/programme/reference", noToken, "document", versionTwo(t)).expect(t, http.StatusForbidden)
	withBOM := append([]byte("\xef\xbb\xbf"), versionTwo(t)...) // as Notepad saves it
	done := b.follow(t, b.upload(t, "/programme/reference", fields, "document", withBOM))
	if done.notice() != "Đã công bố phiên bản mới của dữ liệu Đề án." || len(done.all("table.versions tbody tr")) != 2 {
		t.Errorf("after publishing: notice %q, %d versions", done.notice(), len(done.all("table.versions tbody tr")))
	}
	if c := cells(done.one(t, "table.versions tbody tr")); c[0] != "2" || c[1] != "01/07/2025" || c[4] != "sonoivu" || c[5] != "Chưa đến ngày hiệu lực" {
		t.Errorf("newest version row %q", c)
	}
	cat := b.get(t, "/programme/catalogue?as_of=02%2F07%2F2025").expect(t, http.StatusOK)
	wantProgrammeFrame(t, cat, "/programme/catalogue", "02/07/2025", "2")
	if d3 := cells(cat.one(t, `tr[id="content-D.3"]`)); d3[1] != "Sở Ngoại vụ (đến hết 30/06/2025)" {
		t.Errorf("D.3 lead in version 2 %q, want Sở Ngoại vụ shown as retired", d3[1])
	}
	if n := len(b.get(t, "/programme/quotas?as_of=2025-07-02").expect(t, http.StatusOK).all("table.quotas tbody tr")); n != 114 {
		t.Errorf("%d quotas in version 2, want 114", n)
	}
}
