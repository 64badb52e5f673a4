package projections

import "slices"

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
	o, ok := s.officialOf(id) // current.go
	if !ok || o.Ratings == nil {
		return
	}
	var buf [128]byte
	key := appendRatingsKey(buf[:0], o.Ratings)
	if m, ok := s.ratingBook.byKey[string(key)]; ok { // no copy of key to look up
		o.Ratings = m
		return
	}
	if s.ratingBook.byKey == nil {
		s.ratingBook.byKey = map[string]map[string]string{}
	}
	s.ratingBook.byKey[string(key)] = o.Ratings
}

// appendRatingsKey appends the text of a ratings map to b: years in order,
// each with its rating, separated by NULs; for a few years (an official's
// are three or four), without allocating.
func appendRatingsKey(b []byte, m map[string]string) []byte {
	var few [8]string
	years := few[:0]
	for y := range m {
		years = append(years, y)
	}
	slices.Sort(years)
	for _, y := range years {
		b = append(b, y...)
		b = append(b, 0)
		b = append(b, m[y]...)
		b = append(b, 0)
	}
	return b
}
