package domain_test

import (
	"encoding/json"
	"fmt"
	"runtime"
	"testing"
	"time"

	"daotao/domain"
	"daotao/events"
)

// memEligibility is what a submission and an approval record.
func memEligibility() *events.Eligibility {
	return &events.Eligibility{Eligible: true, RuleSet: "nd171-cbcc", RuleSetVersion: 1, Checks: []events.EligibilityCheck{
		{Code: "in_target_groups", Passed: true, Detail: "Nhóm 3 (lãnh đạo cấp phòng) thuộc 04 nhóm đối tượng của Đề án: đạt"},
		{Code: "planning_pool_or_plan", Passed: true, Detail: "Trong quy hoạch: có; trong kế hoạch đào tạo, bồi dưỡng hằng năm: không; cần ít nhất một trong hai: đạt"},
		{Code: "content_priority", Passed: true, Detail: "Nhóm 3; đối tượng ưu tiên của nội dung (Phụ lục I): Nhóm 2, Nhóm 3: đạt"},
		{Code: "discipline", Passed: true, Detail: "Không bị kỷ luật: đạt"},
	}}
}

// memEvents are the events of the i-th nomination of a national log: a
// draft for one in five, else submitted to a chain of three stages, and
// then returned, passed on, or approved after two stages.
func memEvents(i int) []struct {
	actor events.Actor
	p     events.Payload
} {
	ag := fmt.Sprintf("ag_%03d", i%300)
	officer := events.Actor{UserID: "u-" + ag, Username: "tc-" + ag, Role: "agency", Agency: ag}
	hn := events.Actor{UserID: "u-hn", Username: "sonoivu", Role: "home_affairs"}
	council := events.Actor{UserID: "u-council", Username: "hoidong", Role: "council"}
	chain := domain.ChainFor(domain.KindRefresher, 1+i%4, events.NewDate(2026, 3, 2))
	type ev = struct {
		actor events.Actor
		p     events.Payload
	}
	out := []ev{{officer, &events.NominationCreated{NominationID: fmt.Sprintf("n-%08d", i), OfficialID: fmt.Sprintf("o-%08d", i/2),
		AgencyCode: ag, Kind: domain.KindRefresher, NominationDetails: events.NominationDetails{Title: "Bồi dưỡng kỹ năng lãnh đạo, quản lý cấp phòng",
			ContentCode: "B.2", StartDate: events.NewDate(2026, 9, 1), EndDate: events.NewDate(2026, 9, 30), CostEstimateVND: 12_000_000}}}}
	if i%5 == 0 {
		return out
	}
	out = append(out, ev{officer, &events.NominationSubmitted{Eligibility: memEligibility(), ReferenceVersion: 1, Chain: &chain}})
	switch i % 5 {
	case 1:
		out = append(out, ev{hn, &events.NominationReturned{Reason: "Bổ sung bản cam kết thời gian công tác sau đào tạo.", Stage: "home_affairs"}})
	case 2:
		out = append(out, ev{hn, &events.NominationStagePassed{Stage: "home_affairs", Next: "council", Reason: "Hồ sơ đầy đủ."}})
	default:
		out = append(out, ev{hn, &events.NominationStagePassed{Stage: "home_affairs", Next: "council", Reason: "Hồ sơ đầy đủ."}},
			ev{council, &events.NominationApproved{Reason: "Đủ điều kiện.", Stage: "council", Eligibility: memEligibility(), ReferenceVersion: 1}})
	}
	return out
}

// TestNominationMemory reports the heap a nomination keeps after a replay
// (payloads decoded from JSON and interned as a replay does): run with -v
// to see the figure. It fails if a nomination keeps more than a bound well
// above the figure, so that a regression is noticed.
func TestNominationMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("allocates")
	}
	const n = 20_000
	type rec struct {
		at    time.Time
		actor events.Actor
		p     events.Payload
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	var log []rec
	at := time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)
	for i := range n {
		for _, e := range memEvents(i) {
			env, err := events.New("e", "nomination.x", at, e.actor, e.p)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := json.Marshal(env)
			env, err = events.Decode(b)
			if err != nil {
				t.Fatal(err)
			}
			p, err := events.Unmarshal(env)
			if err != nil {
				t.Fatal(err)
			}
			events.Intern(p)
			log = append(log, rec{env.Time, env.Actor, p})
			at = at.Add(time.Second)
		}
	}
	noms := make([]*domain.Nomination, n)
	k := 0
	for i := range n {
		nm := &domain.Nomination{}
		for range memEvents(i) {
			r := log[k]
			nm.ApplyBy(uint64(k+1), r.at, r.actor, r.p)
			k++
		}
		noms[i] = nm
	}
	log = nil
	runtime.GC()
	runtime.ReadMemStats(&after)
	per := (float64(after.HeapAlloc) - float64(before.HeapAlloc)) / n
	t.Logf("%.0f bytes per nomination (%d nominations)", per, n)
	if per > 2000 {
		t.Errorf("%.0f bytes per nomination", per)
	}
	runtime.KeepAlive(noms)
}
