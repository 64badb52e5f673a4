package handlers

import (
	"net/http"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"daotao/domain"
	"daotao/domain/planning"
	"daotao/events"
	"daotao/projections"
)

// Providers, how each course's provider was selected, and the follow-up of
// postgraduate trainees (issue 9).

var providerKeepers = []domain.Role{domain.RoleHomeAffairs, domain.RoleAgency}

// providerRequest is the body of POST and PATCH /api/v1/providers.
type providerRequest = events.ProviderDetails

// selectionRequest is the body of POST /api/v1/courses/{id}/provider.
type selectionRequest struct {
	ProviderID       string `json:"provider_id"`
	Method           string `json:"method"`
	DecisionNo       string `json:"decision_no"`
	DecisionDate     string `json:"decision_date"`
	ContractValueVND int64  `json:"contract_value_vnd"`
	Note             string `json:"note"`
}

// SelectionView is a course's provider selection with its provider.
type SelectionView struct {
	*planning.Selection
	Provider *planning.Provider `json:"provider,omitempty"`
}

func providerSubject(id string) string { return events.Subject(events.AggregateProvider, id) }

func selectionSubject(course string) string {
	return events.Subject(events.AggregateSelection, course)
}

func progressSubject(nomination string) string {
	return events.Subject(events.AggregateProgress, nomination)
}

func (s *Server) listProviders(c echo.Context) error {
	if err := s.awaitRead(c); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.cfg.State.Providers())
}

func (s *Server) getProvider(c echo.Context) error {
	if err := s.awaitRead(c); err != nil {
		return err
	}
	p, ok := s.cfg.State.Provider(c.Param("id"))
	if !ok {
		return domain.NotFound("cơ sở đào tạo này")
	}
	return c.JSON(http.StatusOK, p)
}

func cleanProvider(d events.ProviderDetails) events.ProviderDetails {
	return events.ProviderDetails{Name: text(d.Name), Kind: text(d.Kind), Country: text(d.Country), Address: text(d.Address),
		Website: text(d.Website), Note: text(d.Note)}
}

func (s *Server) registerProvider(c echo.Context) error {
	var req providerRequest
	if err := bindJSON(c, &req, false); err != nil {
		return err
	}
	id, seq, err := s.providerCmd(c, "", req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, createdResponse{ID: id, Seq: seq})
}

func (s *Server) updateProvider(c echo.Context) error {
	var req providerRequest
	if err := bindJSON(c, &req, false); err != nil {
		return err
	}
	id, seq, err := s.providerCmd(c, c.Param("id"), req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, createdResponse{ID: id, Seq: seq})
}

// providerCmd registers a provider (id "") or changes provider id.
func (s *Server) providerCmd(c echo.Context, id string, req providerRequest) (string, uint64, error) {
	d := cleanProvider(req)
	want, err := ifMatch(c)
	if err != nil {
		return "", 0, err
	}
	newID := id
	if id == "" {
		newID = s.cfg.NewID()
	}
	return s.runCreation(c, newID, func() (decision, error) {
		var cur *planning.Provider
		if id != "" {
			p, ok := s.cfg.State.Provider(id)
			if !ok {
				return decision{}, domain.NotFound("cơ sở đào tạo này")
			}
			if err := precondition(want, p.Seq); err != nil {
				return decision{}, err
			}
			cur = &p
		}
		e, err := planning.RegisterProvider(cur, newID, d, actorOf(c))
		var expected uint64
		if cur != nil {
			expected = cur.Seq
		}
		return decision{subject: providerSubject(newID), expected: expected, payload: e}, err
	})
}

// courseFacts returns what a selection needs of course id; a zero value
// when there is no such course.
func (s *Server) courseFacts(id string) planning.CourseFacts {
	co, ok := s.cfg.State.Course(id)
	if !ok {
		return planning.CourseFacts{}
	}
	v := co.View()
	return planning.CourseFacts{ID: v.ID, LeadAgency: v.AgencyCode, Cancelled: v.Status == domain.CourseCancelled}
}

func (s *Server) selectionView(course string) SelectionView {
	sel := s.cfg.State.Selection(course)
	v := SelectionView{Selection: sel}
	if cur, ok := sel.Current(); ok {
		if p, ok := s.cfg.State.Provider(cur.ProviderID); ok {
			v.Provider = &p
		}
	}
	return v
}

