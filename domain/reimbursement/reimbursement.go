// Package reimbursement computes what an official owes back for training
// paid by the state or the agency (đền bù chi phí đào tạo): the cases of
// Decree 101/2017/NĐ-CP Article 7 and of Decree 171/2025/NĐ-CP, the amount
// of Article 8 and the reduction for service before training, with every
// step written out for people. It is pure: it imports only the standard
// library, package events and package domain (for its error type).
package reimbursement

// Case is why an official must reimburse.
type Case string

// The cases. The first three are the cases of Decree 101/2017 Article 7;
// Dismissed is the case Decree 171/2025 adds for công chức.
const (
	// QuitDuringTraining: quitting the course, the job or the contract
	// during training (Article 7, case 1): 100% of F.
	QuitDuringTraining Case = "quit_during_training"
	// NoDegree: the course finished without a degree (case 2): 100% of F.
	NoDegree Case = "no_degree"
	// LeftEarly: leaving before the service commitment is served (case
	// 3): S = F / T1 × (T1 − T2).
	LeftEarly Case = "left_early"
	// Dismissed: dismissal (buộc thôi việc) as a disciplinary measure
	// before the commitment is served (Decree 171/2025), computed with the
	// formula of LeftEarly; see the note the result carries.
	Dismissed Case = "dismissed"
)

// Cases lists every case in a stable order.
var Cases = []Case{QuitDuringTraining, NoDegree, LeftEarly, Dismissed}

// Label returns the Vietnamese description of the case, "" for an unknown
// one.
func (c Case) Label() string {
	switch c {
	case QuitDuringTraining:
		return "Tự ý bỏ học, tự ý thôi việc hoặc đơn phương chấm dứt hợp đồng làm việc trong thời gian đào tạo"
	case NoDegree:
		return "Đã hoàn thành khóa học nhưng không được cấp văn bằng tốt nghiệp"
	case LeftEarly:
		return "Đã được cấp văn bằng nhưng chưa phục vụ đủ thời gian cam kết (tự ý bỏ việc, xin thôi việc, đơn phương chấm dứt hợp đồng)"
	case Dismissed:
		return "Bị kỷ luật buộc thôi việc khi chưa phục vụ đủ thời gian cam kết"
	}
	return ""
}

// source returns the legal basis of the case.
func (c Case) source() string {
	switch c {
	case QuitDuringTraining:
		return "Nghị định 101/2017/NĐ-CP, Điều 7 (trường hợp 1) và Điều 8: đền bù 100% chi phí"
	case NoDegree:
		return "Nghị định 101/2017/NĐ-CP, Điều 7 (trường hợp 2) và Điều 8: đền bù 100% chi phí"
	case LeftEarly:
		return "Nghị định 101/2017/NĐ-CP, Điều 7 (trường hợp 3) và Điều 8: S = F / T1 × (T1 − T2)"
	case Dismissed:
		return "Nghị định 171/2025/NĐ-CP: trường hợp mới; tính theo công thức Điều 8 như trường hợp 3"
	}
	return ""
}

// prorated reports whether the case owes a share of F by the time left to
// serve, rather than all of it.
func (c Case) prorated() bool { return c == LeftEarly || c == Dismissed }

// Rounding is how a duration in months and days becomes whole months. The
// decree says only that T1 and T2 are "tính bằng số tháng làm tròn", so
// the rule is a parameter.
type Rounding string

// The rounding rules of months. Days are the days beyond whole months.
const (
	// RoundHalfUp counts 15 days or more as a month and drops fewer: the
	// default, as commonly applied; the decree does not define it.
	RoundHalfUp Rounding = "half_up"
	// RoundFloor drops the days.
	RoundFloor Rounding = "floor"
	// RoundCeil counts any day as a month.
	RoundCeil Rounding = "ceil"
)

// Roundings lists every rounding rule, the default first.
var Roundings = []Rounding{RoundHalfUp, RoundFloor, RoundCeil}

// DaysPerMonth is how many days make a month when days are carried into
// months (multiplying a duration with days).
const DaysPerMonth = 30

// Label returns the Vietnamese statement of the rule, "" for an unknown one.
func (r Rounding) Label() string {
	switch r {
	case RoundHalfUp:
		return "ngày lẻ từ 15 ngày trở lên tính là 1 tháng, dưới 15 ngày không tính"
	case RoundFloor:
		return "bỏ số ngày lẻ"
	case RoundCeil:
		return "ngày lẻ (từ 1 ngày) tính là 1 tháng"
	}
	return ""
}

// Months returns months and days as whole months under r. days is 0–30.
func (r Rounding) Months(months, days int) int {
	switch {
	case days == 0:
		return months
	case r == RoundFloor:
		return months
	case r == RoundCeil:
		return months + 1
	case days*2 >= DaysPerMonth:
		return months + 1
	}
	return months
}

// Multipliers of the service commitment, by the rule set in force when the
// commitment was signed.
const (
	// Multiplier101 is Decree 101/2017 (viên chức; công chức before 1/7/2025).
	Multiplier101 = 2
	// Multiplier171 is Decree 171/2025 (công chức from 1/7/2025).
	Multiplier171 = 3
)

// MaxReductionPctPerYear is the highest reduction per year of prior
// service: 1.5% for women or ethnic-minority officials (1% otherwise).
const MaxReductionPctPerYear = 1.5

// Input is what a preview needs. Field comments name the JSON fields of the
// API, which validation errors use.
type Input struct {
	Case    Case  // case
	CostVND int64 // cost_vnd: F, the actual cost per person paid, in đồng
	// TrainingMonths and TrainingDays are the length of the training
	// (training_months, training_days); needed for the prorated cases.
	TrainingMonths, TrainingDays int
	Multiplier                   int // multiplier: 2 or 3
	// ServedMonths and ServedDays are the time served after the training
	// (served_months, served_days), T2 before rounding.
	ServedMonths, ServedDays int
	Rounding                 Rounding // month_rounding; "" is RoundHalfUp
	PriorServiceYears        int      // prior_service_years
	// ReductionPctPerYear is the reduction per year of prior service as
	// decided by the council, e.g. 1.0 or 1.5 (reduction_pct_per_year).
	ReductionPctPerYear float64
}

// Step is one line of the computation: what it is (Vietnamese), how it is
// computed, and its value as people read it.
type Step struct {
	Label   string `json:"label"`
	Formula string `json:"formula"`
	Value   string `json:"value"`
}

// NoteLabel labels the steps that explain a choice rather than compute.
const NoteLabel = "Ghi chú"

// Result is the amount owed, in whole đồng, with the steps that led to it.
type Result struct {
	Case Case `json:"case"`
	// AmountVND is what must be paid back.
	AmountVND int64 `json:"amount_vnd"`
	// BeforeReductionVND is the amount of Article 8, before the reduction
	// for prior service.
	BeforeReductionVND int64 `json:"before_reduction_vnd"`
	// ReductionPct is the total reduction applied, in percent.
	ReductionPct float64 `json:"reduction_pct"`
	// T1Months and T2Months are the rounded months of the formula; zero for
	// the cases that owe 100%.
	T1Months int    `json:"t1_months"`
	T2Months int    `json:"t2_months"`
	Steps    []Step `json:"steps"`
}
