package domain_test

import (
	"testing"

	"daotao/domain"
	"daotao/events"
)

var finance = events.Actor{UserID: "u-stc", Username: "taichinh", Role: string(domain.RoleFinance)}

// course is a class led by the officer's agency: 40 people, 5,000,000 ₫ each.
func course() domain.CourseCost {
	return domain.CourseCost{CourseID: "course-1", LeadAgency: "so_noi_vu", Title: "Lớp quản trị địa phương", Year: 2026,
		Participants: 40, PerPersonVND: 5_000_000, TotalVND: 200_000_000}
}

// givenBudget returns a budget rebuilt from events.
func givenBudget(es ...events.Payload) *domain.Budget {
	b := &domain.Budget{}
	for i, e := range es {
		b.Apply(uint64(i+1), e)
	}
	return b
}

func submitted(t *testing.T) *events.BudgetSubmitted {
	t.Helper()
	e, err := (&domain.Budget{}).SubmitBudget(course(), "", officer)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestBudgetAppraisal(t *testing.T) {
	t.Run("approve as sent", func(t *testing.T) {
		b := givenBudget(submitted(t))
		e, err := b.Appraise(finance, "approve", 0, "")
		if err != nil {
			t.Fatal(err)
		}
		if got := e.(*events.BudgetApproved).ApprovedVND; got != 200_000_000 {
			t.Errorf("approved %d, want the estimate 200,000,000", got)
		}
		b.Apply(2, e)
		if f, src, _ := b.CostPerPerson(); f != 5_000_000 || src != domain.CostApproved {
			t.Errorf("F = %d (%s), want 5,000,000 approved", f, src)
		}
	})
	t.Run("adjust with a reason", func(t *testing.T) {
		b := givenBudget(submitted(t))
		e, err := b.Appraise(finance, "adjust", 180_000_000, "Giảm chi phí thuê hội trường theo định mức.")
		if err != nil {
			t.Fatal(err)
		}
		b.Apply(2, e)
		v := b.View()
		if v.Status != domain.BudgetApproved || v.ApprovedVND != 180_000_000 || !v.Adjusted {
			t.Errorf("view %+v", v)
		}
		if f, src, _ := b.CostPerPerson(); f != 4_500_000 || src != domain.CostApproved {
			t.Errorf("F = %d (%s), want 4,500,000 approved", f, src)
		}
	})
	t.Run("return, then send again", func(t *testing.T) {
		b := givenBudget(submitted(t))
		e, err := b.Appraise(finance, "return", 0, "Thiếu thuyết minh chi phí đi lại.")
		if err != nil {
			t.Fatal(err)
		}
		b.Apply(2, e)
		if b.Status() != domain.BudgetReturned {
			t.Fatalf("status %s", b.Status())
		}
		if _, err := b.Appraise(finance, "approve", 0, ""); domain.KindOf(err) != domain.KindConflict {
			t.Errorf("approve a returned estimate: %v, want a conflict", err)
		}
		again, err := b.SubmitBudget(course(), "Đã bổ sung thuyết minh.", officer)
		if err != nil {
			t.Fatal(err)
		}
		b.Apply(3, again)
		if b.Status() != domain.BudgetSubmitted {
			t.Errorf("status %s after sending again", b.Status())
		}
	})
}

func TestBudgetRefuses(t *testing.T) {
	b := givenBudget(submitted(t))
	tests := []struct {
		name   string
		err    func() error
		kind   domain.Kind
		fields []string
	}{
		{"agency may not appraise", func() error { _, err := b.Appraise(officer, "approve", 0, ""); return err }, domain.KindForbidden, nil},
		{"adjust without a reason", func() error { _, err := b.Appraise(finance, "adjust", 1, ""); return err }, domain.KindInvalid, []string{"reason"}},
		{"adjust without an amount", func() error { _, err := b.Appraise(finance, "adjust", 0, "Lý do"); return err }, domain.KindInvalid, []string{"approved_vnd"}},
		{"return without a reason", func() error { _, err := b.Appraise(finance, "return", 0, " "); return err }, domain.KindInvalid, []string{"reason"}},
		{"send twice", func() error { _, err := b.SubmitBudget(course(), "", officer); return err }, domain.KindConflict, nil},
		{"another agency's course", func() error { _, err := (&domain.Budget{}).SubmitBudget(course(), "", stranger); return err }, domain.KindNotFound, nil},
		{"finance may not send", func() error { _, err := (&domain.Budget{}).SubmitBudget(course(), "", finance); return err }, domain.KindForbidden, nil},
		{"no estimate", func() error {
			c := course()
			c.PerPersonVND, c.TotalVND, c.Participants = 0, 0, 0
			_, err := (&domain.Budget{}).SubmitBudget(c, "", officer)
			return err
		}, domain.KindInvalid, []string{"per_person_vnd", "total_vnd", "participants"}},
		{"actual before approval", func() error {
			c := course()
			c.Finished = true
			_, err := b.RecordActual(c, 1, 1, "", officer)
			return err
		}, domain.KindConflict, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantError(t, tt.err(), tt.kind, tt.fields...) })
	}
}

// TestBudgetActual: the actual cost per person is F once recorded, after
// the course, and a later record corrects it.
func TestBudgetActual(t *testing.T) {
	b := givenBudget(submitted(t), &events.BudgetApproved{ApprovedVND: 200_000_000})
	c := course()
	if _, err := b.RecordActual(c, 190_000_000, 38, "", officer); domain.KindOf(err) != domain.KindConflict {
		t.Errorf("before the course is over: %v, want a conflict", err)
	}
	c.Finished = true
	if _, err := b.RecordActual(c, 190_000_000, 38, "", stranger); domain.KindOf(err) != domain.KindNotFound {
		t.Errorf("another agency: %v, want not found", err)
	}
	wantError(t, func() error { _, err := b.RecordActual(c, 0, 0, "", officer); return err }(), domain.KindInvalid, "actual_vnd", "participants")
	e, err := b.RecordActual(c, 190_000_000, 38, "Quyết toán số 12/QT", officer)
	if err != nil {
		t.Fatal(err)
	}
	b.Apply(3, e)
	if f, src, _ := b.CostPerPerson(); f != 5_000_000 || src != domain.CostActual {
		t.Errorf("F = %d (%s), want 5,000,000 actual", f, src)
	}
	e, _ = b.RecordActual(c, 100_000_000, 3, "", officer)
	b.Apply(4, e)
	if f, _, _ := b.CostPerPerson(); f != 33_333_333 {
		t.Errorf("F = %d after correction, want 33,333,333 (rounded to the đồng)", f)
	}
}
