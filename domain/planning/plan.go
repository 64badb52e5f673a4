package planning

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"daotao/domain"
	"daotao/domain/programme"
	"daotao/events"
)

// Plan statuses. A plan is drafted and redrafted by Sở Nội vụ, reviewed by
// the council and approved by the province:
//
//	open → draft → submitted → council_agreed → approved
//	submitted | council_agreed → returned → draft (a new version)
//	approved → draft (an amendment, with its reason) → … → approved
//
// While an amendment goes through review the approved version stays in
// force.
const (
	PlanNone          = ""
	PlanOpen          = "open"
	PlanDraft         = "draft"
	PlanSubmitted     = "submitted"
	PlanCouncilAgreed = "council_agreed"
	PlanReturned      = "returned"
	PlanApproved      = "approved"
)

// PlanStatusLabel returns the Vietnamese name of a plan status.
func PlanStatusLabel(s string) string {
	switch s {
	case PlanOpen:
		return "Đang nhận nhu cầu"
	case PlanDraft:
		return "Đang dự thảo"
	case PlanSubmitted:
		return "Chờ Hội đồng xem xét"
	case PlanCouncilAgreed:
		return "Chờ UBND tỉnh phê duyệt"
	case PlanReturned:
		return "Trả lại để chỉnh sửa"
	case PlanApproved:
		return "Đã phê duyệt"
	}
	return "Chưa mở"
}

// PlanVersion is one drafted version of a plan.
type PlanVersion struct {
	events.PlanDrafted
	DraftedAt time.Time `json:"drafted_at"`
	DraftedBy string    `json:"drafted_by"`
}

// PlanStep is one step of a plan's history, for people to read.
type PlanStep struct {
	Seq     uint64    `json:"seq"`
	At      time.Time `json:"at"`
	By      string    `json:"by"`
	Type    string    `json:"type"`
	Version int       `json:"version,omitempty"`
	Note    string    `json:"note,omitempty"`
}

// Plan is the annual training plan of one year, with the needs deadline of
// its planning round. It is one aggregate.
type Plan struct {
	Year     int           `json:"year"`
	NeedsDue events.Date   `json:"needs_due"`
	Status   string        `json:"status"`
	Versions []PlanVersion `json:"versions"`
	// Approved is the version in force (0: none yet), with its decision.
	Approved     int         `json:"approved_version"`
	DecisionNo   string      `json:"decision_no,omitempty"`
	DecisionDate events.Date `json:"decision_date,omitzero"`
	History      []PlanStep  `json:"history"`
	Seq          uint64      `json:"seq"`
}

// Clone returns an independent copy.
func (p *Plan) Clone() *Plan {
	if p == nil {
		return nil
	}
	c := *p
	c.Versions = slices.Clone(p.Versions)
	c.History = slices.Clone(p.History)
	return &c
}

// Latest returns the newest drafted version, or false.
func (p *Plan) Latest() (PlanVersion, bool) {
	if p == nil || len(p.Versions) == 0 {
		return PlanVersion{}, false
	}
	return p.Versions[len(p.Versions)-1], true
}

// Version returns version v, or false.
func (p *Plan) Version(v int) (PlanVersion, bool) {
	if p == nil || v < 1 || v > len(p.Versions) {
		return PlanVersion{}, false
	}
	return p.Versions[v-1], true
}

// InForce returns the approved version in force, or false.
func (p *Plan) InForce() (PlanVersion, bool) { return p.Version(p.Approved) }

// Locked reports whether needs can no longer change the plan: a version is
// before the council or the province, or a version was approved.
func (p *Plan) Locked() bool {
	return p.Approved > 0 || p.Status == PlanSubmitted || p.Status == PlanCouncilAgreed
}

