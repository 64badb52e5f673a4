package domain

import (
	"strings"
	"unicode/utf8"

	"daotao/events"
)

// SurveyQuestion is one question of the course quality survey.
type SurveyQuestion struct {
	Code string `json:"code"`
	Text string `json:"text"`
}

// SurveyQuestions is the fixed questionnaire (Phần II.VI.3: participants
// take part in surveys of a course's quality). Each is rated 1 (very poor)
// to 5 (very good).
var SurveyQuestions = []SurveyQuestion{
	{"noi_dung", "Nội dung chương trình phù hợp, thiết thực với vị trí công tác"},
	{"giang_vien", "Giảng viên, báo cáo viên: chuyên môn và phương pháp truyền đạt"},
	{"tai_lieu", "Tài liệu học tập đầy đủ, cập nhật"},
	{"to_chuc", "Công tác tổ chức, phục vụ khóa học"},
	{"ung_dung", "Khả năng vận dụng kiến thức vào công việc"},
}

// Survey rating bounds.
const (
	MinRating = 1
	MaxRating = 5
)

// AnswerSurvey is a participant's answer to the survey.
type AnswerSurvey struct {
	Ratings map[string]int
	Comment string
}

// AnswerSurvey decides the survey answer of the official officialID for the
// course of participation p, once per participant per course, after the
// course has ended. It returns KindForbidden for a role other than official,
// KindNotFound for someone else's training, KindConflict when there is no
// course, it has not ended, the participant did not attend or has answered
// already, and KindInvalid naming each question at fault.
func (t *Training) AnswerSurvey(actor events.Actor, officialID string, p Participation, cmd AnswerSurvey) (events.Payload, error) {
	if err := ownTraining(actor, officialID, p); err != nil {
		return nil, err
	}
	prob := Problems{}
	ratings := checkRatings(prob, cmd.Ratings)
	comment := strings.TrimSpace(cmd.Comment)
	if utf8.RuneCountInString(comment) > MaxCommentRunes {
		prob.Add("comment", "Ý kiến tối đa 2000 ký tự.")
	}
	if err := prob.Err(); err != nil {
		return nil, err
	}
	switch {
	case p.CourseID == "":
		return nil, Transition("Phiếu khảo sát chỉ dành cho học viên của một khóa học.")
	case !p.Ended:
		return nil, Transition("Khóa học chưa kết thúc; phiếu khảo sát mở sau khi khóa học kết thúc.")
	case t.outcome != nil && !t.outcome.Attended:
		return nil, Transition("Bạn không tham dự khóa học này.")
	case t.survey != nil:
		return nil, Transition("Bạn đã gửi phiếu khảo sát của khóa học này.")
	}
	return &events.TrainingSurveyAnswered{NominationID: p.NominationID, CourseID: p.CourseID, LeadAgency: p.LeadAgency,
		Ratings: ratings, Comment: comment}, nil
}

func checkRatings(prob Problems, in map[string]int) map[string]int {
	out := make(map[string]int, len(SurveyQuestions))
	for _, q := range SurveyQuestions {
		r, ok := in[q.Code]
		switch {
		case !ok:
			prob.Add("ratings."+q.Code, "Cần chấm điểm từ 1 đến 5.")
		case r < MinRating || r > MaxRating:
			prob.Add("ratings."+q.Code, "Điểm phải từ 1 đến 5.")
		default:
			out[q.Code] = r
		}
	}
	for code := range in {
		if _, known := out[code]; !known && !isQuestion(code) {
			prob.Add("ratings."+code, "Không có câu hỏi này trong phiếu khảo sát.")
		}
	}
	return out
}

func isQuestion(code string) bool {
	for _, q := range SurveyQuestions {
		if q.Code == code {
			return true
		}
	}
	return false
}

// SurveyTally sums the answers of one course or lead agency.
type SurveyTally struct {
	Answers  int            `json:"answers"`
	Sums     map[string]int `json:"-"`
	Comments []string       `json:"comments,omitempty"`
}

// Add counts one answer.
func (s *SurveyTally) Add(a events.TrainingSurveyAnswered) {
	if s.Sums == nil {
		s.Sums = map[string]int{}
	}
	s.Answers++
	for k, v := range a.Ratings {
		s.Sums[k] += v
	}
	if a.Comment != "" {
		s.Comments = append(s.Comments, a.Comment)
	}
}

// Average returns the mean rating of question code, 0 with no answers.
func (s *SurveyTally) Average(code string) float64 {
	if s.Answers == 0 {
		return 0
	}
	return float64(s.Sums[code]) / float64(s.Answers)
}

// Overall returns the mean of every rating, 0 with no answers.
func (s *SurveyTally) Overall() float64 {
	if s.Answers == 0 {
		return 0
	}
	total := 0
	for _, v := range s.Sums {
		total += v
	}
	return float64(total) / float64(s.Answers*len(SurveyQuestions))
}
