package main

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestServeSecurityLog serves with --security-log and checks that a failed
// login lands in that file as JSON, and not in the main log.
func TestServeSecurityLog(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "security.log")
	d := startServe(t, "--data", filepath.Join(dir, "data"), "--security-log", path)
	if status, _ := login(t, d.url, "ai-do", "sai mật khẩu"); status != http.StatusUnauthorized {
		t.Fatalf("login status %d, want 401", status)
	}
	d.stop(t)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var rec map[string]any
	if err := json.Unmarshal([]byte(strings.SplitN(string(b), "\n", 2)[0]), &rec); err != nil {
		t.Fatalf("security log %q: %v", b, err)
	}
	if rec["msg"] != "login failed" || rec["username"] != "ai-do" || rec["ip"] != "127.0.0.1" {
		t.Errorf("record %v; want login failed of ai-do from 127.0.0.1", rec)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("security log mode %v (%v), want 0600", fi.Mode().Perm(), err)
	}
	if strings.Contains(d.stderr.String(), "login failed") {
		t.Errorf("the main log has the security record too:\n%s", d.stderr)
	}
}

func TestServeSecurityLogUnwritable(t *testing.T) {
	env, _, errb := testEnv("", nil, "serve", "--addr", "127.0.0.1:0", "--data", t.TempDir(), "--security-log", filepath.Join(t.TempDir(), "no", "such", "dir", "s.log"))
	if code := run(t.Context(), env); code == 0 || !strings.Contains(errb.String(), "--security-log") {
		t.Errorf("exit %d, stderr %q; want a failure naming --security-log", code, errb)
	}
}
