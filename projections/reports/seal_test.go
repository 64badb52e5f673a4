package reports_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"daotao/domain"
	"daotao/events"
)

func TestSealHashesAndCheckSeal(t *testing.T) {
	st, _ := scripted(t)
	reg := registry(t)
	ctx := context.Background()
	cutoff := time.Date(2025, 12, 31, 23, 59, 59, 0, domain.Zone)
	hashes, err := reg.SealHashes(ctx, st.Read, 21, cutoff, reg.Names())
	if err != nil {
		t.Fatalf("SealHashes: %v", err)
	}
	seal := events.ReviewSealed{ReviewID: "r", Kind: events.ReviewSoKet, CutoffSeq: 21, Cutoff: cutoff, Reports: hashes}
	if err := reg.CheckSeal(ctx, st.Read, seal); err != nil {
		t.Errorf("CheckSeal of a true seal: %v", err)
	}
	seal.Reports = map[string]string{"quotas": hashes["targets"]}
	if err := reg.CheckSeal(ctx, st.Read, seal); err == nil || !strings.Contains(err.Error(), "quotas") {
		t.Errorf("CheckSeal of a wrong hash: %v; want an error naming quotas", err)
	}
	seal.Reports, seal.Cutoff = hashes, time.Date(2025, 6, 30, 0, 0, 0, 0, domain.Zone)
	if err := reg.CheckSeal(ctx, st.Read, seal); err == nil || !strings.Contains(err.Error(), "cut-off sequence 21") {
		t.Errorf("CheckSeal with a cut-off time before cutoff_seq: %v", err)
	}
	seal.Reports = map[string]string{"nope": hashes["targets"]}
	seal.Cutoff = cutoff
	if err := reg.CheckSeal(ctx, st.Read, seal); err == nil {
		t.Error("CheckSeal of an unknown report passed")
	}
}
