package handlers

import (
	"context"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"daotao/domain"
	"daotao/events"
	"daotao/projections/audit"
	"daotao/projections/reports"
)

// Comparing a sealed review with its corrections, and verifying it: its
// reports recomputed from the log and checked against the seal.

// ReviewComparison is a sealed review's reports as sealed and as
// corrected, with every difference and the correction that caused it.
type ReviewComparison struct {
	Review      domain.Review             `json:"review"`
	AsSealed    reports.Result            `json:"as_sealed"`
	AsCorrected reports.Result            `json:"as_corrected"`
	Differences []domain.ReportDifference `json:"differences"`
}

// ReviewVerification is what recomputing a sealed review from the log
// found.
type ReviewVerification struct {
	ReviewID       string               `json:"review_id"`
	Verified       bool                 `json:"verified"`
	Problem        string               `json:"problem,omitempty"`
	SealSeq        uint64               `json:"seal_seq"`
	CutoffSeq      uint64               `json:"cutoff_seq"`
	RootHash       string               `json:"root_hash"`
	RecomputedRoot string               `json:"recomputed_root"`
	Events         uint64               `json:"events"`
	Reports        []ReportVerification `json:"reports"`
}

// ReportVerification is one sealed report recomputed.
type ReportVerification struct {
	Name       string `json:"name"`
	Sealed     string `json:"sealed"`
	Recomputed string `json:"recomputed"`
	Match      bool   `json:"match"`
}

// notSealed refuses what only a sealed review has.
var notSealed = &domain.Error{Kind: domain.KindConflict, Code: "not_sealed", Message: "Kỳ này chưa được niêm phong."}

// compareReview computes rv's reports as sealed, then applies each
// correction in turn and lists what it changed.
func (s *Server) compareReview(ctx context.Context, rv domain.Review) (ReviewComparison, error) {
	out := ReviewComparison{Review: rv, Differences: []domain.ReportDifference{}}
	if rv.Seal == nil {
		return out, notSealed
	}
	reg, err := reviewRegistry()
	if err != nil {
		return out, err
	}
	names := sealNames(rv.Seal.ReviewSealed)
	in, res, err := computeReports(ctx, s.cfg.Store.Read, reports.SealPoint(rv.Seal.CutoffSeq, rv.Seal.Cutoff), names)
	if err != nil {
		return out, err
	}
	out.AsSealed, out.AsCorrected = res, res
	for _, corr := range rv.Corrections {
		for _, seq := range corr.EventSeqs {
			if err := s.applyCorrecting(ctx, in, seq, rv.Seal.Cutoff); err != nil {
				return out, err
			}
		}
		next, err := reg.Run(in, names...)
		if err != nil {
			return out, err
		}
		out.Differences = append(out.Differences, domain.DiffReports(tables(out.AsCorrected), tables(next), corr.CorrectionID)...)
		out.AsCorrected = next
	}
	return out, nil
}

// applyCorrecting applies event seq to the state of in as if recorded at
// the cut-off: the correction says it belongs to the period.
func (s *Server) applyCorrecting(ctx context.Context, in reports.Input, seq uint64, cutoff time.Time) error {
	return s.cfg.Store.Read(ctx, seq, seq, func(r events.Recorded) error {
		if r.Time.After(cutoff) {
			r.Time = cutoff
		}
		return in.State.Apply(r)
	})
}

// tables returns the reports of res as text tables.
func tables(res reports.Result) []domain.ReportTable {
	out := make([]domain.ReportTable, len(res.Reports))
	for i, r := range res.Reports {
		t := domain.ReportTable{Name: r.Name, Title: r.Title, Columns: r.Columns}
		for _, row := range r.Rows {
			cells := make([]string, len(row))
			for j, v := range row {
				cells[j] = v.String()
			}
			t.Rows = append(t.Rows, cells)
		}
		out[i] = t
	}
	return out
}

func (s *Server) getComparison(c echo.Context) error {
	rv, err := s.review(c)
	if err != nil {
		return err
	}
	cmp, err := s.compareReview(c.Request().Context(), rv)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, cmp)
}

// verifyReview recomputes a sealed review from the log: every event up to
// the seal (sequences, envelopes, the chain), the root at the cut-off, and
// each sealed report. A discrepancy is reported, not returned as an error.
func (s *Server) verifyReview(ctx context.Context, rv domain.Review) (ReviewVerification, error) {
	out := ReviewVerification{ReviewID: rv.ReviewID, Reports: []ReportVerification{}}
	if rv.Seal == nil {
		return out, notSealed
	}
	seal := rv.Seal
	out.SealSeq, out.CutoffSeq, out.RootHash = seal.Seq, seal.CutoffSeq, seal.RootHash
	rr, err := s.rawReader()
	if err != nil {
		return out, err
	}
	sum, err := audit.VerifyLog(ctx, rr, seal.Seq)
	out.Events = sum.Events
	if p := audit.AsProblem(err); p != nil {
		out.Problem = p.Error()
		return out, nil
	} else if err != nil {
		return out, unavailable(err)
	}
	for _, sl := range sum.Seals {
		if sl.Seq == seal.Seq {
			out.RecomputedRoot = sl.RecomputedRoot
		}
	}
	reg, err := reviewRegistry()
	if err != nil {
		return out, err
	}
	names := sealNames(seal.ReviewSealed)
	got, err := reg.SealHashes(ctx, s.cfg.Store.Read, seal.CutoffSeq, seal.Cutoff, names)
	if err != nil {
		out.Problem = err.Error()
		return out, nil
	}
	out.Verified = out.RecomputedRoot == seal.RootHash
	for _, n := range names {
		m := got[n] == seal.Reports[n]
		out.Verified = out.Verified && m
		out.Reports = append(out.Reports, ReportVerification{Name: n, Sealed: seal.Reports[n], Recomputed: got[n], Match: m})
		if !m && out.Problem == "" {
			out.Problem = "Báo cáo " + n + " tính lại khác mã băm đã niêm phong."
		}
	}
	return out, nil
}

func (s *Server) getVerification(c echo.Context) error {
	rv, err := s.review(c)
	if err != nil {
		return err
	}
	v, err := s.verifyReview(c.Request().Context(), rv)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, v)
}
