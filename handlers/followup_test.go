package handlers_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"testing"
	"time"

	"daotao/domain"
	"daotao/events"
	"daotao/handlers"
)

// postgradTrainee returns an approved postgraduate nomination of Sở Y tế:
// a master's from 01/09/2025 to 31/08/2027.
func postgradTrainee(t *testing.T, w *world) string {
	t.Helper()
	official := w.official(t, w.yte, officialBody("so_y_te"))
	id := w.nomination(t, w.yte, with(nominationBody(official), "kind", "sau_dai_hoc", "content_code", nil, "title", "Thạc sĩ Quản lý bệnh viện",
		"start_date", "2025-09-01", "end_date", "2027-08-31", "commitment_months", 48))
	w.act(t, id, "submit").want(t, http.StatusOK)
	if r := w.approveAll(t, id); r.object(t)["status"] != string(domain.StatusApproved) {
		t.Fatalf("approve the postgraduate nomination: %s", r.raw)
	}
	return id
}

// TestTraineeFollowUp: progress each semester, overdue when missing, an
// extension that moves the end (and the commitment's start), the outcome.
func TestTraineeFollowUp(t *testing.T) {
	w := newWorld(t)
	id := postgradTrainee(t, w)
	path := "/api/v1/trainees/" + id

	var tv handlers.TraineeView
	w.do(t, w.yte, http.MethodGet, path, nil).want(t, http.StatusOK).into(t, &tv)
	if tv.Overdue != nil || tv.End != events.NewDate(2027, 8, 31) {
		t.Fatalf("on 02/06/2025: %+v", tv)
	}
	// 01/04/2026: the first semester's record (due 31/03/2026) is missing.
	w.clock.Advance(time.Date(2026, 4, 1, 3, 0, 0, 0, time.UTC).Sub(w.clock.Now()))
	w.homeAffairs, w.yte, w.tamky = w.login(t, "sonoivu"), w.login(t, "soyte"), w.login(t, "tamky")
	var list []handlers.TraineeView
	w.do(t, w.homeAffairs, http.MethodGet, "/api/v1/trainees?overdue=true", nil).want(t, http.StatusOK).into(t, &list)
	if len(list) != 1 || list[0].Overdue == nil || list[0].Overdue.Due != events.NewDate(2026, 3, 31) {
		t.Fatalf("overdue list: %+v", list)
	}
	w.do(t, w.tamky, http.MethodGet, "/api/v1/trainees?overdue=true", nil).want(t, http.StatusOK).into(t, &list)
	if len(list) != 0 {
		t.Fatalf("another agency sees %d trainees", len(list))
	}
	w.do(t, w.tamky, http.MethodGet, path, nil).failure(t, http.StatusNotFound, "not_found")

	w.do(t, w.yte, http.MethodPost, path+"/progress", map[string]any{"period": "2026-1", "credits": 18, "results": "Điểm trung bình 3,4/4"}).want(t, http.StatusOK)
	w.do(t, w.homeAffairs, http.MethodGet, "/api/v1/trainees?overdue=true", nil).want(t, http.StatusOK).into(t, &list)
	if len(list) != 0 {
		t.Fatalf("still overdue after the record: %+v", list)
	}
	w.do(t, w.yte, http.MethodPost, path+"/extend", map[string]any{"new_end": "2028-02-29", "reason": "Bảo vệ luận văn vào học kỳ sau"}).want(t, http.StatusOK)
	w.do(t, w.yte, http.MethodGet, path, nil).want(t, http.StatusOK).into(t, &tv)
	if tv.End != events.NewDate(2028, 2, 29) || len(tv.Progress.Extensions) != 1 || tv.CommitmentFrom != tv.End || tv.CommitmentOpen {
		t.Fatalf("after the extension: end %v, %+v", tv.End, tv.Progress.Extensions)
	}
	// Graduation is recorded with the results of training, not here.
	w.refused(t, w.yte, http.MethodPost, path+"/conclude", map[string]any{"outcome": "graduated", "on": "2028-02-20"}, http.StatusBadRequest, "invalid").naming(t, "outcome")
	w.do(t, w.yte, http.MethodPost, path+"/conclude", map[string]any{"outcome": "withdrawn", "on": "2027-05-20", "note": "Xin thôi học"}).want(t, http.StatusOK)
	w.refused(t, w.yte, http.MethodPost, path+"/progress", map[string]any{"period": "2027-2", "results": "x"}, http.StatusConflict, "invalid_transition")
}

