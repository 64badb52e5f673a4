package domain

import (
	"strings"
	"time"
	"unicode/utf8"

	"daotao/events"
)

// Grades of a result (xếp loại kết quả học tập), best first.
const (
	GradeExcellent = "xuat_sac"   // xuất sắc
	GradeVeryGood  = "gioi"       // giỏi
	GradeGood      = "kha"        // khá
	GradeAverage   = "trung_binh" // trung bình
	GradeFailed    = "khong_dat"  // không đạt
)

// Grades lists the grades, best first.
var Grades = []string{GradeExcellent, GradeVeryGood, GradeGood, GradeAverage, GradeFailed}

// GradeLabel returns the Vietnamese name of a grade.
func GradeLabel(g string) string {
	return map[string]string{GradeExcellent: "Xuất sắc", GradeVeryGood: "Giỏi", GradeGood: "Khá",
		GradeAverage: "Trung bình", GradeFailed: "Không đạt"}[g]
}

// Degrees a postgraduate programme awards.
// the same codes as a postgraduate course's degree.
var Degrees = []string{"thac_si", "tien_si", "ck1", "ck2"}

// DegreeLabel returns the Vietnamese name of a degree.
func DegreeLabel(d string) string {
	return map[string]string{"thac_si": "Thạc sĩ", "tien_si": "Tiến sĩ", "ck1": "Bác sĩ chuyên khoa I",
		"ck2": "Bác sĩ chuyên khoa II"}[d]
}

// Training formats: the course's format, or for a participant without a
// course what the nomination says.
const (
	TrainingClass            = events.CourseClass        // lớp tập trung hoặc trực tuyến
	TrainingDelegationAbroad = events.CourseDelegation   // đoàn bồi dưỡng ở nước ngoài
	TrainingSeminar          = events.CourseSeminar      // hội thảo
	TrainingPostgraduate     = events.CoursePostgraduate // đào tạo sau đại học
	TrainingRefresher        = "refresher"               // bồi dưỡng, không gắn với khóa học
)

// TrainingFormatLabel returns the Vietnamese name of a training format.
func TrainingFormatLabel(f string) string {
	return map[string]string{TrainingClass: "Lớp bồi dưỡng", TrainingDelegationAbroad: "Đoàn bồi dưỡng ở nước ngoài",
		TrainingSeminar: "Hội thảo", TrainingPostgraduate: "Đào tạo sau đại học", TrainingRefresher: "Bồi dưỡng"}[f]
}

// Limits on completion input.
const (
	MaxCertificateRunes = 64
	MaxReportRunes      = 20000
	MaxCommentRunes     = 2000
)

// Participation is what completion knows of one participant when a command
// is decided: the facts of the training, and whether the participant holds
// an approved place and the training is over.
type Participation struct {
	events.TrainingParticipant
	// Approved: the nomination is approved (and, for a course, holds a
	// seat).
	Approved bool
	// Ended: the course has finished, or a participant without a course
	// has passed the end date.
	Ended bool
	// DurationMonths is a postgraduate programme's length as nominated
	// (0: counted from the dates).
	DurationMonths int
}

// Postgraduate reports whether the participation is postgraduate study.
func (p Participation) Postgraduate() bool { return p.Kind == KindPostgraduate }

// MayRecord reports whether actor records results for p: a course's lead
// agency for its participants; for a participant without a course the
// nominating agency, or Sở Nội vụ.
func (p Participation) MayRecord(actor events.Actor) bool {
	if p.CourseID != "" {
		return Is(actor, RoleAgency) && actor.Agency == p.LeadAgency
	}
	return (Is(actor, RoleAgency) && actor.Agency == p.AgencyCode) || Is(actor, RoleHomeAffairs)
}

// RecordResult is the command to record (or correct) a participant's
// result. Attended and Grade are for everyone; the degree fields for
// postgraduate study.
type RecordResult struct {
	Attended      bool
	Grade         string
	CertificateNo string
	DegreeAwarded bool
	Degree        string
	DegreeDate    events.Date
}

// Training is one participant's completion record, rebuilt from the events
// of its training aggregate.
type Training struct {
	seq         uint64
	participant events.TrainingParticipant
	outcome     *events.TrainingOutcome
	resultSeq   uint64 // the event holding the current outcome
	recordedAt  time.Time
	recordedBy  events.Actor
	corrections []Correction
	reports     map[string]events.TrainingReportSubmitted
	survey      *events.TrainingSurveyAnswered
}

// Correction is one correction of a result, as the history shows it.
type Correction struct {
	Seq      uint64                 `json:"seq"`
	Corrects uint64                 `json:"corrects"`
	Reason   string                 `json:"reason"`
	At       time.Time              `json:"at"`
	By       string                 `json:"by"`
	Outcome  events.TrainingOutcome `json:"outcome"`
}

// Seq returns the stream sequence of the record's last event: the expected
// sequence of its next append (0 when it has none).
func (t *Training) Seq() uint64 { return t.seq }

