package roster

import (
	"regexp"
	"slices"
	"strings"

	"daotao/domain"
)

// Column is one recognised column of a file.
type Column struct {
	Header string // as written in the file
	Field  string // API field name, e.g. "birth_date" or "rating_2024"
	index  int
}

// field describes one importable field: the headers agencies write for it
// and its name in Vietnamese for messages.
type field struct {
	name     string
	label    string
	required bool
	headers  []string
}

// fields are the columns a roster may have, in the order of the template.
var fields = []field{
	{"full_name", "Họ và tên", true, []string{"full name", "Họ và tên", "Họ tên", "Họ và tên cán bộ", "Tên cán bộ", "Họ, tên"}},
	{"agency_code", "Cơ quan, đơn vị", false, []string{"agency", "agency code", "Cơ quan", "Cơ quan, đơn vị", "Đơn vị", "Mã cơ quan", "Mã đơn vị", "Cơ quan, đơn vị công tác", "Đơn vị công tác"}},
	{"group", "Nhóm", true, []string{"group", "Nhóm", "Nhóm đối tượng"}},
	{"category", "Loại (CBCC/VC)", true, []string{"category", "Loại", "CBCC/VC", "Cán bộ, công chức/Viên chức", "Loại cán bộ"}},
	{"birth_date", "Ngày sinh", true, []string{"birth date", "Ngày sinh", "Ngày, tháng, năm sinh", "Ngày tháng năm sinh", "Sinh ngày"}},
	{"gender", "Giới tính", true, []string{"gender", "Giới tính"}},
	{"service_start", "Ngày bắt đầu công tác", true, []string{"service start", "Ngày bắt đầu công tác", "Thời gian bắt đầu công tác", "Ngày tuyển dụng", "Ngày vào cơ quan", "Ngày công tác"}},
	{"qualification", "Trình độ", true, []string{"qualification", "Trình độ", "Trình độ chuyên môn", "Trình độ đào tạo"}},
	{"field", "Ngành, lĩnh vực", true, []string{"field", "Ngành, lĩnh vực", "Ngành, lĩnh vực đào tạo", "Ngành", "Lĩnh vực", "Chuyên ngành", "Ngành đào tạo"}},
	{"probation_end", "Ngày hết tập sự", false, []string{"probation end", "Ngày hết tập sự", "Ngày kết thúc tập sự", "Hết tập sự"}},
	{"in_planning_pool", "Trong quy hoạch", false, []string{"in planning pool", "Trong quy hoạch", "Quy hoạch", "Thuộc diện quy hoạch", "Nguồn quy hoạch"}},
	{"discipline", "Kỷ luật", false, []string{"discipline", "Kỷ luật", "Tình trạng kỷ luật"}},
	{"prior_postgrad_nomination", "Đã được cử đi đào tạo sau đại học", false, []string{"prior postgrad nomination", "Đã được cử đi đào tạo sau đại học", "Đã cử đi đào tạo sau đại học", "Đã được cử đi học sau đại học"}},
	{"ethnic_minority", "Dân tộc thiểu số", false, []string{"ethnic minority", "Dân tộc thiểu số", "Người dân tộc thiểu số"}},
	{"travel_barred", "Cấm xuất cảnh", false, []string{"travel barred", "Cấm xuất cảnh", "Không được xuất cảnh", "Hạn chế xuất cảnh"}},
}

// ratingHeader matches a yearly rating column once folded: "rating_2024",
// "Xếp loại 2024", "Xếp loại chất lượng năm 2024", "Đánh giá, xếp loại 2024".
var ratingHeader = regexp.MustCompile(`^(?:rating|(?:ket qua )?(?:danh gia )?xep loai(?: chat luong)?|danh gia)(?: nam)? ((?:19|20)\d\d)$`)

// headerFields maps each folded header to its field.
var headerFields = func() map[string]string {
	m := map[string]string{}
	for _, f := range fields {
		m[fold(f.name)] = f.name
		for _, h := range f.headers {
			m[fold(h)] = f.name
		}
	}
	return m
}()

// fieldOf returns the field a header stands for, "" if none.
func fieldOf(header string) string {
	for _, h := range []string{header, withoutParens(header)} {
		key := fold(h)
		if f, ok := headerFields[key]; ok {
			return f
		}
		if m := ratingHeader.FindStringSubmatch(key); m != nil {
			return ratingField + m[1]
		}
	}
	return ""
}

// ratingField prefixes the field of a yearly rating column.
const ratingField = "rating_"

// mapColumns recognises the columns of header. It returns a KindInvalid
// error naming required columns that are missing or a field given twice.
func mapColumns(header []string) ([]Column, []string, error) {
	var cols []Column
	var ignored []string
	for i, h := range header {
		h = clean(h)
		if h == "" {
			continue
		}
		f := fieldOf(h)
		if f == "" {
			ignored = append(ignored, h)
			continue
		}
		if j := slices.IndexFunc(cols, func(c Column) bool { return c.Field == f }); j >= 0 {
			return nil, nil, fileError("duplicate_column", "Hai cột “"+cols[j].Header+"” và “"+h+"” cùng là "+labelOf(f)+"; hãy xóa một cột.")
		}
		cols = append(cols, Column{Header: h, Field: f, index: i})
	}
	return cols, ignored, missingColumns(cols)
}

func missingColumns(cols []Column) error {
	var missing []string
	e := domain.Invalid()
	for _, f := range fields {
		if f.required && !slices.ContainsFunc(cols, func(c Column) bool { return c.Field == f.name }) {
			missing = append(missing, "“"+f.label+"”")
			e.Fields[f.name] = "Thiếu cột “" + f.label + "”."
		}
	}
	if missing == nil {
		return nil
	}
	e.Code = "missing_columns"
	e.Message = "Dòng tiêu đề thiếu cột " + strings.Join(missing, ", ") + ". Hãy dùng tệp mẫu hoặc đặt đúng tên cột."
	return e
}

// labelOf returns the Vietnamese name of a field.
func labelOf(name string) string {
	if year, ok := strings.CutPrefix(name, ratingField); ok {
		return "Xếp loại " + year
	}
	for _, f := range fields {
		if f.name == name {
			return f.label
		}
	}
	return name
}

// headerScore tells how much a row looks like the header: how many of its
// cells name a field, or 0 when none names the full name.
func headerScore(cells []string) int {
	n, name := 0, false
	for _, c := range cells {
		switch fieldOf(clean(c)) {
		case "":
		case "full_name":
			n, name = n+1, true
		default:
			n++
		}
	}
	if !name {
		return 0
	}
	return n
}
