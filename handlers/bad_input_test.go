package handlers_test

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"daotao/domain"
)

// maxBody is the body limit of every JSON route: 1 MiB; maxDepth the
// deepest nesting of a JSON body.
const (
	maxBody  = 1 << 20
	maxDepth = 64
)

// bodyWorld is a world with a token for every role, a draft nomination
// and an account to disable, for requests to any route with a body.
type bodyWorld struct {
	*world
	byRole map[string]string // a token of each role
	draft  string
	target string // an account id
}

func newBodyWorld(t *testing.T, w *world) *bodyWorld {
	t.Helper()
	b := &bodyWorld{world: w, draft: w.nominationIn(t, domain.StatusDraft)}
	b.byRole = map[string]string{"admin": w.admin, "agency": w.yte, "council": w.council, "auditor": w.auditor,
		"home_affairs": w.user(t, "noivu", domain.RoleHomeAffairs, "")}
	b.byRole["finance"] = w.user(t, "taichinh", domain.RoleFinance, "")
	b.byRole["province"] = provinceToken(t, w) // courses_fixtures_test.go
	w.do(t, w.admin, http.MethodPost, "/api/v1/users", map[string]any{"username": "hocvien", "password": password,
		"role": "official", "official_id": w.yteOfficial}).want(t, http.StatusCreated)
	b.byRole["official"] = w.login(t, "hocvien")
	w.user(t, "bikhoa", domain.RoleAuditor, "")
	u, _ := w.state.UserByName("bikhoa")
	b.target = u.ID
	return b
}

// bodyRoute is a route that takes a body, with a concrete path and a
// token of a role it admits ("" for a public route).
type bodyRoute struct {
	key, method, path, token string
}

// bodyRoutes returns every POST and PATCH route of the API but the roster
// import and the nomination attachments, which take files (uploads_test,
// officials_import_test and stages_test).
func (b *bodyWorld) bodyRoutes(t *testing.T) []bodyRoute {
	t.Helper()
	roles := b.srv.RouteRoles()
	var out []bodyRoute
	for _, r := range b.srv.Echo().Routes() {
		if (r.Method != http.MethodPost && r.Method != http.MethodPatch) || !strings.HasPrefix(r.Path, "/api/v1/") ||
			r.Path == "/api/v1/officials/import" || r.Path == "/api/v1/nominations/:id/attachments" ||
			r.Path == "/api/v1/courses/:id/provider/documents" { // uploads of up to 10 MB: attachments_test.go, followup_test.go
			continue
		}
		key := r.Method + " " + r.Path
		token := ""
		if rs := roles[key]; len(rs) > 0 {
			token = b.byRole[rs[0]]
		}
		out = append(out, bodyRoute{key: key, method: r.Method, path: b.concrete(r.Path), token: token})
	}
	if len(out) < 10 {
		t.Fatalf("only %d routes with a body", len(out))
	}
	return out
}

// concrete fills in a route pattern's :id with a record of the world.
func (b *bodyWorld) concrete(pattern string) string {
	id := "khong-co"
	switch {
	case strings.HasPrefix(pattern, "/api/v1/officials/"):
		id = b.yteOfficial
	case strings.HasPrefix(pattern, "/api/v1/nominations/"):
		id = b.draft
	case strings.HasPrefix(pattern, "/api/v1/users/"):
		id = b.target
	}
	// Planning routes: a year of the programme, an agency, a bloc.
	pattern = strings.NewReplacer(":year", "2026", ":agency", "so_y_te", ":bloc", "government").Replace(pattern)
	return strings.Replace(pattern, ":id", id, 1)
}

// paddedJSON is a JSON object of exactly n bytes.
func paddedJSON(n int) []byte {
	return []byte(`{"title":"` + strings.Repeat("a", n-len(`{"title":""}`)) + `"}`)
}

