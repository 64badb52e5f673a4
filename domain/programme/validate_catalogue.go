package programme

import (
	"fmt"
	"slices"
	"strings"
)

var (
	formats    = []string{FormatClass, FormatDelegationAbroad, FormatSeminar}
	pers       = []string{PerContent, PerField}
	deliveries = []string{"", DeliveryInPerson, DeliveryOnline, DeliveryEither}
)

func (v *validator) catalogue() {
	for fi, f := range v.d.Fields {
		where := fmt.Sprintf("field %q", f.Code)
		if _, dup := v.d.idx.fields[f.Code]; dup || f.Code == "" || strings.Contains(f.Code, ".") {
			v.addf("%s: code must be unique, non-empty and without a dot", where)
		}
		if strings.TrimSpace(f.Name) == "" {
			v.addf("%s: name is missing", where)
		}
		if len(f.Contents) == 0 {
			v.addf("%s: has no contents", where)
		}
		v.d.idx.fields[f.Code] = fi
		for ci, c := range f.Contents {
			v.content(f, c)
			v.d.idx.contents[c.Code] = contentPos{fi, ci}
		}
		for _, m := range f.Formats {
			v.format(where, m, f)
		}
	}
}

func (v *validator) content(f Field, c Content) {
	where := fmt.Sprintf("content %q", c.Code)
	if _, dup := v.d.idx.contents[c.Code]; dup {
		v.addf("%s: duplicate code", where)
	}
	if c.FieldCode() != f.Code || !strings.HasPrefix(c.Code, f.Code+".") {
		v.addf("%s: code must start with its field's code %q and a dot", where, f.Code)
	}
	if c.Row < 1 || strings.TrimSpace(c.Name) == "" {
		v.addf("%s: needs a row number and a name", where)
	}
	if len(c.LeadAgencies) == 0 && !c.LeadAllDepartments {
		v.addf("%s: no lead agency", where)
	}
	for _, l := range c.LeadAgencies {
		v.agencyRef(where+" lead", l)
	}
	for _, co := range c.Cooperating {
		v.agencyRef(where+" cooperating", co.Agency)
	}
	v.selector(where+" priority", c.Priority.Select)
	v.groupList(where+" priority", c.Priority.Groups)
	if c.Timeline.ProgrammeBy < 1 || len(c.Timeline.CourseYears) == 0 {
		v.addf("%s: timeline needs the programme year and course years", where)
	}
	for _, m := range c.Formats {
		if len(m.Contents) > 0 {
			v.addf("%s: a content's own format must not list contents", where)
		}
		v.format(where, m, f)
	}
}

// format checks a minimum format placed on field f or one of its contents.
func (v *validator) format(where string, m MinFormat, f Field) {
	if !slices.Contains(formats, m.Format) {
		v.addf("%s: unknown format %q", where, m.Format)
	}
	if m.Min < 1 {
		v.addf("%s: %s minimum %d must be at least 1", where, m.Format, m.Min)
	}
	if !slices.Contains(pers, m.Per) {
		v.addf("%s: %s per %q must be %q or %q", where, m.Format, m.Per, PerContent, PerField)
	}
	if !slices.Contains(deliveries, m.Delivery) || (m.Delivery != "" && m.Format != FormatClass) {
		v.addf("%s: delivery %q does not fit a %s", where, m.Delivery, m.Format)
	}
	for _, code := range m.Contents {
		if !slices.ContainsFunc(f.Contents, func(c Content) bool { return c.Code == code }) {
			v.addf("%s: format covers %q, which is not a content of field %q", where, code, f.Code)
		}
	}
}
