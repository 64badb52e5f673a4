package projections

import "daotao/events"

// Invariants of completion, as Check reports them.
const (
	// InvResultApproved: a result is recorded only for a nomination that
	// was approved before it.
	InvResultApproved = "result_for_approved_participant"
	// InvResultRecorder: a result is recorded (or corrected) by Sở Nội vụ,
	// or by an agency officer of the course's lead agency (of the
	// nominating agency for a participant without a course).
	InvResultRecorder = "result_by_recording_agency"
	// InvOwnReport: reports and survey answers come from the account
	// linked to the participant.
	InvOwnReport = "trainee_reports_own_training"
)

// completionCheck folds what the completion invariants need.
type completionCheck struct {
	participants map[string]events.TrainingParticipant // nomination id → as recorded with its result
	trainees     map[string]string                     // user id → official id of accounts of role official
}

func (cc *completionCheck) fold(c *checker, r events.Recorded, id string, p events.Payload) {
	if cc.participants == nil {
		cc.participants, cc.trainees = map[string]events.TrainingParticipant{}, map[string]string{}
	}
	switch e := p.(type) {
	case *events.UserCreated:
		if e.OfficialID != "" {
			cc.trainees[e.UserID] = e.OfficialID
		}
	case *events.TrainingResultRecorded:
		cc.result(c, r, id, e.TrainingParticipant)
	case *events.TrainingPostgraduateCompleted:
		cc.result(c, r, id, e.TrainingParticipant)
	case *events.TrainingResultCorrected:
		cc.recorder(c, r, cc.participants[id])
	case *events.TrainingReportSubmitted:
		cc.own(c, r, id)
	case *events.TrainingSurveyAnswered:
		cc.own(c, r, id)
	}
}

func (cc *completionCheck) result(c *checker, r events.Recorded, id string, part events.TrainingParticipant) {
	cc.participants[id] = part
	if _, ok := c.approvedAt[id]; !ok {
		c.report(r, InvResultApproved, "result for nomination %s, which was never approved", id)
	}
	cc.recorder(c, r, part)
}

func (cc *completionCheck) recorder(c *checker, r events.Recorded, part events.TrainingParticipant) {
	want := part.AgencyCode
	if part.CourseID != "" {
		want = part.LeadAgency
	}
	a := r.Actor
	if a.Role != "home_affairs" && (a.Role != "agency" || a.Agency != want) {
		c.report(r, InvResultRecorder, "result recorded by %s (%s %s), not by %s or Sở Nội vụ", a.Username, a.Role, a.Agency, want)
	}
}

func (cc *completionCheck) own(c *checker, r events.Recorded, id string) {
	if official := cc.trainees[r.Actor.UserID]; r.Actor.Role != "official" || official == "" || official != c.nominees[id] {
		c.report(r, InvOwnReport, "%s by %s (%s), not by the account of official %s", r.Type, r.Actor.Username, r.Actor.Role, c.nominees[id])
	}
}
