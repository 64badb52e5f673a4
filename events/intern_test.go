package events

import (
	"strings"
	"testing"
	"unsafe"
)

func TestInternSharesRepeatedTexts(t *testing.T) {
	approved := func() *NominationApproved { // fresh copies of every text, as decoding may give
		return &NominationApproved{Reason: strings.Clone("Đủ điều kiện"), Eligibility: &Eligibility{RuleSet: strings.Clone("nd171"),
			Checks: []EligibilityCheck{{Code: strings.Clone("in_target_groups"), Passed: true, Detail: strings.Clone("Nhóm 3 thuộc 04 nhóm đối tượng: đạt")}}}}
	}
	a, b := approved(), approved()
	Intern(a)
	Intern(b)
	if unsafe.StringData(a.Eligibility.Checks[0].Detail) != unsafe.StringData(b.Eligibility.Checks[0].Detail) ||
		unsafe.StringData(a.Reason) != unsafe.StringData(b.Reason) {
		t.Error("equal texts of two events are not one string after Intern")
	}
	if a.Eligibility.Checks[0].Detail != "Nhóm 3 thuộc 04 nhóm đối tượng: đạt" || a.Reason != "Đủ điều kiện" || a.Eligibility.RuleSet != "nd171" {
		t.Errorf("Intern changed a text: %+v", a)
	}
}
