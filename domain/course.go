package domain

import (
	"slices"
	"strings"
	"time"

	"daotao/events"
)

// CourseStatus is where a course stands.
//
//	planned → open → closed → running → finished
//	cancelled from planned, open, closed or running
type CourseStatus string

// The statuses of a course.
const (
	CoursePlanned   CourseStatus = "planned"
	CourseOpen      CourseStatus = "open"
	CourseClosed    CourseStatus = "closed"
	CourseRunning   CourseStatus = "running"
	CourseFinished  CourseStatus = "finished"
	CourseCancelled CourseStatus = "cancelled"
)

// CourseStatuses lists every course status in workflow order.
var CourseStatuses = []CourseStatus{CoursePlanned, CourseOpen, CourseClosed, CourseRunning, CourseFinished, CourseCancelled}

// Label returns the Vietnamese name of the status.
func (s CourseStatus) Label() string {
	return map[CourseStatus]string{
		CoursePlanned: "Dự kiến", CourseOpen: "Đang nhận đề cử", CourseClosed: "Đã khóa danh sách",
		CourseRunning: "Đang diễn ra", CourseFinished: "Đã kết thúc", CourseCancelled: "Đã hủy",
	}[s]
}

// CourseFormats lists the formats of a course.
var CourseFormats = []string{events.CourseClass, events.CourseDelegation, events.CourseSeminar, events.CoursePostgraduate}

// Deliveries of a class, and degrees of a postgraduate programme.
var (
	CourseDeliveries = []string{"tap_trung", "truc_tuyen"}
	CourseDegrees    = []string{"thac_si", "tien_si", "ck1", "ck2"}
)

// Coordinator is Sở Ngoại vụ, the coordinator of every delegation abroad.
const Coordinator = "so_ngoai_vu"

// Limits on course input.
const (
	MaxCourseCapacity = 1000
	maxCostTotalVND   = 1_000 * MaxCostVND
)

// KindFor returns the nomination kind a course of format takes.
func KindFor(format string) string {
	if format == events.CoursePostgraduate {
		return KindPostgraduate
	}
	return KindRefresher
}

// PlanCourse is the command to plan a course of a programme.
type PlanCourse struct {
	ProgrammeID string
	Format      string
	events.CourseDetails
}

// NewCourse decides a PlanCourse against its programme (nil when unknown).
// Only the programme's lead agency plans its courses, and only once the
// province has approved the programme (KindConflict,
// programme_not_approved). It returns the details normalised: the
// coordinator of a delegation, the total cost when only the cost per
// person is given.
func NewCourse(id string, cmd PlanCourse, prog *TrainingProgramme, actor events.Actor) (events.CoursePlanned, error) {
	if !Is(actor, RoleAgency) {
		return events.CoursePlanned{}, Forbidden("Chỉ đơn vị chủ trì chương trình được mở khóa học.")
	}
	p := Problems{}
	if !oneOf(cmd.Format, CourseFormats) {
		p.Add("format", `Hình thức phải là "class", "delegation_abroad", "seminar" hoặc "postgraduate".`)
	}
	d := normalise(cmd.Format, cmd.CourseDetails)
	checkCourseDetails(p, cmd.Format, d)
	if prog == nil || prog.AgencyCode() != actor.Agency {
		if cmd.ProgrammeID == "" {
			p.Add("programme_id", "Cần chọn chương trình bồi dưỡng.")
			return events.CoursePlanned{}, p.Err()
		}
		return events.CoursePlanned{}, &Error{Kind: KindNotFound, Code: "not_found",
			Message: "Không tìm thấy chương trình này trong các chương trình đơn vị bạn chủ trì.",
			Fields:  map[string]string{"programme_id": "Không tìm thấy."}}
	}
	if err := p.Err(); err != nil {
		return events.CoursePlanned{}, err
	}
	if prog.Status() != ProgrammeApproved {
		return events.CoursePlanned{}, &Error{Kind: KindConflict, Code: "programme_not_approved",
			Message: "Chỉ chương trình đã được UBND tỉnh phê duyệt mới được mở khóa học (hiện: " + prog.Status().Label() + ")."}
	}
	return events.CoursePlanned{CourseID: id, ProgrammeID: prog.ID(), AgencyCode: actor.Agency,
		ContentCode: prog.ContentCode(), Format: cmd.Format, CourseDetails: d}, nil
}

