package roster_test

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"

	"daotao/domain"
	"daotao/events"
	"daotao/handlers/roster"
)

// vietnameseCSV is a roster as an agency writes it: a title above the
// header, Vietnamese headers and values.
const vietnameseCSV = "DANH SÁCH CÁN BỘ LÃNH ĐẠO, QUẢN LÝ\n" +
	"Họ và tên,Nhóm,Loại (CBCC/VC),Ngày sinh,Giới tính,Ngày bắt đầu công tác,Trình độ,\"Ngành, lĩnh vực\",Trong quy hoạch,Xếp loại 2024,STT\n" +
	"Nguyễn Thị Lan,3,Công chức,12/04/1985,Nữ,01/09/2009,Thạc sĩ,Y tế,Có,Hoàn thành tốt nhiệm vụ,1\n" +
	"\n" +
	"Trần Văn Minh,Nhóm 2,Viên chức,1978-11-05,Nam,15/8/2001,Đại học,\"Kinh tế, tài chính\",Không,Hoàn thành xuất sắc nhiệm vụ,2\n"

func parse(t *testing.T, data []byte) *roster.File {
	t.Helper()
	f, err := roster.Parse(data)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return f
}

// lan and minh are the profiles of vietnameseCSV.
var (
	lan = events.OfficialProfile{FullName: "Nguyễn Thị Lan", Group: 3, Category: "cbcc", BirthDate: events.NewDate(1985, 4, 12),
		Gender: "nu", ServiceStart: events.NewDate(2009, 9, 1), Qualification: "thac_si", Field: "y_te",
		OfficialFacts: events.OfficialFacts{InPlanningPool: true, Ratings: map[string]string{"2024": "tot"}}}
	minh = events.OfficialProfile{FullName: "Trần Văn Minh", Group: 2, Category: "vc", BirthDate: events.NewDate(1978, 11, 5),
		Gender: "nam", ServiceStart: events.NewDate(2001, 8, 15), Qualification: "dai_hoc", Field: "kinh_te_tai_chinh",
		OfficialFacts: events.OfficialFacts{Ratings: map[string]string{"2024": "xuat_sac"}}}
)

func TestParseCSV(t *testing.T) {
	semicolon := strings.NewReplacer(",\"Ngành, lĩnh vực\",", ";\"Ngành, lĩnh vực\";", ",\"Kinh tế, tài chính\",", ";\"Kinh tế, tài chính\";", ",", ";").Replace(vietnameseCSV)
	tests := []struct {
		name string
		data string
	}{
		{"comma", vietnameseCSV},
		{"comma with BOM", "\uFEFF" + vietnameseCSV},
		{"semicolon", semicolon},
		{"CRLF", strings.ReplaceAll(vietnameseCSV, "\n", "\r\n")},
		{"decomposed Unicode (NFD)", norm.NFD.String(vietnameseCSV)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := parse(t, []byte(tt.data))
			wantRows(t, f, []int{3, 5}, lan, minh)
			if got := f.Ignored; len(got) != 1 || got[0] != "STT" {
				t.Errorf("ignored columns = %q, want [STT]", got)
			}
			if got := f.Header("category"); got != "Loại (CBCC/VC)" {
				t.Errorf("Header(category) = %q, want the header as written", got)
			}
		})
	}
}

// wantRows checks that f has rows numbered nums with profiles want and no
// problems.
func wantRows(t *testing.T, f *roster.File, nums []int, want ...events.OfficialProfile) {
	t.Helper()
	if len(f.Rows) != len(want) {
		t.Fatalf("%d rows, want %d", len(f.Rows), len(want))
	}
	for i, r := range f.Rows {
		if r.Number != nums[i] || len(r.Problems) != 0 {
			t.Errorf("row %d: number %d, problems %+v; want number %d and no problems", i, r.Number, r.Problems, nums[i])
		}
		if got, w := fmt.Sprintf("%+v", r.Profile), fmt.Sprintf("%+v", want[i]); got != w {
			t.Errorf("row %d profile\n got %s\nwant %s", r.Number, got, w)
		}
	}
}

