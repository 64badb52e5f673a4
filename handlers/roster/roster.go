// Package roster reads the list of officials an agency keeps, as a CSV or
// XLSX file, into officials' profiles, with a problem for every cell it
// cannot read. It knows spreadsheets, not the rules: whether a profile may
// be registered is for package domain to decide, and whether it is already
// on the roster for the caller.
//
// Headers may be the API's field names or the Vietnamese ones agencies
// write ("Họ và tên", "Loại (CBCC/VC)", "Xếp loại 2024"), in any case and
// with or without diacritics; values too ("Nữ", "Viên chức", "Thạc sĩ",
// "Hoàn thành tốt nhiệm vụ", "Có"). Rows above the header (a title) and
// blank rows are skipped.
package roster

import (
	"slices"
	"strings"

	"daotao/domain"
	"daotao/events"
)

// Limits of one file. A file's officials are registered in one atomic
// batch, so a file holds at most events.MaxBatch of them.
const (
	MaxRows  = events.MaxBatch
	MaxBytes = 5 << 20
)

// Problem is one thing wrong with a row of a file.
type Problem struct {
	// Row is the row's number in the file, counting from 1 with the
	// header (and any title rows above it) included.
	Row int `json:"row"`
	// Column is the header of the column as written in the file; empty
	// when the problem is the whole row's.
	Column string `json:"column"`
	// Field is the API name of the field, e.g. "birth_date".
	Field string `json:"field"`
	// Code is one of the Code constants.
	Code string `json:"code"`
	// Message says in Vietnamese what is wrong and what to write.
	Message string `json:"message"`
}

// Row is one data row: the profile read from it, the agency it names (as
// written; empty without an agency column) and what could not be read.
type Row struct {
	Number   int
	Profile  events.OfficialProfile
	Agency   string
	Problems []Problem
}

// File is a roster as read.
type File struct {
	Rows    []Row
	Columns []Column
	// Ignored are the headers of columns that name no field.
	Ignored []string
}

// Parse reads data, an XLSX workbook (its first sheet) or a CSV file
// (UTF-8, comma or semicolon separated). It returns a KindInvalid
// *domain.Error when the file cannot be used at all: empty, too large,
// another format, not UTF-8, without the required columns, or with more
// than MaxRows data rows. Problems with single cells are in the rows.
func Parse(data []byte) (*File, error) {
	if len(data) > MaxBytes {
		return nil, TooLarge()
	}
	t, err := readTable(data)
	if err != nil {
		return nil, err
	}
	h := t.headerRow()
	cols, ignored, err := mapColumns(t.records[h].cells)
	if err != nil {
		return nil, err
	}
	recs := slices.DeleteFunc(slices.Clone(t.records[h+1:]), numbering)
	if err := checkCount(len(recs)); err != nil {
		return nil, err
	}
	f := &File{Columns: cols, Ignored: ignored}
	for _, r := range recs {
		f.Rows = append(f.Rows, t.readRow(r, cols))
	}
	return f, nil
}

// TooLarge is the error for a file over MaxBytes.
func TooLarge() *domain.Error {
	return fileError("file_too_large", "Tệp lớn hơn 5 MB. Hãy chia danh sách thành nhiều tệp, mỗi tệp tối đa 1.000 người.")
}

func checkCount(n int) error {
	switch {
	case n == 0:
		return fileError("no_rows", "Tệp không có dòng dữ liệu nào dưới dòng tiêu đề.")
	case n > MaxRows:
		return tooManyRows()
	}
	return nil
}

func tooManyRows() *domain.Error {
	return fileError("too_many_rows", "Tệp có hơn 1.000 dòng dữ liệu; mỗi lần chỉ nhập được tối đa 1.000 người. Hãy chia thành nhiều tệp.")
}

// Header returns the header of the column of field as written in the
// file, "" when the file has no such column.
func (f *File) Header(field string) string {
	if i := f.Position(field); i >= 0 {
		return f.Columns[i].Header
	}
	return ""
}

// Position returns the place of field's column among the recognised
// columns, -1 when there is none.
func (f *File) Position(field string) int {
	return slices.IndexFunc(f.Columns, func(c Column) bool { return c.Field == field })
}

// Ratings returns the rating columns, in file order.
func (f *File) Ratings() []Column {
	var out []Column
	for _, c := range f.Columns {
		if strings.HasPrefix(c.Field, ratingField) {
			out = append(out, c)
		}
	}
	return out
}

func fileError(code, msg string) *domain.Error {
	return &domain.Error{Kind: domain.KindInvalid, Code: code, Message: msg}
}
