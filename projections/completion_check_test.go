package projections_test

import (
	"testing"

	"daotao/events"
	"daotao/projections"
)

// TestCheckCompletion writes, bypassing the application, a sound
// completion (approved nomination, result by the nominating agency, report
// by the linked trainee), then a result for a nomination never approved,
// one by another agency and a report by someone else: Check names each.
func TestCheckCompletion(t *testing.T) {
	log := newCheckLog(t)
	add, check := log.add, log.check
	yte := events.Actor{UserID: "u-1", Username: "soyte", Role: "agency", Agency: "so_y_te"}
	other := events.Actor{UserID: "u-2", Username: "soxd", Role: "agency", Agency: "so_xay_dung"}
	trainee := events.Actor{UserID: "u-3", Username: "hocvien", Role: "official"}
	sys := events.System
	add(events.Subject(events.AggregateUser, "hocvien"), sys, &events.UserCreated{UserID: "u-3", Username: "hocvien", Role: "official", OfficialID: "o-1"})
	add(events.Subject(events.AggregateOfficial, "o-1"), yte, &events.OfficialRegistered{OfficialID: "o-1", AgencyCode: "so_y_te"})
	for _, id := range []string{"n-1", "n-2"} {
		add(events.Subject(events.AggregateNomination, id), yte, &events.NominationCreated{NominationID: id, OfficialID: "o-1", AgencyCode: "so_y_te", Kind: "boi_duong"})
	}
	add(events.Subject(events.AggregateNomination, "n-1"), events.Actor{Username: "hoidong", Role: "council"}, &events.NominationApproved{})
	add(events.Subject(events.AggregateOfficial, "o-1"), events.Actor{Username: "hoidong", Role: "council"}, &events.OfficialBooked{NominationID: "n-1"})
	part := func(id string) events.TrainingParticipant {
		return events.TrainingParticipant{NominationID: id, OfficialID: "o-1", AgencyCode: "so_y_te", Kind: "boi_duong", Format: "refresher"}
	}
	tr := func(id string) string { return events.Subject(events.AggregateTraining, id) }
	add(tr("n-1"), yte, &events.TrainingResultRecorded{TrainingParticipant: part("n-1"), TrainingOutcome: events.TrainingOutcome{Attended: true, Grade: "kha"}})
	add(tr("n-1"), trainee, &events.TrainingReportSubmitted{NominationID: "n-1", OfficialID: "o-1", Report: "ket_qua"})
	if vs := check(); len(vs) != 0 {
		t.Fatalf("a sound completion: %v", vs)
	}
	want := map[uint64]string{
		add(tr("n-2"), yte, &events.TrainingResultRecorded{TrainingParticipant: part("n-2")}):     projections.InvResultApproved,
		add(tr("n-1"), other, &events.TrainingResultCorrected{NominationID: "n-1", Reason: "x"}):  projections.InvResultRecorder,
		add(tr("n-1"), yte, &events.TrainingSurveyAnswered{NominationID: "n-1", CourseID: "c-1"}): projections.InvOwnReport,
	}
	vs := check()
	var got []string
	for _, v := range vs {
		got = append(got, v.Invariant)
		if want[v.Seq] != v.Invariant {
			t.Errorf("violation %v; want %s at seq %d", v, want[v.Seq], v.Seq)
		}
	}
	if len(vs) != len(want) {
		t.Errorf("violations %v, want %d", got, len(want))
	}
}