// Apply folds one event of the plan recorded at seq and at by actor.
func (p *Plan) Apply(seq uint64, at time.Time, actor string, pl events.Payload) {
	p.Seq = seq
	step := PlanStep{Seq: seq, At: at, By: actor, Type: pl.EventType()}
	switch e := pl.(type) {
	case *events.PlanRoundOpened:
		p.Year, p.NeedsDue = e.Year, e.NeedsDue
		if p.Status == PlanNone {
			p.Status = PlanOpen
		}
		step.Note = "Hạn gửi nhu cầu: " + e.NeedsDue.Time().Format("02/01/2006")
	case *events.PlanDrafted:
		p.Status = PlanDraft
		p.Versions = append(p.Versions, PlanVersion{PlanDrafted: *e, DraftedAt: at, DraftedBy: actor})
		step.Version, step.Note = e.Version, e.Reason
	case *events.PlanSubmitted:
		p.Status = PlanSubmitted
		step.Version = e.Version
	case *events.PlanCouncilAgreed:
		p.Status = PlanCouncilAgreed
		step.Version, step.Note = e.Version, e.Comment
	case *events.PlanReturned:
		p.Status = PlanReturned
		step.Version, step.Note = e.Version, e.Reason
	case *events.PlanApproved:
		p.Status, p.Approved, p.DecisionNo, p.DecisionDate = PlanApproved, e.Version, e.DecisionNo, e.DecisionDate
		step.Version, step.Note = e.Version, "Quyết định số "+e.DecisionNo
	}
	p.History = append(p.History, step)
}

// OpenRound decides opening (or moving the deadline of) the planning round
// of year: agencies submit needs until needsDue.
func OpenRound(p *Plan, year int, needsDue events.Date, actor events.Actor) (events.PlanRoundOpened, error) {
	if !isRole(actor, domain.RoleHomeAffairs) {
		return events.PlanRoundOpened{}, domain.Forbidden("Chỉ Sở Nội vụ mở đợt lập kế hoạch.")
	}
	pr := domain.Problems{}
	checkYear(pr, year)
	if needsDue.IsZero() {
		pr.Add("needs_due", "Cần hạn gửi nhu cầu (YYYY-MM-DD).")
	} else if y := needsDue.Time().Year(); y < year-1 || y > year {
		pr.Add("needs_due", "Hạn gửi nhu cầu phải trong năm "+strconv.Itoa(year)+" hoặc năm trước đó.")
	}
	if err := pr.Err(); err != nil {
		return events.PlanRoundOpened{}, err
	}
	if p != nil && p.Locked() {
		return events.PlanRoundOpened{}, domain.Transition("Kế hoạch đã trình hoặc đã được phê duyệt; không đổi hạn gửi nhu cầu được nữa.")
	}
	return events.PlanRoundOpened{Year: year, NeedsDue: needsDue}, nil
}

// DraftPlan decides drafting a new version of p with lines (reason is
// required for an amendment of an approved plan). Lines without an id get
// the next free "L<n>".
func DraftPlan(p *Plan, lines []events.PlanLine, reason string, doc *programme.Document, actor events.Actor) (events.PlanDrafted, error) {
	if !isRole(actor, domain.RoleHomeAffairs) {
		return events.PlanDrafted{}, domain.Forbidden("Chỉ Sở Nội vụ dự thảo kế hoạch đào tạo, bồi dưỡng hằng năm.")
	}
	if p == nil || p.Status == PlanNone {
		return events.PlanDrafted{}, domain.Transition("Cần mở đợt lập kế hoạch của năm trước.")
	}
	switch p.Status {
	case PlanSubmitted, PlanCouncilAgreed:
		return events.PlanDrafted{}, domain.Transition("Phiên bản đang được xem xét; chờ kết quả hoặc trả lại trước khi dự thảo phiên bản mới.")
	}
	lines = numberLines(p, lines)
	pr := domain.Problems{}
	day := events.NewDate(p.Year, 1, 1)
	checkPlanLines(pr, lines, doc, day)
	if p.Approved > 0 {
		checkText(pr, "reason", reason, MaxReasonRunes, "Điều chỉnh kế hoạch đã phê duyệt cần nêu lý do.")
	} else if len([]rune(reason)) > MaxReasonRunes {
		pr.Add("reason", "Tối đa "+strconv.Itoa(MaxReasonRunes)+" ký tự.")
	}
	if err := pr.Err(); err != nil {
		return events.PlanDrafted{}, err
	}
	return events.PlanDrafted{Year: p.Year, Version: len(p.Versions) + 1, Lines: lines, Reason: strings.TrimSpace(reason)}, nil
}

