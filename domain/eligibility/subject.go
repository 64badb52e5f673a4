package eligibility

import (
	"maps"

	"daotao/events"
)

// Employee categories, as in package domain (not imported, so that domain
// may import this package).
const (
	CategoryCBCC = "cbcc" // cán bộ, công chức
	CategoryVC   = "vc"   // viên chức
)

// Nomination kinds.
const (
	KindRefresher    = "boi_duong"   // bồi dưỡng chuyên sâu
	KindPostgraduate = "sau_dai_hoc" // đào tạo sau đại học
)

// Genders.
const (
	GenderMale   = "nam"
	GenderFemale = "nu"
)

// Ratings of yearly performance, best first.
const (
	RatingExcellent = "xuat_sac"         // hoàn thành xuất sắc nhiệm vụ
	RatingGood      = "tot"              // hoàn thành tốt nhiệm vụ
	RatingDone      = "hoan_thanh"       // hoàn thành nhiệm vụ
	RatingFailed    = "khong_hoan_thanh" // không hoàn thành nhiệm vụ
)

// Discipline states. The empty string means the fact was never recorded.
const (
	DisciplineNone    = "none"
	DisciplinePending = "pending" // đang xem xét xử lý kỷ luật
	DisciplineActive  = "active"  // đang thi hành kỷ luật
)

// Subject is what the rules need to know about an official.
type Subject struct {
	Category     string
	Group        int
	BirthDate    events.Date
	Gender       string
	ServiceStart events.Date
	// ProbationEnd is the day probation ended; zero when not recorded.
	ProbationEnd events.Date
	// Ratings maps a calendar year ("2024") to that year's rating.
	Ratings                 map[string]string
	InPlanningPool          bool
	Discipline              string
	PriorPostgradNomination bool
	TravelBarred            bool
	// Field is the official's field of Table 6 (e.g. "cntt_khmt").
	Field string
}

// SubjectOf returns the subject the profile describes. The ratings are
// copied, so later changes to the profile do not reach the subject.
func SubjectOf(p events.OfficialProfile) Subject {
	return Subject{
		Category: p.Category, Group: p.Group, BirthDate: p.BirthDate, Gender: p.Gender,
		ServiceStart: p.ServiceStart, ProbationEnd: p.ProbationEnd, Ratings: maps.Clone(p.Ratings),
		InPlanningPool: p.InPlanningPool, Discipline: p.Discipline,
		PriorPostgradNomination: p.PriorPostgradNomination, TravelBarred: p.TravelBarred, Field: p.Field,
	}
}

// Request is the nomination being considered.
type Request struct {
	// Kind is KindRefresher or KindPostgraduate.
	Kind string
	// Date is the nomination date; every age, service and rating is taken on it.
	Date events.Date
	// Abroad marks a refresher course abroad (Điều 32); ignored for postgraduate.
	Abroad bool
	// CourseStart and CourseEnd are the first and last day of a refresher course.
	CourseStart, CourseEnd events.Date
	// DurationMonths is the length of postgraduate study.
	DurationMonths int
	// CommitmentMonths is the service the official commits to after
	// postgraduate study; 0 when not given.
	CommitmentMonths int
	// ContentPriorityGroups are the priority groups of the Phụ lục I
	// content; empty means any group.
	ContentPriorityGroups []int
	// QuotaGroups are the groups a Phụ lục II quota admits for the
	// official's category; nil when no quota is given, empty when the quota
	// admits none of that category.
	QuotaGroups []int
	// QuotaField is the Table 6 field the quota is for; "" means any field.
	QuotaField string
	// TrainingPlan reports that the official is on the year's training plan.
	TrainingPlan bool
}
