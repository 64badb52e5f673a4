package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"daotao/events"
	"daotao/events/jetstream"
)

// TestSealedReportRederivedByReplay follows the auditors' README: the
// SHA-256 of what "replay --as-of seq:<cutoff_seq>@<cutoff> --report NAME
// --format json" prints before its last line is the hash the seal records.
func TestSealedReportRederivedByReplay(t *testing.T) {
	dir := t.TempDir()
	seedLog(t, dir)
	var seal events.ReviewSealed
	logOn(t, dir, func(st *jetstream.Store, _ *nats.Conn) {
		rs, err := st.Load(context.Background(), events.Subject(events.AggregateReview, "so-ket-2026"))
		if err != nil || len(rs) != 1 {
			t.Fatalf("load the seal: %v", err)
		}
		_ = json.Unmarshal(rs[0].Data, &seal)
	})
	point := fmt.Sprintf("seq:%d@%s", seal.CutoffSeq, seal.Cutoff.Format(time.RFC3339Nano))
	for name, want := range seal.Reports {
		out := mustCLI(t, "replay", "--data", dir, "--as-of", point, "--report", name, "--format", "json")
		body := out[:strings.LastIndex(strings.TrimSuffix(out, "\n"), "\n")+1]
		sum := sha256.Sum256([]byte(body))
		if got := hex.EncodeToString(sum[:]); got != want {
			t.Errorf("report %s as of %s: body hash %s; the seal records %s", name, point, got, want)
		}
	}
}
