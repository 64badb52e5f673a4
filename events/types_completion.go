package events

// Event types of completion: results, the reports an official owes and the
// course quality survey. They are recorded on the training aggregate,
// one per participant, keyed by the nomination id
// ("daotao.events.training.<nomination id>"), so that each participant's
// result, reports and survey answer form one consistency boundary.
const (
	// TypeTrainingResultRecorded records the attendance and result of a
	// refresher course participant (class, delegation abroad, seminar).
	TypeTrainingResultRecorded = "training.result_recorded"
	// TypeTrainingPostgraduateCompleted records the end of a postgraduate
	// programme: degree awarded or not, with its date. A service commitment
	// starts from it when the degree was awarded.
	TypeTrainingPostgraduateCompleted = "training.postgraduate_completed"
	// TypeTrainingResultCorrected replaces a recorded result; the earlier
	// event stays in the log and is named by its sequence.
	TypeTrainingResultCorrected = "training.result_corrected"
	// TypeTrainingReportSubmitted records a report the official owes.
	TypeTrainingReportSubmitted = "training.report_submitted"
	// TypeTrainingSurveyAnswered records a participant's course quality
	// survey, once per participant per course.
	TypeTrainingSurveyAnswered = "training.survey_answered"
)

// AggregateTraining is one participant's completion record, keyed by the
// nomination id.
const AggregateTraining = "training"

// TrainingParticipant identifies whose result an event records and the facts
// of the training it was decided on, so that the event reads the same
// whatever happens to the nomination or the course later.
type TrainingParticipant struct {
	NominationID string `json:"nomination_id"`
	OfficialID   string `json:"official_id"`
	// AgencyCode is the nominating agency (the official's).
	AgencyCode string `json:"agency_code"`
	// Kind is the nomination's kind: boi_duong or sau_dai_hoc.
	Kind string `json:"kind"`
	// Format is class, delegation_abroad, seminar, postgraduate, or
	// refresher for a refresher nomination without a course.
	Format string `json:"format"`
	// CourseID and LeadAgency are set for a course participant.
	CourseID   string `json:"course_id,omitempty"`
	LeadAgency string `json:"lead_agency,omitempty"`
	Title      string `json:"title,omitempty"`
	StartDate  Date   `json:"start_date"`
	// EndDate is the last day of the training: for a delegation abroad,
	// the day of return.
	EndDate Date `json:"end_date"`
}

// TrainingOutcome is a recorded result.
type TrainingOutcome struct {
	Attended bool `json:"attended"`
	// Grade is xuat_sac, gioi, kha, trung_binh or khong_dat; empty when the
	// participant did not attend (or a postgraduate result without one).
	Grade         string `json:"grade,omitempty"`
	CertificateNo string `json:"certificate_no,omitempty"`
	// DegreeAwarded, Degree and DegreeDate are for postgraduate study.
	DegreeAwarded bool   `json:"degree_awarded,omitempty"`
	Degree        string `json:"degree,omitempty"`
	DegreeDate    Date   `json:"degree_date"`
	// DurationMonths is the programme's length (postgraduate), the basis
	// of a service commitment.
	DurationMonths int `json:"duration_months,omitempty"`
	// FirstTime says the official had no earlier approved training of the
	// same kind, as the projections knew when the result was recorded.
	FirstTime bool `json:"first_time"`
	// PriorityHigherLevel is the Phần II.VI.2 mark: a first-time trainee
	// with a result "giỏi" or better has priority for a higher level.
	PriorityHigherLevel bool `json:"priority_higher_level"`
}

// TrainingResultRecorded records a refresher participant's result.
type TrainingResultRecorded struct {
	TrainingParticipant
	TrainingOutcome
}

// TrainingPostgraduateCompleted records the end of a postgraduate
// programme. It carries the nomination, the official, the degree, its date
// and the duration in months: what a service commitment needs.
type TrainingPostgraduateCompleted struct {
	TrainingParticipant
	TrainingOutcome
}

// TrainingResultCorrected replaces the current result with Outcome.
// Corrects is the stream sequence of the event it corrects.
type TrainingResultCorrected struct {
	NominationID string `json:"nomination_id"`
	OfficialID   string `json:"official_id"`
	Corrects     uint64 `json:"corrects"`
	Reason       string `json:"reason"`
	TrainingOutcome
}

// TrainingReportSubmitted records one report the official owed: its kind
// (ket_qua, thu_hoach, sau_dao_tao), text, the attached document and the
// due date it was owed by, under the rule named.
type TrainingReportSubmitted struct {
	NominationID string         `json:"nomination_id"`
	OfficialID   string         `json:"official_id"`
	Report       string         `json:"report"`
	Summary      string         `json:"summary"`
	Attachment   *AttachmentRef `json:"attachment,omitempty"`
	DueDate      Date           `json:"due_date"`
	DueRule      string         `json:"due_rule"`
	SubmittedOn  Date           `json:"submitted_on"`
	// DaysLate is how many days after the due date it came (0: on time).
	DaysLate int `json:"days_late,omitempty"`
}

// TrainingSurveyAnswered records one participant's course quality survey:
// a rating 1–5 per question of the fixed questionnaire and a comment.
type TrainingSurveyAnswered struct {
	NominationID string         `json:"nomination_id"`
	CourseID     string         `json:"course_id"`
	LeadAgency   string         `json:"lead_agency"`
	Ratings      map[string]int `json:"ratings"`
	Comment      string         `json:"comment,omitempty"`
}

// EventType returns the registered type name.
func (TrainingResultRecorded) EventType() string { return TypeTrainingResultRecorded }

// EventType returns the registered type name.
func (TrainingPostgraduateCompleted) EventType() string { return TypeTrainingPostgraduateCompleted }

// EventType returns the registered type name.
func (TrainingResultCorrected) EventType() string { return TypeTrainingResultCorrected }

// EventType returns the registered type name.
func (TrainingReportSubmitted) EventType() string { return TypeTrainingReportSubmitted }

// EventType returns the registered type name.
func (TrainingSurveyAnswered) EventType() string { return TypeTrainingSurveyAnswered }
