package events

// Event types of training programmes (Chương trình bồi dưỡng) and their
// courses (classes, delegations abroad, seminars, postgraduate programmes).
const (
	TypeProgrammeDrafted   = "programme.drafted"
	TypeProgrammeRevised   = "programme.revised"
	TypeProgrammeSubmitted = "programme.submitted"
	TypeProgrammeReturned  = "programme.returned"
	TypeProgrammeReviewed  = "programme.reviewed"
	TypeProgrammeApproved  = "programme.approved"

	TypeCoursePlanned        = "course.planned"
	TypeCourseRevised        = "course.revised"
	TypeCourseOpened         = "course.opened"
	TypeCourseClosed         = "course.closed"
	TypeCourseStarted        = "course.started"
	TypeCourseFinished       = "course.finished"
	TypeCourseCancelled      = "course.cancelled"
	TypeCourseSeatTaken      = "course.seat_taken"
	TypeCourseWaitlisted     = "course.waitlisted"
	TypeCourseSeatReleased   = "course.seat_released"
	TypeCourseWaitlistLeft   = "course.waitlist_left"
	TypeCourseReservationSet = "course.reservations_set"
)

// Aggregates of programmes and courses, each keyed by its id. A course's
// seats and waitlist are on the course's subject: every seat taken or
// released expects the course's last sequence, so that two nominations
// can never take the same last seat.
const (
	AggregateProgramme = "programme"
	AggregateCourse    = "course"
)

// Course formats (hình thức tổ chức).
const (
	CourseClass        = "class"             // lớp bồi dưỡng (tập trung or trực tuyến)
	CourseDelegation   = "delegation_abroad" // đoàn tham gia bồi dưỡng tại nước ngoài
	CourseSeminar      = "seminar"           // hội thảo
	CoursePostgraduate = "postgraduate"      // chương trình đào tạo sau đại học
)

// ProgrammeDetails are the parts of a training programme its lead agency
// writes and may revise while it is a draft or returned.
type ProgrammeDetails struct {
	Title   string `json:"title"`
	Summary string `json:"summary,omitempty"`
	// Year is the first year courses of the programme are held.
	Year int `json:"year"`
	// Partner is the training institution the programme is built with.
	Partner string `json:"partner,omitempty"`
}

// ProgrammeDrafted records a training programme drafted by the lead agency
// (AgencyCode) of a Phụ lục I content.
type ProgrammeDrafted struct {
	ProgrammeID string `json:"programme_id"`
	AgencyCode  string `json:"agency_code"`
	ContentCode string `json:"content_code"`
	ProgrammeDetails
}

// ProgrammeRevised records new details and which fields changed.
type ProgrammeRevised struct {
	ProgrammeDetails
	Changed []FieldChange `json:"changed"`
}

// ProgrammeSubmitted records that the lead agency sent the programme to the
// council for review.
type ProgrammeSubmitted struct {
	Note string `json:"note,omitempty"`
}

// ProgrammeReturned records a return for revision, by the council or by the
// province (Stage names whose review returned it: "council" or "province").
type ProgrammeReturned struct {
	Stage  string `json:"stage"`
	Reason string `json:"reason"`
}

// ProgrammeReviewed records the council's favourable review; the programme
// then awaits the province's approval.
type ProgrammeReviewed struct {
	Note string `json:"note,omitempty"`
}

// ProgrammeApproved records the approval of the provincial People's
// Committee (UBND tỉnh), with its decision reference when given. Only an
// approved programme can open courses.
type ProgrammeApproved struct {
	DecisionRef string `json:"decision_ref,omitempty"`
	Note        string `json:"note,omitempty"`
}

// SeatReservation is a number of a course's seats kept for one agency.
type SeatReservation struct {
	AgencyCode string `json:"agency_code"`
	Seats      int    `json:"seats"`
}

// CourseDetails are the parts of a course its lead agency writes. The
// cost estimate (CostPerPersonVND, CostTotalVND) is what the budget
// appraisal starts from.
type CourseDetails struct {
	Title     string `json:"title"`
	StartDate Date   `json:"start_date"`
	EndDate   Date   `json:"end_date"`
	Capacity  int    `json:"capacity"`
	Location  string `json:"location,omitempty"`
	// Delivery of a class: "tap_trung" or "truc_tuyen".
	Delivery string `json:"delivery,omitempty"`
	// Country, Partner and Coordinator (Sở Ngoại vụ's agency code) of a
	// delegation abroad.
	Country     string `json:"country,omitempty"`
	Partner     string `json:"partner,omitempty"`
	Coordinator string `json:"coordinator,omitempty"`
	// Institution, Degree (thac_si, tien_si, ck1, ck2), DurationMonths
	// and QuotaID (Phụ lục II) of a postgraduate programme.
	Institution    string `json:"institution,omitempty"`
	Degree         string `json:"degree,omitempty"`
	DurationMonths int    `json:"duration_months,omitempty"`
	QuotaID        string `json:"quota_id,omitempty"`
	// CostPerPersonVND and CostTotalVND are the lead agency's estimate in
	// whole đồng.
	CostPerPersonVND int64 `json:"cost_per_person_vnd"`
	CostTotalVND     int64 `json:"cost_total_vnd"`
	// Reservations are the seats kept for agencies; the rest are open.
	Reservations []SeatReservation `json:"reservations,omitempty"`
	// PlanYear and PlanLineID name the line of the approved annual plan
	// the course is opened from, when it is: its seat reservations default
	// to the line's places per agency, and plan-against-actual counts it.
	PlanYear   int    `json:"plan_year,omitempty"`
	PlanLineID string `json:"plan_line_id,omitempty"`
}

