package handlers

import (
	"slices"
	"strconv"

	"github.com/labstack/echo/v4"

	"daotao/domain"
	"daotao/domain/programme"
	"daotao/events"
)

type quotasPage struct {
	Frame       programmeFrame
	Title, Note string
	StudyFields []programme.StudyField
	Agencies    []programme.Agency
	Field       string // study field filter
	Agency      string // agency filter
	Mine        string // the agency officer's agency, by name
	Rows        []quotaRow
	Notes       []cellNote
	All         int // quotas before filtering
	Places      int
	Used        int
	Left        int
}

// quotaRow is a quota as the table shows it.
type quotaRow struct {
	QuotaView
	Holder  string   // the agency, or the pool as printed
	Members []string // a pool's agencies
	CBCC    string
	VC      string
	Mine    bool
}

func (s *Server) quotasPage(c echo.Context) error {
	f, status, err := s.programmeFrame(c)
	if err != nil {
		return err
	}
	p := quotasPage{Frame: f, Field: c.QueryParam("field"), Agency: c.QueryParam("agency")}
	if f.Ref != nil {
		doc := f.Ref.Doc
		p.Title, p.Note = doc.QuotasTitle, doc.QuotasNote
		mine := ""
		if a := actorOf(c); domain.Is(a, domain.RoleAgency) {
			mine, p.Mine = a.Agency, agencyLabel(doc, a.Agency, f.Day)
		}
		views := s.quotasAt(*f.Ref, endOfDay(f.Day))
		p.All = len(views)
		p.StudyFields, p.Agencies = quotaChoices(doc, views)
		p.Rows = quotaRows(doc, views, f.Day, mine, p.Field, p.Agency)
		p.Notes = quotaNotes(doc)
		for _, r := range p.Rows {
			p.Places, p.Used, p.Left = p.Places+r.Places, p.Used+r.Used, p.Left+r.Left
		}
	}
	return s.renderProgramme(c, status, "programme_quotas", "Chỉ tiêu đào tạo sau đại học (Phụ lục II)", p, "")
}

// quotaRows filters views by study field and agency and puts the quotas
// agency mine may use first, in Phụ lục II order otherwise.
func quotaRows(doc *programme.Document, views []QuotaView, day events.Date, mine, field, agency string) []quotaRow {
	var out []quotaRow
	for _, q := range views {
		if (field != "" && q.StudyField != field) || (agency != "" && !q.Holds(agency)) {
			continue
		}
		r := quotaRow{QuotaView: q, CBCC: groupList(q.GroupsCBCC), VC: groupList(q.GroupsVC), Mine: mine != "" && q.Holds(mine)}
		if q.Pooled() {
			r.Holder = q.Text
			for _, code := range q.AgencyCodes {
				r.Members = append(r.Members, agencyLabel(doc, code, day))
			}
		} else {
			r.Holder = agencyLabel(doc, q.AgencyCode, day)
		}
		out = append(out, r)
	}
	slices.SortStableFunc(out, func(a, b quotaRow) int {
		switch {
		case a.Mine == b.Mine:
			return 0
		case a.Mine:
			return -1
		}
		return 1
	})
	return out
}

// quotaChoices are the filter options: the study fields and the agencies
// that have a quota, in document order.
func quotaChoices(doc *programme.Document, views []QuotaView) ([]programme.StudyField, []programme.Agency) {
	fields, holders := map[string]bool{}, map[string]bool{}
	for _, q := range views {
		fields[q.StudyField] = true
		for _, code := range q.AgencyCodes {
			holders[code] = true
		}
	}
	var fs []programme.StudyField
	for _, f := range doc.StudyFields {
		if fields[f.Code] {
			fs = append(fs, f)
		}
	}
	var as []programme.Agency
	for _, a := range doc.Agencies {
		if holders[a.Code] {
			as = append(as, a)
		}
	}
	return fs, as
}

// quotaNotes says, row by row, how the printed cells of Phụ lục II were
// read.
func quotaNotes(doc *programme.Document) []cellNote {
	var out []cellNote
	for _, r := range doc.QuotaRows {
		row := "Dòng " + strconv.Itoa(r.Row)
		if r.Note != "" {
			out = append(out, cellNote{row, r.Note})
		}
		for _, a := range r.Allocations {
			if a.Note != "" {
				out = append(out, cellNote{row + ", " + a.Text, a.Note})
			}
		}
	}
	return out
}
