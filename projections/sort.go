package projections

import (
	"cmp"
	"slices"
	"strings"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"daotao/domain"
)

// Sort keys a list accepts.
var (
	OfficialSorts   = []string{"name", "group"}
	NominationSorts = []string{"created", "submitted", "start", "title", "status"}
)

// ValidSort reports whether key (with an optional leading "-") is one of
// keys, or empty.
func ValidSort(key string, keys []string) bool {
	return key == "" || slices.Contains(keys, strings.TrimPrefix(key, "-"))
}

func sortOfficials(list []*domain.Official, key string) {
	key, desc := strings.CutPrefix(key, "-")
	var by func(a, b *domain.Official) int
	switch key {
	case "name":
		col := collate.New(language.Vietnamese)
		by = func(a, b *domain.Official) int { return compareNames(col, a.FullName, b.FullName) }
	case "group":
		by = func(a, b *domain.Official) int { return cmp.Compare(a.Group, b.Group) }
	default:
		if desc {
			slices.Reverse(list)
		}
		return
	}
	slices.SortStableFunc(list, direction(by, desc))
}

func sortNominations(list []*domain.Nomination, key string) {
	key, desc := strings.CutPrefix(key, "-")
	var by func(a, b *domain.Nomination) int
	switch key {
	case "submitted":
		by = func(a, b *domain.Nomination) int { return a.SubmittedAt().Compare(b.SubmittedAt()) }
	case "start":
		by = func(a, b *domain.Nomination) int { return a.View().StartDate.Time().Compare(b.View().StartDate.Time()) }
	case "title":
		col := collate.New(language.Vietnamese)
		by = func(a, b *domain.Nomination) int { return col.CompareString(a.View().Title, b.View().Title) }
	case "status":
		by = func(a, b *domain.Nomination) int { return cmp.Compare(statusRank(a.Status()), statusRank(b.Status())) }
	default:
		if desc {
			slices.Reverse(list)
		}
		return
	}
	slices.SortStableFunc(list, direction(by, desc))
}

func direction[T any](by func(a, b T) int, desc bool) func(a, b T) int {
	if desc {
		return func(a, b T) int { return by(b, a) }
	}
	return by
}

func statusRank(s domain.Status) int { return slices.Index(domain.Statuses, s) }

// compareNames orders Vietnamese full names by given name (the last word),
// then by the whole name, in Vietnamese alphabetical order (a ă â b c d đ…),
// as Vietnamese lists are ordered.
func compareNames(col *collate.Collator, a, b string) int {
	if c := col.CompareString(lastWord(a), lastWord(b)); c != 0 {
		return c
	}
	return col.CompareString(a, b)
}

func lastWord(s string) string {
	if i := strings.LastIndexByte(s, ' '); i >= 0 {
		return s[i+1:]
	}
	return s
}
