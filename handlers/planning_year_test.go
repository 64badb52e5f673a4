package handlers_test

import (
	"net/http"
	"testing"
	"time"

	"daotao/domain"
	"daotao/domain/programme"
)

// TestPlanningScriptedYear scripts the year of issue 9 end to end: three
// agencies submit needs (one returned and resubmitted), the plan is
// consolidated, reviewed, approved and amended once; a course is opened
// from a plan line (its reservations from the line's places), runs and is
// costed; a postgraduate nomination of the plan's year is approved; and the
// plan_vs_actual report matches figures worked out by hand.
func TestPlanningScriptedYear(t *testing.T) {
	w := newPlanWorld(t)
	doc, err := programme.Default()
	if err != nil {
		t.Fatal(err)
	}
	quota := doc.QuotasFor("so_y_te")[0]
	finance := w.user(t, "taichinh", domain.RoleFinance, "")

	// Needs: Sở Y tế and UBND Tam Kỳ for the C.1 class, Tỉnh đoàn for D.2.
	w.do(t, w.yte, http.MethodPost, "/api/v1/needs/2026/so_y_te", needsBody(needLine("C.1", "class", 3, "cbcc", 8))).want(t, http.StatusCreated)
	w.do(t, w.tamky, http.MethodPost, "/api/v1/needs/2026/ubnd_tam_ky", needsBody(needLine("C.1", "class", 3, "cbcc", 4))).want(t, http.StatusCreated)
	w.do(t, w.btc, http.MethodPost, "/api/v1/needs/2026/tinh_doan", needsBody(needLine("D.2", "class", 3, "cbcc", 5))).want(t, http.StatusCreated)
	w.do(t, w.homeAffairs, http.MethodPost, "/api/v1/needs/2026/ubnd_tam_ky/return", map[string]string{"reason": "Nêu rõ đối tượng"}).want(t, http.StatusOK)
	w.do(t, w.tamky, http.MethodPost, "/api/v1/needs/2026/ubnd_tam_ky", needsBody(needLine("C.1", "class", 3, "cbcc", 5))).want(t, http.StatusCreated)

	// The plan: the C.1 class (L1), a delegation (L2), the D.2 class (L3)
	// and postgraduate places on Sở Y tế's quota (L4).
	lines := []map[string]any{
		planLine("class", "C.1", "so_y_te", map[string]int{"so_y_te": 8, "ubnd_tam_ky": 4}, "line_id", "L1", "cost_estimate_vnd", 300_000_000),
		planLine("delegation_abroad", "C.2", "so_y_te", map[string]int{"so_y_te": 2}, "line_id", "L2", "country", "Nhật Bản", "senior_members", 1, "cost_estimate_vnd", 900_000_000),
		planLine("class", "D.2", "ban_to_chuc_tinh_uy", map[string]int{"tinh_doan": 5}, "line_id", "L3", "cost_estimate_vnd", 100_000_000),
		{"line_id": "L4", "format": "postgraduate", "title": "Thạc sĩ Quản lý bệnh viện", "quota_id": quota.ID, "lead_agency": "so_noi_vu", "quarter": 3,
			"places": []map[string]any{{"agency_code": "so_y_te", "places": 1}}, "cost_estimate_vnd": 0},
	}
	approve := func(reason string) {
		t.Helper()
		body := map[string]any{"lines": lines}
		if reason != "" {
			body["reason"] = reason
		}
		w.do(t, w.homeAffairs, http.MethodPost, "/api/v1/plans/2026/versions", body).want(t, http.StatusCreated)
		w.do(t, w.homeAffairs, http.MethodPost, "/api/v1/plans/2026/submit", nil).want(t, http.StatusOK)
		w.do(t, w.council, http.MethodPost, "/api/v1/plans/2026/agree", nil).want(t, http.StatusOK)
		w.do(t, w.province, http.MethodPost, "/api/v1/plans/2026/approve", map[string]any{"decision_no": "1/QĐ-UBND", "decision_date": "2025-12-20"}).want(t, http.StatusOK)
	}
	approve("")
	// Amended once: Tam Kỳ's need grew to 5 places of L1.
	lines[0] = planLine("class", "C.1", "so_y_te", map[string]int{"so_y_te": 8, "ubnd_tam_ky": 5}, "line_id", "L1", "cost_estimate_vnd", 300_000_000)
	approve("Bổ sung 01 chỗ cho UBND Tam Kỳ")

	// A course opened from L1 takes the line's places as its reservations;
	// opened from the delegation's line it is refused.
	f := newCourseFixture(t, w.world)
	body := classBody(f.prog, 15)
	body["plan_year"], body["plan_line_id"] = 2026, "L2"
	w.refused(t, w.yte, http.MethodPost, "/api/v1/courses", body, http.StatusBadRequest, "invalid").naming(t, "plan_line_id")
	body["plan_line_id"] = "L1"
	course := created(t, w.do(t, w.yte, http.MethodPost, "/api/v1/courses", body))
	var cv domain.CourseView
	w.do(t, w.yte, http.MethodGet, "/api/v1/courses/"+course, nil).want(t, http.StatusOK).into(t, &cv)
	if cv.PlanLineID != "L1" || len(cv.Reservations) != 2 || cv.Reservations[0].Seats != 8 || cv.Reservations[1].Seats != 5 {
		t.Fatalf("course from L1: line %q, reservations %+v", cv.PlanLineID, cv.Reservations)
	}
	// A revision keeps the link.
	rev := classBody(f.prog, 16)
	w.do(t, w.yte, http.MethodPatch, "/api/v1/courses/"+course, with(rev, "reservations", cv.Reservations)).want(t, http.StatusOK)
	w.do(t, w.yte, http.MethodGet, "/api/v1/courses/"+course, nil).want(t, http.StatusOK).into(t, &cv)
	if cv.PlanLineID != "L1" || cv.Capacity != 16 {
		t.Fatalf("after revision: line %q, capacity %d", cv.PlanLineID, cv.Capacity)
	}
	w.do(t, w.yte, http.MethodPost, coursePath(course, "open"), nil).want(t, http.StatusOK)

	// Three of Sở Y tế's officials and one of Tam Kỳ's take seats.
	for i, token := range []string{w.yte, w.yte, w.yte, w.tamky} {
		agency := map[string]string{w.yte: "so_y_te", w.tamky: "ubnd_tam_ky"}[token]
		official := w.official(t, token, with(officialBody(agency), "full_name", []string{"Trần Văn An", "Lê Thị Bình", "Phạm Văn Cường", "Võ Thị Dung"}[i]))
		id := w.nomination(t, token, with(nominationBody(official), "course_id", course))
		w.do(t, token, http.MethodPost, nomPath(id, "submit"), nil).want(t, http.StatusOK)
	}
	// Sở Tài chính appraises the estimate at 150,000,000 ₫.
	w.do(t, w.yte, http.MethodPost, "/api/v1/budgets", map[string]string{"course_id": course}).want(t, http.StatusCreated)
	w.do(t, finance, http.MethodPost, "/api/v1/budgets/"+course+"/adjust", map[string]any{"approved_vnd": 150_000_000, "reason": "Theo định mức"}).want(t, http.StatusOK)

	// A postgraduate nomination of 2026 on the plan's quota.
	pg := w.official(t, w.yte, with(officialBody("so_y_te"), "full_name", "Đặng Văn Em"))
	pgID := w.nomination(t, w.yte, with(nominationBody(pg), "kind", "sau_dai_hoc", "content_code", nil, "title", "Thạc sĩ Quản lý bệnh viện",
		"start_date", "2026-09-01", "end_date", "2028-08-31", "quota_id", quota.ID, "commitment_months", 48))
	w.act(t, pgID, "submit").want(t, http.StatusOK)
	w.approveAll(t, pgID)

	// The course runs in March 2026 and its actual cost is recorded.
	w.clock.Advance(time.Date(2026, 3, 20, 3, 0, 0, 0, time.UTC).Sub(w.clock.Now()))
	w.yte, w.homeAffairs = w.login(t, "soyte"), w.login(t, "sonoivu")
	w.do(t, w.yte, http.MethodPost, coursePath(course, "close"), nil).want(t, http.StatusOK)
	w.do(t, w.yte, http.MethodPost, coursePath(course, "start"), nil).want(t, http.StatusOK)
	w.do(t, w.yte, http.MethodPost, coursePath(course, "finish"), nil).want(t, http.StatusOK)
	w.do(t, w.yte, http.MethodPost, "/api/v1/budgets/"+course+"/actual", map[string]any{"actual_vnd": 142_500_000, "participants": 4}).want(t, http.StatusOK)

	// Worked out by hand: Sở Y tế leads L1 (1 class, opened, completed),
	// L2 (1 delegation, not sent); its places 8 (L1) + 2 (L2), 3 used;
	// costs planned 300 + 900 million, appraised 150 million, actual
	// 142.5 million; 1 postgraduate place, 1 nominated, 1 enrolled. Tam
	// Kỳ: 5 places, 1 used. Ban Tổ chức Tỉnh ủy leads L3; Tỉnh đoàn has
	// its 5 places, none used.
	want := map[string][]int64{
		//                      classes p/o/c  places p/u  deleg p/s  sem p/h  postgrad p/n/e  cost p/a/a
		"so_y_te":             {1, 1, 1, 10, 3, 1, 0, 0, 0, 1, 1, 1, 1_200_000_000, 150_000_000, 142_500_000},
		"ubnd_tam_ky":         {0, 0, 0, 5, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
		"ban_to_chuc_tinh_uy": {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 100_000_000, 0, 0},
		"tinh_doan":           {0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
		"so_noi_vu":           {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
	}
	type table struct {
		Columns []string `json:"columns"`
		Rows    [][]any  `json:"rows"`
	}
	var res struct {
		Reports []table `json:"reports"`
	}
	w.do(t, w.homeAffairs, http.MethodGet, "/api/v1/reports/plan_vs_actual", nil).want(t, http.StatusOK).into(t, &res)
	rep := res.Reports[0]
	seen := 0
	for _, row := range rep.Rows {
		if row[0].(float64) != 2026 {
			continue
		}
		agency := row[1].(string)
		exp, ok := want[agency]
		if !ok {
			t.Errorf("unexpected row %v", row)
			continue
		}
		seen++
		for i, v := range exp {
			if got := int64(row[2+i].(float64)); got != v {
				t.Errorf("%s %s = %d, want %d", agency, rep.Columns[2+i], got, v)
			}
		}
	}
	if seen != len(want) {
		t.Errorf("%d rows for 2026, want %d: %v", seen, len(want), rep.Rows)
	}
	// An agency's officer reads its own row only.
	w.tamky = w.login(t, "tamky")
	w.do(t, w.tamky, http.MethodGet, "/api/v1/reports/plan_vs_actual", nil).want(t, http.StatusOK).into(t, &res)
	for _, row := range res.Reports[0].Rows {
		if row[1] != "ubnd_tam_ky" {
			t.Errorf("Tam Kỳ reads %v", row)
		}
	}
}
