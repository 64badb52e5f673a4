package domain

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"daotao/events"
)

// Limits of the review phases.
const (
	MaxReviewTitleRunes  = 200
	MaxReviewReasonRunes = 2000
	// MaxCorrectionEvents bounds the events one correction references.
	MaxCorrectionEvents = 200
)

// ReviewStatus is where a review stands: open until it is sealed.
type ReviewStatus string

// The statuses of a review.
const (
	ReviewOpen   ReviewStatus = "open"
	ReviewSealed ReviewStatus = "sealed"
)

// Label returns the Vietnamese name of the status.
func (s ReviewStatus) Label() string {
	if s == ReviewSealed {
		return "Đã niêm phong"
	}
	return "Đang mở"
}

// ReviewKindLabel returns the Vietnamese name of a review kind.
func ReviewKindLabel(kind string) string {
	switch kind {
	case events.ReviewSoKet:
		return "Sơ kết"
	case events.ReviewTongKet:
		return "Tổng kết"
	}
	return kind
}

// OpenReview is the command to open a review of the Đề án.
type OpenReview struct {
	Kind       string
	Title      string
	PeriodFrom events.Date
	PeriodTo   events.Date
	Cutoff     time.Time
}

// ReviewSeal is a review's seal as recorded.
type ReviewSeal struct {
	events.ReviewSealed
	Seq      uint64    `json:"seq"`
	SealedAt time.Time `json:"sealed_at"`
}

// ReviewCorrection is one correction recorded after the seal.
type ReviewCorrection struct {
	events.ReviewCorrectionRecorded
	Seq        uint64    `json:"seq"`
	RecordedAt time.Time `json:"recorded_at"`
	RecordedBy string    `json:"recorded_by"`
}

// Review is one review phase (sơ kết or tổng kết): opened by Sở Nội vụ,
// sealed once, then corrected by explicit events that never change the
// seal. The zero value is a review not yet opened.
type Review struct {
	events.ReviewOpened
	OpenedBy    string             `json:"opened_by"`
	OpenedAt    time.Time          `json:"opened_at"`
	Status      ReviewStatus       `json:"status"`
	Seal        *ReviewSeal        `json:"seal,omitempty"`
	Corrections []ReviewCorrection `json:"corrections"`
	// LastSeq is the stream sequence of the review's last event.
	LastSeq uint64 `json:"seq"`
}

// Clone returns an independent copy.
func (r *Review) Clone() Review {
	c := *r
	if r.Seal != nil {
		s := *r.Seal
		c.Seal = &s
	}
	c.Corrections = slices.Clone(r.Corrections)
	return c
}

// Apply folds one event of the review recorded at seq, at business time at,
// by actor (username).
func (r *Review) Apply(seq uint64, at time.Time, actor string, p events.Payload) {
	r.LastSeq = seq
	switch e := p.(type) {
	case *events.ReviewOpened:
		r.ReviewOpened, r.OpenedBy, r.OpenedAt, r.Status = *e, actor, at, ReviewOpen
	case *events.ReviewSealed:
		r.Seal = &ReviewSeal{ReviewSealed: *e, Seq: seq, SealedAt: at}
		r.Status = ReviewSealed
		if r.ReviewID == "" { // a seal recorded without an opening (older logs)
			r.ReviewID, r.Kind, r.Cutoff = e.ReviewID, e.Kind, e.Cutoff
		}
	case *events.ReviewCorrectionRecorded:
		r.Corrections = append(r.Corrections, ReviewCorrection{ReviewCorrectionRecorded: *e, Seq: seq, RecordedAt: at, RecordedBy: actor})
	}
}

// reviewerOnly refuses every role but Sở Nội vụ.
func reviewerOnly(a events.Actor) error {
	if !Is(a, RoleHomeAffairs) {
		return Forbidden("Chỉ Sở Nội vụ mở, niêm phong và ghi điều chỉnh kỳ sơ kết, tổng kết.")
	}
	return nil
}

