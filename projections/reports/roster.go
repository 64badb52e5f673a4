package reports

import (
	"slices"
	"strconv"

	"daotao/domain"
)

// dimension is one way the roster is broken down.
type dimension struct {
	name  string
	known []string // values in their usual order; others follow sorted
	of    func(o domain.OfficialView) string
}

var rosterDimensions = []dimension{
	{"category", []string{domain.CategoryCBCC, domain.CategoryVC}, func(o domain.OfficialView) string { return o.Category }},
	{"gender", []string{domain.GenderMale, domain.GenderFemale}, func(o domain.OfficialView) string { return o.Gender }},
	{"qualification", domain.Qualifications, func(o domain.OfficialView) string { return o.Qualification }},
	{"field", domain.Fields, func(o domain.OfficialView) string { return o.Field }},
}

// rosterProfile counts the officials on the roster by group (columns
// nhom_1 to nhom_4, any other group found, then the total) for each value
// of category, gender, qualification and field of study (rows), as Tables
// 3 to 6 of the Đề án do, with a first row for the whole roster.
func rosterProfile(in Input) (Table, error) {
	list := officials(in.State)
	groups := []int{1, 2, 3, 4}
	for _, o := range list {
		if !slices.Contains(groups, o.Group) {
			groups = append(groups, o.Group)
		}
	}
	slices.Sort(groups)
	cols := []string{"dimension", "value"}
	for _, g := range groups {
		cols = append(cols, "nhom_"+strconv.Itoa(g))
	}
	t := Table{Columns: append(cols, "total")}
	t.add(profileRow("all", "all", groups, list, func(domain.OfficialView) bool { return true })...)
	for _, d := range rosterDimensions {
		for _, v := range values(d, list) {
			t.add(profileRow(d.name, v, groups, list, func(o domain.OfficialView) bool { return d.of(o) == v })...)
		}
	}
	return t, nil
}

// values returns d's known values, then any other found in list, sorted.
func values(d dimension, list []domain.OfficialView) []string {
	out := slices.Clone(d.known)
	var extra []string
	for _, o := range list {
		if v := d.of(o); !slices.Contains(out, v) && !slices.Contains(extra, v) {
			extra = append(extra, v)
		}
	}
	slices.Sort(extra)
	return append(out, extra...)
}

// profileRow counts the officials of list that match, by group.
func profileRow(dim, value string, groups []int, list []domain.OfficialView, match func(domain.OfficialView) bool) []Value {
	by := map[int]int{}
	total := 0
	for _, o := range list {
		if match(o) {
			by[o.Group]++
			total++
		}
	}
	row := []Value{Str(dim), Str(value)}
	for _, g := range groups {
		row = append(row, Int(by[g]))
	}
	return append(row, Int(total))
}