func TestParseAPIHeaders(t *testing.T) {
	data := "full_name,group,category,birth_date,gender,service_start,qualification,field,probation_end,in_planning_pool,discipline,prior_postgrad_nomination,ethnic_minority,travel_barred,rating_2023,rating_2024,agency_code\n" +
		"Nguyễn Thị Lan,3,cbcc,1985-04-12,nu,2009-09-01,thac_si,y_te,2010-09-01,true,none,false,yes,no,tot,xuat_sac,so_y_te\n"
	f := parse(t, []byte(data))
	want := lan
	want.OfficialFacts = events.OfficialFacts{Ratings: map[string]string{"2023": "tot", "2024": "xuat_sac"}, ProbationEnd: events.NewDate(2010, 9, 1),
		InPlanningPool: true, Discipline: "none", EthnicMinority: true}
	wantRows(t, f, []int{2}, want)
	if got := f.Rows[0].Agency; got != "so_y_te" {
		t.Errorf("agency = %q, want so_y_te", got)
	}
}

func TestParseHeadersWithoutDiacritics(t *testing.T) {
	data := "HO VA TEN;NHOM;LOAI;NGAY SINH;GIOI TINH;NGAY BAT DAU CONG TAC;TRINH DO CHUYEN MON;NGANH LINH VUC DAO TAO;KET QUA DANH GIA, XEP LOAI CHAT LUONG NAM 2024\n" +
		"Nguyễn Thị Lan;III;CBCC;12/04/1985;nu;01/09/2009;ThS;Y TE;HTTNV\n"
	want := lan
	want.OfficialFacts = events.OfficialFacts{Ratings: map[string]string{"2024": "tot"}}
	wantRows(t, parse(t, []byte(data)), []int{2}, want)
}