func (s *Server) getSelection(c echo.Context) error {
	if err := s.awaitRead(c); err != nil {
		return err
	}
	if s.courseFacts(c.Param("id")).ID == "" {
		return domain.NotFound("khóa học này")
	}
	return c.JSON(http.StatusOK, s.selectionView(c.Param("id")))
}

func (s *Server) recordSelection(c echo.Context) error {
	var req selectionRequest
	if err := bindJSON(c, &req, false); err != nil {
		return err
	}
	seq, err := s.selectionCmd(c, c.Param("id"), req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, createdResponse{ID: c.Param("id"), Seq: seq})
}

func (s *Server) selectionCmd(c echo.Context, course string, req selectionRequest) (uint64, error) {
	p := domain.Problems{}
	day := parseDate(p, "decision_date", req.DecisionDate)
	return s.runDecision(c, func() (decision, error) {
		sel := s.cfg.State.Selection(course)
		var prov *planning.Provider
		if pv, ok := s.cfg.State.Provider(text(req.ProviderID)); ok {
			prov = &pv
		}
		e, err := planning.RecordSelection(sel, s.courseFacts(course), prov, events.ProviderSelected{
			ProviderID: text(req.ProviderID), Method: text(req.Method), DecisionNo: text(req.DecisionNo), DecisionDate: day,
			ContractValueVND: req.ContractValueVND, Note: text(req.Note)}, actorOf(c))
		if len(p) > 0 {
			return decision{}, withProblems(p, err)
		}
		return decision{subject: selectionSubject(course), expected: sel.Seq, payload: &e}, err
	})
}

// isSelectionUpload reports whether p takes a document of a provider
// selection, whose body may be as large as a nomination's attachment.
func isSelectionUpload(p string) bool {
	return strings.HasSuffix(p, "/provider/documents") &&
		(strings.HasPrefix(p, "/api/v1/courses/") || strings.HasPrefix(p, "/courses/"))
}

// addSelectionDocument stores an uploaded document and adds it to the
// course's provider selection; the object is stored before the event.
func (s *Server) addSelectionDocument(c echo.Context) error {
	ref, seq, err := s.selectionDocumentCmd(c, c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, documentResponse{ref, seq})
}

// documentResponse is the answer to a document upload: its reference and
// the sequence of the event that added it.
type documentResponse struct {
	events.AttachmentRef
	Seq uint64 `json:"seq"`
}

func (s *Server) selectionDocumentCmd(c echo.Context, course string) (events.AttachmentRef, uint64, error) {
	facts := s.courseFacts(course)
	// Refuse before reading the upload whom the rules would refuse anyway.
	if _, err := planning.AddDocument(&planning.Selection{}, facts, events.AttachmentRef{}, actorOf(c)); err != nil {
		return events.AttachmentRef{}, 0, err
	}
	ref, data, err := readAttachment(c)
	if err != nil {
		return ref, 0, err
	}
	store, err := s.attachmentStore()
	if err != nil {
		return ref, 0, err
	}
	if err := store.PutAttachment(c.Request().Context(), ref.SHA256, ref.ContentType, data); err != nil {
		return ref, 0, unavailable(err)
	}
	seq, err := s.runDecision(c, func() (decision, error) {
		sel := s.cfg.State.Selection(course)
		e, err := planning.AddDocument(sel, s.courseFacts(course), ref, actorOf(c))
		return decision{subject: selectionSubject(course), expected: sel.Seq, payload: &e}, err
	})
	return ref, seq, err
}

// downloadSelectionDocument sends a document of a course's selection to
// anyone who may read courses.
func (s *Server) downloadSelectionDocument(c echo.Context) error {
	if err := s.awaitRead(c); err != nil {
		return err
	}
	ref, ok := s.cfg.State.Selection(c.Param("id")).Document(c.Param("sha"))
	if !ok {
		return domain.NotFound("tài liệu này")
	}
	return s.sendAttachment(c, ref)
}

