package reimbursement_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"daotao/domain"
	"daotao/domain/reimbursement"
	"daotao/events"
)

var (
	agencyOfficer = events.Actor{UserID: "u-1", Username: "soyte", Role: string(domain.RoleAgency), Agency: "so_y_te"}
	otherAgency   = events.Actor{UserID: "u-2", Username: "tamky", Role: string(domain.RoleAgency), Agency: "ubnd_tam_ky"}
	councilActor  = events.Actor{UserID: "u-3", Username: "hoidong", Role: string(domain.RoleCouncil)}
	homeAffairs   = events.Actor{UserID: "u-4", Username: "sonoivu", Role: string(domain.RoleHomeAffairs)}
	financeActor  = events.Actor{UserID: "u-5", Username: "taichinh", Role: string(domain.RoleFinance)}
)

// later is "today" in the tests: after every date they use.
var later = events.NewDate(2035, time.January, 1)

func date(y, m, d int) events.Date { return events.NewDate(y, time.Month(m), d) }

// training is the worked example: a state-funded 24-month master's at
// F = 100,000,000 ₫ (actual cost), signed under Decree 101/2017 (2×).
func training() domain.FundedTraining {
	return domain.FundedTraining{NominationID: "nom-1", OfficialID: "off-1", AgencyCode: "so_y_te", Title: "Thạc sĩ Y tế công cộng",
		Kind: domain.KindPostgraduate, Approved: true, Start: date(2025, 9, 1), End: date(2027, 8, 31), Months: 24,
		SignedOn: date(2025, 6, 20), RuleSet: "nd101-2017/cbcc", Multiplier: 2, CostVND: 100_000_000, CostSource: domain.CostActual}
}

// commitment is the worked example's commitment, served from 01/09/2027.
func commitment(t *testing.T) *domain.Commitment {
	t.Helper()
	e, err := domain.NewCommitment("nom-1", training(), domain.OpenCommitment{Today: later, CompletedOn: date(2027, 9, 1)}, agencyOfficer)
	if err != nil {
		t.Fatal(err)
	}
	c := &domain.Commitment{}
	c.Apply(1, &e)
	return c
}

func open(t *testing.T, com *domain.Commitment, cmd reimbursement.OpenCase) (events.ReimbursementOpened, *events.CommitmentClosed) {
	t.Helper()
	e, closed, err := reimbursement.NewCase("nom-1", training(), com, cmd, agencyOfficer)
	if err != nil {
		t.Fatalf("open %s: %v", cmd.Case, err)
	}
	return e, closed
}

func steps(ss []events.MoneyStep) string {
	var b strings.Builder
	for _, s := range ss {
		b.WriteString(s.Label + " | " + s.Formula + " | " + s.Value + "\n")
	}
	return b.String()
}

// TestCaseWorkedExample: 24-month master's, F = 100,000,000 ₫, left after
// T2 = 20 months of a 2× commitment: S = 58,333,333 ₫ before reduction.
func TestCaseWorkedExample(t *testing.T) {
	com := commitment(t)
	e, closed := open(t, com, reimbursement.OpenCase{Today: later, Case: reimbursement.LeftEarly, EventDate: date(2029, 5, 1), Reason: "Xin thôi việc"})
	if e.T1Months != 48 || e.T2Months != 20 || e.BeforeReductionVND != 58_333_333 {
		t.Errorf("T1 %d, T2 %d, S %d; want 48, 20, 58,333,333", e.T1Months, e.T2Months, e.BeforeReductionVND)
	}
	all := steps(e.Steps)
	for _, want := range []string{"S = F / T1 × (T1 − T2) = 100.000.000 / 48 × 28", "Nguồn số liệu F | Chi phí thực tế",
		"Từ ngày bắt đầu phục vụ 01/09/2027 đến ngày 01/05/2029", "Số tiền trước giảm trừ (S) | Giảm trừ theo Điều 9 do Hội đồng xét đền bù đề xuất ở bước sau | 58.333.333 ₫"} {
		if !strings.Contains(all, want) {
			t.Errorf("steps lack %q:\n%s", want, all)
		}
	}
	if closed == nil || closed.Outcome != domain.CommitmentBroken || closed.CaseID != "nom-1" || closed.ServedMonths != 20 {
		t.Errorf("commitment closing %+v", closed)
	}
}

