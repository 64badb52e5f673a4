package roster_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"

	"daotao/domain"
	"daotao/handlers/roster"
)

// sheetPath is where a workbook keeps its first sheet.
const sheetPath = "xl/worksheets/sheet1.xml"

// FuzzRosterImport parses arbitrary bytes as a roster file, and arbitrary
// bytes as the first sheet of an otherwise valid workbook (asSheet), so
// that the fuzzer reaches the spreadsheet reader beyond the zip's
// checksums. Parse never panics; a file it refuses gets a KindInvalid
// error with a code and a message; a file it reads reports every problem
// on a row, at a column of the file, with a code and a message. Seeds:
// testdata/fuzz/FuzzRosterImport.
func FuzzRosterImport(f *testing.F) {
	members := workbookMembers(f)
	f.Fuzz(func(t *testing.T, data []byte, asSheet bool) {
		if asSheet {
			data = withSheet(t, members, data)
		}
		file, err := roster.Parse(data)
		if err != nil {
			checkRefusal(t, err)
			return
		}
		checkFile(t, file)
	})
}

func checkRefusal(t *testing.T, err error) {
	t.Helper()
	var de *domain.Error
	if !errors.As(err, &de) || de.Kind != domain.KindInvalid || de.Code == "" || de.Message == "" {
		t.Fatalf("refused with %#v, want a KindInvalid *domain.Error with a code and a message", err)
	}
}

var problemCodes = []string{roster.CodeRequired, roster.CodeInvalid, roster.CodeUnknownValue}

func checkFile(t *testing.T, f *roster.File) {
	t.Helper()
	if len(f.Rows) == 0 || len(f.Rows) > roster.MaxRows {
		t.Fatalf("%d rows read; want 1 to %d", len(f.Rows), roster.MaxRows)
	}
	last := 0
	for _, r := range f.Rows {
		if r.Number <= last {
			t.Fatalf("row %d after row %d", r.Number, last)
		}
		last = r.Number
		for _, p := range r.Problems {
			if p.Row != r.Number || p.Field == "" || p.Column != f.Header(p.Field) || p.Message == "" || !slices.Contains(problemCodes, p.Code) {
				t.Fatalf("row %d: problem %+v; want it on the row, at the column of its field, with a known code and a message", r.Number, p)
			}
		}
	}
}

// workbookMembers returns the files of a valid one-sheet workbook.
func workbookMembers(tb testing.TB) []zipMember {
	tb.Helper()
	x := excelize.NewFile()
	defer x.Close()
	var buf bytes.Buffer
	if err := x.Write(&buf); err != nil {
		tb.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		tb.Fatal(err)
	}
	var out []zipMember
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			tb.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, zipMember{zf.Name, b})
	}
	if !slices.ContainsFunc(out, func(m zipMember) bool { return m.name == sheetPath }) {
		tb.Fatalf("the workbook has no %s", sheetPath)
	}
	return out
}

type zipMember struct {
	name string
	data []byte
}

// withSheet returns the workbook of members with sheet as its first sheet.
func withSheet(tb testing.TB, members []zipMember, sheet []byte) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, m := range members {
		data := m.data
		if m.name == sheetPath {
			data = sheet
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: m.name, Method: zip.Store})
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := w.Write(data); err != nil {
			tb.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}
