package main

import (
	"fmt"
	"net/http"

	"daotao/domain"
	"daotao/events"
	"daotao/projections"
)

// money seeds the money matters: Sở Tài chính appraises one course's
// estimate (adjusting it), and one reimbursement case, a master's student
// who quit during training, runs from its opening to a first instalment.
// Dates are relative to today, so the demo reads the same whenever it is
// made. A step the rules refuse leaves the rest undone, never the demo
// broken.
func (d *demo) money(state *projections.State) {
	d.appraisedCourse(state)
	d.reimbursementCase(state)
}

// appraisedCourse sends the first planned course's estimate and has Sở Tài
// chính adjust it.
func (d *demo) appraisedCourse(state *projections.State) {
	courses, _ := state.Courses(projections.CourseFilter{}, projections.Page{Limit: projections.MaxLimit})
	for _, c := range courses {
		officer, ok := d.officers[c.AgencyCode]
		if !ok || c.Status == domain.CourseCancelled || c.CostTotalVND <= 0 {
			continue
		}
		if code, _ := d.call(officer, http.MethodPost, "/api/v1/budgets", map[string]string{"course_id": c.ID,
			"note": "Dự toán theo định mức chi đào tạo, bồi dưỡng của tỉnh."}); code != http.StatusCreated {
			continue
		}
		d.call("taichinh", http.MethodPost, "/api/v1/budgets/"+c.ID+"/adjust", map[string]any{
			"approved_vnd": c.CostTotalVND * 9 / 10, "reason": "Giảm 10% chi phí thuê hội trường và tài liệu theo định mức."})
		return
	}
}

// reimbursementCase nominates a viên chức of the planning pool not otherwise nominated to a
// 24-month master's that began 14 months ago, approves it through the
// chain, and records that they quit last month: the agency opens the case,
// the council recommends, Sở Nội vụ decides today, Sở Tài chính records a
// first instalment.
func (d *demo) reimbursementCase(state *projections.State) {
	today := d.srv.Today()
	start := events.NewDate(today.Time().Year(), today.Time().Month(), 1).AddDate(0, -14, 0)
	tries := 0
	for _, o := range d.officials {
		if tries == 5 {
			return
		}
		if !o.InPlanningPool || o.Category != domain.CategoryVC || o.Qualification != "dai_hoc" {
			continue
		}
		if _, n := state.Nominations(projections.NominationFilter{OfficialID: o.id}, projections.Page{Limit: 1}); n > 0 {
			continue // nominated already: another approval could overlap
		}
		tries++
		officer := d.officers[o.AgencyCode]
		code, out := d.call(officer, http.MethodPost, "/api/v1/nominations", map[string]any{"official_id": o.id,
			"kind": domain.KindPostgraduate, "title": "Thạc sĩ Quản lý công", "start_date": start.String(),
			"end_date": start.AddDate(0, 24, -1).String(), "duration_months": 24, "commitment_months": 48,
			"cost_estimate_vnd": 96_000_000})
		if code != http.StatusCreated {
			continue
		}
		id, _ := out["id"].(string)
		if code, _ := d.call(officer, http.MethodPost, "/api/v1/nominations/"+id+"/submit", nil); code != http.StatusOK || !d.approveAll(id) {
			continue
		}
		d.runCase(officer, id, today)
		return
	}
}

func (d *demo) runCase(officer, id string, today events.Date) {
	path := "/api/v1/reimbursements/" + id
	if code, _ := d.call(officer, http.MethodPost, "/api/v1/reimbursements", map[string]string{"nomination_id": id,
		"case": "quit_during_training", "event_date": today.AddDate(0, -1, 0).String(),
		"reason": "Viên chức có đơn xin thôi học và thôi việc để chuyển công tác ngoài tỉnh."}); code != http.StatusCreated {
		return
	}
	d.call("hoidong", http.MethodPost, path+"/recommend", map[string]any{"prior_service_years": 6, "reduction_pct_per_year": 1,
		"note": "Hội đồng xét đền bù họp ngày " + formatDMY(today) + "."})
	d.call("sonoivu", http.MethodPost, path+"/decide", map[string]string{"decision_ref": "125/QĐ-SNV", "decided_on": today.String()})
	d.call("taichinh", http.MethodPost, path+"/payments", map[string]any{"amount_vnd": 30_000_000, "paid_on": today.String(),
		"receipt_ref": "Giấy nộp tiền số 01/" + fmt.Sprint(today.Time().Year())})
}

func formatDMY(d events.Date) string { return d.Time().Format("02/01/2006") }
