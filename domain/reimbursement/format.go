package reimbursement

import (
	"fmt"
	"strconv"
	"strings"
)

// group writes n ≥ 0 with dots between thousands, as Vietnamese does.
func group(n int64) string {
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// dong writes an amount in đồng: "58.333.333 ₫".
func dong(n int64) string { return group(n) + " ₫" }

// decimal writes num / den (both ≥ 0, den > 0) with a decimal comma and
// at most two decimals, ending in "…" when more would follow.
func decimal(num, den int64) string {
	q, r := num/den, num%den
	if r == 0 {
		return group(q)
	}
	cents, rest := r*100/den, r*100%den
	frac := fmt.Sprintf("%02d", cents)
	if rest != 0 {
		return group(q) + "," + frac + "…"
	}
	return group(q) + "," + strings.TrimRight(frac, "0")
}

// percent writes tenths of a percent: "1,5%".
func percent(tenths int64) string {
	return fmt.Sprintf("%d,%d%%", tenths/10, tenths%10)
}

// months writes whole months: "48 tháng".
func months(n int) string { return strconv.Itoa(n) + " tháng" }

// duration writes months and days: "18 tháng 20 ngày", "24 tháng".
func duration(m, d int) string {
	if d == 0 {
		return months(m)
	}
	if m == 0 {
		return strconv.Itoa(d) + " ngày"
	}
	return fmt.Sprintf("%d tháng %d ngày", m, d)
}
