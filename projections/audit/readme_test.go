package audit_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"daotao/projections/audit"
)

// TestReadmePythonVerifies runs the Python verifier printed in README.txt,
// an implementation of the hash rules independent of this package, on a
// good bundle and on a changed one.
func TestReadmePythonVerifies(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed")
	}
	readme := string(audit.Readme())
	script := readme[strings.Index(readme, "import hashlib"):]
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good, m := export(t, scripted(t), 6, "")
	bad := rewrite(t, good, audit.FileEvents, lines(func(l []string) []string {
		l[2] = strings.Replace(l[2], "nghỉ", "nghi", 1)
		return l
	}))
	py := write("verify.py", []byte(script))
	out, err := exec.Command(python, py, write("good.tar.gz", good)).CombinedOutput()
	if err != nil || !bytes.Contains(out, []byte(m.RootHash)) {
		t.Errorf("README's Python on a good bundle: %v\n%s", err, out)
	}
	out, err = exec.Command(python, py, write("bad.tar.gz", bad)).CombinedOutput()
	if err == nil || !bytes.Contains(out, []byte("line 3: event changed")) {
		t.Errorf("README's Python on a changed bundle: %v\n%s; want it to fail at line 3", err, out)
	}
}
