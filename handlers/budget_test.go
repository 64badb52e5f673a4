package handlers_test

import (
	"net/http"
	"testing"

	"daotao/domain"
	"daotao/events"
	"daotao/projections"
)

func (a *app) budget(t *testing.T, token, course string) domain.BudgetView {
	t.Helper()
	var v domain.BudgetView
	a.do(t, token, http.MethodGet, "/api/v1/budgets/"+course, nil).want(t, http.StatusOK).into(t, &v)
	return v
}

// TestBudgetAppraisal: Sở Y tế sends its class's estimate (3 seats at
// 12,000,000 ₫); Sở Tài chính adjusts it to 30,000,000 ₫ with a reason;
// the actual cost is recorded once the course is over; another estimate
// is returned and sent again; the totals add up per agency and year.
func TestBudgetAppraisal(t *testing.T) {
	w := newWorld(t)
	finance := w.user(t, "taichinh", domain.RoleFinance, "")
	f := newCourseFixture(t, w)
	send := map[string]string{"course_id": f.course, "note": "Theo định mức chi đào tạo"}
	w.refused(t, w.council, http.MethodPost, "/api/v1/budgets", send, http.StatusForbidden, "forbidden")
	w.refused(t, finance, http.MethodPost, "/api/v1/budgets", send, http.StatusForbidden, "forbidden")
	w.refused(t, w.tamky, http.MethodPost, "/api/v1/budgets", send, http.StatusNotFound, "not_found")
	w.refused(t, w.yte, http.MethodPost, "/api/v1/budgets", map[string]string{}, http.StatusBadRequest, "invalid").naming(t, "course_id")
	w.refused(t, w.yte, http.MethodPost, "/api/v1/budgets", map[string]any{"course_id": 7}, http.StatusBadRequest, "invalid")
	created(t, w.do(t, w.yte, http.MethodPost, "/api/v1/budgets", send))
	w.refused(t, w.yte, http.MethodPost, "/api/v1/budgets", send, http.StatusConflict, "invalid_transition")
	if v := w.budget(t, finance, f.course); v.TotalVND != 36_000_000 || v.PerPersonVND != 12_000_000 || v.Participants != 3 || v.Year != 2026 || v.Status != domain.BudgetSubmitted {
		t.Errorf("sent: %+v; want the course's estimate 3 × 12,000,000 for 2026", v)
	}
	queue := w.do(t, finance, http.MethodGet, "/api/v1/budgets?status=submitted", nil).list(t)
	if len(queue) != 1 || queue[0]["course_id"] != f.course {
		t.Errorf("finance's queue: %v", queue)
	}
	w.refused(t, finance, http.MethodGet, "/api/v1/budgets?status=paid&year=1", nil, http.StatusBadRequest, "invalid").naming(t, "status", "year")

	path := "/api/v1/budgets/" + f.course
	w.refused(t, w.yte, http.MethodPost, path+"/approve", nil, http.StatusForbidden, "forbidden")
	w.refused(t, finance, http.MethodPost, path+"/adjust", map[string]any{"approved_vnd": 30_000_000}, http.StatusBadRequest, "invalid").naming(t, "reason")
	w.refused(t, finance, http.MethodPost, path+"/adjust", map[string]any{"approved_vnd": -5, "reason": "x"}, http.StatusBadRequest, "invalid").naming(t, "approved_vnd")
	w.refused(t, finance, http.MethodPost, path+"/adjust", map[string]any{"approved_vnd": 30_000_000, "reason": "Giảm theo định mức"}, http.StatusConflict, "precondition_failed", "If-Match", "1")
	w.do(t, finance, http.MethodPost, path+"/adjust", map[string]any{"approved_vnd": 30_000_000, "reason": "Giảm chi phí hội trường theo định mức"}).want(t, http.StatusOK)
	w.refused(t, finance, http.MethodPost, path+"/approve", nil, http.StatusConflict, "invalid_transition")
	if v := w.budget(t, w.yte, f.course); v.ApprovedVND != 30_000_000 || !v.Adjusted || v.Status != domain.BudgetApproved {
		t.Errorf("adjusted: %+v", v)
	}
	last, _ := w.store.Load(t.Context(), events.Subject(events.AggregateBudget, f.course))
	if got := last[len(last)-1]; got.Type != events.TypeBudgetAdjusted || got.Actor.Username != "taichinh" || got.Actor.Role != "finance" {
		t.Errorf("last budget event %s by %s (%s)", got.Type, got.Actor.Username, got.Actor.Role)
	}

	actual := map[string]any{"actual_vnd": 28_000_000, "participants": 3, "note": "Quyết toán 15/QT-SYT"}
	w.refused(t, w.yte, http.MethodPost, path+"/actual", actual, http.StatusConflict, "invalid_transition") // not over yet
	for _, step := range []string{"open", "close", "start", "finish"} {
		w.do(t, w.yte, http.MethodPost, coursePath(f.course, step), nil).want(t, http.StatusOK)
	}
	w.refused(t, w.tamky, http.MethodPost, path+"/actual", actual, http.StatusNotFound, "not_found")
	w.refused(t, finance, http.MethodPost, path+"/actual", actual, http.StatusForbidden, "forbidden")
	w.refused(t, w.yte, http.MethodPost, path+"/actual", map[string]any{"actual_vnd": 0}, http.StatusBadRequest, "invalid").naming(t, "actual_vnd", "participants")
	w.do(t, w.yte, http.MethodPost, path+"/actual", actual).want(t, http.StatusOK)
	if v := w.budget(t, w.council, f.course); v.ActualVND != 28_000_000 || v.ActualPerPerson != 9_333_333 {
		t.Errorf("actual: %+v; want 28,000,000, 9,333,333 per person", v)
	}

	// The second class: returned, then sent again.
	path2 := "/api/v1/budgets/" + f.course2
	created(t, w.do(t, w.yte, http.MethodPost, "/api/v1/budgets", map[string]string{"course_id": f.course2}))
	w.refused(t, finance, http.MethodPost, path2+"/return", map[string]string{}, http.StatusBadRequest, "invalid").naming(t, "reason")
	if got := w.do(t, finance, http.MethodPost, path2+"/return", map[string]string{"reason": "Thiếu thuyết minh"}).want(t, http.StatusOK).object(t)["status"]; got != domain.BudgetReturned {
		t.Errorf("returned: %v", got)
	}
	created(t, w.do(t, w.yte, http.MethodPost, "/api/v1/budgets", map[string]string{"course_id": f.course2, "note": "Đã bổ sung"}))
	w.do(t, finance, http.MethodPost, path2+"/approve", map[string]string{"reason": "Đúng định mức"}).want(t, http.StatusOK)

	var totals []projections.BudgetTotal
	w.do(t, finance, http.MethodGet, "/api/v1/budgets/totals?by=agency", nil).want(t, http.StatusOK).into(t, &totals)
	want := projections.BudgetTotal{AgencyCode: "so_y_te", Courses: 2, EstimateVND: 72_000_000, ApprovedVND: 66_000_000, ActualVND: 28_000_000}
	if len(totals) != 1 || totals[0] != want {
		t.Errorf("totals by agency %+v, want [%+v]", totals, want)
	}
	w.do(t, finance, http.MethodGet, "/api/v1/budgets/totals?by=year", nil).want(t, http.StatusOK).into(t, &totals)
	if len(totals) != 1 || totals[0].Year != 2026 || totals[0].AgencyCode != "" || totals[0].EstimateVND != 72_000_000 {
		t.Errorf("totals by year %+v", totals)
	}
	if got := w.do(t, w.tamky, http.MethodGet, "/api/v1/budgets/totals", nil).list(t); len(got) != 0 {
		t.Errorf("another agency's totals: %v", got)
	}
	w.refused(t, w.tamky, http.MethodGet, path, nil, http.StatusNotFound, "not_found")
	w.refused(t, finance, http.MethodGet, "/api/v1/budgets/totals?by=month", nil, http.StatusBadRequest, "invalid").naming(t, "by")
}
