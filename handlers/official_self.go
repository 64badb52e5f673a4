package handlers

import (
	"encoding/hex"
	"errors"
	"mime"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"daotao/domain"
	"daotao/events"
	"daotao/projections"
)

// The trainee's own routes (role official): their record, their
// nominations and trainings with the reports they owe, and the commands to
// submit their reports and survey. An official account is linked to one
// official; every other official's record is unknown to it (404), and
// every other route refuses the role (403).

// trainees is the role of the trainee's own routes.
var trainees = []domain.Role{domain.RoleOfficial}

// sessionHolders are every role that can hold a session, for the routes
// that only need one (who am I, log out, the start page).
var sessionHolders = append(append([]domain.Role(nil), everyone...), domain.RoleOfficial)

// OfficialSelf is what an official sees of themselves.
type OfficialSelf struct {
	Official    domain.OfficialView        `json:"official"`
	Priority    []projections.PriorityMark `json:"priority_higher_level"`
	Nominations []domain.NominationView    `json:"nominations"`
	Trainings   []domain.TrainingView      `json:"trainings"`
	Questions   []domain.SurveyQuestion    `json:"survey_questions"`
}

// officialOf returns the official the request's account is linked to, or
// not found.
func (s *Server) officialOf(c echo.Context) (domain.Official, error) {
	u, ok := s.cfg.State.User(actorOf(c).UserID)
	if !ok || u.OfficialID == "" {
		return domain.Official{}, domain.NotFound("hồ sơ cán bộ của tài khoản này")
	}
	o, ok := s.cfg.State.Official(u.OfficialID)
	if !ok {
		return domain.Official{}, domain.NotFound("hồ sơ cán bộ của tài khoản này")
	}
	return o, nil
}

// officialSelf gathers the official's own record.
func (s *Server) officialSelf(c echo.Context) (OfficialSelf, error) {
	o, err := s.officialOf(c)
	if err != nil {
		return OfficialSelf{}, err
	}
	cal, err := s.workingDays()
	if err != nil {
		return OfficialSelf{}, err
	}
	noms, _ := s.cfg.State.Nominations(projections.NominationFilter{OfficialID: o.OfficialID}, projections.Page{Limit: projections.MaxLimit})
	if noms == nil {
		noms = []domain.NominationView{}
	}
	pri := s.cfg.State.Priority(o.OfficialID)
	if pri == nil {
		pri = []projections.PriorityMark{}
	}
	return OfficialSelf{Official: o.View(), Priority: pri, Nominations: noms,
		Trainings: s.cfg.State.OfficialTrainings(o.OfficialID, cal, s.today()), Questions: domain.SurveyQuestions}, nil
}

func (s *Server) getOfficialSelf(c echo.Context) error {
	if err := s.awaitRead(c); err != nil {
		return err
	}
	v, err := s.officialSelf(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, v)
}

type reportRequest struct {
	Report     string             `json:"report"`
	Summary    string             `json:"summary"`
	Attachment *attachmentRequest `json:"attachment,omitempty"`
}

// attachmentRequest names a document by the SHA-256 of its content.
type attachmentRequest struct {
	SHA256      string `json:"sha256"`
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
}

// ref checks the attachment and returns it as recorded, nil when absent.
func (r *attachmentRequest) ref(p domain.Problems) *events.AttachmentRef {
	if r == nil {
		return nil
	}
	sum := strings.ToLower(strings.TrimSpace(r.SHA256))
	if b, err := hex.DecodeString(sum); err != nil || len(b) != 32 {
		p.Add("attachment.sha256", "Cần mã SHA-256 của tệp (64 ký tự hex).")
	}
	name := text(r.Name)
	if name == "" || utf8.RuneCountInString(name) > 200 {
		p.Add("attachment.name", "Cần tên tệp (tối đa 200 ký tự).")
	}
	if r.Size < 0 || r.Size > maxNominationAttachment {
		p.Add("attachment.size", "Kích thước tệp không hợp lệ (tối đa 10 MB).")
	}
	if utf8.RuneCountInString(r.ContentType) > 100 {
		p.Add("attachment.content_type", "Kiểu tệp tối đa 100 ký tự.")
	}
	return &events.AttachmentRef{SHA256: sum, Name: name, ContentType: strings.TrimSpace(r.ContentType), Size: r.Size}
}

func (s *Server) submitOwnReport(c echo.Context) error {
	req, data, err := readReportRequest(c)
	if err != nil {
		return err
	}
	resp, err := s.decideOwnReport(c, c.Param("id"), req, data)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, resp)
}

// isReportUpload reports whether path takes a report with its document,
// whose body may be larger than maxBody (uploads.go's bodyLimit).
func isReportUpload(p string) bool {
	return (strings.HasPrefix(p, "/api/v1/me/trainings/") && strings.HasSuffix(p, "/reports")) ||
		(strings.HasPrefix(p, "/me/trainings/") && strings.HasSuffix(p, "/report"))
}

// readReportRequest reads a report: JSON, or a form (multipart, or
// urlencoded without a document) with the fields report and summary and,
// optionally, the document in field file
// (stored by its SHA-256 in the attachments store). It returns the
// document's bytes when one was uploaded.
func readReportRequest(c echo.Context) (reportRequest, []byte, error) {
	mt, _, _ := mime.ParseMediaType(c.Request().Header.Get(echo.HeaderContentType))
	if mt != echo.MIMEMultipartForm && mt != echo.MIMEApplicationForm {
		var req reportRequest
		return req, nil, bindJSON(c, &req, false)
	}
	req := reportRequest{Report: c.FormValue("report"), Summary: c.FormValue("summary")}
	if _, err := c.FormFile("file"); mt == echo.MIMEApplicationForm || errors.Is(err, http.ErrMissingFile) {
		return req, nil, nil
	}
	ref, data, err := readAttachment(c) // attachments.go
	if err != nil {
		return req, nil, err
	}
	req.Attachment = &attachmentRequest{SHA256: ref.SHA256, Name: ref.Name, ContentType: ref.ContentType, Size: ref.Size}
	return req, data, nil
}

