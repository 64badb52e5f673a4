package reimbursement_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestPackageIsPure fails when the package depends, even indirectly, on
// anything but the standard library, package events and package domain
// (STYLE.md, point 1).
func TestPackageIsPure(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go is not in PATH:", err)
	}
	out, err := exec.Command(goTool, "list", "-deps", "daotao/domain/reimbursement").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		first, _, _ := strings.Cut(dep, "/")
		switch dep {
		case "daotao/events", "daotao/domain", "daotao/domain/reimbursement":
			continue
		}
		if first == "daotao" || strings.Contains(first, ".") {
			t.Errorf("reimbursement depends on %s; it may import only the standard library, daotao/events and daotao/domain", dep)
		}
	}
}
