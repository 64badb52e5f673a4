package handlers_test

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"daotao/domain"
	"daotao/events"
	"daotao/projections"
)

// courseEvents decodes every event recorded on course id.
func (a *app) courseEvents(t *testing.T, id string) []events.Payload {
	t.Helper()
	recs, err := a.store.Load(t.Context(), events.Subject(events.AggregateCourse, id))
	if err != nil {
		t.Fatalf("load course %s: %v", id, err)
	}
	var out []events.Payload
	for _, r := range recs {
		p, err := events.Unmarshal(r.Envelope)
		if err != nil {
			t.Fatalf("decode %s: %v", r.Type, err)
		}
		out = append(out, p)
	}
	return out
}

func TestProgrammeWorkflowAPI(t *testing.T) {
	w := newWorld(t)
	province := provinceToken(t, w)
	path := func(id string, action ...string) string {
		p := "/api/v1/programmes/" + id
		for _, a := range action {
			p += "/" + a
		}
		return p
	}
	t.Run("bad input names the fields", func(t *testing.T) {
		e := w.refused(t, w.yte, http.MethodPost, "/api/v1/programmes", with(programmeBody(), "content_code", "Z.1", "title", " ", "year", 2040), http.StatusBadRequest, "invalid")
		e.naming(t, "content_code", "title", "year")
		w.refused(t, w.yte, http.MethodPost, "/api/v1/programmes", `{"year":"hai nghìn"}`, http.StatusBadRequest, "")
	})
	t.Run("only a lead agency of the content", func(t *testing.T) {
		w.refused(t, w.tamky, http.MethodPost, "/api/v1/programmes", programmeBody(), http.StatusUnprocessableEntity, "not_lead_agency")
		w.refused(t, w.council, http.MethodPost, "/api/v1/programmes", programmeBody(), http.StatusForbidden, "")
	})
	id := created(t, w.do(t, w.yte, http.MethodPost, "/api/v1/programmes", programmeBody(), "Idempotency-Key", "ct-1"))
	if again := created(t, w.do(t, w.yte, http.MethodPost, "/api/v1/programmes", programmeBody(), "Idempotency-Key", "ct-1")); again != id {
		t.Errorf("a repeated Idempotency-Key created %s, want %s", again, id)
	}
	// A draft is its agency's business; an approved programme is everyone's.
	w.do(t, w.tamky, http.MethodGet, path(id), nil).failure(t, http.StatusNotFound, "not_found")
	w.refused(t, w.tamky, http.MethodPost, path(id, "submit"), nil, http.StatusNotFound, "not_found")
	w.refused(t, w.yte, http.MethodPatch, path(id), with(programmeBody(), "year", 0), http.StatusBadRequest, "invalid")
	r := w.do(t, w.yte, http.MethodPatch, path(id), with(programmeBody(), "title", "Quản trị bệnh viện (đợt 1)")).want(t, http.StatusOK)
	seq := int(r.object(t)["seq"].(float64))
	w.refused(t, w.council, http.MethodPost, path(id, "review"), nil, http.StatusConflict, "invalid_transition")
	w.refused(t, w.yte, http.MethodPost, path(id, "submit"), nil, http.StatusConflict, "precondition_failed", "If-Match", "1")
	w.do(t, w.yte, http.MethodPost, path(id, "submit"), nil, "If-Match", strconv.Itoa(seq)).want(t, http.StatusOK)
	w.refused(t, w.council, http.MethodPost, path(id, "return"), map[string]string{"reason": ""}, http.StatusBadRequest, "invalid")
	w.refused(t, province, http.MethodPost, path(id, "approve"), nil, http.StatusConflict, "invalid_transition")
	w.refused(t, w.yte, http.MethodPost, path(id, "approve"), nil, http.StatusForbidden, "")
	w.do(t, w.council, http.MethodPost, path(id, "return"), map[string]string{"reason": "Bổ sung đề cương chi tiết."}).want(t, http.StatusOK)
	w.do(t, w.yte, http.MethodPost, path(id, "submit"), map[string]string{"reason": "Đã bổ sung."}).want(t, http.StatusOK)
	w.do(t, w.council, http.MethodPost, path(id, "review"), nil).want(t, http.StatusOK)
	w.do(t, province, http.MethodPost, path(id, "return"), map[string]string{"reason": "Giảm kinh phí."}).want(t, http.StatusOK)
	var v domain.ProgrammeView
	w.do(t, w.yte, http.MethodGet, path(id), nil).want(t, http.StatusOK).into(t, &v)
	if v.Status != domain.ProgrammeReturned || v.ReturnedBy != "province" || v.Reason != "Giảm kinh phí." {
		t.Errorf("after the province's return: %+v", v)
	}
	w.do(t, w.yte, http.MethodPost, path(id, "submit"), nil).want(t, http.StatusOK)
	w.do(t, w.council, http.MethodPost, path(id, "review"), nil).want(t, http.StatusOK)
	r = w.do(t, province, http.MethodPost, path(id, "approve"), map[string]string{"decision_ref": "QĐ 25/QĐ-UBND"}).want(t, http.StatusOK)
	if r.object(t)["status"] != "approved" {
		t.Errorf("approve answered %s", r.raw)
	}
	w.do(t, w.tamky, http.MethodGet, path(id), nil).want(t, http.StatusOK)
	list := w.do(t, w.tamky, http.MethodGet, "/api/v1/programmes?status=approved&content=C.1", nil).want(t, http.StatusOK)
	if list.header.Get("X-Total-Count") != "1" || len(list.list(t)) != 1 {
		t.Errorf("approved list for another agency: %s %s", list.header.Get("X-Total-Count"), list.raw)
	}
	w.do(t, w.yte, http.MethodGet, "/api/v1/programmes?status=nope", nil).failure(t, http.StatusBadRequest, "invalid", "status")
	w.do(t, w.yte, http.MethodGet, "/api/v1/programmes?limit=0", nil).failure(t, http.StatusBadRequest, "invalid", "limit")
}

