package projections

import (
	"fmt"
	"slices"

	"daotao/domain"
	"daotao/events"
)

// notifiers lists, by event type, how an event becomes notifications.
// Adding a kind is one function here and one line in this table.
var notifiers = map[string]notifier{
	events.TypeNominationApproved:    decisionNote("đã được phê duyệt"),
	events.TypeNominationRejected:    decisionNote("không được phê duyệt"),
	events.TypeNominationReturned:    decisionNote("bị trả lại để bổ sung"),
	events.TypeNominationStagePassed: stagePassedNote,
	events.TypeNominationSentBack:    sentBackNote,
	events.TypeNominationCommented:   commentNote,
	events.TypeDeadlineReminded:      reminderNote,
	events.TypeDeadlineEscalated:     escalationNote,
	events.TypeCourseCancelled:       courseCancelledNote,
	// completion_notes.go
	events.TypeTrainingResultRecorded:        resultNote,
	events.TypeTrainingPostgraduateCompleted: resultNote,
	events.TypeTrainingResultCorrected:       resultNote,
	events.TypeTrainingReportSubmitted:       reportNote,
}

// nominationLabel describes nomination id as "“title” (official)".
func (s *State) nominationLabel(id string) string {
	n, ok := s.nominations[id]
	if !ok {
		return "Hồ sơ " + id
	}
	label := "Hồ sơ “" + n.Details().Title + "”"
	if o, ok := s.officials[n.OfficialID()]; ok {
		label += " của " + o.FullName
	}
	return label
}

func nominationLink(id string) string { return "/nominations/" + id }

// withReason appends ": reason" when there is one.
func withReason(text, reason string) string {
	if reason == "" {
		return text + "."
	}
	return text + ": " + reason
}

// decisionNote tells the nominating agency about a decision on its request.
func decisionNote(what string) notifier {
	return func(s *State, r events.Recorded, p events.Payload) []note {
		_, id, _ := events.SplitSubject(r.Subject)
		n, ok := s.nominations[id]
		if !ok {
			return nil
		}
		var reason string
		switch e := p.(type) {
		case *events.NominationApproved:
			reason = e.Reason
		case *events.NominationRejected:
			reason = e.Reason
		case *events.NominationReturned:
			reason = e.Reason
		}
		return []note{{to: []Audience{AgencyAudience(n.AgencyCode())}, text: withReason(s.nominationLabel(id)+" "+what, reason),
			link: nominationLink(id), nominationID: id}}
	}
}

// stagePassedNote tells the agency that its request moved on.
func stagePassedNote(s *State, r events.Recorded, p events.Payload) []note {
	e := p.(*events.NominationStagePassed)
	_, id, _ := events.SplitSubject(r.Subject)
	n, ok := s.nominations[id]
	if !ok {
		return nil
	}
	return []note{{to: []Audience{AgencyAudience(n.AgencyCode())},
		text: s.nominationLabel(id) + " đã qua bước “" + domain.StageLabel(e.Stage) + "”, chuyển sang bước “" + domain.StageLabel(e.Next) + "”.",
		link: nominationLink(id), nominationID: id}}
}

// sentBackNote tells the stage a request was sent back to.
func sentBackNote(s *State, r events.Recorded, p events.Payload) []note {
	e := p.(*events.NominationSentBack)
	_, id, _ := events.SplitSubject(r.Subject)
	n, ok := s.nominations[id]
	if !ok {
		return nil
	}
	return []note{{to: []Audience{RoleAudience(e.To), AgencyAudience(n.AgencyCode())},
		text: withReason(s.nominationLabel(id)+" được “"+domain.StageLabel(e.Stage)+"” trả lại bước “"+domain.StageLabel(e.To)+"”", e.Reason),
		link: nominationLink(id), nominationID: id}}
}

