package reports

import (
	"slices"
	"strings"

	"daotao/domain"
	"daotao/domain/calendar"
	"daotao/domain/programme"
	"daotao/projections"
)

// delegationsAbroad counts, for each year of the programme up to the cut,
// the delegations abroad (sessions of approved refresher nominations held
// abroad, by the year they start), those with an official of the groups
// the target names (Nhóm 1 or 2), the people in them, what the target
// asks for that year and what is missing.
func delegationsAbroad(in Input) (Table, error) {
	t := Table{Columns: []string{"year", "delegations", "with_groups", "people", "required", "required_with_groups", "missing", "missing_with_groups"}}
	ref, ok := in.State.ReferenceAsOf(in.Cut.Day())
	if !ok {
		t.Note = noReference(in)
		return t, nil
	}
	f := gather(in)
	var target *programme.Target
	for _, tg := range ref.Doc.Targets {
		if tg.Measure == programme.MeasureDelegationsAbroad {
			target = &tg
			break
		}
	}
	for _, y := range f.programmeYears() {
		count, with, people := 0, 0, 0
		for _, s := range f.sessions() {
			if !s.abroad || s.start.Time().Year() != y {
				continue
			}
			count++
			people += len(s.members)
			if target != nil && slices.ContainsFunc(s.members, func(n domain.NominationView) bool {
				o, ok := f.official(n.OfficialID)
				return ok && slices.Contains(target.WithGroups, o.Group)
			}) {
				with++
			}
		}
		row := []Value{Int(y), Int(count), Int(with), Int(people)}
		if target != nil && y >= target.From.Time().Year() && y <= target.Deadline.Time().Year() {
			row = append(row, Int(target.PerYear), Int(target.MinWithGroups), Int(max(0, target.PerYear-count)), Int(max(0, target.MinWithGroups-with)))
		} else {
			row = append(row, Str(""), Str(""), Str(""), Str(""))
		}
		t.add(row...)
	}
	if target == nil {
		t.Note = "Dữ liệu Đề án đang có hiệu lực không có chỉ tiêu đoàn bồi dưỡng ở nước ngoài."
	}
	return t, nil
}

// formatRule is one minimum of Phụ lục I for one year: the field, the
// content it applies to ("" for the field as a whole), and the contents
// whose sessions count.
type formatRule struct {
	field    programme.Field
	content  string
	counted  []string
	format   programme.MinFormat
	leadText string
	leads    []string
	years    []int
}

// formatRules lists every minimum of Phụ lục I: a field's formats per
// content become one rule per content; the others one rule for the field.
func formatRules(doc *programme.Document) []formatRule {
	var out []formatRule
	for _, fd := range doc.Fields {
		years := map[int]bool{}
		var leadTexts, leads []string
		for _, c := range fd.Contents {
			for _, y := range c.Timeline.CourseYears {
				years[y] = true
			}
			leadTexts = append(leadTexts, c.LeadText)
			leads = append(leads, leadCodes(c)...)
		}
		var fieldYears []int
		for y := range years {
			fieldYears = append(fieldYears, y)
		}
		slices.Sort(fieldYears)
		slices.Sort(leads)
		slices.Sort(leadTexts)
		leads, leadTexts = slices.Compact(leads), slices.Compact(leadTexts)
		for _, mf := range fd.Formats {
			if mf.Per == programme.PerContent {
				for _, c := range fd.Contents {
					if mf.Counts(c.Code) {
						out = append(out, formatRule{field: fd, content: c.Code, counted: []string{c.Code}, format: mf,
							leadText: c.LeadText, leads: leadCodes(c), years: c.Timeline.CourseYears})
					}
				}
				continue
			}
			var counted []string
			for _, c := range fd.Contents {
				if mf.Counts(c.Code) {
					counted = append(counted, c.Code)
				}
			}
			out = append(out, formatRule{field: fd, counted: counted, format: mf,
				leadText: strings.Join(leadTexts, "; "), leads: slices.Clone(leads), years: fieldYears})
		}
		for _, c := range fd.Contents {
			for _, mf := range c.Formats {
				out = append(out, formatRule{field: fd, content: c.Code, counted: []string{c.Code}, format: mf,
					leadText: c.LeadText, leads: leadCodes(c), years: c.Timeline.CourseYears})
			}
		}
	}
	return out
}

// allDepartments stands for "Các Sở, ban, ngành" as a lead agency.
const allDepartments = "cac_so_ban_nganh"

func leadCodes(c programme.Content) []string {
	out := slices.Clone(c.LeadAgencies)
	if c.LeadAllDepartments {
		out = append(out, allDepartments)
	}
	return out
}

// held counts the sessions of year y that count towards rule r.
func (f *facts) held(r formatRule, y int) (sessions, people int) {
	for _, s := range f.sessions() {
		if s.start.Time().Year() != y || !slices.Contains(r.counted, s.content) {
			continue
		}
		if s.format != r.format.Format {
			continue
		}
		sessions++
		people += len(s.members)
	}
	return sessions, people
}