func normalise(format string, d events.CourseDetails) events.CourseDetails {
	d.Reservations = slices.Clone(d.Reservations)
	if format == events.CourseDelegation && d.Coordinator == "" {
		d.Coordinator = Coordinator
	}
	if d.CostTotalVND == 0 && d.CostPerPersonVND > 0 && d.Capacity > 0 && d.Capacity <= MaxCourseCapacity {
		d.CostTotalVND = d.CostPerPersonVND * int64(d.Capacity)
	}
	return d
}

func checkCourseDetails(p Problems, format string, d events.CourseDetails) {
	checkTitle(p, "title", d.Title)
	kind := KindFor(format)
	checkPeriod(p, kind, d.StartDate, d.EndDate)
	if d.Capacity < 1 || d.Capacity > MaxCourseCapacity {
		p.Add("capacity", "Số chỗ từ 1 đến 1000.")
	}
	checkShort(p, "location", d.Location, false)
	if d.CostPerPersonVND < 0 || d.CostPerPersonVND > MaxCostVND {
		p.Add("cost_per_person_vnd", "Dự toán mỗi người từ 0 đến 100.000.000.000 đồng.")
	}
	if d.CostTotalVND < 0 || d.CostTotalVND > maxCostTotalVND {
		p.Add("cost_total_vnd", "Tổng dự toán từ 0 đến 100.000.000.000.000 đồng.")
	}
	checkFormatFields(p, format, d)
	checkReservations(p, d.Capacity, d.Reservations)
}

// checkFormatFields checks the fields that belong to one format only.
func checkFormatFields(p Problems, format string, d events.CourseDetails) {
	only := func(field, value, msg string) {
		if value != "" {
			p.Add(field, msg)
		}
	}
	if format == events.CourseClass {
		if !oneOf(d.Delivery, CourseDeliveries) {
			p.Add("delivery", `Lớp học phải là "tap_trung" (tập trung) hoặc "truc_tuyen" (trực tuyến).`)
		}
	} else {
		only("delivery", d.Delivery, "Hình thức tập trung/trực tuyến chỉ dùng cho lớp bồi dưỡng.")
	}
	if format == events.CourseDelegation {
		checkShort(p, "country", d.Country, true)
		checkShort(p, "partner", d.Partner, true)
		if d.Coordinator != Coordinator {
			p.Add("coordinator", "Đơn vị phối hợp của đoàn ra nước ngoài là Sở Ngoại vụ (so_ngoai_vu).")
		}
	} else {
		msg := "Chỉ dùng cho đoàn bồi dưỡng ở nước ngoài."
		only("country", d.Country, msg)
		only("partner", d.Partner, msg)
		only("coordinator", d.Coordinator, msg)
	}
	if format == events.CoursePostgraduate {
		checkShort(p, "institution", d.Institution, true)
		if !oneOf(d.Degree, CourseDegrees) {
			p.Add("degree", `Văn bằng phải là "thac_si", "tien_si", "ck1" hoặc "ck2".`)
		}
		if d.DurationMonths < 1 || d.DurationMonths > maxPostgraduateMonths {
			p.Add("duration_months", "Thời gian đào tạo từ 1 đến 72 tháng.")
		}
		if strings.TrimSpace(d.QuotaID) == "" {
			p.Add("quota_id", "Cần chỉ tiêu Phụ lục II của chương trình sau đại học.")
		}
		return
	}
	msg := "Chỉ dùng cho chương trình đào tạo sau đại học."
	only("institution", d.Institution, msg)
	only("degree", d.Degree, msg)
	only("quota_id", d.QuotaID, msg)
	if d.DurationMonths != 0 {
		p.Add("duration_months", msg)
	}
}

