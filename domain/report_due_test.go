package domain_test

import (
	"testing"

	"daotao/domain"
	"daotao/domain/calendar"
	"daotao/events"
)

// weekdays is a calendar without holidays: Monday to Friday work.
type weekdays struct{}

func (weekdays) Due(start events.Date, n int) events.Date {
	var c calendar.Calendar // the zero Calendar has no holidays
	return c.Due(start, n)
}

func holidays(t *testing.T) *calendar.Calendar {
	t.Helper()
	c, err := calendar.Default()
	if err != nil {
		t.Fatalf("calendar: %v", err)
	}
	return c
}

func dueOf(t *testing.T, obs []domain.Obligation, report string) domain.Obligation {
	t.Helper()
	for _, o := range obs {
		if o.Report == report {
			return o
		}
	}
	t.Fatalf("no %s among %+v", report, obs)
	return domain.Obligation{}
}

func TestObligationsDueDates(t *testing.T) {
	cal := holidays(t)
	abroad := courseSeat().TrainingParticipant
	class := abroad
	class.Format = domain.TrainingClass
	tet := abroad
	tet.StartDate, tet.EndDate = day(2026, 1, 20), day(2026, 2, 1)
	classTet := class
	classTet.StartDate, classTet.EndDate = day(2026, 2, 2), day(2026, 2, 13)
	pg := postgradSeat().TrainingParticipant
	tests := []struct {
		name    string
		p       events.TrainingParticipant
		outcome *events.TrainingOutcome
		report  string
		want    events.Date
		rule    string
	}{
		// Back on Friday 13/03/2026: 15 days is Saturday 28/03, so Monday.
		{"abroad: 15 days after the return", abroad, nil, domain.ReportResult, day(2026, 3, 30), domain.RuleAbroad15Days},
		{"abroad: the takeaway report too", abroad, nil, domain.ReportTakeaway, day(2026, 3, 30), domain.RuleAbroad15Days},
		// Back on 01/02/2026: 15 days is 16/02, the first day of Tết.
		{"abroad: a deadline in Tết moves past it", tet, nil, domain.ReportResult, day(2026, 2, 23), domain.RuleAbroad15Days},
		{"class: 10 working days", class, nil, domain.ReportTakeaway, day(2026, 3, 27), domain.RuleRefresher10WorkingDays},
		{"class: working days skip Tết", classTet, nil, domain.ReportResult, day(2026, 3, 6), domain.RuleRefresher10WorkingDays},
		{"postgraduate: 30 days after the degree", pg, &events.TrainingOutcome{Attended: true, DegreeAwarded: true, Degree: "thac_si", DegreeDate: day(2026, 7, 15)},
			domain.ReportResult, day(2026, 8, 14), domain.RulePostgrad30Days},
		{"postgraduate: performance 12 months after the degree", pg, &events.TrainingOutcome{Attended: true, DegreeAwarded: true, Degree: "thac_si", DegreeDate: day(2026, 7, 15)},
			domain.ReportPerformance, day(2027, 7, 15), domain.RulePerformance12Months},
		// No degree: from the end date 31/08/2026; 30/09/2026 is a Wednesday.
		{"postgraduate without degree: from the end date", pg, &events.TrainingOutcome{Attended: true}, domain.ReportResult, day(2026, 9, 30), domain.RulePostgrad30Days},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := dueOf(t, domain.Obligations(tt.p, tt.outcome, nil, cal, day(2027, 12, 31)), tt.report)
			if got.Due != tt.want || got.Rule != tt.rule {
				t.Errorf("due %s by %s, want %s by %s", got.Due, got.Rule, tt.want, tt.rule)
			}
			if got.RuleText == "" || got.Label == "" {
				t.Errorf("obligation without texts: %+v", got)
			}
		})
	}
}

func TestObligationsOverdue(t *testing.T) {
	cal := holidays(t)
	p := courseSeat().TrainingParticipant // due 30/03/2026
	t.Run("none before the return", func(t *testing.T) {
		if got := domain.Obligations(p, nil, nil, cal, day(2026, 3, 13)); got != nil {
			t.Errorf("on the last day: %+v, want none", got)
		}
	})
	t.Run("none for an absent participant", func(t *testing.T) {
		if got := domain.Obligations(p, &events.TrainingOutcome{}, nil, cal, day(2026, 4, 30)); got != nil {
			t.Errorf("absent: %+v, want none", got)
		}
	})
	t.Run("owed, not overdue on the due date", func(t *testing.T) {
		o := dueOf(t, domain.Obligations(p, nil, nil, cal, day(2026, 3, 30)), domain.ReportResult)
		if o.Overdue || o.Submitted {
			t.Errorf("on the due date: %+v", o)
		}
	})
	t.Run("overdue the day after", func(t *testing.T) {
		o := dueOf(t, domain.Obligations(p, nil, nil, cal, day(2026, 4, 2)), domain.ReportResult)
		if !o.Overdue || o.DaysOverdue != 3 {
			t.Errorf("on 02/04: %+v, want overdue by 3 days", o)
		}
	})
	t.Run("submitted late: not overdue, days late kept", func(t *testing.T) {
		sub := map[string]events.TrainingReportSubmitted{domain.ReportResult: {Report: domain.ReportResult, SubmittedOn: day(2026, 4, 1)}}
		obs := domain.Obligations(p, nil, sub, cal, day(2026, 4, 20))
		if o := dueOf(t, obs, domain.ReportResult); o.Overdue || !o.Submitted || o.DaysLate != 2 {
			t.Errorf("result report: %+v", o)
		}
		if o := dueOf(t, obs, domain.ReportTakeaway); !o.Overdue {
			t.Errorf("takeaway report: %+v, want overdue", o)
		}
	})
}