// TestCaseTriggers: each trigger opens a case with its amount, and is
// refused where it does not fit.
func TestCaseTriggers(t *testing.T) {
	t.Run("quit during training: 100%", func(t *testing.T) {
		e, closed := open(t, nil, reimbursement.OpenCase{Today: later, Case: reimbursement.QuitDuringTraining, EventDate: date(2026, 3, 1), Reason: "Tự ý bỏ học"})
		if e.BeforeReductionVND != 100_000_000 || closed != nil {
			t.Errorf("S %d, closing %+v; want 100,000,000 and none", e.BeforeReductionVND, closed)
		}
	})
	t.Run("no degree: 100%", func(t *testing.T) {
		tr := training()
		tr.Degree = domain.DegreeNotAwarded
		e, _, err := reimbursement.NewCase("nom-1", tr, nil, reimbursement.OpenCase{Today: later, Case: reimbursement.NoDegree, EventDate: date(2027, 9, 10), Reason: "Không bảo vệ luận văn"}, agencyOfficer)
		if err != nil || e.BeforeReductionVND != 100_000_000 {
			t.Errorf("S %d, %v; want 100,000,000", e.BeforeReductionVND, err)
		}
	})
	t.Run("dismissed: the formula", func(t *testing.T) {
		e, closed := open(t, commitment(t), reimbursement.OpenCase{Today: later, Case: reimbursement.Dismissed, EventDate: date(2029, 5, 1), Reason: "Kỷ luật buộc thôi việc"})
		if e.BeforeReductionVND != 58_333_333 || closed == nil {
			t.Errorf("S %d, closing %+v", e.BeforeReductionVND, closed)
		}
	})
	t.Run("3× under Decree 171/2025", func(t *testing.T) {
		tr := training()
		tr.Multiplier, tr.RuleSet = 3, "nd171-2025/cbcc"
		o, err := domain.NewCommitment("nom-1", tr, domain.OpenCommitment{Today: later, CompletedOn: date(2027, 9, 1)}, agencyOfficer)
		if err != nil {
			t.Fatal(err)
		}
		com := &domain.Commitment{}
		com.Apply(1, &o)
		e, _, err := reimbursement.NewCase("nom-1", tr, com, reimbursement.OpenCase{Today: later, Case: reimbursement.LeftEarly, EventDate: date(2029, 5, 1), Reason: "Nghỉ việc"}, agencyOfficer)
		if err != nil || e.T1Months != 72 || e.BeforeReductionVND != 72_222_222 {
			t.Errorf("T1 %d, S %d, %v; want 72, 72,222,222", e.T1Months, e.BeforeReductionVND, err)
		}
	})
	refusals := []struct {
		name   string
		com    bool
		change func(*domain.FundedTraining)
		cmd    reimbursement.OpenCase
		actor  events.Actor
		kind   domain.Kind
		code   string
	}{
		{"council may not open", false, nil, reimbursement.OpenCase{Today: later, Case: reimbursement.QuitDuringTraining, EventDate: date(2026, 3, 1), Reason: "x"}, councilActor, domain.KindForbidden, "forbidden"},
		{"another agency's official", false, nil, reimbursement.OpenCase{Today: later, Case: reimbursement.QuitDuringTraining, EventDate: date(2026, 3, 1), Reason: "x"}, otherAgency, domain.KindNotFound, "not_found"},
		{"quit after training", false, nil, reimbursement.OpenCase{Today: later, Case: reimbursement.QuitDuringTraining, EventDate: date(2028, 3, 1), Reason: "x"}, agencyOfficer, domain.KindInvalid, "invalid"},
		{"left early without a commitment", false, nil, reimbursement.OpenCase{Today: later, Case: reimbursement.LeftEarly, EventDate: date(2028, 3, 1), Reason: "x"}, agencyOfficer, domain.KindUnprocessable, "no_commitment"},
		{"no degree with a degree", true, nil, reimbursement.OpenCase{Today: later, Case: reimbursement.NoDegree, EventDate: date(2027, 9, 1), Reason: "x"}, agencyOfficer, domain.KindUnprocessable, "degree_awarded"},
		{"left after serving in full", true, nil, reimbursement.OpenCase{Today: later, Case: reimbursement.LeftEarly, EventDate: date(2031, 9, 1), Reason: "x"}, agencyOfficer, domain.KindUnprocessable, "commitment_served"},
		{"refresher course", false, func(t *domain.FundedTraining) { t.Kind = domain.KindRefresher }, reimbursement.OpenCase{Today: later, Case: reimbursement.QuitDuringTraining, EventDate: date(2026, 3, 1), Reason: "x"}, agencyOfficer, domain.KindUnprocessable, "not_postgraduate"},
		{"a day to come", false, nil, reimbursement.OpenCase{Today: date(2026, 2, 1), Case: reimbursement.QuitDuringTraining, EventDate: date(2026, 3, 1), Reason: "x"}, agencyOfficer, domain.KindInvalid, "invalid"},
		{"self-funded", false, func(t *domain.FundedTraining) { t.CostVND = 0 }, reimbursement.OpenCase{Today: later, Case: reimbursement.QuitDuringTraining, EventDate: date(2026, 3, 1), Reason: "x"}, agencyOfficer, domain.KindUnprocessable, "not_state_funded"},
		{"unknown case, no date, no reason", false, nil, reimbursement.OpenCase{Today: later, Case: "retired"}, agencyOfficer, domain.KindInvalid, "invalid"},
	}
	for _, tt := range refusals {
		t.Run(tt.name, func(t *testing.T) {
			tr := training()
			if tt.change != nil {
				tt.change(&tr)
			}
			var com *domain.Commitment
			if tt.com {
				com = commitment(t)
			}
			_, _, err := reimbursement.NewCase("nom-1", tr, com, tt.cmd, tt.actor)
			var de *domain.Error
			if !errors.As(err, &de) || de.Kind != tt.kind || de.Code != tt.code {
				t.Errorf("err = %v, want kind %d code %s", err, tt.kind, tt.code)
			}
		})
	}
}

