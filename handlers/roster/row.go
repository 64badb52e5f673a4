package roster

import (
	"strings"

	"daotao/events"
)

// readRow reads the cells of one record under cols.
func (s sheet) readRow(rec record, cols []Column) Row {
	row := Row{Number: rec.num}
	for _, c := range cols {
		v := ""
		if c.index < len(rec.cells) {
			v = rec.cells[c.index]
		}
		if v == "" {
			if required(c.Field) {
				row.add(c, CodeRequired, "Chưa điền “"+labelOf(c.Field)+"”.")
			}
			continue
		}
		if err := s.set(&row, c.Field, v); err != nil {
			row.add(c, err.code, err.message)
		}
	}
	return row
}

func (r *Row) add(c Column, code, msg string) {
	r.Problems = append(r.Problems, Problem{Row: r.Number, Column: c.Header, Field: c.Field, Code: code, Message: msg})
}

func required(name string) bool {
	for _, f := range fields {
		if f.name == name {
			return f.required
		}
	}
	return false
}

// set reads v, the cell of field, into the row.
func (s sheet) set(r *Row, field, v string) *cellError {
	p := &r.Profile
	var err *cellError
	switch field {
	case "full_name":
		p.FullName = v
	case "agency_code":
		r.Agency = v
	case "group":
		p.Group, err = parseGroup(v)
	case "category":
		p.Category, err = categories.lookup(v)
	case "gender":
		p.Gender, err = genders.lookup(v)
	case "qualification":
		p.Qualification, err = qualifications.lookup(v)
	case "field":
		p.Field, err = studyFields.lookup(v)
	case "discipline":
		p.Discipline, err = disciplines.lookup(v)
	case "birth_date", "service_start", "probation_end":
		err = s.setDate(p, field, v)
	case "in_planning_pool", "prior_postgrad_nomination", "ethnic_minority", "travel_barred":
		err = setFact(p, field, v)
	default:
		err = setRating(p, strings.TrimPrefix(field, ratingField), v)
	}
	return err
}

func (s sheet) setDate(p *events.OfficialProfile, field, v string) *cellError {
	d, err := s.parseDate(v)
	switch field {
	case "birth_date":
		p.BirthDate = d
	case "service_start":
		p.ServiceStart = d
	default:
		p.ProbationEnd = d
	}
	return err
}

func setFact(p *events.OfficialProfile, field, v string) *cellError {
	b, err := parseBool(v)
	switch field {
	case "in_planning_pool":
		p.InPlanningPool = b
	case "prior_postgrad_nomination":
		p.PriorPostgradNomination = b
	case "ethnic_minority":
		p.EthnicMinority = b
	default:
		p.TravelBarred = b
	}
	return err
}

func setRating(p *events.OfficialProfile, year, v string) *cellError {
	r, err := ratings.lookup(v)
	if err != nil {
		return err
	}
	if p.Ratings == nil {
		p.Ratings = map[string]string{}
	}
	p.Ratings[year] = r
	return nil
}
