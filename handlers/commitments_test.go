package handlers_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"daotao/domain"
	"daotao/domain/reimbursement"
	"daotao/events"
)

// moneyWorld is a world with Sở Tài chính, the IT department's officer and
// an approved 24-month master's of one of its officials (a viên chức:
// Decree 101/2017, 2×) at 100,000,000 ₫.
type moneyWorld struct {
	*world
	finance, sttt string // tokens
	officer       string
	master        string // the approved postgraduate nomination
}

func newMoneyWorld(t *testing.T) *moneyWorld {
	t.Helper()
	w := &moneyWorld{world: newWorld(t)}
	w.finance = w.user(t, "taichinh", domain.RoleFinance, "")
	w.sttt = w.user(t, "sotttt", domain.RoleAgency, itAgency)
	w.officer = w.official(t, w.sttt, itOfficial(0))
	w.master = w.approvedMaster(t, w.officer)
	return w
}

// approvedMaster drafts the IT department's master's for official, costing
// 100,000,000 ₫, and takes it through the whole approval chain.
func (w *moneyWorld) approvedMaster(t *testing.T, official string) string {
	t.Helper()
	id := w.nomination(t, w.sttt, with(postgradOnQuota(official), "cost_estimate_vnd", 100_000_000))
	w.do(t, w.sttt, http.MethodPost, nomPath(id, "submit"), nil).want(t, http.StatusOK)
	for range 4 {
		v := w.view(t, w.council, id)
		if v.Status == domain.StatusApproved {
			return id
		}
		w.do(t, w.stageToken(t, id), http.MethodPost, nomPath(id, "approve"), map[string]string{"reason": ""}).want(t, http.StatusOK)
	}
	t.Fatalf("nomination %s not approved after the chain", id)
	return ""
}

// advanceTo moves the clock to 10:00 in Hà Nội on the day and logs
// everyone in again: sessions end after 12 hours.
func (w *moneyWorld) advanceTo(t *testing.T, y int, m time.Month, d int) {
	t.Helper()
	w.clock.Advance(time.Date(y, m, d, 3, 0, 0, 0, time.UTC).Sub(w.clock.Now()))
	w.admin, w.council, w.auditor = w.login(t, "quantri"), w.login(t, "hoidong"), w.login(t, "kiemtra")
	w.yte, w.tamky, w.sttt = w.login(t, "soyte"), w.login(t, "tamky"), w.login(t, "sotttt")
	w.homeAffairs, w.standing, w.finance = w.login(t, "sonoivu"), w.login(t, "thuongtruc"), w.login(t, "taichinh")
}

func (w *moneyWorld) commitment(t *testing.T, token, id string) domain.CommitmentView {
	t.Helper()
	var v domain.CommitmentView
	w.do(t, token, http.MethodGet, "/api/v1/commitments/"+id, nil).want(t, http.StatusOK).into(t, &v)
	return v
}

func (w *moneyWorld) reimbursementCase(t *testing.T, token, id string) reimbursement.CaseView {
	t.Helper()
	var v reimbursement.CaseView
	w.do(t, token, http.MethodGet, "/api/v1/reimbursements/"+id, nil).want(t, http.StatusOK).into(t, &v)
	return v
}

// lastEvent returns the last event on subject.
func (a *app) lastEvent(t *testing.T, subject string) events.Recorded {
	t.Helper()
	recs, err := a.store.Load(t.Context(), subject)
	if err != nil || len(recs) == 0 {
		t.Fatalf("load %s: %d events, %v", subject, len(recs), err)
	}
	return recs[len(recs)-1]
}

