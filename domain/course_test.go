package domain_test

import (
	"reflect"
	"testing"
	"time"

	"daotao/domain"
	"daotao/events"
)

var (
	leadYte  = events.Actor{UserID: "u-yte", Username: "soyte", Role: string(domain.RoleAgency), Agency: "so_y_te"}
	province = events.Actor{UserID: "u-tinh", Username: "ubndtinh", Role: string(domain.RoleProvince)}
)

func courseTime(i int) time.Time {
	return time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Hour)
}

func progDrafted() *events.ProgrammeDrafted {
	return &events.ProgrammeDrafted{ProgrammeID: "prog-1", AgencyCode: "so_y_te", ContentCode: "C.1",
		ProgrammeDetails: events.ProgrammeDetails{Title: "Quản trị bệnh viện", Year: 2026}}
}

// givenProgramme builds a programme from payloads applied with seq 1, 2, ….
func givenProgramme(payloads ...events.Payload) *domain.TrainingProgramme {
	g := &domain.TrainingProgramme{}
	for i, p := range payloads {
		g.Apply(uint64(i+1), courseTime(i), p)
	}
	return g
}

func approvedProgramme() *domain.TrainingProgramme {
	return givenProgramme(progDrafted(), &events.ProgrammeSubmitted{}, &events.ProgrammeReviewed{}, &events.ProgrammeApproved{})
}

func TestNewProgramme(t *testing.T) {
	ok := domain.DraftProgramme{ContentCode: "C.1", LeadAgencies: []string{"so_y_te"},
		ProgrammeDetails: events.ProgrammeDetails{Title: "Quản trị bệnh viện", Year: 2026}}
	e, err := domain.NewProgramme("prog-1", ok, leadYte)
	if err != nil {
		t.Fatalf("NewProgramme: %v", err)
	}
	if e.AgencyCode != "so_y_te" || e.ContentCode != "C.1" || e.ProgrammeID != "prog-1" {
		t.Errorf("drafted = %+v", e)
	}
	t.Run("council", func(t *testing.T) {
		_, err := domain.NewProgramme("p", ok, council)
		wantError(t, err, domain.KindForbidden)
	})
	t.Run("not the lead agency", func(t *testing.T) {
		_, err := domain.NewProgramme("p", ok, stranger)
		wantError(t, err, domain.KindUnprocessable, "content_code")
	})
	t.Run("bad input", func(t *testing.T) {
		bad := domain.DraftProgramme{ContentCode: "Z.9", ProgrammeDetails: events.ProgrammeDetails{Year: 1999}}
		_, err := domain.NewProgramme("p", bad, leadYte)
		wantError(t, err, domain.KindInvalid, "content_code", "title", "year")
	})
}