// TestParseXLSX reads a workbook made as Excel makes one: the header on
// row 2 under a title, a real date cell, a date typed as text, numbers.
func TestParseXLSX(t *testing.T) {
	x := excelize.NewFile()
	defer x.Close()
	rows := [][]any{
		{"Danh sách cán bộ"},
		{"Họ và tên", "Nhóm", "Loại (CBCC/VC)", "Ngày sinh", "Giới tính", "Ngày bắt đầu công tác", "Trình độ", "Ngành, lĩnh vực", "Trong quy hoạch", "Xếp loại 2024"},
		{"(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)", "(10)"},
		{"Nguyễn Thị Lan", 3, "Công chức", time.Date(1985, 4, 12, 0, 0, 0, 0, time.UTC), "Nữ", "01/09/2009", "Thạc sĩ", "Y tế", true, "Hoàn thành tốt nhiệm vụ"},
		{"Trần Văn Minh", 2.0, "VC", "05/11/1978", "Nam", time.Date(2001, 8, 15, 0, 0, 0, 0, time.UTC), "Đại học", "Kinh tế, tài chính", false, "Xuất sắc"},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := x.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	if kind, _ := x.GetCellType("Sheet1", "D4"); kind == excelize.CellTypeSharedString || kind == excelize.CellTypeInlineString {
		t.Fatalf("D4 is stored as text (%v); the test needs a real date cell", kind)
	}
	wantRows(t, parse(t, workbook(t, x)), []int{4, 5}, lan, minh)
}

func workbook(t *testing.T, x *excelize.File) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := x.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestParseCellProblems(t *testing.T) {
	data := "Họ và tên,Nhóm,Loại,Ngày sinh,Giới tính,Ngày bắt đầu công tác,Trình độ,Ngành,Xếp loại 2024,Dân tộc thiểu số\n" +
		"Lê Văn A,5,Công chức,31/02/1980,Nam,01/09/2009,Đại học,Y tế,Tốt,Có\n" +
		",3,Hợp đồng,12/04/1985,Khác,1985,Cao đẳng,Thiên văn,Giỏi,Có lẽ\n"
	f := parse(t, []byte(data))
	want := []roster.Problem{
		{Row: 2, Column: "Nhóm", Field: "group", Code: roster.CodeUnknownValue},
		{Row: 2, Column: "Ngày sinh", Field: "birth_date", Code: roster.CodeInvalid},
		{Row: 3, Column: "Họ và tên", Field: "full_name", Code: roster.CodeRequired},
		{Row: 3, Column: "Loại", Field: "category", Code: roster.CodeUnknownValue},
		{Row: 3, Column: "Giới tính", Field: "gender", Code: roster.CodeUnknownValue},
		{Row: 3, Column: "Ngày bắt đầu công tác", Field: "service_start", Code: roster.CodeInvalid},
		{Row: 3, Column: "Trình độ", Field: "qualification", Code: roster.CodeUnknownValue},
		{Row: 3, Column: "Ngành", Field: "field", Code: roster.CodeUnknownValue},
		{Row: 3, Column: "Xếp loại 2024", Field: "rating_2024", Code: roster.CodeUnknownValue},
		{Row: 3, Column: "Dân tộc thiểu số", Field: "ethnic_minority", Code: roster.CodeUnknownValue},
	}
	var got []roster.Problem
	for _, r := range f.Rows {
		for _, p := range r.Problems {
			if p.Message == "" {
				t.Errorf("problem without message: %+v", p)
			}
			p.Message = ""
			got = append(got, p)
		}
	}
	if g, w := fmt.Sprint(got), fmt.Sprint(want); g != w {
		t.Errorf("problems\n got %s\nwant %s", g, w)
	}
}

func TestParseFileErrors(t *testing.T) {
	header := "Họ và tên,Nhóm,Loại,Ngày sinh,Giới tính,Ngày bắt đầu công tác,Trình độ,Ngành\n"
	row := "Nguyễn Thị Lan,3,CBCC,12/04/1985,Nữ,01/09/2009,Đại học,Y tế\n"
	tests := []struct {
		name, data, code string
	}{
		{"empty", "", "file_empty"},
		{"only a BOM", "\uFEFF\n\n", "file_empty"},
		{"header only", header, "no_rows"},
		{"missing columns", "Họ và tên,Ngày sinh\nA,12/04/1985\n", "missing_columns"},
		{"a column twice", strings.TrimSuffix(header, "\n") + ",Họ tên\n" + row, "duplicate_column"},
		{"1001 rows", header + strings.Repeat(row, roster.MaxRows+1), "too_many_rows"},
		{"far too many rows", header + strings.Repeat(row, 3*roster.MaxRows), "too_many_rows"},
		{"Excel 97-2003", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest", "unsupported_format"},
		{"Windows-1258", "H\xE4 v\xE0 t\xEAn\n", "encoding"},
		{"unbalanced quote", header + "\"Nguyễn Thị Lan,3\n", "malformed_csv"},
		{"broken xlsx", "PK\x03\x04garbage", "malformed_xlsx"},
		{"over 5 MB", header + strings.Repeat(" ", roster.MaxBytes), "file_too_large"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := roster.Parse([]byte(tt.data))
			var de *domain.Error
			if !errors.As(err, &de) || de.Kind != domain.KindInvalid || de.Code != tt.code || de.Message == "" {
				t.Fatalf("Parse error = %v; want KindInvalid %s with a message", err, tt.code)
			}
		})
	}
}

func TestParseMissingColumnsNamed(t *testing.T) {
	_, err := roster.Parse([]byte("Họ và tên,Ngày sinh,Nhóm\nA,12/04/1985,3\n"))
	var de *domain.Error
	if !errors.As(err, &de) {
		t.Fatalf("Parse error = %v; want *domain.Error", err)
	}
	for _, f := range []string{"category", "gender", "service_start", "qualification", "field"} {
		if de.Fields[f] == "" {
			t.Errorf("missing column %s not named in %v", f, de.Fields)
		}
	}
	if !strings.Contains(de.Message, "Giới tính") {
		t.Errorf("message %q does not name the missing Vietnamese header", de.Message)
	}
}

func TestParseExactlyMaxRows(t *testing.T) {
	var b strings.Builder
	b.WriteString("full_name,group,category,birth_date,gender,service_start,qualification,field\n")
	for i := range roster.MaxRows {
		fmt.Fprintf(&b, "Người Thứ %c,3,cbcc,1985-04-12,nu,2009-09-01,dai_hoc,y_te\n", 'A'+rune(i%26))
	}
	if f := parse(t, []byte(b.String())); len(f.Rows) != roster.MaxRows {
		t.Errorf("%d rows, want %d", len(f.Rows), roster.MaxRows)
	}
}