// TestJSONBodyLimit sends every route with a body 1 MiB + 1 byte, with
// and without Content-Length: 413 with a JSON error, nothing appended. A
// body of exactly 1 MiB passes the limit.
func TestJSONBodyLimit(t *testing.T) {
	w := newBodyWorld(t, newWorld(t))
	for _, r := range w.bodyRoutes(t) {
		t.Run(r.key, func(t *testing.T) {
			e := w.refused(t, r.token, r.method, r.path, paddedJSON(maxBody+1), http.StatusRequestEntityTooLarge, "too_large")
			if e.Message != "Nội dung gửi lên quá lớn." {
				t.Errorf("message %q", e.Message)
			}
			if r.token != "" {
				streamed := io.MultiReader(bytes.NewReader(paddedJSON(maxBody + 1))) // no Content-Length
				w.refused(t, r.token, r.method, r.path, streamed, http.StatusRequestEntityTooLarge, "too_large")
			}
			if got := w.do(t, r.token, r.method, r.path, paddedJSON(maxBody)); got.status == http.StatusRequestEntityTooLarge {
				t.Errorf("a body of exactly 1 MiB: 413")
			}
		})
	}
	t.Run("a form page", func(t *testing.T) {
		b := w.loginAs(t, "soyte")
		form := url.Values{"full_name": {strings.Repeat("a", maxBody)}}
		b.post(t, "/officials", form).expect(t, http.StatusRequestEntityTooLarge)
	})
	t.Run("the roster import takes larger files", func(t *testing.T) {
		big := append(csvFile(rowHoa), bytes.Repeat([]byte("\n"), 2*maxBody)...)
		r := w.do(t, w.yte, http.MethodPost, importPath, big, "Content-Type", csvType)
		if r.status == http.StatusRequestEntityTooLarge || r.status >= 500 {
			t.Errorf("a 2 MiB roster file: %d %s", r.status, r.raw)
		}
	})
}

// TestWrongContentType sends a JSON body under other media types: 415
// with a message naming the one expected; nothing appended. JSON under
// its parameters or a +json type, or with no Content-Type (curl -d sends
// one), is read.
func TestWrongContentType(t *testing.T) {
	w := newWorld(t)
	body := officialBody("so_y_te")
	for _, ct := range []string{"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
		"application/xml", "text/csv", "application/json;;", "json"} {
		t.Run(ct, func(t *testing.T) {
			e := w.refused(t, w.yte, http.MethodPost, officials, body, http.StatusUnsupportedMediaType, "unsupported_media_type", "Content-Type", ct)
			if !strings.Contains(e.Message, "application/json") {
				t.Errorf("message %q does not name application/json", e.Message)
			}
		})
	}
	for _, ct := range []string{"application/json; charset=utf-8", "application/merge-patch+json", "APPLICATION/JSON", ""} {
		t.Run("accepted "+ct, func(t *testing.T) {
			created(t, w.do(t, w.yte, http.MethodPost, officials, body, "Content-Type", ct))
		})
	}
	t.Run("roster import as JSON", func(t *testing.T) {
		w.refused(t, w.yte, http.MethodPost, importPath, body, http.StatusBadRequest, "unsupported_media_type")
	})
}

// TestDeepJSON sends bodies nested far too deep to every route with a
// body: a clear 400, never a crash or a 500, nothing appended.
func TestDeepJSON(t *testing.T) {
	w := newBodyWorld(t, newWorld(t))
	bodies := map[string]string{
		"100,000 [":              strings.Repeat("[", 100_000),
		"100,000 { in a field":   `{"title":` + strings.Repeat(`{"a":`, 100_000),
		"65 levels, well-formed": strings.Repeat("[", maxDepth+1) + strings.Repeat("]", maxDepth+1),
	}
	for _, r := range w.bodyRoutes(t) {
		for name, body := range bodies {
			t.Run(r.key+"/"+name, func(t *testing.T) {
				e := w.refused(t, r.token, r.method, r.path, body, http.StatusBadRequest, "malformed_json")
				if !strings.Contains(e.Message, "quá sâu") {
					t.Errorf("message %q does not say the JSON is too deep", e.Message)
				}
			})
		}
	}
	t.Run("64 levels are not too deep", func(t *testing.T) {
		e := w.refused(t, w.yte, http.MethodPost, officials, strings.Repeat("[", maxDepth)+strings.Repeat("]", maxDepth), http.StatusBadRequest, "malformed_json")
		if strings.Contains(e.Message, "quá sâu") {
			t.Errorf("64 levels refused as too deep: %q", e.Message)
		}
	})
	t.Run("brackets inside strings do not count", func(t *testing.T) {
		title := strings.Repeat("[{", maxDepth) + " Quản lý bệnh viện"
		created(t, w.do(t, w.yte, http.MethodPost, nominations, with(nominationBody(w.yteOfficial), "title", title)))
	})
}