// NewReview decides to open a review with id. The kind is so_ket or
// tong_ket; the period's first day is not after its last; the cut-off is
// not before the period starts. It returns KindForbidden unless the actor
// is Sở Nội vụ and KindInvalid naming every field at fault.
func NewReview(a events.Actor, id string, cmd OpenReview) (events.ReviewOpened, error) {
	if err := reviewerOnly(a); err != nil {
		return events.ReviewOpened{}, err
	}
	p := Problems{}
	if cmd.Kind != events.ReviewSoKet && cmd.Kind != events.ReviewTongKet {
		p.Add("kind", "Loại kỳ phải là so_ket (sơ kết) hoặc tong_ket (tổng kết).")
	}
	if msg := reviewText(cmd.Title, MaxReviewTitleRunes, true); msg != "" {
		p.Add("title", msg)
	}
	switch {
	case cmd.PeriodFrom.IsZero():
		p.Add("period_from", "Cần ngày bắt đầu kỳ.")
	case cmd.PeriodTo.IsZero():
		p.Add("period_to", "Cần ngày kết thúc kỳ.")
	case cmd.PeriodTo.Before(cmd.PeriodFrom):
		p.Add("period_to", "Ngày kết thúc kỳ không được trước ngày bắt đầu.")
	}
	switch {
	case cmd.Cutoff.IsZero():
		p.Add("cutoff", "Cần thời điểm chốt số liệu.")
	case !cmd.PeriodFrom.IsZero() && cmd.Cutoff.Before(cmd.PeriodFrom.Time()):
		p.Add("cutoff", "Thời điểm chốt số liệu không được trước ngày bắt đầu kỳ.")
	}
	if err := p.Err(); err != nil {
		return events.ReviewOpened{}, err
	}
	return events.ReviewOpened{ReviewID: id, Kind: cmd.Kind, Title: cmd.Title, PeriodFrom: cmd.PeriodFrom,
		PeriodTo: cmd.PeriodTo, Cutoff: cmd.Cutoff}, nil
}

