package handlers_test

import (
	"net/http"
	"testing"

	"daotao/domain"
)

// courseFixture holds programmes of so_y_te (lead agency of C.1) in each
// review state and courses of an approved one.
type courseFixture struct {
	province                                                 string // UBND tỉnh's token
	progDraft, progDraft2, progSubmitted, progReviewed, prog string // prog is approved
	course, course2                                          string // planned classes of prog
}

// provinceToken returns a token of the UBND tỉnh account ubndtinh,
// creating the account when the world has none yet.
func provinceToken(t *testing.T, w *world) string {
	t.Helper()
	if _, ok := w.state.UserByName("ubndtinh"); ok {
		return w.login(t, "ubndtinh")
	}
	return w.user(t, "ubndtinh", domain.RoleProvince, "")
}

func newCourseFixture(t *testing.T, w *world) *courseFixture {
	t.Helper()
	f := &courseFixture{province: provinceToken(t, w)}
	f.progDraft = w.programmeIn(t, f, domain.ProgrammeDraft)
	f.progDraft2 = w.programmeIn(t, f, domain.ProgrammeDraft)
	f.progSubmitted = w.programmeIn(t, f, domain.ProgrammeSubmitted)
	f.progReviewed = w.programmeIn(t, f, domain.ProgrammeReviewed)
	f.prog = w.programmeIn(t, f, domain.ProgrammeApproved)
	f.course = created(t, w.do(t, w.yte, http.MethodPost, "/api/v1/courses", classBody(f.prog, 3)))
	f.course2 = created(t, w.do(t, w.yte, http.MethodPost, "/api/v1/courses", classBody(f.prog, 3)))
	return f
}

// programmeBody is a valid programme of so_y_te for content C.1.
func programmeBody() map[string]any {
	return map[string]any{"content_code": "C.1", "title": "Quản trị bệnh viện hiện đại", "summary": "Chương trình 2 tuần.",
		"year": 2026, "partner": "Đại học Y Dược Huế"}
}

// programmeIn returns a new so_y_te programme brought to status.
func (w *world) programmeIn(t *testing.T, f *courseFixture, status domain.ProgrammeStatus) string {
	t.Helper()
	id := created(t, w.do(t, w.yte, http.MethodPost, "/api/v1/programmes", programmeBody()))
	steps := map[domain.ProgrammeStatus][]struct{ token, action string }{
		domain.ProgrammeSubmitted: {{w.yte, "submit"}},
		domain.ProgrammeReviewed:  {{w.yte, "submit"}, {w.council, "review"}},
		domain.ProgrammeApproved:  {{w.yte, "submit"}, {w.council, "review"}, {f.province, "approve"}},
	}[status]
	for _, s := range steps {
		w.do(t, s.token, http.MethodPost, "/api/v1/programmes/"+id+"/"+s.action, map[string]string{"decision_ref": "QĐ 1/QĐ-UBND"}).want(t, http.StatusOK)
	}
	return id
}

// classBody is a valid class of programme prog with capacity seats.
func classBody(prog string, capacity int) map[string]any {
	return map[string]any{"programme_id": prog, "format": "class", "title": "Lớp quản trị bệnh viện", "delivery": "tap_trung",
		"start_date": "2026-03-02", "end_date": "2026-03-13", "capacity": capacity, "location": "Tam Kỳ",
		"cost_per_person_vnd": 12_000_000}
}

func coursePath(id string, action ...string) string {
	p := "/api/v1/courses/" + id
	for _, a := range action {
		p += "/" + a
	}
	return p
}

// openCourse plans a class of capacity seats with body changes kv and
// opens it for nominations.
func (w *world) openCourse(t *testing.T, prog string, capacity int, kv ...any) string {
	t.Helper()
	id := created(t, w.do(t, w.yte, http.MethodPost, "/api/v1/courses", with(classBody(prog, capacity), kv...)))
	w.do(t, w.yte, http.MethodPost, coursePath(id, "open"), nil).want(t, http.StatusOK)
	return id
}

// courseNomination drafts a nomination of official (of the token's
// agency) to course and returns its id.
func (w *world) courseNomination(t *testing.T, token, official, course string) string {
	t.Helper()
	return w.nomination(t, token, map[string]any{"official_id": official, "kind": "boi_duong", "course_id": course})
}

// seats returns the course's seats as token sees them.
func (w *world) seats(t *testing.T, token, course string) domain.SeatsView {
	t.Helper()
	var v domain.SeatsView
	w.do(t, token, http.MethodGet, coursePath(course, "seats"), nil).want(t, http.StatusOK).into(t, &v)
	return v
}

// programmeAndCourse makes, for the fuzz target, a draft programme of
// so_y_te and a planned course of another, approved, one; it returns
// their ids.
func (ft *fuzzTarget) programmeAndCourse(tb testing.TB, tokens map[string]string) (string, string) {
	tb.Helper()
	draft := ft.created(tb, tokens["agency"], "/api/v1/programmes", programmeBody())
	prog := ft.created(tb, tokens["agency"], "/api/v1/programmes", programmeBody())
	var out struct{ ID string }
	for _, step := range []struct{ role, action string }{{"agency", "submit"}, {"council", "review"}, {"province", "approve"}} {
		ft.decode(tb, http.StatusOK, tokens[step.role], "/api/v1/programmes/"+prog+"/"+step.action, map[string]string{}, &out)
	}
	return draft, ft.created(tb, tokens["agency"], "/api/v1/courses", classBody(prog, 3))
}
