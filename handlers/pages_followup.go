package handlers

import (
	"maps"
	"net/http"
	"slices"
	"strconv"

	"github.com/labstack/echo/v4"

	"daotao/domain"
	"daotao/domain/planning"
	"daotao/events"
)

// providersPage lists the training providers; Sở Nội vụ and agencies add
// and correct them.
type providersPage struct {
	Providers []planning.Provider
	CanEdit   bool
	Edit      *planning.Provider // the provider being corrected, if any
	Values    events.ProviderDetails
	Errors    map[string]string
}

func (s *Server) providersPage(c echo.Context) error {
	return s.renderProviders(c, http.StatusOK, nil, events.ProviderDetails{Kind: planning.ProviderDomestic}, nil, "")
}

func (s *Server) providerPage(c echo.Context) error {
	if err := s.awaitRead(c); err != nil {
		return err
	}
	p, ok := s.cfg.State.Provider(c.Param("id"))
	if !ok {
		return domain.NotFound("cơ sở đào tạo này")
	}
	return s.renderProviders(c, http.StatusOK, &p, p.ProviderDetails, nil, "")
}

func (s *Server) renderProviders(c echo.Context, status int, edit *planning.Provider, vals events.ProviderDetails, errs map[string]string, msg string) error {
	if err := s.awaitRead(c); err != nil {
		return err
	}
	d := providersPage{Providers: s.cfg.State.Providers(), CanEdit: planning.MayKeepProviders(actorOf(c)), Edit: edit, Values: vals, Errors: errs}
	title := "Cơ sở đào tạo, bồi dưỡng"
	if edit != nil {
		title = edit.Name
	}
	v := s.newView(c, title, d)
	v.Error = msg
	return s.renderView(c, status, "providers", v)
}

func providerForm(c echo.Context) events.ProviderDetails {
	return events.ProviderDetails{Name: c.FormValue("name"), Kind: c.FormValue("kind"), Country: c.FormValue("country"),
		Address: c.FormValue("address"), Website: c.FormValue("website"), Note: c.FormValue("note")}
}

func (s *Server) providerCreate(c echo.Context) error {
	vals := providerForm(c)
	if _, _, err := s.providerCmd(c, "", vals); err != nil {
		return s.formFailed(c, err, func(status int, fields map[string]string, msg string) error {
			return s.renderProviders(c, status, nil, vals, fields, msg)
		})
	}
	return redirectWith(c, "/providers", "provider")
}

func (s *Server) providerEdit(c echo.Context) error {
	p, ok := s.cfg.State.Provider(c.Param("id"))
	if !ok {
		return domain.NotFound("cơ sở đào tạo này")
	}
	vals := providerForm(c)
	if _, _, err := s.providerCmd(c, p.ID, vals); err != nil {
		return s.formFailed(c, err, func(status int, fields map[string]string, msg string) error {
			return s.renderProviders(c, status, &p, vals, fields, msg)
		})
	}
	return redirectWith(c, "/providers", "provider")
}

// selectionPage shows how a course's provider was selected; the course's
// lead agency adds documents and records the selection from it.
type selectionPage struct {
	SelectionView
	Course    domain.CourseView
	Providers []planning.Provider
	Methods   []methodOption
	CanRecord bool
	Values    selectionRequest
	Errors    map[string]string
}

type methodOption struct{ Code, Label string }

func methodOptions() []methodOption {
	var out []methodOption
	for _, k := range slices.Sorted(maps.Keys(planning.SelectionMethods)) {
		out = append(out, methodOption{k, planning.SelectionMethods[k]})
	}
	return out
}

func (s *Server) selectionPage(c echo.Context) error {
	return s.renderSelection(c, http.StatusOK, selectionRequest{}, nil, "")
}

func (s *Server) renderSelection(c echo.Context, status int, vals selectionRequest, errs map[string]string, msg string) error {
	if err := s.awaitRead(c); err != nil {
		return err
	}
	co, ok := s.cfg.State.Course(c.Param("id"))
	if !ok {
		return domain.NotFound("khóa học này")
	}
	cv := co.View()
	a := actorOf(c)
	d := selectionPage{SelectionView: s.selectionView(cv.ID), Course: cv, Providers: s.cfg.State.Providers(), Methods: methodOptions(),
		CanRecord: domain.Is(a, domain.RoleAgency) && a.Agency == cv.AgencyCode && cv.Status != domain.CourseCancelled,
		Values:    vals, Errors: errs}
	v := s.newView(c, "Lựa chọn cơ sở đào tạo — "+cv.Title, d)
	v.Error = msg
	return s.renderView(c, status, "selection", v)
}

func (s *Server) selectionSubmit(c echo.Context) error {
	vals := selectionRequest{ProviderID: c.FormValue("provider_id"), Method: c.FormValue("method"), DecisionNo: c.FormValue("decision_no"),
		DecisionDate: c.FormValue("decision_date"), Note: c.FormValue("note")}
	req := vals
	req.DecisionDate = isoDate(vals.DecisionDate)
	req.ContractValueVND = number(c.FormValue("contract_value_vnd"))
	if _, err := s.selectionCmd(c, c.Param("id"), req); err != nil {
		return s.formFailed(c, err, func(status int, fields map[string]string, msg string) error {
			return s.renderSelection(c, status, vals, fields, msg)
		})
	}
	return redirectWith(c, "/courses/"+c.Param("id")+"/provider", "selection")
}