func TestTraineeWrongRoleAndBadInput(t *testing.T) {
	w := newWorld(t)
	id := postgradTrainee(t, w)
	path := "/api/v1/trainees/" + id
	refresher := w.nominationIn(t, domain.StatusApproved)

	w.refused(t, w.homeAffairs, http.MethodPost, path+"/progress", map[string]any{"period": "2026-1", "results": "x"}, http.StatusForbidden, "")
	w.refused(t, w.tamky, http.MethodPost, path+"/progress", map[string]any{"period": "2026-1", "results": "x"}, http.StatusNotFound, "not_found")
	w.refused(t, w.yte, http.MethodPost, "/api/v1/trainees/"+refresher+"/progress", map[string]any{"period": "2026-1", "results": "x"}, http.StatusConflict, "invalid_transition")
	w.do(t, w.yte, http.MethodGet, "/api/v1/trainees/"+refresher, nil).failure(t, http.StatusNotFound, "not_found")
	w.refused(t, w.yte, http.MethodPost, path+"/progress", map[string]any{"period": "HK1", "credits": -1}, http.StatusBadRequest, "invalid").
		naming(t, "period", "credits", "results")
	w.refused(t, w.yte, http.MethodPost, path+"/extend", map[string]any{"new_end": "2027-01-01"}, http.StatusBadRequest, "invalid").naming(t, "new_end", "reason")
	w.refused(t, w.yte, http.MethodPost, path+"/suspend", map[string]any{"from": "01/09/2026", "until": "x", "reason": "x"}, http.StatusBadRequest, "invalid").
		naming(t, "from", "until")
	w.refused(t, w.yte, http.MethodPost, path+"/resume", map[string]any{"on": "2026-09-01"}, http.StatusConflict, "invalid_transition")
	w.refused(t, w.yte, http.MethodPost, path+"/conclude", map[string]any{"outcome": "done", "on": "x"}, http.StatusBadRequest, "invalid").naming(t, "outcome", "on")
	w.refused(t, w.yte, http.MethodPost, path+"/conclude", "{", http.StatusBadRequest, "")
	w.do(t, w.yte, http.MethodGet, "/api/v1/trainees?overdue=maybe", nil).failure(t, http.StatusBadRequest, "invalid", "overdue")
}