func TestCoursesAPI(t *testing.T) {
	w := newWorld(t)
	f := newCourseFixture(t, w)
	t.Run("only approved programmes open courses", func(t *testing.T) {
		w.refused(t, w.yte, http.MethodPost, "/api/v1/courses", classBody(f.progReviewed, 3), http.StatusConflict, "programme_not_approved")
		w.refused(t, w.tamky, http.MethodPost, "/api/v1/courses", classBody(f.prog, 3), http.StatusNotFound, "not_found")
	})
	t.Run("bad input names the fields", func(t *testing.T) {
		body := with(classBody(f.prog, 0), "delivery", "ngoai_troi", "end_date", "2026-02-01", "country", "Nhật Bản",
			"cost_per_person_vnd", -1, "reservations", []map[string]any{{"agency_code": "khong_co", "seats": 2}})
		e := w.refused(t, w.yte, http.MethodPost, "/api/v1/courses", body, http.StatusBadRequest, "invalid")
		e.naming(t, "capacity", "delivery", "end_date", "country", "cost_per_person_vnd", "reservations")
		w.refused(t, w.yte, http.MethodPost, "/api/v1/courses", with(classBody(f.prog, 3), "format", "picnic"), http.StatusBadRequest, "invalid")
		w.refused(t, w.yte, http.MethodPost, "/api/v1/courses", with(classBody(f.prog, 3), "start_date", "02/03/2026x"), http.StatusBadRequest, "invalid")
		w.refused(t, w.yte, http.MethodPost, "/api/v1/courses", `{"capacity":"ba"}`, http.StatusBadRequest, "")
	})
	delegation := with(classBody(f.prog, 6), "format", "delegation_abroad", "delivery", nil, "country", "Singapore",
		"partner", "Đại học Quốc gia Singapore", "title", "Đoàn học tập quản trị y tế tại Singapore")
	id := created(t, w.do(t, w.yte, http.MethodPost, "/api/v1/courses", delegation))
	var v domain.CourseView
	w.do(t, w.tamky, http.MethodGet, coursePath(id), nil).want(t, http.StatusOK).into(t, &v)
	if v.Coordinator != domain.Coordinator || v.CostTotalVND != 72_000_000 || v.Status != domain.CoursePlanned || v.NominationKind != "boi_duong" {
		t.Errorf("delegation = %+v", v)
	}
	postgrad := with(classBody(f.prog, 2), "format", "postgraduate", "delivery", nil, "institution", "Đại học Y Dược Huế",
		"degree", "ck2", "duration_months", 24, "quota_id", "pl2-0-khong-co", "end_date", "2028-02-28")
	w.refused(t, w.yte, http.MethodPost, "/api/v1/courses", postgrad, http.StatusBadRequest, "invalid").naming(t, "quota_id")
	seminar := with(classBody(f.prog, 50), "format", "seminar", "delivery", nil, "title", "Hội thảo y tế số")
	created(t, w.do(t, w.yte, http.MethodPost, "/api/v1/courses", seminar))
	list := w.do(t, w.council, http.MethodGet, "/api/v1/courses?format=delegation_abroad", nil).want(t, http.StatusOK)
	if list.header.Get("X-Total-Count") != "1" {
		t.Errorf("delegations: %s", list.raw)
	}
	w.do(t, w.council, http.MethodGet, "/api/v1/courses?format=x&status=y&kind=z", nil).failure(t, http.StatusBadRequest, "invalid", "format", "status", "kind")
	w.do(t, w.council, http.MethodGet, coursePath("khong-co"), nil).failure(t, http.StatusNotFound, "not_found")
	t.Run("lifecycle and who may move it", func(t *testing.T) {
		w.refused(t, w.yte, http.MethodPost, coursePath(id, "start"), nil, http.StatusConflict, "invalid_transition")
		w.refused(t, w.tamky, http.MethodPost, coursePath(id, "open"), nil, http.StatusNotFound, "not_found")
		w.refused(t, w.council, http.MethodPost, coursePath(id, "open"), nil, http.StatusForbidden, "")
		for _, step := range []string{"open", "close", "start", "finish"} {
			r := w.do(t, w.yte, http.MethodPost, coursePath(id, step), nil).want(t, http.StatusOK)
			if got := r.object(t)["status"]; got == "" {
				t.Errorf("%s: no status in %s", step, r.raw)
			}
		}
		w.refused(t, w.yte, http.MethodPost, coursePath(id, "cancel"), map[string]string{"reason": "Muộn"}, http.StatusConflict, "invalid_transition")
	})
	t.Run("revise and reservations", func(t *testing.T) {
		w.refused(t, w.yte, http.MethodPatch, coursePath(f.course), with(classBody(f.prog, 3), "format", "seminar"), http.StatusBadRequest, "invalid")
		w.refused(t, w.yte, http.MethodPut, coursePath(f.course, "reservations"), map[string]any{"reservations": []map[string]any{{"agency_code": "ubnd_tam_ky", "seats": 9}}}, http.StatusBadRequest, "invalid")
		w.refused(t, w.tamky, http.MethodPut, coursePath(f.course, "reservations"), map[string]any{"reservations": []map[string]any{}}, http.StatusNotFound, "not_found")
		w.do(t, w.yte, http.MethodPut, coursePath(f.course, "reservations"), map[string]any{"reservations": []map[string]any{{"agency_code": "ubnd_tam_ky", "seats": 1}}}).want(t, http.StatusOK)
		r := w.do(t, w.yte, http.MethodPatch, coursePath(f.course), with(classBody(f.prog, 5), "reservations", []map[string]any{{"agency_code": "ubnd_tam_ky", "seats": 2}})).want(t, http.StatusOK)
		if v := w.seats(t, w.council, f.course); v.Capacity != 5 || v.OpenSeats != 3 || len(v.Reservations) != 1 || v.Reservations[0].Seats != 2 {
			t.Errorf("seats after revision: %+v (%s)", v, r.raw)
		}
	})
}