// Outcome returns the current result, or nil when none is recorded.
func (t *Training) Outcome() *events.TrainingOutcome { return t.outcome }

// Participant returns the facts recorded with the first result.
func (t *Training) Participant() events.TrainingParticipant { return t.participant }

// Reports returns the submitted reports by kind.
func (t *Training) Reports() map[string]events.TrainingReportSubmitted { return t.reports }

// Survey returns the survey answer, or nil.
func (t *Training) Survey() *events.TrainingSurveyAnswered { return t.survey }

// Apply folds one event into the record. at is the event's business time
// and actor who caused it.
func (t *Training) Apply(seq uint64, at time.Time, actor events.Actor, p events.Payload) {
	t.seq = seq
	switch e := p.(type) {
	case *events.TrainingResultRecorded:
		t.setResult(seq, at, actor, e.TrainingParticipant, e.TrainingOutcome)
	case *events.TrainingPostgraduateCompleted:
		t.setResult(seq, at, actor, e.TrainingParticipant, e.TrainingOutcome)
	case *events.TrainingResultCorrected:
		o := e.TrainingOutcome
		t.outcome, t.resultSeq = &o, seq
		t.corrections = append(t.corrections[:len(t.corrections):len(t.corrections)],
			Correction{Seq: seq, Corrects: e.Corrects, Reason: e.Reason, At: at, By: actor.Username, Outcome: o})
	case *events.TrainingReportSubmitted:
		next := make(map[string]events.TrainingReportSubmitted, len(t.reports)+1)
		for k, v := range t.reports {
			next[k] = v
		}
		next[e.Report] = *e
		t.reports = next
	case *events.TrainingSurveyAnswered:
		s := *e
		t.survey = &s
	}
}

func (t *Training) setResult(seq uint64, at time.Time, actor events.Actor, part events.TrainingParticipant, o events.TrainingOutcome) {
	t.participant, t.outcome, t.resultSeq, t.recordedAt, t.recordedBy = part, &o, seq, at, actor
}

// Record decides the first result of participant p. firstTime says whether
// the official had no earlier approved training of the same kind (see
// FirstTime); today is the date in Asia/Ho_Chi_Minh. It returns
// KindNotFound when actor may not record for p (another agency's
// participant), KindConflict when p is not an approved participant, the
// training is not over or a result is already recorded (corrections are
// their own command), and KindInvalid naming the fields at fault.
func (t *Training) Record(actor events.Actor, p Participation, cmd RecordResult, firstTime bool, today events.Date) (events.Payload, error) {
	o, err := decideOutcome(actor, p, cmd, firstTime, today)
	if err != nil {
		return nil, err
	}
	if t.outcome != nil {
		return nil, Transition("Kết quả của học viên này đã được ghi; muốn sửa thì dùng \"điều chỉnh kết quả\" và nêu lý do.")
	}
	if p.Postgraduate() {
		return &events.TrainingPostgraduateCompleted{TrainingParticipant: p.TrainingParticipant, TrainingOutcome: o}, nil
	}
	return &events.TrainingResultRecorded{TrainingParticipant: p.TrainingParticipant, TrainingOutcome: o}, nil
}

// Correct decides a correction of the recorded result, with a required
// reason. The errors are those of Record, and KindConflict when there is no
// result yet or the correction changes nothing.
func (t *Training) Correct(actor events.Actor, p Participation, cmd RecordResult, reason string, firstTime bool, today events.Date) (events.Payload, error) {
	o, err := decideOutcome(actor, p, cmd, firstTime, today)
	if err != nil {
		return nil, err
	}
	if err := checkReason("reason", reason, true); err != nil {
		return nil, err
	}
	if t.outcome == nil {
		return nil, Transition("Chưa có kết quả để điều chỉnh; hãy ghi kết quả trước.")
	}
	if *t.outcome == o {
		return nil, Transition("Kết quả điều chỉnh giống hệt kết quả đang có.")
	}
	return &events.TrainingResultCorrected{NominationID: p.NominationID, OfficialID: p.OfficialID,
		Corrects: t.resultSeq, Reason: strings.TrimSpace(reason), TrainingOutcome: o}, nil
}

// decideOutcome checks who records, the participant's state and the input,
// and returns the outcome with its priority mark.
func decideOutcome(actor events.Actor, p Participation, cmd RecordResult, firstTime bool, today events.Date) (events.TrainingOutcome, error) {
	if !Is(actor, RoleAgency) && !Is(actor, RoleHomeAffairs) {
		return events.TrainingOutcome{}, Forbidden("Chỉ đơn vị chủ trì khóa học (hoặc cơ quan cử, Sở Nội vụ) được ghi kết quả học tập.")
	}
	if !p.MayRecord(actor) {
		return events.TrainingOutcome{}, NotFound("học viên")
	}
	if !p.Approved {
		return events.TrainingOutcome{}, Transition("Chỉ ghi kết quả cho học viên có hồ sơ cử đi đã được phê duyệt.")
	}
	if !p.Ended && !p.Postgraduate() {
		return events.TrainingOutcome{}, Transition("Khóa học chưa kết thúc; chỉ ghi kết quả sau khi khóa học kết thúc.")
	}
	prob := Problems{}
	o := checkOutcome(prob, p, cmd, today)
	if err := prob.Err(); err != nil {
		return events.TrainingOutcome{}, err
	}
	o.FirstTime = firstTime
	o.PriorityHigherLevel = PriorityForHigherLevel(o, p.Postgraduate(), firstTime)
	return o, nil
}

