package projections

import (
	"slices"
	"strings"

	"daotao/domain"
	"daotao/events"
)

// completionBook is the read model of completion: each participant's
// training record (result, reports, survey) by nomination id, the records
// of each official, and the survey tallies per course and lead agency.
type completionBook struct {
	trainings  map[string]*domain.Training // by nomination id
	byOfficial map[string][]string         // official id → nomination ids with a record
	byCourse   map[string]*domain.SurveyTally
	byLead     map[string]*domain.SurveyTally
}

func newCompletionBook() completionBook {
	return completionBook{trainings: map[string]*domain.Training{}, byOfficial: map[string][]string{},
		byCourse: map[string]*domain.SurveyTally{}, byLead: map[string]*domain.SurveyTally{}}
}

func (s *State) applyTraining(r events.Recorded, id string, p events.Payload) {
	b := &s.completion
	t, ok := b.trainings[id]
	if !ok {
		t = &domain.Training{}
		b.trainings[id] = t
		if n, known := s.nominations[id]; known {
			b.byOfficial[n.OfficialID()] = append(b.byOfficial[n.OfficialID()], id)
		}
	}
	t.Apply(r.Seq, r.Time, r.Actor, p)
	if a, ok := p.(*events.TrainingSurveyAnswered); ok {
		tally(b.byCourse, a.CourseID).Add(*a)
		tally(b.byLead, a.LeadAgency).Add(*a)
	}
}

func tally(m map[string]*domain.SurveyTally, key string) *domain.SurveyTally {
	t, ok := m[key]
	if !ok {
		t = &domain.SurveyTally{}
		m[key] = t
	}
	return t
}

// Participation returns what completion knows of nomination id on today,
// and a copy of its training record (empty when it has none yet). It
// returns false for an unknown nomination.
func (s *State) Participation(id string, today events.Date) (domain.Participation, domain.Training, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	n, ok := s.nominations[id]
	if !ok {
		return domain.Participation{}, domain.Training{}, false
	}
	var t domain.Training
	if rec, ok := s.completion.trainings[id]; ok {
		t = *rec
	}
	return s.participation(n, today), t, true
}

// participation builds the facts of nomination n: for a course participant
// from the course (its format, lead agency, dates, and whether it has
// finished; approved only while the nomination holds a seat), else from
// the nomination itself. The caller holds the lock.
func (s *State) participation(n *domain.Nomination, today events.Date) domain.Participation {
	d := n.Details()
	p := domain.Participation{TrainingParticipant: events.TrainingParticipant{
		NominationID: n.ID(), OfficialID: n.OfficialID(), AgencyCode: n.AgencyCode(), Kind: n.Kind(),
		Format: domain.TrainingRefresher, Title: d.Title, StartDate: d.StartDate, EndDate: d.EndDate,
	}, Approved: n.Status() == domain.StatusApproved}
	switch {
	case n.Kind() == domain.KindPostgraduate:
		p.Format, p.DurationMonths = domain.TrainingPostgraduate, n.Duration()
	case d.Abroad:
		p.Format = domain.TrainingDelegationAbroad
	}
	if d.CourseID != "" {
		return s.courseParticipation(p, d.CourseID)
	}
	p.Ended = !d.EndDate.IsZero() && today.After(d.EndDate)
	return p
}

// PastTrainings returns the official's approved nominations, for the first
// time rule.
func (s *State) PastTrainings(officialID string) []domain.PastTraining {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []domain.PastTraining
	for _, n := range s.nominationsOf(officialID) {
		if n.Status() == domain.StatusApproved {
			out = append(out, domain.PastTraining{NominationID: n.ID(), Kind: n.Kind(), StartDate: n.Details().StartDate})
		}
	}
	return out
}

// nominationsOf returns the official's nominations in creation order. The
// caller holds the lock.
func (s *State) nominationsOf(officialID string) []*domain.Nomination {
	var out []*domain.Nomination
	for _, n := range s.order {
		if n.OfficialID() == officialID {
			out = append(out, n)
		}
	}
	return out
}

// OfficialTrainings returns the trainings of the official's approved
// nominations, newest first, as they stand on today.
func (s *State) OfficialTrainings(officialID string, cal domain.WorkingDays, today events.Date) []domain.TrainingView {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := []domain.TrainingView{}
	for _, n := range s.nominationsOf(officialID) {
		if n.Status() == domain.StatusApproved {
			out = append(out, s.trainingView(n, cal, today))
		}
	}
	slices.Reverse(out)
	return out
}