func TestProgrammeLifecycle(t *testing.T) {
	tests := []struct {
		name   string
		given  []events.Payload
		when   func(g *domain.TrainingProgramme) (events.Payload, error)
		then   events.Payload
		status domain.ProgrammeStatus
		fails  domain.Kind
	}{
		{"agency submits a draft", []events.Payload{progDrafted()},
			func(g *domain.TrainingProgramme) (events.Payload, error) { return g.SubmitProgramme(leadYte, "") },
			&events.ProgrammeSubmitted{}, domain.ProgrammeSubmitted, 0},
		{"council reviews", []events.Payload{progDrafted(), &events.ProgrammeSubmitted{}},
			func(g *domain.TrainingProgramme) (events.Payload, error) { return g.ReviewProgramme(council, "Đạt") },
			&events.ProgrammeReviewed{Note: "Đạt"}, domain.ProgrammeReviewed, 0},
		{"council returns with a reason", []events.Payload{progDrafted(), &events.ProgrammeSubmitted{}},
			func(g *domain.TrainingProgramme) (events.Payload, error) {
				return g.ReturnProgramme(council, "Thiếu đề cương")
			},
			&events.ProgrammeReturned{Stage: "council", Reason: "Thiếu đề cương"}, domain.ProgrammeReturned, 0},
		{"a return needs a reason", []events.Payload{progDrafted(), &events.ProgrammeSubmitted{}},
			func(g *domain.TrainingProgramme) (events.Payload, error) { return g.ReturnProgramme(council, " ") },
			nil, "", domain.KindInvalid},
		{"province approves a reviewed one", []events.Payload{progDrafted(), &events.ProgrammeSubmitted{}, &events.ProgrammeReviewed{}},
			func(g *domain.TrainingProgramme) (events.Payload, error) {
				return g.ApproveProgramme(province, "QĐ 12/QĐ-UBND", "")
			},
			&events.ProgrammeApproved{DecisionRef: "QĐ 12/QĐ-UBND"}, domain.ProgrammeApproved, 0},
		{"province returns a reviewed one", []events.Payload{progDrafted(), &events.ProgrammeSubmitted{}, &events.ProgrammeReviewed{}},
			func(g *domain.TrainingProgramme) (events.Payload, error) {
				return g.ReturnProgramme(province, "Điều chỉnh kinh phí")
			},
			&events.ProgrammeReturned{Stage: "province", Reason: "Điều chỉnh kinh phí"}, domain.ProgrammeReturned, 0},
		{"province cannot approve before the council", []events.Payload{progDrafted(), &events.ProgrammeSubmitted{}},
			func(g *domain.TrainingProgramme) (events.Payload, error) { return g.ApproveProgramme(province, "", "") },
			nil, "", domain.KindConflict},
		{"council cannot approve for the province", []events.Payload{progDrafted(), &events.ProgrammeSubmitted{}, &events.ProgrammeReviewed{}},
			func(g *domain.TrainingProgramme) (events.Payload, error) { return g.ApproveProgramme(council, "", "") },
			nil, "", domain.KindForbidden},
		{"another agency cannot submit", []events.Payload{progDrafted()},
			func(g *domain.TrainingProgramme) (events.Payload, error) { return g.SubmitProgramme(stranger, "") },
			nil, "", domain.KindNotFound},
		{"returned is resubmitted", []events.Payload{progDrafted(), &events.ProgrammeSubmitted{}, &events.ProgrammeReturned{Stage: "council", Reason: "x"}},
			func(g *domain.TrainingProgramme) (events.Payload, error) {
				return g.SubmitProgramme(leadYte, "Đã bổ sung")
			},
			&events.ProgrammeSubmitted{Note: "Đã bổ sung"}, domain.ProgrammeSubmitted, 0},
		{"approved cannot be revised", []events.Payload{progDrafted(), &events.ProgrammeSubmitted{}, &events.ProgrammeReviewed{}, &events.ProgrammeApproved{}},
			func(g *domain.TrainingProgramme) (events.Payload, error) {
				return g.ReviseProgramme(leadYte, events.ProgrammeDetails{Title: "Mới", Year: 2027})
			},
			nil, "", domain.KindConflict},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := givenProgramme(tt.given...)
			got, err := tt.when(g)
			if tt.fails != 0 {
				wantError(t, err, tt.fails, fieldsOf(err)...)
				return
			}
			if err != nil {
				t.Fatalf("err = %v", err)
			}
			if !reflect.DeepEqual(got, tt.then) {
				t.Errorf("then %#v, want %#v", got, tt.then)
			}
			g.Apply(g.Seq()+1, courseTime(9), got)
			if g.Status() != tt.status {
				t.Errorf("status = %s, want %s", g.Status(), tt.status)
			}
		})
	}
}

// fieldsOf returns the fields an error names, so that a table can check
// only the kind.
func fieldsOf(err error) []string {
	e, ok := err.(*domain.Error)
	if !ok {
		return nil
	}
	var out []string
	for f := range e.Fields {
		out = append(out, f)
	}
	return out
}

