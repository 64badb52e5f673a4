package handlers

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"daotao/domain"
	"daotao/events"
	"daotao/projections/reports"
)

// reviewRow is a review as the pages show it.
type reviewRow struct {
	domain.Review
	KindLabel   string
	StatusLabel string
}

func reviewRowOf(rv domain.Review) reviewRow {
	return reviewRow{Review: rv, KindLabel: domain.ReviewKindLabel(rv.Kind), StatusLabel: rv.Status.Label()}
}

// reviewsPageData is the list of reviews and the form to open one.
type reviewsPageData struct {
	Reviews []reviewRow
	CanOpen bool
	Values  reviewRequest
	Errors  map[string]string
}

func (s *Server) reviewsPage(c echo.Context) error {
	return s.renderReviews(c, http.StatusOK, reviewRequest{Kind: events.ReviewSoKet}, nil, "")
}

func (s *Server) renderReviews(c echo.Context, status int, vals reviewRequest, errs map[string]string, msg string) error {
	if err := s.awaitRead(c); err != nil {
		return err
	}
	d := reviewsPageData{CanOpen: domain.Is(actorOf(c), domain.RoleHomeAffairs), Values: vals, Errors: errs}
	for _, rv := range s.cfg.State.Reviews() {
		if rv.Status != "" {
			d.Reviews = append(d.Reviews, reviewRowOf(rv))
		}
	}
	v := s.newView(c, "Sơ kết, tổng kết Đề án", d)
	v.Error = msg
	return s.renderView(c, status, "reviews", v)
}

// reviewOpen opens a review from the form, through the API's checks.
func (s *Server) reviewOpen(c echo.Context) error {
	req := reviewRequest{Kind: c.FormValue("kind"), Title: c.FormValue("title"), PeriodFrom: c.FormValue("period_from"),
		PeriodTo: c.FormValue("period_to"), Cutoff: c.FormValue("cutoff")}
	id, _, err := s.openReview(c, req)
	if err != nil {
		return s.formFailed(c, err, func(status int, fields map[string]string, msg string) error {
			return s.renderReviews(c, status, req, fields, msg)
		})
	}
	return c.Redirect(http.StatusSeeOther, "/reviews/"+id+"?ok=review")
}

// reviewPageData is one review: its reports as of the cut-off, the seal,
// the corrections and the comparison of as sealed with as corrected.
type reviewPageData struct {
	Review     reviewRow
	Reports    ReviewReports
	Comparison *ReviewComparison
	CanSeal    bool
	CanCorrect bool
	Reason     string
	EventSeqs  string
	Errors     map[string]string
}

func (s *Server) reviewPage(c echo.Context) error {
	return s.renderReview(c, http.StatusOK, "", "", nil, "")
}

func (s *Server) renderReview(c echo.Context, status int, reason, seqs string, errs map[string]string, msg string) error {
	rv, err := s.review(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	rr, err := s.reviewReports(ctx, rv)
	if err != nil {
		return err
	}
	writer := domain.Is(actorOf(c), domain.RoleHomeAffairs)
	d := reviewPageData{Review: reviewRowOf(rv), Reports: rr, Reason: reason, EventSeqs: seqs, Errors: errs,
		CanSeal: writer && rv.Status == domain.ReviewOpen && rr.Complete, CanCorrect: writer && rv.Status == domain.ReviewSealed}
	if rv.Seal != nil && len(rv.Corrections) > 0 {
		cmp, err := s.compareReview(ctx, rv)
		if err != nil {
			return err
		}
		d.Comparison = &cmp
	}
	v := s.newView(c, domain.ReviewKindLabel(rv.Kind)+": "+rv.Title, d)
	v.Error = msg
	if n, ok := reviewNotices[c.QueryParam("ok")]; ok {
		v.Notice = n
	}
	return s.renderView(c, status, "review", v)
}

// reviewNotices are the confirmations of the review pages.
var reviewNotices = map[string]string{
	"review":     "Đã mở kỳ. Số liệu được tính đến thời điểm chốt; sau thời điểm đó, Sở Nội vụ niêm phong.",
	"sealed":     "Đã niêm phong. Hãy in bản tóm tắt và lưu cùng hồ sơ.",
	"correction": "Đã ghi điều chỉnh. Bảng \"như niêm phong\" và \"sau điều chỉnh\" ở dưới.",
}

// reviewSeal seals the review from the page's form.
func (s *Server) reviewSeal(c echo.Context) error {
	var req sealRequest
	if v := c.FormValue("cutoff_seq"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			return s.renderReview(c, http.StatusBadRequest, "", "", nil, "Số thứ tự sự kiện chốt không hợp lệ; hãy tải lại trang.")
		}
		req.CutoffSeq = n
	}
	if _, err := s.sealReview(c, req); err != nil {
		return s.formFailed(c, err, func(status int, fields map[string]string, msg string) error {
			return s.renderReview(c, status, "", "", fields, msg)
		})
	}
	return c.Redirect(http.StatusSeeOther, "/reviews/"+c.Param("id")+"?ok=sealed")
}

