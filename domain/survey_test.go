package domain_test

import (
	"testing"

	"daotao/domain"
	"daotao/events"
)

func allRatings(r int) map[string]int {
	out := map[string]int{}
	for _, q := range domain.SurveyQuestions {
		out[q.Code] = r
	}
	return out
}

func TestAnswerSurvey(t *testing.T) {
	p := courseSeat()
	ok := domain.AnswerSurvey{Ratings: allRatings(4), Comment: " Rất bổ ích. "}
	t.Run("once per participant per course", func(t *testing.T) {
		ev, err := trainingGiven().AnswerSurvey(trainee, "o-1", p, ok)
		if err != nil {
			t.Fatalf("AnswerSurvey: %v", err)
		}
		e := ev.(*events.TrainingSurveyAnswered)
		if e.CourseID != "c-1" || e.LeadAgency != "so_y_te" || e.Comment != "Rất bổ ích." || len(e.Ratings) != len(domain.SurveyQuestions) {
			t.Errorf("event = %+v", e)
		}
		_, err = trainingGiven(ev).AnswerSurvey(trainee, "o-1", p, ok)
		wantError(t, err, domain.KindConflict)
	})
	noCourse := p
	noCourse.CourseID = ""
	running := p
	running.Ended = false
	absent, _ := trainingGiven().Record(lead, p, domain.RecordResult{}, true, day(2026, 3, 20))
	bad := allRatings(4)
	bad["noi_dung"], bad["to_chuc"] = 0, 6
	missing := allRatings(5)
	delete(missing, "ung_dung")
	extra := allRatings(5)
	extra["khac"] = 3
	tests := []struct {
		name     string
		rec      *domain.Training
		actor    events.Actor
		official string
		part     domain.Participation
		cmd      domain.AnswerSurvey
		kind     domain.Kind
		fields   []string
	}{
		{"the lead agency cannot answer", trainingGiven(), lead, "o-1", p, ok, domain.KindForbidden, nil},
		{"another official", trainingGiven(), trainee, "o-9", p, ok, domain.KindNotFound, nil},
		{"no course", trainingGiven(), trainee, "o-1", noCourse, ok, domain.KindConflict, nil},
		{"course running", trainingGiven(), trainee, "o-1", running, ok, domain.KindConflict, nil},
		{"absent", trainingGiven(absent), trainee, "o-1", p, ok, domain.KindConflict, nil},
		{"ratings out of range", trainingGiven(), trainee, "o-1", p, domain.AnswerSurvey{Ratings: bad}, domain.KindInvalid, []string{"ratings.noi_dung", "ratings.to_chuc"}},
		{"a question unanswered", trainingGiven(), trainee, "o-1", p, domain.AnswerSurvey{Ratings: missing}, domain.KindInvalid, []string{"ratings.ung_dung"}},
		{"an unknown question", trainingGiven(), trainee, "o-1", p, domain.AnswerSurvey{Ratings: extra}, domain.KindInvalid, []string{"ratings.khac"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev, err := tt.rec.AnswerSurvey(tt.actor, tt.official, tt.part, tt.cmd)
			if ev != nil {
				t.Errorf("event %+v, want none", ev)
			}
			wantError(t, err, tt.kind, tt.fields...)
		})
	}
}

func TestSurveyTally(t *testing.T) {
	var s domain.SurveyTally
	if s.Overall() != 0 || s.Average("noi_dung") != 0 {
		t.Error("an empty tally is not 0")
	}
	a := allRatings(5)
	a["noi_dung"] = 3
	s.Add(events.TrainingSurveyAnswered{Ratings: a, Comment: "Tốt"})
	s.Add(events.TrainingSurveyAnswered{Ratings: allRatings(4)})
	if s.Answers != 2 || s.Average("noi_dung") != 3.5 || s.Average("giang_vien") != 4.5 {
		t.Errorf("tally = %+v", s)
	}
	// (3+5*4 + 4*5) / 10 = 4.3
	if got := s.Overall(); got < 4.299 || got > 4.301 {
		t.Errorf("overall = %v, want 4.3", got)
	}
	if len(s.Comments) != 1 {
		t.Errorf("comments = %v", s.Comments)
	}
}
