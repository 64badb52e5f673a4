package projections_test

import (
	"testing"

	"daotao/domain"
	"daotao/events"
	"daotao/projections"
)

func TestQueueFiltersByRole(t *testing.T) {
	s := projections.New()
	council, agencies := events.Subject(events.AggregateFilter, "council"), events.Subject(events.AggregateFilter, "agency")
	recs := []events.Recorded{
		record(t, 1, council, &events.QueueFilterSaved{FilterID: "f1", Name: "Nhóm 1", Role: "council", Query: "group=1"}),
		record(t, 2, agencies, &events.QueueFilterSaved{FilterID: "f2", Name: "Sau đại học", Role: "agency", Query: "kind=sau_dai_hoc"}),
		record(t, 3, council, &events.QueueFilterSaved{FilterID: "f3", Name: "Sở Y tế", Role: "council", Query: "agency=so_y_te"}),
		record(t, 4, council, &events.QueueFilterRemoved{FilterID: "f1"}),
	}
	for _, r := range recs {
		if err := s.Apply(r); err != nil {
			t.Fatalf("apply seq %d: %v", r.Seq, err)
		}
	}
	tests := []struct {
		role    domain.Role
		ids     []string
		seq     uint64
		savedBy string
	}{
		{domain.RoleCouncil, []string{"f3"}, 4, "tc-soyte"},
		{domain.RoleAgency, []string{"f2"}, 2, "tc-soyte"},
		{domain.RoleAuditor, nil, 0, ""},
	}
	for _, tt := range tests {
		t.Run(string(tt.role), func(t *testing.T) {
			set := s.QueueFilters(tt.role)
			var ids []string
			for _, f := range set.List() {
				ids = append(ids, f.ID)
				if f.SavedBy != tt.savedBy || f.SavedAt.IsZero() || f.Role != string(tt.role) {
					t.Errorf("filter %+v: want saved by %s with a time and role %s", f, tt.savedBy, tt.role)
				}
			}
			if len(ids) != len(tt.ids) || (len(ids) > 0 && ids[0] != tt.ids[0]) || set.Seq() != tt.seq {
				t.Errorf("filters %v at seq %d, want %v at %d", ids, set.Seq(), tt.ids, tt.seq)
			}
		})
	}
}
