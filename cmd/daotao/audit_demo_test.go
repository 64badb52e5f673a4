package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestDemoVerifyReplay verifies the demo log, checks the 2026 refresher
// target on the demo roster of 2,262 (20%, rounded up: 453 people), and
// verifies its bundle offline.
func TestDemoVerifyReplay(t *testing.T) {
	if testing.Short() || raceDetector {
		// TestDemoThenCheck already builds the demo under -race.
		t.Skip("builds the 2,262-official demo")
	}
	dir := t.TempDir()
	mustCLI(t, "demo", "--data", dir)
	live := mustCLI(t, "verify", "--data", dir)
	out := mustCLI(t, "replay", "--data", dir, "--report", "targets", "--format", "csv")
	if !strings.Contains(out, "boi_duong_2026,refresher_trained,20,0,2024-09-27,2026-12-31,2262,453,") {
		t.Errorf("targets on the demo:\n%s\nwant boi_duong_2026 on a roster of 2262 needing 453", out)
	}
	gaps := mustCLI(t, "replay", "--data", dir, "--report", "target_gaps", "--format", "csv")
	if !strings.Contains(gaps, "\nboi_duong_2026,refresher_trained,20,2026-12-31,all,all,2262,453,") ||
		!strings.Contains(gaps, "\nboi_duong_2026,refresher_trained,20,2026-12-31,group,4,1197,240,") {
		t.Errorf("target_gaps on the demo:\n%s\nwant 453 people needed of 2262 (240 of Nhóm 4's 1197)", gaps)
	}
	bundle := filepath.Join(t.TempDir(), "demo.tar.gz")
	mustCLI(t, "export", "--data", dir, "--out", bundle)
	if offline := mustCLI(t, "verify", "--bundle", bundle); !strings.HasSuffix(offline, live) {
		t.Errorf("verify --bundle of the demo:\n%s\nwant it to end with:\n%s", offline, live)
	}
}
