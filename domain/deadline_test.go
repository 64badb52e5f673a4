package domain_test

import (
	"reflect"
	"testing"
	"time"

	"daotao/domain"
	"daotao/domain/calendar"
	"daotao/events"
)

func dlCal(t *testing.T) *calendar.Calendar {
	t.Helper()
	c, err := calendar.Default()
	if err != nil {
		t.Fatalf("calendar: %v", err)
	}
	return c
}

func dlDay(t *testing.T, s string) events.Date {
	t.Helper()
	d, err := events.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// at is 09:00 in Hà Nội on day s.
func dlAt(t *testing.T, s string) time.Time {
	return dlDay(t, s).Time().Add(2 * time.Hour)
}

// TestDeadlineOf: given a stay entered on a day, when asked on another,
// then the due date counts working days of the holiday calendar (weekends,
// Tết, Quốc khánh, swapped days) and the milestones and overdue flag follow.
func TestDeadlineOf(t *testing.T) {
	cal := dlCal(t)
	tests := []struct {
		name      string
		entered   time.Time
		days      int
		today     string
		due       string
		reached   int
		overdue   bool
		enteredOn string
	}{
		{"10 working days across Tết 2025", dlAt(t, "2025-01-24"), 10, "2025-01-31", "2025-02-14", 0, false, "2025-01-24"},
		{"half way after Tết", dlAt(t, "2025-01-24"), 10, "2025-02-07", "2025-02-14", 50, false, "2025-01-24"},
		{"three quarters", dlAt(t, "2025-01-24"), 10, "2025-02-12", "2025-02-14", 75, false, "2025-01-24"},
		{"on the due day", dlAt(t, "2025-01-24"), 10, "2025-02-14", "2025-02-14", 100, false, "2025-01-24"},
		{"the Monday after: overdue", dlAt(t, "2025-01-24"), 10, "2025-02-17", "2025-02-14", 100, true, "2025-01-24"},
		{"entered on a Friday, 5 days over a weekend", dlAt(t, "2025-06-06"), 5, "2025-06-09", "2025-06-13", 0, false, "2025-06-06"},
		{"across Quốc khánh 2025", dlAt(t, "2025-08-29"), 3, "2025-09-02", "2025-09-05", 0, false, "2025-08-29"},
		{"entered on Saturday 26/4/2025, a day worked", dlAt(t, "2025-04-26"), 2, "2025-04-28", "2025-04-29", 50, false, "2025-04-26"},
		{"over 30/4, 1/5 and the swapped 2/5/2025", dlAt(t, "2025-04-29"), 2, "2025-05-02", "2025-05-06", 0, false, "2025-04-29"},
		// 23:30 UTC on 1 June is 06:30 on 2 June in Hà Nội.
		{"entered late at night UTC: the day in Hà Nội", time.Date(2025, 6, 1, 23, 30, 0, 0, time.UTC), 1, "2025-06-03", "2025-06-03", 100, false, "2025-06-02"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := domain.StageClock{NominationID: "n1", Stage: "council", EnteredSeq: 7, EnteredAt: tt.entered, WorkingDays: tt.days}
			d, ok := domain.DeadlineOf(c, cal, dlDay(t, tt.today))
			if !ok {
				t.Fatal("no deadline")
			}
			want := domain.Deadline{EnteredOn: dlDay(t, tt.enteredOn), Due: dlDay(t, tt.due), Reached: tt.reached, Overdue: tt.overdue}
			if d != want {
				t.Errorf("DeadlineOf = %+v, want %+v", d, want)
			}
		})
	}
	if _, ok := domain.DeadlineOf(domain.StageClock{EnteredAt: dlAt(t, "2025-06-02")}, cal, dlDay(t, "2025-07-01")); ok {
		t.Error("a stage without working days has a deadline")
	}
}

// TestDeadlineNotices follows one stay through its time: given what was
// already recorded, when the scanner looks on a day, then the reminders at
// 50/75/100% and the escalation at 100% are due once each.
func TestDeadlineNotices(t *testing.T) {
	cal := dlCal(t)
	c := domain.StageClock{NominationID: "n1", AgencyCode: "so_y_te", Stage: "home_affairs", EnteredSeq: 7,
		EnteredAt: dlAt(t, "2025-01-24"), WorkingDays: 10, Role: "home_affairs", EscalationRole: "council"}
	ref := events.DeadlineRef{NominationID: "n1", Stage: "home_affairs", EnteredSeq: 7, EnteredOn: dlDay(t, "2025-01-24"),
		Due: dlDay(t, "2025-02-14"), AgencyCode: "so_y_te"}
	remind := func(m int) events.Payload {
		return &events.DeadlineReminded{DeadlineRef: ref, Milestone: m, Role: "home_affairs", Calendar: cal.Version()}
	}
	escalate := &events.DeadlineEscalated{DeadlineRef: ref, Role: "council", Calendar: cal.Version()}
	steps := []struct {
		today string
		want  []events.Payload
	}{
		{"2025-01-31", nil}, // Tết: no working day has passed
		{"2025-02-06", nil}, // 40%
		{"2025-02-07", []events.Payload{remind(50)}},
		{"2025-02-07", nil}, // the same day again: nothing new
		{"2025-02-12", []events.Payload{remind(75)}},
		{"2025-02-14", []events.Payload{remind(100), escalate}},
		{"2025-02-20", nil}, // overdue, everything already recorded
	}
	for _, st := range steps {
		got := domain.DeadlineNotices(c, cal, dlDay(t, st.today))
		if !reflect.DeepEqual(got, st.want) {
			t.Fatalf("on %s: notices %#v, want %#v", st.today, got, st.want)
		}
		for _, p := range got {
			c.Apply(p)
		}
	}
}

// TestDeadlineNoticesCatchUp: a scan that first runs when the time is
// already up sends the 100% reminder and the escalation, not three
// reminders; a stage with no escalation role only reminds; a reminder of
// an earlier stay of the same stage does not count for this one.
func TestDeadlineNoticesCatchUp(t *testing.T) {
	cal := dlCal(t)
	c := domain.StageClock{NominationID: "n1", Stage: "council", EnteredSeq: 9, EnteredAt: dlAt(t, "2025-06-02"), WorkingDays: 4, Role: "council"}
	got := domain.DeadlineNotices(c, cal, dlDay(t, "2025-06-30"))
	if len(got) != 1 || got[0].(*events.DeadlineReminded).Milestone != 100 {
		t.Fatalf("catch-up notices %#v, want one 100%% reminder and no escalation", got)
	}
	c.Apply(&events.DeadlineReminded{DeadlineRef: events.DeadlineRef{EnteredSeq: 3}, Milestone: 100})
	if c.Reminded != 0 {
		t.Errorf("a reminder of an earlier stay counted: Reminded = %d", c.Reminded)
	}
}
