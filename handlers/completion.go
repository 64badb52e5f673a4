package handlers

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"daotao/domain"
	"daotao/domain/calendar"
	"daotao/events"
	"daotao/projections"
)

// Completion: results per participant, the reports officials owe, the
// course quality survey. A participant's record is the training aggregate
// keyed by the nomination id; see README "Completion".

// completionReaders may read participants' results and the survey tallies.
var completionReaders = []domain.Role{domain.RoleAdmin, domain.RoleAgency, domain.RoleCouncil, domain.RoleAuditor, domain.RoleHomeAffairs}

// resultRecorders record results: a course's lead agency, a nominating
// agency (participants without a course), Sở Nội vụ.
var resultRecorders = []domain.Role{domain.RoleAgency, domain.RoleHomeAffairs}

// overdueWatchers see the overdue reports: agencies (their own officials')
// and Sở Nội vụ (all).
var overdueWatchers = []domain.Role{domain.RoleAgency, domain.RoleHomeAffairs}

type resultRequest struct {
	// Attended is required for a refresher course; postgraduate study
	// records the degree instead.
	Attended      *bool  `json:"attended"`
	Grade         string `json:"grade"`
	CertificateNo string `json:"certificate_no"`
	DegreeAwarded bool   `json:"degree_awarded"`
	Degree        string `json:"degree"`
	DegreeDate    string `json:"degree_date"`
	// Reason is required for a correction.
	Reason string `json:"reason,omitempty"`
}

func (r resultRequest) command(p domain.Problems, postgrad bool) domain.RecordResult {
	cmd := domain.RecordResult{Grade: strings.TrimSpace(r.Grade), CertificateNo: text(r.CertificateNo),
		DegreeAwarded: r.DegreeAwarded, Degree: strings.TrimSpace(r.Degree), DegreeDate: parseDate(p, "degree_date", r.DegreeDate)}
	switch {
	case r.Attended != nil:
		cmd.Attended = *r.Attended
	case postgrad:
		cmd.Attended = true
	default:
		p.Add("attended", "Cần cho biết học viên có tham dự hay không (true/false).")
	}
	return cmd
}

// workingDays returns the holiday calendar the due rules count with.
func (s *Server) workingDays() (domain.WorkingDays, error) {
	return calendar.Default()
}

// seesTraining reports whether actor may see participant p's training: an
// agency its own officials' and its own courses' participants; the other
// reading roles all.
func seesTraining(a events.Actor, p domain.Participation) bool {
	return !domain.Is(a, domain.RoleAgency) || a.Agency == p.AgencyCode || a.Agency == p.LeadAgency
}

// participationFor returns nomination id's participation and record if the
// actor may see it; otherwise, or for a nomination that is not approved
// and has no record, not found.
func (s *Server) participationFor(c echo.Context, id string) (domain.Participation, domain.Training, error) {
	p, t, ok := s.cfg.State.Participation(id, s.today())
	if !ok || !seesTraining(actorOf(c), p) || (!p.Approved && t.Seq() == 0) {
		return domain.Participation{}, domain.Training{}, domain.NotFound("học viên")
	}
	return p, t, nil
}

func (s *Server) getTraining(c echo.Context) error {
	if err := s.awaitRead(c); err != nil {
		return err
	}
	if _, _, err := s.participationFor(c, c.Param("id")); err != nil {
		return err
	}
	cal, err := s.workingDays()
	if err != nil {
		return err
	}
	v, _ := s.cfg.State.TrainingView(c.Param("id"), cal, s.today())
	return c.JSON(http.StatusOK, v)
}

func (s *Server) listTrainings(c echo.Context) error {
	p := domain.Problems{}
	f := projections.TrainingFilter{Agency: c.QueryParam("agency"), Lead: c.QueryParam("lead"), CourseID: c.QueryParam("course_id"),
		OverdueOnly: queryBool(c, p, "overdue")}
	pg := page(c, p)
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
	lo, hi := pageBounds(pg, len(items))
	return writeList(c, items[lo:hi], len(items), pg.Offset, limitOf(pg))
}

