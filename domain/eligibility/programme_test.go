package eligibility_test

import (
	"testing"

	"daotao/domain/eligibility"
	"daotao/events"
)

func refresher(date events.Date) eligibility.Request {
	return eligibility.Request{Kind: eligibility.KindRefresher, Date: date}
}

func group(g int) func(*eligibility.Subject) { return func(s *eligibility.Subject) { s.Group = g } }

func TestInTargetGroups(t *testing.T) {
	runChecks(t, eligibility.CodeInTargetGroups, []checkCase{
		{name: "group 1", ruleSet: nd101, base: refresher, subject: group(1), date: day(2025, 3, 1), want: true,
			detail: "Nhóm 1 (Trưởng các sở, ban, ngành và tương đương) thuộc 04 nhóm đối tượng của Đề án"},
		{name: "group 4", ruleSet: vc101, base: refresher, subject: group(4), date: day(2025, 3, 1), want: true},
		{name: "group 0", ruleSet: nd101, base: refresher, subject: group(0), date: day(2025, 3, 1), want: false},
		{name: "group 5", ruleSet: nd171, base: postgrad, subject: group(5), date: day(2025, 8, 1), want: false,
			detail: "Nhóm 5 không thuộc 04 nhóm"},
	})
}

func TestPlanningPoolOrPlan(t *testing.T) {
	pool := func(in bool) func(*eligibility.Subject) {
		return func(s *eligibility.Subject) { s.InPlanningPool = in }
	}
	plan := func(r *eligibility.Request) { r.TrainingPlan = true }
	runChecks(t, eligibility.CodePlanningPoolOrPlan, []checkCase{
		{name: "in the pool", ruleSet: nd101, base: refresher, subject: pool(true), date: day(2025, 3, 1), want: true},
		{name: "on the plan", ruleSet: nd101, base: refresher, subject: pool(false), request: plan, date: day(2025, 3, 1), want: true,
			detail: "Trong quy hoạch: không; trong kế hoạch đào tạo, bồi dưỡng hằng năm: có"},
		{name: "neither", ruleSet: nd101, base: postgrad, subject: pool(false), date: day(2025, 3, 1), want: false},
	})
}

func TestContentPriority(t *testing.T) {
	priority := func(gs ...int) func(*eligibility.Request) {
		return func(r *eligibility.Request) { r.ContentPriorityGroups = gs }
	}
	runChecks(t, eligibility.CodeContentPriority, []checkCase{
		{name: "any group", ruleSet: nd101, base: refresher, date: day(2025, 3, 1), want: true, detail: "không giới hạn"},
		{name: "group among the priority targets", ruleSet: nd101, base: refresher, request: priority(3, 4), date: day(2025, 3, 1), want: true,
			detail: "Nhóm 3; đối tượng ưu tiên của nội dung (Phụ lục I): Nhóm 3, Nhóm 4"},
		{name: "group not among them", ruleSet: nd101, base: abroad, request: priority(1, 2), date: day(2025, 3, 1), want: false},
	})
}
