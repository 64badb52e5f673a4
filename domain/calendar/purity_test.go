package calendar_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestPackageIsPure fails when the package depends, even indirectly, on
// anything but the standard library and package events (STYLE.md, point 1).
func TestPackageIsPure(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go is not in PATH:", err)
	}
	out, err := exec.Command(goTool, "list", "-deps", "daotao/domain/calendar").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		first, _, _ := strings.Cut(dep, "/")
		switch {
		case dep == "daotao/events" || dep == "daotao/domain/calendar":
		case first == "daotao" || strings.Contains(first, "."):
			t.Errorf("calendar depends on %s; it may import only the standard library and daotao/events", dep)
		}
	}
}
