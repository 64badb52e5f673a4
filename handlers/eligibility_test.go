package handlers_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"daotao/events"
	"daotao/handlers"
)

type checkResult struct {
	Eligible         bool   `json:"eligible"`
	RuleSet          string `json:"rule_set"`
	RuleSetVersion   int    `json:"rule_set_version"`
	ReferenceVersion int    `json:"reference_version"`
	Checks           []struct {
		Code   string `json:"code"`
		Passed bool   `json:"passed"`
		Detail string `json:"detail"`
	} `json:"checks"`
}

func (r checkResult) failed() []string {
	var out []string
	for _, c := range r.Checks {
		if !c.Passed {
			out = append(out, c.Code)
		}
	}
	return out
}

// TestEligibilityEndpoint asks about an official in and out of the
// planning pool, under the rule set in force and under another (what if).
func TestEligibilityEndpoint(t *testing.T) {
	w := newWorld(t)
	outside := w.official(t, w.yte, with(officialBody("so_y_te"), "in_planning_pool", false))
	ask := func(body map[string]any) checkResult {
		t.Helper()
		var r checkResult
		w.do(t, w.yte, http.MethodPost, "/api/v1/eligibility", body).want(t, http.StatusOK).into(t, &r)
		return r
	}
	in := ask(map[string]any{"official_id": w.yteOfficial, "kind": "boi_duong", "content_code": "C.1", "date": "2025-06-02"})
	if !in.Eligible || in.RuleSet != "nd101-2017/cbcc" || in.ReferenceVersion != 1 || len(in.Checks) < 3 {
		t.Errorf("in the pool: %+v; want eligible under nd101-2017/cbcc, reference 1, every check listed", in)
	}
	out := ask(map[string]any{"official_id": outside, "kind": "boi_duong", "date": "2025-06-02"})
	if out.Eligible || len(out.failed()) != 1 || out.failed()[0] != "planning_pool_or_plan" {
		t.Errorf("outside the pool: eligible %v, failed %v; want only planning_pool_or_plan", out.Eligible, out.failed())
	}
	after := ask(map[string]any{"official_id": w.yteOfficial, "kind": "boi_duong", "date": "2025-07-01"})
	if after.RuleSet != "nd171-2025/cbcc" {
		t.Errorf("on 01/07/2025 the rule set is %s; want nd171-2025/cbcc", after.RuleSet)
	}
	whatIf := ask(map[string]any{"official_id": w.yteOfficial, "kind": "boi_duong", "date": "2025-07-01", "rule_set": "nd101-2017/cbcc"})
	if whatIf.RuleSet != "nd101-2017/cbcc" {
		t.Errorf("what-if rule set %s; want nd101-2017/cbcc", whatIf.RuleSet)
	}
	t.Run("bad input", func(t *testing.T) {
		w.refused(t, w.yte, http.MethodPost, "/api/v1/eligibility", map[string]any{"official_id": w.yteOfficial, "kind": "x"}, 400, "invalid")
		w.refused(t, w.yte, http.MethodPost, "/api/v1/eligibility", map[string]any{"official_id": w.yteOfficial, "kind": "boi_duong", "rule_set": "nd999"}, 400, "invalid")
		w.refused(t, w.tamky, http.MethodPost, "/api/v1/eligibility", map[string]any{"official_id": w.yteOfficial, "kind": "boi_duong"}, 404, "not_found")
	})
}

// TestSubmitRefusesIneligible: an ineligible official's nomination is
// refused with 422 and the failed checks, and nothing is recorded; an
// eligible one is submitted with the evaluation in its event.
func TestSubmitRefusesIneligible(t *testing.T) {
	w := newWorld(t)
	outside := w.official(t, w.yte, with(officialBody("so_y_te"), "in_planning_pool", false))
	id := w.nomination(t, w.yte, nominationBody(outside))
	body := w.refused(t, w.yte, http.MethodPost, nomPath(id, "submit"), nil, http.StatusUnprocessableEntity, "not_eligible")
	if len(body.Checks) != 1 || body.Checks[0].Code != "planning_pool_or_plan" {
		t.Errorf("refusal checks %+v; want planning_pool_or_plan", body.Checks)
	}

	ok := w.nomination(t, w.yte, nominationBody(w.yteOfficial))
	w.act(t, ok, "submit").want(t, http.StatusOK)
	w.approveAll(t, ok).want(t, http.StatusOK)
	var audit []handlers.AuditEntry
	w.do(t, w.auditor, http.MethodGet, "/api/v1/audit/nominations/"+ok, nil).want(t, http.StatusOK).into(t, &audit)
	for _, e := range audit[1:] {
		var d struct {
			Eligibility      *events.Eligibility `json:"eligibility"`
			ReferenceVersion int                 `json:"reference_version"`
		}
		if err := json.Unmarshal(e.Data, &d); err != nil || d.Eligibility == nil || !d.Eligibility.Eligible ||
			d.Eligibility.RuleSet == "" || len(d.Eligibility.Checks) == 0 || d.ReferenceVersion != 1 {
			t.Errorf("%s records %s; want the rule set, every check and reference version 1", e.Type, e.Data)
		}
	}
}

// TestUpdateOfficial changes an official's facts with PATCH: only the
// fields given change, ratings merge by year, the event lists what
// changed, and the agency and bad values are refused.
func TestUpdateOfficial(t *testing.T) {
	w := newWorld(t)
	path := "/api/v1/officials/" + w.yteOfficial
	r := w.do(t, w.yte, http.MethodPatch, path, map[string]any{"group": 2, "ratings": map[string]string{"2022": "tot"}, "travel_barred": true})
	r.want(t, http.StatusOK)
	got := w.do(t, w.yte, http.MethodGet, path, nil).want(t, http.StatusOK).object(t)
	ratings, _ := got["ratings"].(map[string]any)
	if got["group"] != float64(2) || got["travel_barred"] != true || len(ratings) != 3 || got["full_name"] != "Nguyễn Thị Lan" {
		t.Errorf("after PATCH: %v; want group 2, travel barred, 3 ratings, the name unchanged", got)
	}
	before := w.lastSeq(t)
	w.do(t, w.yte, http.MethodPatch, path, map[string]any{"group": 2}).want(t, http.StatusOK)
	if w.lastSeq(t) != before {
		t.Errorf("a PATCH that changes nothing appended an event")
	}
	w.refused(t, w.yte, http.MethodPatch, path, map[string]any{"agency_code": "ubnd_tam_ky"}, 400, "invalid", "agency_code")
	w.refused(t, w.yte, http.MethodPatch, path, map[string]any{"ratings": map[string]string{"2024": "gioi"}}, 400, "invalid", "ratings")
	w.refused(t, w.yte, http.MethodPatch, path, map[string]any{"group": "hai"}, 400, "invalid", "group")
	w.refused(t, w.tamky, http.MethodPatch, path, map[string]any{"group": 1}, 404, "not_found")
	w.refused(t, w.council, http.MethodPatch, path, map[string]any{"group": 1}, 403, "forbidden")
}
