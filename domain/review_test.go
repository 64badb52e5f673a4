package domain_test

import (
	"slices"
	"testing"
	"time"

	"daotao/domain"
	"daotao/events"
)

func TestDiffReports(t *testing.T) {
	before := []domain.ReportTable{{Name: "profile", Columns: []string{"dimension", "value", "n"}, Rows: [][]string{
		{"gender", "nam", "1"}, {"gender", "nu", "2"}, {"all", "all", "3"}}}}
	after := []domain.ReportTable{{Name: "profile", Columns: []string{"dimension", "value", "n"}, Rows: [][]string{
		{"gender", "nam", "1"}, {"gender", "nu", "3"}, {"all", "all", "4"}, {"gender", "khac", "0"}}}}
	got := domain.DiffReports(before, after, "c1")
	want := []domain.ReportDifference{
		{Report: "profile", Row: "gender / nu", Column: "n", Before: "2", After: "3", Correction: "c1"},
		{Report: "profile", Row: "all / all", Column: "n", Before: "3", After: "4", Correction: "c1"},
		{Report: "profile", Row: "gender / khac", Column: "n", Before: "", After: "0", Correction: "c1"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("DiffReports:\n%+v\nwant\n%+v", got, want)
	}
	if d := domain.DiffReports(before, before, "c1"); len(d) != 0 {
		t.Errorf("no change gives %+v", d)
	}
}

func TestReviewDecisions(t *testing.T) {
	ha := events.Actor{Username: "sonoivu", Role: string(domain.RoleHomeAffairs)}
	council := events.Actor{Username: "hoidong", Role: string(domain.RoleCouncil)}
	cutoff := time.Date(2026, 12, 31, 23, 59, 59, 0, domain.Zone)
	cmd := domain.OpenReview{Kind: events.ReviewSoKet, Title: "Sơ kết", PeriodFrom: events.NewDate(2024, 9, 27), PeriodTo: events.NewDate(2026, 12, 31), Cutoff: cutoff}
	if _, err := domain.NewReview(council, "r", cmd); domain.KindOf(err) != domain.KindForbidden {
		t.Errorf("council opens: %v", err)
	}
	opened, err := domain.NewReview(ha, "r", cmd)
	if err != nil {
		t.Fatal(err)
	}
	var rv domain.Review
	rv.Apply(1, cutoff.Add(-time.Hour), "sonoivu", &opened)
	comp := domain.SealComputation{CutoffSeq: 5, RootHash: "ab", Reports: map[string]string{"targets": "cd"}}
	if _, err := rv.SealReview(ha, cutoff, 0, comp); domain.KindOf(err) != domain.KindConflict {
		t.Errorf("seal at the cut-off: %v; want a conflict", err)
	}
	if _, err := rv.SealReview(ha, cutoff.Add(time.Second), 4, comp); domain.KindOf(err) != domain.KindConflict {
		t.Errorf("seal expecting another sequence: %v", err)
	}
	sealed, err := rv.SealReview(ha, cutoff.Add(time.Second), 5, comp)
	if err != nil || sealed.CutoffSeq != 5 || !slices.Equal(sealed.SealedBy, []string{"sonoivu"}) {
		t.Fatalf("seal: %+v %v", sealed, err)
	}
	rv.Apply(9, cutoff.Add(time.Second), "sonoivu", &sealed)
	if _, err := rv.SealReview(ha, cutoff.Add(time.Hour), 0, comp); domain.KindOf(err) != domain.KindConflict {
		t.Errorf("sealing twice: %v", err)
	}
	ok := domain.CorrectingEvent{Seq: 7, Type: events.TypeNominationApproved, Aggregate: events.AggregateNomination, Found: true}
	for _, refs := range [][]domain.CorrectingEvent{
		nil,
		{{Seq: 3, Type: events.TypeNominationApproved, Aggregate: events.AggregateNomination, Found: true}},
		{{Seq: 8, Type: events.TypeReviewOpened, Aggregate: events.AggregateReview, Found: true}},
		{{Seq: 99}},
		{ok, ok},
	} {
		if _, err := rv.CorrectReview(ha, "c", "Lý do", refs); domain.KindOf(err) != domain.KindInvalid {
			t.Errorf("correction %+v: %v; want invalid", refs, err)
		}
	}
	corr, err := rv.CorrectReview(ha, "c1", "Kết quả muộn", []domain.CorrectingEvent{ok})
	if err != nil || corr.SealSeq != 9 || !slices.Equal(corr.EventSeqs, []uint64{7}) {
		t.Fatalf("correction: %+v %v", corr, err)
	}
	rv.Apply(10, cutoff.Add(2*time.Second), "sonoivu", &corr)
	if _, err := rv.CorrectReview(ha, "c2", "Lần nữa", []domain.CorrectingEvent{ok}); domain.KindOf(err) != domain.KindInvalid {
		t.Errorf("an event corrected twice: %v", err)
	}
}