// TestCommitmentAndCaseLifecycle runs the worked example through the API:
// degree on 15/09/2028 opens a 48-month commitment; leaving on 15/05/2030
// (T2 = 20) opens a case of 58,333,333 ₫ and closes the commitment in one
// atomic batch; the council reduces it by 5 × 1%; Sở Nội vụ decides; Sở
// Tài chính records two instalments and refuses an overpayment.
func TestCommitmentAndCaseLifecycle(t *testing.T) {
	w := newMoneyWorld(t)
	open := map[string]string{"nomination_id": w.master, "completed_on": "2028-09-15"}
	w.refused(t, w.sttt, http.MethodPost, "/api/v1/commitments", open, http.StatusBadRequest, "invalid").naming(t, "completed_on") // not yet
	w.advanceTo(t, 2030, time.July, 2)
	open = map[string]string{"nomination_id": w.master, "completed_on": "2028-09-15"}
	w.refused(t, w.council, http.MethodPost, "/api/v1/commitments", open, http.StatusForbidden, "forbidden")
	w.refused(t, w.yte, http.MethodPost, "/api/v1/commitments", open, http.StatusNotFound, "not_found")
	w.refused(t, w.sttt, http.MethodPost, "/api/v1/commitments", map[string]string{"nomination_id": w.master, "completed_on": "15/09/2028"},
		http.StatusBadRequest, "invalid").naming(t, "completed_on")
	w.refused(t, w.sttt, http.MethodPost, "/api/v1/commitments", map[string]string{}, http.StatusBadRequest, "invalid").naming(t, "nomination_id")
	created(t, w.do(t, w.sttt, http.MethodPost, "/api/v1/commitments", open))
	w.refused(t, w.homeAffairs, http.MethodPost, "/api/v1/commitments", open, http.StatusConflict, "invalid_transition")

	com := w.commitment(t, w.sttt, w.master)
	if com.RequiredMonths != 48 || com.Multiplier != 2 || com.RuleSet != "nd101-2017/vc" || com.CostVND != 100_000_000 || com.CostSource != domain.CostEstimate {
		t.Errorf("commitment %+v; want 48 months (2 × 24, nd101-2017/vc), F 100,000,000 from the estimate", com)
	}
	w.refused(t, w.yte, http.MethodGet, "/api/v1/commitments/"+w.master, nil, http.StatusNotFound, "not_found")
	if got := w.do(t, w.yte, http.MethodGet, "/api/v1/commitments", nil).list(t); len(got) != 0 {
		t.Errorf("another agency lists %d commitments", len(got))
	}

	left := map[string]string{"nomination_id": w.master, "case": "left_early", "event_date": "2030-05-15", "reason": "Xin thôi việc để chuyển công tác ngoài tỉnh"}
	w.refused(t, w.council, http.MethodPost, "/api/v1/reimbursements", left, http.StatusForbidden, "forbidden")
	w.refused(t, w.yte, http.MethodPost, "/api/v1/reimbursements", left, http.StatusNotFound, "not_found")
	w.refused(t, w.sttt, http.MethodPost, "/api/v1/reimbursements", with(mapOf(left), "case", "retired", "reason", ""), http.StatusBadRequest, "invalid").
		naming(t, "case", "reason")
	w.refused(t, w.sttt, http.MethodPost, "/api/v1/reimbursements", with(mapOf(left), "case", "no_degree"), http.StatusUnprocessableEntity, "degree_awarded")
	before := w.lastSeq(t)
	r := w.do(t, w.sttt, http.MethodPost, "/api/v1/reimbursements", left, "Idempotency-Key", "case-1")
	created(t, r)
	if again := w.do(t, w.sttt, http.MethodPost, "/api/v1/reimbursements", left, "Idempotency-Key", "case-1"); again.status != http.StatusCreated || w.lastSeq(t) != before+2 {
		t.Errorf("a repeat: %d, %d events; want 201 and the 2 events of the first", again.status, w.lastSeq(t)-before)
	}
	opened := w.lastEvent(t, events.Subject(events.AggregateReimbursement, w.master))
	closedCom := w.lastEvent(t, events.Subject(events.AggregateCommitment, w.master))
	if opened.Type != events.TypeReimbursementOpened || opened.Actor.Username != "sotttt" || closedCom.Type != events.TypeCommitmentClosed || closedCom.CausationID != opened.ID {
		t.Errorf("events %s by %s and %s caused by %s; want the case and the commitment's closing in one batch", opened.Type, opened.Actor.Username, closedCom.Type, closedCom.CausationID)
	}
	v := w.reimbursementCase(t, w.sttt, w.master)
	if v.T1Months != 48 || v.T2Months != 20 || v.BeforeReductionVND != 58_333_333 || v.Status != reimbursement.StatusOpened || v.CostSource != domain.CostEstimate {
		t.Errorf("case %+v; want T1 48, T2 20, S 58,333,333, opened, F from the estimate", v)
	}
	if !strings.Contains(joinSteps(v.AmountSteps), "Chưa có quyết toán và dự toán chưa được thẩm định") {
		t.Errorf("the steps do not say where F came from:\n%s", joinSteps(v.AmountSteps))
	}
	if c := w.commitment(t, w.sttt, w.master); c.Status != domain.CommitmentBroken || c.CaseID != w.master || c.ServedMonths != 20 {
		t.Errorf("commitment after the case: %+v", c)
	}

	path := "/api/v1/reimbursements/" + w.master
	w.refused(t, w.council, http.MethodPost, path+"/decide", map[string]string{"decision_ref": "QĐ 1", "decided_on": "2030-06-01"}, http.StatusForbidden, "forbidden")
	w.refused(t, w.homeAffairs, http.MethodPost, path+"/decide", map[string]string{"decision_ref": "QĐ 1", "decided_on": "2030-06-01"}, http.StatusConflict, "invalid_transition")
	w.refused(t, w.council, http.MethodPost, path+"/recommend", map[string]any{"prior_service_years": 5, "reduction_pct_per_year": 2}, http.StatusBadRequest, "invalid").
		naming(t, "reduction_pct_per_year")
	w.refused(t, w.council, http.MethodPost, path+"/recommend", map[string]any{"prior_service_years": 5, "reduction_pct_per_year": 1}, http.StatusConflict, "precondition_failed", "If-Match", "1")
	w.do(t, w.council, http.MethodPost, path+"/recommend", map[string]any{"prior_service_years": 5, "reduction_pct_per_year": 1, "note": "Phiên họp tháng 5/2030"}).want(t, http.StatusOK)
	w.refused(t, w.homeAffairs, http.MethodPost, path+"/decide", map[string]string{"decision_ref": " "}, http.StatusBadRequest, "invalid").naming(t, "decision_ref", "decided_on")
	w.do(t, w.homeAffairs, http.MethodPost, path+"/decide", map[string]string{"decision_ref": "QĐ 125/QĐ-SNV", "decided_on": "2030-06-01"}).want(t, http.StatusOK)
	v = w.reimbursementCase(t, w.finance, w.master)
	if v.AmountVND != 55_416_666 || v.Decision == nil || v.Decision.DueOn != events.NewDate(2030, time.September, 29) {
		t.Errorf("decided case %+v; want 55,416,666 due 29/09/2030", v)
	}

	pay := func(amount int64, receipt string) map[string]any {
		return map[string]any{"amount_vnd": amount, "paid_on": "2030-07-01", "receipt_ref": receipt}
	}
	w.refused(t, w.sttt, http.MethodPost, path+"/payments", pay(1, "PT 1"), http.StatusForbidden, "forbidden")
	w.refused(t, w.finance, http.MethodPost, path+"/payments", pay(55_416_667, "PT 1"), http.StatusBadRequest, "invalid").naming(t, "amount_vnd")
	w.refused(t, w.finance, http.MethodPost, path+"/payments", map[string]any{"amount_vnd": "nhiều"}, http.StatusBadRequest, "invalid")
	if got := w.do(t, w.finance, http.MethodPost, path+"/payments", pay(30_000_000, "PT 01/2030")).want(t, http.StatusOK).object(t)["status"]; got != reimbursement.StatusDecided {
		t.Errorf("after the first instalment: %v", got)
	}
	w.refused(t, w.finance, http.MethodPost, path+"/payments", pay(25_416_667, "PT 02/2030"), http.StatusBadRequest, "invalid").naming(t, "amount_vnd")
	if got := w.do(t, w.finance, http.MethodPost, path+"/payments", pay(25_416_666, "PT 02/2030")).want(t, http.StatusOK).object(t)["status"]; got != reimbursement.StatusPaid {
		t.Errorf("after the second instalment: %v", got)
	}
	v = w.reimbursementCase(t, w.auditor, w.master)
	if v.PaidVND != 55_416_666 || v.OutstandingVND != 0 || len(v.Payments) != 2 {
		t.Errorf("paid case %+v", v)
	}
	if got := w.do(t, w.yte, http.MethodGet, "/api/v1/reimbursements", nil).list(t); len(got) != 0 {
		t.Errorf("another agency lists %d cases", len(got))
	}
	w.refused(t, w.yte, http.MethodGet, path, nil, http.StatusNotFound, "not_found")
	w.refused(t, w.finance, http.MethodGet, "/api/v1/reimbursements?status=late", nil, http.StatusBadRequest, "invalid").naming(t, "status")
}

