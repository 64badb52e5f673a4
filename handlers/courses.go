package handlers

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"daotao/domain"
	"daotao/events"
	"daotao/projections"
)

type courseRequest struct {
	ProgrammeID      string                   `json:"programme_id"`
	Format           string                   `json:"format"`
	Title            string                   `json:"title"`
	StartDate        string                   `json:"start_date"`
	EndDate          string                   `json:"end_date"`
	Capacity         int                      `json:"capacity"`
	Location         string                   `json:"location"`
	Delivery         string                   `json:"delivery"`
	Country          string                   `json:"country"`
	Partner          string                   `json:"partner"`
	Coordinator      string                   `json:"coordinator"`
	Institution      string                   `json:"institution"`
	Degree           string                   `json:"degree"`
	DurationMonths   int                      `json:"duration_months"`
	QuotaID          string                   `json:"quota_id"`
	CostPerPersonVND int64                    `json:"cost_per_person_vnd"`
	CostTotalVND     int64                    `json:"cost_total_vnd"`
	Reservations     []events.SeatReservation `json:"reservations"`
	// PlanYear and PlanLineID open the course from a line of the approved
	// annual plan (reservations default to the line's places).
	PlanYear   int    `json:"plan_year"`
	PlanLineID string `json:"plan_line_id"`
}

// courseDetails maps the request to course details, recording malformed dates,
// unknown agencies of reservations and an unknown quota in p.
func (s *Server) courseDetails(p domain.Problems, r courseRequest) events.CourseDetails {
	d := events.CourseDetails{Title: text(r.Title), StartDate: parseDate(p, "start_date", r.StartDate),
		EndDate: parseDate(p, "end_date", r.EndDate), Capacity: r.Capacity, Location: text(r.Location),
		Delivery: strings.TrimSpace(r.Delivery), Country: text(r.Country), Partner: text(r.Partner),
		Coordinator: strings.TrimSpace(r.Coordinator), Institution: text(r.Institution), Degree: strings.TrimSpace(r.Degree),
		DurationMonths: r.DurationMonths, QuotaID: strings.TrimSpace(r.QuotaID),
		CostPerPersonVND: r.CostPerPersonVND, CostTotalVND: r.CostTotalVND}
	s.checkReservationAgencies(p, r.Reservations)
	for _, rs := range r.Reservations {
		d.Reservations = append(d.Reservations, events.SeatReservation{AgencyCode: strings.TrimSpace(rs.AgencyCode), Seats: rs.Seats})
	}
	if d.QuotaID != "" {
		if ref, ok := s.cfg.State.ReferenceAsOf(s.today()); ok {
			if _, ok := ref.Doc.Quota(d.QuotaID); !ok {
				p.Add("quota_id", "Không có chỉ tiêu này trong Phụ lục II (xem GET /api/v1/quotas).")
			}
		}
	}
	return d
}

func (s *Server) checkReservationAgencies(p domain.Problems, rs []events.SeatReservation) {
	for _, r := range rs {
		if _, ok := s.cfg.Agencies.Get(strings.TrimSpace(r.AgencyCode)); !ok && r.AgencyCode != "" {
			p.Add("reservations", "Không có cơ quan, đơn vị "+r.AgencyCode+".")
		}
	}
}

func (s *Server) createCourse(c echo.Context) error {
	var req courseRequest
	if err := bindJSON(c, &req, false); err != nil {
		return err
	}
	id, seq, err := s.createCourseCmd(c, req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, createdResponse{ID: id, Seq: seq, Status: string(domain.CoursePlanned)})
}

// createCourseCmd plans a course for the request's actor: shared by the
// API and the web form.
func (s *Server) createCourseCmd(c echo.Context, req courseRequest) (string, uint64, error) {
	p := domain.Problems{}
	cmd := domain.PlanCourse{ProgrammeID: strings.TrimSpace(req.ProgrammeID), Format: strings.TrimSpace(req.Format),
		CourseDetails: s.courseDetails(p, req)}
	id := s.cfg.NewID()
	return s.runCreation(c, id, func() (decision, error) {
		var prog *domain.TrainingProgramme
		if g, ok := s.cfg.State.Programme(cmd.ProgrammeID); ok {
			prog = &g
		}
		e, err := domain.NewCourse(id, cmd, prog, actorOf(c))
		if err == nil && (req.PlanYear != 0 || req.PlanLineID != "") {
			err = s.linkPlanLine(&e, req.PlanYear, strings.TrimSpace(req.PlanLineID), len(req.Reservations) > 0)
		}
		return decision{subject: events.Subject(events.AggregateCourse, id), payload: &e}, withProblems(p, err)
	})
}