// decideOwnReport submits the official's report on training id: shared by
// the API and the official's page. data, when not nil, is the uploaded
// document, stored once the report is known to be accepted, before its
// event, so that an event never names a hash the store lacks. A report
// sent as JSON may name a document already in the store.
func (s *Server) decideOwnReport(c echo.Context, id string, req reportRequest, data []byte) (createdResponse, error) {
	o, err := s.officialOf(c)
	if err != nil {
		return createdResponse{}, err
	}
	cal, err := s.workingDays()
	if err != nil {
		return createdResponse{}, err
	}
	prob := domain.Problems{}
	cmd := domain.SubmitReport{Report: strings.TrimSpace(req.Report), Summary: text(req.Summary), Attachment: req.Attachment.ref(prob)}
	decide := func(p domain.Participation, t *domain.Training) (events.Payload, error) {
		ev, err := t.SubmitReport(actorOf(c), o.OfficialID, p, cmd, cal, s.today())
		if err = withProblems(prob, err); err != nil {
			return nil, err
		}
		return ev, nil
	}
	// Decide once before storing, so that a refused report stores nothing.
	p, t, ok := s.cfg.State.Participation(id, s.today())
	if !ok {
		return createdResponse{}, domain.NotFound("khóa học của bạn")
	}
	if _, err := decide(p, &t); err != nil {
		return createdResponse{}, err
	}
	if err := s.keepDocument(c, cmd.Attachment, data); err != nil {
		return createdResponse{}, err
	}
	return s.decideTraining(c, id, 0, decide)
}

// keepDocument stores an uploaded document, or checks that a document
// named by hash alone is in the store.
func (s *Server) keepDocument(c echo.Context, ref *events.AttachmentRef, data []byte) error {
	if ref == nil {
		return nil
	}
	store, err := s.attachmentStore() // attachments.go
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	if data != nil {
		if err := store.PutAttachment(ctx, ref.SHA256, ref.ContentType, data); err != nil {
			return unavailable(err)
		}
		return nil
	}
	_, _, err = store.GetAttachment(ctx, ref.SHA256)
	switch {
	case errors.Is(err, events.ErrAttachmentNotFound):
		return domain.Invalid("attachment.sha256", "Không có tệp với mã SHA-256 này trong kho; hãy gửi kèm tệp (multipart, trường file).")
	case err != nil:
		return unavailable(err)
	}
	return nil
}

type surveyRequest struct {
	Ratings map[string]int `json:"ratings"`
	Comment string         `json:"comment"`
}

func (s *Server) answerOwnSurvey(c echo.Context) error {
	var req surveyRequest
	if err := bindJSON(c, &req, false); err != nil {
		return err
	}
	resp, err := s.decideOwnSurvey(c, c.Param("id"), req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, resp)
}

// decideOwnSurvey records the official's survey answer for training id.
func (s *Server) decideOwnSurvey(c echo.Context, id string, req surveyRequest) (createdResponse, error) {
	o, err := s.officialOf(c)
	if err != nil {
		return createdResponse{}, err
	}
	cmd := domain.AnswerSurvey{Ratings: req.Ratings, Comment: text(req.Comment)}
	return s.decideTraining(c, id, 0, func(p domain.Participation, t *domain.Training) (events.Payload, error) {
		return t.AnswerSurvey(actorOf(c), o.OfficialID, p, cmd)
	})
}

// checkOfficialLink refuses an official account for an official that is
// not on any roster (400 naming official_id) or already has an account
// (409). The second check reads the projections: two admins racing to
// link the same official could both pass it, which only gives that
// official two logins to the same record.
func (s *Server) checkOfficialLink(cmd domain.CreateUser) error {
	if cmd.OfficialID == "" {
		return nil
	}
	if _, ok := s.cfg.State.Official(cmd.OfficialID); !ok {
		return &domain.Error{Kind: domain.KindInvalid, Code: "invalid", Message: "Không tìm thấy cán bộ để liên kết tài khoản.",
			Fields: map[string]string{"official_id": "Không có cán bộ với mã này."}}
	}
	for _, u := range s.cfg.State.Users() {
		if u.OfficialID == cmd.OfficialID {
			return &domain.Error{Kind: domain.KindConflict, Code: "official_linked", Message: "Cán bộ này đã có tài khoản học viên (" + u.Username + ").",
				Fields: map[string]string{"official_id": "Đã có tài khoản liên kết."}}
		}
	}
	return nil
}

// OfficialRecord is an official as the API shows it, with the results
// that give priority for training at a higher level (Phần II.VI.2).
type OfficialRecord struct {
	domain.OfficialView
	Priority []projections.PriorityMark `json:"priority_higher_level"`
}

// officialRecord returns official o with its priority marks.
func (s *Server) officialRecord(o domain.Official) OfficialRecord {
	pri := s.cfg.State.Priority(o.OfficialID)
	if pri == nil {
		pri = []projections.PriorityMark{}
	}
	return OfficialRecord{OfficialView: o.View(), Priority: pri}
}

// priorityFilter reads the officials list's priority=true: only the
// officials with priority for a higher level (nil: no such filter).
func (s *Server) priorityFilter(c echo.Context, p domain.Problems) map[string]bool {
	if !queryBool(c, p, "priority") {
		return nil
	}
	return s.cfg.State.PriorityOfficials()
}