func classDetails(capacity int, rs ...events.SeatReservation) events.CourseDetails {
	return events.CourseDetails{Title: "Lớp quản trị bệnh viện", StartDate: events.NewDate(2026, 3, 2), EndDate: events.NewDate(2026, 3, 13),
		Capacity: capacity, Delivery: "tap_trung", CostPerPersonVND: 10_000_000, Reservations: rs}
}

func TestNewCourse(t *testing.T) {
	cmd := domain.PlanCourse{ProgrammeID: "prog-1", Format: events.CourseClass, CourseDetails: classDetails(3)}
	e, err := domain.NewCourse("c-1", cmd, approvedProgramme(), leadYte)
	if err != nil {
		t.Fatalf("NewCourse: %v", err)
	}
	if e.CostTotalVND != 30_000_000 || e.ContentCode != "C.1" || e.AgencyCode != "so_y_te" {
		t.Errorf("planned = %+v; want total 30,000,000 from 3 × 10,000,000 and the programme's content", e)
	}
	t.Run("programme not approved", func(t *testing.T) {
		_, err := domain.NewCourse("c", cmd, givenProgramme(progDrafted()), leadYte)
		if e := wantError(t, err, domain.KindConflict); e.Code != "programme_not_approved" {
			t.Errorf("code = %s", e.Code)
		}
	})
	t.Run("another agency's programme", func(t *testing.T) {
		_, err := domain.NewCourse("c", cmd, approvedProgramme(), stranger)
		wantError(t, err, domain.KindNotFound, "programme_id")
	})
	t.Run("delegation gets Sở Ngoại vụ and needs a country", func(t *testing.T) {
		d := classDetails(5)
		d.Delivery, d.Partner = "", "Đại học Quốc gia Singapore"
		_, err := domain.NewCourse("c", domain.PlanCourse{ProgrammeID: "prog-1", Format: events.CourseDelegation, CourseDetails: d}, approvedProgramme(), leadYte)
		wantError(t, err, domain.KindInvalid, "country")
		d.Country = "Singapore"
		e, err := domain.NewCourse("c", domain.PlanCourse{ProgrammeID: "prog-1", Format: events.CourseDelegation, CourseDetails: d}, approvedProgramme(), leadYte)
		if err != nil || e.Coordinator != domain.Coordinator {
			t.Errorf("coordinator = %q, err %v", e.Coordinator, err)
		}
	})
	t.Run("postgraduate fields", func(t *testing.T) {
		d := classDetails(2)
		d.Delivery = ""
		_, err := domain.NewCourse("c", domain.PlanCourse{ProgrammeID: "prog-1", Format: events.CoursePostgraduate, CourseDetails: d}, approvedProgramme(), leadYte)
		wantError(t, err, domain.KindInvalid, "institution", "degree", "duration_months", "quota_id")
	})
	t.Run("reservations over capacity", func(t *testing.T) {
		d := classDetails(2, events.SeatReservation{AgencyCode: "so_y_te", Seats: 2}, events.SeatReservation{AgencyCode: "ubnd_tam_ky", Seats: 1})
		_, err := domain.NewCourse("c", domain.PlanCourse{ProgrammeID: "prog-1", Format: events.CourseClass, CourseDetails: d}, approvedProgramme(), leadYte)
		wantError(t, err, domain.KindInvalid, "reservations")
	})
}

// givenCourse builds a course of capacity with reservations from the
// planned event and more payloads.
func givenCourse(tb testing.TB, d events.CourseDetails, more ...events.Payload) *domain.Course {
	tb.Helper()
	c := &domain.Course{}
	all := append([]events.Payload{&events.CoursePlanned{CourseID: "c-1", ProgrammeID: "prog-1", AgencyCode: "so_y_te",
		ContentCode: "C.1", Format: events.CourseClass, CourseDetails: d}}, more...)
	for i, p := range all {
		c.Apply(uint64(i+1), courseTime(i), p)
	}
	return c
}