// TraineeView is a postgraduate trainee as the follow-up shows them: the
// nomination's facts, the follow-up, and whether a record is overdue.
type TraineeView struct {
	NominationID string             `json:"nomination_id"`
	OfficialID   string             `json:"official_id"`
	OfficialName string             `json:"official_name"`
	AgencyCode   string             `json:"agency_code"`
	Title        string             `json:"title"`
	Start        events.Date        `json:"start"`
	End          events.Date        `json:"end"`
	Progress     *planning.Progress `json:"progress"`
	Overdue      *planning.Overdue  `json:"overdue,omitempty"`
	Status       string             `json:"status"`
	// Result is the programme's result once recorded with the results of
	// training (graduated, not_graduated), on ResultOn.
	Result   string      `json:"result,omitempty"`
	ResultOn events.Date `json:"result_on,omitzero"`
	// CommitmentFrom is when the service commitment starts: its start once
	// opened, else the programme's planned end (as extended), when it is
	// expected to start.
	CommitmentFrom events.Date `json:"commitment_from"`
	CommitmentOpen bool        `json:"commitment_open"`
}

// trainee returns the follow-up facts of nomination v, with the
// programme's result once recorded with the results of training.
func (s *Server) trainee(v domain.NominationView) planning.Trainee {
	t := planning.Trainee{NominationID: v.ID, AgencyCode: v.AgencyCode, OfficialID: v.OfficialID,
		Approved: v.Status == domain.StatusApproved, Postgraduate: v.Kind == domain.KindPostgraduate,
		Start: v.StartDate, End: v.EndDate}
	if _, rec, ok := s.cfg.State.Participation(v.ID, s.today()); ok && rec.Outcome() != nil {
		o := rec.Outcome()
		t.Result, t.ResultOn = planning.OutcomeNotGraduated, o.DegreeDate
		if o.DegreeAwarded {
			t.Result = planning.OutcomeGraduated
		}
	}
	return t
}

func (s *Server) traineeView(v domain.NominationView) TraineeView {
	t := s.trainee(v)
	p := s.cfg.State.TraineeProgress(v.ID)
	tv := TraineeView{NominationID: v.ID, OfficialID: v.OfficialID, AgencyCode: v.AgencyCode, Title: v.Title,
		Start: v.StartDate, End: p.EndOf(t), Progress: p, Status: p.Status}
	if tv.Status == "" {
		tv.Status = planning.ProgressActive
	}
	if t.Result != "" {
		tv.Status, tv.Result, tv.ResultOn = planning.ProgressConcluded, t.Result, t.ResultOn
	}
	if o, ok := s.cfg.State.Official(v.OfficialID); ok {
		tv.OfficialName = o.View().FullName
	}
	if o, late := planning.OverdueOn(p, t, s.today()); late {
		tv.Overdue = &o
	}
	tv.CommitmentFrom = tv.End
	if c, ok := s.cfg.State.Commitment(v.ID); ok {
		tv.CommitmentFrom, tv.CommitmentOpen = c.View(s.today()).StartDate, true
	}
	return tv
}

// trainees lists the approved postgraduate nominations the actor may see,
// with their follow-up; overdue only those with a missing record.
func (s *Server) trainees(c echo.Context, overdueOnly bool) []TraineeView {
	a := actorOf(c)
	f := projections.NominationFilter{Status: []domain.Status{domain.StatusApproved}, Kind: domain.KindPostgraduate}
	if domain.Is(a, domain.RoleAgency) {
		f.Agency = a.Agency
	}
	list, _ := s.cfg.State.Nominations(f, projections.Page{Limit: 1 << 30})
	out := []TraineeView{}
	for _, v := range list {
		tv := s.traineeView(v)
		if overdueOnly && tv.Overdue == nil {
			continue
		}
		out = append(out, tv)
	}
	return out
}

func (s *Server) listTrainees(c echo.Context) error {
	if err := s.awaitRead(c); err != nil {
		return err
	}
	overdue := c.QueryParam("overdue")
	if overdue != "" && overdue != "true" && overdue != "false" {
		return domain.Invalid("overdue", `Giá trị là "true" hoặc "false".`)
	}
	return c.JSON(http.StatusOK, s.trainees(c, overdue == "true"))
}