func TestNominatingToACourse(t *testing.T) {
	w := newWorld(t)
	f := newCourseFixture(t, w)
	// 3 seats: 1 kept for UBND Tam Kỳ, 2 open.
	course := w.openCourse(t, f.prog, 3, "reservations", []map[string]any{{"agency_code": "ubnd_tam_ky", "seats": 1}})
	t.Run("details come from the course and must match it", func(t *testing.T) {
		id := w.courseNomination(t, w.yte, w.yteOfficial, course)
		v := w.view(t, w.yte, id)
		if v.CourseID != course || v.Title != "Lớp quản trị bệnh viện" || v.ContentCode != "C.1" || v.StartDate.String() != "2026-03-02" || v.CostEstimateVND != 12_000_000 {
			t.Errorf("nomination = %+v", v)
		}
		w.refused(t, w.yte, http.MethodPost, "/api/v1/nominations", map[string]any{"official_id": w.yteOfficial, "kind": "sau_dai_hoc", "course_id": course}, http.StatusBadRequest, "invalid").naming(t, "kind")
		w.refused(t, w.yte, http.MethodPost, "/api/v1/nominations", map[string]any{"official_id": w.yteOfficial, "kind": "boi_duong", "course_id": course, "start_date": "2026-03-03", "content_code": "B.2"}, http.StatusBadRequest, "invalid").naming(t, "start_date", "content_code")
		w.refused(t, w.yte, http.MethodPost, "/api/v1/nominations", map[string]any{"official_id": w.yteOfficial, "kind": "boi_duong", "course_id": "khong-co"}, http.StatusBadRequest, "invalid").naming(t, "course_id", "title", "start_date", "end_date")
		w.act(t, id, "withdraw").want(t, http.StatusOK)
	})
	yte := func() string {
		return w.courseNomination(t, w.yte, w.official(t, w.yte, officialBody("so_y_te")), course)
	}
	tamky := func() string {
		return w.courseNomination(t, w.tamky, w.official(t, w.tamky, officialBody("ubnd_tam_ky")), course)
	}
	a, b, c, d, e := yte(), yte(), yte(), tamky(), tamky()
	for _, n := range []struct{ id, token string }{{a, w.yte}, {b, w.yte}, {c, w.yte}, {d, w.tamky}, {e, w.tamky}} {
		w.do(t, n.token, http.MethodPost, nomPath(n.id, "submit"), nil).want(t, http.StatusOK)
	}
	v := w.seats(t, w.yte, course)
	if ids := seatIDs(v.Seated); !slices.Equal(ids, []string{a, b, d}) || v.WaitlistTotal != 2 {
		t.Fatalf("seated %v, waitlist %d; want a, b (open), d (reserved) and 2 waiting", ids, v.WaitlistTotal)
	}
	if other := w.seats(t, w.tamky, course); len(other.Seated) != 1 || len(other.Waitlist) != 1 || other.Waitlist[0].Position != 2 {
		t.Errorf("Tam Kỳ sees %+v; want only its own two, e second in line", other)
	}
	if got := w.loginAs(t, "soyte").get(t, "/nominations/"+c).expect(t, http.StatusOK).text("#seat"); !strings.HasPrefix(got, "Danh sách chờ, thứ 1") {
		t.Errorf("c's page says %q, want first in line", got)
	}
	// A waitlisted nomination cannot be finally approved.
	if r := w.approveAll(t, c); r.status != http.StatusConflict || !strings.Contains(string(r.raw), "no_seat") {
		t.Errorf("approving a waitlisted nomination: %d %s", r.status, r.raw)
	}
	// a withdraws: the open seat goes to c (first in line); Tam Kỳ's e waits.
	w.act(t, a, "withdraw").want(t, http.StatusOK)
	v = w.seats(t, w.yte, course)
	if ids := seatIDs(v.Seated); !slices.Equal(ids, []string{b, d, c}) || v.WaitlistTotal != 1 {
		t.Errorf("after a's withdrawal: seated %v, waiting %d", ids, v.WaitlistTotal)
	}
	evs := w.courseEvents(t, course)
	rel, ok := evs[len(evs)-1].(*events.CourseSeatReleased)
	if !ok || rel.NominationID != a || rel.Promoted == nil || rel.Promoted.NominationID != c || rel.Reason != "withdrawn" {
		t.Errorf("last course event = %#v", evs[len(evs)-1])
	}
	// A waitlisted nomination that is rejected leaves the waitlist.
	w.act(t, e, "reject").want(t, http.StatusOK)
	if v := w.seats(t, w.yte, course); v.WaitlistTotal != 0 {
		t.Errorf("e still waits: %+v", v)
	}
	// Closed: no more nominations, neither drafts nor submissions.
	late := yte()
	w.do(t, w.yte, http.MethodPost, coursePath(course, "close"), nil).want(t, http.StatusOK)
	w.refused(t, w.yte, http.MethodPost, "/api/v1/nominations", map[string]any{"official_id": w.yteOfficial, "kind": "boi_duong", "course_id": course}, http.StatusBadRequest, "invalid")
	w.refused(t, w.yte, http.MethodPost, nomPath(late, "submit"), nil, http.StatusConflict, "course_not_open")
}

