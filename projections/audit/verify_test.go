package audit_test

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"daotao/events"
	"daotao/projections/audit"
)

// edited returns a copy of log with the envelope of seq changed by fn.
func edited(t *testing.T, log rawLog, seq uint64, fn func(*events.Envelope)) rawLog {
	t.Helper()
	out := slices.Clone(log)
	e, err := events.Decode(out[seq-1].Data)
	if err != nil {
		t.Fatal(err)
	}
	fn(&e)
	out[seq-1].Data, _ = json.Marshal(e)
	return out
}

func withData(log rawLog, seq uint64, data string) rawLog {
	out := slices.Clone(log)
	out[seq-1].Data = []byte(data)
	return out
}

func TestVerifyLogPasses(t *testing.T) {
	st := scripted(t)
	s, err := audit.VerifyLog(context.Background(), st, 6)
	if err != nil {
		t.Fatalf("VerifyLog: %v", err)
	}
	if s.Events != 6 || s.LastSeq != 6 || s.Subjects != 4 || len(s.Seals) != 1 {
		t.Errorf("summary %+v; want 6 events on 4 subjects, 1 seal", s)
	}
	if seal := s.Seals[0]; seal.Seq != 6 || seal.RecomputedRoot != seal.RootHash || seal.CutoffSeq != 5 {
		t.Errorf("seal %+v", seal)
	}
}

// TestVerifyLogNamesTheFirstBadEvent changes one thing in a good log at a
// time and checks that verification names the event and the reason.
func TestVerifyLogNamesTheFirstBadEvent(t *testing.T) {
	good := rawOf(t, scripted(t))
	sealWith := func(fn func(*events.ReviewSealed)) rawLog {
		return edited(t, good, 6, func(e *events.Envelope) {
			var s events.ReviewSealed
			_ = json.Unmarshal(e.Data, &s)
			fn(&s)
			e.Data, _ = json.Marshal(s)
		})
	}
	tests := []struct {
		name    string
		log     rawLog
		wantSeq uint64
		want    string
	}{
		{"gap", slices.Delete(slices.Clone(good), 2, 3), 4, "events 3 to 3 are missing"},
		{"repeat", slices.Insert(slices.Clone(good), 2, good[1]), 2, "repeated or moved back"},
		{"not json", withData(good, 3, "not json"), 3, "not a valid envelope"},
		{"not compact", withData(good, 3, string(bytes.Replace(good[2].Data, []byte(`,"`), []byte(`, "`), 1))), 3, "not compact"},
		{"unknown type", edited(t, good, 3, func(e *events.Envelope) { e.Type = "user.teleported" }), 3, "unknown event type"},
		{"subject differs", edited(t, good, 3, func(e *events.Envelope) { e.Subject = events.Subject("user", "zz") }), 3, "is stored on"},
		{"wrong aggregate", edited(t, good, 3, func(e *events.Envelope) { e.Type = events.TypeNominationWithdrawn }), 3, "does not belong on aggregate"},
		{"no actor", edited(t, good, 3, func(e *events.Envelope) { e.Actor = events.Actor{} }), 3, "no actor"},
		{"no time", edited(t, good, 3, func(e *events.Envelope) { e.Time = time.Time{} }), 3, "no business time"},
		{"id reused", edited(t, good, 4, func(e *events.Envelope) { e.ID = "e2" }), 4, "already used by seq 2"},
		{"seal root", sealWith(func(s *events.ReviewSealed) { s.RootHash = good[0].Subject }), 6, "differs from the root recomputed"},
		{"seal cut-off", sealWith(func(s *events.ReviewSealed) { s.CutoffSeq = 6 }), 6, "not before the seal"},
		{"seal kind", sealWith(func(s *events.ReviewSealed) { s.Kind = "giua_ky" }), 6, "kind"},
		{"seal report hash", sealWith(func(s *events.ReviewSealed) { s.Reports["quotas"] = "x" }), 6, "report \"quotas\""},
		{"seal reviewer", sealWith(func(s *events.ReviewSealed) { s.SealedBy = nil }), 6, "sealed_by"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := audit.VerifyLog(context.Background(), tt.log, 6)
			wantProblem(t, err, "", 0, tt.want)
			if p := audit.AsProblem(err); p != nil && p.Seq != tt.wantSeq {
				t.Errorf("problem at seq %d; want %d", p.Seq, tt.wantSeq)
			}
		})
	}
	t.Run("missing at the end", func(t *testing.T) {
		_, err := audit.VerifyLog(context.Background(), good, 7)
		wantProblem(t, err, "", 0, "should end at seq 7")
	})
}
