package handlers_test

import (
	"net/http"
	"slices"
	"testing"
	"time"

	"daotao/domain"
	"daotao/events"
	"daotao/projections/reports"
)

// reviewView is what GET /api/v1/reviews/{id} answers, in part.
type reviewView struct {
	ReviewID string `json:"review_id"`
	Status   string `json:"status"`
	Seal     *struct {
		Seq       uint64            `json:"seq"`
		CutoffSeq uint64            `json:"cutoff_seq"`
		Cutoff    time.Time         `json:"cutoff"`
		RootHash  string            `json:"root_hash"`
		Reports   map[string]string `json:"reports"`
		SealedBy  []string          `json:"sealed_by"`
	} `json:"seal"`
	Corrections []struct {
		CorrectionID string   `json:"correction_id"`
		EventSeqs    []uint64 `json:"event_seqs"`
	} `json:"corrections"`
}

// resultHead is the head of a reports.Result as JSON.
type resultHead struct {
	AsOf    string `json:"as_of"`
	LastSeq uint64 `json:"last_seq"`
	Reports []struct {
		Name string `json:"name"`
	} `json:"reports"`
}

// openTestReview opens a sơ kết whose cut-off is half an hour after the
// world's clock started, and returns its id.
func openTestReview(t *testing.T, w *world) string {
	t.Helper()
	cutoff := start.Add(30 * time.Minute).In(domain.Zone).Format(time.RFC3339)
	r := w.do(t, w.homeAffairs, http.MethodPost, "/api/v1/reviews", map[string]string{"kind": "so_ket",
		"title": "Sơ kết thử nghiệm", "period_from": "2025-01-01", "period_to": "2025-06-02", "cutoff": cutoff})
	return created(t, r.want(t, http.StatusCreated))
}

func (w *world) reviewOf(t *testing.T, id string) reviewView {
	t.Helper()
	var v reviewView
	w.do(t, w.auditor, http.MethodGet, "/api/v1/reviews/"+id, nil).want(t, http.StatusOK).into(t, &v)
	return v
}

