package projections

import "daotao/domain"

// courseParticipation completes p for a participant of course courseID: the
// course's format, lead agency and dates; ended once the course has
// finished; approved only while the nomination holds one of its seats. The
// caller holds the lock.
func (s *State) courseParticipation(p domain.Participation, courseID string) domain.Participation {
	p.CourseID = courseID
	c, ok := s.courseBook.courses[courseID]
	if !ok {
		p.Approved = false
		return p
	}
	p.Format, p.LeadAgency = c.Format(), c.LeadAgency()
	p.StartDate, p.EndDate = c.Start(), c.End()
	p.Title = c.Details().Title
	seated, _ := c.Holds(p.NominationID)
	p.Approved = p.Approved && seated
	p.Ended = c.Status() == domain.CourseFinished
	return p
}