func TestPromotionSkipsAreRecorded(t *testing.T) {
	w := newWorld(t)
	f := newCourseFixture(t, w)
	course := w.openCourse(t, f.prog, 1)
	first := w.courseNomination(t, w.yte, w.official(t, w.yte, officialBody("so_y_te")), course)
	busy := w.official(t, w.yte, officialBody("so_y_te"))
	waiting := w.courseNomination(t, w.yte, busy, course)
	gone := w.courseNomination(t, w.yte, w.official(t, w.yte, officialBody("so_y_te")), course)
	next := w.courseNomination(t, w.yte, w.official(t, w.yte, officialBody("so_y_te")), course)
	for _, id := range []string{first, waiting, gone, next} {
		w.act(t, id, "submit").want(t, http.StatusOK)
	}
	// busy's time is booked by another programme over the same days.
	other := w.nomination(t, w.yte, with(nominationBody(busy), "start_date", "2026-03-09", "end_date", "2026-03-20"))
	w.act(t, other, "submit").want(t, http.StatusOK)
	w.approveAll(t, other).want(t, http.StatusOK)
	if v := w.view(t, w.yte, other); v.Status != domain.StatusApproved {
		t.Fatalf("other programme: %s", v.Status)
	}
	// gone is withdrawn while waiting: it leaves the waitlist at once.
	w.act(t, gone, "withdraw").want(t, http.StatusOK)
	w.act(t, first, "withdraw").want(t, http.StatusOK)
	evs := w.courseEvents(t, course)
	rel := evs[len(evs)-1].(*events.CourseSeatReleased)
	if rel.Promoted == nil || rel.Promoted.NominationID != next || len(rel.Skipped) != 1 ||
		rel.Skipped[0].NominationID != waiting || rel.Skipped[0].Reason != domain.SkipOverlapping || rel.Skipped[0].Detail == "" {
		t.Errorf("release = %+v (promoted %+v); want %s skipped as overlapping and %s promoted", rel, rel.Promoted, waiting, next)
	}
}

