package planning

import (
	"cmp"
	"slices"
	"strconv"

	"daotao/domain"
	"daotao/events"
)

// CourseFact is what plan-against-actual needs of one course.
type CourseFact struct {
	ID         string
	LeadAgency string
	Format     string
	PlanYear   int
	PlanLineID string
	// Opened: the course took nominations (open, closed, running or
	// finished); Held: it ran (running or finished); Finished: it is over.
	Opened, Held, Finished bool
	// Seats are the seats taken, by agency.
	Seats map[string]int
	// Appraised and Actual are the budget Sở Tài chính approved and the
	// cost recorded after the course, in đồng (0: none yet).
	Appraised, Actual int64
}

// PostgradFact is one postgraduate nomination: its agency, the year it
// starts, and whether it was submitted (nominated) and approved (enrolled).
type PostgradFact struct {
	AgencyCode          string
	Year                int
	Nominated, Enrolled bool
}

// ActualRow is one agency's plan against actual for one year. Classes,
// delegations, seminars and costs are counted for the agency that leads
// them; places for the agency they were given to.
type ActualRow struct {
	Year       int    `json:"year"`
	AgencyCode string `json:"agency_code"`

	ClassesPlanned, ClassesOpened, ClassesCompleted int
	PlacesPlanned, PlacesUsed                       int
	DelegationsPlanned, DelegationsSent             int
	SeminarsPlanned, SeminarsHeld                   int
	PostgradPlanned, PostgradNominated              int
	PostgradEnrolled                                int
	CostPlanned, CostAppraised, CostActual          int64
}

// PlanAgainstActual compares the version in force of plan with the courses
// opened from its lines and the postgraduate nominations of its year. A
// course counts only if it names a line of the plan (PlanYear, PlanLineID);
// postgraduate nominations count by the year they start.
func PlanAgainstActual(plan *Plan, courses []CourseFact, postgrad []PostgradFact) []ActualRow {
	v, ok := plan.InForce()
	if !ok {
		return nil
	}
	rows := map[string]*ActualRow{}
	at := func(agency string) *ActualRow {
		r, ok := rows[agency]
		if !ok {
			r = &ActualRow{Year: plan.Year, AgencyCode: agency}
			rows[agency] = r
		}
		return r
	}
	lines := map[string]events.PlanLine{}
	for _, l := range v.Lines {
		lines[l.LineID] = l
		lead := at(l.LeadAgency)
		switch l.Format {
		case FormatClass:
			lead.ClassesPlanned++
		case FormatDelegationAbroad:
			lead.DelegationsPlanned++
		case FormatSeminar:
			lead.SeminarsPlanned++
		}
		if l.Format != FormatPostgraduate {
			lead.CostPlanned += l.CostEstimateVND
		}
		for _, ap := range l.Places {
			if l.Format == FormatPostgraduate {
				at(ap.AgencyCode).PostgradPlanned += ap.Places
			} else {
				at(ap.AgencyCode).PlacesPlanned += ap.Places
			}
		}
	}
	for _, c := range courses {
		if c.PlanYear != plan.Year {
			continue
		}
		if _, ok := lines[c.PlanLineID]; !ok {
			continue
		}
		lead := at(c.LeadAgency)
		switch c.Format {
		case FormatClass:
			lead.ClassesOpened += b2i(c.Opened)
			lead.ClassesCompleted += b2i(c.Finished)
		case FormatDelegationAbroad:
			lead.DelegationsSent += b2i(c.Held)
		case FormatSeminar:
			lead.SeminarsHeld += b2i(c.Held)
		}
		lead.CostAppraised += c.Appraised
		lead.CostActual += c.Actual
		if c.Opened {
			for agency, n := range c.Seats {
				at(agency).PlacesUsed += n
			}
		}
	}
	for _, p := range postgrad {
		if p.Year != plan.Year {
			continue
		}
		r := at(p.AgencyCode)
		r.PostgradNominated += b2i(p.Nominated)
		r.PostgradEnrolled += b2i(p.Enrolled)
	}
	out := make([]ActualRow, 0, len(rows))
	for _, r := range rows {
		out = append(out, *r)
	}
	slices.SortFunc(out, func(a, b ActualRow) int { return cmp.Compare(a.AgencyCode, b.AgencyCode) })
	return out
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// CourseLink is what linking a course to a plan line needs of the course
// being planned.
type CourseLink struct {
	PlanYear     int
	PlanLineID   string
	Format       string
	ContentCode  string
	LeadAgency   string
	QuotaID      string
	Capacity     int
	Reservations []events.SeatReservation
}

// LinkCourse checks that a course opened from line id of year's plan
// matches the line of the version in force (format, content or quota, lead
// agency), and returns its seat reservations: those given, or by default
// the line's places per agency. It returns KindInvalid naming plan_line_id
// (or reservations) at fault.
func LinkCourse(plan *Plan, l CourseLink) ([]events.SeatReservation, error) {
	v, ok := plan.InForce()
	if !ok {
		return nil, domain.Invalid("plan_year", "Kế hoạch năm "+strconv.Itoa(l.PlanYear)+" chưa được phê duyệt.")
	}
	i := slices.IndexFunc(v.Lines, func(pl events.PlanLine) bool { return pl.LineID == l.PlanLineID })
	if i < 0 {
		return nil, domain.Invalid("plan_line_id", "Kế hoạch năm "+strconv.Itoa(l.PlanYear)+" đang có hiệu lực không có dòng "+l.PlanLineID+".")
	}
	line := v.Lines[i]
	switch {
	case line.Format != l.Format:
		return nil, domain.Invalid("plan_line_id", "Dòng "+line.LineID+" là "+FormatLabel(line.Format)+", không phải "+FormatLabel(l.Format)+".")
	case line.Format == FormatPostgraduate && line.QuotaID != l.QuotaID:
		return nil, domain.Invalid("plan_line_id", "Dòng "+line.LineID+" dùng chỉ tiêu "+line.QuotaID+".")
	case line.Format != FormatPostgraduate && line.ContentCode != l.ContentCode:
		return nil, domain.Invalid("plan_line_id", "Dòng "+line.LineID+" thuộc nội dung "+line.ContentCode+", chương trình thuộc nội dung "+l.ContentCode+".")
	case line.Format != FormatPostgraduate && line.LeadAgency != l.LeadAgency:
		return nil, domain.Invalid("plan_line_id", "Dòng "+line.LineID+" giao cho cơ quan, đơn vị khác chủ trì.")
	}
	if len(l.Reservations) > 0 {
		return l.Reservations, nil
	}
	var out []events.SeatReservation
	total := 0
	for _, ap := range line.Places {
		out = append(out, events.SeatReservation{AgencyCode: ap.AgencyCode, Seats: ap.Places})
		total += ap.Places
	}
	if total > l.Capacity {
		return nil, domain.Invalid("capacity", "Kế hoạch phân bổ "+strconv.Itoa(total)+" chỗ cho dòng "+line.LineID+"; sức chứa "+strconv.Itoa(l.Capacity)+" không đủ.")
	}
	return out, nil
}
