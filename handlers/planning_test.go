package handlers_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"daotao/domain"
	"daotao/events"
	"daotao/handlers"
)

// planWorld is a world with the province and Ban Tổ chức Tỉnh ủy, and the
// planning round of 2026 opened with needs due on 30/09/2025.
type planWorld struct {
	*world
	province, btc, xaydung string
}

func newPlanWorld(t *testing.T) *planWorld {
	t.Helper()
	w := &planWorld{world: newWorld(t)}
	w.province = w.user(t, "ubndtinh", domain.RoleProvince, "")
	w.btc = w.user(t, "btctu", domain.RoleAgency, "ban_to_chuc_tinh_uy")
	w.xaydung = w.user(t, "soxaydung", domain.RoleAgency, "so_xay_dung")
	w.do(t, w.homeAffairs, http.MethodPost, "/api/v1/plans/2026/round", map[string]string{"needs_due": "2025-09-30"}).want(t, http.StatusOK)
	return w
}

func needsBody(lines ...map[string]any) map[string]any {
	return map[string]any{"lines": lines, "justification": "Nhu cầu theo vị trí việc làm"}
}

func needLine(content, format string, group int, category string, people int) map[string]any {
	return map[string]any{"content_code": content, "format": format, "group": group, "category": category, "people": people}
}

func planLine(format, content, lead string, places map[string]int, extra ...any) map[string]any {
	var ps []map[string]any
	for _, a := range slices.Sorted(func(yield func(string) bool) {
		for k := range places {
			if !yield(k) {
				return
			}
		}
	}) {
		ps = append(ps, map[string]any{"agency_code": a, "places": places[a]})
	}
	l := map[string]any{"format": format, "title": "Dòng " + content, "content_code": content, "lead_agency": lead,
		"quarter": 2, "places": ps, "cost_estimate_vnd": 250_000_000}
	for i := 0; i+1 < len(extra); i += 2 {
		l[extra[i].(string)] = extra[i+1]
	}
	return l
}