func (s *State) trainingView(n *domain.Nomination, cal domain.WorkingDays, today events.Date) domain.TrainingView {
	t := s.completion.trainings[n.ID()]
	if t == nil {
		t = &domain.Training{}
	}
	return t.View(s.participation(n, today), cal, today)
}

// TrainingView returns nomination id's training as it stands on today.
func (s *State) TrainingView(id string, cal domain.WorkingDays, today events.Date) (domain.TrainingView, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	n, ok := s.nominations[id]
	if !ok {
		return domain.TrainingView{}, false
	}
	return s.trainingView(n, cal, today), true
}

// TrainingFilter selects trainings; zero fields match everything.
type TrainingFilter struct {
	// Agency is the nominating agency.
	Agency string
	// Lead is the lead agency of the course, for its results entry.
	Lead     string
	CourseID string
	// OverdueOnly keeps those with an overdue report.
	OverdueOnly bool
}

// Trainings returns the trainings of approved nominations matching f, in
// nomination order, as they stand on today.
func (s *State) Trainings(f TrainingFilter, cal domain.WorkingDays, today events.Date) []domain.TrainingView {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := []domain.TrainingView{}
	for _, n := range s.order {
		if n.Status() != domain.StatusApproved || (f.Agency != "" && n.AgencyCode() != f.Agency) ||
			(f.CourseID != "" && n.Details().CourseID != f.CourseID) {
			continue
		}
		v := s.trainingView(n, cal, today)
		if (f.Lead != "" && v.LeadAgency != f.Lead) || (f.OverdueOnly && len(v.Overdue()) == 0) {
			continue
		}
		out = append(out, v)
	}
	return out
}

// PriorityMark is a result that gives its official priority for training
// at a higher level (Phần II.VI.2).
type PriorityMark struct {
	NominationID string      `json:"nomination_id"`
	Title        string      `json:"title"`
	Grade        string      `json:"grade"`
	EndDate      events.Date `json:"end_date"`
}

// Priority returns the official's priority marks, oldest first.
func (s *State) Priority(officialID string) []PriorityMark {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.priorityLocked(officialID)
}

func (s *State) priorityLocked(officialID string) []PriorityMark {
	var out []PriorityMark
	for _, id := range s.completion.byOfficial[officialID] {
		t := s.completion.trainings[id]
		if o := t.Outcome(); o != nil && o.PriorityHigherLevel {
			part := t.Participant()
			out = append(out, PriorityMark{NominationID: id, Title: part.Title, Grade: o.Grade, EndDate: part.EndDate})
		}
	}
	return out
}

// PriorityOfficials returns the ids of the officials with a priority mark.
func (s *State) PriorityOfficials() map[string]bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := map[string]bool{}
	for official := range s.completion.byOfficial {
		if len(s.priorityLocked(official)) > 0 {
			out[official] = true
		}
	}
	return out
}

// SurveySummary is the survey tally of one course or lead agency.
type SurveySummary struct {
	Key      string             `json:"key"`
	Answers  int                `json:"answers"`
	Averages map[string]float64 `json:"averages"`
	Overall  float64            `json:"overall"`
	Comments []string           `json:"comments,omitempty"`
}

// Surveys returns the survey tallies per course (byLead false) or per
// lead agency (true), sorted by key. only, when not empty, keeps one key.
func (s *State) Surveys(byLead bool, only string) []SurveySummary {
	s.mu.RLock()
	defer s.mu.RUnlock()
	m := s.completion.byCourse
	if byLead {
		m = s.completion.byLead
	}
	out := []SurveySummary{}
	for key, t := range m {
		if only != "" && key != only {
			continue
		}
		sum := SurveySummary{Key: key, Answers: t.Answers, Averages: map[string]float64{}, Overall: t.Overall(),
			Comments: slices.Clone(t.Comments)}
		for _, q := range domain.SurveyQuestions {
			sum.Averages[q.Code] = t.Average(q.Code)
		}
		out = append(out, sum)
	}
	slices.SortFunc(out, func(a, b SurveySummary) int { return strings.Compare(a.Key, b.Key) })
	return out
}
