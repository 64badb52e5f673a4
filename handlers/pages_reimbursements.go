package handlers

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"daotao/domain"
	"daotao/domain/reimbursement"
)

// choice is one option of a select.
type choice struct{ Value, Label string }

var (
	caseOptions = []choice{
		{string(reimbursement.LeftEarly), "Chưa phục vụ đủ thời gian cam kết"},
		{string(reimbursement.QuitDuringTraining), "Bỏ học, thôi việc trong thời gian đào tạo (100%)"},
		{string(reimbursement.NoDegree), "Không được cấp văn bằng tốt nghiệp (100%)"},
		{string(reimbursement.Dismissed), "Bị kỷ luật buộc thôi việc (Nghị định 171/2025/NĐ-CP)"},
	}
	multiplierOptions = []choice{
		{"2", "2 lần thời gian đào tạo — Nghị định 101/2017/NĐ-CP"},
		{"3", "3 lần thời gian đào tạo — Nghị định 171/2025/NĐ-CP"},
	}
	roundingOptions = []choice{
		{string(reimbursement.RoundHalfUp), "Từ 15 ngày trở lên tính 1 tháng (mặc định)"},
		{string(reimbursement.RoundFloor), "Bỏ số ngày lẻ"},
		{string(reimbursement.RoundCeil), "Có ngày lẻ là tính 1 tháng"},
	}
)

// reimbursementValues are the preview form's fields as typed, so that a
// form shown again keeps what the person wrote.
type reimbursementValues struct {
	Case, CostVND, TrainingMonths, TrainingDays, Multiplier, ServedMonths, ServedDays string
	MonthRounding, PriorServiceYears, ReductionPctPerYear                             string
}

type reimbursementPage struct {
	Values                        reimbursementValues
	Errors                        map[string]string
	Result                        *reimbursement.Result
	Steps, Notes                  []reimbursement.Step
	Cases, Multipliers, Roundings []choice
}

func (s *Server) reimbursementPage(c echo.Context) error {
	v := reimbursementValues{Case: string(reimbursement.LeftEarly), Multiplier: "2", MonthRounding: string(reimbursement.RoundHalfUp)}
	return s.renderReimbursement(c, http.StatusOK, reimbursementPage{Values: v}, "")
}

// reimbursementPreview computes the form's preview. The form posts with
// htmx and swaps #reimbursement, the form and its result together, so a
// mistake shows next to its field: an htmx request is answered 200 even
// when the input is invalid (htmx swaps no 4xx answer); a plain form post
// gets 400 with the whole page.
func (s *Server) reimbursementPreview(c echo.Context) error {
	v := reimbursementValues{Case: c.FormValue("case"), CostVND: c.FormValue("cost_vnd"), TrainingMonths: c.FormValue("training_months"),
		TrainingDays: c.FormValue("training_days"), Multiplier: c.FormValue("multiplier"), ServedMonths: c.FormValue("served_months"),
		ServedDays: c.FormValue("served_days"), MonthRounding: c.FormValue("month_rounding"),
		PriorServiceYears: c.FormValue("prior_service_years"), ReductionPctPerYear: c.FormValue("reduction_pct_per_year")}
	p := domain.Problems{}
	res, err := reimbursement.Preview(v.input(p))
	if err = withProblems(p, err); err != nil {
		return s.formFailed(c, err, func(status int, fields map[string]string, msg string) error {
			if c.Request().Header.Get("HX-Request") == "true" {
				status = http.StatusOK
			}
			return s.renderReimbursement(c, status, reimbursementPage{Values: v, Errors: fields}, msg)
		})
	}
	return s.renderReimbursement(c, http.StatusOK, reimbursementPage{Values: v, Result: &res}, "")
}

func (s *Server) renderReimbursement(c echo.Context, status int, d reimbursementPage, msg string) error {
	d.Cases, d.Multipliers, d.Roundings = caseOptions, multiplierOptions, roundingOptions
	if d.Result != nil {
		for _, st := range d.Result.Steps {
			if st.Label == reimbursement.NoteLabel {
				d.Notes = append(d.Notes, st)
			} else {
				d.Steps = append(d.Steps, st)
			}
		}
	}
	v := s.newView(c, "Tính trước chi phí đền bù đào tạo", d)
	v.Error = msg
	return s.renderView(c, status, "reimbursement_preview", v)
}

// input reads the typed values, recording in p the fields that are not
// numbers; those count as 0 for the rest of the checks.
func (v reimbursementValues) input(p domain.Problems) reimbursement.Input {
	return reimbursement.Input{Case: reimbursement.Case(v.Case), CostVND: parseFormVND(p, "cost_vnd", v.CostVND),
		TrainingMonths: parseFormInt(p, "training_months", v.TrainingMonths), TrainingDays: parseFormInt(p, "training_days", v.TrainingDays),
		Multiplier: parseFormInt(p, "multiplier", v.Multiplier), ServedMonths: parseFormInt(p, "served_months", v.ServedMonths),
		ServedDays: parseFormInt(p, "served_days", v.ServedDays), Rounding: reimbursement.Rounding(v.MonthRounding),
		PriorServiceYears: parseFormInt(p, "prior_service_years", v.PriorServiceYears), ReductionPctPerYear: parseFormDecimal(p, "reduction_pct_per_year", v.ReductionPctPerYear)}
}

// parseFormVND reads an amount in đồng as people write it: 100.000.000,
// 100 000 000 or 100000000 ₫. Empty is 0.
func parseFormVND(p domain.Problems, field, s string) int64 {
	s = strings.NewReplacer(".", "", " ", "", "\u00a0", "", "₫", "", "đ", "").Replace(strings.TrimSpace(s))
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		p.Add(field, "Nhập số tiền bằng chữ số, ví dụ 100.000.000.")
	}
	return n
}

// parseFormInt reads a whole number; empty is 0.
func parseFormInt(p domain.Problems, field, s string) int {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		p.Add(field, "Nhập một số nguyên.")
	}
	return n
}

// parseFormDecimal reads a decimal written with a comma or a point; empty is 0.
func parseFormDecimal(p domain.Problems, field, s string) float64 {
	s = strings.ReplaceAll(strings.TrimSpace(s), ",", ".")
	if s == "" {
		return 0
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		p.Add(field, "Nhập một số, ví dụ 1,0 hoặc 1,5.")
	}
	return f
}
