package domain_test

import (
	"testing"
	"time"

	"daotao/domain"
	"daotao/events"
)

// Actors of completion: the lead agency of the course (Sở Nội vụ's
// officer in these tests is "officer"), Sở Nội vụ itself, and the trainee.
var (
	lead    = events.Actor{UserID: "u-lead", Username: "tc-yte", Role: string(domain.RoleAgency), Agency: "so_y_te"}
	noiVu   = events.Actor{UserID: "u-nv", Username: "sonoivu", Role: string(domain.RoleHomeAffairs)}
	trainee = events.Actor{UserID: "u-hv", Username: "hv-lan", Role: string(domain.RoleOfficial)}
)

// courseSeat is an approved participant of a finished delegation abroad
// led by so_y_te, nominated by so_noi_vu, back on 13/03/2026.
func courseSeat() domain.Participation {
	return domain.Participation{TrainingParticipant: events.TrainingParticipant{
		NominationID: "n-1", OfficialID: "o-1", AgencyCode: "so_noi_vu", Kind: domain.KindRefresher,
		Format: domain.TrainingDelegationAbroad, CourseID: "c-1", LeadAgency: "so_y_te", Title: "Quản lý y tế tại Nhật Bản",
		StartDate: day(2026, 3, 2), EndDate: day(2026, 3, 13),
	}, Approved: true, Ended: true}
}

// postgradSeat is an approved master's programme of so_noi_vu without a
// course, 01/09/2024 to 31/08/2026.
func postgradSeat() domain.Participation {
	return domain.Participation{TrainingParticipant: events.TrainingParticipant{
		NominationID: "n-2", OfficialID: "o-1", AgencyCode: "so_noi_vu", Kind: domain.KindPostgraduate,
		Format: domain.TrainingPostgraduate, Title: "Thạc sĩ Quản lý công", StartDate: day(2024, 9, 1), EndDate: day(2026, 8, 31),
	}, Approved: true}
}

// given replays payloads into a fresh training record.
func trainingGiven(payloads ...events.Payload) *domain.Training {
	t := &domain.Training{}
	for i, p := range payloads {
		t.Apply(uint64(i+1), time.Date(2026, 3, 20, 2, 0, 0, 0, time.UTC), lead, p)
	}
	return t
}

func TestRecordResult(t *testing.T) {
	good := domain.RecordResult{Attended: true, Grade: domain.GradeVeryGood, CertificateNo: "CC-2026/015"}
	t.Run("the lead agency records a first-time trainee's giỏi: priority", func(t *testing.T) {
		p, err := trainingGiven().Record(lead, courseSeat(), good, true, day(2026, 3, 20))
		if err != nil {
			t.Fatalf("Record: %v", err)
		}
		e, ok := p.(*events.TrainingResultRecorded)
		if !ok {
			t.Fatalf("event = %T, want *events.TrainingResultRecorded", p)
		}
		if !e.PriorityHigherLevel || !e.FirstTime || e.Grade != "gioi" || e.CertificateNo != "CC-2026/015" || e.LeadAgency != "so_y_te" {
			t.Errorf("event = %+v", e)
		}
	})
	t.Run("khá is no priority, nor giỏi the second time", func(t *testing.T) {
		p, _ := trainingGiven().Record(lead, courseSeat(), domain.RecordResult{Attended: true, Grade: domain.GradeGood}, true, day(2026, 3, 20))
		if p.(*events.TrainingResultRecorded).PriorityHigherLevel {
			t.Error("khá gave priority")
		}
		p, _ = trainingGiven().Record(lead, courseSeat(), good, false, day(2026, 3, 20))
		if p.(*events.TrainingResultRecorded).PriorityHigherLevel {
			t.Error("giỏi the second time gave priority")
		}
	})
	refusals := []struct {
		name   string
		actor  events.Actor
		part   func() domain.Participation
		cmd    domain.RecordResult
		kind   domain.Kind
		fields []string
	}{
		{"the nominating agency is not the lead agency", officer, courseSeat, good, domain.KindNotFound, nil},
		{"another agency", stranger, courseSeat, good, domain.KindNotFound, nil},
		{"the council", council, courseSeat, good, domain.KindForbidden, nil},
		{"the trainee", trainee, courseSeat, good, domain.KindForbidden, nil},
		{"not approved", lead, func() domain.Participation { p := courseSeat(); p.Approved = false; return p }, good, domain.KindConflict, nil},
		{"course not finished", lead, func() domain.Participation { p := courseSeat(); p.Ended = false; return p }, good, domain.KindConflict, nil},
		{"attended without grade", lead, courseSeat, domain.RecordResult{Attended: true}, domain.KindInvalid, []string{"grade"}},
		{"unknown grade", lead, courseSeat, domain.RecordResult{Attended: true, Grade: "tot"}, domain.KindInvalid, []string{"grade"}},
		{"absent with a grade", lead, courseSeat, domain.RecordResult{Grade: "kha"}, domain.KindInvalid, []string{"attended"}},
		{"degree on a course", lead, courseSeat, domain.RecordResult{Attended: true, Grade: "kha", DegreeAwarded: true}, domain.KindInvalid, []string{"degree_awarded"}},
	}
	for _, tt := range refusals {
		t.Run(tt.name, func(t *testing.T) {
			p, err := trainingGiven().Record(tt.actor, tt.part(), tt.cmd, true, day(2026, 3, 20))
			if p != nil {
				t.Errorf("event %+v, want none", p)
			}
			wantError(t, err, tt.kind, tt.fields...)
		})
	}
	t.Run("twice: corrections are their own command", func(t *testing.T) {
		first, _ := trainingGiven().Record(lead, courseSeat(), good, true, day(2026, 3, 20))
		_, err := trainingGiven(first).Record(lead, courseSeat(), good, true, day(2026, 3, 21))
		wantError(t, err, domain.KindConflict)
	})
}

