package planning

import (
	"regexp"
	"slices"
	"time"
	"unicode/utf8"

	"daotao/domain"
	"daotao/events"
)

// Outcomes of a postgraduate programme.
const (
	OutcomeGraduated    = "graduated"     // tốt nghiệp, được cấp bằng
	OutcomeNotGraduated = "not_graduated" // không được cấp bằng
	OutcomeWithdrawn    = "withdrawn"     // thôi học
)

// Follow-up statuses of a trainee.
const (
	ProgressActive    = "active"
	ProgressSuspended = "suspended"
	ProgressConcluded = "concluded"
)

// ProgressEvery is how often the agency records a trainee's progress: each
// semester, counted from the programme's start; ProgressGrace is how long
// after a period ends its record is due.
const (
	ProgressEveryMonths = 6
	ProgressGraceDays   = 30
)

var periodPattern = regexp.MustCompile(`^(20[2-4][0-9])(-[12])?$`)

// Trainee is what the follow-up needs to know of a postgraduate nomination.
// Result is the outcome of the programme once its result was recorded (the
// completion record: OutcomeGraduated or OutcomeNotGraduated, on ResultOn):
// the result, with the copy of the degree, is recorded there, not here.
type Trainee struct {
	NominationID string
	AgencyCode   string
	OfficialID   string
	Approved     bool
	Postgraduate bool
	Start, End   events.Date
	Result       string
	ResultOn     events.Date
}

// ProgressStep is one record of a trainee's follow-up, for people to read.
type ProgressStep struct {
	Seq  uint64    `json:"seq"`
	At   time.Time `json:"at"`
	By   string    `json:"by"`
	Type string    `json:"type"`
	Data any       `json:"data"`
}

// Progress is the follow-up of one postgraduate trainee.
type Progress struct {
	NominationID string                    `json:"nomination_id"`
	Status       string                    `json:"status"`
	Records      []events.ProgressRecorded `json:"records"`
	// End is the programme's end as last extended (zero: as nominated).
	End        events.Date               `json:"end,omitzero"`
	Extensions []events.ProgressExtended `json:"extensions,omitempty"`
	Suspension *events.ProgressSuspended `json:"suspension,omitempty"`
	Outcome    *events.ProgressConcluded `json:"outcome,omitempty"`
	History    []ProgressStep            `json:"history"`
	Seq        uint64                    `json:"seq"`
}

// Clone returns an independent copy.
func (p *Progress) Clone() *Progress {
	if p == nil {
		return nil
	}
	c := *p
	c.Records = slices.Clone(p.Records)
	c.Extensions = slices.Clone(p.Extensions)
	c.History = slices.Clone(p.History)
	return &c
}

// Apply folds one event of the follow-up.
func (p *Progress) Apply(seq uint64, at time.Time, actor string, pl events.Payload) {
	p.Seq = seq
	if p.Status == "" {
		p.Status = ProgressActive
	}
	switch e := pl.(type) {
	case *events.ProgressRecorded:
		p.NominationID = e.NominationID
		p.Records = append(p.Records, *e)
	case *events.ProgressExtended:
		p.NominationID, p.End = e.NominationID, e.NewEnd
		p.Extensions = append(p.Extensions, *e)
	case *events.ProgressSuspended:
		p.NominationID, p.Status = e.NominationID, ProgressSuspended
		s := *e
		p.Suspension = &s
	case *events.ProgressResumed:
		p.Status, p.Suspension = ProgressActive, nil
	case *events.ProgressConcluded:
		p.NominationID, p.Status = e.NominationID, ProgressConcluded
		o := *e
		p.Outcome = &o
	}
	p.History = append(p.History, ProgressStep{Seq: seq, At: at, By: actor, Type: pl.EventType(), Data: pl})
}

// EndOf returns the trainee's current planned end: the last extension's,
// else the nomination's.
func (p *Progress) EndOf(t Trainee) events.Date {
	if p != nil && !p.End.IsZero() {
		return p.End
	}
	return t.End
}

