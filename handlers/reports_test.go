package handlers_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"daotao/domain"
)

// reportJSON is a report as the API returns it.
type reportJSON struct {
	AsOf    string `json:"as_of"`
	LastSeq uint64 `json:"last_seq"`
	Day     string `json:"day"`
	Reports []struct {
		Name    string   `json:"name"`
		Title   string   `json:"title"`
		Columns []string `json:"columns"`
		Rows    [][]any  `json:"rows"`
	} `json:"reports"`
}

// value returns the cell of column col in the first row whose leading
// cells read as key.
func (r reportJSON) value(t *testing.T, col string, key ...string) string {
	t.Helper()
	text := func(v any) string {
		b, _ := json.Marshal(v)
		return strings.Trim(string(b), `"`)
	}
	rep := r.Reports[0]
	c := slices.Index(rep.Columns, col)
	for _, row := range rep.Rows {
		ok := c >= 0
		for i := 0; ok && i < len(key); i++ {
			ok = text(row[i]) == key[i]
		}
		if ok {
			return text(row[c])
		}
	}
	t.Fatalf("%s: no %s in row %v of %v", rep.Name, col, key, rep.Rows)
	return ""
}

func (w *world) report(t *testing.T, token, path string) reportJSON {
	t.Helper()
	var out reportJSON
	w.do(t, token, http.MethodGet, path, nil).want(t, http.StatusOK).into(t, &out)
	if len(out.Reports) != 1 {
		t.Fatalf("%s: %d reports, want 1", path, len(out.Reports))
	}
	return out
}

// TestReportsEveryFormat reads every report of the listing as JSON, CSV
// and XLSX (opened with excelize): the three carry the same columns and
// rows.
func TestReportsEveryFormat(t *testing.T) {
	w := newWorld(t)
	w.nominationIn(t, domain.StatusApproved)
	var infos []struct {
		Name      string   `json:"name"`
		Title     string   `json:"title"`
		PerAgency bool     `json:"per_agency"`
		Formats   []string `json:"formats"`
	}
	r := w.do(t, w.homeAffairs, http.MethodGet, "/api/v1/reports", nil).want(t, http.StatusOK)
	r.into(t, &infos)
	if len(infos) < 14 || r.header.Get("X-Total-Count") == "" {
		t.Fatalf("reports listed: %d (%s)", len(infos), r.header.Get("X-Total-Count"))
	}
	for _, info := range infos {
		t.Run(info.Name, func(t *testing.T) {
			path := "/api/v1/reports/" + info.Name
			js := w.report(t, w.homeAffairs, path)
			rep := js.Reports[0]
			if rep.Name != info.Name || rep.Title != info.Title || len(rep.Columns) == 0 || js.LastSeq == 0 {
				t.Fatalf("%s: %+v", path, js)
			}
			c := w.do(t, w.homeAffairs, http.MethodGet, path+"?format=csv", nil).want(t, http.StatusOK)
			if ct := c.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") || !strings.Contains(c.header.Get("Content-Disposition"), info.Name+".csv") {
				t.Errorf("CSV headers %q %q", ct, c.header.Get("Content-Disposition"))
			}
			records, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(c.raw, []byte("\uFEFF")))).ReadAll()
			if err != nil {
				t.Fatalf("CSV: %v\n%s", err, c.raw)
			}
			if !slices.Equal(records[0], rep.Columns) || len(records) != len(rep.Rows)+1 {
				t.Errorf("CSV header %v and %d rows; want %v and %d", records[0], len(records)-1, rep.Columns, len(rep.Rows))
			}
			x := w.do(t, w.homeAffairs, http.MethodGet, path+"?format=xlsx", nil).want(t, http.StatusOK)
			f, err := excelize.OpenReader(bytes.NewReader(x.raw))
			if err != nil {
				t.Fatalf("XLSX: %v", err)
			}
			defer f.Close()
			rows, err := f.GetRows("Báo cáo")
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(rows[0], rep.Columns) || len(rows) != len(rep.Rows)+1 {
				t.Errorf("XLSX header %v and %d rows; want %v and %d", rows[0], len(rows)-1, rep.Columns, len(rep.Rows))
			}
			for i, row := range rep.Rows {
				for j, v := range row {
					want := strings.Trim(mustJSON(t, v), `"`)
					got := ""
					if j < len(rows[i+1]) {
						got = rows[i+1][j]
					}
					if got != want {
						t.Fatalf("XLSX row %d column %s = %q; JSON %q", i+1, rep.Columns[j], got, want)
					}
				}
			}
			if name, _ := f.GetCellValue("Thông tin", "B2"); name != info.Name {
				t.Errorf("XLSX info sheet names %q", name)
			}
		})
	}
	w.do(t, w.yte, http.MethodGet, "/api/v1/reports/khong_co", nil).failure(t, http.StatusNotFound, "not_found")
	w.do(t, w.yte, http.MethodGet, "/api/v1/reports/targets?format=pdf", nil).failure(t, http.StatusBadRequest, "invalid", "format")
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestReportsPerAgency: an agency's officer reads only its own rows of a
// report kept per agency, and the whole of the others.
func TestReportsPerAgency(t *testing.T) {
	w := newWorld(t)
	w.nominationIn(t, domain.StatusApproved)
	tam := w.nomination(t, w.tamky, nominationBody(w.tamkyOfficial))
	_ = tam
	all := w.report(t, w.homeAffairs, "/api/v1/reports/agency_activity")
	agencies := func(r reportJSON) []string {
		var out []string
		for _, row := range r.Reports[0].Rows {
			out = append(out, row[0].(string))
		}
		return out
	}
	if got := agencies(all); !slices.Contains(got, "so_y_te") || !slices.Contains(got, "ubnd_tam_ky") {
		t.Fatalf("Sở Nội vụ sees agencies %v", got)
	}
	for _, a := range agencies(w.report(t, w.tamky, "/api/v1/reports/agency_activity")) {
		if a != "ubnd_tam_ky" {
			t.Errorf("UBND Tam Kỳ sees %s's row", a)
		}
	}
	gaps := w.report(t, w.tamky, "/api/v1/reports/target_gaps")
	for _, row := range gaps.Reports[0].Rows {
		if row[4] == "agency" && row[5] != "ubnd_tam_ky" {
			t.Errorf("UBND Tam Kỳ sees target_gaps row %v", row)
		}
	}
	if got := gaps.value(t, "roster", "boi_duong_2026", "refresher_trained", "20", "2026-12-31", "all", "all"); got == "0" {
		t.Error("the province-wide rows are missing for an agency")
	}
	whole := w.report(t, w.homeAffairs, "/api/v1/reports/roster_ages")
	if part := w.report(t, w.tamky, "/api/v1/reports/roster_ages"); len(part.Reports[0].Rows) != len(whole.Reports[0].Rows) {
		t.Error("roster_ages, read whole, lost rows for an agency")
	}
}

