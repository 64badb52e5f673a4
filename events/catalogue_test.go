package events_test

import (
	"reflect"
	"testing"
	"time"

	"daotao/events"
)

// payloads lists one value of every payload type; a type added to types.go
// without an entry here, or without registration in the catalogue, fails.
var payloads = []events.Payload{
	events.UserCreated{}, events.UserPasswordChanged{}, events.UserDisabled{}, events.UserEnabled{},
	events.SessionOpened{}, events.SessionClosed{},
	events.OfficialRegistered{}, events.OfficialUpdated{}, events.OfficialBooked{}, events.OfficialReleased{},
	events.QuotaPlaceTaken{}, events.QuotaPlaceReleased{}, events.QuotaPlacesReleased{},
	events.ReferencePublished{Document: []byte(`{}`)}, events.BaselinePublished{Document: []byte(`{}`)},
	events.NominationCreated{}, events.NominationRevised{}, events.NominationSubmitted{}, events.NominationApproved{},
	events.NominationRejected{}, events.NominationReturned{}, events.NominationResubmitted{}, events.NominationWithdrawn{},
	events.NominationStagePassed{}, events.NominationSentBack{}, events.NominationCommented{},
	events.NominationAttachmentAdded{}, events.NominationAttachmentRemoved{}, events.DelegationGranted{}, events.DelegationRevoked{},
	events.ReviewSealed{}, events.ReviewOpened{}, events.ReviewCorrectionRecorded{},
	events.QueueFilterSaved{}, events.QueueFilterRemoved{},
	events.SittingOpened{}, events.SittingResolved{}, events.SittingItemDecided{}, events.SittingItemRefused{},
	events.InboxRead{}, events.UserEmailSet{}, events.MailSent{}, events.DeadlineReminded{}, events.DeadlineEscalated{},
	events.NeedSubmitted{}, events.NeedReturned{}, events.PlanRoundOpened{}, events.PlanDrafted{},
	events.PlanSubmitted{}, events.PlanCouncilAgreed{}, events.PlanReturned{}, events.PlanApproved{},
	events.FocusListPublished{},
	events.ProviderRegistered{}, events.ProviderUpdated{}, events.ProviderSelected{},
	events.SelectionDocumentAdded{},
	events.ProgressRecorded{}, events.ProgressExtended{}, events.ProgressSuspended{}, events.ProgressResumed{}, events.ProgressConcluded{},
	events.CommitmentOpened{}, events.CommitmentClosed{},
	events.ReimbursementOpened{}, events.ReimbursementRecommended{}, events.ReimbursementDecided{},
	events.ReimbursementPaid{}, events.ReimbursementWaived{},
	events.BudgetSubmitted{}, events.BudgetApproved{}, events.BudgetAdjusted{}, events.BudgetReturned{},
	events.BudgetActualRecorded{},
	events.TrainingResultRecorded{}, events.TrainingPostgraduateCompleted{}, events.TrainingResultCorrected{},
	events.TrainingReportSubmitted{}, events.TrainingSurveyAnswered{},
	events.ProgrammeDrafted{}, events.ProgrammeRevised{}, events.ProgrammeSubmitted{}, events.ProgrammeReturned{},
	events.ProgrammeReviewed{}, events.ProgrammeApproved{},
	events.CoursePlanned{}, events.CourseRevised{}, events.CourseReservationsSet{}, events.CourseOpened{},
	events.CourseClosed{}, events.CourseStarted{}, events.CourseFinished{}, events.CourseCancelled{},
	events.CourseSeatTaken{}, events.CourseWaitlisted{}, events.CourseSeatReleased{}, events.CourseWaitlistLeft{},
}

func TestEveryPayloadIsRegistered(t *testing.T) {
	seen := map[string]bool{}
	for _, p := range payloads {
		typ := p.EventType()
		t.Run(typ, func(t *testing.T) {
			if events.CurrentVersion(typ) < 1 {
				t.Fatalf("%s is not in the catalogue", typ)
			}
			e, err := events.New("id-1", events.Subject("x", "1"), time.Unix(0, 0), events.System, p)
			if err != nil {
				t.Fatalf("New: %v", err)
			}
			got, err := events.Unmarshal(e)
			if err != nil {
				t.Fatalf("Unmarshal: %v", err)
			}
			if reflect.TypeOf(got).Elem() != reflect.TypeOf(p) {
				t.Errorf("decoded as %T; want *%T", got, p)
			}
		})
		seen[typ] = true
	}
	for _, typ := range events.Types() {
		if !seen[typ] {
			t.Errorf("catalogue has %s but this test lists no payload of it", typ)
		}
	}
}
