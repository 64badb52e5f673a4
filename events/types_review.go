package events

import "time"

// Event types of the review phases (sơ kết, tổng kết) besides
// TypeReviewSealed.
const (
	TypeReviewOpened             = "review.opened"
	TypeReviewCorrectionRecorded = "review.correction_recorded"
)

// ReviewOpened records that Sở Nội vụ opened a review of the Đề án: its
// kind (ReviewSoKet or ReviewTongKet), the period it covers and the
// business time of its cut-off. The reports of the review are computed as
// of the cut-off; the cut-off sequence is pinned only when it is sealed.
type ReviewOpened struct {
	ReviewID string `json:"review_id"`
	Kind     string `json:"kind"`
	Title    string `json:"title"`
	// PeriodFrom and PeriodTo are the first and last day of the period.
	PeriodFrom Date `json:"period_from"`
	PeriodTo   Date `json:"period_to"`
	// Cutoff is the last business time the review covers.
	Cutoff time.Time `json:"cutoff"`
}

// ReviewCorrectionRecorded records, after a review was sealed, that
// ordinary events recorded after its cut-off correct facts of its period
// (a late result, a corrected profile). The seal is never changed: the
// review shows its reports as sealed and as corrected, the corrected ones
// computed from the sealed state with the events EventSeqs applied in
// stream order, their business time taken as the cut-off.
type ReviewCorrectionRecorded struct {
	ReviewID     string `json:"review_id"`
	CorrectionID string `json:"correction_id"`
	// SealSeq is the stream sequence of the review.sealed event corrected.
	SealSeq uint64 `json:"seal_seq"`
	// Reason says why, in Vietnamese.
	Reason string `json:"reason"`
	// EventSeqs are the stream sequences of the correcting events, in
	// increasing order, each after the seal's cut-off.
	EventSeqs []uint64 `json:"event_seqs"`
}

// EventType returns TypeReviewOpened.
func (ReviewOpened) EventType() string { return TypeReviewOpened }

// EventType returns TypeReviewCorrectionRecorded.
func (ReviewCorrectionRecorded) EventType() string { return TypeReviewCorrectionRecorded }
