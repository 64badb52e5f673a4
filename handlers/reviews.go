package handlers

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"daotao/domain"
	"daotao/events"
	"daotao/projections/asof"
	"daotao/projections/audit"
	"daotao/projections/reports"
)

// Who may do what with the review phases: Sở Nội vụ opens, seals and
// corrects; the auditors, the council, the administrators and the
// provincial leadership read them.
var (
	reviewWriters = []domain.Role{domain.RoleHomeAffairs}
	reviewReaders = []domain.Role{domain.RoleHomeAffairs, domain.RoleAuditor, domain.RoleCouncil, domain.RoleAdmin,
		domain.RoleProvince, domain.RoleStandingCommittee}
)

// reviewRegistry is the set of reports a review computes and seals: the
// registry's built-in reports, as `daotao replay` and `daotao verify` know.
var reviewRegistry = sync.OnceValues(func() (*reports.Registry, error) {
	return reports.NewRegistry(reports.Builtin()...)
})

// reviewRequest is the body of POST /api/v1/reviews. cutoff is an RFC 3339
// time, or a date YYYY-MM-DD meaning the end of that day in
// Asia/Ho_Chi_Minh; default the end of period_to.
type reviewRequest struct {
	Kind       string `json:"kind"`
	Title      string `json:"title"`
	PeriodFrom string `json:"period_from"`
	PeriodTo   string `json:"period_to"`
	Cutoff     string `json:"cutoff"`
}

// sealRequest is the body of POST /api/v1/reviews/{id}/seal: the cut-off
// sequence the reviewer saw the reports at (optional; when given, the seal
// is refused if the cut-off now maps to another sequence).
type sealRequest struct {
	CutoffSeq uint64 `json:"cutoff_seq"`
}

// correctionRequest is the body of POST /api/v1/reviews/{id}/corrections.
type correctionRequest struct {
	Reason    string   `json:"reason"`
	EventSeqs []uint64 `json:"event_seqs"`
}

// ReviewReports is a review's reports as of its cut-off: as sealed (or, for
// an open review, as the log stands now up to the cut-off), with the hash
// of each as a seal records it.
type ReviewReports struct {
	Review   domain.Review     `json:"review"`
	Result   reports.Result    `json:"result"`
	Hashes   map[string]string `json:"hashes"`
	Sealed   bool              `json:"sealed"`
	Complete bool              `json:"complete"` // the cut-off has passed
}

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

func (s *Server) listReviews(c echo.Context) error {
	if err := s.awaitRead(c); err != nil {
		return err
	}
	list := s.cfg.State.Reviews()
	return writeList(c, list, len(list), 0, len(list))
}

// review returns the review named by the path's id, after the read waited.
func (s *Server) review(c echo.Context) (domain.Review, error) {
	if err := s.awaitRead(c); err != nil {
		return domain.Review{}, err
	}
	rv, ok := s.cfg.State.Review(c.Param("id"))
	if !ok || rv.Status == "" {
		return domain.Review{}, domain.NotFound("kỳ sơ kết, tổng kết")
	}
	return rv, nil
}

func (s *Server) getReview(c echo.Context) error {
	rv, err := s.review(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, rv)
}

// parseCutoff reads a cut-off: an RFC 3339 time, or a date (YYYY-MM-DD or
// dd/mm/yyyy) meaning the end of that day; empty means the end of def.
func parseCutoff(p domain.Problems, field, v string, def events.Date) time.Time {
	if v == "" {
		if def.IsZero() {
			return time.Time{}
		}
		return asof.EndOf(def).Time
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t
	}
	if d, err := events.ParseDate(v); err == nil {
		return asof.EndOf(d).Time
	}
	if d, ok := parseDMY(v); ok {
		return asof.EndOf(d).Time
	}
	p.Add(field, "Thời điểm chốt phải là ngày (dd/mm/yyyy) hoặc thời điểm RFC 3339.")
	return time.Time{}
}

// parseDMY reads dd/mm/yyyy.
func parseDMY(v string) (events.Date, bool) {
	t, err := time.Parse("02/01/2006", v)
	if err != nil {
		return events.Date{}, false
	}
	return events.DateOf(t, time.UTC), true
}

