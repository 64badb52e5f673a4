package handlers_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"daotao/domain"
	"daotao/events"
)

// delegation is a delegation abroad led by so_y_te (content C.1) from
// 07/07/2025 to 18/07/2025, with one participant: an official of UBND Tam
// Kỳ whose nomination went through the whole approval chain. Its report
// deadline is 15 days after the return, Saturday 02/08/2025, so Monday
// 04/08/2025.
type delegation struct {
	*world
	province           string
	course, nomination string
	official           string // the participant, on ubnd_tam_ky's roster
	trainee            string // the participant's own token
	finished           bool
}

// newDelegation builds the world up to a running course; finish ends it.
func newDelegation(t *testing.T) *delegation {
	t.Helper()
	w := newWorld(t)
	d := &delegation{world: w, province: w.user(t, "ubnd", domain.RoleProvince, "")}
	prog := created(t, w.do(t, w.yte, http.MethodPost, "/api/v1/programmes", map[string]any{
		"content_code": "C.1", "title": "Quản lý y tế hiện đại", "year": 2025}))
	w.do(t, w.yte, http.MethodPost, "/api/v1/programmes/"+prog+"/submit", map[string]any{}).want(t, http.StatusOK)
	w.do(t, w.council, http.MethodPost, "/api/v1/programmes/"+prog+"/review", map[string]any{}).want(t, http.StatusOK)
	w.do(t, d.province, http.MethodPost, "/api/v1/programmes/"+prog+"/approve", map[string]any{"decision_ref": "123/QĐ-UBND"}).want(t, http.StatusOK)
	d.course = created(t, w.do(t, w.yte, http.MethodPost, "/api/v1/courses", map[string]any{
		"programme_id": prog, "format": "delegation_abroad", "title": "Đoàn nghiên cứu quản lý bệnh viện tại Nhật Bản",
		"start_date": "2025-07-07", "end_date": "2025-07-18", "capacity": 10, "country": "Nhật Bản",
		"partner": "Đại học Tokyo", "cost_per_person_vnd": 120_000_000}))
	w.do(t, w.yte, http.MethodPost, "/api/v1/courses/"+d.course+"/open", map[string]any{}).want(t, http.StatusOK)
	d.official = w.tamkyOfficial
	d.nomination = created(t, w.do(t, w.tamky, http.MethodPost, "/api/v1/nominations", map[string]any{
		"official_id": d.official, "kind": "boi_duong", "course_id": d.course}))
	w.do(t, w.tamky, http.MethodPost, nomPath(d.nomination, "submit"), nil).want(t, http.StatusOK)
	for i := 0; i < 4 && w.view(t, w.council, d.nomination).Status != domain.StatusApproved; i++ {
		w.do(t, w.stageToken(t, d.nomination), http.MethodPost, nomPath(d.nomination, "approve"), map[string]string{}).want(t, http.StatusOK)
	}
	if st := w.view(t, w.council, d.nomination).Status; st != domain.StatusApproved {
		t.Fatalf("nomination %s after the chain, want approved", st)
	}
	for _, step := range []string{"close", "start"} {
		w.do(t, w.yte, http.MethodPost, "/api/v1/courses/"+d.course+"/"+step, map[string]any{}).want(t, http.StatusOK)
	}
	w.do(t, w.admin, http.MethodPost, "/api/v1/users", map[string]any{
		"username": "hv-lan", "password": password, "role": "official", "official_id": d.official}).want(t, http.StatusCreated)
	d.trainee = w.login(t, "hv-lan")
	return d
}

func (d *delegation) finish(t *testing.T) {
	t.Helper()
	d.do(t, d.yte, http.MethodPost, "/api/v1/courses/"+d.course+"/finish", map[string]any{}).want(t, http.StatusOK)
}

// on moves the clock to 08:00 in Hà Nội on day, and logs everyone in
// again (sessions last 12 hours).
func (d *delegation) on(t *testing.T, day string) {
	t.Helper()
	target, err := time.ParseInLocation("2006-01-02 15:04", day+" 08:00", domain.Zone)
	if err != nil {
		t.Fatal(err)
	}
	d.clock.Advance(target.Sub(d.clock.Now()))
	d.admin, d.council, d.yte, d.tamky = d.login(t, "quantri"), d.login(t, "hoidong"), d.login(t, "soyte"), d.login(t, "tamky")
	d.homeAffairs, d.standing, d.trainee = d.login(t, "sonoivu"), d.login(t, "thuongtruc"), d.login(t, "hv-lan")
}