// TestPlanningYear scripts a year: three agencies submit needs (one is
// returned and resubmitted), Sở Nội vụ consolidates the plan, the council
// reviews it, the province returns and then approves it, and it is amended
// once.
func TestPlanningYear(t *testing.T) {
	w := newPlanWorld(t)

	// Needs: Sở Y tế, Sở Xây dựng, and Tỉnh đoàn through Ban Tổ chức Tỉnh ủy.
	w.do(t, w.yte, http.MethodPost, "/api/v1/needs/2026/so_y_te", needsBody(
		needLine("C.1", "class", 3, "cbcc", 12), needLine("C.2", "delegation_abroad", 2, "cbcc", 3))).want(t, http.StatusCreated)
	w.do(t, w.xaydung, http.MethodPost, "/api/v1/needs/2026/so_xay_dung", needsBody(
		needLine("Đ.1", "class", 3, "cbcc", 20))).want(t, http.StatusCreated)
	w.do(t, w.btc, http.MethodPost, "/api/v1/needs/2026/tinh_doan", needsBody(
		needLine("D.2", "class", 3, "cbcc", 5))).want(t, http.StatusCreated)

	// Sở Nội vụ returns Sở Xây dựng's needs; it resubmits version 2.
	w.do(t, w.homeAffairs, http.MethodPost, "/api/v1/needs/2026/so_xay_dung/return",
		map[string]any{"version": 1, "reason": "Tách nhu cầu theo nhóm"}).want(t, http.StatusOK)
	var need handlers.NeedView
	w.do(t, w.xaydung, http.MethodGet, "/api/v1/needs/2026/so_xay_dung", nil).want(t, http.StatusOK).into(t, &need)
	if need.Status != "returned" || need.Versions[0].Returned == "" {
		t.Fatalf("returned need: %+v", need.Need)
	}
	w.do(t, w.xaydung, http.MethodPost, "/api/v1/needs/2026/so_xay_dung", needsBody(
		needLine("Đ.1", "class", 3, "cbcc", 14), needLine("Đ.1", "class", 4, "vc", 6))).want(t, http.StatusCreated)

	// An agency sees only its own needs; Sở Nội vụ sees all three.
	var list []handlers.NeedView
	w.do(t, w.yte, http.MethodGet, "/api/v1/needs?year=2026", nil).want(t, http.StatusOK).into(t, &list)
	if len(list) != 1 || list[0].AgencyCode != "so_y_te" {
		t.Fatalf("agency list: %+v", list)
	}
	w.do(t, w.homeAffairs, http.MethodGet, "/api/v1/needs?year=2026", nil).want(t, http.StatusOK).into(t, &list)
	if len(list) != 3 {
		t.Fatalf("home affairs sees %d needs", len(list))
	}
	w.do(t, w.yte, http.MethodGet, "/api/v1/needs/2026/so_xay_dung", nil).failure(t, http.StatusNotFound, "not_found")

	// The plan: a C.1 class of 10 places for Sở Y tế (2 short of its need),
	// the Đ.1 class covering Sở Xây dựng, a delegation abroad.
	lines := []map[string]any{
		planLine("class", "C.1", "so_y_te", map[string]int{"so_y_te": 10}),
		planLine("class", "Đ.1", "so_xay_dung", map[string]int{"so_xay_dung": 20}),
		planLine("delegation_abroad", "C.2", "so_y_te", map[string]int{"so_y_te": 3}, "country", "Nhật Bản", "senior_members", 1),
	}
	w.do(t, w.homeAffairs, http.MethodPost, "/api/v1/plans/2026/versions", map[string]any{"lines": lines}).want(t, http.StatusCreated)
	var plan handlers.PlanView
	w.do(t, w.council, http.MethodGet, "/api/v1/plans/2026", nil).want(t, http.StatusOK).into(t, &plan)
	// Later versions carry the ids the first one was given.
	for i, l := range plan.Versions[0].Lines {
		lines[i]["line_id"] = l.LineID
	}
	gaps := map[string][2]int{}
	for _, g := range plan.Check.Uncovered {
		gaps[g.AgencyCode+" "+g.Key] = [2]int{g.Needed, g.Planned}
	}
	want := map[string][2]int{"so_y_te C.1/class": {12, 10}, "tinh_doan D.2/class": {5, 0}}
	if len(gaps) != len(want) || gaps["so_y_te C.1/class"] != want["so_y_te C.1/class"] || gaps["tinh_doan D.2/class"] != want["tinh_doan D.2/class"] {
		t.Fatalf("uncovered = %v; want %v", gaps, want)
	}
	if plan.Check.OK {
		t.Fatal("a plan short of Phụ lục I minimums passed its check")
	}

	// Needs are locked once the plan is before the council.
	w.do(t, w.homeAffairs, http.MethodPost, "/api/v1/plans/2026/submit", map[string]any{"version": 1}).want(t, http.StatusOK)
	w.refused(t, w.yte, http.MethodPost, "/api/v1/needs/2026/so_y_te", needsBody(needLine("C.1", "class", 3, "cbcc", 10)), http.StatusConflict, "invalid_transition")
	w.do(t, w.council, http.MethodPost, "/api/v1/plans/2026/agree", map[string]any{"version": 1, "comment": "Thống nhất"}).want(t, http.StatusOK)
	w.do(t, w.province, http.MethodPost, "/api/v1/plans/2026/return", map[string]any{"reason": "Bổ sung lớp cho Tỉnh đoàn"}).want(t, http.StatusOK)

	// Version 2 covers Tỉnh đoàn; it goes through again and is approved.
	lines = append(lines, planLine("class", "D.2", "ban_to_chuc_tinh_uy", map[string]int{"tinh_doan": 5}))
	w.do(t, w.homeAffairs, http.MethodPost, "/api/v1/plans/2026/versions", map[string]any{"lines": lines}).want(t, http.StatusCreated)
	w.do(t, w.homeAffairs, http.MethodPost, "/api/v1/plans/2026/submit", nil).want(t, http.StatusOK)
	w.do(t, w.council, http.MethodPost, "/api/v1/plans/2026/agree", nil).want(t, http.StatusOK)
	w.do(t, w.province, http.MethodPost, "/api/v1/plans/2026/approve",
		map[string]any{"version": 2, "decision_no": "1234/QĐ-UBND", "decision_date": "2025-12-15"}).want(t, http.StatusOK)

	// One amendment: the delegation moves to another country.
	lines[2]["country"] = "Hàn Quốc"
	w.refused(t, w.homeAffairs, http.MethodPost, "/api/v1/plans/2026/versions", map[string]any{"lines": lines}, http.StatusBadRequest, "invalid")
	w.do(t, w.homeAffairs, http.MethodPost, "/api/v1/plans/2026/versions", map[string]any{"lines": lines, "reason": "Đối tác Nhật Bản hoãn"}).want(t, http.StatusCreated)
	w.do(t, w.homeAffairs, http.MethodPost, "/api/v1/plans/2026/submit", nil).want(t, http.StatusOK)
	w.do(t, w.council, http.MethodPost, "/api/v1/plans/2026/agree", nil).want(t, http.StatusOK)
	w.do(t, w.province, http.MethodPost, "/api/v1/plans/2026/approve",
		map[string]any{"decision_no": "321/QĐ-UBND", "decision_date": "2026-04-01"}).want(t, http.StatusOK)

	w.do(t, w.auditor, http.MethodGet, "/api/v1/plans/2026", nil).want(t, http.StatusOK).into(t, &plan)
	if plan.Status != "approved" || plan.Approved != 3 || len(plan.Versions) != 3 || plan.Versions[2].Reason != "Đối tác Nhật Bản hoãn" {
		t.Fatalf("plan after amendment: status %s, approved %d, %d versions", plan.Status, plan.Approved, len(plan.Versions))
	}
	// Line ids are stable across versions: the delegation is L3 in all.
	for _, v := range plan.Versions {
		if v.Lines[2].LineID != "L3" {
			t.Errorf("version %d: delegation line id %q", v.Version, v.Lines[2].LineID)
		}
	}
	types := []string{}
	for _, h := range plan.History {
		types = append(types, h.Type)
	}
	wantTypes := []string{events.TypePlanRoundOpened, events.TypePlanDrafted, events.TypePlanSubmitted, events.TypePlanCouncilAgreed, events.TypePlanReturned,
		events.TypePlanDrafted, events.TypePlanSubmitted, events.TypePlanCouncilAgreed, events.TypePlanApproved,
		events.TypePlanDrafted, events.TypePlanSubmitted, events.TypePlanCouncilAgreed, events.TypePlanApproved}
	if !slices.Equal(types, wantTypes) {
		t.Errorf("history = %v", types)
	}
	if len(plan.Check.Uncovered) != 1 || plan.Check.Uncovered[0].AgencyCode != "so_y_te" {
		t.Errorf("uncovered after approval: %+v", plan.Check.Uncovered)
	}
}

