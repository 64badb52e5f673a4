package domain

import (
	"reflect"
	"strings"
	"testing"

	"daotao/events"
)

// TestStagePinMatchesChain: a stage read from the packed chain is the
// stage of the unpacked chain, and there is none past its end.
func TestStagePinMatchesChain(t *testing.T) {
	for _, c := range []*events.ChainPin{{}, {Stages: []events.StagePin{}},
		{Version: 2, Group: 1, Stages: []events.StagePin{{Role: "home_affairs", DueWorkingDays: 5, EscalateTo: "council"},
			{Role: "council", DueWorkingDays: 10}, {Role: "standing_committee", DueWorkingDays: -3, EscalateTo: "province"}}}} {
		n := &Nomination{chainState: chainState{chain: packChain(c)}, round: 1}
		for i := -1; i <= len(c.Stages); i++ {
			pin, ok := n.StagePin(i)
			if want := i >= 0 && i < len(c.Stages); ok != want || (ok && pin != n.Chain().Stages[i]) {
				t.Errorf("chain %v: StagePin(%d) = %v, %t", c, i, pin, ok)
			}
		}
	}
	legacy := &Nomination{round: 1}
	if pin, ok := legacy.StagePin(0); !ok || pin != legacy.Chain().Stages[0] {
		t.Errorf("legacy chain: StagePin(0) = %v, %t", pin, ok)
	}
	if _, ok := (&Nomination{}).StagePin(0); ok {
		t.Error("a stage of a nomination never submitted")
	}
}

// TestPackedTextsLongerThanTheBuffer: parts packed through a buffer on the
// stack read back whole when they outgrow it.
func TestPackedTextsLongerThanTheBuffer(t *testing.T) {
	long := strings.Repeat("Chi tiết điều kiện. ", 60)
	e := &events.Eligibility{Eligible: true, RuleSet: "nd171", Checks: []events.EligibilityCheck{{Code: "a", Detail: long}, {Code: "b", Detail: long}}}
	if got := unpackEligibility(packEligibility(e)); !reflect.DeepEqual(got, e) {
		t.Errorf("long eligibility read back as %#v", got)
	}
	c := &events.ChainPin{Stages: []events.StagePin{{Role: long, EscalateTo: long}}}
	if got := unpackChain(packChain(c)); !reflect.DeepEqual(got, c) {
		t.Errorf("long chain read back as %#v", got)
	}
	if actor, comment := unpackWho(packWho("hoidong", long)); actor != "hoidong" || comment != long {
		t.Errorf("long comment read back as %q, %q", actor, comment)
	}
	if packEligibility(e) != packEligibility(&events.Eligibility{Eligible: true, RuleSet: "nd171",
		Checks: []events.EligibilityCheck{{Code: "a", Detail: long}, {Code: "b", Detail: long}}}) {
		t.Error("equal eligibilities packed apart")
	}
}