func (s *Server) selectionDocumentSubmit(c echo.Context) error {
	if _, _, err := s.selectionDocumentCmd(c, c.Param("id")); err != nil {
		return s.formFailed(c, err, func(status int, fields map[string]string, msg string) error {
			return s.renderSelection(c, status, selectionRequest{}, fields, msg)
		})
	}
	return redirectWith(c, "/courses/"+c.Param("id")+"/provider", "document")
}

// traineesPage lists the postgraduate trainees the actor may see, those
// with a missing progress record first.
type traineesPage struct {
	Trainees    []TraineeView
	OverdueOnly bool
	Agencies    map[string]string
}

func (s *Server) traineesPage(c echo.Context) error {
	if err := s.awaitRead(c); err != nil {
		return err
	}
	only := c.QueryParam("overdue") == "true"
	ts := s.trainees(c, only)
	sortTrainees(ts)
	doc, _ := s.planDoc(c, min(max(s.today().Time().Year(), planning.FirstYear), planning.LastYear))
	return s.render(c, http.StatusOK, "trainees", "Theo dõi học viên sau đại học", traineesPage{Trainees: ts, OverdueOnly: only, Agencies: agencyNames(doc)})
}

// traineePage is one trainee's follow-up with the agency's forms.
type traineePage struct {
	TraineeView
	CanRecord bool
	Values    map[string]string
	Errors    map[string]string
	Form      string // the form a refusal belongs to
}

func (s *Server) traineePage(c echo.Context) error {
	return s.renderTrainee(c, http.StatusOK, "", map[string]string{}, nil, "")
}

func (s *Server) renderTrainee(c echo.Context, status int, form string, vals, errs map[string]string, msg string) error {
	if err := s.awaitRead(c); err != nil {
		return err
	}
	tv, err := s.visibleTrainee(c)
	if err != nil {
		return err
	}
	a := actorOf(c)
	d := traineePage{TraineeView: tv, CanRecord: domain.Is(a, domain.RoleAgency) && a.Agency == tv.AgencyCode && tv.Status != planning.ProgressConcluded,
		Values: vals, Errors: errs, Form: form}
	name := tv.OfficialName
	if name == "" {
		name = tv.Title
	}
	v := s.newView(c, "Học viên sau đại học — "+name, d)
	v.Error = msg
	return s.renderView(c, status, "trainee", v)
}

// traineeSubmit runs a follow-up form: progress, extend, suspend, resume
// or conclude.
func (s *Server) traineeSubmit(c echo.Context) error {
	action := c.Param("action")
	switch action {
	case "progress", "extend", "suspend", "resume", "conclude":
	default:
		return domain.NotFound("thao tác này")
	}
	vals := map[string]string{}
	for _, k := range []string{"period", "credits", "results", "thesis_stage", "note", "new_end", "reason", "from", "until", "on", "outcome"} {
		vals[k] = c.FormValue(k)
	}
	credits, cerr := strconv.Atoi(vals["credits"])
	if vals["credits"] == "" {
		credits, cerr = 0, nil
	}
	req := progressRequest{Period: vals["period"], Credits: credits, Results: vals["results"], ThesisStage: vals["thesis_stage"], Note: vals["note"],
		NewEnd: isoDate(vals["new_end"]), Reason: vals["reason"], From: isoDate(vals["from"]), Until: isoDate(vals["until"]), On: isoDate(vals["on"]),
		Outcome: vals["outcome"]}
	if cerr != nil {
		return s.renderTrainee(c, http.StatusBadRequest, action, vals, map[string]string{"credits": "Số tín chỉ là số nguyên."}, "Dữ liệu không hợp lệ; xem từng trường.")
	}
	if _, err := s.progressCmd(c, c.Param("id"), action, req); err != nil {
		return s.formFailed(c, err, func(status int, fields map[string]string, msg string) error {
			return s.renderTrainee(c, status, action, vals, fields, msg)
		})
	}
	return redirectWith(c, "/trainees/"+c.Param("id"), "trainee"+action)
}

// progressStepLabel names a step of a trainee's follow-up.
func progressStepLabel(t string) string {
	return map[string]string{
		events.TypeProgressRecorded: "Ghi kết quả học tập", events.TypeProgressExtended: "Gia hạn",
		events.TypeProgressSuspended: "Bảo lưu", events.TypeProgressResumed: "Trở lại học",
		events.TypeProgressConcluded: "Kết quả cuối cùng",
	}[t]
}

// outcomeLabel names the outcome of a programme.
func outcomeLabel(o string) string {
	return map[string]string{planning.OutcomeGraduated: "Tốt nghiệp, được cấp bằng",
		planning.OutcomeNotGraduated: "Không được cấp bằng", planning.OutcomeWithdrawn: "Thôi học"}[o]
}

// providerName names provider id, or the id when it is unknown.
func (s *Server) providerName(id string) string {
	if p, ok := s.cfg.State.Provider(id); ok {
		return p.Name
	}
	return id
}

// traineeStatusLabel names a follow-up status.
func traineeStatusLabel(st string) string {
	return map[string]string{planning.ProgressActive: "Đang học", planning.ProgressSuspended: "Đang bảo lưu",
		planning.ProgressConcluded: "Đã kết thúc"}[st]
}
