package handlers

import (
	"strconv"

	"github.com/labstack/echo/v4"

	"daotao/domain/programme"
	"daotao/events"
)

type cataloguePage struct {
	Frame    programmeFrame
	Title    string
	Fields   []fieldView
	Contents int
}

// fieldView is a Phụ lục I field as the page shows it.
type fieldView struct {
	Code, Name, Note string
	Formats          []formatView
	Contents         []contentView
	Notes            []cellNote
}

// formatView is a minimum format in words, with the cell as printed and
// how it was read.
type formatView struct{ Words, Printed, Note string }

type contentView struct {
	Code, Name     string
	Leads          []string
	Cooperating    []string
	Priority       string
	PriorityGroups string
	ProgrammeBy    int
	CourseYears    string
	Formats        []string
}

// cellNote says how an ambiguous cell of the printed table was read.
type cellNote struct{ Code, Text string }

func (s *Server) cataloguePage(c echo.Context) error {
	f, status, err := s.programmeFrame(c)
	if err != nil {
		return err
	}
	p := cataloguePage{Frame: f}
	if f.Ref != nil {
		doc := f.Ref.Doc
		p.Title = doc.CatalogueTitle
		for _, fd := range doc.Fields {
			p.Fields = append(p.Fields, fieldOf(doc, fd, f.Day))
			p.Contents += len(fd.Contents)
		}
	}
	return s.renderProgramme(c, status, "programme_catalogue", "Danh mục nội dung bồi dưỡng (Phụ lục I)", p, "")
}

func fieldOf(doc *programme.Document, fd programme.Field, day events.Date) fieldView {
	v := fieldView{Code: fd.Code, Name: fd.Name, Note: fd.Note}
	for _, m := range fd.Formats {
		v.Formats = append(v.Formats, formatView{Words: formatWords(m), Printed: m.Text, Note: m.Note})
	}
	for _, ct := range fd.Contents {
		v.Contents = append(v.Contents, contentOf(doc, ct, day))
		if ct.Note != "" {
			v.Notes = append(v.Notes, cellNote{ct.Code, ct.Note})
		}
		for _, m := range ct.Formats {
			if m.Note != "" {
				v.Notes = append(v.Notes, cellNote{ct.Code, "Hình thức «" + m.Text + "»: " + m.Note})
			}
		}
	}
	return v
}

func contentOf(doc *programme.Document, ct programme.Content, day events.Date) contentView {
	v := contentView{Code: ct.Code, Name: ct.Name, Priority: ct.Priority.Text, ProgrammeBy: ct.Timeline.ProgrammeBy}
	if len(ct.Priority.Groups) > 0 {
		v.PriorityGroups = groupList(ct.Priority.Groups)
	}
	if ct.LeadAllDepartments {
		v.Leads = append(v.Leads, "Các Sở, ban, ngành (mỗi sở, ban, ngành chủ trì nội dung thuộc lĩnh vực của mình)")
	}
	for _, code := range ct.LeadAgencies {
		v.Leads = append(v.Leads, agencyLabel(doc, code, day))
	}
	for _, co := range ct.Cooperating {
		name := agencyLabel(doc, co.Agency, day)
		if co.Role != "" {
			name += " — " + co.Role
		}
		v.Cooperating = append(v.Cooperating, name)
	}
	for i, y := range ct.Timeline.CourseYears {
		if i > 0 {
			v.CourseYears += ", "
		}
		v.CourseYears += strconv.Itoa(y)
	}
	for _, m := range doc.FormatsFor(ct.Code) {
		v.Formats = append(v.Formats, formatWords(m))
	}
	return v
}
