package main

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"daotao/domain"
	"daotao/domain/programme"
)

// demoNominations is how many officials of the planning pool the demo
// nominates, one nomination each (so that no approval overlaps another).
const demoNominations = 420

// demoPaths lead a draft to each status, in proportions like a working
// year: most approved or waiting at one stage of the approval chain, some
// returned (to the agency or to an earlier stage), few refused. A step
// "s:<action>" is taken by the role of the stage the nomination awaits;
// "s:approve*" approves at every stage until the final approval.
var demoPaths = [][]string{
	{"submit", "s:approve*"}, {"submit", "s:approve*"}, {"submit", "s:approve*"}, {"submit", "s:approve*"},
	{"submit"}, {"submit", "s:approve"}, {"submit", "s:return"}, {"submit", "s:approve", "s:return", "resubmit"},
	{"submit", "s:reject"}, {"withdraw"}, {}, {"submit", "s:approve", "s:return:home_affairs"},
}

// demoStageUsers are the demo accounts of the stage roles.
var demoStageUsers = map[string]string{"home_affairs": "sonoivu", "council": "hoidong", "standing_committee": "thuongtruc"}

var demoReasons = map[string]string{
	"return":   "Bổ sung bản cam kết thời gian công tác sau đào tạo và ý kiến của cấp ủy.",
	"reject":   "Cán bộ không thuộc đối tượng ưu tiên của nội dung này trong năm nay.",
	"resubmit": "Đã bổ sung bản cam kết và ý kiến của cấp ủy.",
	"withdraw": "Cán bộ có lịch công tác trùng thời gian khóa học.",
	"approve":  "Đủ điều kiện, phù hợp kế hoạch năm.",
}

// nominate takes officials of the planning pool through the workflow.
func (d *demo) nominate(doc *programme.Document) {
	pool := slices.DeleteFunc(slices.Clone(d.officials), func(o demoOfficial) bool { return !o.InPlanningPool })
	d.rng.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
	contents := doc.Contents()
	for i, o := range pool[:min(demoNominations, len(pool))] {
		body := d.postgraduate(doc, o, i)
		if body == nil {
			body = d.refresher(contents, o, i)
		}
		code, out := d.call(d.officers[o.AgencyCode], http.MethodPost, "/api/v1/nominations", body)
		if code != http.StatusCreated {
			continue
		}
		id, _ := out["id"].(string)
		d.nominations++
		d.advance(o.AgencyCode, id, demoPaths[i%len(demoPaths)])
	}
}

// advance takes the steps; a step the rules refuse (an ineligible
// official, a full quota) leaves the nomination where it stands.
func (d *demo) advance(agency, id string, steps []string) {
	for _, step := range steps {
		user, action, body := d.officers[agency], step, map[string]string{}
		if rest, ok := strings.CutPrefix(step, "s:"); ok {
			action, body["to"], _ = strings.Cut(rest, ":")
			if action == "approve*" {
				if !d.approveAll(id) {
					return
				}
				continue
			}
			user = d.stageUser(id)
		}
		body["reason"] = demoReasons[action]
		code, _ := d.call(user, http.MethodPost, "/api/v1/nominations/"+id+"/"+action, body)
		if code != http.StatusOK {
			return
		}
	}
}

// stageUser is the demo account of the stage nomination id awaits.
func (d *demo) stageUser(id string) string {
	_, out := d.call("hoidong", http.MethodGet, "/api/v1/nominations/"+id, nil)
	stage, _ := out["stage"].(string)
	return demoStageUsers[stage]
}

// approveAll approves nomination id at each stage of its chain; it reports
// whether it ended approved.
func (d *demo) approveAll(id string) bool {
	for range 5 {
		user := d.stageUser(id)
		if user == "" {
			return false
		}
		code, out := d.call(user, http.MethodPost, "/api/v1/nominations/"+id+"/approve", map[string]string{"reason": demoReasons["approve"]})
		if code != http.StatusOK {
			return false
		}
		if out["status"] == string(domain.StatusApproved) {
			return true
		}
	}
	return false
}

func (d *demo) refresher(contents []programme.Content, o demoOfficial, i int) map[string]any {
	var fits []programme.Content
	for _, c := range contents {
		if c.Priority.Admits(o.Group) {
			fits = append(fits, c)
		}
	}
	c := fits[d.rng.IntN(len(fits))]
	month, day, days := 1+d.rng.IntN(11), 2+d.rng.IntN(18), 4+d.rng.IntN(8)
	start := fmt.Sprintf("2027-%02d-%02d", month, day)
	end := fmt.Sprintf("2027-%02d-%02d", month, day+days)
	abroad := c.Code == "D.3" || (i%9 == 0 && c.FieldCode() != "A" && c.FieldCode() != "H")
	title := "Bồi dưỡng chuyên sâu: " + c.Name
	if abroad {
		title = "Đoàn học tập kinh nghiệm ở nước ngoài: " + c.Name
	}
	return map[string]any{"official_id": o.id, "kind": domain.KindRefresher, "title": truncate(title, 300), "content_code": c.Code,
		"start_date": start, "end_date": end, "cost_estimate_vnd": int64(8+d.rng.IntN(40)) * 1_000_000, "abroad": abroad}
}

// postgraduate returns a master's on a quota of the official's agency that
// admits them, for one nomination in four, or nil.
func (d *demo) postgraduate(doc *programme.Document, o demoOfficial, i int) map[string]any {
	if i%4 != 0 || o.Qualification != "dai_hoc" {
		return nil
	}
	for _, q := range doc.QuotasFor(o.AgencyCode) {
		if !q.Admits(o.Category, o.Group) || (q.StudyField != "khac" && q.StudyField != o.Field) {
			continue
		}
		return map[string]any{"official_id": o.id, "kind": domain.KindPostgraduate, "title": "Thạc sĩ " + q.Field,
			"start_date": "2027-09-06", "end_date": "2029-09-05", "quota_id": q.ID, "duration_months": 24,
			"commitment_months": 72, "cost_estimate_vnd": 120_000_000}
	}
	return nil
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}