func TestRecordWithoutCourse(t *testing.T) {
	p := courseSeat()
	p.CourseID, p.LeadAgency, p.Format = "", "", domain.TrainingRefresher
	cmd := domain.RecordResult{Attended: true, Grade: domain.GradeExcellent}
	for _, a := range []events.Actor{officer, noiVu} {
		if _, err := trainingGiven().Record(a, p, cmd, true, day(2026, 3, 20)); err != nil {
			t.Errorf("%s: %v", a.Username, err)
		}
	}
	_, err := trainingGiven().Record(lead, p, cmd, true, day(2026, 3, 20))
	wantError(t, err, domain.KindNotFound)
}

func TestPostgraduateCompleted(t *testing.T) {
	awarded := domain.RecordResult{Attended: true, Grade: domain.GradeExcellent, DegreeAwarded: true, Degree: "thac_si", DegreeDate: day(2026, 7, 15)}
	t.Run("degree awarded: the event carries what a commitment needs", func(t *testing.T) {
		p, err := trainingGiven().Record(noiVu, postgradSeat(), awarded, true, day(2026, 7, 20))
		if err != nil {
			t.Fatalf("Record: %v", err)
		}
		e := p.(*events.TrainingPostgraduateCompleted)
		if e.NominationID != "n-2" || e.OfficialID != "o-1" || !e.DegreeAwarded || e.Degree != "thac_si" ||
			e.DegreeDate != day(2026, 7, 15) || e.DurationMonths != 24 || !e.PriorityHigherLevel {
			t.Errorf("event = %+v", e)
		}
	})
	t.Run("no degree: no priority, only after the end date", func(t *testing.T) {
		cmd := domain.RecordResult{Attended: true, Grade: domain.GradeExcellent}
		_, err := trainingGiven().Record(officer, postgradSeat(), cmd, true, day(2026, 8, 1))
		wantError(t, err, domain.KindInvalid, "degree_awarded")
		p, err := trainingGiven().Record(officer, postgradSeat(), cmd, true, day(2026, 9, 1))
		if err != nil {
			t.Fatalf("Record: %v", err)
		}
		if e := p.(*events.TrainingPostgraduateCompleted); e.DegreeAwarded || e.PriorityHigherLevel {
			t.Errorf("event = %+v", e)
		}
	})
	bad := []struct {
		name   string
		cmd    domain.RecordResult
		fields []string
	}{
		{"degree date in the future", domain.RecordResult{Attended: true, DegreeAwarded: true, Degree: "thac_si", DegreeDate: day(2026, 8, 1)}, []string{"degree_date"}},
		{"degree date before the start", domain.RecordResult{Attended: true, DegreeAwarded: true, Degree: "thac_si", DegreeDate: day(2024, 1, 1)}, []string{"degree_date"}},
		{"no degree date", domain.RecordResult{Attended: true, DegreeAwarded: true, Degree: "thac_si"}, []string{"degree_date"}},
		{"unknown degree", domain.RecordResult{Attended: true, DegreeAwarded: true, Degree: "cu_nhan", DegreeDate: day(2026, 7, 1)}, []string{"degree"}},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			_, err := trainingGiven().Record(officer, postgradSeat(), tt.cmd, true, day(2026, 7, 20))
			wantError(t, err, domain.KindInvalid, tt.fields...)
		})
	}
}

