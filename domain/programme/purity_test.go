package programme_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestProgrammeIsPure fails when the package depends, even indirectly, on
// anything but the standard library and package events, like package
// domain (STYLE.md, point 1).
func TestProgrammeIsPure(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go is not in PATH:", err)
	}
	out, err := exec.Command(goTool, "list", "-deps", "daotao/domain/programme").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		first, _, _ := strings.Cut(dep, "/")
		switch {
		case dep == "daotao/events" || dep == "daotao/domain/programme":
		case first == "daotao" || strings.Contains(first, "."):
			t.Errorf("programme depends on %s; it may import only the standard library and daotao/events", dep)
		}
	}
}
