package reports_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"daotao/domain"
	"daotao/domain/programme"
	"daotao/events"
	"daotao/events/memstore"
)

// history appends events to a store at given days, as the application
// would, with ids e1, e2, ...
type history struct {
	t  *testing.T
	st *memstore.Store
	n  int
}

var council = events.Actor{Username: "hoidong", Role: "council"}

// at appends p on subject at 09:00 of day (YYYY-MM-DD) in Asia/Ho_Chi_Minh.
func (h *history) at(day, subject string, p events.Payload) {
	h.t.Helper()
	d, err := events.ParseDate(day)
	if err != nil {
		h.t.Fatal(err)
	}
	t := d.Time()
	h.n++
	e, err := events.New(fmt.Sprintf("e%d", h.n), subject, time.Date(t.Year(), t.Month(), t.Day(), 9, 0, 0, 0, domain.Zone), council, p)
	if err != nil {
		h.t.Fatal(err)
	}
	ctx := context.Background()
	last, _ := h.st.LastSubjectSeq(ctx, subject)
	if _, err := h.st.Append(ctx, e, last, e.ID); err != nil {
		h.t.Fatal(err)
	}
}

func nomination(id string) string { return events.Subject(events.AggregateNomination, id) }

// scripted builds the small history the tests compute figures from by
// hand, in the order of business time, as the application records it:
//
//	seq 1      2025-01-02 reference data (shipped version 1) published
//	seq 2–11   2025-03-01 officials o1..o10: groups 1,1,2,2,3,3,4,4,4,4;
//	           o1, o2 thac_si, o3 tien_si, the rest dai_hoc; odd ones nam
//	seq 12–14  n1 refresher of o4: created 05-01, submitted 05-02, approved 2025-06-01
//	seq 15–18  n3 postgraduate of o6 on quota q: created 06-01, submitted 06-02,
//	           approved 2025-07-01 and a place of q taken
//	seq 19–20  n2 refresher of o5: created 2025-10-01, submitted 2025-11-01
//	seq 21     n4 refresher of o7: created 2025-12-01 (a draft)
//	seq 22     n2 approved 2026-02-01
func scripted(t *testing.T) (*memstore.Store, string) {
	t.Helper()
	h := &history{t: t, st: memstore.New()}
	doc, _ := programme.Default()
	raw, _ := doc.JSON()
	h.at("2025-01-02", events.Subject(events.AggregateReference, "programme"),
		events.ReferencePublished{Version: 1, EffectiveFrom: doc.EffectiveFrom, Document: raw})
	groups := []int{1, 1, 2, 2, 3, 3, 4, 4, 4, 4}
	for i, g := range groups {
		q := map[int]string{0: "thac_si", 1: "thac_si", 2: "tien_si"}[i]
		if q == "" {
			q = "dai_hoc"
		}
		id := fmt.Sprintf("o%d", i+1)
		h.at("2025-03-01", events.Subject(events.AggregateOfficial, id), events.OfficialRegistered{OfficialID: id, AgencyCode: "so_noi_vu",
			OfficialProfile: events.OfficialProfile{FullName: "Cán bộ " + id, Group: g, Category: "cbcc", Gender: []string{"nam", "nu"}[i%2],
				Qualification: q, Field: "hanh_chinh_luat"}})
	}
	quota := doc.Quotas()[0].ID
	create := func(id, official, kind, quotaID string) events.NominationCreated {
		return events.NominationCreated{NominationID: id, OfficialID: official, AgencyCode: "so_noi_vu", Kind: kind,
			NominationDetails: events.NominationDetails{Title: "Khóa " + id, QuotaID: quotaID}}
	}
	h.at("2025-05-01", nomination("n1"), create("n1", "o4", domain.KindRefresher, ""))
	h.at("2025-05-02", nomination("n1"), events.NominationSubmitted{})
	h.at("2025-06-01", nomination("n1"), events.NominationApproved{})
	h.at("2025-06-01", nomination("n3"), create("n3", "o6", domain.KindPostgraduate, quota))
	h.at("2025-06-02", nomination("n3"), events.NominationSubmitted{})
	h.at("2025-07-01", nomination("n3"), events.NominationApproved{})
	h.at("2025-07-01", events.Subject(events.AggregateQuota, quota), events.QuotaPlaceTaken{QuotaID: quota, NominationID: "n3", OfficialID: "o6", Places: 1})
	h.at("2025-10-01", nomination("n2"), create("n2", "o5", domain.KindRefresher, ""))
	h.at("2025-11-01", nomination("n2"), events.NominationSubmitted{})
	h.at("2025-12-01", nomination("n4"), create("n4", "o7", domain.KindRefresher, ""))
	h.at("2026-02-01", nomination("n2"), events.NominationApproved{})
	return h.st, quota
}
