package planning

import (
	"cmp"
	"slices"
	"strconv"

	"daotao/domain/programme"
	"daotao/events"
)

// Finding is one check of a plan against the Đề án: a minimum of Phụ lục I,
// the yearly delegations abroad, or a yearly share of a target.
type Finding struct {
	// Kind is "minimum_format", "delegations", "delegations_senior" or
	// "target".
	Kind string `json:"kind"`
	// Scope is what the check is about: a content ("B.2"), a field ("A"),
	// or a target id.
	Scope   string `json:"scope"`
	Format  string `json:"format,omitempty"`
	Need    int    `json:"need"`
	Planned int    `json:"planned"`
	OK      bool   `json:"ok"`
	// Text says it for people, in Vietnamese.
	Text string `json:"text"`
	// Carried is set for a Phụ lục I minimum applied to a year after the
	// years its timeline lists (the Đề án runs to 2030; see CheckPlan).
	Carried bool `json:"carried,omitempty"`
}

// Gap is a need an agency submitted that the plan does not cover: for a
// refresher line, Key is "<content>/<format>"; for postgraduate, the quota.
type Gap struct {
	AgencyCode string `json:"agency_code"`
	Key        string `json:"key"`
	Format     string `json:"format"`
	Needed     int    `json:"needed"`
	Planned    int    `json:"planned"`
}

// TargetProgress is how far the programme's share targets stand before the plan's
// year: the live roster of the 4 groups and how many already count.
type TargetProgress struct {
	RosterSize       int
	RefresherTrained int
	PostgradSent     int
}

// Check is the whole review of a plan before it is approved.
type Check struct {
	Year     int       `json:"year"`
	Findings []Finding `json:"findings"`
	// Uncovered lists the needs the plan does not cover, by agency.
	Uncovered []Gap `json:"uncovered"`
	// Returned lists the agencies whose latest needs were returned for
	// revision: they are not counted until resubmitted.
	Returned []string `json:"returned_needs,omitempty"`
	// OutOfFocus lists the line ids outside the year's focus-field lists.
	OutOfFocus []string `json:"out_of_focus,omitempty"`
	OK         bool     `json:"ok"`
}

// Shortfalls returns the texts of the failed findings, for the submission
// event.
func (c Check) Shortfalls() []string {
	var out []string
	for _, f := range c.Findings {
		if !f.OK {
			out = append(out, f.Text)
		}
	}
	return out
}

// CheckPlan reviews the lines of a plan for year against Phụ lục I's minimum
// formats, the yearly delegations abroad, the share targets and the needs
// submitted. A Phụ lục I minimum counts in the years its content's timeline
// lists; for a later year (the catalogue is printed "đến năm 2025" while the
// Đề án runs to 2030) the minimum is carried forward and marked Carried,
// until a new catalogue version says otherwise.
func CheckPlan(year int, lines []events.PlanLine, needs []*Need, doc *programme.Document, progress TargetProgress, focus []*FocusList) Check {
	c := Check{Year: year}
	c.Findings = append(c.Findings, minimums(year, lines, doc)...)
	c.Findings = append(c.Findings, delegations(year, lines, doc)...)
	c.Findings = append(c.Findings, targets(year, lines, doc, progress)...)
	c.Uncovered, c.Returned = uncovered(lines, needs)
	for _, l := range lines {
		code := l.ContentCode
		if l.Format == FormatPostgraduate {
			q, _ := doc.Quota(l.QuotaID)
			code = q.StudyField
		}
		if !coveredByAny(focus, code) {
			c.OutOfFocus = append(c.OutOfFocus, l.LineID)
		}
	}
	c.OK = !slices.ContainsFunc(c.Findings, func(f Finding) bool { return !f.OK })
	return c
}

// coveredByAny reports whether one of the year's lists covers code; true
// when no list was issued.
func coveredByAny(lists []*FocusList, code string) bool {
	issued := false
	for _, f := range lists {
		if _, ok := f.Current(); ok {
			issued = true
			if f.Covers(code) {
				return true
			}
		}
	}
	return !issued
}

// appliesIn reports whether content's minimums count in year, and whether
// they are carried past the timeline.
func appliesIn(c programme.Content, year int) (applies, carried bool) {
	ys := c.Timeline.CourseYears
	if len(ys) == 0 || slices.Contains(ys, year) {
		return true, false
	}
	if year > slices.Max(ys) {
		return true, true
	}
	return false, false
}

func count(lines []events.PlanLine, format string, match func(code string) bool) int {
	n := 0
	for _, l := range lines {
		if l.Format == format && match(l.ContentCode) {
			n++
		}
	}
	return n
}

func minimums(year int, lines []events.PlanLine, doc *programme.Document) []Finding {
	var out []Finding
	for _, content := range doc.Contents() {
		applies, carried := appliesIn(content, year)
		if !applies {
			continue
		}
		for _, m := range content.Formats {
			n := count(lines, m.Format, func(code string) bool { return code == content.Code })
			out = append(out, finding("minimum_format", content.Code, m, n, carried))
		}
	}
	for _, code := range fieldCodes(doc) {
		f, _ := doc.Field(code)
		for _, m := range f.Formats {
			contents := m.Contents
			if len(contents) == 0 {
				for _, c := range f.Contents {
					contents = append(contents, c.Code)
				}
			}
			applies, carried := false, false
			for _, cc := range contents {
				c, _ := doc.Content(cc)
				if a, cr := appliesIn(c, year); a {
					applies, carried = true, cr
				}
			}
			if !applies {
				continue
			}
			if m.Per == programme.PerContent {
				for _, cc := range contents {
					n := count(lines, m.Format, func(code string) bool { return code == cc })
					out = append(out, finding("minimum_format", cc, m, n, carried))
				}
				continue
			}
			n := count(lines, m.Format, func(code string) bool { return slices.Contains(contents, code) })
			out = append(out, finding("minimum_format", f.Code, m, n, carried))
		}
	}
	return out
}