// asOfHistory scripts a history on the fake clock, at known days:
//
//	2025-06-02  the world: accounts, an official of each agency
//	2025-06-10  so_y_te drafts n (a refresher course)            → seq draft
//	2025-06-20  n submitted and passed by Sở Nội vụ
//	2025-07-01  n approved by the council
//	2025-07-05  n's official is renamed
func asOfHistory(t *testing.T) (w *world, n string, draft uint64) {
	t.Helper()
	w = newWorld(t)
	day := func(d string) {
		t.Helper()
		at, err := time.ParseInLocation("2006-01-02 15:04", d+" 09:00", domain.Zone)
		if err != nil {
			t.Fatal(err)
		}
		w.clock.Advance(at.Sub(w.clock.Now()))
		// Sessions end after 12 hours: everyone logs in again.
		w.yte, w.council, w.homeAffairs, w.standing = w.login(t, "soyte"), w.login(t, "hoidong"), w.login(t, "sonoivu"), w.login(t, "thuongtruc")
		w.auditor = w.login(t, "kiemtra")
	}
	day("2025-06-10")
	var made struct {
		ID  string `json:"id"`
		Seq uint64 `json:"seq"`
	}
	w.do(t, w.yte, http.MethodPost, "/api/v1/nominations", nominationBody(w.yteOfficial)).want(t, http.StatusCreated).into(t, &made)
	n, draft = made.ID, made.Seq
	day("2025-06-20")
	w.act(t, n, "submit").want(t, http.StatusOK)
	w.act(t, n, "approve").want(t, http.StatusOK)
	day("2025-07-01")
	if got := w.approveAll(t, n).want(t, http.StatusOK).object(t)["status"]; got != string(domain.StatusApproved) {
		t.Fatalf("n is %v, want approved", got)
	}
	day("2025-07-05")
	w.do(t, w.yte, http.MethodPatch, "/api/v1/officials/"+w.yteOfficial, map[string]any{"full_name": "Trần Thị Lan"}).want(t, http.StatusOK)
	day("2025-07-10")
	return w, n, draft
}