// commentNote tells the other side of a request about a comment: the
// agency when a stage wrote it, the awaited stage when the agency did.
func commentNote(s *State, r events.Recorded, p events.Payload) []note {
	e := p.(*events.NominationCommented)
	_, id, _ := events.SplitSubject(r.Subject)
	n, ok := s.nominations[id]
	if !ok {
		return nil
	}
	var to []Audience
	if r.Actor.Role != string(domain.RoleAgency) {
		to = append(to, AgencyAudience(n.AgencyCode()))
	}
	if e.Stage != "" && e.Stage != r.Actor.Role {
		to = append(to, RoleAudience(e.Stage))
	}
	if len(to) == 0 {
		return nil
	}
	return []note{{to: to, text: s.nominationLabel(id) + ": ý kiến của " + r.Actor.Username + " — " + e.Comment,
		link: nominationLink(id), nominationID: id}}
}

// stageAudience is who acts at a stage: the agency's officers for the
// agency's own step, else the stage's role.
func stageAudience(stage, agency string) Audience {
	if stage == "" || stage == string(domain.RoleAgency) || stage == domain.ReturnToAgency {
		return AgencyAudience(agency)
	}
	return RoleAudience(stage)
}

// reminderNote reminds whoever acts at the stage of how much time is used.
func reminderNote(s *State, r events.Recorded, p events.Payload) []note {
	e := p.(*events.DeadlineReminded)
	text := fmt.Sprintf("Nhắc hạn: %s ở bước “%s” đã dùng %d%% thời gian xử lý; hạn %s.",
		s.nominationLabel(e.NominationID), domain.StageLabel(e.Stage), e.Milestone, e.Due.Time().Format("02/01/2006"))
	if e.Milestone >= 100 {
		text = fmt.Sprintf("Đến hạn: %s ở bước “%s” phải xử lý xong trong hôm nay (hạn %s).",
			s.nominationLabel(e.NominationID), domain.StageLabel(e.Stage), e.Due.Time().Format("02/01/2006"))
	}
	return []note{{to: []Audience{stageAudience(e.Stage, e.AgencyCode)}, text: text,
		link: nominationLink(e.NominationID), nominationID: e.NominationID}}
}

// escalationNote tells the escalation role, and the stage itself, that a
// stage ran out of time.
func escalationNote(s *State, r events.Recorded, p events.Payload) []note {
	e := p.(*events.DeadlineEscalated)
	to := []Audience{RoleAudience(e.Role)}
	if a := stageAudience(e.Stage, e.AgencyCode); a != to[0] {
		to = append(to, a)
	}
	return []note{{to: to,
		text: fmt.Sprintf("Chuyển cấp trên: %s ở bước “%s” đã hết hạn xử lý ngày %s mà chưa có quyết định; báo %s.",
			s.nominationLabel(e.NominationID), domain.StageLabel(e.Stage), e.Due.Time().Format("02/01/2006"), domain.Role(e.Role).Label()),
		link: nominationLink(e.NominationID), nominationID: e.NominationID}}
}

// courseCancelledNote tells every affected agency that a course was
// cancelled and how many of its nominations it affects.
func courseCancelledNote(s *State, r events.Recorded, p events.Payload) []note {
	e := p.(*events.CourseCancelled)
	_, id, _ := events.SplitSubject(r.Subject)
	count := map[string]int{}
	agencies := slices.Clone(e.Agencies)
	for _, h := range e.Affected {
		count[h.AgencyCode]++
		if !slices.Contains(agencies, h.AgencyCode) {
			agencies = append(agencies, h.AgencyCode)
		}
	}
	var out []note
	for _, a := range agencies {
		out = append(out, note{to: []Audience{AgencyAudience(a)},
			text: withReason(fmt.Sprintf("Khóa học đã bị hủy; %d hồ sơ của cơ quan, đơn vị bạn được giải phóng chỗ", count[a]), e.Reason),
			link: "/courses/" + id})
	}
	return out
}
