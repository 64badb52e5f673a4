package programme

import (
	"fmt"
	"strconv"
	"strings"
)

// percent is a printed percentage: Scaled/10^Decimals per cent, written
// with Sep as the decimal separator.
type percent struct {
	Scaled   int64
	Decimals int
	Sep      string
}

// parsePercent reads "35.38%", "5,06%" or "100%".
func parsePercent(s string) (percent, error) {
	num, ok := strings.CutSuffix(strings.TrimSpace(s), "%")
	if !ok || num == "" {
		return percent{}, fmt.Errorf("percentage %q must end in %%", s)
	}
	p := percent{Sep: ","}
	if i := strings.IndexAny(num, ",."); i >= 0 {
		p.Sep, p.Decimals = num[i:i+1], len(num)-i-1
		num = num[:i] + num[i+1:]
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n < 0 || p.Decimals > 6 {
		return percent{}, fmt.Errorf("percentage %q is not a number like 12,34%%", s)
	}
	p.Scaled = n
	return p, nil
}

// share returns part/whole per cent rounded half up to decimals, written
// like p; ok is false when whole is not positive.
func share(part, whole int, like percent) (percent, bool) {
	if whole <= 0 || part < 0 {
		return percent{}, false
	}
	scale := int64(100)
	for range like.Decimals {
		scale *= 10
	}
	v := (2*int64(part)*scale + int64(whole)) / (2 * int64(whole))
	return percent{Scaled: v, Decimals: like.Decimals, Sep: like.Sep}, true
}

// String writes p as printed, e.g. "5,06%".
func (p percent) String() string {
	s := strconv.FormatInt(p.Scaled, 10)
	if p.Decimals == 0 {
		return s + "%"
	}
	for len(s) <= p.Decimals {
		s = "0" + s
	}
	cut := len(s) - p.Decimals
	return s[:cut] + p.Sep + s[cut:] + "%"
}

// groupThousands writes n with "." between thousands, as the text does.
func groupThousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "." + s[i:]
	}
	return s
}