// reviewText returns what is wrong with a free text, or "".
func reviewText(s string, maxRunes int, required bool) string {
	n := utf8.RuneCountInString(s)
	switch {
	case n == 0 && required:
		return "Không được để trống."
	case n > maxRunes || !utf8.ValidString(s):
		return "Tối đa " + strconv.Itoa(maxRunes) + " ký tự."
	case strings.ContainsFunc(s, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' }):
		return "Không được chứa ký tự điều khiển."
	}
	return ""
}

// SealComputation is what the system computed for a seal: the cut-off
// sequence the cut-off time maps to, the chain's root after it and the
// hash of each report as of the cut-off.
type SealComputation struct {
	CutoffSeq uint64
	RootHash  string
	Reports   map[string]string
}

// SealReview decides to seal the review at now with what was computed.
// expectSeq, when not 0, is the cut-off sequence the reviewer saw: the
// seal is refused if the computation pinned another. It returns
// KindForbidden unless the actor is Sở Nội vụ, KindConflict for a review
// already sealed or whose cut-off has not passed yet, or whose cut-off
// sequence differs from expectSeq, and KindUnprocessable when no event of
// the log lies before the cut-off.
func (r *Review) SealReview(a events.Actor, now time.Time, expectSeq uint64, c SealComputation) (events.ReviewSealed, error) {
	if err := reviewerOnly(a); err != nil {
		return events.ReviewSealed{}, err
	}
	switch {
	case r.Status == ReviewSealed:
		return events.ReviewSealed{}, &Error{Kind: KindConflict, Code: "already_sealed",
			Message: "Kỳ này đã được niêm phong; sau niêm phong chỉ ghi điều chỉnh, không niêm phong lại."}
	case r.Status != ReviewOpen:
		return events.ReviewSealed{}, NotFound("kỳ sơ kết, tổng kết")
	case !now.After(r.Cutoff):
		return events.ReviewSealed{}, &Error{Kind: KindConflict, Code: "cutoff_not_passed",
			Message: "Chưa đến thời điểm chốt số liệu (" + r.Cutoff.In(Zone).Format("15:04 02/01/2006") + "); chỉ niêm phong được sau thời điểm đó."}
	case c.CutoffSeq == 0:
		return events.ReviewSealed{}, &Error{Kind: KindUnprocessable, Code: "empty_cutoff",
			Message: "Không có sự kiện nào trước thời điểm chốt số liệu; không có gì để niêm phong."}
	case expectSeq != 0 && expectSeq != c.CutoffSeq:
		return events.ReviewSealed{}, &Error{Kind: KindConflict, Code: "cutoff_changed", Fields: map[string]string{
			"cutoff_seq": "Số liệu chốt đến sự kiện " + strconv.FormatUint(c.CutoffSeq, 10) + ", không phải " + strconv.FormatUint(expectSeq, 10) + "."},
			Message: "Số liệu tại thời điểm chốt đã khác với số liệu bạn xem; hãy tải lại và kiểm tra trước khi niêm phong."}
	case len(c.Reports) == 0 || c.RootHash == "":
		return events.ReviewSealed{}, &Error{Kind: KindInternal, Code: "no_reports", Message: "Chưa tính được báo cáo để niêm phong."}
	}
	return events.ReviewSealed{ReviewID: r.ReviewID, Kind: r.Kind, CutoffSeq: c.CutoffSeq, Cutoff: r.Cutoff,
		RootHash: c.RootHash, Reports: c.Reports, SealedBy: []string{a.Username}}, nil
}

// CorrectingEvent is what a correction needs to know about an event it
// references: its sequence, type and aggregate. Found is false for a
// sequence the log does not hold.
type CorrectingEvent struct {
	Seq       uint64
	Type      string
	Aggregate string
	Found     bool
}

// CorrectReview decides to record a correction with id of the sealed
// review: reason says why, refs are the events that correct facts of the
// period, each recorded after the cut-off, none of them a review event,
// none referenced by an earlier correction. It returns KindForbidden
// unless the actor is Sở Nội vụ, KindConflict for a review not sealed, and
// KindInvalid naming reason or event_seqs.
func (r *Review) CorrectReview(a events.Actor, id, reason string, refs []CorrectingEvent) (events.ReviewCorrectionRecorded, error) {
	if err := reviewerOnly(a); err != nil {
		return events.ReviewCorrectionRecorded{}, err
	}
	if r.Status != ReviewSealed || r.Seal == nil {
		return events.ReviewCorrectionRecorded{}, &Error{Kind: KindConflict, Code: "not_sealed",
			Message: "Chỉ ghi điều chỉnh cho kỳ đã niêm phong; trước khi niêm phong, số liệu tự cập nhật theo nhật ký."}
	}
	p := Problems{}
	if msg := reviewText(reason, MaxReviewReasonRunes, true); msg != "" {
		p.Add("reason", msg)
	}
	if msg := r.checkRefs(refs); msg != "" {
		p.Add("event_seqs", msg)
	}
	if err := p.Err(); err != nil {
		return events.ReviewCorrectionRecorded{}, err
	}
	seqs := make([]uint64, len(refs))
	for i, e := range refs {
		seqs[i] = e.Seq
	}
	slices.Sort(seqs)
	return events.ReviewCorrectionRecorded{ReviewID: r.ReviewID, CorrectionID: id, SealSeq: r.Seal.Seq, Reason: reason, EventSeqs: seqs}, nil
}

// checkRefs returns what is wrong with the referenced events, or "".
func (r *Review) checkRefs(refs []CorrectingEvent) string {
	if len(refs) == 0 {
		return "Cần ít nhất một sự kiện điều chỉnh (số thứ tự trong nhật ký)."
	}
	if len(refs) > MaxCorrectionEvents {
		return "Tối đa " + strconv.Itoa(MaxCorrectionEvents) + " sự kiện cho một lần điều chỉnh."
	}
	used := map[uint64]bool{}
	for _, c := range r.Corrections {
		for _, s := range c.EventSeqs {
			used[s] = true
		}
	}
	seen := map[uint64]bool{}
	for _, e := range refs {
		n := strconv.FormatUint(e.Seq, 10)
		switch {
		case !e.Found:
			return "Không có sự kiện số " + n + " trong nhật ký."
		case seen[e.Seq]:
			return "Sự kiện số " + n + " được nêu hai lần."
		case e.Seq <= r.Seal.CutoffSeq:
			return "Sự kiện số " + n + " đã nằm trong số liệu niêm phong (chốt đến sự kiện " + strconv.FormatUint(r.Seal.CutoffSeq, 10) + ")."
		case e.Aggregate == events.AggregateReview || e.Aggregate == events.AggregateSession || e.Aggregate == events.AggregateUser:
			return "Sự kiện số " + n + " (" + e.Type + ") không phải dữ liệu nghiệp vụ của kỳ."
		case used[e.Seq]:
			return "Sự kiện số " + n + " đã được ghi trong một điều chỉnh trước."
		}
		seen[e.Seq] = true
	}
	return ""
}
