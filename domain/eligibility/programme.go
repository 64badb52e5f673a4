package eligibility

import (
	"fmt"
	"slices"
)

// programmeChecks are the Đề án's own conditions, for every kind.
func programmeChecks(s Subject, r Request) []Check {
	return []Check{targetGroups(s), planningPoolOrPlan(s, r), contentPriority(s, r)}
}

// targetGroups: the official is in one of the 4 groups (Phần II.I).
func targetGroups(s Subject) Check {
	if l, ok := groupLabels[s.Group]; ok {
		return pass(CodeInTargetGroups, fmt.Sprintf("Nhóm %d (%s) thuộc 04 nhóm đối tượng của Đề án", s.Group, l))
	}
	return fail(CodeInTargetGroups, fmt.Sprintf("Nhóm %d không thuộc 04 nhóm đối tượng của Đề án (Nhóm 1 đến Nhóm 4)", s.Group))
}

// planningPoolOrPlan: the official is in the planning pool (quy hoạch) or
// on the year's training plan.
func planningPoolOrPlan(s Subject, r Request) Check {
	d := fmt.Sprintf("Trong quy hoạch: %s; trong kế hoạch đào tạo, bồi dưỡng hằng năm: %s; cần ít nhất một trong hai",
		yesNo(s.InPlanningPool), yesNo(r.TrainingPlan))
	return check(CodePlanningPoolOrPlan, s.InPlanningPool || r.TrainingPlan, d)
}

// contentPriority: the official's group is among the priority targets of
// the Phụ lục I content, when it names any.
func contentPriority(s Subject, r Request) Check {
	if len(r.ContentPriorityGroups) == 0 {
		return pass(CodeContentPriority, "Nội dung không giới hạn nhóm đối tượng ưu tiên")
	}
	d := fmt.Sprintf("Nhóm %d; đối tượng ưu tiên của nội dung (Phụ lục I): %s", s.Group, groupList(r.ContentPriorityGroups))
	return check(CodeContentPriority, slices.Contains(r.ContentPriorityGroups, s.Group), d)
}
