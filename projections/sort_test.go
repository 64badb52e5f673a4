package projections_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"daotao/events"
	"daotao/projections"
)

// vietnameseNames mix the letters whose order collation decides: a ă â,
// d đ, o ô ơ, u ư, tones, and names differing only after the given name.
var vietnameseNames = []string{"Trần Văn Đức", "Lê Thị Anh", "Nguyễn Văn Dũng", "Phạm Thị Ánh", "Võ Thị Ân", "Đặng Văn Ơn",
	"Hồ Thị Ông", "Bùi Văn On", "Ngô Thị Ư", "Đỗ Văn U", "Lý Thị Ánh", "Trịnh Văn Duy", "Mai Thị Đào", "Dương Văn Ăn", "Lê Thị Anh"}

// TestNameSortAgreesWithCollator: sorting by precomputed collation keys
// gives the order of comparing with the collator itself, both ways.
func TestNameSortAgreesWithCollator(t *testing.T) {
	s := projections.New()
	for i, name := range vietnameseNames {
		id := fmt.Sprintf("o%02d", i)
		p := &events.OfficialRegistered{OfficialID: id, AgencyCode: "so_y_te", OfficialProfile: events.OfficialProfile{FullName: name, Group: 3}}
		if err := s.Apply(record(t, uint64(i+1), events.Subject(events.AggregateOfficial, id), p)); err != nil {
			t.Fatal(err)
		}
	}
	col := collate.New(language.Vietnamese)
	byGivenName := func(a, b string) int {
		if c := col.CompareString(a[strings.LastIndexByte(a, ' ')+1:], b[strings.LastIndexByte(b, ' ')+1:]); c != 0 {
			return c
		}
		return col.CompareString(a, b)
	}
	want := slices.Clone(vietnameseNames)
	slices.SortStableFunc(want, byGivenName)
	for _, sort := range []string{"name", "-name"} {
		items, _ := s.Officials(projections.OfficialFilter{Sort: sort}, projections.Page{})
		var got []string
		for _, o := range items {
			got = append(got, o.FullName)
		}
		if sort == "-name" {
			slices.Reverse(want)
		}
		if !slices.Equal(got, want) {
			t.Errorf("sort %s = %v; want %v", sort, got, want)
		}
	}
}