func TestCancellingACourse(t *testing.T) {
	w := newWorld(t)
	f := newCourseFixture(t, w)
	course := w.openCourse(t, f.prog, 1)
	seated := w.courseNomination(t, w.yte, w.official(t, w.yte, officialBody("so_y_te")), course)
	w.act(t, seated, "submit").want(t, http.StatusOK)
	w.approveAll(t, seated).want(t, http.StatusOK)
	waiting := w.courseNomination(t, w.tamky, w.tamkyOfficial, course)
	w.do(t, w.tamky, http.MethodPost, nomPath(waiting, "submit"), nil).want(t, http.StatusOK)
	w.refused(t, w.yte, http.MethodPost, coursePath(course, "cancel"), nil, http.StatusBadRequest, "invalid")
	w.do(t, w.yte, http.MethodPost, coursePath(course, "cancel"), map[string]string{"reason": "Đối tác hoãn khóa học."}).want(t, http.StatusOK)
	evs := w.courseEvents(t, course)
	c, ok := evs[len(evs)-1].(*events.CourseCancelled)
	if !ok || len(c.Affected) != 2 || c.Affected[0].NominationID != seated || c.Affected[1].NominationID != waiting ||
		!c.Affected[1].Waitlisted || !slices.Equal(c.Agencies, []string{"so_y_te", "ubnd_tam_ky"}) {
		t.Fatalf("cancellation = %#v", evs[len(evs)-1])
	}
	if v := w.seats(t, w.yte, course); v.Taken != 0 || v.WaitlistTotal != 0 || v.Status != domain.CourseCancelled {
		t.Errorf("seats after cancel: %+v", v)
	}
	// Every affected agency hears of it in its inbox, with the reason.
	for agency, token := range map[string]string{"so_y_te": w.yte, "ubnd_tam_ky": w.tamky} {
		var notes []struct{ Kind, Text, Link string }
		w.do(t, token, http.MethodGet, "/api/v1/inbox", nil).want(t, http.StatusOK).into(t, &notes)
		if !slices.ContainsFunc(notes, func(n struct{ Kind, Text, Link string }) bool {
			return n.Kind == events.TypeCourseCancelled && strings.Contains(n.Text, "1 hồ sơ") && strings.Contains(n.Text, "Đối tác hoãn khóa học.") &&
				n.Link == "/courses/"+course
		}) {
			t.Errorf("%s's inbox has no notice of the cancellation: %+v", agency, notes)
		}
	}
	o, _ := w.state.Official(w.view(t, w.yte, seated).OfficialID)
	if len(o.Bookings) != 0 {
		t.Errorf("the participant's time is still booked: %+v", o.Bookings)
	}
	if r := w.approveAll(t, waiting); r.status != http.StatusConflict || !strings.Contains(string(r.raw), "course_cancelled") {
		t.Errorf("approving a nomination to a cancelled course: %d %s", r.status, r.raw)
	}
	// Withdrawing from a cancelled course changes nothing on it.
	before := len(w.courseEvents(t, course))
	w.do(t, w.tamky, http.MethodPost, nomPath(waiting, "withdraw"), map[string]string{"reason": "Khóa học bị hủy."}).want(t, http.StatusOK)
	if after := len(w.courseEvents(t, course)); after != before {
		t.Errorf("course events %d → %d", before, after)
	}
}

