package projections_test

import (
	"testing"

	"daotao/domain"
	"daotao/domain/calendar"
	"daotao/events"
	"daotao/projections"
)

// TestCompletionProjection replays a participant without a course: an
// approved refresher nomination (02–13/03/2026), its result "giỏi" for a
// first-time trainee, a correction to "khá", a report. The priority mark
// follows the current result, the reports owed follow the calendar.
func TestCompletionProjection(t *testing.T) {
	s := projections.New()
	nom := events.Subject(events.AggregateNomination, "n1")
	tr := events.Subject(events.AggregateTraining, "n1")
	part := events.TrainingParticipant{NominationID: "n1", OfficialID: "o1", AgencyCode: "so_y_te", Kind: "boi_duong",
		Format: domain.TrainingRefresher, Title: "Quản lý y tế", StartDate: events.NewDate(2026, 3, 2), EndDate: events.NewDate(2026, 3, 13)}
	recs := []events.Recorded{
		record(t, 1, nom, created("n1", "o1")),
		record(t, 2, nom, &events.NominationSubmitted{}),
		record(t, 3, nom, &events.NominationApproved{}),
		record(t, 4, tr, &events.TrainingResultRecorded{TrainingParticipant: part,
			TrainingOutcome: events.TrainingOutcome{Attended: true, Grade: "gioi", FirstTime: true, PriorityHigherLevel: true}}),
	}
	for _, r := range recs {
		if err := s.Apply(r); err != nil {
			t.Fatalf("apply %d: %v", r.Seq, err)
		}
	}
	if got := s.Priority("o1"); len(got) != 1 || got[0].Grade != "gioi" || got[0].NominationID != "n1" {
		t.Errorf("priority = %+v", got)
	}
	if got := s.PriorityOfficials(); !got["o1"] || len(got) != 1 {
		t.Errorf("priority officials = %v", got)
	}
	cal, err := calendar.Default()
	if err != nil {
		t.Fatal(err)
	}
	today := events.NewDate(2026, 3, 30) // due 27/03 (10 working days)
	v, ok := s.TrainingView("n1", cal, today)
	if !ok || !v.Approved || !v.Ended || v.Seq != 4 || len(v.Overdue()) != 2 || v.Reports[0].Due != events.NewDate(2026, 3, 27) {
		t.Fatalf("view = %+v", v)
	}
	if got := s.Trainings(projections.TrainingFilter{OverdueOnly: true}, cal, today); len(got) != 1 {
		t.Errorf("overdue trainings = %d, want 1", len(got))
	}
	more := []events.Recorded{
		record(t, 5, tr, &events.TrainingResultCorrected{NominationID: "n1", OfficialID: "o1", Corrects: 4, Reason: "Nhầm",
			TrainingOutcome: events.TrainingOutcome{Attended: true, Grade: "kha", FirstTime: true}}),
		record(t, 6, tr, &events.TrainingReportSubmitted{NominationID: "n1", OfficialID: "o1", Report: "ket_qua", Summary: "x",
			DueDate: events.NewDate(2026, 3, 27), SubmittedOn: events.NewDate(2026, 3, 30), DaysLate: 3}),
	}
	for _, r := range more {
		if err := s.Apply(r); err != nil {
			t.Fatalf("apply %d: %v", r.Seq, err)
		}
	}
	if got := s.Priority("o1"); len(got) != 0 {
		t.Errorf("priority after the correction = %+v", got)
	}
	v, _ = s.TrainingView("n1", cal, today)
	if v.Result.Grade != "kha" || len(v.Corrections) != 1 || len(v.Overdue()) != 1 || v.Overdue()[0].Report != "thu_hoach" {
		t.Errorf("after the correction and the report: %+v", v)
	}
	if got := s.Trainings(projections.TrainingFilter{Agency: "so_noi_vu"}, cal, today); len(got) != 0 {
		t.Errorf("another agency's trainings: %d", len(got))
	}
}

// TestSurveyTallies counts answers per course and per lead agency.
func TestSurveyTallies(t *testing.T) {
	s := projections.New()
	ratings := map[string]int{"noi_dung": 5, "giang_vien": 4, "tai_lieu": 3, "to_chuc": 4, "ung_dung": 4}
	for i, n := range []string{"n1", "n2"} {
		r := record(t, uint64(i+1), events.Subject(events.AggregateTraining, n),
			&events.TrainingSurveyAnswered{NominationID: n, CourseID: "c1", LeadAgency: "so_y_te", Ratings: ratings})
		if err := s.Apply(r); err != nil {
			t.Fatal(err)
		}
	}
	for _, byLead := range []bool{false, true} {
		got := s.Surveys(byLead, "")
		if len(got) != 1 || got[0].Answers != 2 || got[0].Averages["tai_lieu"] != 3 || got[0].Overall != 4 {
			t.Errorf("surveys (by lead %v) = %+v", byLead, got)
		}
	}
	if got := s.Surveys(false, "c9"); len(got) != 0 {
		t.Errorf("surveys of an unknown course: %+v", got)
	}
}
