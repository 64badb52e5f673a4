package audit_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestAuditNeedsNoServer checks that the verifier and the hash chain, what
// an auditor runs offline, depend only on the standard library and the
// pure packages of this module: no NATS, no web framework.
func TestAuditNeedsNoServer(t *testing.T) {
	allowed := map[string]bool{"daotao/projections/audit": true, "daotao/projections/asof": true, "daotao/domain": true,
		"daotao/events": true, "daotao/events/chain": true}
	out, err := exec.Command("go", "list", "-deps", "daotao/projections/audit").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		first, _, _ := strings.Cut(dep, "/")
		if strings.HasPrefix(dep, "daotao") && !allowed[dep] || strings.Contains(first, ".") {
			t.Errorf("package audit depends on %s", dep)
		}
	}
}