// followable checks that actor may record the follow-up of trainee t: the
// nominating agency's officer, for an approved postgraduate nomination.
func followable(t Trainee, actor events.Actor) error {
	if !isRole(actor, domain.RoleAgency) {
		return domain.Forbidden("Chỉ cơ quan, đơn vị cử đi học theo dõi quá trình học tập.")
	}
	if t.NominationID == "" || t.AgencyCode != actor.Agency {
		return domain.NotFound("học viên sau đại học này của cơ quan, đơn vị bạn")
	}
	if !t.Postgraduate || !t.Approved {
		return domain.Transition("Chỉ theo dõi hồ sơ đào tạo sau đại học đã được phê duyệt.")
	}
	return nil
}

func notConcluded(p *Progress, t Trainee) error {
	if p != nil && p.Status == ProgressConcluded || t.Result != "" {
		return domain.Transition("Đã ghi kết quả cuối cùng của khóa học; không ghi thêm được.")
	}
	return nil
}

// RecordProgress decides recording one period's progress.
func RecordProgress(p *Progress, t Trainee, e events.ProgressRecorded, actor events.Actor) (events.ProgressRecorded, error) {
	if err := followable(t, actor); err != nil {
		return e, err
	}
	pr := domain.Problems{}
	if !periodPattern.MatchString(e.Period) {
		pr.Add("period", `Kỳ ghi dạng "2026-1" (học kỳ 1), "2026-2" hoặc "2026" (cả năm).`)
	} else if p != nil && slices.ContainsFunc(p.Records, func(r events.ProgressRecorded) bool { return r.Period == e.Period }) {
		pr.Add("period", "Kỳ này đã được ghi; mỗi kỳ ghi một lần.")
	}
	if e.Credits < 0 || e.Credits > 200 {
		pr.Add("credits", "Số tín chỉ phải từ 0 đến 200.")
	}
	checkText(pr, "results", e.Results, MaxReasonRunes, "Cần kết quả học tập của kỳ (ví dụ: điểm trung bình 3,2/4).")
	for f, v := range map[string]string{"thesis_stage": e.ThesisStage, "note": e.Note} {
		if utf8.RuneCountInString(v) > MaxReasonRunes {
			pr.Add(f, "Tối đa 2000 ký tự.")
		}
	}
	if err := pr.Err(); err != nil {
		return e, err
	}
	if err := notConcluded(p, t); err != nil {
		return e, err
	}
	e.NominationID = t.NominationID
	return e, nil
}

// Extend decides an extension to newEnd, after the current end.
func Extend(p *Progress, t Trainee, newEnd events.Date, reason string, actor events.Actor) (events.ProgressExtended, error) {
	if err := followable(t, actor); err != nil {
		return events.ProgressExtended{}, err
	}
	cur := p.EndOf(t)
	pr := domain.Problems{}
	if newEnd.IsZero() {
		pr.Add("new_end", "Cần ngày kết thúc mới (YYYY-MM-DD).")
	} else if !newEnd.After(cur) {
		pr.Add("new_end", "Ngày kết thúc mới phải sau ngày kết thúc hiện tại ("+cur.Time().Format("02/01/2006")+").")
	}
	checkText(pr, "reason", reason, MaxReasonRunes, "Cần lý do gia hạn.")
	if err := pr.Err(); err != nil {
		return events.ProgressExtended{}, err
	}
	if err := notConcluded(p, t); err != nil {
		return events.ProgressExtended{}, err
	}
	return events.ProgressExtended{NominationID: t.NominationID, PreviousEnd: cur, NewEnd: newEnd, Reason: reason}, nil
}

// Suspend decides a suspension from..until.
func Suspend(p *Progress, t Trainee, from, until events.Date, reason string, actor events.Actor) (events.ProgressSuspended, error) {
	if err := followable(t, actor); err != nil {
		return events.ProgressSuspended{}, err
	}
	pr := domain.Problems{}
	if from.IsZero() {
		pr.Add("from", "Cần ngày bắt đầu bảo lưu (YYYY-MM-DD).")
	}
	if until.IsZero() || !from.IsZero() && !until.After(from) {
		pr.Add("until", "Cần ngày kết thúc bảo lưu, sau ngày bắt đầu.")
	}
	checkText(pr, "reason", reason, MaxReasonRunes, "Cần lý do bảo lưu.")
	if err := pr.Err(); err != nil {
		return events.ProgressSuspended{}, err
	}
	if err := notConcluded(p, t); err != nil {
		return events.ProgressSuspended{}, err
	}
	if p != nil && p.Status == ProgressSuspended {
		return events.ProgressSuspended{}, domain.Transition("Học viên đang bảo lưu.")
	}
	return events.ProgressSuspended{NominationID: t.NominationID, From: from, Until: until, Reason: reason}, nil
}

