package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nats-io/nats.go"
	natsjs "github.com/nats-io/nats.go/jetstream"

	"daotao/events"
	"daotao/events/jetstream"
)

// TestExportImportVerifyIdentical exports a sealed log, verifies the
// bundle offline, restores it into a new folder and checks that verify
// prints the same there, and that replays agree everywhere.
func TestExportImportVerifyIdentical(t *testing.T) {
	dir, dir2, tmp := t.TempDir(), t.TempDir(), t.TempDir()
	sealSeq := seedLog(t, dir)
	live := mustCLI(t, "verify", "--data", dir)
	reg, err := reportRegistry()
	if err != nil {
		t.Fatal(err)
	}
	sealed := fmt.Sprintf("%d sealed reports match", len(reg.Names())) // the seal covers every report
	for _, want := range []string{"events:   11 (seq 1 to 11", "seals:    1 checked", "review so-ket-2026 (so_ket)", sealed, "verified: every check passed"} {
		if !strings.Contains(live, want) {
			t.Errorf("verify output lacks %q:\n%s", want, live)
		}
	}
	bundle := filepath.Join(tmp, "b.tar.gz")
	mustCLI(t, "export", "--data", dir, "--out", bundle, "--created-at", "2026-07-01T08:00:00Z")
	offline := mustCLI(t, "verify", "--bundle", bundle)
	if !strings.HasSuffix(offline, live) {
		t.Errorf("verify --bundle:\n%s\nwant it to end with the live output:\n%s", offline, live)
	}
	mustCLI(t, "import", "--data", dir2, "--bundle", bundle)
	if restored := mustCLI(t, "verify", "--data", dir2); restored != live {
		t.Errorf("verify after import:\n%s\nwant the original's:\n%s", restored, live)
	}
	if code, _, errOut := cli(t, "import", "--data", dir2, "--bundle", bundle); code != 1 || !strings.Contains(errOut, "already holds 11 events") {
		t.Errorf("import into a non-empty stream: exit %d %q; want 1, refused", code, errOut)
	}
	again := filepath.Join(tmp, "again.tar.gz")
	mustCLI(t, "export", "--data", dir, "--out", again, "--created-at", "2026-07-01T08:00:00Z")
	if a, b := readFile(t, bundle), readFile(t, again); a != b {
		t.Error("two exports of the same log with the same --created-at differ")
	}
	if code, _, errOut := cli(t, "export", "--data", dir, "--out", again); code != 1 || !strings.Contains(errOut, "exists") {
		t.Errorf("export over an existing file: exit %d %q", code, errOut)
	}
	checkReplaysAgree(t, dir, dir2, bundle, sealSeq)
}

