package programme

import (
	"math/rand/v2"

	"daotao/events"
)

// Ratings of yearly performance, as in package domain.
const (
	ratingExcellent = "xuat_sac"
	ratingGood      = "tot"
	ratingDone      = "hoan_thanh"
	ratingFailed    = "khong_hoan_thanh"
)

// bandAges are the ages (as of DemoAsOf) of each Table 4 band. The printed
// bands overlap at their edges ("Từ 40 - 45", "Từ 45 - 50"); they are read
// as 40–44, 45–49, 50–54 and 55 and over, so that "Dưới 45" (Table 5) is
// the first two bands. The oldest are 60 (men) and 55 (women), the
// retirement ages of 2024.
var bandAges = [][2]int{{29, 39}, {40, 44}, {45, 49}, {50, 54}, {55, 60}}

// femalePermille is the share of women per group (index 1–4).
var femalePermille = [5]int{0, 120, 200, 330, 300}

// planningPermille is the share in the planning pool per age band.
var planningPermille = [5]int{550, 450, 300, 120, 20}

// newDemoOfficial draws the official of group that slot s describes.
func newDemoOfficial(rng *rand.Rand, pl *placer, group int, s slot) DemoOfficial {
	a := pl.place(rng, group, s.field)
	gender := demoGender(rng, group, s.field)
	birth := birthDate(rng, demoAge(rng, group, s.band, gender))
	start := serviceStart(rng, birth)
	minority := rng.IntN(1000) < minorityPermille(a)
	p := events.OfficialProfile{
		FullName: fullName(rng, gender, minority), Group: group, Category: demoCategory(rng, a, group, s.field),
		BirthDate: birth, Gender: gender, ServiceStart: start, Qualification: s.qual, Field: s.field,
		OfficialFacts: demoFacts(rng, s, start, minority),
	}
	return DemoOfficial{AgencyCode: a.Code, OfficialProfile: p}
}

func demoGender(rng *rand.Rand, group int, field string) string {
	f := femalePermille[group]
	if field == "y_te" || field == "giao_duc" {
		f += 200
	}
	if rng.IntN(1000) < f {
		return genderFemale
	}
	return genderMale
}

// demoAge draws an age in band; heads and deputies of departments are at
// least 33.
func demoAge(rng *rand.Rand, group, band int, gender string) int {
	lo, hi := bandAges[band][0], bandAges[band][1]
	if band == 0 && group <= 2 {
		lo = 33
	}
	if band == len(bandAges)-1 && gender == genderFemale {
		hi = lo
	}
	return lo + rng.IntN(hi-lo+1)
}

// birthDate draws a birth date on which someone is age years old on
// DemoAsOf: from 2 January of (2023 - age) to 1 January of (2024 - age).
func birthDate(rng *rand.Rand, age int) events.Date {
	return events.NewDate(2023-age, 1, 2).AddDate(0, 0, rng.IntN(365))
}

// serviceStart draws the start of service at 22–27, at least six years
// before DemoAsOf.
func serviceStart(rng *rand.Rand, birth events.Date) events.Date {
	age := events.YearsBetween(birth, DemoAsOf())
	latest := max(22, min(27, age-6))
	return birth.AddDate(22+rng.IntN(latest-22+1), 0, rng.IntN(300))
}

// demoFacts draws what the eligibility rules read: three yearly ratings,
// probation (12 months, long over), the planning pool, rare discipline and
// travel bars, and prior postgraduate nominations for those with a
// postgraduate degree.
func demoFacts(rng *rand.Rand, s slot, start events.Date, minority bool) events.OfficialFacts {
	f := events.OfficialFacts{Ratings: map[string]string{}, ProbationEnd: start.AddDate(1, 0, 0),
		Discipline: "none", EthnicMinority: minority}
	years := DemoRatingYears()
	for _, y := range years {
		f.Ratings[y] = demoRating(rng)
	}
	switch r := rng.IntN(1000); {
	case r < 5:
		f.Discipline = "active"
		f.Ratings[years[len(years)-1]] = ratingDone
		f.TravelBarred = rng.IntN(2) == 0
	case r < 10:
		f.Discipline = "pending"
	}
	f.TravelBarred = f.TravelBarred || rng.IntN(1000) < 3
	f.InPlanningPool = rng.IntN(1000) < planningPermille[s.band]
	prior := 20
	if s.qual != "dai_hoc" {
		prior = 800
	}
	f.PriorPostgradNomination = rng.IntN(1000) < prior
	return f
}

func demoRating(rng *rand.Rand) string {
	switch r := rng.IntN(1000); {
	case r < 200:
		return ratingExcellent
	case r < 900:
		return ratingGood
	case r < 995:
		return ratingDone
	}
	return ratingFailed
}