// Resume decides the return from a suspension on day on.
func Resume(p *Progress, t Trainee, on events.Date, actor events.Actor) (events.ProgressResumed, error) {
	if err := followable(t, actor); err != nil {
		return events.ProgressResumed{}, err
	}
	if on.IsZero() {
		return events.ProgressResumed{}, domain.Invalid("on", "Cần ngày trở lại học (YYYY-MM-DD).")
	}
	if p == nil || p.Status != ProgressSuspended {
		return events.ProgressResumed{}, domain.Transition("Học viên không đang bảo lưu.")
	}
	return events.ProgressResumed{NominationID: t.NominationID, On: on}, nil
}

// Conclude decides ending the follow-up early: the trainee withdrew (thôi
// học). A graduation, or a programme finished without a degree, is the
// programme's result, recorded with the results of training (and the copy
// of the degree), which ends the follow-up too.
func Conclude(p *Progress, t Trainee, outcome string, on events.Date, note string, actor events.Actor) (events.ProgressConcluded, error) {
	if err := followable(t, actor); err != nil {
		return events.ProgressConcluded{}, err
	}
	pr := domain.Problems{}
	switch outcome {
	case OutcomeWithdrawn:
	case OutcomeGraduated, OutcomeNotGraduated:
		pr.Add("outcome", "Kết quả tốt nghiệp (có hoặc không được cấp bằng) ghi ở kết quả học tập của học viên, kèm bản sao văn bằng; ở đây chỉ ghi thôi học (withdrawn).")
	default:
		pr.Add("outcome", `Kết quả phải là "withdrawn" (thôi học).`)
	}
	if on.IsZero() {
		pr.Add("on", "Cần ngày (YYYY-MM-DD).")
	}
	if utf8.RuneCountInString(note) > MaxReasonRunes {
		pr.Add("note", "Tối đa 2000 ký tự.")
	}
	if err := pr.Err(); err != nil {
		return events.ProgressConcluded{}, err
	}
	if err := notConcluded(p, t); err != nil {
		return events.ProgressConcluded{}, err
	}
	return events.ProgressConcluded{NominationID: t.NominationID, Outcome: outcome, On: on, Note: note}, nil
}

// Overdue is a progress record not made by its due date.
type Overdue struct {
	NominationID string      `json:"nomination_id"`
	AgencyCode   string      `json:"agency_code"`
	OfficialID   string      `json:"official_id"`
	Missing      int         `json:"missing"`
	Due          events.Date `json:"due"`
}

// OverdueOn returns whether trainee t's follow-up lacks records on today:
// one record is due each ProgressEveryMonths from the start, within
// ProgressGraceDays after the period ends, until the programme's end. A
// suspended or concluded follow-up is never overdue.
func OverdueOn(p *Progress, t Trainee, today events.Date) (Overdue, bool) {
	if !t.Approved || !t.Postgraduate || t.Start.IsZero() {
		return Overdue{}, false
	}
	if p != nil && (p.Status == ProgressSuspended || p.Status == ProgressConcluded) || t.Result != "" {
		return Overdue{}, false
	}
	end := p.EndOf(t)
	have := 0
	if p != nil {
		have = len(p.Records)
	}
	expected, firstMissing := 0, events.Date{}
	for k := 1; ; k++ {
		periodEnd := t.Start.AddDate(0, ProgressEveryMonths*k, 0)
		if !end.IsZero() && periodEnd.After(end) {
			periodEnd = end
		}
		due := periodEnd.AddDate(0, 0, ProgressGraceDays)
		if !today.After(due) {
			break
		}
		expected++
		if expected == have+1 {
			firstMissing = due
		}
		if !end.IsZero() && !periodEnd.Before(end) {
			break
		}
	}
	if expected <= have {
		return Overdue{}, false
	}
	return Overdue{NominationID: t.NominationID, AgencyCode: t.AgencyCode, OfficialID: t.OfficialID, Missing: expected - have, Due: firstMissing}, true
}