// visibleTrainee returns the trainee of the :id nomination, or 404 when
// there is none or it is another agency's.
func (s *Server) visibleTrainee(c echo.Context) (TraineeView, error) {
	n, ok := s.cfg.State.Nomination(c.Param("id"))
	if !ok || !domain.SeesAgency(actorOf(c), n.AgencyCode()) {
		return TraineeView{}, domain.NotFound("học viên sau đại học này")
	}
	v := n.View()
	if v.Kind != domain.KindPostgraduate || v.Status != domain.StatusApproved {
		return TraineeView{}, domain.NotFound("học viên sau đại học này")
	}
	return s.traineeView(v), nil
}

func (s *Server) getTrainee(c echo.Context) error {
	if err := s.awaitRead(c); err != nil {
		return err
	}
	tv, err := s.visibleTrainee(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, tv)
}

// progressRequest is the body of the follow-up commands; each uses its
// own fields.
type progressRequest struct {
	Period      string `json:"period"`
	Credits     int    `json:"credits"`
	Results     string `json:"results"`
	ThesisStage string `json:"thesis_stage"`
	Note        string `json:"note"`
	NewEnd      string `json:"new_end"`
	Reason      string `json:"reason"`
	From        string `json:"from"`
	Until       string `json:"until"`
	On          string `json:"on"`
	Outcome     string `json:"outcome"`
}

// progressAction runs one follow-up command: progress, extend, suspend,
// resume or conclude.
func (s *Server) progressAction(action string) echo.HandlerFunc {
	return func(c echo.Context) error {
		var req progressRequest
		if err := bindJSON(c, &req, false); err != nil {
			return err
		}
		seq, err := s.progressCmd(c, c.Param("id"), action, req)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, createdResponse{ID: c.Param("id"), Seq: seq})
	}
}

func (s *Server) progressCmd(c echo.Context, id, action string, req progressRequest) (uint64, error) {
	p := domain.Problems{}
	newEnd, from := parseDate(p, "new_end", req.NewEnd), parseDate(p, "from", req.From)
	until, on := parseDate(p, "until", req.Until), parseDate(p, "on", req.On)
	return s.runDecision(c, func() (decision, error) {
		a := actorOf(c)
		var t planning.Trainee
		if n, ok := s.cfg.State.Nomination(id); ok && domain.SeesAgency(a, n.AgencyCode()) {
			t = s.trainee(n.View())
		}
		pr := s.cfg.State.TraineeProgress(id)
		var e events.Payload
		var err error
		switch action {
		case "progress":
			var r events.ProgressRecorded
			r, err = planning.RecordProgress(pr, t, events.ProgressRecorded{Period: text(req.Period), Credits: req.Credits,
				Results: text(req.Results), ThesisStage: text(req.ThesisStage), Note: text(req.Note)}, a)
			e = &r
		case "extend":
			var r events.ProgressExtended
			r, err = planning.Extend(pr, t, newEnd, text(req.Reason), a)
			e = &r
		case "suspend":
			var r events.ProgressSuspended
			r, err = planning.Suspend(pr, t, from, until, text(req.Reason), a)
			e = &r
		case "resume":
			var r events.ProgressResumed
			r, err = planning.Resume(pr, t, on, a)
			e = &r
		default:
			var r events.ProgressConcluded
			r, err = planning.Conclude(pr, t, text(req.Outcome), on, text(req.Note), a)
			e = &r
		}
		if len(p) > 0 && (err == nil || domain.KindOf(err) == domain.KindInvalid) {
			return decision{}, withProblems(p, err)
		}
		return decision{subject: progressSubject(id), expected: pr.Seq, payload: e}, err
	})
}

// sortTrainees orders trainees overdue first, then by due date, then name.
func sortTrainees(ts []TraineeView) {
	slices.SortStableFunc(ts, func(a, b TraineeView) int {
		switch {
		case (a.Overdue != nil) != (b.Overdue != nil):
			if a.Overdue != nil {
				return -1
			}
			return 1
		case a.Overdue != nil && a.Overdue.Due != b.Overdue.Due:
			if a.Overdue.Due.Before(b.Overdue.Due) {
				return -1
			}
			return 1
		}
		return strings.Compare(a.OfficialName, b.OfficialName)
	})
}