func TestCourseLifecycle(t *testing.T) {
	steps := []struct {
		action string
		status domain.CourseStatus
	}{{"open", domain.CourseOpen}, {"close", domain.CourseClosed}, {"start", domain.CourseRunning}, {"finish", domain.CourseFinished}}
	c := givenCourse(t, classDetails(3))
	for _, s := range steps {
		p, err := c.Move(leadYte, s.action)
		if err != nil {
			t.Fatalf("%s: %v", s.action, err)
		}
		c.Apply(c.Seq()+1, courseTime(5), p)
		if c.Status() != s.status {
			t.Fatalf("after %s: %s, want %s", s.action, c.Status(), s.status)
		}
	}
	if _, err := c.Cancel(leadYte, "Hết kinh phí"); err == nil {
		t.Error("a finished course was cancelled")
	}
	if _, err := givenCourse(t, classDetails(3)).Move(leadYte, "finish"); err == nil {
		t.Error("a planned course finished")
	}
	if _, err := givenCourse(t, classDetails(3)).Move(stranger, "open"); domain.KindOf(err) != domain.KindNotFound {
		t.Errorf("another agency opened the course: %v", err)
	}
	if _, err := givenCourse(t, classDetails(3)).Move(council, "open"); domain.KindOf(err) != domain.KindForbidden {
		t.Errorf("the council opened the course: %v", err)
	}
}

func holder(n, agency string) events.SeatHolder {
	return events.SeatHolder{NominationID: "nom-" + n, AgencyCode: agency, OfficialID: "off-" + n}
}

// take submits holders one after another and returns the course.
func take(tb testing.TB, c *domain.Course, hs ...events.SeatHolder) []events.Payload {
	tb.Helper()
	var out []events.Payload
	for _, h := range hs {
		p, err := c.Take(h)
		if err != nil {
			tb.Fatalf("take %s: %v", h.NominationID, err)
		}
		c.Apply(c.Seq()+1, courseTime(int(c.Seq())), p)
		out = append(out, p)
	}
	return out
}

func TestSeatsReservedThenOpenThenWaitlist(t *testing.T) {
	// 3 seats: 1 kept for ubnd_tam_ky, 2 open.
	c := givenCourse(t, classDetails(3, events.SeatReservation{AgencyCode: "ubnd_tam_ky", Seats: 1}), &events.CourseOpened{})
	got := take(t, c, holder("1", "so_y_te"), holder("2", "ubnd_tam_ky"), holder("3", "so_y_te"), holder("4", "so_y_te"), holder("5", "ubnd_tam_ky"))
	want := []string{"seat open", "seat reserved", "seat open", "waitlist", "waitlist"}
	for i, p := range got {
		var is string
		switch e := p.(type) {
		case *events.CourseSeatTaken:
			is = map[bool]string{true: "seat reserved", false: "seat open"}[e.Reserved]
		case *events.CourseWaitlisted:
			is = "waitlist"
		}
		if is != want[i] {
			t.Errorf("nomination %d: %s, want %s", i+1, is, want[i])
		}
	}
	v := c.Seats(council)
	if v.Taken != 3 || v.WaitlistTotal != 2 || v.Waitlist[0].NominationID != "nom-4" || v.Waitlist[1].Position != 2 {
		t.Errorf("seats = %+v", v)
	}
	if _, err := c.Take(holder("1", "so_y_te")); domain.KindOf(err) != domain.KindConflict {
		t.Errorf("the same official took two seats: %v", err)
	}
	// An agency officer sees only its own nominations in the lists.
	tamky := events.Actor{Role: "agency", Agency: "ubnd_tam_ky"}
	if v := c.Seats(tamky); len(v.Seated) != 1 || len(v.Waitlist) != 1 || v.Waitlist[0].Position != 2 {
		t.Errorf("tam ky sees %+v", v)
	}
}

