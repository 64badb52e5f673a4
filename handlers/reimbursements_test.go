package handlers_test

import (
	"net/http"
	"testing"
)

// previewResult is the answer of POST /api/v1/reimbursements/preview.
type previewResult struct {
	Case               string `json:"case"`
	AmountVND          int64  `json:"amount_vnd"`
	BeforeReductionVND int64  `json:"before_reduction_vnd"`
	T1Months           int    `json:"t1_months"`
	T2Months           int    `json:"t2_months"`
	Steps              []struct {
		Label   string `json:"label"`
		Formula string `json:"formula"`
		Value   string `json:"value"`
	} `json:"steps"`
}

func (r previewResult) value(label string) string {
	for _, s := range r.Steps {
		if s.Label == label {
			return s.Value
		}
	}
	return ""
}

// masterBody is the worked example: a 24-month master's costing
// 100,000,000 ₫, left after 20 months of a 2× commitment.
func masterBody() map[string]any {
	return map[string]any{"case": "left_early", "cost_vnd": 100_000_000, "training_months": 24, "multiplier": 2,
		"served_months": 20, "prior_service_years": 0, "reduction_pct_per_year": 0}
}

const previewPath = "/api/v1/reimbursements/preview"

// TestReimbursementPreview: every role gets the amount with its steps, and
// nothing is recorded.
func TestReimbursementPreview(t *testing.T) {
	w := newWorld(t)
	tests := []struct {
		name   string
		body   map[string]any
		amount int64
		s      string
	}{
		{"issue example", masterBody(), 58_333_333, "58.333.333 ₫"},
		{"3× under Decree 171/2025", with(masterBody(), "multiplier", 3), 72_222_222, "72.222.222 ₫"},
		{"reduction 1.5% × 4 years", with(masterBody(), "prior_service_years", 4, "reduction_pct_per_year", 1.5), 54_833_333, "58.333.333 ₫"},
		{"no degree: 100%", map[string]any{"case": "no_degree", "cost_vnd": 85_500_000}, 85_500_000, "85.500.000 ₫"},
		// 2 × 24 months 20 days = 49 months 10 days → 49; 20 months 15 days → 20; 100,000,000 × 29 / 49.
		{"days, rounded down", with(masterBody(), "training_days", 20, "served_days", 15, "month_rounding", "floor"), 59_183_673, "59.183.673 ₫"},
	}
	for _, tt := range tests {
		for _, token := range []string{w.admin, w.council, w.auditor, w.yte} {
			before := w.lastSeq(t)
			var r previewResult
			w.do(t, token, http.MethodPost, previewPath, tt.body).want(t, http.StatusOK).into(t, &r)
			if r.AmountVND != tt.amount || r.value("Chi phí đền bù theo Điều 8 (S)") != tt.s || r.value("Số tiền phải đền bù") == "" {
				t.Errorf("%s: amount %d, S %q; want %d, %q", tt.name, r.AmountVND, r.value("Chi phí đền bù theo Điều 8 (S)"), tt.amount, tt.s)
			}
			if after := w.lastSeq(t); after != before {
				t.Errorf("%s: a preview appended events (seq %d → %d)", tt.name, before, after)
			}
		}
	}
	w.do(t, "", http.MethodPost, previewPath, masterBody()).failure(t, http.StatusUnauthorized, "")
}

func TestReimbursementPreviewBadInput(t *testing.T) {
	w := newWorld(t)
	tests := []struct {
		name  string
		body  any
		field string
	}{
		{"unknown case", with(masterBody(), "case", "retired"), "case"},
		{"no case", with(masterBody(), "case", nil), "case"},
		{"zero cost", with(masterBody(), "cost_vnd", 0), "cost_vnd"},
		{"negative cost", with(masterBody(), "cost_vnd", -100), "cost_vnd"},
		{"cost as text", with(masterBody(), "cost_vnd", "100.000.000"), "cost_vnd"},
		{"cost with decimals", with(masterBody(), "cost_vnd", 1.5), "cost_vnd"},
		{"cost beyond int64", with(masterBody(), "cost_vnd", 1e30), "cost_vnd"},
		{"no training time", with(masterBody(), "training_months", nil), "training_months"},
		{"negative training time", with(masterBody(), "training_months", -1), "training_months"},
		{"multiplier 4", with(masterBody(), "multiplier", 4), "multiplier"},
		{"T2 > T1", with(masterBody(), "served_months", 49), "served_months"},
		{"negative T2", with(masterBody(), "served_months", -1), "served_months"},
		{"served days 31", with(masterBody(), "served_days", 31), "served_days"},
		{"unknown rounding", with(masterBody(), "month_rounding", "bankers"), "month_rounding"},
		{"negative prior years", with(masterBody(), "prior_service_years", -2), "prior_service_years"},
		{"reduction 2% a year", with(masterBody(), "reduction_pct_per_year", 2), "reduction_pct_per_year"},
		{"reduction 1.25", with(masterBody(), "reduction_pct_per_year", 1.25), "reduction_pct_per_year"},
		{"reduction as text", with(masterBody(), "reduction_pct_per_year", "1,5"), "reduction_pct_per_year"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w.refused(t, w.yte, http.MethodPost, previewPath, tt.body, http.StatusBadRequest, "invalid").naming(t, tt.field)
		})
	}
	t.Run("malformed", func(t *testing.T) {
		w.refused(t, w.yte, http.MethodPost, previewPath, `{"case":`, http.StatusBadRequest, "malformed_json")
		w.refused(t, w.yte, http.MethodPost, previewPath, "", http.StatusBadRequest, "malformed_json")
		w.refused(t, w.yte, http.MethodPost, previewPath, `[1,2]`, http.StatusBadRequest, "malformed_json")
	})
}