func (d *delegation) training(t *testing.T, token string) domain.TrainingView {
	t.Helper()
	var v domain.TrainingView
	d.do(t, token, http.MethodGet, "/api/v1/trainings/"+d.nomination, nil).want(t, http.StatusOK).into(t, &v)
	return v
}

func (d *delegation) self(t *testing.T) struct {
	Official    domain.OfficialView     `json:"official"`
	Priority    []map[string]any        `json:"priority_higher_level"`
	Nominations []domain.NominationView `json:"nominations"`
	Trainings   []domain.TrainingView   `json:"trainings"`
} {
	t.Helper()
	var v struct {
		Official    domain.OfficialView     `json:"official"`
		Priority    []map[string]any        `json:"priority_higher_level"`
		Nominations []domain.NominationView `json:"nominations"`
		Trainings   []domain.TrainingView   `json:"trainings"`
	}
	d.do(t, d.trainee, http.MethodGet, "/api/v1/me/record", nil).want(t, http.StatusOK).into(t, &v)
	return v
}

var giỏi = map[string]any{"attended": true, "grade": "gioi", "certificate_no": "CC-2025/07"}

func TestCompletionOfADelegationAbroad(t *testing.T) {
	d := newDelegation(t)
	resultPath := "/api/v1/trainings/" + d.nomination + "/result"
	d.refused(t, d.yte, http.MethodPost, resultPath, giỏi, http.StatusConflict, "invalid_transition")
	d.finish(t)

	// The lead agency records the result; the first-time trainee's giỏi
	// marks priority for a higher level.
	d.do(t, d.yte, http.MethodPost, resultPath, giỏi).want(t, http.StatusOK)
	v := d.training(t, d.yte)
	if v.Result == nil || v.Result.Grade != "gioi" || !v.Result.PriorityHigherLevel || v.LeadAgency != "so_y_te" || v.Format != "delegation_abroad" {
		t.Fatalf("training after the result: %+v", v)
	}
	if len(v.Reports) != 0 {
		t.Errorf("reports owed before the return: %+v", v.Reports)
	}
	var off struct {
		Priority []map[string]any `json:"priority_higher_level"`
	}
	d.do(t, d.tamky, http.MethodGet, "/api/v1/officials/"+d.official, nil).want(t, http.StatusOK).into(t, &off)
	if len(off.Priority) != 1 {
		t.Errorf("official record: priority %v, want one mark", off.Priority)
	}
	prio := d.do(t, d.tamky, http.MethodGet, "/api/v1/officials?priority=true", nil).want(t, http.StatusOK).list(t)
	if len(prio) != 1 || prio[0]["id"] != d.official {
		t.Errorf("officials?priority=true = %v, want only %s", prio, d.official)
	}

	// After the return, the official owes two reports by 04/08/2025.
	d.on(t, "2025-07-21")
	self := d.self(t)
	if len(self.Trainings) != 1 || len(self.Trainings[0].Reports) != 2 {
		t.Fatalf("own record: %+v", self.Trainings)
	}
	for _, r := range self.Trainings[0].Reports {
		if r.Due != events.NewDate(2025, 8, 4) || r.Rule != domain.RuleAbroad15Days || r.Overdue {
			t.Errorf("report %s: due %s by %s, overdue %v; want 2025-08-04 by %s", r.Report, r.Due, r.Rule, r.Overdue, domain.RuleAbroad15Days)
		}
	}
	if len(self.Priority) != 1 || len(self.Nominations) != 1 {
		t.Errorf("own record: priority %v, nominations %d", self.Priority, len(self.Nominations))
	}
	reports := "/api/v1/me/trainings/" + d.nomination + "/reports"
	d.do(t, d.trainee, http.MethodPost, reports, map[string]any{"report": "ket_qua", "summary": "Hoàn thành chương trình, xếp loại giỏi."}).want(t, http.StatusCreated)
	d.refused(t, d.trainee, http.MethodPost, reports, map[string]any{"report": "ket_qua", "summary": "Lần nữa."}, http.StatusConflict, "invalid_transition")

	// The takeaway report is late: it shows in the agency's and Sở Nội vụ's lists.
	d.on(t, "2025-08-06")
	for _, tc := range []struct {
		token string
		want  int
	}{{d.tamky, 1}, {d.homeAffairs, 1}, {d.yte, 0}} {
		got := d.do(t, tc.token, http.MethodGet, "/api/v1/overdue-reports", nil).want(t, http.StatusOK).list(t)
		if len(got) != tc.want {
			t.Errorf("overdue reports: %d, want %d (%v)", len(got), tc.want, got)
		}
	}
	d.do(t, d.trainee, http.MethodPost, reports, map[string]any{"report": "thu_hoach", "summary": "Bài học về quản trị bệnh viện."}).want(t, http.StatusCreated)
	if got := d.do(t, d.homeAffairs, http.MethodGet, "/api/v1/overdue-reports", nil).want(t, http.StatusOK).list(t); len(got) != 0 {
		t.Errorf("overdue after submission: %v", got)
	}
	for _, r := range d.training(t, d.tamky).Reports {
		if want := map[string]int{"ket_qua": 0, "thu_hoach": 2}[r.Report]; !r.Submitted || r.DaysLate != want {
			t.Errorf("report %s: submitted %v, %d days late; want %d", r.Report, r.Submitted, r.DaysLate, want)
		}
	}

	// The nominating agency heard of the result and of both reports.
	var notes []struct {
		Kind, Text, Link string
	}
	d.do(t, d.tamky, http.MethodGet, "/api/v1/inbox", nil).want(t, http.StatusOK).into(t, &notes)
	kinds := map[string]int{}
	for _, n := range notes {
		kinds[n.Kind]++
		if n.Kind == events.TypeTrainingResultRecorded && (!strings.Contains(n.Text, "xếp loại Giỏi, được ưu tiên") || n.Link != "/trainings/"+d.nomination) {
			t.Errorf("result notification %+v", n)
		}
	}
	if kinds[events.TypeTrainingResultRecorded] != 1 || kinds[events.TypeTrainingReportSubmitted] != 2 {
		t.Errorf("notifications by kind %v, want one result and two reports", kinds)
	}

	// The survey, once; aggregated per course and per lead agency.
	survey := "/api/v1/me/trainings/" + d.nomination + "/survey"
	ratings := map[string]int{"noi_dung": 5, "giang_vien": 4, "tai_lieu": 4, "to_chuc": 5, "ung_dung": 3}
	d.do(t, d.trainee, http.MethodPost, survey, map[string]any{"ratings": ratings, "comment": "Bổ ích"}).want(t, http.StatusCreated)
	d.refused(t, d.trainee, http.MethodPost, survey, map[string]any{"ratings": ratings}, http.StatusConflict, "invalid_transition")
	for _, by := range []string{"course", "lead_agency"} {
		var res struct {
			Results []struct {
				Key      string             `json:"key"`
				Answers  int                `json:"answers"`
				Averages map[string]float64 `json:"averages"`
				Overall  float64            `json:"overall"`
			} `json:"results"`
		}
		d.do(t, d.council, http.MethodGet, "/api/v1/surveys?by="+by, nil).want(t, http.StatusOK).into(t, &res)
		want := map[string]string{"course": d.course, "lead_agency": "so_y_te"}[by]
		if len(res.Results) != 1 || res.Results[0].Key != want || res.Results[0].Answers != 1 || res.Results[0].Averages["ung_dung"] != 3 || res.Results[0].Overall != 4.2 {
			t.Errorf("surveys by %s: %+v", by, res.Results)
		}
	}

	// A correction is a new event naming the one it corrects.
	d.do(t, d.yte, http.MethodPost, "/api/v1/trainings/"+d.nomination+"/correction",
		map[string]any{"attended": true, "grade": "kha", "reason": "Nhập nhầm xếp loại."}).want(t, http.StatusOK)
	v = d.training(t, d.homeAffairs)
	if v.Result.Grade != "kha" || v.Result.PriorityHigherLevel || len(v.Corrections) != 1 || v.Corrections[0].Reason != "Nhập nhầm xếp loại." {
		t.Errorf("after the correction: %+v", v)
	}
	if got := d.do(t, d.tamky, http.MethodGet, "/api/v1/officials?priority=true", nil).want(t, http.StatusOK).list(t); len(got) != 0 {
		t.Errorf("priority after the correction: %v", got)
	}
}