func TestSubmitReport(t *testing.T) {
	cal := holidays(t)
	p := courseSeat()
	cmd := domain.SubmitReport{Report: domain.ReportTakeaway, Summary: "Kinh nghiệm quản lý bệnh viện của Nhật Bản..."}
	t.Run("on time", func(t *testing.T) {
		ev, err := trainingGiven().SubmitReport(trainee, "o-1", p, cmd, cal, day(2026, 3, 25))
		if err != nil {
			t.Fatalf("SubmitReport: %v", err)
		}
		e := ev.(*events.TrainingReportSubmitted)
		if e.DueDate != day(2026, 3, 30) || e.DueRule != domain.RuleAbroad15Days || e.DaysLate != 0 || e.SubmittedOn != day(2026, 3, 25) {
			t.Errorf("event = %+v", e)
		}
	})
	t.Run("late", func(t *testing.T) {
		ev, err := trainingGiven().SubmitReport(trainee, "o-1", p, cmd, cal, day(2026, 4, 6))
		if err != nil {
			t.Fatalf("SubmitReport: %v", err)
		}
		if e := ev.(*events.TrainingReportSubmitted); e.DaysLate != 7 {
			t.Errorf("days late = %d, want 7", e.DaysLate)
		}
	})
	sent, _ := trainingGiven().SubmitReport(trainee, "o-1", p, cmd, cal, day(2026, 3, 25))
	pg := postgradSeat()
	refusals := []struct {
		name     string
		rec      *domain.Training
		actor    events.Actor
		official string
		part     domain.Participation
		cmd      domain.SubmitReport
		today    events.Date
		kind     domain.Kind
		fields   []string
	}{
		{"the agency cannot", trainingGiven(), lead, "o-1", p, cmd, day(2026, 3, 25), domain.KindForbidden, nil},
		{"someone else's training", trainingGiven(), trainee, "o-2", p, cmd, day(2026, 3, 25), domain.KindNotFound, nil},
		{"an account without an official", trainingGiven(), trainee, "", p, cmd, day(2026, 3, 25), domain.KindNotFound, nil},
		{"before the return", trainingGiven(), trainee, "o-1", p, cmd, day(2026, 3, 10), domain.KindConflict, nil},
		{"twice", trainingGiven(sent), trainee, "o-1", p, cmd, day(2026, 3, 26), domain.KindConflict, nil},
		{"empty summary", trainingGiven(), trainee, "o-1", p, domain.SubmitReport{Report: "thu_hoach"}, day(2026, 3, 25), domain.KindInvalid, []string{"summary"}},
		{"unknown report", trainingGiven(), trainee, "o-1", p, domain.SubmitReport{Report: "khac", Summary: "x"}, day(2026, 3, 25), domain.KindInvalid, []string{"report"}},
		{"performance report after a course", trainingGiven(), trainee, "o-1", p, domain.SubmitReport{Report: "sau_dao_tao", Summary: "x"}, day(2026, 3, 25), domain.KindConflict, nil},
		{"postgraduate result without the degree copy", trainingGiven(), trainee, "o-1", pg, domain.SubmitReport{Report: "ket_qua", Summary: "x"}, day(2026, 9, 2), domain.KindInvalid, []string{"attachment"}},
	}
	for _, tt := range refusals {
		t.Run(tt.name, func(t *testing.T) {
			ev, err := tt.rec.SubmitReport(tt.actor, tt.official, tt.part, tt.cmd, cal, tt.today)
			if ev != nil {
				t.Errorf("event %+v, want none", ev)
			}
			wantError(t, err, tt.kind, tt.fields...)
		})
	}
	t.Run("postgraduate result with the degree copy", func(t *testing.T) {
		att := &events.AttachmentRef{SHA256: "ab12", Name: "bang-thac-si.pdf", ContentType: "application/pdf", Size: 1024}
		ev, err := trainingGiven().SubmitReport(trainee, "o-1", pg, domain.SubmitReport{Report: "ket_qua", Summary: "Tốt nghiệp loại giỏi.", Attachment: att}, cal, day(2026, 9, 2))
		if err != nil {
			t.Fatalf("SubmitReport: %v", err)
		}
		if e := ev.(*events.TrainingReportSubmitted); e.Attachment == nil || e.Attachment.SHA256 != "ab12" {
			t.Errorf("event = %+v", e)
		}
	})
}
