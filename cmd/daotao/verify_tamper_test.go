package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	natsjs "github.com/nats-io/nats.go/jetstream"

	"daotao/events"
	"daotao/events/jetstream"
	"daotao/projections/audit"
)

// rawPublish publishes data on subject behind the application's back, as
// anyone holding publish rights on the stream could.
func rawPublish(t *testing.T, nc *nats.Conn, subject string, data []byte) {
	t.Helper()
	js, err := natsjs.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := js.Publish(context.Background(), subject, data); err != nil {
		t.Fatal(err)
	}
}

// storedEnvelope returns the stored bytes of the event at seq.
func storedEnvelope(t *testing.T, st *jetstream.Store, seq uint64) events.Raw {
	t.Helper()
	var out events.Raw
	if err := st.ReadRaw(context.Background(), seq, seq, func(r events.Raw) error { out = r; return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestVerifyLiveTamper writes forged messages into the live stream through
// raw NATS publishes (the stream itself denies deleting and purging, see
// events/jetstream) and expects verify to exit 1 naming the forged event.
func TestVerifyLiveTamper(t *testing.T) {
	tests := []struct {
		name   string
		forge  func(t *testing.T, st *jetstream.Store, nc *nats.Conn)
		wantIn []string
	}{
		{"an earlier event inserted again", func(t *testing.T, st *jetstream.Store, nc *nats.Conn) {
			r := storedEnvelope(t, st, 3)
			rawPublish(t, nc, r.Subject, r.Data)
		}, []string{"seq 12", "already used by seq 3"}},
		{"an event on another aggregate's subject", func(t *testing.T, st *jetstream.Store, nc *nats.Conn) {
			r := storedEnvelope(t, st, 10) // nomination n1 approved
			var e events.Envelope
			_ = json.Unmarshal(r.Data, &e)
			e.ID = "forged-1"
			b, _ := json.Marshal(e)
			rawPublish(t, nc, events.Subject(events.AggregateOfficial, "o2"), b)
		}, []string{"seq 12 daotao.events.official.o2", "is stored on"}},
		{"an event without an actor", func(t *testing.T, st *jetstream.Store, nc *nats.Conn) {
			r := storedEnvelope(t, st, 10)
			var e events.Envelope
			_ = json.Unmarshal(r.Data, &e)
			e.ID, e.Actor = "forged-2", events.Actor{}
			b, _ := json.Marshal(e)
			rawPublish(t, nc, r.Subject, b)
		}, []string{"seq 12", "no actor"}},
		{"a seal whose report does not recompute", func(t *testing.T, st *jetstream.Store, _ *nats.Conn) {
			s, err := audit.VerifyLog(context.Background(), st, 10)
			if err != nil {
				t.Fatal(err)
			}
			appendAt(t, st, "seal-false-report", events.Subject(events.AggregateReview, "tong-ket"), 8, 1, events.ReviewSealed{
				ReviewID: "tong-ket", Kind: events.ReviewTongKet, CutoffSeq: 10, RootHash: s.Root.String(),
				Reports: map[string]string{"targets": strings.Repeat("ab", 32)}, SealedBy: []string{"so-noi-vu"}})
		}, []string{"seq 12 daotao.events.review.tong-ket", "sealed report targets"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			seedLog(t, dir)
			logOn(t, dir, func(st *jetstream.Store, nc *nats.Conn) { tt.forge(t, st, nc) })
			code, _, errOut := cli(t, "verify", "--data", dir)
			if code != 1 {
				t.Fatalf("verify of a forged log: exit %d, stderr %q; want 1", code, errOut)
			}
			for _, want := range tt.wantIn {
				if !strings.Contains(errOut, want) {
					t.Errorf("verify: stderr %q lacks %q", errOut, want)
				}
			}
		})
	}
}

// TestVerifyBundleRecomputesSealedReports exports a log whose seal's root
// is true but one report hash false: the export goes through (the chain is
// sound), and verify --bundle, with no server, recomputes the sealed
// reports and names the seal, as the live verify does.
func TestVerifyBundleRecomputesSealedReports(t *testing.T) {
	dir := t.TempDir()
	seedLog(t, dir)
	logOn(t, dir, func(st *jetstream.Store, _ *nats.Conn) {
		s, _ := audit.VerifyLog(context.Background(), st, 10)
		appendAt(t, st, "seal-false-report", events.Subject(events.AggregateReview, "tong-ket"), 8, 1, events.ReviewSealed{
			ReviewID: "tong-ket", Kind: events.ReviewTongKet, CutoffSeq: 10, RootHash: s.Root.String(), Cutoff: time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC),
			Reports: map[string]string{"quotas": strings.Repeat("cd", 32)}, SealedBy: []string{"so-noi-vu"}})
	})
	bundle := filepath.Join(t.TempDir(), "b.tar.gz")
	mustCLI(t, "export", "--data", dir, "--out", bundle)
	code, _, errOut := cli(t, "verify", "--bundle", bundle)
	if code != 1 || !strings.Contains(errOut, "seq 12 daotao.events.review.tong-ket") || !strings.Contains(errOut, "sealed report quotas") {
		t.Errorf("verify --bundle: exit %d, stderr %q; want 1 naming the seal and the report", code, errOut)
	}
}

// TestVerifyLiveStoreFileChanged changes the bytes of a stored event in the
// stream's files while the server is stopped, as someone with access to
// the disk could: verify must not pass.
func TestVerifyLiveStoreFileChanged(t *testing.T) {
	dir := t.TempDir()
	seedLog(t, dir)
	changed := 0
	_ = filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() || !strings.HasSuffix(path, ".blk") {
			return nil
		}
		b, _ := os.ReadFile(path)
		if nb := bytes.Replace(b, []byte("Cán bộ o3"), []byte("Cán bộ o9"), 1); !bytes.Equal(nb, b) {
			changed++
			_ = os.WriteFile(path, nb, info.Mode())
		}
		return nil
	})
	if changed == 0 {
		t.Skip("the stream's files hold no plain copy of the event (compressed or encrypted store)")
	}
	code, out, errOut := cli(t, "verify", "--data", dir)
	if code == 0 {
		t.Errorf("verify after changing a stored event on disk passed:\n%s", out)
	}
	t.Logf("verify: exit %d: %s", code, errOut)
}