func TestCompletionRefusals(t *testing.T) {
	d := newDelegation(t)
	d.finish(t)
	result := "/api/v1/trainings/" + d.nomination + "/result"
	t.Run("the nominating agency is not the course's lead", func(t *testing.T) {
		d.refused(t, d.tamky, http.MethodPost, result, giỏi, http.StatusNotFound, "not_found")
	})
	t.Run("the council may not record", func(t *testing.T) {
		d.refused(t, d.council, http.MethodPost, result, giỏi, http.StatusForbidden, "")
	})
	t.Run("the trainee may not record", func(t *testing.T) {
		d.refused(t, d.trainee, http.MethodPost, result, giỏi, http.StatusForbidden, "")
	})
	t.Run("bad input names its fields", func(t *testing.T) {
		e := d.refused(t, d.yte, http.MethodPost, result, map[string]any{"grade": "tot", "degree_date": "31/02/2025"}, http.StatusBadRequest, "invalid")
		e.naming(t, "attended", "grade", "degree_date")
		d.refused(t, d.yte, http.MethodPost, result, `{"attended":"yes"}`, http.StatusBadRequest, "")
		d.refused(t, d.yte, http.MethodPost, result, `{`, http.StatusBadRequest, "malformed_json")
	})
	t.Run("unknown participant", func(t *testing.T) {
		d.refused(t, d.yte, http.MethodPost, "/api/v1/trainings/khong-co/result", giỏi, http.StatusNotFound, "not_found")
		d.do(t, d.tamky, http.MethodGet, "/api/v1/trainings/khong-co", nil).failure(t, http.StatusNotFound, "not_found")
	})
	t.Run("another agency sees no such participant", func(t *testing.T) {
		other := d.user(t, "soxd", domain.RoleAgency, "so_xay_dung")
		d.do(t, other, http.MethodGet, "/api/v1/trainings/"+d.nomination, nil).failure(t, http.StatusNotFound, "not_found")
		if got := d.do(t, other, http.MethodGet, "/api/v1/trainings", nil).want(t, http.StatusOK).list(t); len(got) != 0 {
			t.Errorf("another agency lists %v", got)
		}
		d.refused(t, other, http.MethodPost, result, giỏi, http.StatusNotFound, "not_found")
	})
	t.Run("If-Match", func(t *testing.T) {
		d.refused(t, d.yte, http.MethodPost, result, giỏi, http.StatusConflict, "precondition_failed", "If-Match", "7")
	})
	t.Run("correction without reason", func(t *testing.T) {
		d.do(t, d.yte, http.MethodPost, result, giỏi).want(t, http.StatusOK)
		e := d.refused(t, d.yte, http.MethodPost, "/api/v1/trainings/"+d.nomination+"/correction", map[string]any{"attended": true, "grade": "kha"}, http.StatusBadRequest, "invalid")
		e.naming(t, "reason")
	})
	t.Run("overdue reports: agencies and Sở Nội vụ only", func(t *testing.T) {
		d.do(t, d.council, http.MethodGet, "/api/v1/overdue-reports", nil).failure(t, http.StatusForbidden, "")
		d.do(t, d.tamky, http.MethodGet, "/api/v1/overdue-reports?agency=so_y_te", nil).failure(t, http.StatusForbidden, "")
	})
	t.Run("survey by=", func(t *testing.T) {
		e := d.do(t, d.council, http.MethodGet, "/api/v1/surveys?by=nam", nil).failure(t, http.StatusBadRequest, "invalid")
		e.naming(t, "by")
	})
}