// CoursePlanned records a course of an approved programme, planned by the
// programme's lead agency.
type CoursePlanned struct {
	CourseID    string `json:"course_id"`
	ProgrammeID string `json:"programme_id"`
	AgencyCode  string `json:"agency_code"`
	ContentCode string `json:"content_code"`
	Format      string `json:"format"`
	CourseDetails
}

// CourseRevised records new details of a course and which fields changed.
type CourseRevised struct {
	CourseDetails
	Changed []FieldChange `json:"changed"`
	// Promoted are the waitlisted nominations that took the seats a larger
	// capacity freed, in order; Skipped those passed over, with why.
	Promoted []SeatHolder       `json:"promoted,omitempty"`
	Skipped  []PromotionSkipped `json:"skipped,omitempty"`
}

// CourseReservationsSet records new per-agency seat reservations.
type CourseReservationsSet struct {
	Reservations []SeatReservation `json:"reservations"`
	// Promoted and Skipped: as in CourseRevised, for the seats the new
	// reservations free for waitlisted nominations.
	Promoted []SeatHolder       `json:"promoted,omitempty"`
	Skipped  []PromotionSkipped `json:"skipped,omitempty"`
}

// CourseOpened records that the course takes nominations.
type CourseOpened struct{}

// CourseClosed records that the course takes no more nominations.
type CourseClosed struct{}

// CourseStarted records that the course is running.
type CourseStarted struct{}

// CourseFinished records that the course is over.
type CourseFinished struct{}

// SeatHolder is a nomination that holds (or waits for) a seat.
type SeatHolder struct {
	NominationID string `json:"nomination_id"`
	AgencyCode   string `json:"agency_code"`
	OfficialID   string `json:"official_id"`
	// Reserved says the seat is one of the agency's reserved seats, not an
	// open one.
	Reserved bool `json:"reserved,omitempty"`
	// Waitlisted marks, in a cancellation, a nomination that was waiting.
	Waitlisted bool `json:"waitlisted,omitempty"`
}

// CourseCancelled records a cancellation: every seat is released and every
// waitlisted nomination leaves the waitlist. Affected lists each of them,
// Agencies the agencies to notify.
type CourseCancelled struct {
	Reason   string       `json:"reason"`
	Affected []SeatHolder `json:"affected"`
	Agencies []string     `json:"agencies"`
}

// CourseSeatTaken records that a submitted nomination took a seat,
// atomically with its submission.
type CourseSeatTaken struct {
	SeatHolder
}

// CourseWaitlisted records that a submitted nomination found the course
// full and waits, in the order of these events.
type CourseWaitlisted struct {
	SeatHolder
}

// PromotionSkipped is a waitlisted nomination passed over when a seat freed
// up, and why; it leaves the waitlist.
type PromotionSkipped struct {
	NominationID string `json:"nomination_id"`
	AgencyCode   string `json:"agency_code"`
	// Reason is "inactive" (withdrawn, rejected) or
	// "overlapping_programme"; Detail says more in Vietnamese.
	Reason string `json:"reason"`
	Detail string `json:"detail"`
}

// CourseSeatReleased records that a nomination's seat freed up (Reason:
// withdrawn or rejected), atomically with that nomination's event, and in
// the same event the automatic promotion from the waitlist: Promoted, the
// nomination that took the freed seat (nil when none could), and Skipped,
// the waitlisted nominations passed over on the way, each with its reason.
type CourseSeatReleased struct {
	NominationID string             `json:"nomination_id"`
	AgencyCode   string             `json:"agency_code"`
	Reason       string             `json:"reason"`
	Promoted     *SeatHolder        `json:"promoted,omitempty"`
	Skipped      []PromotionSkipped `json:"skipped,omitempty"`
}

// CourseWaitlistLeft records that a waitlisted nomination left the
// waitlist (withdrawn or rejected).
type CourseWaitlistLeft struct {
	NominationID string `json:"nomination_id"`
	AgencyCode   string `json:"agency_code"`
	Reason       string `json:"reason"`
}

func (ProgrammeDrafted) EventType() string      { return TypeProgrammeDrafted }
func (ProgrammeRevised) EventType() string      { return TypeProgrammeRevised }
func (ProgrammeSubmitted) EventType() string    { return TypeProgrammeSubmitted }
func (ProgrammeReturned) EventType() string     { return TypeProgrammeReturned }
func (ProgrammeReviewed) EventType() string     { return TypeProgrammeReviewed }
func (ProgrammeApproved) EventType() string     { return TypeProgrammeApproved }
func (CoursePlanned) EventType() string         { return TypeCoursePlanned }
func (CourseRevised) EventType() string         { return TypeCourseRevised }
func (CourseReservationsSet) EventType() string { return TypeCourseReservationSet }
func (CourseOpened) EventType() string          { return TypeCourseOpened }
func (CourseClosed) EventType() string          { return TypeCourseClosed }
func (CourseStarted) EventType() string         { return TypeCourseStarted }
func (CourseFinished) EventType() string        { return TypeCourseFinished }
func (CourseCancelled) EventType() string       { return TypeCourseCancelled }
func (CourseSeatTaken) EventType() string       { return TypeCourseSeatTaken }
func (CourseWaitlisted) EventType() string      { return TypeCourseWaitlisted }
func (CourseSeatReleased) EventType() string    { return TypeCourseSeatReleased }
func (CourseWaitlistLeft) EventType() string    { return TypeCourseWaitlistLeft }