// TestCaseOverdueAndWaiver: a case quit during training, decided on
// 01/02/2027, is not overdue on day 120 and is on day 121 (the clock is
// the input); Sở Nội vụ then waives what is owed.
func TestCaseOverdueAndWaiver(t *testing.T) {
	w := newMoneyWorld(t)
	path := "/api/v1/reimbursements/" + w.master
	w.advanceTo(t, 2027, time.January, 15)
	created(t, w.do(t, w.sttt, http.MethodPost, "/api/v1/reimbursements",
		map[string]string{"nomination_id": w.master, "case": "quit_during_training", "event_date": "2027-01-10", "reason": "Tự ý bỏ học"}))
	w.do(t, w.council, http.MethodPost, path+"/recommend", map[string]any{"prior_service_years": 0}).want(t, http.StatusOK)
	w.refused(t, w.homeAffairs, http.MethodPost, path+"/decide", map[string]string{"decision_ref": "QĐ 9/QĐ-SNV", "decided_on": "2027-02-01"},
		http.StatusBadRequest, "invalid").naming(t, "decided_on") // a day still to come
	w.advanceTo(t, 2027, time.March, 1)
	w.do(t, w.homeAffairs, http.MethodPost, path+"/decide", map[string]string{"decision_ref": "QĐ 9/QĐ-SNV", "decided_on": "2027-02-01"}).want(t, http.StatusOK)
	w.do(t, w.finance, http.MethodPost, path+"/payments", map[string]any{"amount_vnd": 40_000_000, "paid_on": "2027-03-01", "receipt_ref": "PT 5"}).want(t, http.StatusOK)

	w.advanceTo(t, 2027, time.June, 1) // day 120
	if v := w.reimbursementCase(t, w.finance, w.master); v.Overdue || v.Status != reimbursement.StatusDecided || v.OutstandingVND != 60_000_000 {
		t.Errorf("day 120: %+v", v)
	}
	w.advanceTo(t, 2027, time.June, 2) // day 121
	finance := w.finance
	v := w.reimbursementCase(t, finance, w.master)
	if !v.Overdue || v.Status != reimbursement.StatusOverdue || v.DaysOverdue != 1 {
		t.Errorf("day 121: %+v", v)
	}
	if got := w.do(t, finance, http.MethodGet, "/api/v1/reimbursements?status=overdue", nil).list(t); len(got) != 1 {
		t.Errorf("overdue list: %d cases", len(got))
	}
	w.advanceTo(t, 2027, time.June, 5)
	finance = w.finance
	home := w.homeAffairs
	w.refused(t, finance, http.MethodPost, path+"/waive", map[string]string{"decision_ref": "QĐ 30", "decided_on": "2027-06-05", "reason": "x"}, http.StatusForbidden, "forbidden")
	w.refused(t, home, http.MethodPost, path+"/waive", map[string]string{"decision_ref": "QĐ 30", "decided_on": "2027-06-05"}, http.StatusBadRequest, "invalid").naming(t, "reason")
	w.do(t, home, http.MethodPost, path+"/waive", map[string]string{"decision_ref": "QĐ 30/QĐ-UBND", "decided_on": "2027-06-05", "reason": "Hoàn cảnh đặc biệt khó khăn"}).want(t, http.StatusOK)
	v = w.reimbursementCase(t, finance, w.master)
	if v.Status != reimbursement.StatusWaived || v.Overdue || v.Waiver == nil || v.Waiver.WaivedVND != 60_000_000 {
		t.Errorf("waived: %+v", v)
	}
}