func checkReservations(p Problems, capacity int, rs []events.SeatReservation) {
	seen := map[string]bool{}
	sum := 0
	for _, r := range rs {
		switch {
		case r.AgencyCode == "":
			p.Add("reservations", "Mỗi dòng giữ chỗ cần mã cơ quan, đơn vị.")
		case seen[r.AgencyCode]:
			p.Add("reservations", "Mỗi cơ quan, đơn vị chỉ một dòng giữ chỗ ("+r.AgencyCode+").")
		case r.Seats < 1 || r.Seats > MaxCourseCapacity:
			p.Add("reservations", "Số chỗ giữ cho mỗi đơn vị từ 1 đến 1000.")
		}
		seen[r.AgencyCode] = true
		sum += max(r.Seats, 0)
	}
	if sum > capacity && capacity > 0 {
		p.Add("reservations", "Tổng số chỗ giữ cho các đơn vị không được vượt số chỗ của khóa học.")
	}
}

// Course is one course's state, rebuilt from its events: its details, its
// status, the nominations holding its seats and its waitlist.
type Course struct {
	seq       uint64
	planned   events.CoursePlanned
	details   events.CourseDetails
	status    CourseStatus
	createdAt time.Time
	seated    []Seat
	waitlist  []Seat
	cancelled *events.CourseCancelled
	changes   []events.FieldChange
}

// Seat is a nomination holding or waiting for a seat, since At.
type Seat struct {
	events.SeatHolder
	At time.Time `json:"at"`
}

// Seq returns the stream sequence of the course's last event: the expected
// sequence of its next append.
func (c *Course) Seq() uint64 { return c.seq }

// ID returns the course's id.
func (c *Course) ID() string { return c.planned.CourseID }

// ProgrammeID returns the programme the course belongs to.
func (c *Course) ProgrammeID() string { return c.planned.ProgrammeID }

// LeadAgency returns the programme's lead agency, which runs the course.
func (c *Course) LeadAgency() string { return c.planned.AgencyCode }

// ContentCode returns the Phụ lục I content of the course's programme.
func (c *Course) ContentCode() string { return c.planned.ContentCode }

// Format returns class, delegation_abroad, seminar or postgraduate.
func (c *Course) Format() string { return c.planned.Format }

// Status returns the current status.
func (c *Course) Status() CourseStatus { return c.status }

// Details returns the course's details, including the cost estimate.
func (c *Course) Details() events.CourseDetails { return c.details }

// Start returns the first day of the course.
func (c *Course) Start() events.Date { return c.details.StartDate }

// End returns the last day of the course.
func (c *Course) End() events.Date { return c.details.EndDate }

// Participants returns the nominations holding a seat, in the order they
// took it.
func (c *Course) Participants() []Seat { return slices.Clone(c.seated) }

// Waitlist returns the nominations waiting for a seat, first first.
func (c *Course) Waitlist() []Seat { return slices.Clone(c.waitlist) }

// Cancellation returns the cancellation event, nil unless cancelled.
func (c *Course) Cancellation() *events.CourseCancelled { return c.cancelled }

