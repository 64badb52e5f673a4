package projections

import (
	"daotao/domain"
	"daotao/events"
)

// Notifications of completion (the table notifiers in inbox_notes.go):
// the nominating agency hears of its official's result and reports.

func trainingLink(id string) string { return "/trainings/" + id }

// resultNote tells the nominating agency the result recorded or corrected.
func resultNote(s *State, r events.Recorded, p events.Payload) []note {
	_, id, _ := events.SplitSubject(r.Subject)
	n, ok := s.nominations[id]
	if !ok {
		return nil
	}
	var o events.TrainingOutcome
	verb := "Đã ghi kết quả học tập: "
	switch e := p.(type) {
	case *events.TrainingResultRecorded:
		o = e.TrainingOutcome
	case *events.TrainingPostgraduateCompleted:
		o = e.TrainingOutcome
	case *events.TrainingResultCorrected:
		o, verb = e.TrainingOutcome, "Đã điều chỉnh kết quả học tập: "
	}
	what := "không tham dự"
	switch {
	case o.DegreeAwarded:
		what = "được cấp bằng " + domain.DegreeLabel(o.Degree)
	case o.Attended && o.Grade != "":
		what = "xếp loại " + domain.GradeLabel(o.Grade)
	case o.Attended:
		what = "không được cấp bằng"
	}
	if o.PriorityHigherLevel {
		what += ", được ưu tiên đào tạo bậc cao hơn"
	}
	return []note{{to: []Audience{AgencyAudience(n.AgencyCode())}, text: verb + s.nominationLabel(id) + " — " + what + ".",
		link: trainingLink(id), nominationID: id}}
}

// reportNote tells the nominating agency that its official sent a report.
func reportNote(s *State, r events.Recorded, p events.Payload) []note {
	e := p.(*events.TrainingReportSubmitted)
	n, ok := s.nominations[e.NominationID]
	if !ok {
		return nil
	}
	text := domain.ReportLabel(e.Report) + " đã được nộp: " + s.nominationLabel(e.NominationID)
	if e.DaysLate > 0 {
		text += " (muộn so với hạn " + e.DueDate.Time().Format("02/01/2006") + ")"
	}
	return []note{{to: []Audience{AgencyAudience(n.AgencyCode())}, text: text + ".", link: trainingLink(e.NominationID), nominationID: e.NominationID}}
}