func TestReleasePromotesAndRecordsSkips(t *testing.T) {
	open := func() *domain.Course {
		c := givenCourse(t, classDetails(2), &events.CourseOpened{})
		take(t, c, holder("1", "so_y_te"), holder("2", "so_y_te"), holder("3", "a"), holder("4", "b"), holder("5", "c"))
		return c
	}
	none := func(events.SeatHolder) (string, string) { return "", "" }
	t.Run("first waitlisted is promoted", func(t *testing.T) {
		c := open()
		p := c.Release("nom-1", domain.SeatWithdrawn, none)
		want := &events.CourseSeatReleased{NominationID: "nom-1", AgencyCode: "so_y_te", Reason: "withdrawn",
			Promoted: &events.SeatHolder{NominationID: "nom-3", AgencyCode: "a", OfficialID: "off-3"}}
		if !reflect.DeepEqual(p, want) {
			t.Fatalf("then %#v, want %#v", p, want)
		}
		c.Apply(c.Seq()+1, courseTime(20), p)
		if v := c.Seats(council); v.Taken != 2 || v.WaitlistTotal != 2 || v.Waitlist[0].NominationID != "nom-4" {
			t.Errorf("after promotion %+v", v)
		}
	})
	t.Run("skips are recorded with their reason", func(t *testing.T) {
		c := open()
		check := func(h events.SeatHolder) (string, string) {
			switch h.NominationID {
			case "nom-3":
				return domain.SkipInactive, "Hồ sơ đã rút."
			case "nom-4":
				return domain.SkipOverlapping, "Trùng thời gian."
			}
			return "", ""
		}
		p := c.Release("nom-2", domain.SeatRejected, check).(*events.CourseSeatReleased)
		if p.Promoted == nil || p.Promoted.NominationID != "nom-5" || len(p.Skipped) != 2 ||
			p.Skipped[0].Reason != domain.SkipInactive || p.Skipped[1].Reason != domain.SkipOverlapping {
			t.Fatalf("then %+v", p)
		}
		c.Apply(c.Seq()+1, courseTime(20), p)
		if v := c.Seats(council); v.Taken != 2 || v.WaitlistTotal != 0 {
			t.Errorf("skipped ones must leave the waitlist: %+v", v)
		}
	})
	t.Run("a waitlisted one leaves", func(t *testing.T) {
		c := open()
		p := c.Release("nom-4", domain.SeatWithdrawn, none)
		if !reflect.DeepEqual(p, &events.CourseWaitlistLeft{NominationID: "nom-4", AgencyCode: "b", Reason: "withdrawn"}) {
			t.Errorf("then %#v", p)
		}
	})
	t.Run("no promotion while running", func(t *testing.T) {
		c := open()
		c.Apply(c.Seq()+1, courseTime(20), &events.CourseStarted{})
		p := c.Release("nom-1", domain.SeatWithdrawn, none).(*events.CourseSeatReleased)
		if p.Promoted != nil {
			t.Errorf("promoted into a running course: %+v", p)
		}
	})
	t.Run("a reserved seat goes to its agency's waitlisted", func(t *testing.T) {
		c := givenCourse(t, classDetails(2, events.SeatReservation{AgencyCode: "b", Seats: 1}), &events.CourseOpened{})
		take(t, c, holder("1", "b"), holder("2", "a"), holder("3", "a"), holder("4", "b"))
		p := c.Release("nom-1", domain.SeatWithdrawn, none).(*events.CourseSeatReleased)
		if p.Promoted == nil || p.Promoted.NominationID != "nom-4" || !p.Promoted.Reserved || len(p.Skipped) != 0 {
			t.Errorf("then %+v, promoted %+v; want nom-4 on b's reserved seat, nom-3 (a) still waiting", p, p.Promoted)
		}
	})
	t.Run("nothing held", func(t *testing.T) {
		if p := open().Release("nom-9", domain.SeatWithdrawn, none); p != nil {
			t.Errorf("then %#v, want nothing", p)
		}
	})
}

