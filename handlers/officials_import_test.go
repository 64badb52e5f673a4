package handlers_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"

	"daotao/domain"
	"daotao/events"
	"daotao/events/jetstream/jstest"
	"daotao/handlers"
	"daotao/handlers/roster"
	"daotao/projections"
)

const (
	importPath = "/api/v1/officials/import"
	csvType    = "text/csv"
	xlsxType   = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)

// rosterHeader is the header agencies write, as in the downloadable
// template.
const rosterHeader = "Họ và tên,Nhóm,Loại (CBCC/VC),Ngày sinh,Giới tính,Ngày bắt đầu công tác,Trình độ,\"Ngành, lĩnh vực\",Xếp loại 2024\n"

// Rows of a roster file: valid ones, and one with two cells wrong.
const (
	rowHoa  = "Phạm Thị Hoa,3,Công chức,03/02/1980,Nữ,01/08/2003,Thạc sĩ,Y tế,Hoàn thành tốt nhiệm vụ\n"
	rowDung = "Lê Văn Dũng,2,Viên chức,1975-06-30,Nam,15/9/1998,Tiến sĩ,\"Kinh tế, tài chính\",Xuất sắc\n"
	rowTam  = "Võ Thị Tâm,4,CBCC,20/11/1990,Nữ,02/01/2014,Đại học,Giáo dục,\n"
	rowBad  = "Đỗ Văn Bình,3,Công chức,31/02/1982,Không rõ,01/09/2008,Đại học,Y tế,Tốt\n"
)

func csvFile(rows ...string) []byte { return []byte(rosterHeader + strings.Join(rows, "")) }

// importReport is the JSON of an import's answer.
type importReport struct {
	Code      string           `json:"code"`
	Message   string           `json:"message"`
	Rows      int              `json:"rows"`
	Valid     int              `json:"valid"`
	Invalid   int              `json:"invalid"`
	Imported  int              `json:"imported"`
	Errors    []roster.Problem `json:"errors"`
	Officials []struct {
		Row      int    `json:"row"`
		ID       string `json:"id"`
		FullName string `json:"full_name"`
	} `json:"officials"`
	Seq            uint64   `json:"seq"`
	IgnoredColumns []string `json:"ignored_columns"`
}

// upload sends file to the import route with query, as contentType.
func (a *app) upload(t *testing.T, token, query string, file []byte, contentType string, headers ...string) response {
	t.Helper()
	return a.do(t, token, http.MethodPost, importPath+query, file, append([]string{"Content-Type", contentType}, headers...)...)
}

// report checks an import's status and decodes its report.
func (r response) report(t *testing.T, status int) importReport {
	t.Helper()
	var rep importReport
	r.want(t, status).into(t, &rep)
	return rep
}

// counts is rows, valid, invalid and imported of a report.
func (r importReport) counts() [4]int { return [4]int{r.Rows, r.Valid, r.Invalid, r.Imported} }

// at returns the row, column, field and code of each problem.
func (r importReport) at() []string {
	var out []string
	for _, p := range r.Errors {
		out = append(out, fmt.Sprintf("%d %s %s %s", p.Row, p.Column, p.Field, p.Code))
	}
	return out
}

func TestImportDryRun(t *testing.T) {
	w := newWorld(t)
	before := w.lastSeq(t)
	rep := w.upload(t, w.yte, "?mode=dry_run", csvFile(rowHoa, rowBad, rowDung), csvType).report(t, http.StatusOK)
	if got, want := rep.counts(), [4]int{3, 2, 1, 0}; got != want {
		t.Errorf("rows, valid, invalid, imported = %v, want %v", got, want)
	}
	want := []string{"3 Ngày sinh birth_date invalid", "3 Giới tính gender unknown_value"}
	if got := rep.at(); !slices.Equal(got, want) {
		t.Errorf("errors = %q, want %q", got, want)
	}
	for _, p := range rep.Errors {
		if p.Message == "" {
			t.Errorf("problem without a message: %+v", p)
		}
	}
	if len(rep.Officials) != 0 {
		t.Errorf("a dry run lists officials %+v", rep.Officials)
	}
	if after := w.lastSeq(t); after != before {
		t.Errorf("a dry run grew the log from seq %d to %d", before, after)
	}
	t.Run("the default mode is a dry run", func(t *testing.T) {
		w.upload(t, w.yte, "", csvFile(rowHoa), csvType).report(t, http.StatusOK)
		if after := w.lastSeq(t); after != before {
			t.Errorf("the log grew from seq %d to %d", before, after)
		}
	})
}