func checkOutcome(prob Problems, p Participation, cmd RecordResult, today events.Date) events.TrainingOutcome {
	o := events.TrainingOutcome{Attended: cmd.Attended, Grade: cmd.Grade, CertificateNo: strings.TrimSpace(cmd.CertificateNo)}
	if cmd.Grade != "" && !oneOf(cmd.Grade, Grades) {
		prob.Add("grade", "Xếp loại phải là một trong: xuat_sac, gioi, kha, trung_binh, khong_dat.")
	}
	if utf8.RuneCountInString(o.CertificateNo) > MaxCertificateRunes {
		prob.Add("certificate_no", "Số chứng chỉ tối đa 64 ký tự.")
	}
	if p.Postgraduate() {
		checkDegree(prob, p, cmd, today)
		o.Attended, o.DegreeAwarded, o.Degree, o.DegreeDate = true, cmd.DegreeAwarded, cmd.Degree, cmd.DegreeDate
		o.DurationMonths = p.DurationMonths
		if o.DurationMonths == 0 {
			o.DurationMonths = MonthsBetween(p.StartDate, p.EndDate)
		}
		return o
	}
	if cmd.DegreeAwarded || cmd.Degree != "" || !cmd.DegreeDate.IsZero() {
		prob.Add("degree_awarded", "Văn bằng chỉ ghi cho đào tạo sau đại học.")
	}
	switch {
	case cmd.Attended && cmd.Grade == "":
		prob.Add("grade", "Cần xếp loại kết quả học tập.")
	case !cmd.Attended && (cmd.Grade != "" || o.CertificateNo != ""):
		prob.Add("attended", "Học viên không tham dự thì không có xếp loại và chứng chỉ.")
	}
	return o
}

func checkDegree(prob Problems, p Participation, cmd RecordResult, today events.Date) {
	if !cmd.Attended {
		prob.Add("attended", "Với đào tạo sau đại học, ghi \"không được cấp bằng\" thay cho vắng mặt.")
	}
	if !cmd.DegreeAwarded {
		if cmd.Degree != "" || !cmd.DegreeDate.IsZero() {
			prob.Add("degree", "Không được cấp bằng thì không ghi loại bằng và ngày cấp.")
		}
		if today.Before(p.EndDate) {
			prob.Add("degree_awarded", "Chương trình chưa kết thúc; chỉ ghi \"không được cấp bằng\" sau ngày kết thúc.")
		}
		return
	}
	if !oneOf(cmd.Degree, Degrees) {
		prob.Add("degree", "Loại bằng phải là một trong: thac_si, tien_si, ck1, ck2.")
	}
	switch {
	case cmd.DegreeDate.IsZero():
		prob.Add("degree_date", "Cần ngày cấp bằng (YYYY-MM-DD).")
	case cmd.DegreeDate.Before(p.StartDate):
		prob.Add("degree_date", "Ngày cấp bằng không được trước ngày bắt đầu chương trình.")
	case cmd.DegreeDate.After(today):
		prob.Add("degree_date", "Ngày cấp bằng không được sau hôm nay.")
	}
}

// PastTraining is an earlier approved nomination of the same official, as
// FirstTime needs it.
type PastTraining struct {
	NominationID string
	Kind         string
	StartDate    events.Date
}

// FirstTime reports whether training p is the official's first of its kind
// (bồi dưỡng or đào tạo sau đại học): no other approved nomination of the
// same kind started before it. Two starting the same day are told apart
// by their nomination ids, so exactly one of them is the first.
func FirstTime(p events.TrainingParticipant, others []PastTraining) bool {
	for _, o := range others {
		if o.NominationID == p.NominationID || o.Kind != p.Kind {
			continue
		}
		if o.StartDate.Before(p.StartDate) || (o.StartDate == p.StartDate && o.NominationID < p.NominationID) {
			return false
		}
	}
	return true
}

// PriorityForHigherLevel is the rule of Phần II.VI.2 of the Đề án: an
// official sent for the first time whose result is "giỏi" or better has
// priority for training at a higher level. A postgraduate result counts
// only with the degree awarded.
func PriorityForHigherLevel(o events.TrainingOutcome, postgraduate, firstTime bool) bool {
	if !firstTime || !o.Attended || (postgraduate && !o.DegreeAwarded) {
		return false
	}
	return o.Grade == GradeExcellent || o.Grade == GradeVeryGood
}