func TestOfficialSeesOnlyTheirOwn(t *testing.T) {
	d := newDelegation(t)
	d.finish(t)
	d.on(t, "2025-07-21")
	reports := "/api/v1/me/trainings/" + d.nomination + "/reports"
	t.Run("other routes refuse the role", func(t *testing.T) {
		for _, path := range []string{"/api/v1/officials", "/api/v1/officials/" + d.official, "/api/v1/nominations",
			"/api/v1/nominations/" + d.nomination, "/api/v1/trainings/" + d.nomination, "/api/v1/courses", "/api/v1/queue"} {
			d.do(t, d.trainee, http.MethodGet, path, nil).failure(t, http.StatusForbidden, "")
		}
		if got := d.do(t, d.trainee, http.MethodGet, "/api/v1/me", nil).want(t, http.StatusOK).object(t); got["official_id"] != d.official {
			t.Errorf("/me = %v", got)
		}
	})
	t.Run("someone else's nomination is unknown", func(t *testing.T) {
		other := d.nominationIn(t, domain.StatusApproved) // so_y_te's
		d.refused(t, d.trainee, http.MethodPost, "/api/v1/me/trainings/"+other+"/reports",
			map[string]any{"report": "ket_qua", "summary": "x"}, http.StatusNotFound, "not_found")
		d.refused(t, d.trainee, http.MethodPost, "/api/v1/me/trainings/khong-co/survey",
			map[string]any{"ratings": map[string]int{}}, http.StatusNotFound, "not_found")
	})
	t.Run("another official's account", func(t *testing.T) {
		d.do(t, d.admin, http.MethodPost, "/api/v1/users", map[string]any{
			"username": "hv-khac", "password": password, "role": "official", "official_id": d.yteOfficial}).want(t, http.StatusCreated)
		other := d.login(t, "hv-khac")
		d.refused(t, other, http.MethodPost, reports, map[string]any{"report": "ket_qua", "summary": "x"}, http.StatusNotFound, "not_found")
		var self struct {
			Trainings []domain.TrainingView `json:"trainings"`
		}
		d.do(t, other, http.MethodGet, "/api/v1/me/record", nil).want(t, http.StatusOK).into(t, &self)
		if len(self.Trainings) != 0 {
			t.Errorf("another official sees %+v", self.Trainings)
		}
	})
	t.Run("bad report input", func(t *testing.T) {
		e := d.refused(t, d.trainee, http.MethodPost, reports, map[string]any{"report": "khac", "summary": " "}, http.StatusBadRequest, "invalid")
		e.naming(t, "report", "summary")
		e = d.refused(t, d.trainee, http.MethodPost, reports, map[string]any{"report": "ket_qua", "summary": "x",
			"attachment": map[string]any{"sha256": "abc", "name": ""}}, http.StatusBadRequest, "invalid")
		e.naming(t, "attachment.sha256", "attachment.name")
		e = d.refused(t, d.trainee, http.MethodPost, "/api/v1/me/trainings/"+d.nomination+"/survey",
			map[string]any{"ratings": map[string]int{"noi_dung": 9}}, http.StatusBadRequest, "invalid")
		if e.Fields["ratings.noi_dung"] == "" || e.Fields["ratings.ung_dung"] == "" {
			t.Errorf("survey fields = %v", e.Fields)
		}
	})
	t.Run("a report with its document, stored by hash", func(t *testing.T) {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		mw.WriteField("report", "thu_hoach")
		mw.WriteField("summary", "Bài thu hoạch kèm tệp.")
		fw, _ := mw.CreateFormFile("file", "thu-hoach.pdf")
		pdf := []byte("%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n")
		fw.Write(pdf)
		mw.Close()
		d.do(t, d.trainee, http.MethodPost, reports, body.Bytes(), "Content-Type", mw.FormDataContentType()).want(t, http.StatusCreated)
		for _, r := range d.training(t, d.tamky).Reports {
			if r.Report == "thu_hoach" && !r.Submitted {
				t.Errorf("takeaway report not submitted: %+v", r)
			}
		}
		sum := sha256.Sum256(pdf)
		doc := "/api/v1/trainings/" + d.nomination + "/documents/" + hex.EncodeToString(sum[:])
		if got := d.do(t, d.tamky, http.MethodGet, doc, nil).want(t, http.StatusOK); !bytes.Equal(got.raw, pdf) {
			t.Errorf("document = %q", got.raw)
		}
		other := d.user(t, "soxd", domain.RoleAgency, "so_xay_dung")
		d.do(t, other, http.MethodGet, doc, nil).failure(t, http.StatusNotFound, "not_found")
		d.do(t, d.tamky, http.MethodGet, "/api/v1/trainings/"+d.nomination+"/documents/"+strings.Repeat("0", 64), nil).failure(t, http.StatusNotFound, "not_found")
	})
}