// parseSeqList reads sequences separated by commas or spaces.
func parseSeqList(v string) ([]uint64, bool) {
	var out []uint64
	for _, f := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\n' || r == '\r' || r == '\t' }) {
		n, err := strconv.ParseUint(f, 10, 64)
		if err != nil || n == 0 {
			return nil, false
		}
		out = append(out, n)
	}
	return out, true
}

// reviewCorrect records a correction from the page's form.
func (s *Server) reviewCorrect(c echo.Context) error {
	reason, seqText := c.FormValue("reason"), c.FormValue("event_seqs")
	seqs, ok := parseSeqList(seqText)
	if !ok {
		return s.renderReview(c, http.StatusBadRequest, reason, seqText,
			map[string]string{"event_seqs": "Ghi các số thứ tự sự kiện (số nguyên dương), cách nhau bằng dấu phẩy."}, "Dữ liệu không hợp lệ; xem từng trường.")
	}
	if _, _, err := s.correctReview(c, correctionRequest{Reason: reason, EventSeqs: seqs}); err != nil {
		return s.formFailed(c, err, func(status int, fields map[string]string, msg string) error {
			return s.renderReview(c, status, reason, seqText, fields, msg)
		})
	}
	return c.Redirect(http.StatusSeeOther, "/reviews/"+c.Param("id")+"?ok=correction#comparison")
}

// reviewSummaryData is the one-page summary of a sealed review.
type reviewSummaryData struct {
	Review  reviewRow
	Seal    domain.ReviewSeal
	Reports []reportHash
	// AsOf is the point `daotao replay --as-of` re-derives the reports at.
	AsOf string
}

// reportHash is one sealed report.
type reportHash struct {
	Name, Title, Hash string
}

func (s *Server) reviewSummaryPage(c echo.Context) error {
	rv, err := s.review(c)
	if err != nil {
		return err
	}
	if rv.Seal == nil {
		return notSealed
	}
	reg, err := reviewRegistry()
	if err != nil {
		return err
	}
	d := reviewSummaryData{Review: reviewRowOf(rv), Seal: *rv.Seal, AsOf: reports.SealPoint(rv.Seal.CutoffSeq, rv.Seal.Cutoff).String()}
	for _, n := range sealNames(rv.Seal.ReviewSealed) {
		r, _ := reg.Get(n)
		d.Reports = append(d.Reports, reportHash{Name: n, Title: r.Title, Hash: rv.Seal.Reports[n]})
	}
	return s.render(c, http.StatusOK, "review_summary", "Biên bản niêm phong: "+rv.Title, d)
}

// reviewVerificationData is the outcome of recomputing a sealed review.
type reviewVerificationData struct {
	Review reviewRow
	ReviewVerification
}

func (s *Server) reviewVerificationPage(c echo.Context) error {
	rv, err := s.review(c)
	if err != nil {
		return err
	}
	v, err := s.verifyReview(c.Request().Context(), rv)
	if err != nil {
		return err
	}
	slices.SortFunc(v.Reports, func(a, b ReportVerification) int { return strings.Compare(a.Name, b.Name) })
	return s.render(c, http.StatusOK, "review_verification", "Kiểm tra niêm phong: "+rv.Title, reviewVerificationData{Review: reviewRowOf(rv), ReviewVerification: v})
}