// courseFor returns course id: every role that reads courses sees every
// course (agencies nominate into others' courses).
func (s *Server) courseFor(id string) (domain.Course, error) {
	co, ok := s.cfg.State.Course(id)
	if !ok {
		return domain.Course{}, domain.NotFound("khóa học")
	}
	return co, nil
}

func (s *Server) getCourse(c echo.Context) error {
	if err := s.awaitRead(c); err != nil {
		return err
	}
	co, err := s.courseFor(c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, co.View())
}

func (s *Server) courseSeats(c echo.Context) error {
	if err := s.awaitRead(c); err != nil {
		return err
	}
	co, err := s.courseFor(c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, co.Seats(actorOf(c)))
}

func (s *Server) courseFilter(c echo.Context, p domain.Problems) projections.CourseFilter {
	f := projections.CourseFilter{Format: c.QueryParam("format"), Agency: c.QueryParam("agency"),
		ProgrammeID: c.QueryParam("programme_id"), Content: c.QueryParam("content"), Kind: c.QueryParam("kind")}
	if f.Format != "" && !containsString(domain.CourseFormats, f.Format) {
		p.Add("format", `Hình thức phải là "class", "delegation_abroad", "seminar" hoặc "postgraduate".`)
	}
	if f.Kind != "" && f.Kind != domain.KindRefresher && f.Kind != domain.KindPostgraduate {
		p.Add("kind", `Loại phải là "boi_duong" hoặc "sau_dai_hoc".`)
	}
	for _, st := range splitList(c.QueryParam("status")) {
		if !containsString(domain.CourseStatuses, st) {
			p.Add("status", "Trạng thái không hợp lệ: "+st+".")
		}
		f.Status = append(f.Status, domain.CourseStatus(st))
	}
	return f
}

func (s *Server) listCourses(c echo.Context) error {
	p := domain.Problems{}
	f, pg := s.courseFilter(c, p), page(c, p)
	if err := p.Err(); err != nil {
		return err
	}
	if err := s.awaitRead(c); err != nil {
		return err
	}
	items, total := s.cfg.State.Courses(f, pg)
	return writeList(c, items, total, pg.Offset, limitOf(pg))
}

// courseDecider decides one command on a course: its event and the events
// on other aggregates that must land atomically with it.
type courseDecider func(co *domain.Course) (events.Payload, []domain.Change, error)

// decideCourse runs a command on course id for the request's actor,
// requiring its sequence to be want (0: any).
func (s *Server) decideCourse(c echo.Context, id string, want uint64, decide courseDecider) (createdResponse, error) {
	var status domain.CourseStatus
	run, err := s.newCommand(c, func() (decision, error) {
		co, err := s.courseFor(id)
		if err != nil {
			return decision{}, err
		}
		if err := precondition(want, co.Seq()); err != nil {
			return decision{}, err
		}
		expected := co.Seq()
		p, also, err := decide(&co)
		if p != nil {
			co.Apply(expected+1, s.now(), p)
		}
		status = co.Status()
		return decision{subject: events.Subject(events.AggregateCourse, id), expected: expected, payload: p, also: also}, err
	})
	if err != nil {
		return createdResponse{}, err
	}
	out, err := s.run(c.Request().Context(), run)
	if err != nil {
		return createdResponse{}, err
	}
	if out.replay != nil {
		if co, ok := s.cfg.State.Course(id); ok {
			status = co.Status()
		}
	}
	return createdResponse{ID: id, Seq: out.seq, Status: string(status)}, nil
}

func (s *Server) courseCommand(c echo.Context, decide courseDecider) error {
	want, err := ifMatch(c)
	if err != nil {
		return err
	}
	resp, err := s.decideCourse(c, c.Param("id"), want, decide)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, resp)
}

// courseTransition returns the handler of lifecycle action (open, close,
// start, finish, cancel).
func (s *Server) courseTransition(action string) echo.HandlerFunc {
	return func(c echo.Context) error {
		var req reasonRequest
		if err := bindJSON(c, &req, true); err != nil {
			return err
		}
		return s.courseCommand(c, s.courseMove(c, action, text(req.Reason)))
	}
}