// trainings lists the trainings matching f that the actor may see.
func (s *Server) trainings(c echo.Context, f projections.TrainingFilter) ([]domain.TrainingView, error) {
	cal, err := s.workingDays()
	if err != nil {
		return nil, err
	}
	a := actorOf(c)
	all := s.cfg.State.Trainings(f, cal, s.today())
	if !domain.Is(a, domain.RoleAgency) {
		return all, nil
	}
	out := all[:0]
	for _, v := range all {
		if v.AgencyCode == a.Agency || v.LeadAgency == a.Agency {
			out = append(out, v)
		}
	}
	return out, nil
}

// queryBool reads a true/false query parameter (absent: false).
func queryBool(c echo.Context, p domain.Problems, name string) bool {
	switch c.QueryParam(name) {
	case "", "false", "0":
		return false
	case "true", "1":
		return true
	}
	p.Add(name, "Giá trị phải là true hoặc false.")
	return false
}

func (s *Server) recordResult(c echo.Context) error {
	return s.resultCommand(c, false)
}

func (s *Server) correctResult(c echo.Context) error {
	return s.resultCommand(c, true)
}

// resultCommand records (or corrects) the result of the participant in the
// path from the JSON body.
func (s *Server) resultCommand(c echo.Context, correction bool) error {
	var req resultRequest
	if err := bindJSON(c, &req, false); err != nil {
		return err
	}
	want, err := ifMatch(c)
	if err != nil {
		return err
	}
	resp, err := s.decideResult(c, c.Param("id"), want, req, correction)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, resp)
}

// decideResult records or corrects the result of participant id for the
// request's actor: shared by the API and the results page.
func (s *Server) decideResult(c echo.Context, id string, want uint64, req resultRequest, correction bool) (createdResponse, error) {
	return s.decideTraining(c, id, want, func(p domain.Participation, t *domain.Training) (events.Payload, error) {
		prob := domain.Problems{}
		cmd := req.command(prob, p.Postgraduate())
		first := domain.FirstTime(p.TrainingParticipant, s.cfg.State.PastTrainings(p.OfficialID))
		var ev events.Payload
		var err error
		if correction {
			ev, err = t.Correct(actorOf(c), p, cmd, text(req.Reason), first, s.today())
		} else {
			ev, err = t.Record(actorOf(c), p, cmd, first, s.today())
		}
		if err = withProblems(prob, err); err != nil {
			return nil, err
		}
		return ev, nil
	})
}

// trainingDecider decides one command on a participant's record.
type trainingDecider func(p domain.Participation, t *domain.Training) (events.Payload, error)

// decideTraining runs a command on the record of participant id (a
// nomination id), appended with the record's last sequence expected
// (If-Match: want, 0 for any).
func (s *Server) decideTraining(c echo.Context, id string, want uint64, decide trainingDecider) (createdResponse, error) {
	seq, err := s.runDecision(c, func() (decision, error) {
		p, t, ok := s.cfg.State.Participation(id, s.today())
		if !ok || (!domain.Is(actorOf(c), domain.RoleOfficial) && !seesTraining(actorOf(c), p)) {
			return decision{}, domain.NotFound("học viên")
		}
		if err := precondition(want, t.Seq()); err != nil {
			return decision{}, err
		}
		ev, err := decide(p, &t)
		return decision{subject: events.Subject(events.AggregateTraining, id), expected: t.Seq(), payload: ev}, err
	})
	if err != nil {
		return createdResponse{}, err
	}
	return createdResponse{ID: id, Seq: seq}, nil
}

// OverdueReport is one overdue report, as the agency's and Sở Nội vụ's
// lists show it.
type OverdueReport struct {
	NominationID string            `json:"nomination_id"`
	OfficialID   string            `json:"official_id"`
	OfficialName string            `json:"official_name"`
	AgencyCode   string            `json:"agency_code"`
	Title        string            `json:"title"`
	Format       string            `json:"format"`
	EndDate      events.Date       `json:"end_date"`
	Report       domain.Obligation `json:"report"`
}