// TestInvalidUTF8 sends invalid UTF-8 in a JSON value and key, a query,
// a path and a web form: 400, nothing appended.
func TestInvalidUTF8(t *testing.T) {
	w := newWorld(t)
	w.refused(t, w.yte, http.MethodPost, officials, `{"full_name":"Nguy`+"\xff"+`n"}`, http.StatusBadRequest, "malformed_json")
	w.refused(t, w.yte, http.MethodPost, officials, `{"full_`+"\xc3"+`name":"Lan"}`, http.StatusBadRequest, "malformed_json")
	w.refused(t, w.yte, http.MethodGet, officials+"?q=Nguy%FFn", nil, http.StatusBadRequest, "invalid_utf8")
	w.refused(t, w.yte, http.MethodGet, officials+"/%C3%28", nil, http.StatusBadRequest, "invalid_utf8")
	w.refused(t, w.yte, http.MethodPost, nomPath(w.nominationIn(t, domain.StatusDraft), "submit")+"?x=%80", nil, http.StatusBadRequest, "invalid_utf8")

	b := w.loginAs(t, "soyte")
	form := officialForm(nil)
	form.Set("_csrf", b.get(t, "/officials/new").expect(t, http.StatusOK).csrf(t))
	form.Set("full_name", "Trần\xffMinh")
	before := w.lastSeq(t)
	p := b.post(t, "/officials", form).expect(t, http.StatusBadRequest)
	if !strings.Contains(p.errorMessage(), "UTF-8") {
		t.Errorf("error page says %q, want it to name UTF-8", p.errorMessage())
	}
	if after := w.lastSeq(t); after != before {
		t.Errorf("the log grew from %d to %d", before, after)
	}
}

// TestNormalisationNFC registers a name typed decomposed (NFD), finds it
// by its composed form and the other way round, and checks it is stored
// composed.
func TestNormalisationNFC(t *testing.T) {
	w := newWorld(t)
	nfd := norm.NFD.String("Nguyễn Văn Bình")
	if nfd == "Nguyễn Văn Bình" {
		t.Fatal("the NFD form is the NFC form: the test proves nothing")
	}
	id := w.official(t, w.yte, with(officialBody("so_y_te"), "full_name", nfd))
	got := w.do(t, w.yte, http.MethodGet, officials+"/"+id, nil).want(t, http.StatusOK).object(t)
	if got["full_name"] != "Nguyễn Văn Bình" || !norm.NFC.IsNormalString(got["full_name"].(string)) {
		t.Errorf("stored %q, want the NFC form", got["full_name"])
	}
	for _, q := range []string{norm.NFC.String("Nguyễn Văn"), norm.NFD.String("Nguyễn Văn"), norm.NFC.String("nguyễn văn bình"), norm.NFD.String("BÌNH")} {
		list := w.do(t, w.yte, http.MethodGet, officials+"?q="+url.QueryEscape(q), nil).want(t, http.StatusOK).list(t)
		if len(list) != 1 || list[0]["id"] != id {
			t.Errorf("q=%+q found %v, want the one official", q, list)
		}
	}
	page := w.loginAs(t, "soyte").get(t, "/officials?q="+url.QueryEscape(norm.NFD.String("Nguyễn Văn"))).expect(t, http.StatusOK)
	if rows := page.rows("main"); len(rows) != 1 {
		t.Errorf("the officials page found %d rows for the NFD query, want 1: %v", len(rows), rows)
	}
}

// TestRosterDuplicatesAcrossNormalisation imports two rows whose names
// differ only in Unicode normalisation (the same person twice), and a row
// that repeats, decomposed, an official registered composed.
func TestRosterDuplicatesAcrossNormalisation(t *testing.T) {
	w := newWorld(t)
	w.official(t, w.yte, with(officialBody("so_y_te"), "full_name", "Phạm Thị Hoa", "birth_date", "1980-02-03"))
	nfd := norm.NFD.String(rowHoa) // Phạm Thị Hoa, born 03/02/1980
	dung := norm.NFC.String(rowDung)
	file := csvFile(nfd, dung, norm.NFD.String(dung))
	rep := w.upload(t, w.yte, "", file, csvType).report(t, http.StatusOK)
	codes := map[int]string{}
	for _, e := range rep.Errors {
		codes[e.Row] = e.Code
	}
	want := map[int]string{2: "duplicate_on_roster", 4: "duplicate_in_file"}
	if len(codes) != len(want) || codes[2] != want[2] || codes[4] != want[4] {
		t.Errorf("errors by row %v, want %v; report %+v", codes, want, rep.Errors)
	}
	if rep.Valid != 1 || rep.Invalid != 2 {
		t.Errorf("valid %d invalid %d, want 1 and 2", rep.Valid, rep.Invalid)
	}
}