func seatIDs(seats []domain.Seat) []string {
	var out []string
	for _, s := range seats {
		out = append(out, s.NominationID)
	}
	return out
}

// TestMoreSeatsPromote: raising a course's capacity seats the waitlist in
// the same event.
func TestMoreSeatsPromote(t *testing.T) {
	w := newWorld(t)
	f := newCourseFixture(t, w)
	course := w.openCourse(t, f.prog, 1)
	for range 2 {
		id := w.courseNomination(t, w.yte, w.official(t, w.yte, officialBody("so_y_te")), course)
		w.act(t, id, "submit").want(t, http.StatusOK)
	}
	if v := w.seats(t, w.yte, course); v.Taken != 1 || v.WaitlistTotal != 1 {
		t.Fatalf("before: %+v", v)
	}
	w.do(t, w.yte, http.MethodPatch, coursePath(course), classBody(f.prog, 2)).want(t, http.StatusOK)
	if v := w.seats(t, w.yte, course); v.Taken != 2 || v.WaitlistTotal != 0 {
		t.Errorf("after raising the capacity: %+v", v)
	}
	evs := w.courseEvents(t, course)
	if r, ok := evs[len(evs)-1].(*events.CourseRevised); !ok || len(r.Promoted) != 1 {
		t.Errorf("last event %#v, want a revision promoting one", evs[len(evs)-1])
	}
}

// TestCourseRoutesBadInput sends every programme and course route a body
// that is not JSON, a field of the wrong type and an unknown id: each is
// a 4xx naming what is wrong, and nothing is appended.
func TestCourseRoutesBadInput(t *testing.T) {
	w := newWorld(t)
	f := newCourseFixture(t, w)
	province := f.province
	routes := []struct {
		token, method, path, wrongType string
	}{
		{w.yte, http.MethodPost, "/api/v1/programmes", `{"year":"2026"}`},
		{w.yte, http.MethodPatch, "/api/v1/programmes/" + f.progDraft, `{"title":7}`},
		{w.yte, http.MethodPost, "/api/v1/programmes/" + f.progDraft + "/submit", `{"reason":[]}`},
		{w.council, http.MethodPost, "/api/v1/programmes/" + f.progSubmitted + "/review", `{"reason":1}`},
		{w.council, http.MethodPost, "/api/v1/programmes/" + f.progSubmitted + "/return", `{"reason":false}`},
		{province, http.MethodPost, "/api/v1/programmes/" + f.progReviewed + "/approve", `{"decision_ref":12}`},
		{w.yte, http.MethodPost, "/api/v1/courses", `{"capacity":"ba"}`},
		{w.yte, http.MethodPatch, coursePath(f.course), `{"cost_per_person_vnd":"nhiều"}`},
		{w.yte, http.MethodPut, coursePath(f.course, "reservations"), `{"reservations":[{"agency_code":"so_y_te","seats":"2"}]}`},
		{w.yte, http.MethodPost, coursePath(f.course, "open"), `{"reason":{}}`},
		{w.yte, http.MethodPost, coursePath(f.course, "close"), `{"reason":{}}`},
		{w.yte, http.MethodPost, coursePath(f.course, "start"), `{"reason":{}}`},
		{w.yte, http.MethodPost, coursePath(f.course, "finish"), `{"reason":{}}`},
		{w.yte, http.MethodPost, coursePath(f.course, "cancel"), `{"reason":3}`},
	}
	for _, r := range routes {
		t.Run(r.method+" "+r.path, func(t *testing.T) {
			w.refused(t, r.token, r.method, r.path, `{"title":`, http.StatusBadRequest, "malformed_json")
			w.refused(t, r.token, r.method, r.path, r.wrongType, http.StatusBadRequest, "")
			if strings.Contains(r.path, f.progDraft) || strings.Contains(r.path, f.progSubmitted) ||
				strings.Contains(r.path, f.progReviewed) || strings.Contains(r.path, f.course) {
				unknown := strings.NewReplacer(f.progDraft, "khong-co", f.progSubmitted, "khong-co", f.progReviewed, "khong-co", f.course, "khong-co").Replace(r.path)
				body := map[string]any{"reason": "Thử.", "reservations": []any{}}
				if r.method == http.MethodPatch {
					body = programmeBody()
					if strings.Contains(r.path, "/courses/") {
						body = classBody(f.prog, 3)
					}
				}
				w.refused(t, r.token, r.method, unknown, body, http.StatusNotFound, "not_found")
			}
		})
	}
	for _, path := range []string{"/api/v1/programmes?min_seq=x", "/api/v1/courses?offset=-1", "/api/v1/courses/" + f.course + "/seats?min_seq=abc",
		"/api/v1/programmes/" + f.progDraft + "?min_seq=-2", "/api/v1/courses/" + f.course + "?min_seq=z"} {
		w.do(t, w.yte, http.MethodGet, path, nil).failure(t, http.StatusBadRequest, "")
	}
	w.do(t, w.yte, http.MethodGet, "/api/v1/courses/khong-co/seats", nil).failure(t, http.StatusNotFound, "not_found")
}