func TestOfficialAccounts(t *testing.T) {
	w := newWorld(t)
	tests := []struct {
		name   string
		body   map[string]any
		status int
		fields []string
	}{
		{"unknown official", map[string]any{"username": "hv-a", "password": password, "role": "official", "official_id": "khong-co"}, http.StatusBadRequest, []string{"official_id"}},
		{"no official_id", map[string]any{"username": "hv-b", "password": password, "role": "official"}, http.StatusBadRequest, []string{"official_id"}},
		{"official with agency_code", map[string]any{"username": "hv-c", "password": password, "role": "official", "official_id": w.yteOfficial, "agency_code": "so_y_te"}, http.StatusBadRequest, []string{"agency_code"}},
		{"official_id on an agency account", map[string]any{"username": "hv-d", "password": password, "role": "agency", "agency_code": "so_y_te", "official_id": w.yteOfficial}, http.StatusBadRequest, []string{"official_id"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w.refused(t, w.admin, http.MethodPost, "/api/v1/users", tt.body, tt.status, "").naming(t, tt.fields...)
		})
	}
	t.Run("one account per official", func(t *testing.T) {
		body := map[string]any{"username": "hv-e", "password": password, "role": "official", "official_id": w.yteOfficial}
		w.do(t, w.admin, http.MethodPost, "/api/v1/users", body).want(t, http.StatusCreated)
		w.refused(t, w.admin, http.MethodPost, "/api/v1/users", with(body, "username", "hv-f"), http.StatusConflict, "official_linked")
	})
	t.Run("an agency may not create one", func(t *testing.T) {
		w.refused(t, w.yte, http.MethodPost, "/api/v1/users", map[string]any{"username": "hv-g", "password": password, "role": "official", "official_id": w.yteOfficial}, http.StatusForbidden, "")
	})
}