// numberLines gives every line without an id the next free "L<n>", counting
// the ids of every earlier version so that an id is never reused.
func numberLines(p *Plan, lines []events.PlanLine) []events.PlanLine {
	next := 1
	bump := func(id string) {
		if n, err := strconv.Atoi(strings.TrimPrefix(id, "L")); err == nil && strings.HasPrefix(id, "L") && n >= next {
			next = n + 1
		}
	}
	for _, v := range p.Versions {
		for _, l := range v.Lines {
			bump(l.LineID)
		}
	}
	for _, l := range lines {
		bump(l.LineID)
	}
	out := slices.Clone(lines)
	for i := range out {
		if out[i].LineID == "" {
			out[i].LineID = "L" + strconv.Itoa(next)
			next++
		}
	}
	return out
}

func checkPlanLines(pr domain.Problems, lines []events.PlanLine, doc *programme.Document, day events.Date) {
	if len(lines) == 0 {
		pr.Add("lines", "Kế hoạch cần ít nhất một dòng.")
		return
	}
	if len(lines) > MaxLines {
		pr.Add("lines", "Tối đa "+strconv.Itoa(MaxLines)+" dòng.")
		return
	}
	ids := map[string]bool{}
	for i, l := range lines {
		if !events.ValidToken(l.LineID) || len(l.LineID) > 32 {
			pr.Add(line("lines", i, "line_id"), "Mã dòng tối đa 32 ký tự, không có dấu cách hoặc dấu chấm.")
		} else if ids[l.LineID] {
			pr.Add(line("lines", i, "line_id"), "Mã dòng bị trùng.")
		}
		ids[l.LineID] = true
		checkText(pr, line("lines", i, "title"), l.Title, MaxTitleRunes, "Cần tên lớp, đoàn, hội thảo hoặc chỉ tiêu.")
		if l.Quarter < 1 || l.Quarter > 4 {
			pr.Add(line("lines", i, "quarter"), "Quý phải từ 1 đến 4.")
		}
		if l.CostEstimateVND < 0 || l.CostEstimateVND > MaxCostPerLineVND {
			pr.Add(line("lines", i, "cost_estimate_vnd"), "Dự toán phải từ 0 đến 1.000.000.000.000 đồng.")
		}
		checkLineFormat(pr, i, l, doc, day)
		checkPlaces(pr, i, l, doc)
	}
}

func checkLineFormat(pr domain.Problems, i int, l events.PlanLine, doc *programme.Document, day events.Date) {
	switch l.Format {
	case FormatClass, FormatDelegationAbroad, FormatSeminar:
		if _, ok := doc.Content(l.ContentCode); !ok {
			pr.Add(line("lines", i, "content_code"), "Mã nội dung không có trong Phụ lục I (ví dụ: B.2).")
		} else if leads := doc.Leads(l.ContentCode, day); len(leads) > 0 && !slices.ContainsFunc(leads, func(a programme.Agency) bool { return a.Code == l.LeadAgency }) {
			pr.Add(line("lines", i, "lead_agency"), "Cơ quan chủ trì không phải đơn vị được Phụ lục I giao cho nội dung này.")
		}
		if l.QuotaID != "" {
			pr.Add(line("lines", i, "quota_id"), "Chỉ tiêu Phụ lục II chỉ dùng cho dòng đào tạo sau đại học.")
		}
	case FormatPostgraduate:
		if _, ok := doc.Quota(l.QuotaID); !ok {
			pr.Add(line("lines", i, "quota_id"), "Không có chỉ tiêu này trong Phụ lục II.")
		}
		if l.ContentCode != "" {
			pr.Add(line("lines", i, "content_code"), "Dòng sau đại học không gắn nội dung Phụ lục I.")
		}
	default:
		pr.Add(line("lines", i, "format"), `Hình thức phải là "class", "delegation_abroad", "seminar" hoặc "postgraduate".`)
	}
	if _, ok := doc.Agency(l.LeadAgency); !ok {
		pr.Add(line("lines", i, "lead_agency"), "Mã cơ quan chủ trì không có trong danh mục.")
	}
	switch {
	case l.Format == FormatClass && l.Delivery != "" && l.Delivery != programme.DeliveryInPerson && l.Delivery != programme.DeliveryOnline:
		pr.Add(line("lines", i, "delivery"), `Hình thức lớp phải là "tap_trung" hoặc "truc_tuyen".`)
	case l.Format != FormatClass && l.Delivery != "":
		pr.Add(line("lines", i, "delivery"), "Chỉ lớp bồi dưỡng có hình thức tập trung/trực tuyến.")
	}
	if l.Format == FormatDelegationAbroad {
		checkText(pr, line("lines", i, "country"), l.Country, 100, "Đoàn ra nước ngoài cần tên nước đến.")
	} else if l.Country != "" || l.SeniorMembers != 0 {
		pr.Add(line("lines", i, "country"), "Nước đến và số thành viên Nhóm 1–2 chỉ dùng cho đoàn ra nước ngoài.")
	}
}

