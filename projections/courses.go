package projections

import (
	"slices"

	"daotao/domain"
	"daotao/events"
)

// courseBook is the projection of training programmes and their courses.
type courseBook struct {
	programmes     map[string]*domain.TrainingProgramme
	programmeOrder []*domain.TrainingProgramme
	courses        map[string]*domain.Course
	courseOrder    []*domain.Course
	// byNomination maps a nomination id to the course it holds or waits
	// for a seat of.
	byNomination map[string]string
}

func newCourseBook() *courseBook {
	return &courseBook{programmes: map[string]*domain.TrainingProgramme{}, courses: map[string]*domain.Course{},
		byNomination: map[string]string{}}
}

func (b *courseBook) apply(r events.Recorded, aggregate, id string, p events.Payload) {
	if aggregate == events.AggregateProgramme {
		g, ok := b.programmes[id]
		if !ok {
			g = &domain.TrainingProgramme{}
			b.programmes[id] = g
			b.programmeOrder = append(b.programmeOrder, g)
		}
		g.Apply(r.Seq, r.Time, p)
		return
	}
	c, ok := b.courses[id]
	if !ok {
		c = &domain.Course{}
		b.courses[id] = c
		b.courseOrder = append(b.courseOrder, c)
	}
	c.Apply(r.Seq, r.Time, p)
	switch e := p.(type) {
	case *events.CourseSeatTaken:
		b.byNomination[e.NominationID] = id
	case *events.CourseWaitlisted:
		b.byNomination[e.NominationID] = id
	}
}

// Programme returns a copy of the training programme with id.
func (s *State) Programme(id string) (domain.TrainingProgramme, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	g, ok := s.courseBook.programmes[id]
	if !ok {
		return domain.TrainingProgramme{}, false
	}
	return *g, true
}

// ProgrammeFilter selects programmes; zero fields match everything.
type ProgrammeFilter struct {
	Status  []domain.ProgrammeStatus
	Agency  string
	Content string
	// Visible, when set, keeps only the programmes it admits.
	Visible func(*domain.TrainingProgramme) bool
}

func (f ProgrammeFilter) match(g *domain.TrainingProgramme) bool {
	return (len(f.Status) == 0 || slices.Contains(f.Status, g.Status())) &&
		(f.Agency == "" || g.AgencyCode() == f.Agency) &&
		(f.Content == "" || g.ContentCode() == f.Content) &&
		(f.Visible == nil || f.Visible(g))
}

// Programmes returns one page of the programmes matching f, newest first,
// and how many match in all.
func (s *State) Programmes(f ProgrammeFilter, pg Page) ([]domain.ProgrammeView, int) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []domain.ProgrammeView
	total := 0
	for i := len(s.courseBook.programmeOrder) - 1; i >= 0; i-- {
		g := s.courseBook.programmeOrder[i]
		if !f.match(g) {
			continue
		}
		out = append(out, g.View())
		total++
	}
	lo, hi := pg.window(total)
	return slices.Clip(out[lo:hi]), total
}

// Course returns a copy of the course with id.
func (s *State) Course(id string) (domain.Course, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	c, ok := s.courseBook.courses[id]
	if !ok {
		return domain.Course{}, false
	}
	return *c, true
}

// CourseOf returns the course nomination id holds or waits for a seat of,
// or false. A nomination that left the course keeps naming it; the
// course's Holds tells whether it still has a place.
func (s *State) CourseOf(nominationID string) (string, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	id, ok := s.courseBook.byNomination[nominationID]
	return id, ok
}

// CourseParticipants returns the nominations holding a seat of course id,
// in the order they took it (for results and reports), or false for an
// unknown course.
func (s *State) CourseParticipants(id string) ([]domain.Seat, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	c, ok := s.courseBook.courses[id]
	if !ok {
		return nil, false
	}
	return c.Participants(), true
}

// CourseFilter selects courses; zero fields match everything.
type CourseFilter struct {
	Status      []domain.CourseStatus
	Format      string
	Agency      string // the lead agency
	ProgrammeID string
	Content     string
	Kind        string // the nomination kind the course takes
}

func (f CourseFilter) match(c *domain.Course) bool {
	return (len(f.Status) == 0 || slices.Contains(f.Status, c.Status())) &&
		(f.Format == "" || c.Format() == f.Format) &&
		(f.Agency == "" || c.LeadAgency() == f.Agency) &&
		(f.ProgrammeID == "" || c.ProgrammeID() == f.ProgrammeID) &&
		(f.Content == "" || c.ContentCode() == f.Content) &&
		(f.Kind == "" || domain.KindFor(c.Format()) == f.Kind)
}

// Courses returns one page of the courses matching f, by start date
// (earliest first), and how many match in all.
func (s *State) Courses(f CourseFilter, pg Page) ([]domain.CourseView, int) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []domain.CourseView
	for _, c := range s.courseBook.courseOrder {
		if f.match(c) {
			out = append(out, c.View())
		}
	}
	slices.SortStableFunc(out, func(a, b domain.CourseView) int { return a.StartDate.Time().Compare(b.StartDate.Time()) })
	lo, hi := pg.window(len(out))
	return slices.Clip(out[lo:hi]), len(out)
}