// TestCancellingAPostgraduateCourseGivesBackQuotaPlaces: the Phụ lục II
// places of a cancelled postgraduate course's approved participants are
// given back in the cancellation's batch, one event per quota.
func TestCancellingAPostgraduateCourseGivesBackQuotaPlaces(t *testing.T) {
	w := newWorld(t)
	f := newCourseFixture(t, w)
	sttt := w.user(t, "sotttt", domain.RoleAgency, itAgency)
	pg := created(t, w.do(t, w.yte, http.MethodPost, "/api/v1/courses", map[string]any{
		"programme_id": f.prog, "format": "postgraduate", "title": "Thạc sĩ Hệ thống thông tin y tế", "institution": "Đại học Bách khoa Đà Nẵng",
		"degree": "thac_si", "duration_months": 24, "quota_id": itQuota, "start_date": "2026-09-01", "end_date": "2028-08-31",
		"capacity": 2, "cost_per_person_vnd": 100_000_000}))
	w.do(t, w.yte, http.MethodPost, coursePath(pg, "open"), nil).want(t, http.StatusOK)
	var ids []string
	for i := range 2 {
		id := w.nomination(t, sttt, map[string]any{"official_id": w.official(t, sttt, itOfficial(i)), "kind": "sau_dai_hoc", "course_id": pg, "commitment_months": 48})
		w.do(t, sttt, http.MethodPost, nomPath(id, "submit"), nil).want(t, http.StatusOK)
		for range 4 {
			if w.view(t, w.council, id).Status == domain.StatusApproved {
				break
			}
			w.do(t, w.stageToken(t, id), http.MethodPost, nomPath(id, "approve"), nil).want(t, http.StatusOK)
		}
		ids = append(ids, id)
	}
	if used := len(w.state.QuotaUse(itQuota).Taken); used != 2 {
		t.Fatalf("quota places used before the cancellation: %d", used)
	}
	w.do(t, w.yte, http.MethodPost, coursePath(pg, "cancel"), map[string]string{"reason": "Trường hoãn tuyển sinh."}).want(t, http.StatusOK)
	if err := w.state.WaitFor(t.Context(), w.lastSeq(t)); err != nil {
		t.Fatal(err)
	}
	if used := len(w.state.QuotaUse(itQuota).Taken); used != 0 {
		t.Errorf("quota places used after the cancellation: %d", used)
	}
	var last events.Recorded
	if err := w.store.Read(t.Context(), 1, 0, func(r events.Recorded) error {
		if r.Subject == events.Subject(events.AggregateQuota, itQuota) {
			last = r
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	p, _ := events.Unmarshal(last.Envelope)
	if e, ok := p.(*events.QuotaPlacesReleased); !ok || !slices.Equal(e.NominationIDs, ids) {
		t.Errorf("the quota's last event: %s %+v", last.Type, p)
	}
	places := func(id string) (int, bool) {
		if id == itQuota {
			return 2, true
		}
		return 0, false
	}
	if vs, err := projections.Check(t.Context(), w.store, places); err != nil || len(vs) != 0 {
		t.Errorf("invariants after the cancellation: %v, %v", vs, err)
	}
}
