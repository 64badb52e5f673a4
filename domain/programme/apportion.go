package programme

import (
	"math"
	"slices"
)

// apportion splits total into integers proportional to weights by the
// largest-remainder method, none above its cap (nil caps: no caps). A
// share whose proportional part reaches its cap gets the cap and the rest
// is shared again among the others. Ties go to the earlier index. When
// the caps hold less than total every cap is filled; when no weight is
// positive the total is shared equally.
func apportion(total int, weights, caps []int) []int {
	n := len(weights)
	capOf := func(i int) int {
		if caps == nil {
			return math.MaxInt32
		}
		return max(0, caps[i])
	}
	if caps != nil && sum(caps) <= total {
		return slices.Clone(caps)
	}
	w := slices.Clone(weights)
	if sum(w) <= 0 {
		for i := range w {
			w[i] = 1
		}
	}
	out, fixed := make([]int, n), make([]bool, n)
	remaining := total
	for changed := true; changed && remaining > 0; {
		changed = false
		W := openWeight(w, fixed)
		for i := range n {
			if !fixed[i] && w[i] > 0 && W > 0 && int64(remaining)*int64(w[i]) >= int64(capOf(i))*W {
				out[i], fixed[i], changed = capOf(i), true, true
				remaining -= capOf(i)
			}
		}
	}
	largestRemainder(out, w, fixed, remaining)
	return out
}

// largestRemainder shares total among the shares not fixed, in place.
func largestRemainder(out, w []int, fixed []bool, total int) {
	W := openWeight(w, fixed)
	if W <= 0 || total <= 0 {
		return
	}
	type rem struct {
		i int
		r int64
	}
	var rems []rem
	left := total
	for i := range out {
		if fixed[i] || w[i] <= 0 {
			continue
		}
		p := int64(total) * int64(w[i])
		out[i] = int(p / W)
		left -= out[i]
		rems = append(rems, rem{i, p % W})
	}
	slices.SortStableFunc(rems, func(a, b rem) int {
		switch {
		case a.r > b.r:
			return -1
		case a.r < b.r:
			return 1
		}
		return 0
	})
	for k := 0; k < left && k < len(rems); k++ {
		out[rems[k].i]++
	}
}

func openWeight(w []int, fixed []bool) int64 {
	var W int64
	for i, x := range w {
		if !fixed[i] && x > 0 {
			W += int64(x)
		}
	}
	return W
}

func sum(xs []int) int {
	s := 0
	for _, x := range xs {
		s += x
	}
	return s
}

// fitTo returns counts unchanged when they add up to total, else counts
// apportioned to total.
func fitTo(total int, counts []int) []int {
	if sum(counts) == total {
		return slices.Clone(counts)
	}
	return apportion(total, counts, nil)
}
