package domain

import (
	"reflect"
	"testing"
	"time"

	"daotao/events"
)

// TestPackedPartsReadBackIdentical: what a nomination keeps packed reads
// back exactly as applied — steps with any time, role, delegation,
// attachment or comment; eligibilities and chains with nil or empty lists.
func TestPackedPartsReadBackIdentical(t *testing.T) {
	hcm := time.FixedZone("ICT", 7*3600)
	ref := &events.AttachmentRef{SHA256: "ab", Name: "a.pdf", ContentType: "application/pdf", Size: 3, Stage: "council"}
	for _, s := range []StageStep{
		{},
		{Seq: 7, At: time.Date(2026, 3, 2, 8, 0, 0, 5, time.UTC), Actor: "hoidong", Role: "council", Action: "approved", Stage: "council", Comment: "Đủ điều kiện."},
		{Seq: 8, At: time.Date(2026, 3, 2, 8, 0, 0, 0, hcm), Actor: "tc", Role: "system", Action: "passed", Stage: "weird", To: "other", Comment: "a\x00b"},
		{Seq: 9, At: time.Now(), Actor: "x", Role: "agency", OnBehalfOf: "y", Action: "attachment_added", Attachment: ref},
		{Seq: 10, At: time.Unix(0, 0).UTC(), Actor: "", Action: "returned", To: ReturnToAgency},
		{Seq: 11, At: time.Date(1500, 1, 1, 0, 0, 0, 0, time.UTC), Action: "commented"},
	} {
		p := packStep(s)
		if got := p.unpack(); !reflect.DeepEqual(got, s) || got.At != s.At {
			t.Errorf("step\n got %#v\nwant %#v", got, s)
		}
	}
	for _, e := range []*events.Eligibility{nil, {}, {Checks: []events.EligibilityCheck{}},
		{Eligible: true, RuleSet: "nd171", RuleSetVersion: -2, Checks: []events.EligibilityCheck{{Code: "a", Passed: true, Detail: "đạt"}, {Code: "b"}}}} {
		if got := unpackEligibility(packEligibility(e)); !reflect.DeepEqual(got, e) {
			t.Errorf("eligibility %#v read back as %#v", e, got)
		}
	}
	for _, c := range []*events.ChainPin{nil, {}, {Stages: []events.StagePin{}},
		{Version: 2, Group: 1, Stages: []events.StagePin{{Role: "home_affairs", DueWorkingDays: 5, EscalateTo: "council"}, {Role: "council", DueWorkingDays: 10}}}} {
		packed := packChain(c)
		if got := unpackChain(packed); !reflect.DeepEqual(got, c) {
			t.Errorf("chain %#v read back as %#v", c, got)
		}
		if c == nil {
			continue
		}
		for i := range len(c.Stages) + 1 {
			role, n := chainStageRole(packed, i)
			want := ""
			if i < len(c.Stages) {
				want = c.Stages[i].Role
			}
			if role != want || n != len(c.Stages) {
				t.Errorf("stage %d of %#v: %q of %d", i, c, role, n)
			}
		}
	}
	for _, tm := range []time.Time{{}, time.Unix(0, 0).UTC(), time.Now(), time.Date(2026, 1, 1, 0, 0, 0, 0, hcm), time.Date(2026, 1, 1, 0, 0, 0, 1, time.UTC)} {
		s := toStamp(tm)
		other := time.Time{}
		if s == stampOther {
			other = tm
		}
		if got := s.time(other); got != tm {
			t.Errorf("time %v read back as %v", tm, got)
		}
	}
}