func TestPlanningWrongRoleAndBadInput(t *testing.T) {
	w := newPlanWorld(t)
	good := map[string]any{"lines": []map[string]any{planLine("class", "C.1", "so_y_te", map[string]int{"so_y_te": 10})}}

	// Wrong role for every command.
	w.refused(t, w.yte, http.MethodPost, "/api/v1/plans/2026/round", map[string]string{"needs_due": "2025-09-30"}, http.StatusForbidden, "")
	w.refused(t, w.council, http.MethodPost, "/api/v1/plans/2026/versions", good, http.StatusForbidden, "")
	w.refused(t, w.province, http.MethodPost, "/api/v1/plans/2026/agree", nil, http.StatusForbidden, "")
	w.refused(t, w.council, http.MethodPost, "/api/v1/plans/2026/approve", map[string]any{"decision_no": "1", "decision_date": "2026-01-01"}, http.StatusForbidden, "")
	w.refused(t, w.homeAffairs, http.MethodPost, "/api/v1/needs/2026/so_y_te", needsBody(needLine("C.1", "class", 3, "cbcc", 1)), http.StatusForbidden, "")
	w.refused(t, w.tamky, http.MethodPost, "/api/v1/needs/2026/so_y_te", needsBody(needLine("C.1", "class", 3, "cbcc", 1)), http.StatusNotFound, "not_found")
	w.refused(t, w.btc, http.MethodPost, "/api/v1/needs/2026/so_y_te", needsBody(needLine("C.1", "class", 3, "cbcc", 1)), http.StatusNotFound, "not_found")
	w.refused(t, w.council, http.MethodPost, "/api/v1/focus-lists/2026/government", map[string]any{}, http.StatusForbidden, "")
	w.refused(t, w.yte, http.MethodPost, "/api/v1/focus-lists/2026/party",
		map[string]any{"items": []map[string]string{{"code": "D"}}, "decision_no": "1", "decision_date": "2026-01-02"}, http.StatusNotFound, "not_found")
	w.do(t, w.btc, http.MethodPost, "/api/v1/focus-lists/2026/party",
		map[string]any{"items": []map[string]string{{"code": "D"}}, "decision_no": "01-QĐ/BTCTU", "decision_date": "2026-01-02"}).want(t, http.StatusCreated)

	// Bad input names its fields.
	w.refused(t, w.homeAffairs, http.MethodPost, "/api/v1/plans/1999/round", map[string]string{"needs_due": "2025-09-30"}, http.StatusBadRequest, "invalid").naming(t, "year")
	w.refused(t, w.homeAffairs, http.MethodPost, "/api/v1/plans/2026/round", map[string]string{"needs_due": "30/09/2025"}, http.StatusBadRequest, "invalid").naming(t, "needs_due")
	w.refused(t, w.homeAffairs, http.MethodPost, "/api/v1/plans/2026/round", "{", http.StatusBadRequest, "")
	w.refused(t, w.homeAffairs, http.MethodPost, "/api/v1/plans/2026/versions",
		map[string]any{"lines": []map[string]any{planLine("class", "C.1", "so_xay_dung", map[string]int{"nowhere": 0})}}, http.StatusBadRequest, "invalid").
		naming(t, "lines[0].lead_agency", "lines[0].places[0].agency_code", "lines[0].places[0].places")
	w.refused(t, w.yte, http.MethodPost, "/api/v1/needs/2026/so_y_te", map[string]any{"lines": []map[string]any{needLine("X", "class", 9, "x", 0)}},
		http.StatusBadRequest, "invalid").naming(t, "justification", "lines[0].content_code", "lines[0].group", "lines[0].category", "lines[0].people")
	w.refused(t, w.homeAffairs, http.MethodPost, "/api/v1/focus-lists/2026/government",
		map[string]any{"items": []map[string]string{{"code": "Q"}}, "decision_date": "bad"}, http.StatusBadRequest, "invalid").
		naming(t, "items[0].code", "decision_no", "decision_date")
	w.refused(t, w.homeAffairs, http.MethodPost, "/api/v1/focus-lists/2026/other", map[string]any{}, http.StatusNotFound, "")
	w.refused(t, w.homeAffairs, http.MethodPost, "/api/v1/needs/2026/so_y_te/return", map[string]any{"reason": "x"}, http.StatusNotFound, "not_found")

	// Wrong state: nothing to submit, approve before the council.
	w.refused(t, w.homeAffairs, http.MethodPost, "/api/v1/plans/2026/submit", nil, http.StatusConflict, "invalid_transition")
	w.refused(t, w.province, http.MethodPost, "/api/v1/plans/2026/approve", map[string]any{"decision_no": "1", "decision_date": "2026-01-01"}, http.StatusConflict, "invalid_transition")
	w.do(t, w.homeAffairs, http.MethodGet, "/api/v1/plans/2027", nil).failure(t, http.StatusNotFound, "not_found")

	// If-Match guards a stale version.
	w.refused(t, w.homeAffairs, http.MethodPost, "/api/v1/plans/2026/versions", good, http.StatusConflict, "precondition_failed", "If-Match", `"1"`)
}