// overdueReports lists the overdue reports the actor may see: an agency
// its own officials', Sở Nội vụ everyone's (or one agency's).
func (s *Server) overdueReports(c echo.Context, agency string) ([]OverdueReport, error) {
	a := actorOf(c)
	if domain.Is(a, domain.RoleAgency) {
		if agency != "" && agency != a.Agency {
			return nil, domain.Forbidden("Bạn chỉ xem được dữ liệu của cơ quan, đơn vị mình.")
		}
		agency = a.Agency
	}
	cal, err := s.workingDays()
	if err != nil {
		return nil, err
	}
	out := []OverdueReport{}
	for _, v := range s.cfg.State.Trainings(projections.TrainingFilter{Agency: agency, OverdueOnly: true}, cal, s.today()) {
		name := ""
		if o, ok := s.cfg.State.Official(v.OfficialID); ok {
			name = o.FullName
		}
		for _, r := range v.Overdue() {
			out = append(out, OverdueReport{NominationID: v.NominationID, OfficialID: v.OfficialID, OfficialName: name,
				AgencyCode: v.AgencyCode, Title: v.Title, Format: v.Format, EndDate: v.EndDate, Report: r})
		}
	}
	return out, nil
}

func (s *Server) listOverdueReports(c echo.Context) error {
	p := domain.Problems{}
	pg := page(c, p)
	if err := p.Err(); err != nil {
		return err
	}
	if err := s.awaitRead(c); err != nil {
		return err
	}
	items, err := s.overdueReports(c, c.QueryParam("agency"))
	if err != nil {
		return err
	}
	lo, hi := pageBounds(pg, len(items))
	return writeList(c, items[lo:hi], len(items), pg.Offset, limitOf(pg))
}

// SurveyResults is the survey tally per course or per lead agency, with
// the questionnaire.
type SurveyResults struct {
	By        string                      `json:"by"`
	Questions []domain.SurveyQuestion     `json:"questions"`
	Results   []projections.SurveySummary `json:"results"`
}

func (s *Server) surveyResults(c echo.Context) (SurveyResults, error) {
	by := c.QueryParam("by")
	switch by {
	case "":
		by = "course"
	case "course", "lead_agency":
	default:
		return SurveyResults{}, domain.Invalid("by", `Tổng hợp theo "course" (khóa học) hoặc "lead_agency" (đơn vị chủ trì).`)
	}
	if err := s.awaitRead(c); err != nil {
		return SurveyResults{}, err
	}
	return SurveyResults{By: by, Questions: domain.SurveyQuestions,
		Results: s.cfg.State.Surveys(by == "lead_agency", c.QueryParam("key"))}, nil
}

func (s *Server) getSurveyResults(c echo.Context) error {
	r, err := s.surveyResults(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, r)
}

// pageBounds returns the bounds of page pg in a list of total items.
func pageBounds(pg projections.Page, total int) (int, int) {
	lo := min(max(pg.Offset, 0), total)
	return lo, min(lo+limitOf(pg), total)
}

// trainingDocument sends a document attached to one of participant id's
// reports (the degree copy of a postgraduate result report), to those who
// may see the participant; any other hash is unknown.
func (s *Server) trainingDocument(c echo.Context) error {
	if err := s.awaitRead(c); err != nil {
		return err
	}
	_, t, err := s.participationFor(c, c.Param("id"))
	if err != nil {
		return err
	}
	var ref *events.AttachmentRef
	for _, r := range t.Reports() {
		if r.Attachment != nil && r.Attachment.SHA256 == c.Param("sha") {
			ref = r.Attachment
		}
	}
	if ref == nil {
		return domain.NotFound("tài liệu đính kèm")
	}
	return s.sendAttachment(c, *ref)
}