func TestCorrectResult(t *testing.T) {
	first, _ := trainingGiven().Record(lead, courseSeat(), domain.RecordResult{Attended: true, Grade: domain.GradeGood}, true, day(2026, 3, 20))
	rec := trainingGiven(first)
	better := domain.RecordResult{Attended: true, Grade: domain.GradeExcellent, CertificateNo: "CC-1"}
	t.Run("a correction names what it corrects and recomputes priority", func(t *testing.T) {
		p, err := rec.Correct(lead, courseSeat(), better, "Nhập nhầm xếp loại.", true, day(2026, 3, 22))
		if err != nil {
			t.Fatalf("Correct: %v", err)
		}
		e := p.(*events.TrainingResultCorrected)
		if e.Corrects != 1 || e.Grade != "xuat_sac" || !e.PriorityHigherLevel || e.Reason != "Nhập nhầm xếp loại." {
			t.Errorf("event = %+v", e)
		}
		after := trainingGiven(first, p)
		if after.Outcome().Grade != "xuat_sac" || len(after.View(courseSeat(), weekdays{}, day(2026, 3, 22)).Corrections) != 1 {
			t.Errorf("after the correction: %+v", after.Outcome())
		}
	})
	t.Run("reason required", func(t *testing.T) {
		_, err := rec.Correct(lead, courseSeat(), better, " ", true, day(2026, 3, 22))
		wantError(t, err, domain.KindInvalid, "reason")
	})
	t.Run("nothing to correct", func(t *testing.T) {
		_, err := trainingGiven().Correct(lead, courseSeat(), better, "Sửa.", true, day(2026, 3, 22))
		wantError(t, err, domain.KindConflict)
	})
	t.Run("no change", func(t *testing.T) {
		_, err := rec.Correct(lead, courseSeat(), domain.RecordResult{Attended: true, Grade: domain.GradeGood}, "Sửa.", true, day(2026, 3, 22))
		wantError(t, err, domain.KindConflict)
	})
	t.Run("another agency", func(t *testing.T) {
		_, err := rec.Correct(stranger, courseSeat(), better, "Sửa.", true, day(2026, 3, 22))
		wantError(t, err, domain.KindNotFound)
	})
}

func TestFirstTime(t *testing.T) {
	this := events.TrainingParticipant{NominationID: "n-5", Kind: domain.KindRefresher, StartDate: day(2026, 3, 2)}
	tests := []struct {
		name   string
		others []domain.PastTraining
		want   bool
	}{
		{"no other", nil, true},
		{"itself only", []domain.PastTraining{{NominationID: "n-5", Kind: "boi_duong", StartDate: day(2026, 3, 2)}}, true},
		{"an earlier refresher", []domain.PastTraining{{NominationID: "n-1", Kind: "boi_duong", StartDate: day(2025, 5, 1)}}, false},
		{"an earlier postgraduate: another kind", []domain.PastTraining{{NominationID: "n-1", Kind: "sau_dai_hoc", StartDate: day(2022, 9, 1)}}, true},
		{"a later refresher", []domain.PastTraining{{NominationID: "n-9", Kind: "boi_duong", StartDate: day(2026, 9, 1)}}, true},
		{"same day, smaller id", []domain.PastTraining{{NominationID: "n-4", Kind: "boi_duong", StartDate: day(2026, 3, 2)}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := domain.FirstTime(this, tt.others); got != tt.want {
				t.Errorf("FirstTime = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestPriorityForHigherLevel(t *testing.T) {
	tests := []struct {
		name         string
		o            events.TrainingOutcome
		postgrad, ft bool
		want         bool
	}{
		{"xuất sắc, first", events.TrainingOutcome{Attended: true, Grade: "xuat_sac"}, false, true, true},
		{"giỏi, first", events.TrainingOutcome{Attended: true, Grade: "gioi"}, false, true, true},
		{"khá, first", events.TrainingOutcome{Attended: true, Grade: "kha"}, false, true, false},
		{"giỏi, not first", events.TrainingOutcome{Attended: true, Grade: "gioi"}, false, false, false},
		{"absent", events.TrainingOutcome{}, false, true, false},
		{"postgraduate giỏi with degree", events.TrainingOutcome{Attended: true, Grade: "gioi", DegreeAwarded: true}, true, true, true},
		{"postgraduate giỏi without degree", events.TrainingOutcome{Attended: true, Grade: "gioi"}, true, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := domain.PriorityForHigherLevel(tt.o, tt.postgrad, tt.ft); got != tt.want {
				t.Errorf("PriorityForHigherLevel = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestPostgraduateDurationAsNominated(t *testing.T) {
	p := postgradSeat()
	p.DurationMonths = 18
	ev, err := trainingGiven().Record(noiVu, p, domain.RecordResult{Attended: true, DegreeAwarded: true, Degree: "thac_si", DegreeDate: day(2026, 7, 1)}, false, day(2026, 7, 2))
	if err != nil {
		t.Fatalf("Record: %v", err)
	}
	if got := ev.(*events.TrainingPostgraduateCompleted).DurationMonths; got != 18 {
		t.Errorf("duration = %d, want 18 as nominated", got)
	}
}