// TestFocusListFlagsNeeds publishes the government list and checks that a
// need line outside it is flagged, and one inside is not.
func TestFocusListFlagsNeeds(t *testing.T) {
	w := newPlanWorld(t)
	w.do(t, w.homeAffairs, http.MethodPost, "/api/v1/focus-lists/2026/government",
		map[string]any{"items": []map[string]string{{"code": "C"}}, "decision_no": "15/QĐ-UBND", "decision_date": "2025-08-01"}).want(t, http.StatusCreated)
	w.do(t, w.yte, http.MethodPost, "/api/v1/needs/2026/so_y_te", needsBody(
		needLine("C.1", "class", 3, "cbcc", 2), needLine("H.1", "class", 3, "cbcc", 2))).want(t, http.StatusCreated)
	var need handlers.NeedView
	w.do(t, w.homeAffairs, http.MethodGet, "/api/v1/needs/2026/so_y_te", nil).want(t, http.StatusOK).into(t, &need)
	if !slices.Equal(need.OutOfFocus, []int{1}) {
		t.Fatalf("out of focus = %v; want [1]", need.OutOfFocus)
	}
	var lists []handlers.FocusView
	w.do(t, w.yte, http.MethodGet, "/api/v1/focus-lists?year=2026", nil).want(t, http.StatusOK).into(t, &lists)
	if len(lists) != 2 || lists[0].Current == nil || lists[0].Current.Items[0].Name == "" || lists[1].Current != nil {
		t.Fatalf("lists = %+v", lists)
	}
}

