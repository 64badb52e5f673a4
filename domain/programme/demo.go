package programme

import (
	"cmp"
	"math/rand/v2"
	"slices"

	"daotao/events"
)

// Genders, as in package domain.
const (
	genderMale   = "nam"
	genderFemale = "nu"
)

// demoStream is the second PCG word: DemoRoster's stream for a seed.
const demoStream = 0x7328_2024

// DemoOfficial is one synthetic official of the demo roster and the agency
// whose roster holds them.
type DemoOfficial struct {
	AgencyCode string `json:"agency_code"`
	events.OfficialProfile
}

// DemoAsOf returns the date the baseline describes (01/2024); the demo
// roster's ages are taken on it.
func DemoAsOf() events.Date { return events.NewDate(2024, 1, 1) }

// DemoRatingYears returns the years every demo official has a rating for:
// the three completed years before 2026, so that nominations in 2025 and
// 2026 find the two preceding years rated.
func DemoRatingYears() []string { return []string{"2023", "2024", "2025"} }

// DemoRoster returns a synthetic roster of the 4 groups as b describes it,
// the same for the same seed (math/rand/v2 PCG). It matches, exactly: per
// group the size and qualification counts of Table 3 and the field counts
// of Table 6; in total the age bands of Table 4 and the under-45 officials
// per qualification of Table 5. Table 4's group rows 3 and 4 (892 and
// 1,155) disagree with Table 3 (850 and 1,197), so those two rows are
// scaled to Table 3's sizes keeping Table 4's column totals (see
// ageBands); Nhóm 1 and 2 match Table 4 exactly. Officials are placed in
// doc's agencies (see placer) and get plausible facts. It returns nil for
// a nil doc or a document without agencies.
func DemoRoster(seed uint64, doc *Document, b Baseline) []DemoOfficial {
	if doc == nil || len(doc.AgenciesAsOf(doc.EffectiveFrom)) == 0 {
		return nil
	}
	rng := rand.New(rand.NewPCG(seed, demoStream))
	plans := planGroups(b)
	pl := newPlacer(doc, plans)
	var out []DemoOfficial
	for _, plan := range plans {
		for _, s := range plan.slots(rng) {
			out = append(out, newDemoOfficial(rng, pl, plan.group, s))
		}
	}
	order := map[string]int{}
	for i, a := range doc.Agencies {
		order[a.Code] = i
	}
	slices.SortStableFunc(out, func(x, y DemoOfficial) int {
		return cmp.Or(cmp.Compare(order[x.AgencyCode], order[y.AgencyCode]), cmp.Compare(x.Group, y.Group))
	})
	return out
}

// slot is what one official of a group must be: a qualification, an age
// band (index into ageBandColumn) and a field of study.
type slot struct {
	qual  string
	band  int
	field string
}

// slots deals the group's counts out to its officials: under-45
// qualifications with the two young bands, the others with the older
// bands, and fields independently.
func (p groupPlan) slots(rng *rand.Rand) []slot {
	var old []int
	for i := range p.quals {
		old = append(old, p.quals[i]-p.young[i])
	}
	quals := append(shuffled(rng, repeat(qualColumns, p.young)), shuffled(rng, repeat(qualColumns, old))...)
	bandIdx := []int{0, 1, 2, 3, 4}
	bands := append(shuffled(rng, repeat(bandIdx[:2], p.bands[:2])), shuffled(rng, repeat(bandIdx[2:], p.bands[2:]))...)
	fields := shuffled(rng, repeat(p.fieldCodes, p.fields))
	n := min(len(quals), len(bands), len(fields))
	out := make([]slot, n)
	for i := range n {
		out[i] = slot{qual: quals[i], band: bands[i], field: fields[i]}
	}
	return out
}

// repeat returns each item counts[i] times, in order.
func repeat[T any](items []T, counts []int) []T {
	var out []T
	for i, it := range items {
		for range max(0, counts[i]) {
			out = append(out, it)
		}
	}
	return out
}

func shuffled[T any](rng *rand.Rand, xs []T) []T {
	rng.Shuffle(len(xs), func(i, j int) { xs[i], xs[j] = xs[j], xs[i] })
	return xs
}
