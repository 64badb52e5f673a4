package projections

import (
	"slices"
	"strings"
)

// ratingBook shares the officials' yearly ratings: most officials have one
// of a few hundred combinations of years and ratings, and a small map per
// official was a fifth of an official's memory at national scale (issue
// 7). Officials with equal ratings hold one map, which nothing changes in
// place (an update brings a whole new profile). The book belongs to one
// State, so a snapshot restores the sharing as it was.
type ratingBook struct {
	byKey map[string]map[string]string // by ratingsKey
}

// shareRatings makes official id hold the shared map equal to its ratings.
func (s *State) shareRatings(id string) {
	o, ok := s.officials[id]
	if !ok || o.Ratings == nil {
		return
	}
	key := ratingsKey(o.Ratings)
	if m, ok := s.ratingBook.byKey[key]; ok {
		o.Ratings = m
		return
	}
	if s.ratingBook.byKey == nil {
		s.ratingBook.byKey = map[string]map[string]string{}
	}
	s.ratingBook.byKey[key] = o.Ratings
}

// ratingsKey is the text of a ratings map: years in order, each with its
// rating, separated by NULs.
func ratingsKey(m map[string]string) string {
	years := make([]string, 0, len(m))
	for y := range m {
		years = append(years, y)
	}
	slices.Sort(years)
	var b strings.Builder
	for _, y := range years {
		b.WriteString(y)
		b.WriteByte(0)
		b.WriteString(m[y])
		b.WriteByte(0)
	}
	return b.String()
}
