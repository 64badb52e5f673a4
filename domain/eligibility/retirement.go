package eligibility

import (
	"time"

	"daotao/events"
)

// RetirementReference cites the retirement-age roadmap.
const RetirementReference = "Bộ luật Lao động 2019, Điều 169; Nghị định 135/2020/NĐ-CP"

// RoadmapStep is one year of the retirement-age roadmap: whoever reaches
// AgeMonths of age during Year retires at that age.
type RoadmapStep struct {
	Year      int
	AgeMonths int
}

// Roadmap is the retirement age of one gender under the Labour Code 2019:
// Before for those who reached it before the first step, the steps year by
// year, and the last step's age from then on.
type Roadmap struct {
	Gender string
	Before int
	Steps  []RoadmapStep
}

func ym(years, months int) int { return years*12 + months }

// Roadmaps returns the roadmaps of Điều 169 of the Labour Code 2019: men
// 60 years 3 months in 2021, 3 months more each year, 62 from 2028; women
// 55 years 4 months in 2021, 4 months more each year, 60 from 2035.
func Roadmaps() []Roadmap {
	return []Roadmap{
		{Gender: GenderMale, Before: ym(60, 0), Steps: []RoadmapStep{
			{2021, ym(60, 3)}, {2022, ym(60, 6)}, {2023, ym(60, 9)}, {2024, ym(61, 0)},
			{2025, ym(61, 3)}, {2026, ym(61, 6)}, {2027, ym(61, 9)}, {2028, ym(62, 0)},
		}},
		{Gender: GenderFemale, Before: ym(55, 0), Steps: []RoadmapStep{
			{2021, ym(55, 4)}, {2022, ym(55, 8)}, {2023, ym(56, 0)}, {2024, ym(56, 4)},
			{2025, ym(56, 8)}, {2026, ym(57, 0)}, {2027, ym(57, 4)}, {2028, ym(57, 8)},
			{2029, ym(58, 0)}, {2030, ym(58, 4)}, {2031, ym(58, 8)}, {2032, ym(59, 0)},
			{2033, ym(59, 4)}, {2034, ym(59, 8)}, {2035, ym(60, 0)},
		}},
	}
}

// RetirementAge returns the retirement age, in months, of someone of gender
// (GenderMale or GenderFemale) born on birth, and false for another gender
// or a zero birth date. Only the month and year of birth count, as in the
// tables of Nghị định 135/2020/NĐ-CP.
func RetirementAge(gender string, birth events.Date) (int, bool) {
	if birth.IsZero() {
		return 0, false
	}
	for _, r := range Roadmaps() {
		if r.Gender == gender {
			return r.ageOf(monthIndex(birth)), true
		}
	}
	return 0, false
}

// ageOf returns the age for someone born in month index b: the age of the
// first year in which that age is reached. The ages rise more slowly than
// the years, so that year is unique.
func (r Roadmap) ageOf(b int) int {
	if (b+r.Before)/12 < r.Steps[0].Year {
		return r.Before
	}
	for _, s := range r.Steps {
		if (b+s.AgeMonths)/12 <= s.Year {
			return s.AgeMonths
		}
	}
	return r.Steps[len(r.Steps)-1].AgeMonths
}

// RetirementDate returns the last working day of someone of gender born on
// birth: the last day of the month in which they reach retirement age
// (Nghị định 135/2020/NĐ-CP). It returns false when RetirementAge does.
func RetirementDate(gender string, birth events.Date) (events.Date, bool) {
	age, ok := RetirementAge(gender, birth)
	if !ok {
		return events.Date{}, false
	}
	m := monthIndex(birth) + age + 1 // the month after, whose day 0 is the last day
	return events.NewDate(m/12, time.Month(m%12+1), 0), true
}

// monthIndex counts months from January of year 0.
func monthIndex(d events.Date) int {
	t := d.Time()
	return t.Year()*12 + int(t.Month()) - 1
}
