package handlers

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"daotao/domain"
	"daotao/projections"
)

// Pages of completion: the participants and their results (results entry
// per course and per participant), the overdue reports, the survey
// results. The official's own page is in pages_official_self.go.

// Navigation entries of completion (web.go navFor).
var (
	trainingsNav = navItem{Href: "/trainings", Label: "Kết quả học tập"}
	overdueNav   = navItem{Href: "/overdue-reports", Label: "Báo cáo quá hạn"}
	officialNav  = navItem{Href: "/me", Label: "Hồ sơ của tôi"}
)

// formatScore writes a mean rating with one decimal and a decimal comma,
// "—" when there is none.
func formatScore(f float64) string {
	if f == 0 {
		return "—"
	}
	return strings.Replace(fmt.Sprintf("%.1f", f), ".", ",", 1)
}

// trainingRow is one participant in the list.
type trainingRow struct {
	V                        domain.TrainingView
	Name                     string
	Overdue, Owed, Submitted int
}

type trainingsPage struct {
	Rows     []trainingRow
	CourseID string
	Overdue  bool
	// Entry lists, for the course's lead agency once the course has
	// finished, the participants still without a result: the form that
	// records the whole course at once.
	Entry   []trainingRow
	Grades  []string
	Results []bulkResult // pages_queue.go
}

func (s *Server) trainingsPage(c echo.Context) error {
	return s.renderTrainings(c, http.StatusOK, nil)
}

func (s *Server) renderTrainings(c echo.Context, status int, results []bulkResult) error {
	p := domain.Problems{}
	f := projections.TrainingFilter{CourseID: c.QueryParam("course_id"), OverdueOnly: queryBool(c, p, "overdue")}
	if err := p.Err(); err != nil {
		return err
	}
	if err := s.awaitRead(c); err != nil {
		return err
	}
	items, err := s.trainings(c, f)
	if err != nil {
		return err
	}
	data := trainingsPage{CourseID: f.CourseID, Overdue: f.OverdueOnly, Grades: domain.Grades, Results: results}
	a := actorOf(c)
	for _, v := range items {
		row := s.trainingRow(v)
		data.Rows = append(data.Rows, row)
		if f.CourseID != "" && v.Result == nil && v.Ended && domain.Is(a, domain.RoleAgency) && v.LeadAgency == a.Agency && v.Kind == domain.KindRefresher {
			data.Entry = append(data.Entry, row)
		}
	}
	title := "Kết quả học tập của học viên"
	if f.CourseID != "" && len(items) > 0 {
		title = "Kết quả học tập: " + items[0].Title
	}
	return s.render(c, status, "trainings", title, data)
}

// trainingsRecord records, from the course's results form, the result of
// each participant whose row was filled in: each is its own command under
// the same rules as one recorded alone, and the page reports a result per
// row. Rows left without attendance are skipped.
func (s *Server) trainingsRecord(c echo.Context) error {
	course := c.FormValue("course_id")
	if course == "" {
		return domain.Invalid("course_id", "Cần mã khóa học.")
	}
	items, err := s.trainings(c, projections.TrainingFilter{CourseID: course})
	if err != nil {
		return err
	}
	a := actorOf(c)
	var results []bulkResult
	for _, v := range items {
		attended := c.FormValue("attended_" + v.NominationID)
		// Only the course's lead agency records its participants: another
		// agency's rows are not even named.
		if attended == "" || v.Result != nil || v.LeadAgency != a.Agency || !domain.Is(a, domain.RoleAgency) {
			continue
		}
		att := attended == "true"
		req := resultRequest{Attended: &att, Grade: c.FormValue("grade_" + v.NominationID), CertificateNo: c.FormValue("certificate_" + v.NominationID)}
		r := bulkResult{ID: v.NominationID, Title: v.Title, Official: s.traineeName(v.OfficialID), OK: true, Message: "Đã ghi kết quả."}
		if _, err := s.decideResult(c, v.NominationID, 0, req, false); err != nil {
			r.OK, r.Message = false, resultError(err)
		}
		results = append(results, r)
	}
	c.Request().URL.RawQuery = "course_id=" + url.QueryEscape(course)
	return s.renderTrainings(c, http.StatusOK, results)
}

// resultError says in Vietnamese why one row was refused.
func resultError(err error) string {
	var de *domain.Error
	if !errors.As(err, &de) || de.Kind == domain.KindInternal {
		return "Không ghi được; hãy thử lại."
	}
	msg := de.Message
	for _, f := range []string{"attended", "grade", "certificate_no"} {
		if m, ok := de.Fields[f]; ok {
			msg = m
		}
	}
	return msg
}

func (s *Server) trainingRow(v domain.TrainingView) trainingRow {
	r := trainingRow{V: v, Name: s.traineeName(v.OfficialID)}
	for _, o := range v.Reports {
		switch {
		case o.Submitted:
			r.Submitted++
		case o.Overdue:
			r.Overdue++
		default:
			r.Owed++
		}
	}
	return r
}

// traineeName returns the full name of official id (the id when unknown).
func (s *Server) traineeName(id string) string {
	if o, ok := s.cfg.State.Official(id); ok {
		return o.FullName
	}
	return id
}

