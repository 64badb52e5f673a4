package handlers_test

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"daotao/handlers/roster"
)

// importForm is the confirming form of a checked, valid file.
func importForm(*webWorld) url.Values {
	return url.Values{"file": {base64.RawURLEncoding.EncodeToString(csvFile(rowHoa))}, "name": {"ds.csv"}, "partial": {"false"}}
}

// checkImportForm checks the empty import page: the upload form and the
// template to download.
func checkImportForm(t *testing.T, _ *webWorld, _ string, p page) {
	t.Helper()
	wantH1(t, p, "Nhập danh sách cán bộ từ tệp")
	form := p.one(t, "form#import-upload")
	if attr(form, "enctype") != "multipart/form-data" || attr(form, "action") != "/officials/import" {
		t.Errorf("upload form enctype %q action %q; want multipart/form-data to /officials/import", attr(form, "enctype"), attr(form, "action"))
	}
	if attr(p.one(t, "input#file"), "type") != "file" {
		t.Errorf("no file input")
	}
	if !slices.Contains(p.hrefs("a"), "/static/mau-danh-sach-can-bo.csv") {
		t.Errorf("no link to the template")
	}
	if p.text("button") == "" || !strings.Contains(textOf(p.one(t, "form#import-upload button")), "Kiểm tra") {
		t.Errorf("no “Kiểm tra” button")
	}
}

// uploadRoster posts a file from the page's upload form as a browser
// would: multipart, with the form's CSRF token and the browser's cookies.
func (b *browser) uploadRoster(t *testing.T, form page, name string, file []byte) page {
	t.Helper()
	token := attr(form.one(t, "form#import-upload input[name=_csrf]"), "value")
	body, ctype := multipartFile(t, name, file, "_csrf", token)
	var pairs []string
	for _, c := range b.jar.Cookies(resolve(t, "/officials/import")) {
		pairs = append(pairs, c.Name+"="+c.Value)
	}
	p := page{response: b.a.do(t, "", http.MethodPost, "/officials/import", body, "Content-Type", ctype, "Cookie", strings.Join(pairs, "; "))}
	if strings.HasPrefix(p.header.Get("Content-Type"), "text/html") {
		p.doc = parseHTML(t, p.raw)
	}
	return p
}

func TestWebImport(t *testing.T) {
	w := newWorld(t)
	b := w.loginAs(t, "soyte")
	list := b.get(t, "/officials").expect(t, http.StatusOK)
	if !slices.Contains(list.hrefs("a"), "/officials/import") {
		t.Fatalf("the officials list has no link to the import page")
	}
	form := b.get(t, "/officials/import").expect(t, http.StatusOK)
	checkHygiene(t, form)
	before := w.lastSeq(t)
	report := b.uploadRoster(t, form, "danh-sach.csv", csvFile(rowHoa, rowBad, rowDung)).expect(t, http.StatusOK)
	checkHygiene(t, report)
	report.wantText(t, "#import-summary", "danh-sach.csv", "3 dòng dữ liệu", "2 dòng hợp lệ", "1 dòng có lỗi")
	rows := report.rows("#import-errors")
	if len(rows) != 2 || rows[0][0] != "3" || rows[0][1] != "Ngày sinh" || rows[1][1] != "Giới tính" || rows[1][2] == "" {
		t.Errorf("error rows = %q; want row 3's Ngày sinh and Giới tính with messages", rows)
	}
	if all := report.one(t, "#import-confirm button[value=false]"); !hasAttr(all, "disabled") {
		t.Errorf("“Nhập tất cả” is enabled although a row is invalid")
	}
	if w.lastSeq(t) != before {
		t.Fatalf("checking a file appended events")
	}
	done := b.submit(t, report, "form#import-confirm", url.Values{"partial": {"true"}}).expect(t, http.StatusOK)
	checkHygiene(t, done)
	done.wantText(t, "main .notice", "Đã nhập 2 cán bộ")
	if names := column(done.rows("#import-done"), 1); !slices.Equal(names, []string{"Phạm Thị Hoa", "Lê Văn Dũng"}) {
		t.Errorf("imported = %q", names)
	}
	w.wantOneBatch(t, before, 2)
	t.Run("sending the confirmation again imports nothing more", func(t *testing.T) {
		b.submit(t, report, "form#import-confirm", url.Values{"partial": {"true"}}).expect(t, http.StatusOK)
		if got := w.lastSeq(t); got != before+2 {
			t.Errorf("log at %d, want %d", got, before+2)
		}
	})
}

