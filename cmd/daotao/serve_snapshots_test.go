package main

import (
	"net/http"
	"strings"
	"testing"
)

// TestServeRestartsFromSnapshot: a clean shutdown takes a snapshot, the
// next start restores it and replays only what came after, and a session
// opened before the restart still works; --snapshots=false replays the
// whole log and takes none.
func TestServeRestartsFromSnapshot(t *testing.T) {
	dir := t.TempDir()
	if code, out := cliAddUser(t, "mật-khẩu-quản-trị", nil, "--data", dir, "--username", "quantri", "--role", "admin", "--password-stdin"); code != 0 {
		t.Fatalf("users add: exit %d, output %q", code, out)
	}
	d := startServe(t, "--data", dir)
	status, tok := login(t, d.url, "quantri", "mật-khẩu-quản-trị")
	if status != http.StatusCreated {
		t.Fatalf("login: %d", status)
	}
	d.stop(t)
	if !strings.Contains(d.stderr.String(), "snapshot taken") {
		t.Fatalf("no snapshot at shutdown; stderr:\n%s", d.stderr)
	}

	d = startServe(t, "--data", dir)
	if !strings.Contains(d.stderr.String(), "restored projections from a snapshot") {
		t.Fatalf("restart did not use the snapshot; stderr:\n%s", d.stderr)
	}
	req, _ := http.NewRequest(http.MethodGet, d.url+"/api/v1/me", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("session of before the restart: GET /me = %d", resp.StatusCode)
	}
	d.stop(t)

	d = startServe(t, "--data", dir, "--snapshots=false")
	if status, _ := login(t, d.url, "quantri", "mật-khẩu-quản-trị"); status != http.StatusCreated {
		t.Errorf("login without snapshots: %d", status)
	}
	d.stop(t)
	if s := d.stderr.String(); strings.Contains(s, "snapshot") {
		t.Errorf("--snapshots=false still used snapshots:\n%s", s)
	}
}
