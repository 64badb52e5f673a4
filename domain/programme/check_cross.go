package programme

import "fmt"

// link says that the figure at must equal (or, with atMost, not exceed)
// the sum of the figures refs, because both count the same people.
type link struct {
	at     CellRef
	refs   []CellRef
	atMost bool
	vi, en string
}

// crossLinks lists every figure that appears in two tables: the group
// sizes (Table 3 against Tables 4 and 6), the officials under 45 (Table 5
// against Table 4's first two bands) and the under-45 officials of each
// qualification (Table 5, at most Table 3's total of that qualification).
func crossLinks() []link {
	var out []link
	for g, key := range append(append([]string{}, groupRows...), totalKey) {
		size := CellRef{3, key, sizeColumn}
		vi, en := fmt.Sprintf("số người Nhóm %d", g+1), fmt.Sprintf("the size of Nhóm %d", g+1)
		if key == totalKey {
			vi, en = "tổng số người của 04 nhóm", "the total of the 4 groups"
		}
		out = append(out,
			link{at: CellRef{4, key, totalKey}, refs: []CellRef{size}, vi: vi, en: en},
			link{at: CellRef{6, key, sizeColumn}, refs: []CellRef{size}, vi: vi, en: en})
	}
	out = append(out, link{at: CellRef{5, totalKey, sizeColumn},
		refs: []CellRef{{4, totalKey, "duoi_40"}, {4, totalKey, "tu_40_den_45"}},
		vi:   "số người dưới 45 tuổi", en: "the number under 45"})
	for _, q := range qualColumns {
		out = append(out, link{at: CellRef{5, q, sizeColumn}, refs: []CellRef{{3, totalKey, q}}, atMost: true,
			vi: "số người dưới 45 tuổi có trình độ này không vượt tổng số người có trình độ đó",
			en: "those under 45 with this qualification cannot outnumber all who hold it"})
	}
	return out
}

func crossTable(b Baseline) []Inconsistency {
	var out []Inconsistency
	for _, l := range crossLinks() {
		if inc, bad := checkLink(b, l); bad {
			out = append(out, inc)
		}
	}
	return out
}

func checkLink(b Baseline, l link) (Inconsistency, bool) {
	printed, ok := b.Value(l.at)
	if !ok {
		return Inconsistency{}, false
	}
	sum, refVi, refEn := 0, "", ""
	for i, r := range l.refs {
		v, ok := b.Value(r)
		if !ok {
			return Inconsistency{}, false
		}
		sum += v
		if i > 0 {
			refVi, refEn = refVi+" cộng ", refEn+" plus "
		}
		refVi, refEn = refVi+cellVi(b, r), refEn+cellEn(b, r)
	}
	if printed == sum || (l.atMost && printed <= sum) {
		return Inconsistency{}, false
	}
	return Inconsistency{Table: l.at.Table, Row: l.at.Row, Column: l.at.Column, Check: CheckCrossTable,
		Printed: fmt.Sprint(printed), Computed: fmt.Sprint(sum),
		Vi: fmt.Sprintf("%s ghi %d nhưng %s ghi %d (%s).", cellVi(b, l.at), printed, refVi, sum, l.vi),
		En: fmt.Sprintf("%s prints %d but %s prints %d (%s).", cellEn(b, l.at), printed, refEn, sum, l.en)}, true
}