func mapOf(m map[string]string) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		out[k] = v
	}
	return out
}

func joinSteps(ss []events.MoneyStep) string {
	var b strings.Builder
	for _, s := range ss {
		b.WriteString(s.Label + " | " + s.Formula + " | " + s.Value + "\n")
	}
	return b.String()
}

// TestCommitmentServedInFull: a commitment closes as served once its 48
// months have passed, and no case can then be opened for leaving.
func TestCommitmentServedInFull(t *testing.T) {
	w := newMoneyWorld(t)
	w.advanceTo(t, 2028, time.October, 1)
	created(t, w.do(t, w.sttt, http.MethodPost, "/api/v1/commitments", map[string]string{"nomination_id": w.master, "completed_on": "2028-09-15"}))
	path := "/api/v1/commitments/" + w.master + "/complete"
	w.refused(t, w.sttt, http.MethodPost, path, nil, http.StatusConflict, "invalid_transition")
	w.advanceTo(t, 2032, time.September, 15)
	if v := w.commitment(t, w.homeAffairs, w.master); v.Status != domain.CommitmentServed || v.LeftMonths != 0 {
		t.Errorf("on the last day: %+v", v)
	}
	w.refused(t, w.yte, http.MethodPost, path, nil, http.StatusNotFound, "not_found")
	w.refused(t, w.finance, http.MethodPost, path, nil, http.StatusForbidden, "forbidden")
	w.do(t, w.sttt, http.MethodPost, path, nil).want(t, http.StatusOK)
	w.refused(t, w.homeAffairs, http.MethodPost, path, nil, http.StatusConflict, "invalid_transition")
	w.refused(t, w.sttt, http.MethodPost, "/api/v1/reimbursements", map[string]string{"nomination_id": w.master, "case": "left_early",
		"event_date": "2032-09-15", "reason": "Nghỉ hưu sớm"}, http.StatusUnprocessableEntity, "commitment_served")
	if got := w.lastEvent(t, events.Subject(events.AggregateCommitment, w.master)); got.Type != events.TypeCommitmentClosed || got.Actor.Username != "sotttt" {
		t.Errorf("last commitment event %s by %s", got.Type, got.Actor.Username)
	}
}

