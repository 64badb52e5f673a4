package handlers

import (
	"context"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"daotao/domain"
	"daotao/events"
	"daotao/projections/audit"
)

// Sealing a review (its cut-off, root and report hashes fixed in the log)
// and recording corrections to a sealed one.

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
