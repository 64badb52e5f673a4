package programme

import (
	"fmt"
	"strconv"
	"strings"
)

// textCheck recomputes one figure of the narrative from the tables: the
// figures in cells, and eval, which returns the recomputed figure as the
// text would write it, how it was computed (Vietnamese, English) and
// whether the printed figure agrees.
type textCheck struct {
	cells []CellRef
	eval  func(b Baseline, printed string) (computed, vi, en string, agrees bool)
}

// textChecks are keyed by TextFigure.ID.
var textChecks = map[string]textCheck{
	"tb_dao_tao_nam":         averagePerYear(1),
	"tb_boi_duong_nam":       averagePerYear(2),
	"ty_le_lanh_dao_quan_ly": shareOf(CellRef{2, totalKey, totalKey}, CellRef{2, totalKey, "lanh_dao_quan_ly_cbcc"}, CellRef{2, totalKey, "lanh_dao_quan_ly_vc"}),
	"ty_le_vtvl":             shareOf(CellRef{2, totalKey, totalKey}, CellRef{2, totalKey, "vtvl_cbcc"}, CellRef{2, totalKey, "vtvl_vc"}),
	"tong_lanh_dao":          countOf(CellRef{3, totalKey, sizeColumn}),
	"tu_50_tuoi_tro_len":     shareOf(CellRef{4, totalKey, totalKey}, CellRef{4, totalKey, "tu_50_den_55"}, CellRef{4, totalKey, "tren_55"}),
}

func textFigures(b Baseline) []Inconsistency {
	var out []Inconsistency
	for _, f := range b.TextFigures {
		c, ok := textChecks[f.ID]
		if !ok || !cellsPresent(b, c.cells) {
			continue
		}
		computed, vi, en, agrees := c.eval(b, f.Printed)
		if agrees {
			continue
		}
		out = append(out, Inconsistency{Table: 0, Row: f.ID, Check: CheckText, Printed: f.Printed, Computed: computed,
			Vi: fmt.Sprintf("Văn bản (%s) ghi «%s» nhưng các bảng cho %s (%s).", f.Section, f.Printed, computed, vi),
			En: fmt.Sprintf("The text (%s) says %q but the tables give %s (%s).", f.Section, f.Printed, computed, en)})
	}
	return out
}

func cellsPresent(b Baseline, cells []CellRef) bool {
	for _, c := range cells {
		if _, ok := b.Value(c); !ok {
			return false
		}
	}
	return true
}

// averagePerYear: the printed grand total of table n over its year rows,
// rounded half up, written with thousands dots. When the printed figure
// fits the sum of the yearly totals instead, it says so.
func averagePerYear(n int) textCheck {
	total := CellRef{n, totalKey, totalKey}
	return textCheck{cells: []CellRef{total}, eval: func(b Baseline, printed string) (string, string, string, bool) {
		t, _ := b.Table(n)
		sum, _ := b.Value(total)
		years := len(t.Rows)
		if years == 0 {
			return "", "", "", true
		}
		avg := (2*sum + years) / (2 * years)
		want, err := strconv.Atoi(strings.ReplaceAll(printed, ".", ""))
		vi, en := fmt.Sprintf("%d/%d năm", sum, years), fmt.Sprintf("%d/%d years", sum, years)
		if rows, _ := columnSum(t, t.Column(t.TotalColumn)); rows != sum && (2*rows+years)/(2*years) == want {
			vi += fmt.Sprintf("; số in khớp với %d/%d, tổng các dòng năm", rows, years)
			en += fmt.Sprintf("; the printed figure fits %d/%d, the sum of the yearly rows", rows, years)
		}
		return groupThousands(avg), vi, en, err == nil && want == avg
	}}
}

// shareOf: the parts over the base, at the printed precision. A printed
// "hơn X%" agrees when the share is above X.
func shareOf(base CellRef, parts ...CellRef) textCheck {
	return textCheck{cells: append([]CellRef{base}, parts...), eval: func(b Baseline, printed string) (string, string, string, bool) {
		whole, _ := b.Value(base)
		part := 0
		for _, p := range parts {
			v, _ := b.Value(p)
			part += v
		}
		bound, above := strings.CutPrefix(printed, "hơn ")
		p, err := parsePercent(bound)
		display := p
		if above || err != nil {
			display = percent{Decimals: 2, Sep: ","}
		}
		got, ok := share(part, whole, display)
		formula := fmt.Sprintf("%d/%d", part, whole)
		switch {
		case !ok || err != nil:
			return got.String(), formula, formula, false
		case above:
			return got.String(), formula, formula, exceeds(part, whole, p)
		}
		return got.String(), formula, formula, got.Scaled == p.Scaled
	}}
}

// exceeds reports whether part/whole is above the percentage p, exactly.
func exceeds(part, whole int, p percent) bool {
	scale := int64(100)
	for range p.Decimals {
		scale *= 10
	}
	return int64(part)*scale > p.Scaled*int64(whole)
}

// countOf: the printed figure itself, written with thousands dots.
func countOf(ref CellRef) textCheck {
	return textCheck{cells: []CellRef{ref}, eval: func(b Baseline, printed string) (string, string, string, bool) {
		v, _ := b.Value(ref)
		want, err := strconv.Atoi(strings.ReplaceAll(printed, ".", ""))
		return groupThousands(v), cellVi(b, ref), cellEn(b, ref), err == nil && want == v
	}}
}