// TestConcurrentPaymentsNeverOverpay: ten instalments of 10,000,000 ₫ sent
// at once against 55,416,666 ₫ owed: each append expects the case's last
// sequence and a lost race is decided again on the winner's state (or
// answered 409 and retried by the client), so exactly five land and the
// other five are refused as overpayments.
func TestConcurrentPaymentsNeverOverpay(t *testing.T) {
	w := newMoneyWorld(t)
	w.advanceTo(t, 2030, time.July, 2)
	created(t, w.do(t, w.sttt, http.MethodPost, "/api/v1/commitments", map[string]string{"nomination_id": w.master, "completed_on": "2028-09-15"}))
	created(t, w.do(t, w.sttt, http.MethodPost, "/api/v1/reimbursements",
		map[string]string{"nomination_id": w.master, "case": "left_early", "event_date": "2030-05-15", "reason": "Thôi việc"}))
	path := "/api/v1/reimbursements/" + w.master
	w.do(t, w.council, http.MethodPost, path+"/recommend", map[string]any{"prior_service_years": 5, "reduction_pct_per_year": 1}).want(t, http.StatusOK)
	w.do(t, w.homeAffairs, http.MethodPost, path+"/decide", map[string]string{"decision_ref": "QĐ 7", "decided_on": "2030-06-01"}).want(t, http.StatusOK)
	var mu sync.Mutex
	codes := map[int]int{}
	var wg sync.WaitGroup
	for i := range 10 {
		wg.Go(func() {
			// A client retries a lost race (409 conflict) until it gets a
			// verdict: recorded, or refused as an overpayment.
			r := response{status: http.StatusConflict}
			for try := 0; try < 20 && r.status == http.StatusConflict; try++ {
				r = w.do(t, w.finance, http.MethodPost, path+"/payments",
					map[string]any{"amount_vnd": 10_000_000, "paid_on": "2030-07-01", "receipt_ref": fmt.Sprintf("PT %d", i)})
			}
			mu.Lock()
			codes[r.status]++
			mu.Unlock()
		})
	}
	wg.Wait()
	v := w.reimbursementCase(t, w.finance, w.master)
	if codes[http.StatusOK] != 5 || v.PaidVND != 50_000_000 || len(v.Payments) != 5 || v.OutstandingVND != 5_416_666 {
		t.Errorf("answers %v; paid %d in %d payments, owed %d; want 5 × 200 and 50,000,000 paid", codes, v.PaidVND, len(v.Payments), v.OutstandingVND)
	}
	if codes[http.StatusBadRequest] != 5 {
		t.Errorf("answers %v; want the other five refused as overpayments (400)", codes)
	}
	checkLog(t, w.app)
}

