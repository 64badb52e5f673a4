package roster

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"regexp"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// table is a sheet's non-empty rows as read, before the header is known.
type table struct {
	sheet
	records []record
}

// sheet says how the cells of a table are to be read.
type sheet struct {
	serials  bool // a number in a date column is a spreadsheet date serial
	date1904 bool // the workbook counts days from 1904
}

// record is one non-empty row: its number in the file and its cells.
type record struct {
	num   int
	cells []string
}

// Reading limits beyond MaxBytes and MaxRows. A title may stand above the
// header, so the header is looked for in the first headerSearch rows.
const (
	headerSearch = 20
	maxRecords   = MaxRows + headerSearch + 1
	maxColumns   = 256
	// An XLSX file is a zip archive: its content is bounded when
	// unpacked, so that a small file cannot expand without limit.
	maxUnzipped    = 64 << 20
	maxUnzippedXML = 16 << 20
)

var (
	zipMagic = []byte("PK\x03\x04")
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0} // Excel 97–2003 (.xls)
	utf8BOM  = []byte{0xEF, 0xBB, 0xBF}
)

func readTable(data []byte) (*table, error) {
	var t *table
	var err error
	switch {
	case len(bytes.TrimSpace(bytes.TrimPrefix(data, utf8BOM))) == 0:
		return nil, fileError("file_empty", "Tệp trống.")
	case bytes.HasPrefix(data, zipMagic):
		t, err = readXLSX(data)
	case bytes.HasPrefix(data, oleMagic):
		return nil, fileError("unsupported_format", "Tệp .xls (Excel 97–2003) không được hỗ trợ. Trong Excel chọn Lưu thành (Save As) dạng .xlsx hoặc CSV UTF-8 rồi gửi lại.")
	default:
		t, err = readCSV(data)
	}
	if err == nil && len(t.records) == 0 {
		err = fileError("file_empty", "Tệp không có dòng nào có dữ liệu.")
	}
	return t, err
}

// add keeps a row unless it is empty. It fails on a row too wide or one
// row too many.
func (t *table) add(num int, cells []string) error {
	for i := range cells {
		cells[i] = clean(cells[i])
	}
	for len(cells) > 0 && cells[len(cells)-1] == "" {
		cells = cells[:len(cells)-1]
	}
	switch {
	case len(cells) == 0:
		return nil
	case len(cells) > maxColumns:
		return fileError("too_many_columns", "Dòng "+strconv.Itoa(num)+" có hơn 256 cột; hãy chỉ giữ các cột của danh sách.")
	case len(t.records) == maxRecords:
		return tooManyRows()
	}
	t.records = append(t.records, record{num: num, cells: cells})
	return nil
}

// headerRow returns the index of the header among the records: the first
// of the first headerSearch rows that names the full name and most other
// fields, or the first row when none does.
func (t *table) headerRow() int {
	best, score := 0, 1
	for i, r := range t.records[:min(len(t.records), headerSearch)] {
		if s := headerScore(r.cells); s > score {
			best, score = i, s
		}
	}
	return best
}

// columnNumbers matches the cells of a row that numbers the columns under
// the header, as official forms do: "(1)", "(2)", ...
var columnNumbers = regexp.MustCompile(`^\(\d{1,3}\)$`)

func numbering(r record) bool {
	for _, c := range r.cells {
		if c != "" && !columnNumbers.MatchString(c) {
			return false
		}
	}
	return true
}

func readCSV(data []byte) (*table, error) {
	data = bytes.TrimPrefix(data, utf8BOM)
	if !utf8.Valid(data) {
		return nil, fileError("encoding", "Tệp CSV không ở mã UTF-8, nên chữ có dấu sẽ sai. Trong Excel chọn Lưu thành (Save As) → “CSV UTF-8 (Comma delimited)”, hoặc gửi tệp .xlsx.")
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = separator(data)
	r.FieldsPerRecord = -1
	t := &table{}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return t, nil
		}
		if err != nil {
			return nil, csvError(err)
		}
		line, _ := r.FieldPos(0)
		if err := t.add(line, rec); err != nil {
			return nil, err
		}
	}
}

func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fileError("malformed_csv", "Tệp CSV lỗi ở dòng "+strconv.Itoa(pe.Line)+": dấu ngoặc kép (\") không khớp. Ô có dấu phẩy hoặc ngoặc kép phải đặt trong ngoặc kép, ngoặc kép bên trong viết hai lần (\"\").")
	}
	return fileError("malformed_csv", "Không đọc được tệp CSV.")
}

// separator guesses the field separator from the first line: a semicolon
// (as Excel writes CSV where the decimal mark is a comma) or a tab when
// there are more of them outside quotes than commas, else a comma.
func separator(data []byte) rune {
	line, _, _ := bytes.Cut(data, []byte("\n"))
	counts := map[rune]int{}
	quoted := false
	for _, c := range string(line) {
		if c == '"' {
			quoted = !quoted
		} else if !quoted {
			counts[c]++
		}
	}
	best := ','
	for _, c := range []rune{';', '\t'} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return best
}

func readXLSX(data []byte) (*table, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxUnzipped, UnzipXMLSizeLimit: maxUnzippedXML})
	if err != nil {
		return nil, xlsxError(err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, xlsxError(errors.New("no sheet"))
	}
	t := &table{sheet: sheet{serials: true}}
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		t.date1904 = *props.Date1904
	}
	return t, t.readRows(f, sheets[0])
}

// readRows reads the sheet's cells as stored, not as displayed: a date is
// its serial number, whatever format shows it.
func (t *table) readRows(f *excelize.File, name string) error {
	rows, err := f.Rows(name)
	if err != nil {
		return xlsxError(err)
	}
	defer rows.Close()
	for num := 1; rows.Next(); num++ {
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return xlsxError(err)
		}
		if err := t.add(num, cells); err != nil {
			return err
		}
	}
	if err := rows.Error(); err != nil {
		return xlsxError(err)
	}
	return nil
}

func xlsxError(err error) error {
	e := fileError("malformed_xlsx", "Không đọc được tệp Excel (.xlsx): tệp hỏng, có mật khẩu hoặc không phải bảng tính. Hãy mở lại bằng Excel, lưu dạng .xlsx hoặc CSV UTF-8 rồi gửi lại.")
	e.Err = err
	return e
}

// toTime converts a spreadsheet date serial.
func (s sheet) toTime(n float64) (time.Time, error) {
	return excelize.ExcelDateToTime(n, s.date1904)
}