// openReview decides and records a new review for the API and the page.
func (s *Server) openReview(c echo.Context, req reviewRequest) (string, uint64, error) {
	p := domain.Problems{}
	from := parseReviewDate(p, "period_from", req.PeriodFrom)
	to := parseReviewDate(p, "period_to", req.PeriodTo)
	cutoff := parseCutoff(p, "cutoff", req.Cutoff, to)
	id := s.cfg.NewID()
	var opened events.ReviewOpened
	return s.runCreation(c, id, func() (decision, error) {
		var err error
		opened, err = domain.NewReview(actorOf(c), id, domain.OpenReview{Kind: req.Kind, Title: text(req.Title),
			PeriodFrom: from, PeriodTo: to, Cutoff: cutoff})
		if err = withProblems(p, err); err != nil {
			return decision{}, err
		}
		return decision{subject: events.Subject(events.AggregateReview, id), payload: &opened}, nil
	})
}

// parseReviewDate reads a required date in YYYY-MM-DD or dd/mm/yyyy.
func parseReviewDate(p domain.Problems, field, v string) events.Date {
	if d, ok := parseDMY(v); ok {
		return d
	}
	return parseDate(p, field, v)
}

func (s *Server) openReviewRoute(c echo.Context) error {
	var req reviewRequest
	if err := bindJSON(c, &req, false); err != nil {
		return err
	}
	id, seq, err := s.openReview(c, req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, createdResponse{ID: id, Seq: seq})
}

// rawReader returns the store as a reader of stored bytes.
func (s *Server) rawReader() (events.RawReader, error) {
	rr, ok := s.cfg.Store.(events.RawReader)
	if !ok {
		return nil, &domain.Error{Kind: domain.KindUnavailable, Code: "no_raw_reader", Message: "Kho sự kiện không cho đọc nguyên bản để kiểm tra."}
	}
	return rr, nil
}

// computeReports replays the log up to p and computes the reports names
// (every report when empty).
func computeReports(ctx context.Context, read asof.Reader, p asof.Point, names []string) (reports.Input, reports.Result, error) {
	reg, err := reviewRegistry()
	if err != nil {
		return reports.Input{}, reports.Result{}, err
	}
	in, err := reports.Replay(ctx, read, p)
	if err != nil {
		return in, reports.Result{}, err
	}
	res, err := reg.Run(in, names...)
	return in, res, err
}

// hashesOf returns the seal hash of each report of res, as
// Registry.SealHash computes it (the JSON body of that report alone).
func hashesOf(res reports.Result) (map[string]string, error) {
	out := map[string]string{}
	for _, r := range res.Reports {
		one := res
		one.Reports = []reports.Named{r}
		body, err := reports.Body(one, reports.FormatJSON)
		if err != nil {
			return nil, err
		}
		out[r.Name] = reports.Hash(body)
	}
	return out, nil
}