// trainingAt is the path of the matrix world's approved nomination.
func trainingAt(prefix, suffix string) func(*mxWorld, mxCaller) string {
	return func(w *mxWorld, _ mxCaller) string { return prefix + w.trainingID + suffix }
}

// mxStart is a page caller c may open, to read a CSRF token from.
func mxStart(c mxCaller) string {
	if c.role == "official" {
		return "/me"
	}
	return "/officials"
}

// TestResultIdempotencyAndMinSeq: a repeated Idempotency-Key answers the
// first outcome and appends nothing; a read with min_seq sees the result.
func TestResultIdempotencyAndMinSeq(t *testing.T) {
	d := newDelegation(t)
	d.finish(t)
	path := "/api/v1/trainings/" + d.nomination + "/result"
	first := d.do(t, d.yte, http.MethodPost, path, giỏi, "Idempotency-Key", "kq-1").want(t, http.StatusOK).object(t)
	before := d.lastSeq(t)
	again := d.do(t, d.yte, http.MethodPost, path, giỏi, "Idempotency-Key", "kq-1").want(t, http.StatusOK).object(t)
	if again["seq"] != first["seq"] || d.lastSeq(t) != before {
		t.Errorf("repeat: %v after %v, log %d → %d", again, first, before, d.lastSeq(t))
	}
	d.refused(t, d.yte, http.MethodPost, path, map[string]any{"attended": true, "grade": "kha"}, http.StatusConflict, "idempotency_key_reused", "Idempotency-Key", "kq-1")
	seq := uint64(first["seq"].(float64))
	var v domain.TrainingView
	d.do(t, d.tamky, http.MethodGet, "/api/v1/trainings/"+d.nomination+"?min_seq="+strconv.FormatUint(seq, 10), nil).want(t, http.StatusOK).into(t, &v)
	if v.Seq != seq || v.Result == nil {
		t.Errorf("read at min_seq %d: %+v", seq, v)
	}
	// If-Match with the record's sequence is accepted for a correction.
	d.do(t, d.yte, http.MethodPost, "/api/v1/trainings/"+d.nomination+"/correction",
		map[string]any{"attended": true, "grade": "kha", "reason": "Sửa."}, "If-Match", strconv.FormatUint(seq, 10)).want(t, http.StatusOK)
}

