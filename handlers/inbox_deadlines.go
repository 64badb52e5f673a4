package handlers

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"daotao/domain"
	"daotao/domain/calendar"
	"daotao/events"
	"daotao/projections"
)

// Stage deadlines: each stage of a request's pinned chain has its time in
// working days, counted with the holiday calendar from the day the request
// entered the stage. Scan records reminders at 50/75/100% and the
// escalation at 100%; the deadlines list shows them to the roles.

// deadlineRoles may list deadlines: the stage roles see their stage and
// what was escalated to them, the province what was escalated to it, Sở
// Nội vụ (which monitors), auditors and admins everything, an agency its
// own requests.
var deadlineRoles = []domain.Role{domain.RoleHomeAffairs, domain.RoleCouncil, domain.RoleStandingCommittee, domain.RoleProvince,
	domain.RoleAuditor, domain.RoleAdmin, domain.RoleAgency}

// holidayCalendar is the embedded holiday data, loaded once.
var holidayCalendar = sync.OnceValues(calendar.Default)

// deadlineCal returns the holiday calendar deadlines are counted with; the
// zero calendar (weekdays only) if the embedded data could not load,
// which a test rules out.
func (s *Server) deadlineCal() domain.WorkCalendar {
	cal, err := holidayCalendar()
	if err != nil {
		return &calendar.Calendar{}
	}
	return cal
}

// deadlineFilter is what actor may see of the deadlines, narrowed by the
// query (stage, overdue).
func (s *Server) deadlineFilter(c echo.Context, p domain.Problems) projections.DeadlineFilter {
	a := actorOf(c)
	f := projections.DeadlineFilter{Stage: c.QueryParam("stage")}
	if f.Stage != "" && !domain.IsStageRole(domain.Role(f.Stage)) {
		p.Add("stage", "Bước không hợp lệ: home_affairs, council hoặc standing_committee.")
	}
	switch c.QueryParam("overdue") {
	case "", "false":
	case "true":
		f.Overdue = true
	default:
		p.Add("overdue", `Dùng "true" hoặc "false".`)
	}
	switch r := domain.Role(a.Role); {
	case r == domain.RoleAgency:
		f.Agency = a.Agency
	case domain.IsStageRole(r) && r != domain.RoleHomeAffairs, r == domain.RoleProvince:
		f.For = a.Role
	}
	return f
}

func (s *Server) listDeadlines(c echo.Context) error {
	p := domain.Problems{}
	f := s.deadlineFilter(c, p)
	pg := page(c, p)
	if err := p.Err(); err != nil {
		return err
	}
	if err := s.awaitRead(c); err != nil {
		return err
	}
	items, total := s.cfg.State.Deadlines(s.deadlineCal(), s.today(), f, pg)
	if items == nil {
		items = []projections.DeadlineView{}
	}
	return writeList(c, items, total, pg.Offset, limitOf(pg))
}

// Scan records the reminders and escalations due at now: for every
// request awaiting a stage, the highest milestone reached and not yet
// reminded, and at 100% the escalation to the stage's escalation role.
// Each is appended on the request's deadline subject at the sequence it
// was decided on, with a message id derived from the stay and the
// milestone, so calling Scan again (or from two processes) records
// nothing twice. It returns how many events it recorded.
func (s *Server) Scan(ctx context.Context, now time.Time) (int, error) {
	cal := s.deadlineCal()
	today := events.DateOf(now, domain.Zone)
	recorded := 0
	for _, w := range s.cfg.State.DueDeadlineNotices(cal, today) {
		for _, want := range w.Payloads {
			out, err := s.run(ctx, command{actor: events.System, key: deadlineKey(want), hash: "deadline",
				decide: func() (decision, error) { return s.decideDeadline(w.NominationID, want, cal, today) }})
			if err != nil {
				return recorded, err
			}
			if !out.noop && out.replay == nil {
				recorded++
			}
		}
	}
	return recorded, nil
}

// decideDeadline decides one reminder or escalation on the current state:
// want if it is still the first notice due, else nothing.
func (s *Server) decideDeadline(id string, want events.Payload, cal domain.WorkCalendar, today events.Date) (decision, error) {
	c, ok := s.cfg.State.StageClock(id)
	if !ok {
		return decision{}, nil
	}
	ps := domain.DeadlineNotices(c, cal, today)
	if len(ps) == 0 || deadlineKey(ps[0]) != deadlineKey(want) {
		return decision{}, nil
	}
	return decision{subject: events.Subject(events.AggregateDeadline, id), expected: s.cfg.State.DeadlineSeq(id), payload: ps[0]}, nil
}

// deadlineKey identifies one reminder or escalation of one stay.
func deadlineKey(p events.Payload) string {
	switch e := p.(type) {
	case *events.DeadlineReminded:
		return fmt.Sprintf("deadline:%s:%d:%d", e.NominationID, e.EnteredSeq, e.Milestone)
	case *events.DeadlineEscalated:
		return fmt.Sprintf("deadline:%s:%d:escalated", e.NominationID, e.EnteredSeq)
	}
	return ""
}