// sealNames returns the names of the reports a seal records, sorted.
func sealNames(seal events.ReviewSealed) []string {
	names := make([]string, 0, len(seal.Reports))
	for n := range seal.Reports {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// reviewReports computes rv's reports as of its cut-off: as sealed, or
// for an open review with the log as it stands.
func (s *Server) reviewReports(ctx context.Context, rv domain.Review) (ReviewReports, error) {
	out := ReviewReports{Review: rv, Sealed: rv.Seal != nil, Complete: s.now().After(rv.Cutoff)}
	var p asof.Point
	var names []string
	if rv.Seal != nil {
		p, names = reports.SealPoint(rv.Seal.CutoffSeq, rv.Seal.Cutoff), sealNames(rv.Seal.ReviewSealed)
	} else {
		p = asof.Point{Time: rv.Cutoff}
	}
	in, res, err := computeReports(ctx, s.cfg.Store.Read, p, names)
	if err != nil {
		return out, err
	}
	if rv.Seal == nil {
		// As a seal would record them: the point pins the cut-off sequence.
		in.Cut.Point = reports.SealPoint(in.Cut.LastSeq, rv.Cutoff)
		reg, _ := reviewRegistry()
		if res, err = reg.Run(in); err != nil {
			return out, err
		}
	}
	out.Result = res
	out.Hashes, err = hashesOf(res)
	return out, err
}

func (s *Server) getReviewReports(c echo.Context) error {
	rv, err := s.review(c)
	if err != nil {
		return err
	}
	rr, err := s.reviewReports(c.Request().Context(), rv)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, rr)
}

// sealComputation maps rv's cut-off time to the cut-off sequence (the last
// event of the longest prefix of the log whose business times are all at
// or before the cut-off), verifies the log up to it and computes its root
// and the hash of every report.
func (s *Server) sealComputation(ctx context.Context, rv domain.Review) (domain.SealComputation, error) {
	rr, err := s.rawReader()
	if err != nil {
		return domain.SealComputation{}, err
	}
	cur, err := s.reviewReports(ctx, domain.Review{ReviewOpened: rv.ReviewOpened, Status: domain.ReviewOpen})
	if err != nil {
		return domain.SealComputation{}, err
	}
	c := domain.SealComputation{CutoffSeq: cur.Result.LastSeq, Reports: cur.Hashes}
	if c.CutoffSeq == 0 {
		return c, nil
	}
	sum, err := audit.VerifyLog(ctx, rr, c.CutoffSeq)
	if err != nil {
		return c, &domain.Error{Kind: domain.KindConflict, Code: "log_not_verified",
			Message: "Nhật ký sự kiện đến thời điểm chốt không qua được kiểm tra; không niêm phong: " + err.Error()}
	}
	c.RootHash = sum.Root.String()
	return c, nil
}

// sealReview seals the review of the path for the API and the page.
func (s *Server) sealReview(c echo.Context, req sealRequest) (uint64, error) {
	rv, err := s.review(c)
	if err != nil {
		return 0, err
	}
	ctx := c.Request().Context()
	run, err := s.newCommand(c, func() (decision, error) {
		cur, ok := s.cfg.State.Review(rv.ReviewID)
		if !ok {
			return decision{}, domain.NotFound("kỳ sơ kết, tổng kết")
		}
		var comp domain.SealComputation
		if cur.Status == domain.ReviewOpen && s.now().After(cur.Cutoff) {
			if comp, err = s.sealComputation(ctx, cur); err != nil {
				return decision{}, err
			}
		}
		sealed, err := cur.SealReview(actorOf(c), s.now(), req.CutoffSeq, comp)
		if err != nil {
			return decision{}, err
		}
		return decision{subject: events.Subject(events.AggregateReview, cur.ReviewID), expected: cur.LastSeq, payload: &sealed}, nil
	})
	if err != nil {
		return 0, err
	}
	out, err := s.run(ctx, run)
	return out.seq, err
}

func (s *Server) postSeal(c echo.Context) error {
	var req sealRequest
	if err := bindJSON(c, &req, true); err != nil {
		return err
	}
	seq, err := s.sealReview(c, req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, createdResponse{ID: c.Param("id"), Seq: seq})
}

// correctingEvents reads what a correction needs to know of each seq.
func (s *Server) correctingEvents(ctx context.Context, seqs []uint64) ([]domain.CorrectingEvent, error) {
	last, err := s.cfg.Store.LastSeq(ctx)
	if err != nil {
		return nil, unavailable(err)
	}
	out := make([]domain.CorrectingEvent, len(seqs))
	for i, seq := range seqs {
		out[i] = domain.CorrectingEvent{Seq: seq}
		if seq == 0 || seq > last {
			continue
		}
		err := s.cfg.Store.Read(ctx, seq, seq, func(r events.Recorded) error {
			agg, _, _ := events.SplitSubject(r.Subject)
			out[i] = domain.CorrectingEvent{Seq: seq, Type: r.Type, Aggregate: agg, Found: r.Seq == seq}
			return nil
		})
		if err != nil {
			return nil, unavailable(err)
		}
	}
	return out, nil
}

// correctReview records a correction of the sealed review of the path.
func (s *Server) correctReview(c echo.Context, req correctionRequest) (string, uint64, error) {
	rv, err := s.review(c)
	if err != nil {
		return "", 0, err
	}
	ctx := c.Request().Context()
	if len(req.EventSeqs) > domain.MaxCorrectionEvents {
		return "", 0, domain.Invalid("event_seqs", fmt.Sprintf("Tối đa %d sự kiện cho một lần điều chỉnh.", domain.MaxCorrectionEvents))
	}
	refs, err := s.correctingEvents(ctx, req.EventSeqs)
	if err != nil {
		return "", 0, err
	}
	id := s.cfg.NewID()
	run, err := s.newCommand(c, func() (decision, error) {
		cur, ok := s.cfg.State.Review(rv.ReviewID)
		if !ok {
			return decision{}, domain.NotFound("kỳ sơ kết, tổng kết")
		}
		corr, err := cur.CorrectReview(actorOf(c), id, text(req.Reason), refs)
		if err != nil {
			return decision{}, err
		}
		return decision{subject: events.Subject(events.AggregateReview, cur.ReviewID), expected: cur.LastSeq, payload: &corr}, nil
	})
	if err != nil {
		return "", 0, err
	}
	out, err := s.run(ctx, run)
	return id, out.seq, err
}

func (s *Server) postCorrection(c echo.Context) error {
	var req correctionRequest
	if err := bindJSON(c, &req, false); err != nil {
		return err
	}
	id, seq, err := s.correctReview(c, req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, createdResponse{ID: id, Seq: seq})
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