// givenCase returns the worked example's case after the events.
func givenCase(t *testing.T, es ...events.Payload) *reimbursement.ReimbursementCase {
	t.Helper()
	e, _ := open(t, commitment(t), reimbursement.OpenCase{Today: later, Case: reimbursement.LeftEarly, EventDate: date(2029, 5, 1), Reason: "Xin thôi việc"})
	c := &reimbursement.ReimbursementCase{}
	c.Apply(1, &e)
	for i, p := range es {
		c.Apply(uint64(i+2), p)
	}
	return c
}

// TestCaseLifecycle: opened → recommended (5 years at 1%) → decided
// (due in 120 days) → two instalments → paid; an overpayment is refused.
func TestCaseLifecycle(t *testing.T) {
	c := givenCase(t)
	if _, err := c.Decide(homeAffairs, "QĐ 1/QĐ-SNV", date(2029, 6, 1), later); domain.KindOf(err) != domain.KindConflict {
		t.Errorf("decide before the recommendation: %v, want a conflict", err)
	}
	if _, err := c.Recommend(agencyOfficer, reimbursement.Recommend{PriorServiceYears: 5, ReductionPctPerYear: 1}, 1); domain.KindOf(err) != domain.KindForbidden {
		t.Errorf("agency recommends: %v, want forbidden", err)
	}
	if _, err := c.Recommend(councilActor, reimbursement.Recommend{PriorServiceYears: 5, ReductionPctPerYear: 1.5}, 1); domain.KindOf(err) != domain.KindInvalid {
		t.Errorf("1.5%% for an official allowed 1%%: %v, want invalid", err)
	}
	rec, err := c.Recommend(councilActor, reimbursement.Recommend{PriorServiceYears: 5, ReductionPctPerYear: 1, Note: "Phiên họp 3/2029"}, 1)
	if err != nil {
		t.Fatal(err)
	}
	if rec.AmountVND != 55_416_666 || !strings.Contains(steps(rec.Steps), "1,0% × 5 năm = 5,0%") {
		t.Errorf("recommended %d; want 55,416,666 with the reduction step:\n%s", rec.AmountVND, steps(rec.Steps))
	}
	c.Apply(2, rec)
	if _, err := c.Decide(councilActor, "QĐ 1", date(2029, 6, 1), later); domain.KindOf(err) != domain.KindForbidden {
		t.Errorf("council decides: %v, want forbidden", err)
	}
	wantInvalid(t, func() error { _, err := c.Decide(homeAffairs, "", events.Date{}, later); return err }(), "decision_ref", "decided_on")
	dec, err := c.Decide(homeAffairs, "QĐ 15/QĐ-SNV", date(2029, 6, 1), later)
	if err != nil {
		t.Fatal(err)
	}
	if dec.DueOn != date(2029, 9, 29) || dec.AmountVND != 55_416_666 {
		t.Errorf("due %s, amount %d; want 2029-09-29 (120 days), 55,416,666", dec.DueOn, dec.AmountVND)
	}
	c.Apply(3, dec)
	if _, err := c.Pay(agencyOfficer, 1, date(2029, 7, 1), "PT 1", later); domain.KindOf(err) != domain.KindForbidden {
		t.Errorf("agency records a payment: %v, want forbidden", err)
	}
	wantInvalid(t, func() error { _, err := c.Pay(financeActor, 55_416_667, date(2029, 7, 1), "PT 1", later); return err }(), "amount_vnd")
	wantInvalid(t, func() error { _, err := c.Pay(financeActor, 0, date(2029, 5, 1), "", later); return err }(), "amount_vnd", "paid_on", "receipt_ref")
	p1, err := c.Pay(financeActor, 30_000_000, date(2029, 7, 1), "PT 01/2029", later)
	if err != nil {
		t.Fatal(err)
	}
	c.Apply(4, p1)
	if c.StatusOn(date(2029, 7, 2)) != reimbursement.StatusDecided || c.Outstanding() != 25_416_666 {
		t.Errorf("after the first instalment: %s, owed %d", c.StatusOn(date(2029, 7, 2)), c.Outstanding())
	}
	wantInvalid(t, func() error { _, err := c.Pay(financeActor, 25_416_667, date(2029, 8, 1), "PT 2", later); return err }(), "amount_vnd")
	p2, err := c.Pay(financeActor, 25_416_666, date(2029, 8, 1), "PT 02/2029", later)
	if err != nil {
		t.Fatal(err)
	}
	c.Apply(5, p2)
	v := c.View(date(2030, 1, 1))
	if v.Status != reimbursement.StatusPaid || v.PaidVND != 55_416_666 || v.OutstandingVND != 0 || len(v.Payments) != 2 || v.Overdue {
		t.Errorf("view %+v", v)
	}
	if _, err := c.Pay(financeActor, 1, date(2029, 8, 2), "PT 3", later); domain.KindOf(err) != domain.KindConflict {
		t.Errorf("pay a paid case: %v, want a conflict", err)
	}
	if _, err := c.Waive(homeAffairs, "QĐ 2", date(2029, 8, 2), "x", later); domain.KindOf(err) != domain.KindConflict {
		t.Errorf("waive a paid case: %v, want a conflict", err)
	}
}