// TestProvidersAndSelection: a provider is registered and corrected, a
// course's lead agency adds the decision document and records the
// selection, which pins it; another agency can neither record nor add.
func TestProvidersAndSelection(t *testing.T) {
	w := newWorld(t)
	courses := newCourseFixture(t, w)
	course := courses.course2
	var lead string
	var cv domain.CourseView
	w.do(t, w.yte, http.MethodGet, "/api/v1/courses/"+course, nil).want(t, http.StatusOK).into(t, &cv)
	lead = map[string]string{"so_y_te": w.yte, "ubnd_tam_ky": w.tamky}[cv.AgencyCode]
	if lead == "" {
		t.Fatalf("course lead %s has no token in the world", cv.AgencyCode)
	}
	other := map[string]string{"so_y_te": w.tamky, "ubnd_tam_ky": w.yte}[cv.AgencyCode]

	prov := created(t, w.do(t, w.homeAffairs, http.MethodPost, "/api/v1/providers",
		map[string]any{"name": "Trường Đại học Y Dược, Đại học Huế", "kind": "domestic", "address": "6 Ngô Quyền, Huế"}))
	// A repeated Idempotency-Key answers with the provider it registered.
	again := map[string]any{"name": "Học viện Chính trị khu vực III", "kind": "domestic"}
	first := created(t, w.do(t, w.homeAffairs, http.MethodPost, "/api/v1/providers", again, "Idempotency-Key", "prov-1"))
	if id := created(t, w.do(t, w.homeAffairs, http.MethodPost, "/api/v1/providers", again, "Idempotency-Key", "prov-1")); id != first {
		t.Errorf("repeated registration answered %s, the first %s", id, first)
	}
	w.refused(t, w.council, http.MethodPost, "/api/v1/providers", map[string]any{"name": "X", "kind": "domestic"}, http.StatusForbidden, "")
	w.refused(t, w.homeAffairs, http.MethodPost, "/api/v1/providers", map[string]any{"name": "", "kind": "abroad"}, http.StatusBadRequest, "invalid").naming(t, "name", "kind")
	w.do(t, w.yte, http.MethodPatch, "/api/v1/providers/"+prov,
		map[string]any{"name": "Trường Đại học Y - Dược, Đại học Huế", "kind": "domestic", "address": "6 Ngô Quyền, Huế"}).want(t, http.StatusOK)
	var p struct {
		Name, Country string
	}
	w.do(t, w.auditor, http.MethodGet, "/api/v1/providers/"+prov, nil).want(t, http.StatusOK).into(t, &p)
	if p.Name != "Trường Đại học Y - Dược, Đại học Huế" || p.Country != "Việt Nam" {
		t.Fatalf("provider %+v", p)
	}

	// The decision as a PDF, uploaded by the lead agency.
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", "quyet-dinh-chi-dinh-thau.pdf")
	fw.Write([]byte("%PDF-1.4\n% quyết định\n"))
	mw.Close()
	docs := "/api/v1/courses/" + course + "/provider/documents"
	w.refused(t, other, http.MethodPost, docs, body.Bytes(), http.StatusNotFound, "not_found", "Content-Type", mw.FormDataContentType())
	up := w.do(t, lead, http.MethodPost, docs, body.Bytes(), "Content-Type", mw.FormDataContentType()).want(t, http.StatusCreated)
	var ref events.AttachmentRef
	up.into(t, &ref)

	sel := map[string]any{"provider_id": prov, "method": "chi_dinh_thau", "decision_no": "45/QĐ-SYT", "decision_date": "2026-03-02", "contract_value_vnd": 480_000_000}
	w.refused(t, other, http.MethodPost, "/api/v1/courses/"+course+"/provider", sel, http.StatusNotFound, "not_found")
	w.refused(t, lead, http.MethodPost, "/api/v1/courses/"+course+"/provider", map[string]any{"provider_id": "khong-co", "method": "boc_tham", "decision_date": "02/03/2026"},
		http.StatusBadRequest, "invalid").naming(t, "provider_id", "method", "decision_no", "decision_date")
	w.do(t, lead, http.MethodPost, "/api/v1/courses/"+course+"/provider", sel).want(t, http.StatusCreated)

	var sv handlers.SelectionView
	w.do(t, w.auditor, http.MethodGet, "/api/v1/courses/"+course+"/provider", nil).want(t, http.StatusOK).into(t, &sv)
	if len(sv.Records) != 1 || len(sv.Records[0].Documents) != 1 || sv.Records[0].Documents[0].SHA256 != ref.SHA256 || sv.Provider == nil {
		t.Fatalf("selection %+v", sv)
	}
	got := w.do(t, w.council, http.MethodGet, docs+"/"+ref.SHA256, nil).want(t, http.StatusOK)
	if !bytes.HasPrefix(got.raw, []byte("%PDF-1.4")) {
		t.Fatalf("document %q", got.raw)
	}
	w.do(t, w.council, http.MethodGet, docs+"/"+string(bytes.Repeat([]byte("ab"), 32)), nil).failure(t, http.StatusNotFound, "not_found")
	w.do(t, w.council, http.MethodGet, "/api/v1/courses/khong-co/provider", nil).failure(t, http.StatusNotFound, "not_found")
}

// TestTraineeResultEndsFollowUp: the degree recorded with the results of
// training ends the follow-up: no record is due any more, none is taken,
// and the trainee's view says graduated on the degree's date.
func TestTraineeResultEndsFollowUp(t *testing.T) {
	w := newWorld(t)
	id := postgradTrainee(t, w)
	w.clock.Advance(time.Date(2027, 9, 20, 3, 0, 0, 0, time.UTC).Sub(w.clock.Now()))
	w.yte, w.homeAffairs = w.login(t, "soyte"), w.login(t, "sonoivu")
	var tv handlers.TraineeView
	w.do(t, w.yte, http.MethodGet, "/api/v1/trainees/"+id, nil).want(t, http.StatusOK).into(t, &tv)
	if tv.Overdue == nil {
		t.Fatal("no record for two years and not overdue")
	}
	w.do(t, w.yte, http.MethodPost, "/api/v1/trainings/"+id+"/result",
		map[string]any{"degree_awarded": true, "degree": "thac_si", "degree_date": "2027-09-10", "grade": "gioi"}).want(t, http.StatusOK)
	tv = handlers.TraineeView{} // absent fields keep their value in json.Unmarshal
	w.do(t, w.yte, http.MethodGet, "/api/v1/trainees/"+id, nil).want(t, http.StatusOK).into(t, &tv)
	if tv.Overdue != nil || tv.Status != "concluded" || tv.Result != "graduated" || tv.ResultOn != events.NewDate(2027, 9, 10) {
		t.Fatalf("after the degree: %+v", tv)
	}
	w.refused(t, w.yte, http.MethodPost, "/api/v1/trainees/"+id+"/progress", map[string]any{"period": "2027-2", "results": "x"}, http.StatusConflict, "invalid_transition")
}
