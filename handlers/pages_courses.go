package handlers

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"daotao/domain"
	"daotao/events"
	"daotao/projections"
)

// Vietnamese names of course formats, deliveries and degrees.
var (
	formatLabels = map[string]string{
		events.CourseClass: "Lớp bồi dưỡng", events.CourseDelegation: "Đoàn bồi dưỡng ở nước ngoài",
		events.CourseSeminar: "Hội thảo", events.CoursePostgraduate: "Đào tạo sau đại học",
	}
	deliveryLabels = map[string]string{"tap_trung": "Tập trung", "truc_tuyen": "Trực tuyến"}
	degreeLabels   = map[string]string{"thac_si": "Thạc sĩ", "tien_si": "Tiến sĩ", "ck1": "Chuyên khoa I", "ck2": "Chuyên khoa II"}
)

// courseRow is a course with its labels, for lists and pages.
type courseRow struct {
	domain.CourseView
	FormatLabel, DeliveryLabel, DegreeLabel, StatusLabel string
}

func courseRows(items []domain.CourseView) []courseRow {
	out := make([]courseRow, len(items))
	for i, v := range items {
		out[i] = courseRow{CourseView: v, FormatLabel: formatLabels[v.Format], DeliveryLabel: deliveryLabels[v.Delivery],
			DegreeLabel: degreeLabels[v.Degree], StatusLabel: v.Status.Label()}
	}
	return out
}

type coursesPage struct {
	Formats, Statuses []option
	Format, Status    string
	CanNew            bool
	List              listing[courseRow]
}

func (s *Server) coursesPage(c echo.Context) error {
	pg, _ := webPage(c, nil)
	f := projections.CourseFilter{}
	if v := c.QueryParam("format"); containsString(domain.CourseFormats, v) {
		f.Format = v
	}
	if v := c.QueryParam("status"); containsString(domain.CourseStatuses, v) {
		f.Status = []domain.CourseStatus{domain.CourseStatus(v)}
	}
	if err := s.awaitRead(c); err != nil {
		return err
	}
	items, total := s.cfg.State.Courses(f, pg)
	p := coursesPage{Format: f.Format, CanNew: domain.Is(actorOf(c), domain.RoleAgency),
		List: newListing(c, courseRows(items), total, pg, "", nil)}
	if len(f.Status) == 1 {
		p.Status = string(f.Status[0])
	}
	for _, k := range domain.CourseFormats {
		p.Formats = append(p.Formats, option{k, formatLabels[k]})
	}
	for _, st := range domain.CourseStatuses {
		p.Statuses = append(p.Statuses, option{string(st), st.Label()})
	}
	return s.render(c, http.StatusOK, "courses", "Khóa học, đoàn, hội thảo", p)
}

type courseForm struct {
	Edit         bool
	ID           string
	Values       courseRequest
	Reservations string // "agency_code=seats" per line
	Errors       map[string]string
	Programmes   []domain.ProgrammeView // approved programmes the agency leads
	Formats      []option
	Quotas       []option
}

// courseFromForm reads the course form. Reservations are written one per
// line or comma as "agency_code=seats"; a malformed line is reported.
func courseFromForm(c echo.Context, p domain.Problems) (courseRequest, string) {
	num := func(name string) int64 {
		v := strings.NewReplacer(".", "", " ", "", ",", "").Replace(c.FormValue(name))
		if v == "" {
			return 0
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			p.Add(name, "Cần một số nguyên.")
		}
		return n
	}
	req := courseRequest{ProgrammeID: c.FormValue("programme_id"), Format: c.FormValue("format"), Title: c.FormValue("title"),
		StartDate: isoDate(c.FormValue("start_date")), EndDate: isoDate(c.FormValue("end_date")), Capacity: int(num("capacity")),
		Location: c.FormValue("location"), Delivery: c.FormValue("delivery"), Country: c.FormValue("country"), Partner: c.FormValue("partner"),
		Institution: c.FormValue("institution"), Degree: c.FormValue("degree"), DurationMonths: int(num("duration_months")),
		QuotaID: c.FormValue("quota_id"), CostPerPersonVND: num("cost_per_person_vnd"), CostTotalVND: num("cost_total_vnd")}
	raw := c.FormValue("reservations")
	for _, line := range strings.FieldsFunc(raw, func(r rune) bool { return r == '\n' || r == ',' || r == ';' }) {
		if line = strings.TrimSpace(line); line == "" {
			continue
		}
		code, seats, ok := strings.Cut(line, "=")
		n, err := strconv.Atoi(strings.TrimSpace(seats))
		if !ok || err != nil {
			p.Add("reservations", "Mỗi dòng giữ chỗ dạng mã_cơ_quan=số_chỗ, ví dụ so_y_te=2.")
			continue
		}
		req.Reservations = append(req.Reservations, events.SeatReservation{AgencyCode: strings.TrimSpace(code), Seats: n})
	}
	return req, raw
}

