package roster

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// fold reduces what a person typed to a key that compares equal however
// it was written: lower case, without diacritics (đ becomes d), every run
// of punctuation and spaces one space, and the joining word "và" dropped.
// "Ngành, lĩnh vực" and "NGANH LINH VUC" both fold to "nganh linh vuc".
func fold(s string) string {
	var b strings.Builder
	space := false
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ' || r == 'Đ':
			r = 'd'
		case !unicode.IsLetter(r) && !unicode.IsDigit(r):
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return dropWord(b.String(), "va")
}

func dropWord(s, w string) string {
	words := strings.Fields(s)
	out := words[:0]
	for _, x := range words {
		if x != w {
			out = append(out, x)
		}
	}
	return strings.Join(out, " ")
}

// withoutParens removes parenthesised text, such as the hint in a header
// "Ngày sinh (dd/mm/yyyy)".
func withoutParens(s string) string {
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch {
		case r == '(' || r == '[':
			depth++
		case (r == ')' || r == ']') && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// clean normalises a cell's text: Unicode NFC, no-break spaces as spaces,
// runs of white space as one space, trimmed.
func clean(s string) string {
	s = strings.ReplaceAll(norm.NFC.String(s), "\u00a0", " ")
	return strings.Join(strings.Fields(s), " ")
}

// quote shows a value in a message, shortened when long.
func quote(v string) string {
	const most = 40
	if r := []rune(v); len(r) > most {
		v = string(r[:most]) + "…"
	}
	return "“" + v + "”"
}

// Fold returns the key two spellings of a name or code share when they
// differ only in case, diacritics, spacing or punctuation: "Sở Y tế" and
// "so_y_te" both fold to "so y te".
func Fold(s string) string { return fold(s) }