// trainingPage is one participant's page: the facts, the result and its
// corrections, the form to record or correct it, the reports owed.
type trainingPage struct {
	V         domain.TrainingView
	Name      string
	CanRecord bool
	Values    resultForm
	Errors    map[string]string
	Grades    []string
	Degrees   []string
	Priority  []projections.PriorityMark
}

// resultForm is what the results form holds, as typed.
type resultForm struct {
	Attended      string // "true", "false" or ""
	Grade         string
	CertificateNo string
	DegreeAwarded string
	Degree        string
	DegreeDate    string
	Reason        string
}

func (s *Server) trainingPageData(c echo.Context, id string) (trainingPage, error) {
	p, _, err := s.participationFor(c, id)
	if err != nil {
		return trainingPage{}, err
	}
	cal, err := s.workingDays()
	if err != nil {
		return trainingPage{}, err
	}
	v, _ := s.cfg.State.TrainingView(id, cal, s.today())
	data := trainingPage{V: v, Name: s.traineeName(v.OfficialID), CanRecord: p.MayRecord(actorOf(c)) && p.Approved,
		Grades: domain.Grades, Degrees: domain.Degrees, Errors: map[string]string{}, Priority: s.cfg.State.Priority(v.OfficialID)}
	if r := v.Result; r != nil {
		data.Values = resultForm{Attended: strconv.FormatBool(r.Attended), Grade: r.Grade, CertificateNo: r.CertificateNo,
			DegreeAwarded: strconv.FormatBool(r.DegreeAwarded), Degree: r.Degree}
		if !r.DegreeDate.IsZero() {
			data.Values.DegreeDate = r.DegreeDate.String()
		}
	}
	return data, nil
}

func (s *Server) trainingPage(c echo.Context) error {
	if err := s.awaitRead(c); err != nil {
		return err
	}
	data, err := s.trainingPageData(c, c.Param("id"))
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "training", data.Name+" — "+data.V.Title, data)
}

// trainingResultSubmit records the result from the form, or corrects it
// when one is recorded already.
func (s *Server) trainingResultSubmit(c echo.Context) error {
	id := c.Param("id")
	form := resultForm{Attended: c.FormValue("attended"), Grade: c.FormValue("grade"), CertificateNo: c.FormValue("certificate_no"),
		DegreeAwarded: c.FormValue("degree_awarded"), Degree: c.FormValue("degree"), DegreeDate: isoDate(c.FormValue("degree_date")),
		Reason: c.FormValue("reason")}
	req := resultRequest{Grade: form.Grade, CertificateNo: form.CertificateNo, DegreeAwarded: form.DegreeAwarded == "true",
		Degree: form.Degree, DegreeDate: form.DegreeDate, Reason: form.Reason}
	if form.Attended == "true" || form.Attended == "false" {
		att := form.Attended == "true"
		req.Attended = &att
	}
	_, t, ok := s.cfg.State.Participation(id, s.today())
	correction := ok && t.Outcome() != nil
	if _, err := s.decideResult(c, id, 0, req, correction); err != nil {
		return s.formFailed(c, err, func(status int, fields map[string]string, msg string) error {
			data, derr := s.trainingPageData(c, id)
			if derr != nil {
				return derr
			}
			data.Values, data.Errors = form, fields
			if data.Errors == nil {
				data.Errors = map[string]string{}
			}
			v := s.newView(c, data.Name+" — "+data.V.Title, data)
			v.Error = msg
			return s.renderView(c, status, "training", v)
		})
	}
	notice := "result"
	if correction {
		notice = "corrected"
	}
	return redirectWith(c, "/trainings/"+id, notice)
}

func (s *Server) overdueReportsPage(c echo.Context) error {
	if err := s.awaitRead(c); err != nil {
		return err
	}
	items, err := s.overdueReports(c, c.QueryParam("agency"))
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "overdue_reports", "Báo cáo sau đào tạo, bồi dưỡng quá hạn", items)
}

// surveysPage shows the survey results per course and per lead agency.
type surveysPage struct {
	Questions []domain.SurveyQuestion
	ByCourse  []surveyRow
	ByLead    []projections.SurveySummary
}

type surveyRow struct {
	projections.SurveySummary
	Title string
}

func (s *Server) surveysPage(c echo.Context) error {
	if err := s.awaitRead(c); err != nil {
		return err
	}
	data := surveysPage{Questions: domain.SurveyQuestions, ByLead: s.cfg.State.Surveys(true, "")}
	for _, r := range s.cfg.State.Surveys(false, "") {
		title := r.Key
		if co, ok := s.cfg.State.Course(r.Key); ok {
			title = co.Details().Title
		}
		data.ByCourse = append(data.ByCourse, surveyRow{SurveySummary: r, Title: title})
	}
	return s.render(c, http.StatusOK, "surveys", "Khảo sát chất lượng khóa học", data)
}

// overdueCount is how many overdue reports the queue of the request's
// actor mentions: an agency's own officials', Sở Nội vụ's all; 0 for
// the other roles.
func (s *Server) overdueCount(c echo.Context) int {
	a := actorOf(c)
	if !domain.Is(a, domain.RoleAgency) && !domain.Is(a, domain.RoleHomeAffairs) {
		return 0
	}
	items, err := s.overdueReports(c, "")
	if err != nil {
		return 0
	}
	return len(items)
}
