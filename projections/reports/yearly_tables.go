package reports

import (
	"strconv"

	"daotao/domain"
	"daotao/domain/programme"
)

// trainingByYear continues Table 1 of the Đề án (people sent to training
// each year, by level and category) with the live record: the printed rows
// 2010–2023 from the published baseline (source "baseline"), then one row
// per year of the programme up to the cut (source "live") counting the
// postgraduate nominations approved that year (by the date of the
// decision), by category. The live record has no university or college
// training, so those columns are 0.
func trainingByYear(in Input) (Table, error) {
	return yearly(in, 1, func(n domain.NominationView, cat string) string {
		if n.Kind != domain.KindPostgraduate {
			return ""
		}
		return "sau_dai_hoc_" + cat
	}, nil)
}

// refresherByYear continues Table 2 (people sent to refresher training
// each year, by kind and category) the same way, with two columns the
// printed table has not: the Đề án's in-depth refresher courses (de_an_cbcc,
// de_an_vc), where every refresher nomination approved that year is
// counted.
func refresherByYear(in Input) (Table, error) {
	return yearly(in, 2, func(n domain.NominationView, cat string) string {
		if n.Kind != domain.KindRefresher {
			return ""
		}
		return "de_an_" + cat
	}, []string{"de_an_cbcc", "de_an_vc"})
}

// yearly builds a Table 1 or 2 style report: the baseline's rows, then the
// live years, where column picks the column a sent nomination counts in
// ("" for none).
func yearly(in Input, number int, column func(domain.NominationView, string) string, extra []string) (Table, error) {
	t := Table{}
	base, ok := in.State.Baseline()
	var printed programme.Table
	if ok {
		printed, ok = base.Tables.Table(number)
	}
	if !ok {
		t.Columns = []string{"year", "source"}
		t.Note = "Chưa có số liệu gốc (Bảng 1–6) được công bố."
		return t, nil
	}
	cols := []string{"year", "source"}
	for _, c := range printed.Columns {
		cols = append(cols, c.Code)
	}
	cols = append(cols, extra...)
	t.Columns = cols
	index := map[string]int{}
	for i, c := range cols {
		index[c] = i
	}
	total := index[printed.TotalColumn]
	for _, r := range printed.Rows {
		row := []Value{Str(r.Key), Str("baseline")}
		for _, v := range r.Values {
			row = append(row, Int(v))
		}
		for range extra {
			row = append(row, Int(0))
		}
		t.add(row...)
	}
	f := gather(in)
	counts := map[int][]int{}
	for _, n := range f.nominations {
		if !wasSent(n) {
			continue
		}
		cat := domain.CategoryCBCC
		if o, ok := f.official(n.OfficialID); ok && o.Category == domain.CategoryVC {
			cat = domain.CategoryVC
		}
		c, ok := index[column(n, cat)]
		if !ok {
			continue
		}
		y := yearOf(*n.DecidedAt)
		if counts[y] == nil {
			counts[y] = make([]int, len(cols))
		}
		counts[y][c]++
		if printed.TotalColumn != "" {
			counts[y][total]++
		}
	}
	for _, y := range f.programmeYears() {
		if y > f.day.Time().Year() && len(counts[y]) == 0 {
			continue
		}
		row := []Value{Str(strconv.Itoa(y)), Str("live")}
		for i := 2; i < len(cols); i++ {
			n := 0
			if counts[y] != nil {
				n = counts[y][i]
			}
			row = append(row, Int(n))
		}
		t.add(row...)
	}
	return t, nil
}