// planningFixture opens the planning round of 2026 and submits Sở Y tế's
// needs, for the authorization matrix.
func planningFixture(t *testing.T, w *world) {
	t.Helper()
	w.do(t, w.homeAffairs, http.MethodPost, "/api/v1/plans/2026/round", map[string]string{"needs_due": "2025-09-30"}).want(t, http.StatusOK)
	w.do(t, w.yte, http.MethodPost, "/api/v1/needs/2026/so_y_te", needsBody(needLine("C.1", "class", 3, "cbcc", 4))).want(t, http.StatusCreated)
}

// TestNominationOutOfFocus: once the year's list is issued, a nomination
// whose content lies outside it says so, in the API and on its page.
func TestNominationOutOfFocus(t *testing.T) {
	w := newPlanWorld(t)
	id := w.nomination(t, w.yte, nominationBody(w.yteOfficial)) // C.1, March 2026
	var v struct {
		OutOfFocus string `json:"out_of_focus"`
	}
	w.do(t, w.yte, http.MethodGet, nomPath(id), nil).want(t, http.StatusOK).into(t, &v)
	if v.OutOfFocus != "" {
		t.Fatalf("flagged before any list: %q", v.OutOfFocus)
	}
	w.do(t, w.homeAffairs, http.MethodPost, "/api/v1/focus-lists/2026/government",
		map[string]any{"items": []map[string]string{{"code": "B"}}, "decision_no": "15/QĐ-UBND", "decision_date": "2025-08-01"}).want(t, http.StatusCreated)
	w.do(t, w.yte, http.MethodGet, nomPath(id), nil).want(t, http.StatusOK).into(t, &v)
	if !strings.Contains(v.OutOfFocus, "15/QĐ-UBND") {
		t.Fatalf("out_of_focus = %q", v.OutOfFocus)
	}
	p := w.loginAs(t, "soyte").get(t, "/nominations/"+id).expect(t, http.StatusOK)
	p.wantText(t, "#out-of-focus", "Ngoài danh mục lĩnh vực tập trung đào tạo, bồi dưỡng năm 2026")
	w.do(t, w.homeAffairs, http.MethodPost, "/api/v1/focus-lists/2026/government",
		map[string]any{"items": []map[string]string{{"code": "B"}, {"code": "C.1"}}, "decision_no": "16/QĐ-UBND", "decision_date": "2025-09-01"}).want(t, http.StatusCreated)
	v.OutOfFocus = ""
	w.do(t, w.yte, http.MethodGet, nomPath(id), nil).want(t, http.StatusOK).into(t, &v)
	if v.OutOfFocus != "" {
		t.Fatalf("still flagged after C.1 was added: %q", v.OutOfFocus)
	}
}
