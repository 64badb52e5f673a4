package domain_test

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// pureDep reports whether package path may be a dependency of the domain:
// the standard library (no dot in the first path element, or vendored into
// it), package events and the domain itself. Any other package of this
// module is refused even though "daotao" has no dot.
func pureDep(path string) bool {
	switch {
	case path == "daotao/events" || path == "daotao/domain" || slices.Contains(purePackages, path):
		return true
	case path == "daotao" || strings.HasPrefix(path, "daotao/"):
		return false
	case strings.HasPrefix(path, "vendor/"):
		return true
	}
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

func TestPureDep(t *testing.T) {
	tests := []struct {
		path string
		want bool
	}{
		{"fmt", true},
		{"encoding/json", true},
		{"internal/abi", true},
		{"vendor/golang.org/x/net/dns/dnsmessage", true},
		{"daotao/events", true},
		{"daotao/domain", true},
		{"daotao/domain/programme", true},
		{"daotao/events/jetstream", false},
		{"daotao/events/memstore", false},
		{"daotao/projections", false},
		{"daotao/handlers", false},
		{"daotao", false},
		{"github.com/nats-io/nats.go", false},
		{"github.com/labstack/echo/v4", false},
		{"golang.org/x/crypto/bcrypt", false},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			if got := pureDep(tt.path); got != tt.want {
				t.Errorf("pureDep(%q) = %v, want %v", tt.path, got, tt.want)
			}
		})
	}
}

// purePackages are the packages that hold the programme's rules: each may
// depend only on the standard library and package events (STYLE.md, point 1).
var purePackages = []string{
	"daotao/domain", "daotao/domain/calendar", "daotao/domain/eligibility",
	"daotao/domain/programme", "daotao/domain/reimbursement", "daotao/domain/planning",
}

// TestDomainIsPure fails when a pure package depends, even indirectly, on
// anything but the standard library and package events.
func TestDomainIsPure(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go is not in PATH:", err)
	}
	for _, pkg := range purePackages {
		t.Run(pkg, func(t *testing.T) {
			out, err := exec.Command(goTool, "list", "-deps", pkg).Output()
			if err != nil {
				var stderr []byte
				if ee, ok := err.(*exec.ExitError); ok {
					stderr = ee.Stderr
				}
				t.Fatalf("go list -deps %s: %v\n%s", pkg, err, stderr)
			}
			deps := strings.Fields(string(out))
			if len(deps) == 0 || deps[len(deps)-1] != pkg {
				t.Fatalf("go list -deps printed %q, want a list ending in %s", out, pkg)
			}
			for _, dep := range deps {
				if dep != pkg && !pureDep(dep) {
					t.Errorf("%s depends on %s; it may import only the standard library and daotao/events", pkg, dep)
				}
			}
		})
	}
}