func hasAttr(n *html.Node, key string) bool {
	_, ok := lookupAttr(n, key)
	return ok
}

func TestWebImportAll(t *testing.T) {
	w := newWorld(t)
	b := w.loginAs(t, "soyte")
	form := b.get(t, "/officials/import").expect(t, http.StatusOK)
	report := b.uploadRoster(t, form, "ds.csv", csvFile(rowHoa, rowTam)).expect(t, http.StatusOK)
	button := report.one(t, "#import-confirm button")
	if got := textOf(button); got != "Nhập tất cả 2 cán bộ" || hasAttr(button, "disabled") {
		t.Errorf("button %q; want an enabled “Nhập tất cả 2 cán bộ”", got)
	}
	before := w.lastSeq(t)
	b.submit(t, report, "form#import-confirm", url.Values{"partial": {"false"}}).expect(t, http.StatusOK).wantText(t, "main .notice", "Đã nhập 2 cán bộ")
	w.wantOneBatch(t, before, 2)
	t.Run("all or nothing refuses a file with an invalid row", func(t *testing.T) {
		report := b.uploadRoster(t, form, "ds.csv", csvFile(rowDung, rowBad)).expect(t, http.StatusOK)
		values := formValues(report.one(t, "form#import-confirm"))
		values.Set("partial", "false")
		p := b.post(t, "/officials/import/commit", values).expect(t, http.StatusUnprocessableEntity)
		if !strings.Contains(p.errorMessage(), "Chưa nhập cán bộ nào") || w.lastSeq(t) != before+2 {
			t.Errorf("error %q, log at %d; want a refusal and the log at %d", p.errorMessage(), w.lastSeq(t), before+2)
		}
	})
}

func TestWebImportBadFiles(t *testing.T) {
	w := newWorld(t)
	b := w.loginAs(t, "soyte")
	form := b.get(t, "/officials/import").expect(t, http.StatusOK)
	tests := []struct {
		name string
		file []byte
		want string
	}{
		{"missing columns", []byte("Họ và tên\nA\n"), "thiếu cột"},
		{"Excel 97-2003", []byte("\xD0\xCF\x11\xE0rest"), ".xls"},
		{"1001 rows", manyRows(roster.MaxRows + 1), "1.000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := b.uploadRoster(t, form, "ds.csv", tt.file).expect(t, http.StatusBadRequest)
			if !strings.Contains(p.errorMessage(), tt.want) || p.one(t, "form#import-upload") == nil {
				t.Errorf("error %q; want it to mention %q, with the upload form", p.errorMessage(), tt.want)
			}
		})
	}
	t.Run("without the CSRF token", func(t *testing.T) {
		body, ctype := multipartFile(t, "ds.csv", csvFile(rowHoa))
		cookie := "daotao_session=" + b.cookie(sessionCookie)
		w.do(t, "", http.MethodPost, "/officials/import", body, "Content-Type", ctype, "Cookie", cookie).want(t, http.StatusForbidden)
	})
}

func TestImportTemplate(t *testing.T) {
	w := newWorld(t)
	r := w.do(t, "", http.MethodGet, "/static/mau-danh-sach-can-bo.csv", nil).want(t, http.StatusOK)
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
		t.Errorf("Content-Type %q, want text/csv", ct)
	}
	rep := w.upload(t, w.yte, "", r.raw, csvType).report(t, http.StatusOK)
	if rep.Rows != 2 || rep.Valid != 2 || len(rep.IgnoredColumns) != 0 {
		t.Errorf("the template's example rows: %+v; want 2 valid rows and every column recognised", rep)
	}
}
