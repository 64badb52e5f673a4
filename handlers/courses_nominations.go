package handlers

import (
	"context"

	"daotao/domain"
	"daotao/events"
)

// checkCourse completes and checks the details of a nomination to a
// course (d.CourseID set) by agency: the course must exist and still be
// planned or open, its format must take the nomination's kind
// (postgraduate ↔ sau_dai_hoc, others ↔ boi_duong); the title, content,
// dates, cost per person (and for a postgraduate programme its duration
// and quota, for a delegation the abroad mark) are taken from the course
// when left empty, and must match it when given.
func (s *Server) checkCourse(p domain.Problems, agency, kind string, d *events.NominationDetails) {
	if d.CourseID == "" {
		return
	}
	// It runs before the command is decided: see this process's own writes
	// (a course just closed) first. On a timeout the submission, decided
	// on caught-up state, still refuses a course that takes no nominations.
	_ = s.cfg.State.WaitTimeout(context.Background(), s.highWater.Load(), s.cfg.WaitLimit)
	co, ok := s.cfg.State.Course(d.CourseID)
	if !ok {
		p.Add("course_id", "Không có khóa học này (xem GET /api/v1/courses).")
		return
	}
	if st := co.Status(); st != domain.CoursePlanned && st != domain.CourseOpen {
		p.Add("course_id", "Khóa học không còn nhận đề cử ("+st.Label()+").")
	}
	if want := domain.KindFor(co.Format()); kind != "" && kind != want {
		p.Add("kind", "Khóa học này nhận hồ sơ loại \""+want+"\".")
	}
	cd := co.Details()
	fill(&d.Title, cd.Title)
	if d.ContentCode == "" {
		d.ContentCode = co.ContentCode()
	} else if d.ContentCode != co.ContentCode() {
		p.Add("content_code", "Khóa học thuộc nội dung "+co.ContentCode()+".")
	}
	matchDate(p, "start_date", &d.StartDate, cd.StartDate)
	matchDate(p, "end_date", &d.EndDate, cd.EndDate)
	if d.CostEstimateVND == 0 {
		d.CostEstimateVND = cd.CostPerPersonVND
	}
	switch co.Format() {
	case events.CourseDelegation:
		d.Abroad = true
	case events.CoursePostgraduate:
		if d.DurationMonths == 0 {
			d.DurationMonths = cd.DurationMonths
		}
		if d.QuotaID == "" && s.quotaHeldBy(cd.QuotaID, agency) {
			d.QuotaID = cd.QuotaID
		}
	}
}

func fill(dst *string, v string) {
	if *dst == "" {
		*dst = v
	}
}

func matchDate(p domain.Problems, field string, d *events.Date, course events.Date) {
	switch {
	case d.IsZero():
		*d = course
	case *d != course:
		p.Add(field, "Phải trùng thời gian của khóa học ("+formatDate(course)+").")
	}
}

// quotaHeldBy reports whether Phụ lục II quota id is given to agency.
func (s *Server) quotaHeldBy(id, agency string) bool {
	ref, ok := s.cfg.State.ReferenceAsOf(s.today())
	if !ok || id == "" {
		return false
	}
	q, ok := ref.Doc.Quota(id)
	return ok && q.Holds(agency)
}

