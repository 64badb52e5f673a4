package programme

import (
	"slices"
	"strconv"
	"strings"

	"daotao/events"
)

// Employee categories, as in package domain.
const (
	CategoryCBCC = "cbcc" // cán bộ, công chức
	CategoryVC   = "vc"   // viên chức
)

// QuotaRow is a row of Phụ lục II as printed: a field of study and its
// allocations to agencies.
type QuotaRow struct {
	Row int `json:"row"`
	// Field is the printed "Nội dung định hướng đào tạo".
	Field string `json:"field"`
	// StudyField is the Table 6 field of study the row corresponds to.
	StudyField   string       `json:"study_field"`
	Deadline     events.Date  `json:"deadline"`
	DeadlineText string       `json:"deadline_text"`
	Note         string       `json:"note,omitempty"`
	Allocations  []Allocation `json:"allocations"`
}

// Allocation is one agency cell of a Phụ lục II row. Select picks the
// agencies it covers; without Pool each of them gets its own quota of
// Places ("02 chỉ tiêu/ địa phương"), with Pool they share one quota of
// Places identified by the pool's code.
type Allocation struct {
	Text       string   `json:"text"`
	Select     Selector `json:"select"`
	Pool       string   `json:"pool,omitempty"`
	GroupsCBCC []int    `json:"groups_cbcc"`
	GroupsVC   []int    `json:"groups_vc"`
	Places     int      `json:"places"`
	PlacesText string   `json:"places_text"`
	Note       string   `json:"note,omitempty"`
}

// Quota is one postgraduate quota after expansion: the places an agency
// (or a pool of agencies) may use by Deadline, and the groups eligible as
// công chức and as viên chức. ID is stable: "pl2-<row>-<agency code>", or
// "pl2-<row>-<pool>" for a pooled quota, whose AgencyCode is empty.
type Quota struct {
	ID          string      `json:"id"`
	Row         int         `json:"row"`
	Field       string      `json:"field"`
	StudyField  string      `json:"study_field"`
	AgencyCode  string      `json:"agency_code"`
	Pool        string      `json:"pool,omitempty"`
	AgencyCodes []string    `json:"agency_codes"`
	GroupsCBCC  []int       `json:"groups_cbcc"`
	GroupsVC    []int       `json:"groups_vc"`
	Places      int         `json:"places"`
	Deadline    events.Date `json:"deadline"`
	Text        string      `json:"text"`
	Note        string      `json:"note,omitempty"`
}

// Pooled reports whether several agencies share the quota.
func (q Quota) Pooled() bool { return q.Pool != "" }

// Holds reports whether agency code may use the quota.
func (q Quota) Holds(code string) bool { return slices.Contains(q.AgencyCodes, code) }

// Admits reports whether an official of category (cbcc or vc) and group
// is eligible for the quota.
func (q Quota) Admits(category string, group int) bool {
	switch category {
	case CategoryCBCC:
		return slices.Contains(q.GroupsCBCC, group)
	case CategoryVC:
		return slices.Contains(q.GroupsVC, group)
	}
	return false
}

// Quotas returns every quota in Phụ lục II order, rows expanded as of the
// document's EffectiveFrom.
func (d *Document) Quotas() []Quota { return slices.Clone(d.idx.quotas) }

// Quota returns the quota with id, or false.
func (d *Document) Quota(id string) (Quota, bool) {
	i, ok := d.idx.quotaByID[id]
	if !ok {
		return Quota{}, false
	}
	return d.idx.quotas[i], true
}

// QuotasFor returns the quotas agency code may use, pools included.
func (d *Document) QuotasFor(code string) []Quota {
	var out []Quota
	for _, q := range d.idx.quotas {
		if q.Holds(code) {
			out = append(out, q)
		}
	}
	return out
}

// TotalPlaces returns the number of postgraduate places of all quotas.
func (d *Document) TotalPlaces() int {
	n := 0
	for _, q := range d.idx.quotas {
		n += q.Places
	}
	return n
}

// PlacesByRow returns the places of each Phụ lục II row.
func (d *Document) PlacesByRow() map[int]int {
	out := map[int]int{}
	for _, q := range d.idx.quotas {
		out[q.Row] += q.Places
	}
	return out
}

// PlacesByStudyField returns the places per Table 6 field of study.
func (d *Document) PlacesByStudyField() map[string]int {
	out := map[string]int{}
	for _, q := range d.idx.quotas {
		out[q.StudyField] += q.Places
	}
	return out
}

// expand turns one allocation of row r into quotas over agencies. A
// quota's Note gathers the allocation's, the row's and the document's
// notes (the last says how the deadline was read).
func expand(r QuotaRow, a Allocation, agencies []Agency, docNote string) []Quota {
	var notes []string
	for _, n := range []string{a.Note, r.Note, docNote} {
		if n != "" {
			notes = append(notes, n)
		}
	}
	base := Quota{Row: r.Row, Field: r.Field, StudyField: r.StudyField, GroupsCBCC: a.GroupsCBCC,
		GroupsVC: a.GroupsVC, Places: a.Places, Deadline: r.Deadline, Text: a.Text, Note: strings.Join(notes, " ")}
	if a.Pool != "" {
		base.ID, base.Pool, base.AgencyCodes = quotaID(r.Row, a.Pool), a.Pool, codes(agencies)
		return []Quota{base}
	}
	out := make([]Quota, 0, len(agencies))
	for _, ag := range agencies {
		q := base
		q.ID, q.AgencyCode, q.AgencyCodes = quotaID(r.Row, ag.Code), ag.Code, []string{ag.Code}
		out = append(out, q)
	}
	return out
}

func quotaID(row int, code string) string { return "pl2-" + strconv.Itoa(row) + "-" + code }