// TestResultRecordedOnce: twenty concurrent first results for one
// participant: one lands, the others are refused (409), and the log holds
// one result event on the participant's subject.
func TestResultRecordedOnce(t *testing.T) {
	d := newDelegation(t)
	d.finish(t)
	path := "/api/v1/trainings/" + d.nomination + "/result"
	grades := []string{"xuat_sac", "gioi", "kha", "trung_binh"}
	var wg sync.WaitGroup
	statuses := make([]int, 20)
	for i := range statuses {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses[i] = d.do(t, d.yte, http.MethodPost, path, map[string]any{"attended": true, "grade": grades[i%len(grades)]}).status
		}()
	}
	wg.Wait()
	ok := 0
	for _, st := range statuses {
		switch st {
		case http.StatusOK:
			ok++
		case http.StatusConflict:
		default:
			t.Errorf("status %d, want 200 or 409", st)
		}
	}
	if ok != 1 {
		t.Errorf("%d results accepted, want 1 (%v)", ok, statuses)
	}
	n := 0
	err := d.store.Read(t.Context(), 1, 0, func(r events.Recorded) error {
		if r.Subject == events.Subject(events.AggregateTraining, d.nomination) && r.Type == events.TypeTrainingResultRecorded {
			n++
		}
		return nil
	})
	if err != nil || n != 1 {
		t.Errorf("%d result events (err %v), want 1", n, err)
	}
}

// TestPostgraduateCompletionAndDegreeCopy: the nominating agency records a
// master's degree awarded on 20/07/2028; the official owes the result
// report with the degree copy by 21/08/2028 (30 days, 19/08 being a
// Saturday) and the performance report by 20/07/2029; the result report
// without the copy is refused, with it accepted.
func TestPostgraduateCompletionAndDegreeCopy(t *testing.T) {
	w := newMoneyWorld(t)
	w.advanceTo(t, 2028, time.July, 25)
	result := "/api/v1/trainings/" + w.master + "/result"
	degree := map[string]any{"degree_awarded": true, "degree": "thac_si", "degree_date": "2028-07-20", "grade": "gioi"}
	w.refused(t, w.yte, http.MethodPost, result, degree, http.StatusNotFound, "not_found")
	w.do(t, w.sttt, http.MethodPost, result, degree).want(t, http.StatusOK)
	var v domain.TrainingView
	w.do(t, w.sttt, http.MethodGet, "/api/v1/trainings/"+w.master, nil).want(t, http.StatusOK).into(t, &v)
	if v.Result == nil || !v.Result.DegreeAwarded || v.Result.DurationMonths != 24 || v.Format != "postgraduate" {
		t.Fatalf("training = %+v", v)
	}
	due := map[string]events.Date{"ket_qua": events.NewDate(2028, 8, 21), "sau_dao_tao": events.NewDate(2029, 7, 20)}
	for _, r := range v.Reports {
		if r.Due != due[r.Report] || r.NeedsAttachment != (r.Report == "ket_qua") {
			t.Errorf("report %s due %s (needs a document: %v), want %s", r.Report, r.Due, r.NeedsAttachment, due[r.Report])
		}
	}
	if len(v.Reports) != 2 {
		t.Errorf("reports = %+v", v.Reports)
	}
	w.do(t, w.admin, http.MethodPost, "/api/v1/users", map[string]any{"username": "hv-master", "password": password,
		"role": "official", "official_id": w.officer}).want(t, http.StatusCreated)
	trainee := w.login(t, "hv-master")
	reports := "/api/v1/me/trainings/" + w.master + "/reports"
	w.refused(t, trainee, http.MethodPost, reports, map[string]any{"report": "ket_qua", "summary": "Tốt nghiệp loại giỏi."}, http.StatusBadRequest, "invalid").naming(t, "attachment")
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("report", "ket_qua")
	mw.WriteField("summary", "Tốt nghiệp loại giỏi; bản sao bằng kèm theo.")
	fw, _ := mw.CreateFormFile("file", "bang-thac-si.pdf")
	fw.Write([]byte("%PDF-1.4\n% bằng thạc sĩ\ntrailer\n<<>>\n%%EOF\n"))
	mw.Close()
	w.do(t, trainee, http.MethodPost, reports, body.Bytes(), "Content-Type", mw.FormDataContentType()).want(t, http.StatusCreated)
	w.do(t, w.sttt, http.MethodGet, "/api/v1/trainings/"+w.master, nil).want(t, http.StatusOK).into(t, &v)
	for _, r := range v.Reports {
		if r.Report == "ket_qua" && (!r.Submitted || r.Attachment == nil || r.Attachment.Name != "bang-thac-si.pdf") {
			t.Errorf("result report: %+v", r)
		}
	}
}
