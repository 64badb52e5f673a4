// Package planning holds the rules of the yearly planning cycle of Phần III
// of the Đề án: every agency proposes its training needs for a year, Sở Nội
// vụ consolidates them into the annual training plan (Kế hoạch đào tạo, bồi
// dưỡng hằng năm), the council reviews it, the province approves it, and the
// focus-field list of the year flags what lies outside it.
//
// Like package domain it is pure: time, ids, actors and reference data are
// passed in.
package planning

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"daotao/domain"
	"daotao/domain/programme"
	"daotao/events"
)

// Formats of a need line or a plan line. The first three are the course
// formats of Phụ lục I; FormatPostgraduate is places of Phụ lục II.
const (
	FormatClass            = programme.FormatClass
	FormatDelegationAbroad = programme.FormatDelegationAbroad
	FormatSeminar          = programme.FormatSeminar
	FormatPostgraduate     = "postgraduate"
)

// FormatLabel returns the Vietnamese name of a format.
func FormatLabel(f string) string {
	switch f {
	case FormatClass:
		return "Lớp bồi dưỡng"
	case FormatDelegationAbroad:
		return "Đoàn bồi dưỡng ở nước ngoài"
	case FormatSeminar:
		return "Hội thảo"
	case FormatPostgraduate:
		return "Đào tạo sau đại học"
	}
	return f
}

// Blocs of the focus-field list and of needs consolidation.
const (
	// BlocGovernment is the state bloc: Sở Nội vụ advises the province.
	BlocGovernment = "government"
	// BlocParty is the Party and mass-organisation bloc: Ban Tổ chức Tỉnh
	// ủy issues its list and consolidates its agencies' needs.
	BlocParty = "party"
)

// PartyBoard is the agency code of Ban Tổ chức Tỉnh ủy, which consolidates
// the needs of the Party and mass-organisation bloc (Phần III.I.1).
const PartyBoard = "ban_to_chuc_tinh_uy"

// partyKinds are the agency kinds of the Party and mass-organisation bloc.
var partyKinds = []string{"dang", "doan_the"}

// BlocOf returns the bloc of agency a.
func BlocOf(a programme.Agency) string {
	for _, k := range partyKinds {
		if a.Kind == k {
			return BlocParty
		}
	}
	return BlocGovernment
}

// Years the programme runs: needs and plans are for one of them.
const (
	FirstYear = 2024
	LastYear  = 2030
)

// Limits on planning input.
const (
	MaxLines          = 500
	MaxPeoplePerLine  = 10_000
	MaxReasonRunes    = 2000
	MaxTitleRunes     = 300
	MaxFocusItems     = 200
	MaxDecisionRunes  = 100
	MaxCostPerLineVND = 1_000_000_000_000 // 1,000 tỷ đồng
)

// checkYear adds a problem when year is outside the programme.
func checkYear(p domain.Problems, year int) {
	if year < FirstYear || year > LastYear {
		p.Add("year", "Năm phải từ "+strconv.Itoa(FirstYear)+" đến "+strconv.Itoa(LastYear)+".")
	}
}

// checkText adds a problem for a required text that is empty or too long.
func checkText(p domain.Problems, field, s string, maxRunes int, missing string) {
	switch {
	case strings.TrimSpace(s) == "":
		p.Add(field, missing)
	case utf8.RuneCountInString(s) > maxRunes:
		p.Add(field, "Tối đa "+strconv.Itoa(maxRunes)+" ký tự.")
	}
}

// isRole reports whether actor acts in role r.
func isRole(a events.Actor, r domain.Role) bool { return domain.Is(a, r) }

// line names the i-th element of a list field in an error ("lines[3].people").
func line(field string, i int, sub string) string {
	return field + "[" + strconv.Itoa(i) + "]." + sub
}
