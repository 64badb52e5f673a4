package domain

import (
	"time"

	"daotao/events"
)

// TrainingView is one participant's training as the API and pages show
// it: the facts, the result with its corrections, the reports owed with
// their due dates, and the survey.
type TrainingView struct {
	NominationID string      `json:"nomination_id"`
	OfficialID   string      `json:"official_id"`
	AgencyCode   string      `json:"agency_code"`
	Kind         string      `json:"kind"`
	Format       string      `json:"format"`
	CourseID     string      `json:"course_id,omitempty"`
	LeadAgency   string      `json:"lead_agency,omitempty"`
	Title        string      `json:"title"`
	StartDate    events.Date `json:"start_date"`
	EndDate      events.Date `json:"end_date"`
	Approved     bool        `json:"approved"`
	Ended        bool        `json:"ended"`
	// Result is the current result (nil until recorded); RecordedAt and
	// RecordedBy are of the first recording, Corrections each later one.
	Result      *events.TrainingOutcome `json:"result"`
	RecordedAt  *time.Time              `json:"recorded_at,omitempty"`
	RecordedBy  string                  `json:"recorded_by,omitempty"`
	Corrections []Correction            `json:"corrections,omitempty"`
	Reports     []Obligation            `json:"reports"`
	// SurveyOpen: the participant may answer the survey now.
	SurveyOpen     bool `json:"survey_open"`
	SurveyAnswered bool `json:"survey_answered"`
	// Seq is the sequence of the training record's last event (0: none
	// yet), for If-Match.
	Seq uint64 `json:"seq"`
}

// View returns the training of participation p as it stands on today.
func (t *Training) View(p Participation, cal WorkingDays, today events.Date) TrainingView {
	v := TrainingView{NominationID: p.NominationID, OfficialID: p.OfficialID, AgencyCode: p.AgencyCode, Kind: p.Kind,
		Format: p.Format, CourseID: p.CourseID, LeadAgency: p.LeadAgency, Title: p.Title, StartDate: p.StartDate,
		EndDate: p.EndDate, Approved: p.Approved, Ended: p.Ended, Result: t.outcome,
		Corrections: append([]Correction(nil), t.corrections...), Seq: t.seq, Reports: []Obligation{}}
	if t.outcome != nil {
		at := t.recordedAt
		v.RecordedAt, v.RecordedBy = &at, t.recordedBy.Username
	}
	if p.Approved {
		if o := Obligations(p.TrainingParticipant, t.outcome, t.reports, cal, today); o != nil {
			v.Reports = o
		}
	}
	v.SurveyAnswered = t.survey != nil
	v.SurveyOpen = p.Approved && p.CourseID != "" && p.Ended && t.survey == nil && (t.outcome == nil || t.outcome.Attended)
	return v
}

// Overdue returns the reports of v that are overdue.
func (v TrainingView) Overdue() []Obligation {
	var out []Obligation
	for _, o := range v.Reports {
		if o.Overdue {
			out = append(out, o)
		}
	}
	return out
}