// courseMove decides a lifecycle action; a cancellation also frees the
// booked time of every approved participant and the Phụ lục II places
// they hold, in the same batch.
func (s *Server) courseMove(c echo.Context, action, reason string) courseDecider {
	return func(co *domain.Course) (events.Payload, []domain.Change, error) {
		if action != "cancel" {
			p, err := co.Move(actorOf(c), action)
			return p, nil, err
		}
		p, err := co.Cancel(actorOf(c), reason)
		if err != nil {
			return nil, nil, err
		}
		return p, append(s.releaseBookings(co, reason), s.releaseQuotaPlaces(co, reason)...), nil
	}
}

// releaseQuotaPlaces returns, for a cancelled course, the Phụ lục II
// places its approved participants hold given back: one event per quota.
func (s *Server) releaseQuotaPlaces(co *domain.Course, reason string) []domain.Change {
	held := map[string][]string{} // quota → nominations holding a place
	var quotas []string
	for _, seat := range co.Participants() {
		n, ok := s.cfg.State.Nomination(seat.NominationID)
		if !ok {
			continue
		}
		q := n.Details().QuotaID
		if q == "" {
			continue
		}
		if _, taken := s.cfg.State.QuotaUse(q).Taken[seat.NominationID]; !taken {
			continue
		}
		if _, seen := held[q]; !seen {
			quotas = append(quotas, q)
		}
		held[q] = append(held[q], seat.NominationID)
	}
	var out []domain.Change
	for _, q := range quotas {
		out = append(out, domain.Change{Subject: events.Subject(events.AggregateQuota, q), Expected: s.cfg.State.QuotaUse(q).Seq,
			Payload: &events.QuotaPlacesReleased{NominationIDs: held[q], Reason: "Khóa học bị hủy: " + reason}})
	}
	return out
}

// releaseBookings returns the release of each participant's booking of the
// course's period (approved nominations), one per official.
func (s *Server) releaseBookings(co *domain.Course, reason string) []domain.Change {
	var out []domain.Change
	for _, seat := range co.Participants() {
		o, ok := s.cfg.State.Official(seat.OfficialID)
		if !ok || !booked(o, seat.NominationID) {
			continue
		}
		out = append(out, domain.Change{Subject: events.Subject(events.AggregateOfficial, o.OfficialID), Expected: o.Seq,
			Payload: &events.OfficialReleased{NominationID: seat.NominationID, Reason: "Khóa học bị hủy: " + reason}})
	}
	return out
}

func booked(o domain.Official, nominationID string) bool {
	for _, b := range o.Bookings {
		if b.NominationID == nominationID {
			return true
		}
	}
	return false
}

func (s *Server) reviseCourse(c echo.Context) error {
	var req courseRequest
	if err := bindJSON(c, &req, false); err != nil {
		return err
	}
	p := domain.Problems{}
	d := s.courseDetails(p, req)
	return s.courseCommand(c, func(co *domain.Course) (events.Payload, []domain.Change, error) {
		if req.Format != "" && req.Format != co.Format() {
			p.Add("format", "Không đổi được hình thức của khóa học.")
		}
		if req.ProgrammeID != "" && req.ProgrammeID != co.ProgrammeID() {
			p.Add("programme_id", "Không đổi được chương trình của khóa học.")
		}
		pl, err := co.ReviseCourse(actorOf(c), d)
		if pl != nil {
			pl = co.WithPromotions(pl, s.promotionCheck(co))
		}
		return pl, nil, withProblems(p, err)
	})
}

type reservationsRequest struct {
	Reservations []events.SeatReservation `json:"reservations"`
}

func (s *Server) setReservations(c echo.Context) error {
	var req reservationsRequest
	if err := bindJSON(c, &req, false); err != nil {
		return err
	}
	p := domain.Problems{}
	s.checkReservationAgencies(p, req.Reservations)
	return s.courseCommand(c, func(co *domain.Course) (events.Payload, []domain.Change, error) {
		pl, err := co.SetReservations(actorOf(c), req.Reservations)
		if pl != nil {
			pl = co.WithPromotions(pl, s.promotionCheck(co))
		}
		return pl, nil, withProblems(p, err)
	})
}