// checkReplaysAgree replays the original, the restored log and the bundle,
// twice each, and expects the same bytes.
func checkReplaysAgree(t *testing.T, dir, dir2, bundle string, sealSeq uint64) {
	t.Helper()
	for _, format := range []string{"json", "csv"} {
		args := []string{"replay", "--as-of", "2025-06-30", "--format", format}
		first := mustCLI(t, append(args, "--data", dir)...)
		for _, src := range [][]string{{"--data", dir}, {"--data", dir2}, {"--bundle", bundle}} {
			if got := mustCLI(t, append(args, src...)...); got != first {
				t.Errorf("%s replay from %v differs:\n%s\nvs\n%s", format, src, got, first)
			}
		}
	}
	out := mustCLI(t, "replay", "--data", dir, "--as-of", "seq:3", "--report", "roster_profile", "--format", "csv")
	if !strings.Contains(out, "all,all,1,1,0,0,2\n") || !strings.Contains(out, "last_seq=3 ") {
		t.Errorf("replay as of seq:3 (reference and 2 officials):\n%s", out)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestVerifyDetectsForgery appends, behind the application's back, a
// message that is not an envelope and checks that verify names it; then,
// on another log, a well-formed seal whose root is false.
func TestVerifyDetectsForgery(t *testing.T) {
	t.Run("not an envelope", func(t *testing.T) {
		dir := t.TempDir()
		seedLog(t, dir)
		logOn(t, dir, func(_ *jetstream.Store, nc *nats.Conn) {
			js, _ := natsjs.New(nc)
			if _, err := js.Publish(context.Background(), events.SubjectPrefix+"nomination.n1", []byte(`{"id":"x"}`)); err != nil {
				t.Fatal(err)
			}
		})
		code, _, errOut := cli(t, "verify", "--data", dir)
		if code != 1 || !strings.Contains(errOut, "seq 12 daotao.events.nomination.n1: not a valid envelope") {
			t.Errorf("verify: exit %d, stderr %q; want 1 naming seq 12", code, errOut)
		}
	})
	t.Run("false seal", func(t *testing.T) {
		dir := t.TempDir()
		seedLog(t, dir)
		logOn(t, dir, func(st *jetstream.Store, _ *nats.Conn) {
			appendAt(t, st, "seal-2", events.Subject(events.AggregateReview, "tong-ket"), 8, 1, events.ReviewSealed{
				ReviewID: "tong-ket", Kind: events.ReviewTongKet, CutoffSeq: 5, RootHash: strings.Repeat("0", 64), SealedBy: []string{"x"}})
		})
		code, _, errOut := cli(t, "verify", "--data", dir)
		if code != 1 || !strings.Contains(errOut, "seq 12 daotao.events.review.tong-ket") || !strings.Contains(errOut, "root_hash") {
			t.Errorf("verify: exit %d, stderr %q; want 1 naming the seal at seq 12", code, errOut)
		}
	})
}

// TestVerifyBundleNamesTheChangedLine changes one event of a bundle and
// expects verify --bundle to name its line.
func TestVerifyBundleNamesTheChangedLine(t *testing.T) {
	dir := t.TempDir()
	seedLog(t, dir)
	bundle := filepath.Join(t.TempDir(), "b.tar.gz")
	mustCLI(t, "export", "--data", dir, "--out", bundle)
	forged := filepath.Join(t.TempDir(), "forged.tar.gz")
	if err := os.WriteFile(forged, tamperLine(t, readFile(t, bundle), 4, "Cán bộ o3", "Cán bộ o9"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := cli(t, "verify", "--bundle", forged)
	if code != 1 || !strings.Contains(errOut, "events.jsonl line 4 seq 4") || !strings.Contains(errOut, "differs from when it was exported") {
		t.Errorf("verify --bundle: exit %d, stderr %q; want 1 naming line 4", code, errOut)
	}
	if code, _, _ := cli(t, "import", "--data", t.TempDir(), "--bundle", forged); code != 1 {
		t.Errorf("import of a forged bundle: exit %d; want 1", code)
	}
}

func TestExpectRoot(t *testing.T) {
	dir := t.TempDir()
	seedLog(t, dir)
	live := mustCLI(t, "verify", "--data", dir)
	_, after, _ := strings.Cut(live, "root:")
	root := strings.Fields(after)[0]
	if got := mustCLI(t, "verify", "--data", dir, "--expect-root", root); !strings.Contains(got, "root of this log after seq 11") {
		t.Errorf("verify --expect-root (the last root):\n%s", got)
	}
	if code, _, errOut := cli(t, "verify", "--data", dir, "--expect-root", strings.Repeat("ab", 32)); code != 1 || !strings.Contains(errOut, "not the root") {
		t.Errorf("verify with a false root: exit %d %q", code, errOut)
	}
}

func TestReadingCommandsNeedALog(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "khong-co")
	for _, args := range [][]string{
		{"verify", "--data", missing},
		{"replay", "--data", missing},
		{"export", "--data", missing, "--out", filepath.Join(t.TempDir(), "b.tar.gz")},
	} {
		if code, _, errOut := cli(t, args...); code != 1 || !strings.Contains(errOut, "no event log") {
			t.Errorf("daotao %v: exit %d %q; want 1, no event log", args, code, errOut)
		}
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("a reading command created the data folder")
	}
}

func TestAuditUsage(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"export", "--data", dir},
		{"export", "--data", dir, "--out", "x.tar.gz", "--until", "yesterday"},
		{"export", "--data", dir, "--out", "x.tar.gz", "--created-at", "now"},
		{"replay", "--data", dir, "--format", "xml"},
		{"replay", "--data", dir, "--report", "nope"},
		{"replay", "--data", dir, "--as-of", "seq:0"},
		{"replay", "--data", dir, "--bundle", "b.tar.gz"},
		{"verify", "--nats-url", "nats://x", "--bundle", "b.tar.gz"},
		{"verify", "--data", dir, "--expect-root", "abc"},
		{"import", "--data", dir},
	} {
		if code, _, errOut := cli(t, args...); code != 2 {
			t.Errorf("daotao %v: exit %d (%s); want 2", args, code, errOut)
		}
	}
}