func checkPlaces(pr domain.Problems, i int, l events.PlanLine, doc *programme.Document) {
	if len(l.Places) == 0 {
		pr.Add(line("lines", i, "places"), "Cần phân bổ chỗ cho ít nhất một cơ quan, đơn vị.")
		return
	}
	seen, total := map[string]bool{}, 0
	q, isQuota := doc.Quota(l.QuotaID)
	for j, ap := range l.Places {
		field := line("lines", i, "places["+strconv.Itoa(j)+"]")
		if _, ok := doc.Agency(ap.AgencyCode); !ok {
			pr.Add(field+".agency_code", "Mã cơ quan, đơn vị không có trong danh mục.")
		} else if seen[ap.AgencyCode] {
			pr.Add(field+".agency_code", "Cơ quan, đơn vị đã có ở dòng phân bổ trước.")
		} else if l.Format == FormatPostgraduate && isQuota && !q.Holds(ap.AgencyCode) {
			pr.Add(field+".agency_code", "Chỉ tiêu sau đại học này không giao cho cơ quan, đơn vị.")
		}
		seen[ap.AgencyCode] = true
		if ap.Places < 1 || ap.Places > MaxPeoplePerLine {
			pr.Add(field+".places", "Số chỗ phải từ 1 đến "+strconv.Itoa(MaxPeoplePerLine)+".")
		}
		total += ap.Places
	}
	if l.Format == FormatPostgraduate && isQuota && total > q.Places {
		pr.Add(line("lines", i, "places"), "Tổng số chỗ vượt chỉ tiêu Phụ lục II ("+strconv.Itoa(q.Places)+").")
	}
	if l.SeniorMembers < 0 || l.SeniorMembers > total {
		pr.Add(line("lines", i, "senior_members"), "Số thành viên Nhóm 1–2 phải từ 0 đến tổng số chỗ của đoàn.")
	}
}

// SubmitPlan decides sending the latest drafted version to the council;
// shortfalls are the failed checks the council will be shown.
func SubmitPlan(p *Plan, version int, shortfalls []string, actor events.Actor) (events.PlanSubmitted, error) {
	if !isRole(actor, domain.RoleHomeAffairs) {
		return events.PlanSubmitted{}, domain.Forbidden("Chỉ Sở Nội vụ trình kế hoạch.")
	}
	last, ok := p.Latest()
	if !ok || p.Status != PlanDraft {
		return events.PlanSubmitted{}, domain.Transition("Chỉ trình được một phiên bản đang dự thảo.")
	}
	if err := sameVersion(version, last.Version); err != nil {
		return events.PlanSubmitted{}, err
	}
	return events.PlanSubmitted{Year: p.Year, Version: last.Version, Shortfalls: shortfalls}, nil
}

