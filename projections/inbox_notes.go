package projections

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unique"

	"daotao/domain"
	"daotao/events"
)

// notifiers lists, by event type, how an event becomes notifications.
// Adding a kind is one function here and one line in this table.
var notifiers = map[string]notifier{
	events.TypeNominationApproved:    decisionNote,
	events.TypeNominationRejected:    decisionNote,
	events.TypeNominationReturned:    decisionNote,
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
	n, ok := s.nominationOf(id)
	if !ok {
		return "Hồ sơ " + id
	}
	label := "Hồ sơ “" + n.Details().Title + "”"
	if o, ok := s.officials[n.OfficialID()]; ok {
		label += " của " + o.FullName
	}
	return label
}

func nominationLink(id string) string { return nominationPath + id }

// nominationPath is where nominationLink's links start.
const nominationPath = "/nominations/"

// isNominationLink reports whether link is nominationLink(id), without
// making it.
func isNominationLink(link, id string) bool {
	return len(link) == len(nominationPath)+len(id) && link[:len(nominationPath)] == nominationPath &&
		link[len(nominationPath):] == id
}

// withReason appends ": reason" when there is one.
func withReason(text, reason string) string {
	if reason == "" {
		return text + "."
	}
	return text + ": " + reason
}

// decisionWhat is what a decision note says happened, by event type.
var decisionWhat = map[string]string{
	events.TypeNominationApproved: "đã được phê duyệt",
	events.TypeNominationRejected: "không được phê duyệt",
	events.TypeNominationReturned: "bị trả lại để bổ sung",
}

// noteText is a notification's text as the parts it is rendered from on
// read: the parts are texts the state shares anyway (a nomination's title,
// an official's name, an interned reason), so a notification does not keep
// a copy of its whole text. render gives exactly what the notifier would
// have written out.
type noteText struct {
	form    uint8 // formText, formDecision or formStagePassed, | formNoName
	a, b, c string
}

// Forms of a noteText.
const (
	// formText: a is the whole text.
	formText = iota
	// formDecision: the label of title a and official b, what the event
	// (its type) did, and the reason c: "Hồ sơ “a” của b đã được phê
	// duyệt: c".
	formDecision
	// formStagePassed: the label, then the stage passed and the next one,
	// c being "stage\x00next".
	formStagePassed
	// formReminder: a deadline reminder (reminderText), c being
	// "stage\x00milestone\x00due".
	formReminder
	// formEscalation: an escalation (escalationText), c being
	// "stage\x00due\x00role".
	formEscalation
	// formNoName marks a label without the official (not on the roster).
	formNoName = 0x80
)

// labelParts returns the parts of nominationLabel(id) of a known
// nomination: its title and official's name, and the form flag when there
// is no official.
func (s *State) labelParts(n *domain.Nomination) (title, name string, flag uint8) {
	if o, ok := s.officials[n.OfficialID()]; ok {
		return n.Details().Title, o.FullName, 0
	}
	return n.Details().Title, "", formNoName
}

// label renders a label from its parts, as nominationLabel does.
func (t noteText) label() string {
	if t.form&formNoName != 0 {
		return "Hồ sơ “" + t.a + "”"
	}
	return "Hồ sơ “" + t.a + "”" + " của " + t.b
}

// render returns the text; kind is the notification's event type.
func (t noteText) render(kind string) string {
	switch t.form &^ formNoName {
	case formDecision:
		return withReason(t.label()+" "+decisionWhat[kind], t.c)
	case formStagePassed:
		stage, next, _ := strings.Cut(t.c, "\x00")
		return t.label() + " đã qua bước “" + domain.StageLabel(stage) + "”, chuyển sang bước “" + domain.StageLabel(next) + "”."
	case formReminder:
		stage, rest, _ := strings.Cut(t.c, "\x00")
		milestone, due, _ := strings.Cut(rest, "\x00")
		m, _ := strconv.Atoi(milestone)
		return reminderText(t.label(), stage, m, due)
	case formEscalation:
		stage, rest, _ := strings.Cut(t.c, "\x00")
		due, role, _ := strings.Cut(rest, "\x00")
		return escalationText(t.label(), stage, due, role)
	}
	return t.a
}

