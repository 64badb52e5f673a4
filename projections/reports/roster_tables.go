package reports

import (
	"strconv"

	"daotao/events"
)

// ageBands are Table 4's bands, by age in whole years on the cut's day: the
// printed bands overlap at their edges ("Từ 40 - 45", "Từ 45 - 50"), so an
// edge year counts in the band it opens, as the demo roster reads them.
var ageBands = []struct {
	code   string
	lo, hi int
}{
	{"duoi_40", 0, 39}, {"tu_40_den_45", 40, 44}, {"tu_45_den_50", 45, 49}, {"tu_50_den_55", 50, 54}, {"tren_55", 55, 200},
}

// ageBand returns the code of the band of someone born on birth, on day.
func ageBand(birth, day events.Date) string {
	if birth.IsZero() {
		return "khong_ro"
	}
	age := events.YearsBetween(birth, day)
	for _, b := range ageBands {
		if age >= b.lo && age <= b.hi {
			return b.code
		}
	}
	return "khong_ro"
}

// rosterAges is Table 4 as of the cut's day: the roster of the four groups
// by group (rows) and age band (columns), with a total row.
func rosterAges(in Input) (Table, error) {
	cols := []string{"group"}
	for _, b := range ageBands {
		cols = append(cols, b.code)
	}
	cols = append(cols, "khong_ro", "tong")
	t := Table{Columns: cols}
	f := gather(in)
	counts := map[int]map[string]int{}
	for _, o := range f.roster() {
		if counts[o.Group] == nil {
			counts[o.Group] = map[string]int{}
		}
		counts[o.Group][ageBand(o.BirthDate, f.day)]++
	}
	total := map[string]int{}
	for g := 1; g <= 4; g++ {
		row := []Value{Str("nhom_" + strconv.Itoa(g))}
		sum := 0
		for _, c := range cols[1 : len(cols)-1] {
			n := counts[g][c]
			row = append(row, Int(n))
			sum += n
			total[c] += n
		}
		total["tong"] += sum
		t.add(append(row, Int(sum))...)
	}
	row := []Value{Str("tong")}
	for _, c := range cols[1:] {
		row = append(row, Int(total[c]))
	}
	t.add(row...)
	return t, nil
}

// rosterYoung is Table 5 as of the cut's day: for each qualification, the
// officials of the roster under 45 with it, all those with it, and the
// share in per mille.
func rosterYoung(in Input) (Table, error) {
	t := Table{Columns: []string{"qualification", "under_45", "total", "share_permille"}}
	f := gather(in)
	for _, q := range []string{"tien_si", "thac_si", "dai_hoc"} {
		young, all := 0, 0
		for _, o := range f.roster() {
			if o.Qualification != q {
				continue
			}
			all++
			if !o.BirthDate.IsZero() && events.YearsBetween(o.BirthDate, f.day) < 45 {
				young++
			}
		}
		share := 0
		if all > 0 {
			share = young * 1000 / all
		}
		t.add(Str(q), Int(young), Int(all), Int(share))
	}
	return t, nil
}