// seatChanges adds to also what nomination n's event p does to the seats
// of its course, so that both land in one atomic batch: a submission
// takes a seat or joins the waitlist; a withdrawal or a rejection releases
// the seat (promoting from the waitlist) or leaves the waitlist. A return
// for revision keeps the seat. A nomination to no course is unaffected.
func (s *Server) seatChanges(n *domain.Nomination, p events.Payload, also []domain.Change) ([]domain.Change, error) {
	d := n.Details()
	if d.CourseID == "" {
		return also, nil
	}
	co, ok := s.cfg.State.Course(d.CourseID)
	if !ok {
		return also, nil
	}
	var change events.Payload
	switch p.(type) {
	case *events.NominationSubmitted:
		if d.StartDate != co.Start() || d.EndDate != co.End() {
			return nil, &domain.Error{Kind: domain.KindConflict, Code: "course_changed",
				Message: "Khóa học đã đổi thời gian (" + formatDate(co.Start()) + " – " + formatDate(co.End()) + "); hãy sửa hồ sơ cho khớp rồi gửi."}
		}
		var err error
		change, err = co.Take(events.SeatHolder{NominationID: n.ID(), AgencyCode: n.AgencyCode(), OfficialID: n.OfficialID()})
		if err != nil {
			return nil, err
		}
	case *events.NominationApproved:
		return also, approvable(&co, n.ID())
	case *events.NominationWithdrawn:
		change = co.Release(n.ID(), domain.SeatWithdrawn, s.promotionCheck(&co))
	case *events.NominationRejected:
		change = co.Release(n.ID(), domain.SeatRejected, s.promotionCheck(&co))
	}
	if change == nil {
		return also, nil
	}
	return append(also, domain.Change{Subject: events.Subject(events.AggregateCourse, co.ID()), Expected: co.Seq(), Payload: change}), nil
}

// approvable refuses the final approval of a nomination to a course it
// holds no seat of: one that waits (approved participants are always
// seated, within the capacity) or whose course was cancelled.
func approvable(co *domain.Course, nominationID string) error {
	if co.Status() == domain.CourseCancelled {
		return &domain.Error{Kind: domain.KindConflict, Code: "course_cancelled",
			Message: "Khóa học \"" + co.Details().Title + "\" đã bị hủy; không phê duyệt hồ sơ cử vào khóa học này."}
	}
	if seated, _ := co.Holds(nominationID); !seated {
		return &domain.Error{Kind: domain.KindConflict, Code: "no_seat",
			Message: "Hồ sơ đang trong danh sách chờ của khóa học \"" + co.Details().Title + "\"; chỉ phê duyệt khi cán bộ đã có chỗ."}
	}
	return nil
}

// promotionCheck says why a waitlisted nomination cannot take a freed seat
// of co: it is no longer active, or its official is booked elsewhere in
// the course's period.
func (s *Server) promotionCheck(co *domain.Course) domain.Candidate {
	return func(h events.SeatHolder) (string, string) {
		n, ok := s.cfg.State.Nomination(h.NominationID)
		if !ok || n.Status() == domain.StatusWithdrawn || n.Status() == domain.StatusRejected {
			return domain.SkipInactive, "Hồ sơ không còn hiệu lực (đã rút hoặc không được phê duyệt)."
		}
		o, ok := s.cfg.State.Official(h.OfficialID)
		if !ok {
			return domain.SkipInactive, "Không tìm thấy cán bộ."
		}
		if b, clash := o.Overlapping(co.Start(), co.End(), h.NominationID); clash {
			return domain.SkipOverlapping, "Cán bộ đã được duyệt tham gia chương trình khác trùng thời gian (" +
				formatDate(b.Start) + " – " + formatDate(b.End) + ")."
		}
		return "", ""
	}
}

// checkCourseRevision checks a revision d of nomination n: a nomination
// that holds or waits for a seat cannot move to another course (withdraw
// it and nominate again); otherwise as checkCourse.
func (s *Server) checkCourseRevision(p domain.Problems, n *domain.Nomination, d *events.NominationDetails) {
	if old := n.Details().CourseID; old != "" && old != d.CourseID {
		if co, ok := s.cfg.State.Course(old); ok {
			if seated, waiting := co.Holds(n.ID()); seated || waiting {
				p.Add("course_id", "Hồ sơ đang giữ chỗ trong khóa học; muốn đổi khóa học hãy rút hồ sơ và lập hồ sơ mới.")
				return
			}
		}
	}
	s.checkCourse(p, n.AgencyCode(), n.Kind(), d)
}