// decisionNote tells the nominating agency about a decision on its request.
func decisionNote(s *State, r events.Recorded, p events.Payload) []note {
	_, id, _ := events.SplitSubject(r.Subject)
	n, ok := s.nominationOf(id)
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
	title, name, flag := s.labelParts(n)
	return []note{{to: []Audience{AgencyAudience(n.AgencyCode())}, parts: noteText{form: formDecision | flag, a: title, b: name, c: reason},
		link: nominationLink(id), nominationID: sameID(n, id)}}
}

// stagePassedNote tells the agency that its request moved on.
func stagePassedNote(s *State, r events.Recorded, p events.Payload) []note {
	e := p.(*events.NominationStagePassed)
	_, id, _ := events.SplitSubject(r.Subject)
	n, ok := s.nominationOf(id)
	if !ok {
		return nil
	}
	title, name, flag := s.labelParts(n)
	return []note{{to: []Audience{AgencyAudience(n.AgencyCode())},
		parts: noteText{form: formStagePassed | flag, a: title, b: name, c: internText(e.Stage + "\x00" + e.Next)},
		link:  nominationLink(id), nominationID: sameID(n, id)}}
}

// sameID returns id as the nomination n holds it (the subject's id is a
// part of the subject, which would keep the whole subject in memory).
func sameID(n *domain.Nomination, id string) string {
	if n.ID() == id {
		return n.ID()
	}
	return id
}

// internText returns the one shared copy of s.
func internText(s string) string {
	if s == "" {
		return ""
	}
	return unique.Make(s).Value()
}

// sentBackNote tells the stage a request was sent back to.
func sentBackNote(s *State, r events.Recorded, p events.Payload) []note {
	e := p.(*events.NominationSentBack)
	_, id, _ := events.SplitSubject(r.Subject)
	n, ok := s.nominationOf(id)
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
	n, ok := s.nominationOf(id)
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
	due := e.Due.Time().Format("02/01/2006")
	nt := note{to: []Audience{stageAudience(e.Stage, e.AgencyCode)}, link: nominationLink(e.NominationID), nominationID: e.NominationID}
	if n, ok := s.nominationOf(e.NominationID); ok {
		title, name, flag := s.labelParts(n)
		nt.parts = noteText{form: formReminder | flag, a: title, b: name,
			c: internText(e.Stage + "\x00" + strconv.Itoa(e.Milestone) + "\x00" + due)}
		nt.nominationID = sameID(n, e.NominationID)
		return []note{nt}
	}
	nt.text = reminderText(s.nominationLabel(e.NominationID), e.Stage, e.Milestone, due)
	return []note{nt}
}

// reminderText is the text of a reminder.
func reminderText(label, stage string, milestone int, due string) string {
	if milestone >= 100 {
		return fmt.Sprintf("Đến hạn: %s ở bước “%s” phải xử lý xong trong hôm nay (hạn %s).", label, domain.StageLabel(stage), due)
	}
	return fmt.Sprintf("Nhắc hạn: %s ở bước “%s” đã dùng %d%% thời gian xử lý; hạn %s.", label, domain.StageLabel(stage), milestone, due)
}

// escalationNote tells the escalation role, and the stage itself, that a
// stage ran out of time.
func escalationNote(s *State, r events.Recorded, p events.Payload) []note {
	e := p.(*events.DeadlineEscalated)
	to := []Audience{RoleAudience(e.Role)}
	if a := stageAudience(e.Stage, e.AgencyCode); a != to[0] {
		to = append(to, a)
	}
	due := e.Due.Time().Format("02/01/2006")
	nt := note{to: to, link: nominationLink(e.NominationID), nominationID: e.NominationID}
	if n, ok := s.nominationOf(e.NominationID); ok {
		title, name, flag := s.labelParts(n)
		nt.parts = noteText{form: formEscalation | flag, a: title, b: name, c: internText(e.Stage + "\x00" + due + "\x00" + e.Role)}
		nt.nominationID = sameID(n, e.NominationID)
		return []note{nt}
	}
	nt.text = escalationText(s.nominationLabel(e.NominationID), e.Stage, due, e.Role)
	return []note{nt}
}

// escalationText is the text of an escalation.
func escalationText(label, stage, due, role string) string {
	return fmt.Sprintf("Chuyển cấp trên: %s ở bước “%s” đã hết hạn xử lý ngày %s mà chưa có quyết định; báo %s.",
		label, domain.StageLabel(stage), due, domain.Role(role).Label())
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
