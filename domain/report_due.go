package domain

import (
	"strings"
	"unicode/utf8"

	"daotao/events"
)

// Reports an official owes after training (Phần II.IV.1 and II.VI.3 of the
// Đề án).
const (
	// ReportResult is the result report (báo cáo kết quả học tập); for
	// postgraduate study it comes with a copy of the degree.
	ReportResult = "ket_qua"
	// ReportTakeaway is the learning-takeaway report after a refresher
	// course (báo cáo thu hoạch).
	ReportTakeaway = "thu_hoach"
	// ReportPerformance is the post-training performance report after
	// postgraduate study (báo cáo kết quả thực hiện nhiệm vụ sau đào tạo).
	ReportPerformance = "sau_dao_tao"
)

// ReportLabel returns the Vietnamese name of a report.
func ReportLabel(r string) string {
	return map[string]string{ReportResult: "Báo cáo kết quả học tập", ReportTakeaway: "Báo cáo thu hoạch",
		ReportPerformance: "Báo cáo kết quả thực hiện nhiệm vụ sau đào tạo"}[r]
}

// The due rules. Each is named in the report's event, so a deadline can be
// recomputed as it was decided.
const (
	// RuleAbroad15Days: after a delegation abroad, the result and takeaway
	// reports are due 15 days after the return (Thông tư 03/2023/TT-BNV).
	RuleAbroad15Days = "abroad_15_days"
	// RuleRefresher10WorkingDays: after any other refresher course, 10
	// working days after its last day.
	RuleRefresher10WorkingDays = "refresher_10_working_days"
	// RulePostgrad30Days: the postgraduate result report with the degree
	// copy, 30 days after the degree date (or the programme's end date).
	RulePostgrad30Days = "postgraduate_result_30_days"
	// RulePerformance12Months: the post-training performance report, 12
	// months after the degree date (or the programme's end date).
	RulePerformance12Months = "postgraduate_performance_12_months"
)

// RuleLabel returns the due rule in Vietnamese, as people read it.
func RuleLabel(rule string) string {
	return map[string]string{
		RuleAbroad15Days:           "15 ngày kể từ ngày về nước (Thông tư 03/2023/TT-BNV)",
		RuleRefresher10WorkingDays: "10 ngày làm việc sau ngày kết thúc khóa học",
		RulePostgrad30Days:         "30 ngày kể từ ngày cấp bằng (hoặc ngày kết thúc chương trình)",
		RulePerformance12Months:    "12 tháng kể từ ngày cấp bằng (hoặc ngày kết thúc chương trình)",
	}[rule]
}

// WorkingDays is what the due rules need of the holiday calendar;
// *calendar.Calendar has it. Due(start, n) is the deadline of n working
// days from start (start not counted); Due(d, 0) the first working day on
// or after d.
type WorkingDays interface {
	Due(start events.Date, workingDays int) events.Date
}

// Obligation is one report an official owes, and where it stands on a day.
type Obligation struct {
	Report      string      `json:"report"`
	Label       string      `json:"label"`
	Due         events.Date `json:"due_date"`
	Rule        string      `json:"due_rule"`
	RuleText    string      `json:"due_rule_text"`
	Submitted   bool        `json:"submitted"`
	SubmittedOn events.Date `json:"submitted_on"`
	DaysLate    int         `json:"days_late,omitempty"`
	Overdue     bool        `json:"overdue"`
	DaysOverdue int         `json:"days_overdue,omitempty"`
	// NeedsAttachment: the report must come with a document (the degree
	// copy of a postgraduate result report).
	NeedsAttachment bool `json:"needs_attachment,omitempty"`
	// Attachment is the document the submitted report came with.
	Attachment *events.AttachmentRef `json:"attachment,omitempty"`
}

// Obligations returns the reports participant p owes on today, with their
// due dates: none before the training has ended (the day after its end
// date, or a degree awarded earlier) or when the participant did not
// attend. A deadline that falls on a day off moves to the next working day
// (Bộ luật Dân sự 2015, Điều 148). submitted are the reports already
// submitted, by kind.
func Obligations(p events.TrainingParticipant, o *events.TrainingOutcome, submitted map[string]events.TrainingReportSubmitted, cal WorkingDays, today events.Date) []Obligation {
	if o != nil && !o.Attended {
		return nil
	}
	base, started := obligationBase(p, o, today)
	if !started {
		return nil
	}
	var out []Obligation
	for _, d := range dueRules(p, base, cal) {
		d.Label, d.RuleText = ReportLabel(d.Report), RuleLabel(d.Rule)
		if s, ok := submitted[d.Report]; ok {
			d.Submitted, d.SubmittedOn, d.DaysLate, d.Attachment = true, s.SubmittedOn, daysAfter(d.Due, s.SubmittedOn), s.Attachment
		} else if today.After(d.Due) {
			d.Overdue, d.DaysOverdue = true, daysAfter(d.Due, today)
		}
		out = append(out, d)
	}
	return out
}

