package handlers

import (
	"strconv"

	"github.com/labstack/echo/v4"

	"daotao/domain/programme"
)

type targetsPage struct {
	Frame   programmeFrame
	Roster  int
	Targets []targetRow
}

// targetRow is a target with what its progress bar shows.
type targetRow struct {
	TargetView
	Heading  string
	Counted  bool // the programme counts it now: a share with a roster
	Percent  int  // achieved as a share of needed, 0–100
	Done     int  // achieved
	Missing  int  // people still needed
	NoRoster bool // a share target, but nobody is on the roster yet
	Status   string
	Finished bool // achieved reaches needed
}

func (s *Server) targetsPage(c echo.Context) error {
	f, status, err := s.programmeFrame(c)
	if err != nil {
		return err
	}
	p := targetsPage{Frame: f}
	if f.Ref != nil {
		for _, t := range s.targetsAt(*f.Ref, f.Day, endOfDay(f.Day)) {
			p.Roster = t.Roster
			p.Targets = append(p.Targets, targetRowOf(t, f))
		}
	}
	return s.renderProgramme(c, status, "programme_targets", "Mục tiêu của Đề án", p, "")
}

func targetRowOf(t TargetView, f programmeFrame) targetRow {
	r := targetRow{TargetView: t, Heading: targetHeading(t.Target)}
	switch {
	case f.Day.Before(t.From):
		r.Status = "Chưa bắt đầu (từ " + formatDate(t.From) + ")"
	case f.Day.After(t.Deadline):
		r.Status = "Đã hết thời hạn (" + formatDate(t.Deadline) + ")"
	default:
		r.Status = "Đang thực hiện, thời hạn " + formatDate(t.Deadline)
	}
	switch {
	case t.Achieved != nil && t.Needed > 0:
		r.Counted, r.Done, r.Missing = true, *t.Achieved, *t.Left
		r.Percent = min(100, r.Done*100/t.Needed)
		r.Finished = r.Done >= t.Needed
	case t.Achieved != nil:
		r.NoRoster = true
	}
	return r
}

// targetHeading says in a line what a target asks for.
func targetHeading(t programme.Target) string {
	what := label(measureLabels, t.Measure)
	switch {
	case t.Percent > 0:
		return strconv.Itoa(t.Percent) + "% cán bộ thuộc 04 nhóm " + what + " (đến " + formatDate(t.Deadline) + ")"
	case t.PerYear > 0:
		h := "Ít nhất " + strconv.Itoa(t.PerYear) + " " + what
		if t.MinWithGroups > 0 {
			h += ", trong đó ít nhất " + strconv.Itoa(t.MinWithGroups) + " đoàn có " + groupList(t.WithGroups)
		}
		return h + " (đến " + formatDate(t.Deadline) + ")"
	}
	return what + " (đến " + formatDate(t.Deadline) + ")"
}