func fieldCodes(doc *programme.Document) []string {
	var out []string
	for _, c := range doc.Contents() {
		if f := c.FieldCode(); !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}

func finding(kind, scope string, m programme.MinFormat, n int, carried bool) Finding {
	what := "Nội dung " + scope
	if len([]rune(scope)) == 1 {
		what = "Lĩnh vực " + scope
	}
	text := what + ": " + FormatLabel(m.Format) + " tối thiểu " + strconv.Itoa(m.Min) + ", kế hoạch có " + strconv.Itoa(n)
	if carried {
		text += " (mức tối thiểu của Phụ lục I áp dụng tiếp)"
	}
	return Finding{Kind: kind, Scope: scope, Format: m.Format, Need: m.Min, Planned: n, OK: n >= m.Min, Text: text + ".", Carried: carried}
}

func delegations(year int, lines []events.PlanLine, doc *programme.Document) []Finding {
	var out []Finding
	day := events.NewDate(year, 12, 31)
	for _, t := range doc.TargetsAsOf(day) {
		if t.Measure != programme.MeasureDelegationsAbroad {
			continue
		}
		all, senior := 0, 0
		for _, l := range lines {
			if l.Format == FormatDelegationAbroad {
				all++
				if l.SeniorMembers > 0 {
					senior++
				}
			}
		}
		out = append(out,
			Finding{Kind: "delegations", Scope: t.ID, Format: FormatDelegationAbroad, Need: t.PerYear, Planned: all, OK: all >= t.PerYear,
				Text: "Đoàn bồi dưỡng ở nước ngoài trong năm: tối thiểu " + strconv.Itoa(t.PerYear) + ", kế hoạch có " + strconv.Itoa(all) + "."},
			Finding{Kind: "delegations_senior", Scope: t.ID, Format: FormatDelegationAbroad, Need: t.MinWithGroups, Planned: senior, OK: senior >= t.MinWithGroups,
				Text: "Đoàn có thành viên Nhóm 1 hoặc 2: tối thiểu " + strconv.Itoa(t.MinWithGroups) + ", kế hoạch có " + strconv.Itoa(senior) + "."})
	}
	return out
}

// targets checks the plan's places against the share targets still open in
// year: the people a target still needs, spread evenly over the years left
// to its deadline, must fit in the plan's places of the matching format.
func targets(year int, lines []events.PlanLine, doc *programme.Document, pr TargetProgress) []Finding {
	refresher, postgrad := 0, 0
	for _, l := range lines {
		n := 0
		for _, ap := range l.Places {
			n += ap.Places
		}
		if l.Format == FormatPostgraduate {
			postgrad += n
		} else {
			refresher += n
		}
	}
	var out []Finding
	for _, t := range doc.Targets {
		if t.Percent <= 0 || t.Deadline.Time().Year() < year || t.From.Time().Year() > year {
			continue
		}
		var achieved, planned int
		switch t.Measure {
		case programme.MeasureRefresherTrained:
			achieved, planned = pr.RefresherTrained, refresher
		case programme.MeasurePostgradSent:
			achieved, planned = pr.PostgradSent, postgrad
		default:
			continue // degrees held are not planned in places
		}
		gap := t.Gap(pr.RosterSize, achieved)
		years := t.Deadline.Time().Year() - year + 1
		need := (gap + years - 1) / years
		out = append(out, Finding{Kind: "target", Scope: t.ID, Need: need, Planned: planned, OK: planned >= need,
			Text: t.Text + ": còn thiếu " + strconv.Itoa(gap) + " người đến " + t.Deadline.Time().Format("02/01/2006") +
				", phần của năm " + strconv.Itoa(year) + " là " + strconv.Itoa(need) + "; kế hoạch có " + strconv.Itoa(planned) + " chỗ."})
	}
	return out
}

// uncovered compares each agency's latest submitted needs with the places
// the plan gives it. Needs returned for revision are not counted; their
// agencies are listed apart.
func uncovered(lines []events.PlanLine, needs []*Need) ([]Gap, []string) {
	type key struct{ agency, key, format string }
	planned := map[key]int{}
	for _, l := range lines {
		k := l.ContentCode + "/" + l.Format
		if l.Format == FormatPostgraduate {
			k = l.QuotaID
		}
		for _, ap := range l.Places {
			planned[key{ap.AgencyCode, k, l.Format}] += ap.Places
		}
	}
	needed := map[key]int{}
	var returned []string
	for _, n := range needs {
		v, ok := n.Latest()
		if !ok {
			continue
		}
		if n.Status == NeedReturned {
			returned = append(returned, n.AgencyCode)
			continue
		}
		for _, l := range v.Lines {
			needed[key{n.AgencyCode, l.ContentCode + "/" + l.Format, l.Format}] += l.People
		}
		for _, c := range v.Postgraduate {
			needed[key{n.AgencyCode, c.QuotaID, FormatPostgraduate}] += c.People
		}
	}
	var gaps []Gap
	for k, n := range needed {
		if p := planned[k]; p < n {
			gaps = append(gaps, Gap{AgencyCode: k.agency, Key: k.key, Format: k.format, Needed: n, Planned: p})
		}
	}
	slices.SortFunc(gaps, func(a, b Gap) int {
		return cmp.Or(cmp.Compare(a.AgencyCode, b.AgencyCode), cmp.Compare(a.Key, b.Key))
	})
	slices.Sort(returned)
	return gaps, returned
}