// TestImportRowErrors checks that each kind of mistake is reported on its
// row and column, with the domain's rules applied as of the fake today
// (2 June 2025).
func TestImportRowErrors(t *testing.T) {
	w := newWorld(t)
	header := "Họ và tên,Nhóm,Loại,Ngày sinh,Giới tính,Ngày bắt đầu công tác,Trình độ,Ngành,Xếp loại 2026,Cơ quan\n"
	valid := []string{"Phạm Thị Hoa", "3", "CBCC", "03/02/1980", "Nữ", "01/08/2003", "Thạc sĩ", "Y tế", "", "so_y_te"}
	tests := []struct {
		name string
		col  int
		val  string
		want string
	}{
		{"no name", 0, "", "2 Họ và tên full_name required"},
		{"digits in the name", 0, "Phạm Thị 2", "2 Họ và tên full_name invalid"},
		{"group 5", 1, "5", "2 Nhóm group unknown_value"},
		{"impossible date", 3, "30/02/1980", "2 Ngày sinh birth_date invalid"},
		{"over 70", 3, "01/01/1950", "2 Ngày sinh birth_date invalid"},
		{"service before 16", 5, "01/01/1990", "2 Ngày bắt đầu công tác service_start invalid"},
		{"service in the future", 5, "01/01/2026", "2 Ngày bắt đầu công tác service_start invalid"},
		{"unknown field", 7, "Thiên văn học", "2 Ngành field unknown_value"},
		{"a year not over yet", 8, "Tốt", "2 Xếp loại 2026 rating_2026 invalid"},
		{"another agency", 9, "ubnd_tam_ky", "2 Cơ quan agency_code other_agency"},
		{"another agency by name", 9, "UBND thành phố Tam Kỳ", "2 Cơ quan agency_code other_agency"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cells := slices.Clone(valid)
			cells[tt.col] = tt.val
			file := []byte(header + strings.Join(cells, ",") + "\n")
			rep := w.upload(t, w.yte, "", file, csvType).report(t, http.StatusOK)
			if got := rep.at(); !slices.Equal(got, []string{tt.want}) {
				t.Errorf("errors = %q, want [%q]", got, tt.want)
			}
		})
	}
	t.Run("own agency by code or name", func(t *testing.T) {
		for _, own := range []string{"so_y_te", "Sở Y tế", "SO Y TE"} {
			cells := slices.Clone(valid)
			cells[9] = own
			rep := w.upload(t, w.yte, "", []byte(header+strings.Join(cells, ",")+"\n"), csvType).report(t, http.StatusOK)
			if rep.Valid != 1 {
				t.Errorf("agency %q: errors %q, want none", own, rep.at())
			}
		}
		cells := slices.Clone(valid)
		cells[9] = "UBND TP Tam Kỳ"
		if rep := w.upload(t, w.tamky, "", []byte(header+strings.Join(cells, ",")+"\n"), csvType).report(t, http.StatusOK); rep.Valid != 1 {
			t.Errorf("Tam Kỳ as “UBND TP Tam Kỳ”: errors %q, want none", rep.at())
		}
	})
}

