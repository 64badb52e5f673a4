package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nats-io/nats.go"

	"daotao/domain"
	"daotao/domain/eligibility"
	"daotao/domain/programme"
	"daotao/events"
	"daotao/events/jetstream"
)

// seedDecision records the reference data, an official of 42 and her
// postgraduate nomination submitted on 01/08/2025, recorded as eligible
// under Nghị định 171/2025 (first postgraduate nomination up to 45).
func seedDecision(t *testing.T, dir string) {
	t.Helper()
	logOn(t, dir, func(st *jetstream.Store, _ *nats.Conn) {
		doc, _ := programme.Default()
		raw, _ := doc.JSON()
		var q programme.Quota
		for _, c := range doc.Quotas() {
			if len(c.GroupsCBCC) > 0 && c.StudyField != "khac" {
				q = c
				break
			}
		}
		appendAt(t, st, "ref-1", events.Subject(events.AggregateReference, "programme"), 1, 2,
			events.ReferencePublished{Version: 1, EffectiveFrom: doc.EffectiveFrom, Document: raw})
		appendAt(t, st, "reg-o1", events.Subject(events.AggregateOfficial, "o1"), 3, 1, events.OfficialRegistered{OfficialID: "o1", AgencyCode: q.AgencyCode,
			OfficialProfile: events.OfficialProfile{FullName: "Cán bộ o1", Group: q.GroupsCBCC[0], Category: domain.CategoryCBCC,
				BirthDate: events.NewDate(1983, 3, 1), Gender: "nu", ServiceStart: events.NewDate(2005, 1, 1), Qualification: "dai_hoc", Field: q.StudyField,
				OfficialFacts: events.OfficialFacts{Ratings: map[string]string{"2023": "tot", "2024": "tot"}, ProbationEnd: events.NewDate(2006, 1, 1),
					InPlanningPool: true, Discipline: "none"}}})
		n := events.Subject(events.AggregateNomination, "n1")
		appendAt(t, st, "n1-c", n, 7, 20, events.NominationCreated{NominationID: "n1", OfficialID: "o1", AgencyCode: q.AgencyCode, Kind: domain.KindPostgraduate,
			NominationDetails: events.NominationDetails{Title: "Thạc sĩ", QuotaID: q.ID, StartDate: events.NewDate(2025, 9, 1), EndDate: events.NewDate(2027, 8, 31),
				DurationMonths: 24, CommitmentMonths: 72}})
		appendAt(t, st, "n1-s", n, 8, 1, events.NominationSubmitted{Eligibility: &events.Eligibility{Eligible: true, RuleSet: eligibility.ND171CBCC, RuleSetVersion: 1}})
	})
}

type whatIfOut struct {
	RuleSet     string `json:"rule_set"`
	Decisions   int    `json:"decisions"`
	Differing   int    `json:"differing"`
	Differences []struct {
		Seq          uint64   `json:"seq"`
		NominationID string   `json:"nomination_id"`
		Failed       []string `json:"failed"`
	} `json:"differences"`
}

// whatIf runs replay --what-if and decodes the body (before the trailer).
func whatIf(t *testing.T, dir, ruleSet string) (whatIfOut, string) {
	t.Helper()
	out := mustCLI(t, "replay", "--data", dir, "--what-if", ruleSet)
	body := out[:strings.LastIndex(strings.TrimSuffix(out, "\n"), "\n")+1]
	var w whatIfOut
	if err := json.Unmarshal([]byte(body), &w); err != nil {
		t.Fatalf("replay --what-if %s: %v\n%s", ruleSet, err, out)
	}
	return w, out
}

func TestReplayWhatIf(t *testing.T) {
	dir := t.TempDir()
	seedDecision(t, dir)
	before := mustCLI(t, "verify", "--data", dir)
	if got, _ := whatIf(t, dir, eligibility.ND171CBCC); got.Decisions != 1 || got.Differing != 0 {
		t.Errorf("under the recorded rule set: %+v; want the decision unchanged", got)
	}
	got, out := whatIf(t, dir, eligibility.ND101CBCC)
	if got.Differing != 1 || got.Differences[0].NominationID != "n1" || got.Differences[0].Seq != 4 ||
		!strings.Contains(strings.Join(got.Differences[0].Failed, ","), eligibility.CodeAgeFirstPostgrad) {
		t.Errorf("under %s: %+v; want n1 refused on age", eligibility.ND101CBCC, got)
	}
	if _, again := whatIf(t, dir, eligibility.ND101CBCC); again != out {
		t.Error("two what-if replays differ")
	}
	// A rule set of one's own, from a file: no age limit at all.
	rs, _ := eligibility.ByID(eligibility.ND101CBCC)
	rs.ID, rs.Postgrad.MaxFirstAge = "thu-nghiem/cbcc", 0
	b, _ := json.Marshal(rs)
	file := filepath.Join(t.TempDir(), "rules.json")
	if err := os.WriteFile(file, b, 0o600); err != nil {
		t.Fatal(err)
	}
	if got, _ := whatIf(t, dir, file); got.RuleSet != "thu-nghiem/cbcc" || got.Differing != 0 {
		t.Errorf("under a file rule set without age limit: %+v", got)
	}
	for _, args := range [][]string{
		{"--what-if", "khong-co"},
		{"--what-if", eligibility.ND101CBCC, "--format", "csv"},
		{"--what-if", eligibility.ND101CBCC, "--report", "targets"},
	} {
		if code, _, errOut := cli(t, append([]string{"replay", "--data", dir}, args...)...); code != 2 {
			t.Errorf("replay %v: exit %d %q; want 2", args, code, errOut)
		}
	}
	if after := mustCLI(t, "verify", "--data", dir); after != before {
		t.Errorf("what-if wrote to the log: verify before\n%s\nafter\n%s", before, after)
	}
}