func reservationText(rs []events.SeatReservation) string {
	var lines []string
	for _, r := range rs {
		lines = append(lines, r.AgencyCode+"="+strconv.Itoa(r.Seats))
	}
	return strings.Join(lines, "\n")
}

func (s *Server) renderCourseForm(c echo.Context, status int, f courseForm, msg string) error {
	a := actorOf(c)
	f.Programmes, _ = s.cfg.State.Programmes(projections.ProgrammeFilter{Agency: a.Agency, Status: []domain.ProgrammeStatus{domain.ProgrammeApproved}},
		projections.Page{Limit: projections.MaxLimit})
	for _, k := range domain.CourseFormats {
		f.Formats = append(f.Formats, option{k, formatLabels[k]})
	}
	if ref, ok := s.cfg.State.ReferenceAsOf(s.today()); ok {
		for _, q := range ref.Doc.Quotas() {
			f.Quotas = append(f.Quotas, option{q.ID, q.Field + " — " + s.agencyName(q.AgencyCodes[0]) + " (" + strconv.Itoa(q.Places) + " chỉ tiêu)"})
		}
	}
	title := "Lập khóa học"
	if f.Edit {
		title = "Sửa khóa học"
	}
	v := s.newView(c, title, f)
	v.Error = msg
	return s.renderView(c, status, "course_form", v)
}

func (s *Server) courseNewPage(c echo.Context) error {
	return s.renderCourseForm(c, http.StatusOK, courseForm{Values: courseRequest{ProgrammeID: c.QueryParam("programme_id"),
		Format: events.CourseClass, Delivery: "tap_trung"}}, "")
}

func (s *Server) courseCreate(c echo.Context) error {
	p := domain.Problems{}
	req, raw := courseFromForm(c, p)
	id, _, err := s.createCourseCmd(c, req)
	if err = withProblems(p, err); err != nil {
		return s.formFailed(c, err, func(status int, fields map[string]string, msg string) error {
			return s.renderCourseForm(c, status, courseForm{Values: req, Reservations: raw, Errors: fields}, msg)
		})
	}
	return redirectWith(c, "/courses/"+id, "coursecreated")
}

func (s *Server) courseEditPage(c echo.Context) error {
	co, err := s.courseFor(c.Param("id"))
	if err != nil {
		return err
	}
	if _, err := co.ReviseCourse(actorOf(c), co.Details()); err != nil {
		return err
	}
	d := co.Details()
	return s.renderCourseForm(c, http.StatusOK, courseForm{Edit: true, ID: co.ID(), Reservations: reservationText(d.Reservations),
		Values: courseRequest{ProgrammeID: co.ProgrammeID(), Format: co.Format(), Title: d.Title, StartDate: d.StartDate.String(),
			EndDate: d.EndDate.String(), Capacity: d.Capacity, Location: d.Location, Delivery: d.Delivery, Country: d.Country,
			Partner: d.Partner, Institution: d.Institution, Degree: d.Degree, DurationMonths: d.DurationMonths, QuotaID: d.QuotaID,
			CostPerPersonVND: d.CostPerPersonVND, CostTotalVND: d.CostTotalVND}}, "")
}

func (s *Server) courseEdit(c echo.Context) error {
	co, err := s.courseFor(c.Param("id"))
	if err != nil {
		return err
	}
	p := domain.Problems{}
	req, raw := courseFromForm(c, p)
	req.ProgrammeID, req.Format = co.ProgrammeID(), co.Format()
	d := s.courseDetails(p, req)
	resp, err := s.decideCourse(c, co.ID(), 0, func(co *domain.Course) (events.Payload, []domain.Change, error) {
		pl, err := co.ReviseCourse(actorOf(c), d)
		if pl != nil {
			pl = co.WithPromotions(pl, s.promotionCheck(co))
		}
		return pl, nil, withProblems(p, err)
	})
	if err != nil {
		return s.formFailed(c, err, func(status int, fields map[string]string, msg string) error {
			return s.renderCourseForm(c, status, courseForm{Edit: true, ID: co.ID(), Values: req, Reservations: raw, Errors: fields}, msg)
		})
	}
	notice := "revised"
	if resp.Seq == co.Seq() {
		notice = "unchanged"
	}
	return redirectWith(c, "/courses/"+co.ID(), notice)
}

// seatRow is a seat or waitlist entry with names, for the seats tables.
type seatRow struct {
	domain.Seat
	Position     int
	OfficialName string
	Status       domain.Status
}

type coursePage struct {
	C           courseRow
	Programme   string // its title
	Seats       domain.SeatsView
	Seated      []seatRow
	Waitlist    []seatRow
	Actions     []string // lifecycle actions the actor may take
	CanEdit     bool
	CanNominate bool
	Officials   []domain.OfficialView // the agency's own, to nominate
	Cancelled   *events.CourseCancelled
}