func TestImportDuplicates(t *testing.T) {
	w := newWorld(t) // Nguyễn Thị Lan, born 12/04/1985, is on both agencies' rosters
	w.official(t, w.tamky, with(officialBody("ubnd_tam_ky"), "full_name", "Trương Văn Lực"))
	lan := "nguyễn thị  LAN,3,Công chức,12/04/1985,Nữ,01/09/2009,Đại học,Y tế,\n"
	luc := "Trương Văn Lực,3,Công chức,1985-04-12,Nam,01/09/2009,Đại học,Y tế,\n"
	rep := w.upload(t, w.yte, "", csvFile(rowHoa, lan, rowHoa, luc), csvType).report(t, http.StatusOK)
	want := []string{"3 Họ và tên full_name duplicate_on_roster", "4 Họ và tên full_name duplicate_in_file"}
	if got := rep.at(); !slices.Equal(got, want) {
		t.Errorf("errors = %q, want %q (another agency's official is no duplicate)", got, want)
	}
	if !strings.Contains(rep.Errors[1].Message, "dòng 2") {
		t.Errorf("in-file duplicate message %q does not name the first row", rep.Errors[1].Message)
	}
}

func TestImportCommitAllOrNothing(t *testing.T) {
	w := newWorld(t)
	before := w.lastSeq(t)
	rep := w.upload(t, w.yte, "?mode=commit", csvFile(rowHoa, rowDung, rowBad), csvType).report(t, http.StatusUnprocessableEntity)
	if rep.Code != "import_refused" || rep.Message == "" || rep.Imported != 0 || rep.Invalid != 1 || len(rep.Errors) != 2 {
		t.Errorf("report = %+v; want import_refused with a message, the two errors and nothing imported", rep)
	}
	if after := w.lastSeq(t); after != before {
		t.Errorf("a refused import grew the log from seq %d to %d", before, after)
	}
	t.Run("no valid row, even partial", func(t *testing.T) {
		rep := w.upload(t, w.yte, "?mode=commit&all_or_nothing=false", csvFile(rowBad), csvType).report(t, http.StatusUnprocessableEntity)
		if rep.Code != "import_refused" || w.lastSeq(t) != before {
			t.Errorf("code %q, log at %d; want import_refused and the log at %d", rep.Code, w.lastSeq(t), before)
		}
	})
}

func TestImportCommit(t *testing.T) {
	w := newWorld(t)
	before := w.lastSeq(t)
	nfd := []byte(norm.NFD.String(string(csvFile(rowHoa, rowDung, rowTam))))
	rep := w.upload(t, w.yte, "?mode=commit&all_or_nothing=true", nfd, csvType).report(t, http.StatusCreated)
	if got, want := rep.counts(), [4]int{3, 3, 0, 3}; got != want {
		t.Fatalf("rows, valid, invalid, imported = %v, want %v", got, want)
	}
	if rep.Seq != before+3 {
		t.Errorf("seq = %d, want %d (the last event of the import)", rep.Seq, before+3)
	}
	w.wantOneBatch(t, before, 3)
	names := []string{"Phạm Thị Hoa", "Lê Văn Dũng", "Võ Thị Tâm"}
	for i, o := range rep.Officials {
		got := w.do(t, w.yte, http.MethodGet, fmt.Sprintf("%s/%s?min_seq=%d", officials, o.ID, rep.Seq), nil).want(t, http.StatusOK).object(t)
		if o.Row != i+2 || got["full_name"] != names[i] || got["agency_code"] != "so_y_te" {
			t.Errorf("official %d: row %d, %v of %v; want row %d, %q (NFC) of so_y_te", i, o.Row, got["full_name"], got["agency_code"], i+2, names[i])
		}
	}
	dung := w.do(t, w.yte, http.MethodGet, officials+"/"+rep.Officials[1].ID, nil).object(t)
	if dung["category"] != "vc" || dung["qualification"] != "tien_si" || dung["field"] != "kinh_te_tai_chinh" || dung["service_start"] != "1998-09-15" {
		t.Errorf("Lê Văn Dũng = %v; want vc, tien_si, kinh_te_tai_chinh, service from 1998-09-15", dung)
	}
	if r, _ := dung["ratings"].(map[string]any); r["2024"] != "xuat_sac" {
		t.Errorf("ratings = %v, want 2024 xuat_sac", dung["ratings"])
	}
}