// catalogueFormats lists, for every minimum format of Phụ lục I and every
// year the content is to be taught, the minimum, the sessions held (by the
// year they start), the people in them, what is missing and the lead
// agencies.
func catalogueFormats(in Input) (Table, error) {
	t := Table{Columns: []string{"year", "field", "content", "format", "per", "min", "held", "people", "missing", "lead_agencies", "lead_text"}}
	ref, ok := in.State.ReferenceAsOf(in.Cut.Day())
	if !ok {
		t.Note = noReference(in)
		return t, nil
	}
	f := gather(in)
	type line struct {
		year int
		r    formatRule
	}
	var lines []line
	for _, r := range formatRules(ref.Doc) {
		for _, y := range r.years {
			lines = append(lines, line{y, r})
		}
	}
	slices.SortStableFunc(lines, func(a, b line) int { return a.year - b.year })
	for _, l := range lines {
		held, people := f.held(l.r, l.year)
		t.add(Int(l.year), Str(l.r.field.Code), Str(l.r.content), Str(l.r.format.Format), Str(l.r.format.Per), Int(l.r.format.Min),
			Int(held), Int(people), Int(max(0, l.r.format.Min-held)), Str(strings.Join(l.r.leads, " ")), Str(l.r.leadText))
	}
	t.Note = "Lớp, đoàn và hội thảo được đếm từ các khóa đã lập (trừ khóa bị hủy) theo năm bắt đầu; hồ sơ bồi dưỡng đã phê duyệt không gắn với khóa nào được gộp theo nội dung, tên khóa và ngày bắt đầu."
	return t, nil
}

// leadAgencies sums catalogue_formats by lead agency and year: the
// contents it leads, the minimum sessions those contents need, the
// sessions held and the people in them, and what is missing.
// "Các Sở, ban, ngành" is the lead agency cac_so_ban_nganh. Then what the
// agency did as a lead agency, from the courses recorded (by the year they
// start): courses planned or held (not cancelled), finished, cancelled,
// their participants (seats taken), and the results it has recorded and
// still owes (a course ended with no result).
func leadAgencies(in Input) (Table, error) {
	t := Table{Columns: []string{"lead_agency", "year", "contents", "required", "held", "people", "missing",
		"courses", "courses_finished", "courses_cancelled", "participants", "results_recorded", "results_missing"}}
	ref, ok := in.State.ReferenceAsOf(in.Cut.Day())
	if !ok {
		t.Note = noReference(in)
		return t, nil
	}
	f := gather(in)
	type key struct {
		agency string
		year   int
	}
	type sum struct {
		contents                                           []string
		required, held, people, missed                     int
		courses, finished, cancelled, seats, results, owed int
	}
	sums := map[key]*sum{}
	var keys []key
	at := func(agency string, y int) *sum {
		k := key{agency, y}
		s, ok := sums[k]
		if !ok {
			s = &sum{}
			sums[k] = s
			keys = append(keys, k)
		}
		return s
	}
	for _, c := range f.courses {
		s := at(c.AgencyCode, c.StartDate.Time().Year())
		switch c.Status {
		case domain.CourseCancelled:
			s.cancelled++
			continue
		case domain.CourseFinished:
			s.finished++
		}
		s.courses++
		s.seats += c.SeatsTaken
	}
	if cal, err := calendar.Default(); err == nil {
		for _, v := range in.State.Trainings(projections.TrainingFilter{}, cal, f.day) {
			if v.LeadAgency == "" {
				continue
			}
			s := at(v.LeadAgency, v.StartDate.Time().Year())
			switch {
			case v.Result != nil:
				s.results++
			case v.Ended:
				s.owed++
			}
		}
	}
	for _, r := range formatRules(ref.Doc) {
		for _, y := range r.years {
			held, people := f.held(r, y)
			for _, a := range r.leads {
				s := at(a, y)
				s.contents = append(s.contents, r.counted...)
				s.required += r.format.Min
				s.held += held
				s.people += people
				s.missed += max(0, r.format.Min-held)
			}
		}
	}
	slices.SortFunc(keys, func(a, b key) int {
		if c := strings.Compare(a.agency, b.agency); c != 0 {
			return c
		}
		return a.year - b.year
	})
	for _, k := range keys {
		s := sums[k]
		slices.Sort(s.contents)
		t.add(Str(k.agency), Int(k.year), Str(strings.Join(slices.Compact(s.contents), " ")), Int(s.required), Int(s.held), Int(s.people), Int(s.missed),
			Int(s.courses), Int(s.finished), Int(s.cancelled), Int(s.seats), Int(s.results), Int(s.owed))
	}
	return t, nil
}