// TestAsOfEveryRouteType reads an item, a list, a report and pages as of
// several points of the scripted history and gets the historical answer,
// while nothing is appended and the current state stays as it is.
func TestAsOfEveryRouteType(t *testing.T) {
	w, n, draft := asOfHistory(t)
	last, err := w.store.LastSeq(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	applied := w.state.Applied()
	status := func(q string) string {
		t.Helper()
		var v domain.NominationView
		w.do(t, w.council, http.MethodGet, nomPath(n)+"?as_of="+url.QueryEscape(q), nil).want(t, http.StatusOK).into(t, &v)
		return string(v.Status)
	}
	for q, want := range map[string]string{
		"2025-06-10": "draft", "15/06/2025": "draft", "seq:" + itoa(draft): "draft",
		"2025-06-20T23:00:00+07:00": "submitted", "2025-06-30": "submitted", "01/07/2025": "approved", "": "approved",
	} {
		if got := status(q); got != want {
			t.Errorf("nomination as of %q: %s; want %s", q, got, want)
		}
	}
	r := w.do(t, w.council, http.MethodGet, nomPath(n)+"?as_of=2025-06-09", nil)
	r.failure(t, http.StatusNotFound, "not_found")
	if r.header.Get("X-As-Of") != "2025-06-09" {
		t.Errorf("X-As-Of = %q", r.header.Get("X-As-Of"))
	}
	// A list.
	for q, want := range map[string]string{"2025-06-09": "0", "2025-06-10": "1"} {
		l := w.do(t, w.council, http.MethodGet, "/api/v1/nominations?as_of="+q, nil).want(t, http.StatusOK)
		if got := l.header.Get("X-Total-Count"); got != want {
			t.Errorf("nominations as of %s: %s; want %s", q, got, want)
		}
	}
	// The audit trail reads the log itself: the log up to the cut.
	for q, want := range map[string]int{"2025-06-10": 1, "": 0} {
		var entries []map[string]any
		w.do(t, w.auditor, http.MethodGet, "/api/v1/audit/nominations/"+n+"?as_of="+q, nil).want(t, http.StatusOK).into(t, &entries)
		if q != "" && len(entries) != want {
			t.Errorf("audit trail as of %s: %d events; want %d", q, len(entries), want)
		}
		if q == "" && len(entries) < 4 {
			t.Errorf("audit trail now: %d events", len(entries))
		}
	}
	// The council's queue held n between Sở Nội vụ's check and its decision.
	for q, want := range map[string]string{"2025-06-15": "0", "2025-06-20": "1", "": "0"} {
		r := w.do(t, w.council, http.MethodGet, "/api/v1/queue?as_of="+q, nil).want(t, http.StatusOK)
		if got := r.header.Get("X-Total-Count"); got != want {
			t.Errorf("council queue as of %q: %s; want %s", q, got, want)
		}
	}
	// The next page of a list stays at the same point.
	pg := w.do(t, w.council, http.MethodGet, "/api/v1/officials?limit=1&as_of=seq:"+itoa(draft), nil).want(t, http.StatusOK)
	if l := pg.header.Get("Link"); !strings.Contains(l, "as_of=seq%3A"+itoa(draft)) || pg.header.Get("X-Total-Count") != "2" {
		t.Errorf("officials as of seq:%d: Link %q, total %s", draft, l, pg.header.Get("X-Total-Count"))
	}
	var off domain.OfficialView
	w.do(t, w.yte, http.MethodGet, "/api/v1/officials/"+w.yteOfficial+"?as_of=2025-07-04", nil).want(t, http.StatusOK).into(t, &off)
	if off.FullName != "Nguyễn Thị Lan" {
		t.Errorf("official as of 2025-07-04 is named %q", off.FullName)
	}
	// A report: the official took the refresher course on 2025-07-01.
	key := []string{"boi_duong_2026", "refresher_trained", "20", "2026-12-31", "agency", "so_y_te"}
	for q, want := range map[string]string{"2025-06-30": "0", "2025-07-01": "1", "seq:" + itoa(draft): "0"} {
		rep := w.report(t, w.homeAffairs, "/api/v1/reports/target_gaps?as_of="+url.QueryEscape(q))
		if got := rep.value(t, "achieved", key...); got != want {
			t.Errorf("target_gaps as of %s: so_y_te achieved %s; want %s", q, got, want)
		}
		if rep.AsOf == "" || rep.LastSeq == 0 || rep.LastSeq >= last {
			t.Errorf("target_gaps as of %s: as_of %q last_seq %d (log %d)", q, rep.AsOf, rep.LastSeq, last)
		}
	}
	// Pages.
	b := w.loginAs(t, "hoidong")
	p := b.get(t, "/nominations/"+n+"?as_of=2025-06-10").expect(t, http.StatusOK)
	if !strings.Contains(p.text("main"), domain.StatusDraft.Label()) {
		t.Errorf("nomination page as of 2025-06-10 does not show %q: %s", domain.StatusDraft.Label(), p.text("main"))
	}
	checkPastPage(t, p, "2025-06-10")
	dash := b.get(t, "/dashboard?as_of=2025-06-30").expect(t, http.StatusOK)
	checkPastPage(t, dash, "2025-06-30")
	// Nothing was written; the current state is the same.
	if now, _ := w.store.LastSeq(context.Background()); now != last+1 { // the login above
		t.Errorf("log grew from %d to %d during as-of reads", last, now)
	}
	if w.state.Applied() < applied || status("") != "approved" {
		t.Error("the current state changed")
	}
	// Bad as_of.
	for _, bad := range []string{"31/02/2025", "hôm qua", "seq:0", "seq:x"} {
		w.do(t, w.council, http.MethodGet, "/api/v1/nominations?as_of="+url.QueryEscape(bad), nil).failure(t, http.StatusBadRequest, "invalid", "as_of")
		if page := b.get(t, "/nominations?as_of="+url.QueryEscape(bad)).expect(t, http.StatusBadRequest); !strings.Contains(page.text("main"), "dd/mm/yyyy") {
			t.Errorf("%s: the page does not say what as_of takes: %s", page.req, page.text("main"))
		}
	}
}

func itoa(n uint64) string { return strconv.FormatUint(n, 10) }

// checkPastPage checks what every page of the past shows: the banner, the
// selector holding the point, every link within the site keeping as_of,
// and no form that could change anything but logging out.
func checkPastPage(t *testing.T, p page, asOf string) {
	t.Helper()
	checkHygiene(t, p)
	if len(p.all(".asof-banner")) != 1 {
		t.Errorf("%s: no banner of the past", p.req)
	}
	if got := attr(p.one(t, "form.asof-select input#asof-input"), "value"); got != asOf {
		t.Errorf("%s: selector holds %q", p.req, got)
	}
	for _, a := range p.all("a") {
		href := attr(a, "href")
		if attr(a, "data-asof") == "live" {
			if strings.Contains(href, "as_of") {
				t.Errorf("%s: the way back to the present %q keeps as_of", p.req, href)
			}
			continue
		}
		if !strings.HasPrefix(href, "/") || strings.HasPrefix(href, "/static/") {
			continue
		}
		u, err := url.Parse(href)
		if err != nil || u.Query().Get("as_of") != asOf {
			t.Errorf("%s: link %q loses as_of", p.req, href)
		}
	}
	for _, f := range p.all("form") {
		if strings.EqualFold(attr(f, "method"), "post") && attr(f, "action") != "/logout" && len(all(f, "fieldset.asof-readonly")) == 0 {
			t.Errorf("%s: form %q can still post", p.req, attr(f, "action"))
		}
	}
}

// TestReportPages: the list of reports, a report as a table with its
// drill-down and downloads, and the dashboard's charts.
func TestReportPages(t *testing.T) {
	w := newWorld(t)
	w.nominationIn(t, domain.StatusApproved)
	b := w.loginAs(t, "sonoivu")
	list := b.get(t, "/reports").expect(t, http.StatusOK)
	if n := len(list.all("ul.report-list li")); n < 14 {
		t.Errorf("/reports lists %d reports", n)
	}
	rep := b.get(t, "/reports/target_gaps").expect(t, http.StatusOK)
	rows := rep.all("table#report-table tbody tr")
	if len(rows) == 0 {
		t.Fatal("target_gaps page has no rows")
	}
	var groupDrill string
	for _, tr := range rows {
		cells := texts(all(tr, "td"))
		if cells[0] == "Bồi dưỡng chuyên sâu 20% đến 2026" && cells[4] == "Nhóm" && cells[5] == "Nhóm 3" {
			groupDrill = attr(first(tr, "a.drill"), "href")
		}
	}
	if u, _ := url.Parse(groupDrill); u == nil || u.Path != "/nominations" || u.Query().Get("group") != "3" || u.Query().Get("status") != "approved" {
		t.Fatalf("group 3 drills down to %q", groupDrill)
	}
	if got := b.get(t, groupDrill).expect(t, http.StatusOK); len(got.all("table tbody tr")) != 1 {
		t.Errorf("the drill-down of group 3 lists %d nominations, want 1", len(got.all("table tbody tr")))
	}
	downloads := rep.hrefs(".report-actions a")
	if !slices.Contains(downloads, "/reports/target_gaps/download?format=csv") || !slices.Contains(downloads, "/reports/target_gaps/download?format=xlsx") {
		t.Errorf("downloads %v", downloads)
	}
	x := b.get(t, "/reports/target_gaps/download?format=xlsx").expect(t, http.StatusOK)
	if f, err := excelize.OpenReader(bytes.NewReader(x.raw)); err != nil {
		t.Errorf("page XLSX: %v", err)
	} else {
		f.Close()
	}
	dash := b.get(t, "/dashboard").expect(t, http.StatusOK)
	charts := dash.all("figure.chart")
	if len(charts) < 5 {
		t.Fatalf("dashboard has %d charts", len(charts))
	}
	for _, ch := range charts {
		if len(all(ch, "svg a rect")) == 0 {
			t.Errorf("chart %s has no linked bars", attr(ch, "id"))
		}
	}
	if got := texts(dash.all("#target-boi_duong_2026 td")); len(got) != 4 || got[2] != "1" {
		t.Errorf("dashboard 2026 refresher target: %v (want 1 achieved)", got)
	}
	for _, a := range dash.all("svg a") {
		if h := attr(a, "href"); !strings.HasPrefix(h, "/nominations") && !strings.HasPrefix(h, "/reports/") && !strings.HasPrefix(h, "/officials") {
			t.Errorf("chart link %q", h)
		}
	}
	if len(dash.all("[style]")) != 0 || len(dash.all("script:not([src])")) != 0 {
		t.Error("dashboard has inline style or script")
	}
}

// checkDashboardPage: the dashboard has its charts and the targets' table.
func checkDashboardPage(t *testing.T, _ *webWorld, _ string, p page) {
	t.Helper()
	wantH1(t, p, "Bảng điều khiển mục tiêu")
	checkHygiene(t, p)
	if len(p.all("figure.chart svg")) < 5 || len(p.all("#targets-summary tbody tr")) != 4 {
		t.Errorf("%s: %d charts, %d targets", p.req, len(p.all("figure.chart svg")), len(p.all("#targets-summary tbody tr")))
	}
}

// checkReportsPage: every report is listed with its downloads.
func checkReportsPage(t *testing.T, _ *webWorld, _ string, p page) {
	t.Helper()
	wantH1(t, p, "Báo cáo")
	checkHygiene(t, p)
	if n := len(p.all("ul.report-list li")); n < 14 {
		t.Errorf("%s: %d reports", p.req, n)
	}
}

// checkAgencyActivityPage: an agency's officer sees only its own agency's
// rows; the others every agency's.
func checkAgencyActivityPage(t *testing.T, w *webWorld, user string, p page) {
	t.Helper()
	checkHygiene(t, p)
	names := map[string]bool{}
	for _, tr := range p.all("table#report-table tbody tr") {
		names[textOf(first(tr, "td"))] = true
	}
	yte, tamky := names["Sở Y tế"], names["UBND thành phố Tam Kỳ"]
	switch user {
	case "soyte":
		if !yte || tamky {
			t.Errorf("%s as soyte: agencies %v", p.req, names)
		}
	case "tamky":
		if yte {
			t.Errorf("%s as tamky: agencies %v", p.req, names)
		}
	default:
		if !yte {
			t.Errorf("%s as %s: agencies %v", p.req, user, names)
		}
	}
}