// wantOneBatch checks that the log grew by exactly n events after seq,
// all official.registered, appended as one batch: the first event caused
// the others.
func (a *app) wantOneBatch(t *testing.T, seq uint64, n int) {
	t.Helper()
	var got []events.Recorded
	if err := a.store.Read(t.Context(), seq+1, 0, func(r events.Recorded) error { got = append(got, r); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(got) != n {
		t.Fatalf("the log grew by %d events, want %d", len(got), n)
	}
	for i, r := range got {
		if r.Type != events.TypeOfficialRegistered || (i > 0 && r.CausationID != got[0].ID) {
			t.Errorf("event %d: %s caused by %q; want official.registered caused by the first, %s", i, r.Type, r.CausationID, got[0].ID)
		}
	}
}

func TestImportCommitPartial(t *testing.T) {
	w := newWorld(t)
	before := w.lastSeq(t)
	rep := w.upload(t, w.yte, "?mode=commit&all_or_nothing=false", csvFile(rowHoa, rowBad, rowDung), csvType).report(t, http.StatusCreated)
	if got, want := rep.counts(), [4]int{3, 2, 1, 2}; got != want {
		t.Errorf("rows, valid, invalid, imported = %v, want %v", got, want)
	}
	if len(rep.Officials) != 2 || rep.Officials[0].Row != 2 || rep.Officials[1].Row != 4 || len(rep.Errors) != 2 {
		t.Errorf("officials %+v, errors %q; want rows 2 and 4 imported and row 3's two errors", rep.Officials, rep.at())
	}
	w.wantOneBatch(t, before, 2)
}

// TestImportFullFile commits the largest file there may be: 1,000
// officials in one atomic batch on the real JetStream server.
func TestImportFullFile(t *testing.T) {
	w := newWorld(t)
	before := w.lastSeq(t)
	rep := w.upload(t, w.yte, "?mode=commit", manyRows(roster.MaxRows), csvType).report(t, http.StatusCreated)
	if rep.Imported != roster.MaxRows || rep.Seq != before+roster.MaxRows {
		t.Fatalf("imported %d up to seq %d; want %d up to %d (errors %q)", rep.Imported, rep.Seq, roster.MaxRows, before+roster.MaxRows, rep.at())
	}
	w.wantOneBatch(t, before, roster.MaxRows)
}

// manyRows returns a valid file of n distinct officials.
func manyRows(n int) []byte {
	var b strings.Builder
	b.WriteString("full_name;group;category;birth_date;gender;service_start;qualification;field\n")
	for i := range n {
		fmt.Fprintf(&b, "Nguyễn Văn %c%c;3;cbcc;1980-01-%02d;nam;2005-09-01;dai_hoc;y_te\n", 'A'+rune(i/26%26), 'A'+rune(i%26), 1+i/676)
	}
	return []byte(b.String())
}

func TestImportRefusedFiles(t *testing.T) {
	w := newWorld(t)
	big := append(csvFile(rowHoa), bytes.Repeat([]byte(" "), roster.MaxBytes)...)
	tests := []struct {
		name, query string
		file        []byte
		ctype, code string
	}{
		{"1001 rows", "?mode=commit", manyRows(roster.MaxRows + 1), csvType, "too_many_rows"},
		{"over 5 MB", "?mode=commit", big, csvType, "file_too_large"},
		{"far over 5 MB", "?mode=commit", append(big, bytes.Repeat([]byte(" "), 3<<20)...), csvType, "file_too_large"},
		{"missing columns", "", []byte("Họ và tên\nPhạm Thị Hoa\n"), csvType, "missing_columns"},
		{"JSON", "", []byte(`{"full_name":"A"}`), "application/json", "unsupported_media_type"},
		{"unknown mode", "?mode=now", csvFile(rowHoa), csvType, "invalid"},
		{"bad all_or_nothing", "?all_or_nothing=maybe", csvFile(rowHoa), csvType, "invalid"},
		{"empty", "", nil, csvType, "file_empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w.refused(t, w.yte, http.MethodPost, importPath+tt.query, tt.file, http.StatusBadRequest, tt.code, "Content-Type", tt.ctype)
		})
	}
}

func TestImportRoles(t *testing.T) {
	w := newWorld(t)
	for name, token := range map[string]string{"council": w.council, "auditor": w.auditor, "admin": w.admin} {
		t.Run(name, func(t *testing.T) {
			w.refused(t, token, http.MethodPost, importPath+"?mode=commit", csvFile(rowHoa), http.StatusForbidden, "forbidden", "Content-Type", csvType)
		})
	}
	t.Run("no session", func(t *testing.T) {
		w.refused(t, "", http.MethodPost, importPath+"?mode=commit", csvFile(rowHoa), http.StatusUnauthorized, "", "Content-Type", csvType)
	})
	t.Run("the ImportRoster method checks the role too", func(t *testing.T) {
		council := events.Actor{UserID: "u", Username: "hoidong", Role: string(domain.RoleCouncil)}
		_, err := w.srv.ImportRoster(t.Context(), council, csvFile(rowHoa), handlers.ImportOptions{Commit: true})
		if domain.KindOf(err) != domain.KindForbidden {
			t.Errorf("ImportRoster as council = %v, want KindForbidden", err)
		}
	})
}

func TestImportIdempotent(t *testing.T) {
	w := newWorld(t)
	key := []string{"Idempotency-Key", "nhap-ds-2025-06"}
	file := csvFile(rowHoa, rowDung)
	first := w.upload(t, w.yte, "?mode=commit", file, csvType, key...).report(t, http.StatusCreated)
	after := w.lastSeq(t)
	again := w.upload(t, w.yte, "?mode=commit", file, csvType, key...).report(t, http.StatusCreated)
	if fmt.Sprint(again.Officials) != fmt.Sprint(first.Officials) || again.Imported != 2 || again.Seq != first.Seq || len(again.Errors) != 0 {
		t.Errorf("repeat = %+v; want the first answer %+v", again, first)
	}
	if got := w.lastSeq(t); got != after {
		t.Errorf("the repeat grew the log from seq %d to %d", after, got)
	}
	t.Run("without the key the same file is all duplicates", func(t *testing.T) {
		rep := w.upload(t, w.yte, "?mode=commit", file, csvType).report(t, http.StatusUnprocessableEntity)
		if rep.Invalid != 2 || rep.Errors[0].Code != roster.CodeDuplicateOnRoster {
			t.Errorf("errors = %q, want both rows duplicate_on_roster", rep.at())
		}
	})
	t.Run("the key with another file", func(t *testing.T) {
		w.refused(t, w.yte, http.MethodPost, importPath+"?mode=commit", csvFile(rowTam), http.StatusConflict, "idempotency_key_reused", append(key, "Content-Type", csvType)...)
	})
	t.Run("the key with another option", func(t *testing.T) {
		w.refused(t, w.yte, http.MethodPost, importPath+"?mode=commit&all_or_nothing=false", file, http.StatusConflict, "idempotency_key_reused", append(key, "Content-Type", csvType)...)
	})
}

func TestImportMultipart(t *testing.T) {
	w := newWorld(t)
	body, ctype := multipartFile(t, "danh-sach.csv", csvFile(rowHoa, rowDung))
	rep := w.upload(t, w.yte, "?mode=commit", body, ctype).report(t, http.StatusCreated)
	if rep.Imported != 2 {
		t.Errorf("imported %d, want 2 (errors %q)", rep.Imported, rep.at())
	}
	t.Run("without the file field", func(t *testing.T) {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		_ = mw.WriteField("note", "x")
		_ = mw.Close()
		w.refused(t, w.yte, http.MethodPost, importPath, buf.Bytes(), http.StatusBadRequest, "invalid", "Content-Type", mw.FormDataContentType())
	})
}

// multipartFile returns a multipart/form-data body with fields and the
// file field "file", and its content type.
func multipartFile(t *testing.T, name string, file []byte, fields ...string) ([]byte, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for i := 0; i+1 < len(fields); i += 2 {
		if err := mw.WriteField(fields[i], fields[i+1]); err != nil {
			t.Fatal(err)
		}
	}
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = fw.Write(file)
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), mw.FormDataContentType()
}