// obligationBase returns the day the reporting periods run from and
// whether they have begun by today.
func obligationBase(p events.TrainingParticipant, o *events.TrainingOutcome, today events.Date) (events.Date, bool) {
	if p.Kind == KindPostgraduate && o != nil && o.DegreeAwarded && !o.DegreeDate.IsZero() {
		return o.DegreeDate, !today.Before(o.DegreeDate)
	}
	return p.EndDate, !p.EndDate.IsZero() && today.After(p.EndDate)
}

func dueRules(p events.TrainingParticipant, base events.Date, cal WorkingDays) []Obligation {
	if p.Kind == KindPostgraduate {
		return []Obligation{
			{Report: ReportResult, Rule: RulePostgrad30Days, Due: cal.Due(base.AddDate(0, 0, 30), 0), NeedsAttachment: true},
			{Report: ReportPerformance, Rule: RulePerformance12Months, Due: cal.Due(base.AddDate(0, 12, 0), 0)},
		}
	}
	rule, due := RuleRefresher10WorkingDays, cal.Due(base, 10)
	if p.Format == TrainingDelegationAbroad {
		rule, due = RuleAbroad15Days, cal.Due(base.AddDate(0, 0, 15), 0)
	}
	return []Obligation{{Report: ReportResult, Rule: rule, Due: due}, {Report: ReportTakeaway, Rule: rule, Due: due}}
}

// daysAfter returns how many days b is after a, 0 when it is not.
func daysAfter(a, b events.Date) int {
	if !b.After(a) {
		return 0
	}
	return int(b.Time().Sub(a.Time()).Hours() / 24)
}

// SubmitReport is the command by which an official submits a report.
type SubmitReport struct {
	Report     string
	Summary    string
	Attachment *events.AttachmentRef
}

// SubmitReport decides a report of the official officialID (the actor's
// own record) on today. It returns KindForbidden for a role other than
// official, KindNotFound for someone else's training, KindConflict when
// the report is not owed (yet) or already submitted, and KindInvalid naming
// the fields at fault.
func (t *Training) SubmitReport(actor events.Actor, officialID string, p Participation, cmd SubmitReport, cal WorkingDays, today events.Date) (events.Payload, error) {
	if err := ownTraining(actor, officialID, p); err != nil {
		return nil, err
	}
	prob := Problems{}
	summary := strings.TrimSpace(cmd.Summary)
	if summary == "" {
		prob.Add("summary", "Cần nội dung báo cáo.")
	} else if utf8.RuneCountInString(summary) > MaxReportRunes {
		prob.Add("summary", "Nội dung báo cáo tối đa 20.000 ký tự.")
	}
	if ReportLabel(cmd.Report) == "" {
		prob.Add("report", "Loại báo cáo phải là ket_qua, thu_hoach hoặc sau_dao_tao.")
	}
	if err := prob.Err(); err != nil {
		return nil, err
	}
	var owed *Obligation
	for _, o := range Obligations(p.TrainingParticipant, t.outcome, t.reports, cal, today) {
		if o.Report == cmd.Report {
			owed = &o
		}
	}
	switch {
	case owed == nil:
		return nil, Transition("Bạn chưa phải nộp báo cáo này (khóa học chưa kết thúc, không tham dự, hoặc loại báo cáo không áp dụng).")
	case owed.Submitted:
		return nil, Transition("Bạn đã nộp báo cáo này ngày " + owed.SubmittedOn.Time().Format("02/01/2006") + ".")
	case owed.NeedsAttachment && cmd.Attachment == nil:
		return nil, Invalid("attachment", "Báo cáo kết quả đào tạo sau đại học cần kèm bản sao văn bằng.")
	}
	return &events.TrainingReportSubmitted{NominationID: p.NominationID, OfficialID: p.OfficialID, Report: cmd.Report,
		Summary: summary, Attachment: cmd.Attachment, DueDate: owed.Due, DueRule: owed.Rule, SubmittedOn: today,
		DaysLate: daysAfter(owed.Due, today)}, nil
}

// ownTraining checks that actor is the official of participation p.
func ownTraining(actor events.Actor, officialID string, p Participation) error {
	if !Is(actor, RoleOfficial) {
		return Forbidden("Chỉ học viên (cán bộ được cử) tự nộp báo cáo và phiếu khảo sát của mình.")
	}
	if officialID == "" || officialID != p.OfficialID {
		return NotFound("khóa học của bạn")
	}
	if !p.Approved {
		return Transition("Hồ sơ cử đi chưa được phê duyệt.")
	}
	return nil
}