// TestCommitmentMultiplierByRuleSet: the multiplier is the one of the rule
// set in force when the commitment was signed (the approval): a công chức
// of Sở Xây dựng approved in June 2025 commits to 2× (Decree 101/2017), one
// approved in July 2025 to 3× (Decree 171/2025).
func TestCommitmentMultiplierByRuleSet(t *testing.T) {
	w := newMoneyWorld(t)
	w.user(t, "soxaydung", domain.RoleAgency, "so_xay_dung")
	sxd := func() string { return w.login(t, "soxaydung") }
	master := func(name string, commitment int, start, end string) string {
		token := sxd()
		official := w.official(t, token, with(officialBody("so_xay_dung"), "full_name", name, "field", "quy_hoach_do_thi"))
		id := w.nomination(t, token, with(nominationBody(official), "kind", "sau_dai_hoc", "content_code", nil, "title", "Thạc sĩ Quy hoạch vùng và đô thị",
			"start_date", start, "end_date", end, "quota_id", "pl2-2-so_xay_dung", "commitment_months", commitment, "cost_estimate_vnd", 100_000_000))
		w.do(t, token, http.MethodPost, nomPath(id, "submit"), nil).want(t, http.StatusOK)
		for i := 0; i < 4 && w.view(t, w.council, id).Status != domain.StatusApproved; i++ {
			w.do(t, w.stageToken(t, id), http.MethodPost, nomPath(id, "approve"), map[string]string{}).want(t, http.StatusOK)
		}
		return id
	}
	june := master("Phạm Văn Nam", 48, "2026-09-01", "2028-08-31")
	w.advanceTo(t, 2025, time.July, 2)
	july := master("Võ Thị Hạnh", 72, "2026-09-01", "2028-08-31")
	w.advanceTo(t, 2028, time.October, 1)
	for _, tc := range []struct {
		id, ruleSet    string
		multiplier, t1 int
	}{{june, "nd101-2017/cbcc", 2, 48}, {july, "nd171-2025/cbcc", 3, 72}} {
		token := sxd()
		created(t, w.do(t, token, http.MethodPost, "/api/v1/commitments", map[string]string{"nomination_id": tc.id, "completed_on": "2028-09-20"}))
		if v := w.commitment(t, token, tc.id); v.RuleSet != tc.ruleSet || v.Multiplier != tc.multiplier || v.RequiredMonths != tc.t1 {
			t.Errorf("commitment of %s: rule set %s, %d×, T1 %d; want %s, %d×, %d", tc.id, v.RuleSet, v.Multiplier, v.RequiredMonths, tc.ruleSet, tc.multiplier, tc.t1)
		}
	}
}
