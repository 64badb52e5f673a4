package reports

import (
	"slices"

	"daotao/domain"
)

// nominationsByStatus counts the nominations by status (rows, in workflow
// order, then a total) and kind (columns: refresher, postgraduate, any
// other kind found in name order, then the total).
func nominationsByStatus(in Input) (Table, error) {
	kinds := []string{domain.KindRefresher, domain.KindPostgraduate}
	count := map[domain.Status]map[string]int{}
	for _, n := range nominations(in.State) {
		if !slices.Contains(kinds, n.Kind) {
			kinds = append(kinds, n.Kind)
			slices.Sort(kinds[2:])
		}
		if count[n.Status] == nil {
			count[n.Status] = map[string]int{}
		}
		count[n.Status][n.Kind]++
	}
	t := Table{Columns: append(append([]string{"status"}, kinds...), "total")}
	totals := map[string]int{}
	for _, s := range domain.Statuses {
		for _, k := range kinds {
			totals[k] += count[s][k]
		}
		t.add(crossRow(string(s), kinds, count[s])...)
	}
	t.add(crossRow("total", kinds, totals)...)
	return t, nil
}

// crossRow returns label, the count of each key, and their sum.
func crossRow(label string, keys []string, counts map[string]int) []Value {
	row, sum := []Value{Str(label)}, 0
	for _, k := range keys {
		row = append(row, Int(counts[k]))
		sum += counts[k]
	}
	return append(row, Int(sum))
}
