package programme

import (
	"slices"

	"daotao/events"
)

// Kind is a kind of agency (sở, ban, UBND cấp huyện, cơ sở y tế...).
type Kind struct {
	Code string `json:"code"`
	Name string `json:"name"`
	// Department marks the kinds that make up "các Sở, ban, ngành" in the
	// Đề án: Phụ lục I leads of B.1–B.2 and the Phụ lục II row 7 quotas.
	Department bool `json:"department"`
}

// Agency is an agency of the province that keeps a roster of officials.
// Codes are stable forever: a renamed, merged or retired agency keeps its
// code, gets a ValidTo and, when another agency takes over its officials,
// SucceededBy; a renamed one reappears under a new code from the next day.
type Agency struct {
	Code  string `json:"code"`
	Name  string `json:"name"`
	Kind  string `json:"kind"`
	Level string `json:"level"`
	// Tier is the health tier of a hospital or health centre: tuyen_tinh,
	// tuyen_khu_vuc or tuyen_huyen.
	Tier string `json:"tier,omitempty"`
	// Parent is the agency that manages this one (a centre under its Sở).
	Parent string `json:"parent,omitempty"`
	// Locality is the district UBND whose area a district unit serves.
	Locality string `json:"locality,omitempty"`
	// PublicServiceUnit marks a đơn vị sự nghiệp công lập, whose leaders
	// are mostly viên chức.
	PublicServiceUnit bool `json:"public_service_unit,omitempty"`
	// ValidFrom is the first day the agency exists; zero means always.
	ValidFrom events.Date `json:"valid_from,omitzero"`
	// ValidTo is the last day the agency exists; zero means open-ended.
	ValidTo     events.Date `json:"valid_to,omitzero"`
	SucceededBy string      `json:"succeeded_by,omitempty"`
	Note        string      `json:"note,omitempty"`
}

// ActiveOn reports whether the agency exists on day.
func (a Agency) ActiveOn(day events.Date) bool {
	if !a.ValidFrom.IsZero() && day.Before(a.ValidFrom) {
		return false
	}
	return a.ValidTo.IsZero() || !day.After(a.ValidTo)
}

// Selector picks agencies: those listed, those of the listed kinds and,
// when Departments is set, every "Sở, ban, ngành" (kinds whose Department
// is true). The parts add up.
type Selector struct {
	Agencies    []string `json:"agencies,omitempty"`
	Kinds       []string `json:"kinds,omitempty"`
	Departments bool     `json:"departments,omitempty"`
}

// IsZero reports whether s selects nothing at all.
func (s Selector) IsZero() bool {
	return len(s.Agencies) == 0 && len(s.Kinds) == 0 && !s.Departments
}

// Agency returns the agency with code whatever its validity, or false.
func (d *Document) Agency(code string) (Agency, bool) {
	i, ok := d.idx.agencies[code]
	if !ok {
		return Agency{}, false
	}
	return d.Agencies[i], true
}

// Kind returns the kind with code, or false.
func (d *Document) Kind(code string) (Kind, bool) {
	k, ok := d.idx.kinds[code]
	return k, ok
}

// IsDepartment reports whether a counts among "các Sở, ban, ngành".
func (d *Document) IsDepartment(a Agency) bool { return d.idx.kinds[a.Kind].Department }

// AgenciesAsOf returns the agencies that exist on day, in document order.
func (d *Document) AgenciesAsOf(day events.Date) []Agency {
	return d.filter(day, func(Agency) bool { return true })
}

// Departments returns "các Sở, ban, ngành" that exist on day.
func (d *Document) Departments(day events.Date) []Agency {
	return d.filter(day, d.IsDepartment)
}

// Select returns the agencies s picks that exist on day, in document order,
// each once.
func (d *Document) Select(s Selector, day events.Date) []Agency {
	return d.filter(day, func(a Agency) bool {
		return slices.Contains(s.Agencies, a.Code) || slices.Contains(s.Kinds, a.Kind) ||
			(s.Departments && d.IsDepartment(a))
	})
}

// Current follows SucceededBy from code to the agency that holds its role
// on day. It returns false when code is unknown, or retired on day with no
// successor.
func (d *Document) Current(code string, day events.Date) (Agency, bool) {
	for range len(d.Agencies) + 1 { // validation rules out cycles; this bounds the walk anyway
		a, ok := d.Agency(code)
		if !ok {
			return Agency{}, false
		}
		if a.ActiveOn(day) {
			return a, true
		}
		if a.SucceededBy == "" || !a.ValidTo.Before(day) {
			return Agency{}, false
		}
		code = a.SucceededBy
	}
	return Agency{}, false
}

func (d *Document) filter(day events.Date, keep func(Agency) bool) []Agency {
	var out []Agency
	for _, a := range d.Agencies {
		if a.ActiveOn(day) && keep(a) {
			out = append(out, a)
		}
	}
	return out
}

func codes(as []Agency) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = a.Code
	}
	return out
}