// spoiling is an event store whose batches carry one stale expectation,
// on their last event, so that the server must refuse each batch whole.
type spoiling struct{ events.Store }

func (s spoiling) AppendBatch(ctx context.Context, batch []events.Pending) ([]events.AppendResult, error) {
	b := slices.Clone(batch)
	b[len(b)-1].Expected = 1 << 40
	return s.Store.AppendBatch(ctx, b)
}

// TestImportFailedBatchLeavesNothing has the JetStream server refuse the
// import's batch on its last event: none of the officials before it may
// be stored.
func TestImportFailedBatchLeavesNothing(t *testing.T) {
	a := build(t, t.Context(), spoiling{jstest.Open(t)}, &clock{now: start})
	if err := a.srv.CatchUp(t.Context()); err != nil {
		t.Fatal(err)
	}
	token := a.user(t, "soyte", domain.RoleAgency, "so_y_te")
	before := a.lastSeq(t)
	a.refused(t, token, http.MethodPost, importPath+"?mode=commit", csvFile(rowHoa, rowDung, rowTam), http.StatusConflict, "conflict", "Content-Type", csvType)
	if _, total := a.state.Officials(projections.OfficialFilter{}, projections.Page{}); total != 0 {
		t.Errorf("%d officials on the roster after a refused batch, want 0", total)
	}
	if after := a.lastSeq(t); after != before {
		t.Errorf("LastSeq %d → %d after a refused batch", before, after)
	}
}