func (s *Server) coursePage(c echo.Context) error {
	if err := s.awaitRead(c); err != nil {
		return err
	}
	return s.renderCourse(c, http.StatusOK, "")
}

func (s *Server) renderCourse(c echo.Context, status int, msg string) error {
	co, err := s.courseFor(c.Param("id"))
	if err != nil {
		return err
	}
	a := actorOf(c)
	p := coursePage{C: courseRows([]domain.CourseView{co.View()})[0], Seats: co.Seats(a), Cancelled: co.Cancellation()}
	if g, ok := s.cfg.State.Programme(co.ProgrammeID()); ok {
		p.Programme = g.Details().Title
	}
	for _, st := range p.Seats.Seated {
		p.Seated = append(p.Seated, s.seatRow(st, 0))
	}
	for _, w := range p.Seats.Waitlist {
		p.Waitlist = append(p.Waitlist, s.seatRow(w.Seat, w.Position))
	}
	_, err = co.ReviseCourse(a, co.Details())
	p.CanEdit = err == nil
	for _, name := range domain.CourseActions {
		var err error
		if name == "cancel" {
			_, err = co.Cancel(a, "lý do")
		} else {
			_, err = co.Move(a, name)
		}
		if err == nil {
			p.Actions = append(p.Actions, name)
		}
	}
	if domain.Is(a, domain.RoleAgency) && (co.Status() == domain.CoursePlanned || co.Status() == domain.CourseOpen) {
		p.CanNominate = true
		p.Officials, _ = s.cfg.State.Officials(projections.OfficialFilter{Agency: a.Agency, Sort: "name"}, projections.Page{Limit: projections.MaxLimit})
	}
	v := s.newView(c, co.Details().Title, p)
	v.Error = msg
	return s.renderView(c, status, "course", v)
}

func (s *Server) seatRow(st domain.Seat, pos int) seatRow {
	r := seatRow{Seat: st, Position: pos}
	if o, ok := s.cfg.State.Official(st.OfficialID); ok {
		r.OfficialName = o.FullName
	}
	if n, ok := s.cfg.State.Nomination(st.NominationID); ok {
		r.Status = n.Status()
	}
	return r
}

// courseNotices are the confirmations of the course actions.
var courseNotices = map[string]string{"open": "courseopen", "close": "courseclose", "start": "coursestart", "finish": "coursefinish", "cancel": "coursecancel"}

func (s *Server) courseAction(c echo.Context) error {
	action := c.Param("action")
	if _, ok := courseNotices[action]; !ok {
		return domain.NotFound("thao tác")
	}
	id := c.Param("id")
	_, err := s.decideCourse(c, id, 0, s.courseMove(c, action, text(c.FormValue("reason"))))
	if err != nil {
		return s.formFailed(c, err, func(status int, fields map[string]string, msg string) error {
			if m, ok := fields["reason"]; ok {
				msg = m
			}
			return s.renderCourse(c, status, msg)
		})
	}
	return redirectWith(c, "/courses/"+id, courseNotices[action])
}

// courseNominate drafts a nomination of one of the agency's officials to
// the course, with the course's details, and shows it: submitting it
// takes the seat.
func (s *Server) courseNominate(c echo.Context) error {
	co, err := s.courseFor(c.Param("id"))
	if err != nil {
		return err
	}
	req := nominationRequest{OfficialID: c.FormValue("official_id"), Kind: domain.KindFor(co.Format()), CourseID: co.ID()}
	id, _, err := s.createNominationCmd(c, req)
	if err != nil {
		return s.formFailed(c, err, func(status int, fields map[string]string, msg string) error {
			for _, f := range []string{"official_id", "course_id", "kind"} {
				if m, ok := fields[f]; ok {
					msg = m
				}
			}
			return s.renderCourse(c, status, msg)
		})
	}
	return redirectWith(c, "/nominations/"+id, "coursenominated")
}

// seatLabel says in Vietnamese where nomination id stands in course
// courseID: holding a seat, its place in line, or neither.
func (s *Server) seatLabel(id, courseID string) string {
	co, ok := s.cfg.State.Course(courseID)
	switch {
	case !ok:
		return ""
	case co.Status() == domain.CourseCancelled:
		return "Khóa học đã hủy"
	}
	if seated, _ := co.Holds(id); seated {
		return "Đã có chỗ"
	}
	for i, w := range co.Waitlist() {
		if w.NominationID == id {
			return "Danh sách chờ, thứ " + strconv.Itoa(i+1)
		}
	}
	return "Chưa có chỗ (nhận chỗ khi gửi hồ sơ)"
}

// openCourses lists the courses open for nominations, for the nomination
// form.
func (s *Server) openCourses() []domain.CourseView {
	items, _ := s.cfg.State.Courses(projections.CourseFilter{Status: []domain.CourseStatus{domain.CourseOpen}}, projections.Page{Limit: projections.MaxLimit})
	return items
}
