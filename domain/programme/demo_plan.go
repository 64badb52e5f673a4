package programme

import "slices"

// groupPlan is what the demo officials of one group add up to: Table 3's
// size and qualifications, Table 6's fields, the age bands (Table 4 fitted
// to Table 3's size) and how many of each qualification are under 45
// (Table 5 shared out over the groups).
type groupPlan struct {
	group      int
	size       int
	quals      []int // by qualColumns
	fieldCodes []string
	fields     []int // by fieldCodes
	bands      []int // by ageBandColumn
	young      []int // under 45, by qualColumns
}

// planGroups reads the counts each group's officials must match. Table 3
// gives the group sizes; any other table whose group row adds up to
// another size is fitted to it (see ageBands).
func planGroups(b Baseline) []groupPlan {
	t3, _ := b.Table(3)
	t6, _ := b.Table(6)
	var fieldCodes []string
	for _, c := range t6.Columns {
		if c.Code != sizeColumn {
			fieldCodes = append(fieldCodes, c.Code)
		}
	}
	plans := make([]groupPlan, len(groupRows))
	sizes := make([]int, len(groupRows))
	for g, key := range groupRows {
		size, _ := t3.Value(key, sizeColumn)
		sizes[g] = max(0, size)
		plans[g] = groupPlan{group: g + 1, size: sizes[g], quals: fitTo(sizes[g], t3.Counts(key, qualColumns)),
			fieldCodes: fieldCodes, fields: fitTo(sizes[g], t6.Counts(key, fieldCodes))}
	}
	bands := ageBands(b, sizes)
	for g := range plans {
		plans[g].bands = bands[g]
	}
	young := underFortyFive(b, plans)
	for g := range plans {
		plans[g].young = young[g]
	}
	return plans
}

// ageBands returns each group's age bands. A group whose Table 4 row adds
// up to its Table 3 size keeps the row. The others are fitted to their
// Table 3 size so that Table 4's column totals still hold: each but the
// last is scaled by largest remainder, capped by what the column totals
// leave, and the last takes what remains. With the seed, Nhóm 1 and 2 keep
// their rows, Nhóm 3 (892 → 850) becomes 69, 184, 277, 150, 170 and
// Nhóm 4 (1155 → 1197) becomes 183, 322, 297, 161, 234.
func ageBands(b Baseline, sizes []int) [][]int {
	t4, _ := b.Table(4)
	rows := make([][]int, len(groupRows))
	var misfits []int
	residual := fitTo(sum(sizes), t4.Counts(totalKey, ageBandColumn))
	for g, key := range groupRows {
		rows[g] = t4.Counts(key, ageBandColumn)
		if sum(rows[g]) != sizes[g] {
			misfits = append(misfits, g)
			continue
		}
		for i := range residual {
			residual[i] -= rows[g][i]
		}
	}
	if slices.ContainsFunc(residual, func(x int) bool { return x < 0 }) {
		// The column totals cannot be kept: fit every misfit on its own.
		for _, g := range misfits {
			rows[g] = fitTo(sizes[g], rows[g])
		}
		return rows
	}
	for k, g := range misfits {
		if k == len(misfits)-1 && sum(residual) == sizes[g] {
			rows[g] = residual
			break
		}
		rows[g] = apportion(sizes[g], rows[g], residual)
		for i := range residual {
			residual[i] -= rows[g][i]
		}
	}
	return rows
}

// underFortyFive shares Table 5 (officials under 45 by qualification) over
// the groups, each group's under-45 officials being its first two age
// bands: first the doctorates in proportion to each group's doctorates,
// then the masters in proportion to its masters, each capped by what the
// group holds; the group's other under-45 officials hold a bachelor's
// degree. If a group cannot hold that many bachelors, the excess becomes
// masters, then doctorates (Table 5 then no longer holds exactly). With
// the seed: doctorates 1, 1, 6, 0; masters 2, 18, 199, 147; bachelors
// 0, 0, 48, 358.
func underFortyFive(b Baseline, plans []groupPlan) [][]int {
	t5, _ := b.Table(5)
	young := make([]int, len(plans))
	for g, p := range plans {
		young[g] = p.bands[0] + p.bands[1]
	}
	want := fitTo(sum(young), []int{value(t5, "dai_hoc"), value(t5, "thac_si"), value(t5, "tien_si")})
	out := make([][]int, len(plans))
	for g := range out {
		out[g] = make([]int, len(qualColumns))
	}
	left := slices.Clone(young)
	for _, q := range []int{2, 1} { // tien_si, then thac_si
		weights, caps := make([]int, len(plans)), make([]int, len(plans))
		for g, p := range plans {
			weights[g], caps[g] = p.quals[q], min(p.quals[q], left[g])
		}
		for g, n := range apportion(want[q], weights, caps) {
			out[g][q], left[g] = n, left[g]-n
		}
	}
	for g, p := range plans {
		out[g][0] = min(left[g], p.quals[0])
		excess := left[g] - out[g][0]
		for _, q := range []int{1, 2} {
			more := min(excess, p.quals[q]-out[g][q])
			out[g][q], excess = out[g][q]+more, excess-more
		}
	}
	return out
}

func value(t Table, key string) int {
	v, _ := t.Value(key, sizeColumn)
	return v
}
