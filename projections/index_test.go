package projections_test

import (
	"testing"
	"time"

	"daotao/domain"
	"daotao/events"
	"daotao/projections"
)

// progressWorld applies, one minute apart from t0 (seq n at t0 + n min):
//
//	1 o1 registered, group 1, dai_hoc
//	2 o2 registered, group 2, thac_si
//	3 n1 created for o1 (refresher)      4 n1 submitted   5 n1 approved
//	6 n2 created for o1 (refresher)      7 n2 submitted   8 n2 approved
//	9 n3 created for o9, not registered yet (postgraduate)
//	10 o9 registered, group 3           11 n3 submitted  12 n3 approved
//	13 n4 created for o2                14 n4 submitted  15 n4 returned
//	16 o2 updated to group 4, tien_si
//	17 o3 registered, group 5 (outside the four groups)
//	18 n5 created for o3                19 n5 submitted  20 n5 approved
func progressWorld(t *testing.T) *projections.State {
	t.Helper()
	s := projections.New()
	seq := uint64(0)
	apply := func(aggregate, id string, p events.Payload) {
		seq++
		if err := s.Apply(record(t, seq, events.Subject(aggregate, id), p)); err != nil {
			t.Fatal(err)
		}
	}
	official := func(id string, group int, qual string) *events.OfficialRegistered {
		return &events.OfficialRegistered{OfficialID: id, AgencyCode: "so_y_te",
			OfficialProfile: events.OfficialProfile{FullName: "Lê Văn " + id, Group: group, Qualification: qual}}
	}
	approve := func(id, officialID, kind string) {
		c := created(id, officialID)
		c.Kind = kind
		apply(events.AggregateNomination, id, c)
		apply(events.AggregateNomination, id, &events.NominationSubmitted{})
		apply(events.AggregateNomination, id, &events.NominationApproved{})
	}
	apply(events.AggregateOfficial, "o1", official("o1", 1, "dai_hoc"))
	apply(events.AggregateOfficial, "o2", official("o2", 2, "thac_si"))
	approve("n1", "o1", domain.KindRefresher)
	approve("n2", "o1", domain.KindRefresher)
	apply(events.AggregateNomination, "n3", &events.NominationCreated{NominationID: "n3", OfficialID: "o9", AgencyCode: "so_y_te", Kind: domain.KindPostgraduate})
	apply(events.AggregateOfficial, "o9", official("o9", 3, "dai_hoc"))
	apply(events.AggregateNomination, "n3", &events.NominationSubmitted{})
	apply(events.AggregateNomination, "n3", &events.NominationApproved{})
	apply(events.AggregateNomination, "n4", created("n4", "o2"))
	apply(events.AggregateNomination, "n4", &events.NominationSubmitted{})
	apply(events.AggregateNomination, "n4", &events.NominationReturned{Reason: "Bổ sung"})
	apply(events.AggregateOfficial, "o2", &events.OfficialUpdated{OfficialProfile: events.OfficialProfile{FullName: "Lê Văn o2", Group: 4, Qualification: "tien_si"}})
	apply(events.AggregateOfficial, "o3", official("o3", 5, "dai_hoc"))
	approve("n5", "o3", domain.KindRefresher)
	return s
}

func TestProgressAt(t *testing.T) {
	s := progressWorld(t)
	at := func(seq int) time.Time { return t0.Add(time.Duration(seq) * time.Minute) }
	tests := []struct {
		name string
		t    time.Time
		want projections.Progress
	}{
		{"before anything", at(0), projections.Progress{ByGroup: map[int]int{}}},
		{"two officials, nothing approved", at(4), projections.Progress{Roster: 2, PostgradDegree: 1, ByGroup: map[int]int{1: 1, 4: 1}}},
		{"o1 approved once", at(5), projections.Progress{Roster: 2, Refresher: 1, PostgradDegree: 1, ByGroup: map[int]int{1: 1, 4: 1}}},
		{"o1 twice counts once", at(8), projections.Progress{Roster: 2, Refresher: 1, PostgradDegree: 1, ByGroup: map[int]int{1: 1, 4: 1}}},
		{"nomination made before its official", at(12), projections.Progress{Roster: 3, Refresher: 1, PostgradSent: 1, PostgradDegree: 1,
			ByGroup: map[int]int{1: 1, 3: 1, 4: 1}}},
		{"outside the four groups does not count", at(30), projections.Progress{Roster: 3, Refresher: 1, PostgradSent: 1, PostgradDegree: 1,
			ByGroup: map[int]int{1: 1, 3: 1, 4: 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := s.ProgressAt(tt.t)
			if got.Roster != tt.want.Roster || got.Refresher != tt.want.Refresher || got.PostgradSent != tt.want.PostgradSent ||
				got.PostgradDegree != tt.want.PostgradDegree || len(got.ByGroup) != len(tt.want.ByGroup) {
				t.Fatalf("ProgressAt = %+v, want %+v", got, tt.want)
			}
			for g, n := range tt.want.ByGroup {
				if got.ByGroup[g] != n {
					t.Errorf("ByGroup[%d] = %d, want %d", g, got.ByGroup[g], n)
				}
			}
		})
	}
}

func TestNominationFiltersUseCurrentState(t *testing.T) {
	s := progressWorld(t)
	ids := func(items []domain.NominationView) []string {
		var out []string
		for _, n := range items {
			out = append(out, n.ID)
		}
		return out
	}
	tests := []struct {
		name string
		f    projections.NominationFilter
		want []string
	}{
		{"of an official", projections.NominationFilter{OfficialID: "o1"}, []string{"n1", "n2"}},
		{"of an official registered after its nomination", projections.NominationFilter{OfficialID: "o9"}, []string{"n3"}},
		{"of an unknown official", projections.NominationFilter{OfficialID: "o404"}, nil},
		{"by the official's group after an update", projections.NominationFilter{Group: 4}, []string{"n4"}},
		{"by the official's old group", projections.NominationFilter{Group: 2}, nil},
		{"by status", projections.NominationFilter{Status: []domain.Status{domain.StatusReturned}}, []string{"n4"}},
		{"by status and official", projections.NominationFilter{Status: []domain.Status{domain.StatusApproved}, OfficialID: "o3"}, []string{"n5"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, total := s.Nominations(tt.f, projections.Page{})
			if got := ids(items); len(got) != len(tt.want) || total != len(tt.want) || (len(got) > 0 && got[0] != tt.want[0]) ||
				(len(got) > 1 && got[1] != tt.want[1]) {
				t.Errorf("Nominations = %v (total %d), want %v", got, total, tt.want)
			}
			queued, qtotal := s.Queue(tt.f, projections.Page{})
			if qtotal != total || len(queued) != len(items) {
				t.Errorf("Queue = %v (total %d), want the same nominations as Nominations", ids(queued), qtotal)
			}
		})
	}
}
