package programme

import (
	"slices"
	"strings"

	"daotao/events"
)

// Formats of a course (hình thức tổ chức).
const (
	FormatClass            = "class"             // lớp bồi dưỡng
	FormatDelegationAbroad = "delegation_abroad" // đoàn tham gia bồi dưỡng tại nước ngoài
	FormatSeminar          = "seminar"           // hội thảo trao đổi chuyên môn
)

// What a minimum is counted per, each year.
const (
	PerContent = "content" // each orientation content separately
	PerField   = "field"   // the field as a whole (or the contents listed)
)

// Deliveries of a class.
const (
	DeliveryInPerson = "tap_trung"                 // lớp tập trung
	DeliveryOnline   = "truc_tuyen"                // lớp trực tuyến
	DeliveryEither   = "tap_trung_hoac_truc_tuyen" // tập trung hoặc trực tuyến
)

// MinFormat is a minimum yearly number of courses of one format, as
// printed in the "Hình thức tổ chức" column of Phụ lục I. On a Field it
// comes from a cell merged over several contents; Contents then lists the
// contents whose courses count (empty: all of the field's). Per says
// whether Min applies to each content or to the field (the listed contents
// together).
type MinFormat struct {
	Format   string   `json:"format"`
	Min      int      `json:"min"`
	Per      string   `json:"per"`
	Delivery string   `json:"delivery,omitempty"`
	Contents []string `json:"contents,omitempty"`
	Text     string   `json:"text"`
	Note     string   `json:"note,omitempty"`
}

// Counts reports whether a course of content code counts towards f when f
// sits on the field: Contents is empty or lists code.
func (f MinFormat) Counts(code string) bool {
	return len(f.Contents) == 0 || slices.Contains(f.Contents, code)
}

// Field is a field of Phụ lục I (A, B, C, D, Đ, E, G, H) with its
// orientation contents and the formats printed for the field as a whole.
type Field struct {
	Code     string      `json:"code"`
	Name     string      `json:"name"`
	Formats  []MinFormat `json:"formats,omitempty"`
	Contents []Content   `json:"contents"`
	Note     string      `json:"note,omitempty"`
}

// Content is an orientation content (nội dung định hướng bồi dưỡng) such as
// B.2. Cells merged over several rows in the seed are repeated on every
// content they cover, except the format cell, which stays on the Field.
type Content struct {
	Code     string   `json:"code"`
	Row      int      `json:"row"`
	Name     string   `json:"name"`
	Timeline Timeline `json:"timeline"`
	// LeadAgencies are the lead agencies (đơn vị chủ trì) by code.
	LeadAgencies []string `json:"lead_agencies,omitempty"`
	// LeadAllDepartments means "Các Sở, ban, ngành": every department
	// leads the content for its own sector.
	LeadAllDepartments bool          `json:"lead_all_departments,omitempty"`
	LeadText           string        `json:"lead_text"`
	Cooperating        []Cooperation `json:"cooperating"`
	Priority           Priority      `json:"priority"`
	Formats            []MinFormat   `json:"formats,omitempty"`
	Note               string        `json:"note,omitempty"`
}

// FieldCode returns the code of the content's field ("B" for "B.2").
func (c Content) FieldCode() string {
	f, _, _ := strings.Cut(c.Code, ".")
	return f
}

// Timeline is the "Nhiệm vụ và thời gian hoàn thành" cell: the year the
// programme must be built by and the years courses are held.
type Timeline struct {
	ProgrammeBy int    `json:"programme_by"`
	CourseYears []int  `json:"course_years"`
	Text        string `json:"text"`
}

// Cooperation is a cooperating agency and its role as printed.
type Cooperation struct {
	Agency string `json:"agency"`
	Role   string `json:"role"`
}

// Priority is the "Đối tượng ưu tiên bồi dưỡng" cell: the printed text, the
// agencies it names and the group numbers when it states them.
type Priority struct {
	Text   string   `json:"text"`
	Select Selector `json:"select,omitzero"`
	Groups []int    `json:"groups,omitempty"`
}

// Admits reports whether an official of group g is a priority target as
// far as groups go: true when the cell states no group.
func (p Priority) Admits(g int) bool { return len(p.Groups) == 0 || slices.Contains(p.Groups, g) }

// Field returns the Phụ lục I field with code ("A" ... "H"), or false.
func (d *Document) Field(code string) (Field, bool) {
	i, ok := d.idx.fields[code]
	if !ok {
		return Field{}, false
	}
	return d.Fields[i], true
}

// Content returns the orientation content with code ("B.2"), or false.
func (d *Document) Content(code string) (Content, bool) {
	p, ok := d.idx.contents[code]
	if !ok {
		return Content{}, false
	}
	return d.Fields[p.field].Contents[p.content], true
}

// Contents returns every orientation content in catalogue order.
func (d *Document) Contents() []Content {
	var out []Content
	for _, f := range d.Fields {
		out = append(out, f.Contents...)
	}
	return out
}

// Leads returns the lead agencies of content code that exist on day,
// expanding "Các Sở, ban, ngành". It returns nil for an unknown code.
func (d *Document) Leads(code string, day events.Date) []Agency {
	c, ok := d.Content(code)
	if !ok {
		return nil
	}
	return d.Select(Selector{Agencies: c.LeadAgencies, Departments: c.LeadAllDepartments}, day)
}

// FormatsFor returns the minimum formats that courses of content code count
// towards: the content's own, then its field's that cover it.
func (d *Document) FormatsFor(code string) []MinFormat {
	c, ok := d.Content(code)
	if !ok {
		return nil
	}
	f, _ := d.Field(c.FieldCode())
	out := slices.Clone(c.Formats)
	for _, m := range f.Formats {
		if m.Counts(code) {
			out = append(out, m)
		}
	}
	return out
}