// TestCaseOverdue: the due day is the 120th day after the decision; on
// day 121 with money owed the case is overdue, computed for the day asked.
func TestCaseOverdue(t *testing.T) {
	c := givenCase(t, &events.ReimbursementRecommended{AmountVND: 58_333_333},
		&events.ReimbursementDecided{DecisionRef: "QĐ 15", DecidedOn: date(2029, 6, 1), DueOn: date(2029, 9, 29), AmountVND: 58_333_333},
		&events.ReimbursementPaid{AmountVND: 8_333_333, PaidOn: date(2029, 7, 1), ReceiptRef: "PT 1"})
	decided := date(2029, 6, 1)
	if got := c.StatusOn(decided.AddDate(0, 0, 120)); got != reimbursement.StatusDecided {
		t.Errorf("day 120: %s, want decided", got)
	}
	v := c.View(decided.AddDate(0, 0, 121))
	if v.Status != reimbursement.StatusOverdue || !v.Overdue || v.DaysOverdue != 1 || v.OutstandingVND != 50_000_000 {
		t.Errorf("day 121: %+v, want overdue by 1 day with 50,000,000 owed", v)
	}
}

// TestCaseWaiver: a waiver needs Sở Nội vụ's decision reference and a
// reason, and waives what is still owed.
func TestCaseWaiver(t *testing.T) {
	c := givenCase(t, &events.ReimbursementRecommended{AmountVND: 58_333_333},
		&events.ReimbursementDecided{DecisionRef: "QĐ 15", DecidedOn: date(2029, 6, 1), DueOn: date(2029, 9, 29), AmountVND: 58_333_333},
		&events.ReimbursementPaid{AmountVND: 8_333_333, PaidOn: date(2029, 7, 1), ReceiptRef: "PT 1"})
	if _, err := c.Waive(financeActor, "QĐ 20", date(2029, 8, 1), "x", later); domain.KindOf(err) != domain.KindForbidden {
		t.Errorf("finance waives: %v, want forbidden", err)
	}
	wantInvalid(t, func() error {
		_, err := c.Waive(homeAffairs, "", date(2029, 8, 1), "Hoàn cảnh khó khăn", later)
		return err
	}(), "decision_ref")
	wantInvalid(t, func() error { _, err := c.Waive(homeAffairs, "QĐ 20", date(2029, 8, 1), "", later); return err }(), "reason")
	w, err := c.Waive(homeAffairs, "QĐ 20/QĐ-UBND", date(2029, 8, 1), "Hoàn cảnh đặc biệt khó khăn", later)
	if err != nil {
		t.Fatal(err)
	}
	if w.WaivedVND != 50_000_000 {
		t.Errorf("waived %d, want the 50,000,000 still owed", w.WaivedVND)
	}
	c.Apply(5, w)
	if v := c.View(date(2030, 1, 1)); v.Status != reimbursement.StatusWaived || v.Overdue || v.OutstandingVND != 0 || v.Waiver.DecisionRef != "QĐ 20/QĐ-UBND" {
		t.Errorf("view %+v", v)
	}
}

func wantInvalid(t *testing.T, err error, fields ...string) {
	t.Helper()
	var de *domain.Error
	if !errors.As(err, &de) || de.Kind != domain.KindInvalid {
		t.Fatalf("err = %v, want invalid", err)
	}
	for _, f := range fields {
		if de.Fields[f] == "" {
			t.Errorf("no message for %s in %v", f, de.Fields)
		}
	}
	if len(de.Fields) != len(fields) {
		t.Errorf("fields %v, want %v", de.Fields, fields)
	}
}
