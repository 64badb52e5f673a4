package projections_test

import (
	"encoding/json"
	"fmt"
	"strconv"
	"testing"
	"time"

	"daotao/domain"
	"daotao/events"
	"daotao/projections"
)

// benchAgencies are the agencies of the synthetic log.
var benchAgencies = []string{"so_y_te", "so_tai_chinh", "so_xay_dung", "ubnd_tam_ky", "ubnd_hoi_an"}

// benchEligibility is what a submission records: three passed checks.
var benchEligibility = &events.Eligibility{Eligible: true, RuleSet: "nd171-cbcc", RuleSetVersion: 1, Checks: []events.EligibilityCheck{
	{Code: "in_target_groups", Passed: true, Detail: "Nhóm 3 (lãnh đạo cấp phòng) thuộc 04 nhóm đối tượng của Đề án: đạt"},
	{Code: "planning_pool_or_plan", Passed: true, Detail: "Trong quy hoạch: có; trong kế hoạch đào tạo, bồi dưỡng hằng năm: không; cần ít nhất một trong hai: đạt"},
	{Code: "content_priority", Passed: true, Detail: "Nhóm 3; đối tượng ưu tiên của nội dung (Phụ lục I): Nhóm 2, Nhóm 3: đạt"},
}}

// benchLog returns a log of n officials, each with one nomination that
// goes as far as its index says: a draft, submitted, returned, or
// approved with the official's booking; about 4.2 events per official.
func benchLog(tb testing.TB, n int) []events.Recorded {
	tb.Helper()
	var log []events.Recorded
	add := func(subject string, actor events.Actor, p events.Payload) {
		seq := uint64(len(log) + 1)
		e, err := events.New("e-"+strconv.FormatUint(seq, 10), subject, t0.Add(time.Duration(seq)*time.Second), actor, p)
		if err != nil {
			tb.Fatal(err)
		}
		log = append(log, events.Recorded{Envelope: e, Seq: seq, StoredAt: e.Time})
	}
	council := events.Actor{UserID: "u-council", Username: "hoidong", Role: "council"}
	for i := range n {
		ag := benchAgencies[i%len(benchAgencies)]
		officer := events.Actor{UserID: "u-" + ag, Username: "tc-" + ag, Role: "agency", Agency: ag}
		oid, nid := fmt.Sprintf("o-%d", i), fmt.Sprintf("n-%d", i)
		osub, nsub := events.Subject(events.AggregateOfficial, oid), events.Subject(events.AggregateNomination, nid)
		add(osub, officer, &events.OfficialRegistered{OfficialID: oid, AgencyCode: ag, OfficialProfile: benchProfile(i)})
		c := created(nid, oid)
		c.AgencyCode = ag
		add(nsub, officer, c)
		if i%4 == 0 {
			continue
		}
		add(nsub, officer, &events.NominationSubmitted{Eligibility: benchEligibility, ReferenceVersion: 1})
		switch i % 4 {
		case 2:
			add(nsub, council, &events.NominationReturned{Reason: "Bổ sung bản cam kết thời gian công tác sau đào tạo."})
		case 3:
			add(nsub, council, &events.NominationApproved{Reason: "Đủ điều kiện.", Eligibility: benchEligibility, ReferenceVersion: 1})
			add(osub, council, &events.OfficialBooked{NominationID: nid, StartDate: c.StartDate, EndDate: c.EndDate})
		}
	}
	return log
}

func benchProfile(i int) events.OfficialProfile {
	return events.OfficialProfile{FullName: "Nguyễn Văn An", Group: 1 + i%4, Category: "cbcc", BirthDate: events.NewDate(1985, 4, 12),
		Gender: "nam", ServiceStart: events.NewDate(2010, 9, 1), Qualification: "dai_hoc", Field: "hanh_chinh_luat",
		OfficialFacts: events.OfficialFacts{Ratings: map[string]string{"2023": "tot", "2024": "tot", "2025": "xuat_sac"},
			ProbationEnd: events.NewDate(2011, 9, 1), InPlanningPool: true, Discipline: "none"}}
}

// benchState is a state that has applied log.
func benchState(tb testing.TB, log []events.Recorded) *projections.State {
	tb.Helper()
	s := projections.New()
	for _, r := range log {
		if err := s.Apply(r); err != nil {
			tb.Fatal(err)
		}
	}
	return s
}

// BenchmarkApply folds a recorded log into a fresh state: the work of a
// rebuild once events are decoded. decode=true also decodes each envelope
// from its stored JSON, as a rebuild from the store does.
func BenchmarkApply(b *testing.B) {
	log := benchLog(b, 2500)
	raw := make([][]byte, len(log))
	for i, r := range log {
		raw[i], _ = json.Marshal(r.Envelope)
	}
	for _, decode := range []bool{false, true} {
		b.Run(fmt.Sprintf("events=%d/decode=%t", len(log), decode), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				s := projections.New()
				for i, r := range log {
					if decode {
						r.Envelope, _ = events.Decode(raw[i])
					}
					if err := s.Apply(r); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(log)), "ns/event")
		})
	}
}

// BenchmarkQueue is the council's queue over 10,000 nominations: every
// submitted one, one agency's, and a later page.
func BenchmarkQueue(b *testing.B) {
	s := benchState(b, benchLog(b, 10_000))
	submitted := []domain.Status{domain.StatusSubmitted}
	for _, bc := range []struct {
		name string
		f    projections.NominationFilter
		pg   projections.Page
	}{
		{"all", projections.NominationFilter{Status: submitted}, projections.Page{Limit: 50}},
		{"agency", projections.NominationFilter{Status: submitted, Agency: "so_y_te"}, projections.Page{Limit: 50}},
		{"group_page3", projections.NominationFilter{Status: submitted, Group: 2}, projections.Page{Offset: 100, Limit: 50}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if got, total := s.Queue(bc.f, bc.pg); len(got) == 0 || total == 0 {
					b.Fatalf("Queue = %d of %d", len(got), total)
				}
			}
		})
	}
}

// BenchmarkProgressAt is the dashboard's count of the targets over 10,000
// officials and nominations.
func BenchmarkProgressAt(b *testing.B) {
	s := benchState(b, benchLog(b, 10_000))
	at := t0.Add(365 * 24 * time.Hour)
	b.ReportAllocs()
	for b.Loop() {
		if p := s.ProgressAt(at); p.Roster != 10_000 {
			b.Fatalf("roster = %d", p.Roster)
		}
	}
}

// BenchmarkNominationsOfOfficial lists one official's nominations among
// 10,000.
func BenchmarkNominationsOfOfficial(b *testing.B) {
	s := benchState(b, benchLog(b, 10_000))
	b.ReportAllocs()
	for b.Loop() {
		if got, _ := s.Nominations(projections.NominationFilter{OfficialID: "o-4242"}, projections.Page{Limit: 50}); len(got) != 1 {
			b.Fatalf("got %d nominations", len(got))
		}
	}
}
