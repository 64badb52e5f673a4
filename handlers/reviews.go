package handlers

import (
	"context"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"daotao/domain"
	"daotao/events"
	"daotao/projections/asof"
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