// seqsOf returns the sequences of the events of type typ after seq from.
func (w *world) seqsOf(t *testing.T, from uint64, typ string) []uint64 {
	t.Helper()
	var out []uint64
	err := w.store.Read(t.Context(), from+1, 0, func(r events.Recorded) error {
		if r.Type == typ {
			out = append(out, r.Seq)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestReviewSealRederiveCorrectCompare opens a review, seals it after its
// cut-off, re-derives its reports and their hashes from the log, records a
// late approval as a correction and compares as sealed with as corrected.
func TestReviewSealRederiveCorrectCompare(t *testing.T) {
	w := newWorld(t)
	submitted := w.nominationIn(t, domain.StatusSubmitted)
	id := openTestReview(t, w)
	path := "/api/v1/reviews/" + id

	w.refused(t, w.homeAffairs, http.MethodPost, path+"/seal", nil, http.StatusConflict, "cutoff_not_passed")
	w.refused(t, w.homeAffairs, http.MethodPost, path+"/corrections", map[string]any{"reason": "Sớm", "event_seqs": []int{1}},
		http.StatusConflict, "not_sealed")

	w.clock.Advance(time.Hour) // past the cut-off: what follows is late
	w.approveAll(t, submitted).want(t, http.StatusOK)
	approvals := w.seqsOf(t, 0, events.TypeNominationApproved)
	if len(approvals) != 1 {
		t.Fatalf("approvals %v, want one", approvals)
	}

	var rr struct {
		Result resultHead        `json:"result"`
		Hashes map[string]string `json:"hashes"`
	}
	w.do(t, w.homeAffairs, http.MethodGet, path+"/reports", nil).want(t, http.StatusOK).into(t, &rr)
	cutoffSeq := rr.Result.LastSeq
	if cutoffSeq == 0 || cutoffSeq >= approvals[0] || len(rr.Hashes) == 0 {
		t.Fatalf("reports as of the cut-off end at seq %d (approval at %d), hashes %v", cutoffSeq, approvals[0], rr.Hashes)
	}

	w.refused(t, w.homeAffairs, http.MethodPost, path+"/seal", map[string]any{"cutoff_seq": "x"}, http.StatusBadRequest, "")
	w.refused(t, w.homeAffairs, http.MethodPost, path+"/seal", map[string]any{"cutoff_seq": cutoffSeq + 1}, http.StatusConflict, "cutoff_changed")
	w.refused(t, w.yte, http.MethodPost, path+"/seal", nil, http.StatusForbidden, "")
	w.do(t, w.homeAffairs, http.MethodPost, path+"/seal", map[string]any{"cutoff_seq": cutoffSeq}).want(t, http.StatusOK)
	w.refused(t, w.homeAffairs, http.MethodPost, path+"/seal", nil, http.StatusConflict, "already_sealed")

	rv := w.reviewOf(t, id)
	if rv.Status != "sealed" || rv.Seal == nil || rv.Seal.CutoffSeq != cutoffSeq || !slices.Equal(rv.Seal.SealedBy, []string{"sonoivu"}) {
		t.Fatalf("review after sealing: %+v", rv)
	}
	for name, h := range rr.Hashes {
		if rv.Seal.Reports[name] != h {
			t.Errorf("sealed hash of %s is %s; the reports page showed %s", name, rv.Seal.Reports[name], h)
		}
	}

	// Re-derived from the log, independently of the application: the
	// registry replays the store to the seal's point.
	reg, err := reports.NewRegistry(reports.Builtin()...)
	if err != nil {
		t.Fatal(err)
	}
	again, err := reg.SealHashes(t.Context(), w.store.Read, rv.Seal.CutoffSeq, rv.Seal.Cutoff, reg.Names())
	if err != nil {
		t.Fatal(err)
	}
	for name, h := range again {
		if rv.Seal.Reports[name] != h {
			t.Errorf("report %s re-derives to %s, sealed %s", name, h, rv.Seal.Reports[name])
		}
	}
	var ver struct {
		Verified       bool   `json:"verified"`
		Problem        string `json:"problem"`
		RecomputedRoot string `json:"recomputed_root"`
		Reports        []struct {
			Name  string `json:"name"`
			Match bool   `json:"match"`
		} `json:"reports"`
	}
	w.do(t, w.auditor, http.MethodGet, path+"/verification", nil).want(t, http.StatusOK).into(t, &ver)
	if !ver.Verified || ver.RecomputedRoot != rv.Seal.RootHash || len(ver.Reports) != len(rv.Seal.Reports) {
		t.Errorf("verification %+v; want verified with root %s", ver, rv.Seal.RootHash)
	}

	// Corrections: bad ones are refused, naming the field.
	bad := []struct {
		body  map[string]any
		field string
	}{
		{map[string]any{"reason": "", "event_seqs": approvals}, "reason"},
		{map[string]any{"reason": "Kết quả muộn", "event_seqs": []uint64{}}, "event_seqs"},
		{map[string]any{"reason": "Kết quả muộn", "event_seqs": []uint64{cutoffSeq}}, "event_seqs"},
		{map[string]any{"reason": "Kết quả muộn", "event_seqs": []uint64{1 << 40}}, "event_seqs"},
		{map[string]any{"reason": "Kết quả muộn", "event_seqs": []uint64{rv.Seal.Seq}}, "event_seqs"},
		{map[string]any{"reason": "Kết quả muộn", "event_seqs": []uint64{approvals[0], approvals[0]}}, "event_seqs"},
	}
	for _, b := range bad {
		e := w.refused(t, w.homeAffairs, http.MethodPost, path+"/corrections", b.body, http.StatusBadRequest, "invalid")
		if e.Fields[b.field] == "" {
			t.Errorf("correction %v: fields %v, want %s named", b.body, e.Fields, b.field)
		}
	}
	r := w.do(t, w.homeAffairs, http.MethodPost, path+"/corrections",
		map[string]any{"reason": "Quyết định phê duyệt ký trong kỳ, ghi vào hệ thống muộn", "event_seqs": approvals})
	correction := created(t, r.want(t, http.StatusCreated))
	w.refused(t, w.homeAffairs, http.MethodPost, path+"/corrections", map[string]any{"reason": "Lần nữa", "event_seqs": approvals},
		http.StatusBadRequest, "invalid")

	var cmp struct {
		AsSealed    resultHead `json:"as_sealed"`
		AsCorrected resultHead `json:"as_corrected"`
		Differences []domain.ReportDifference
	}
	w.do(t, w.auditor, http.MethodGet, path+"/comparison", nil).want(t, http.StatusOK).into(t, &cmp)
	want := []domain.ReportDifference{
		{Report: "nominations_by_status", Row: "submitted", Column: "boi_duong", Before: "1", After: "0", Correction: correction},
		{Report: "nominations_by_status", Row: "approved", Column: "boi_duong", Before: "0", After: "1", Correction: correction},
	}
	for _, d := range want {
		if !slices.Contains(cmp.Differences, d) {
			t.Errorf("differences %+v lack %+v", cmp.Differences, d)
		}
	}
	for _, d := range cmp.Differences {
		if d.Correction != correction {
			t.Errorf("difference %+v not attributed to the correction %s", d, correction)
		}
	}
	if cmp.AsSealed.LastSeq != cutoffSeq || cmp.AsCorrected.LastSeq != cutoffSeq {
		t.Errorf("as sealed at seq %d, as corrected at seq %d; want both at the cut-off %d", cmp.AsSealed.LastSeq, cmp.AsCorrected.LastSeq, cutoffSeq)
	}
	// The seal itself is unchanged: it still verifies.
	w.do(t, w.auditor, http.MethodGet, path+"/verification", nil).want(t, http.StatusOK).into(t, &ver)
	if !ver.Verified {
		t.Errorf("verification after a correction: %+v", ver)
	}
}

// TestReviewBadInput refuses malformed reviews, naming the fields, and
// reads of reviews that do not exist or are not sealed.
func TestReviewBadInput(t *testing.T) {
	w := newWorld(t)
	for _, tt := range []struct {
		body   map[string]any
		fields []string
	}{
		{map[string]any{"kind": "giua_ky", "title": "X", "period_from": "2025-01-01", "period_to": "2025-12-31"}, []string{"kind"}},
		{map[string]any{"kind": "so_ket", "period_from": "2025-01-01", "period_to": "2025-12-31"}, []string{"title"}},
		{map[string]any{"kind": "so_ket", "title": "X", "period_from": "2025-12-31", "period_to": "2025-01-01"}, []string{"period_to"}},
		{map[string]any{"kind": "so_ket", "title": "X", "period_from": "31/02/2025", "period_to": "2025-12-31"}, []string{"period_from"}},
		{map[string]any{"kind": "so_ket", "title": "X", "period_from": "2025-01-01", "period_to": "2025-12-31", "cutoff": "mai"}, []string{"cutoff"}},
		{map[string]any{"kind": "so_ket", "title": "X", "period_from": "2025-01-01", "period_to": "2025-12-31", "cutoff": "2024-12-31"}, []string{"cutoff"}},
		{map[string]any{"kind": 3}, nil},
	} {
		e := w.refused(t, w.homeAffairs, http.MethodPost, "/api/v1/reviews", tt.body, http.StatusBadRequest, "")
		for _, f := range tt.fields {
			if e.Fields[f] == "" {
				t.Errorf("%v: fields %v, want %s named", tt.body, e.Fields, f)
			}
		}
	}
	w.refused(t, w.council, http.MethodPost, "/api/v1/reviews", map[string]any{"kind": "so_ket", "title": "X",
		"period_from": "2025-01-01", "period_to": "2025-12-31"}, http.StatusForbidden, "")
	w.do(t, w.auditor, http.MethodGet, "/api/v1/reviews/khong-co", nil).want(t, http.StatusNotFound)
	id := openTestReview(t, w)
	w.do(t, w.auditor, http.MethodGet, "/api/v1/reviews/"+id+"/comparison", nil).want(t, http.StatusConflict)
	w.do(t, w.auditor, http.MethodGet, "/api/v1/reviews/"+id+"/verification", nil).want(t, http.StatusConflict)
	w.do(t, w.yte, http.MethodGet, "/api/v1/reviews/"+id, nil).want(t, http.StatusForbidden)
	var list []map[string]any
	r := w.do(t, w.council, http.MethodGet, "/api/v1/reviews", nil).want(t, http.StatusOK)
	r.into(t, &list)
	if len(list) != 1 || list[0]["review_id"] != id || r.header.Get("X-Total-Count") != "1" {
		t.Errorf("reviews %v (total %s); want the one opened", list, r.header.Get("X-Total-Count"))
	}
	// An empty log before the cut-off has nothing to seal.
	early := w.do(t, w.homeAffairs, http.MethodPost, "/api/v1/reviews", map[string]string{"kind": "tong_ket",
		"title": "Tổng kết", "period_from": "2024-01-01", "period_to": "2024-12-31"})
	w.refused(t, w.homeAffairs, http.MethodPost, "/api/v1/reviews/"+created(t, early.want(t, http.StatusCreated))+"/seal", nil,
		http.StatusUnprocessableEntity, "empty_cutoff")
}
