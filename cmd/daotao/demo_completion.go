package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"

	"daotao/domain"
	"daotao/events"
)

// demoTrainee is the demo account of role official (học viên).
const demoTrainee = "hocvien"

// trainee gives the demo a trainee's account linked to the official of an
// approved refresher nomination, the one that ended first, and records
// its result (as the nominating agency) when it has ended, so that the
// account has reports to submit and a survey to see.
func (d *demo) trainee(ctx context.Context) {
	noms := d.list("sonoivu", "/api/v1/nominations?status=approved&kind="+domain.KindRefresher+"&limit=1000")
	if d.err != nil || len(noms) == 0 {
		return
	}
	slices.SortStableFunc(noms, func(a, b map[string]any) int {
		return compareStrings(fmt.Sprint(a["end_date"]), fmt.Sprint(b["end_date"]))
	})
	n := noms[0]
	official, _ := n["official_id"].(string)
	agency, _ := n["agency_code"].(string)
	id, _ := n["id"].(string)
	cmd := domain.CreateUser{Username: demoTrainee, Password: DemoPassword, Role: string(domain.RoleOfficial), OfficialID: official}
	if _, _, err := d.srv.AddUser(ctx, events.System, cmd); err != nil {
		d.err = fmt.Errorf("demo user %s: %w", demoTrainee, err)
		return
	}
	// Refused (409) while the training has not ended: then there is no
	// result yet, which is a state worth showing too.
	d.call(d.officers[agency], http.MethodPost, "/api/v1/trainings/"+id+"/result",
		map[string]any{"attended": true, "grade": domain.GradeVeryGood, "certificate_no": "CC-DEMO-0001"})
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// list sends a GET as user and returns the JSON array it answers.
func (d *demo) list(user, path string) []map[string]any {
	if d.err != nil {
		return nil
	}
	req := httptest.NewRequest(http.MethodGet, path, bytes.NewReader(nil))
	req.Header.Set("Authorization", "Bearer "+d.tokens[user])
	rec := httptest.NewRecorder()
	d.srv.ServeHTTP(rec, req)
	var out []map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil || rec.Code != http.StatusOK {
		d.err = fmt.Errorf("demo GET %s: %d %s", path, rec.Code, rec.Body.String())
	}
	return out
}