func TestCancelListsEveryoneAffected(t *testing.T) {
	c := givenCourse(t, classDetails(1), &events.CourseOpened{})
	take(t, c, holder("1", "so_y_te"), holder("2", "ubnd_tam_ky"))
	if _, err := c.Cancel(leadYte, ""); domain.KindOf(err) != domain.KindInvalid {
		t.Errorf("cancel without reason: %v", err)
	}
	p, err := c.Cancel(leadYte, "Đối tác hoãn")
	if err != nil {
		t.Fatal(err)
	}
	e := p.(*events.CourseCancelled)
	if len(e.Affected) != 2 || !e.Affected[1].Waitlisted || !reflect.DeepEqual(e.Agencies, []string{"so_y_te", "ubnd_tam_ky"}) {
		t.Errorf("cancelled = %+v", e)
	}
	c.Apply(c.Seq()+1, courseTime(9), p)
	if v := c.Seats(council); v.Taken != 0 || v.WaitlistTotal != 0 || c.Status() != domain.CourseCancelled {
		t.Errorf("after cancel %+v", v)
	}
}

func TestReviseKeepsTakenSeats(t *testing.T) {
	c := givenCourse(t, classDetails(2), &events.CourseOpened{})
	take(t, c, holder("1", "so_y_te"), holder("2", "a"))
	if _, err := c.ReviseCourse(leadYte, classDetails(1)); domain.KindOf(err) != domain.KindConflict {
		t.Errorf("capacity below the seats taken: %v", err)
	}
	if _, err := c.SetReservations(leadYte, []events.SeatReservation{{AgencyCode: "b", Seats: 1}}); domain.KindOf(err) != domain.KindConflict {
		t.Errorf("reservation leaving too few open seats: %v", err)
	}
	moved := classDetails(4)
	moved.StartDate = events.NewDate(2026, 3, 3)
	if _, err := c.ReviseCourse(leadYte, moved); domain.KindOf(err) != domain.KindConflict {
		t.Errorf("new dates with seats taken: %v", err)
	}
	p, err := c.ReviseCourse(leadYte, classDetails(4))
	if err != nil || p.(*events.CourseRevised).CostTotalVND != 40_000_000 {
		t.Errorf("revise to 4 seats: %v %+v", err, p)
	}
}

func TestMoreSeatsPromoteFromTheWaitlist(t *testing.T) {
	c := givenCourse(t, classDetails(1), &events.CourseOpened{})
	take(t, c, holder("1", "a"), holder("2", "b"), holder("3", "c"), holder("4", "d"))
	p, err := c.ReviseCourse(leadYte, classDetails(3))
	if err != nil {
		t.Fatal(err)
	}
	gone := func(h events.SeatHolder) (string, string) {
		if h.NominationID == "nom-2" {
			return domain.SkipInactive, "Hồ sơ đã rút."
		}
		return "", ""
	}
	e := c.WithPromotions(p, gone).(*events.CourseRevised)
	if len(e.Promoted) != 2 || e.Promoted[0].NominationID != "nom-3" || e.Promoted[1].NominationID != "nom-4" ||
		len(e.Skipped) != 1 || e.Skipped[0].NominationID != "nom-2" {
		t.Fatalf("promoted %+v, skipped %+v; want nom-3 and nom-4, nom-2 skipped", e.Promoted, e.Skipped)
	}
	c.Apply(c.Seq()+1, courseTime(30), e)
	if v := c.Seats(council); v.Taken != 3 || v.WaitlistTotal != 0 {
		t.Errorf("after the revision: %+v", v)
	}
	r, _ := c.SetReservations(leadYte, []events.SeatReservation{})
	if r == nil {
		t.Fatal("reservation refused")
	}
	if e := c.WithPromotions(r, gone).(*events.CourseReservationsSet); len(e.Promoted) != 0 {
		t.Errorf("promoted %+v from an empty waitlist", e.Promoted)
	}
}