// Apply folds one event into the state. at is the event's business time.
func (c *Course) Apply(seq uint64, at time.Time, p events.Payload) {
	c.seq = seq
	switch e := p.(type) {
	case *events.CoursePlanned:
		c.planned, c.details, c.status, c.createdAt = *e, e.CourseDetails, CoursePlanned, at
	case *events.CourseRevised:
		c.details, c.changes = e.CourseDetails, append(slices.Clip(c.changes), e.Changed...)
		c.promote(at, e.Promoted, e.Skipped)
	case *events.CourseReservationsSet:
		c.details.Reservations = e.Reservations
		c.promote(at, e.Promoted, e.Skipped)
	case *events.CourseOpened:
		c.status = CourseOpen
	case *events.CourseClosed:
		c.status = CourseClosed
	case *events.CourseStarted:
		c.status = CourseRunning
	case *events.CourseFinished:
		c.status = CourseFinished
	case *events.CourseCancelled:
		c.status, c.cancelled, c.seated, c.waitlist = CourseCancelled, e, nil, nil
	default:
		c.applySeat(at, p)
	}
}

// ReviseCourse changes a planned or open course's details. The new
// capacity and reservations must still hold every seat taken. It returns
// a nil payload when nothing changes.
func (c *Course) ReviseCourse(actor events.Actor, d events.CourseDetails) (events.Payload, error) {
	if err := c.byLead(actor, "sửa"); err != nil {
		return nil, err
	}
	d = normalise(c.planned.Format, d)
	// The plan line a course was opened from is fixed when it is planned.
	d.PlanYear, d.PlanLineID = c.details.PlanYear, c.details.PlanLineID
	p := Problems{}
	checkCourseDetails(p, c.planned.Format, d)
	if err := p.Err(); err != nil {
		return nil, err
	}
	if c.status != CoursePlanned && c.status != CourseOpen {
		return nil, c.refuse("sửa", "chỉ sửa được khóa học dự kiến hoặc đang nhận đề cử")
	}
	if err := c.fits(d.Capacity, d.Reservations); err != nil {
		return nil, err
	}
	if (d.StartDate != c.details.StartDate || d.EndDate != c.details.EndDate) && len(c.seated)+len(c.waitlist) > 0 {
		return nil, &Error{Kind: KindConflict, Code: "course_has_nominations",
			Message: "Không đổi được thời gian khi đã có hồ sơ nhận chỗ hoặc đang chờ: thời gian đã ghi trong các hồ sơ đó. Hãy hủy khóa học và lập khóa mới."}
	}
	changed := diffCourse(c.details, d)
	if len(changed) == 0 {
		return nil, nil
	}
	return &events.CourseRevised{CourseDetails: d, Changed: changed}, nil
}

// SetReservations replaces the per-agency seat reservations of a planned
// or open course.
func (c *Course) SetReservations(actor events.Actor, rs []events.SeatReservation) (events.Payload, error) {
	if err := c.byLead(actor, "giữ chỗ cho"); err != nil {
		return nil, err
	}
	p := Problems{}
	checkReservations(p, c.details.Capacity, rs)
	if err := p.Err(); err != nil {
		return nil, err
	}
	if c.status != CoursePlanned && c.status != CourseOpen {
		return nil, c.refuse("giữ chỗ cho", "chỉ giữ chỗ khi khóa học dự kiến hoặc đang nhận đề cử")
	}
	if err := c.fits(c.details.Capacity, rs); err != nil {
		return nil, err
	}
	if rs == nil {
		rs = []events.SeatReservation{}
	}
	return &events.CourseReservationsSet{Reservations: slices.Clone(rs)}, nil
}

// courseMoves are the lifecycle steps of a course by name, with the
// statuses each may start from.
var courseMoves = map[string]struct {
	from []CourseStatus
	verb string
	make func() events.Payload
}{
	"open":   {[]CourseStatus{CoursePlanned, CourseClosed}, "mở nhận đề cử", func() events.Payload { return &events.CourseOpened{} }},
	"close":  {[]CourseStatus{CourseOpen}, "khóa danh sách", func() events.Payload { return &events.CourseClosed{} }},
	"start":  {[]CourseStatus{CourseOpen, CourseClosed}, "bắt đầu", func() events.Payload { return &events.CourseStarted{} }},
	"finish": {[]CourseStatus{CourseRunning}, "kết thúc", func() events.Payload { return &events.CourseFinished{} }},
}

