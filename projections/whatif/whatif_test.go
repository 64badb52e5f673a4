package whatif_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"daotao/domain"
	"daotao/domain/eligibility"
	"daotao/domain/programme"
	"daotao/events"
	"daotao/events/memstore"
	"daotao/projections/asof"
	"daotao/projections/whatif"
)

var council = events.Actor{Username: "hoidong", Role: "council"}

// scripted records the reference data, an official of 42 on the quota's
// groups and field, and her postgraduate nomination submitted on
// 01/08/2025 (under Nghị định 171/2025: first postgraduate nomination up to
// 45), recorded as eligible.
func scripted(t *testing.T) *memstore.Store {
	t.Helper()
	st := memstore.New()
	doc, _ := programme.Default()
	raw, _ := doc.JSON()
	var q programme.Quota
	for _, c := range doc.Quotas() {
		if len(c.GroupsCBCC) > 0 && c.StudyField != "khac" {
			q = c
			break
		}
	}
	n := 0
	add := func(subject string, at time.Time, p events.Payload) {
		t.Helper()
		n++
		e, err := events.New("e"+string(rune('a'+n)), subject, at, council, p)
		if err != nil {
			t.Fatal(err)
		}
		last, _ := st.LastSubjectSeq(context.Background(), subject)
		if _, err := st.Append(context.Background(), e, last, e.ID); err != nil {
			t.Fatal(err)
		}
	}
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 9, 0, 0, 0, domain.Zone) }
	add(events.Subject(events.AggregateReference, "programme"), day(2025, 1, 2), events.ReferencePublished{Version: 1, EffectiveFrom: doc.EffectiveFrom, Document: raw})
	add(events.Subject(events.AggregateOfficial, "o1"), day(2025, 3, 1), events.OfficialRegistered{OfficialID: "o1", AgencyCode: q.AgencyCode,
		OfficialProfile: events.OfficialProfile{FullName: "Cán bộ o1", Group: q.GroupsCBCC[0], Category: domain.CategoryCBCC,
			BirthDate: events.NewDate(1983, 3, 1), Gender: "nu", ServiceStart: events.NewDate(2005, 1, 1), Qualification: "dai_hoc", Field: q.StudyField,
			OfficialFacts: events.OfficialFacts{Ratings: map[string]string{"2023": "tot", "2024": "tot"}, ProbationEnd: events.NewDate(2006, 1, 1),
				InPlanningPool: true, Discipline: "none"}}})
	nom := events.Subject(events.AggregateNomination, "n1")
	add(nom, day(2025, 7, 20), events.NominationCreated{NominationID: "n1", OfficialID: "o1", AgencyCode: q.AgencyCode, Kind: domain.KindPostgraduate,
		NominationDetails: events.NominationDetails{Title: "Thạc sĩ", QuotaID: q.ID, StartDate: events.NewDate(2025, 9, 1), EndDate: events.NewDate(2027, 8, 31),
			DurationMonths: 24, CommitmentMonths: 72}})
	add(nom, day(2025, 8, 1), events.NominationSubmitted{Eligibility: &events.Eligibility{Eligible: true, RuleSet: eligibility.ND171CBCC, RuleSetVersion: 1}})
	return st
}

func TestWhatIf(t *testing.T) {
	st := scripted(t)
	ctx := context.Background()
	same, _ := eligibility.ByID(eligibility.ND171CBCC)
	got, err := whatif.Evaluate(ctx, st.Read, asof.Point{}, same)
	if err != nil {
		t.Fatal(err)
	}
	if got.Decisions != 1 || got.Evaluated != 1 || got.Differing != 0 {
		t.Fatalf("under the recorded rule set: %+v; want the one decision unchanged", got)
	}
	older, _ := eligibility.ByID(eligibility.ND101CBCC)
	got, err = whatif.Evaluate(ctx, st.Read, asof.Point{}, older)
	if err != nil {
		t.Fatal(err)
	}
	if got.Differing != 1 || got.Differences[0].NominationID != "n1" || got.Differences[0].Seq != 4 ||
		got.Differences[0].Eligible || !slices.Contains(got.Differences[0].Failed, eligibility.CodeAgeFirstPostgrad) {
		t.Errorf("under %s: %+v; want n1 refused on age", older.ID, got)
	}
	vc, _ := eligibility.ByID(eligibility.ND101VC)
	if got, _ := whatif.Evaluate(ctx, st.Read, asof.Point{}, vc); got.Decisions != 1 || got.Evaluated != 0 || got.Differing != 0 {
		t.Errorf("a rule set of another category: %+v; want nothing evaluated", got)
	}
	p, _ := asof.Parse("seq:3")
	if got, _ := whatif.Evaluate(ctx, st.Read, p, older); got.Decisions != 0 || got.LastSeq != 3 {
		t.Errorf("as of seq:3: %+v; want no decision yet", got)
	}
}