// TestImportXLSX sends a workbook as Excel saves it, with real date cells,
// as the body and as a multipart upload.
func TestImportXLSX(t *testing.T) {
	w := newWorld(t)
	x := excelize.NewFile()
	defer x.Close()
	rows := [][]any{
		{"HỌ VÀ TÊN", "NHÓM", "LOẠI (CBCC/VC)", "NGÀY SINH", "GIỚI TÍNH", "NGÀY BẮT ĐẦU CÔNG TÁC", "TRÌNH ĐỘ", "NGÀNH, LĨNH VỰC", "XẾP LOẠI 2024", "DÂN TỘC THIỂU SỐ"},
		{"Hồ Văn Sơn", 3, "Công chức", time.Date(1983, 7, 19, 0, 0, 0, 0, time.UTC), "Nam", time.Date(2006, 2, 1, 0, 0, 0, 0, time.UTC), "Thạc sĩ", "Nông nghiệp", "Hoàn thành tốt nhiệm vụ", true},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := x.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := x.Write(&buf); err != nil {
		t.Fatal(err)
	}
	rep := w.upload(t, w.yte, "", buf.Bytes(), xlsxType).report(t, http.StatusOK)
	if rep.Valid != 1 {
		t.Fatalf("dry run: %+v", rep)
	}
	body, ctype := multipartFile(t, "ds.xlsx", buf.Bytes())
	rep = w.upload(t, w.yte, "?mode=commit", body, ctype).report(t, http.StatusCreated)
	got := w.do(t, w.yte, http.MethodGet, officials+"/"+rep.Officials[0].ID, nil).want(t, http.StatusOK).object(t)
	if got["birth_date"] != "1983-07-19" || got["service_start"] != "2006-02-01" || got["field"] != "nong_nghiep" || got["ethnic_minority"] != true {
		t.Errorf("official = %v; want the dates of the date cells, nong_nghiep, ethnic minority", got)
	}
}