// CourseActions lists the lifecycle actions of a course, cancel included.
var CourseActions = []string{"open", "close", "start", "finish", "cancel"}

// Move takes a lifecycle step: open, close, start or finish. Cancel has
// its own command. An unknown action is KindNotFound.
func (c *Course) Move(actor events.Actor, action string) (events.Payload, error) {
	m, ok := courseMoves[action]
	if !ok {
		return nil, NotFound("thao tác")
	}
	if err := c.byLead(actor, m.verb); err != nil {
		return nil, err
	}
	if !slices.Contains(m.from, c.status) {
		return nil, c.refuse(m.verb, "không đúng trình tự dự kiến → nhận đề cử → khóa danh sách → diễn ra → kết thúc")
	}
	return m.make(), nil
}

// Cancel cancels a course that has not ended: every seat is released and
// every waitlisted nomination leaves the waitlist; the event lists them
// and the agencies to notify. reason is required.
func (c *Course) Cancel(actor events.Actor, reason string) (events.Payload, error) {
	if err := c.byLead(actor, "hủy"); err != nil {
		return nil, err
	}
	if err := checkReason("reason", reason, true); err != nil {
		return nil, err
	}
	if c.status == CourseFinished || c.status == CourseCancelled {
		return nil, c.refuse("hủy", "khóa học đã kết thúc hoặc đã hủy")
	}
	e := &events.CourseCancelled{Reason: strings.TrimSpace(reason), Affected: []events.SeatHolder{}, Agencies: []string{}}
	for _, s := range c.seated {
		e.Affected = append(e.Affected, s.SeatHolder)
	}
	for _, s := range c.waitlist {
		h := s.SeatHolder
		h.Waitlisted = true
		e.Affected = append(e.Affected, h)
	}
	for _, h := range e.Affected {
		if !slices.Contains(e.Agencies, h.AgencyCode) {
			e.Agencies = append(e.Agencies, h.AgencyCode)
		}
	}
	slices.Sort(e.Agencies)
	return e, nil
}

func (c *Course) byLead(actor events.Actor, verb string) error {
	if !Is(actor, RoleAgency) {
		return Forbidden("Chỉ đơn vị chủ trì được " + verb + " khóa học này.")
	}
	if actor.Agency != c.planned.AgencyCode {
		return NotFound("khóa học do đơn vị bạn chủ trì")
	}
	return nil
}

func (c *Course) refuse(verb, why string) error {
	return Transition("Không thể " + verb + " khóa học đang ở trạng thái \"" + c.status.Label() + "\": " + why + ".")
}

func diffCourse(a, b events.CourseDetails) []events.FieldChange {
	var out []events.FieldChange
	add := func(f string, x, y any) {
		if x != y {
			out = append(out, events.FieldChange{Field: f, From: x, To: y})
		}
	}
	add("title", a.Title, b.Title)
	add("start_date", a.StartDate.String(), b.StartDate.String())
	add("end_date", a.EndDate.String(), b.EndDate.String())
	add("capacity", a.Capacity, b.Capacity)
	add("location", a.Location, b.Location)
	add("delivery", a.Delivery, b.Delivery)
	add("country", a.Country, b.Country)
	add("partner", a.Partner, b.Partner)
	add("institution", a.Institution, b.Institution)
	add("degree", a.Degree, b.Degree)
	add("duration_months", a.DurationMonths, b.DurationMonths)
	add("quota_id", a.QuotaID, b.QuotaID)
	add("cost_per_person_vnd", a.CostPerPersonVND, b.CostPerPersonVND)
	add("cost_total_vnd", a.CostTotalVND, b.CostTotalVND)
	if !slices.Equal(a.Reservations, b.Reservations) {
		out = append(out, events.FieldChange{Field: "reservations", From: a.Reservations, To: b.Reservations})
	}
	return out
}