// AgreePlan decides the council's favourable review of the version before it.
func AgreePlan(p *Plan, version int, comment string, actor events.Actor) (events.PlanCouncilAgreed, error) {
	if !isRole(actor, domain.RoleCouncil) {
		return events.PlanCouncilAgreed{}, domain.Forbidden("Chỉ Hội đồng đào tạo, bồi dưỡng cho ý kiến về kế hoạch.")
	}
	last, ok := p.Latest()
	if !ok || p.Status != PlanSubmitted {
		return events.PlanCouncilAgreed{}, domain.Transition("Kế hoạch không chờ Hội đồng xem xét.")
	}
	if err := sameVersion(version, last.Version); err != nil {
		return events.PlanCouncilAgreed{}, err
	}
	if len([]rune(comment)) > MaxReasonRunes {
		return events.PlanCouncilAgreed{}, domain.Invalid("comment", "Tối đa 2000 ký tự.")
	}
	return events.PlanCouncilAgreed{Year: p.Year, Version: last.Version, Comment: strings.TrimSpace(comment)}, nil
}

// ReturnPlan decides returning the version under review for revision: the
// council while it awaits the council, the province while it awaits the
// province.
func ReturnPlan(p *Plan, version int, reason string, actor events.Actor) (events.PlanReturned, error) {
	var stage domain.Role
	switch {
	case p != nil && p.Status == PlanSubmitted:
		stage = domain.RoleCouncil
	case p != nil && p.Status == PlanCouncilAgreed:
		stage = domain.RoleProvince
	case isRole(actor, domain.RoleCouncil) || isRole(actor, domain.RoleProvince):
		return events.PlanReturned{}, domain.Transition("Kế hoạch không đang chờ xem xét.")
	default:
		return events.PlanReturned{}, domain.Forbidden("Chỉ Hội đồng hoặc UBND tỉnh trả lại kế hoạch.")
	}
	if !isRole(actor, stage) {
		return events.PlanReturned{}, domain.Forbidden("Kế hoạch đang chờ " + stage.Label() + ".")
	}
	if strings.TrimSpace(reason) == "" || len([]rune(reason)) > MaxReasonRunes {
		return events.PlanReturned{}, domain.Invalid("reason", "Cần nêu lý do trả lại (tối đa 2000 ký tự).")
	}
	last, _ := p.Latest()
	if err := sameVersion(version, last.Version); err != nil {
		return events.PlanReturned{}, err
	}
	return events.PlanReturned{Year: p.Year, Version: last.Version, Stage: string(stage), Reason: strings.TrimSpace(reason)}, nil
}

// ApprovePlan decides the province's approval of the version the council
// agreed, with its decision's number and date.
func ApprovePlan(p *Plan, version int, decisionNo string, decisionDate events.Date, actor events.Actor) (events.PlanApproved, error) {
	if !isRole(actor, domain.RoleProvince) {
		return events.PlanApproved{}, domain.Forbidden("Chỉ UBND tỉnh phê duyệt kế hoạch.")
	}
	pr := domain.Problems{}
	checkText(pr, "decision_no", decisionNo, MaxDecisionRunes, "Cần số quyết định phê duyệt.")
	if decisionDate.IsZero() {
		pr.Add("decision_date", "Cần ngày quyết định (YYYY-MM-DD).")
	}
	if err := pr.Err(); err != nil {
		return events.PlanApproved{}, err
	}
	last, ok := p.Latest()
	if !ok || p.Status != PlanCouncilAgreed {
		return events.PlanApproved{}, domain.Transition("Chỉ phê duyệt được kế hoạch Hội đồng đã cho ý kiến.")
	}
	if err := sameVersion(version, last.Version); err != nil {
		return events.PlanApproved{}, err
	}
	return events.PlanApproved{Year: p.Year, Version: last.Version, DecisionNo: strings.TrimSpace(decisionNo), DecisionDate: decisionDate}, nil
}

// sameVersion refuses acting on a version other than the latest (0: the
// latest, whatever it is).
func sameVersion(asked, latest int) error {
	if asked != 0 && asked != latest {
		return domain.Transition("Phiên bản " + strconv.Itoa(asked) + " không phải phiên bản mới nhất (" + strconv.Itoa(latest) + ").")
	}
	return nil
}
