package handlers_test

import (
	"maps"
	"net/http"
	"testing"

	"daotao/domain"
)

// world is an app with an account of each role, officers of two agencies
// (Sở Y tế and UBND Tam Kỳ) and one official on each agency's roster.
type world struct {
	*app
	admin, council, auditor string // bearer tokens
	homeAffairs, standing   string // Sở Nội vụ and the standing committee
	yte, tamky              string // agency officers' tokens
	yteOfficial             string // an official of so_y_te
	tamkyOfficial           string // an official of ubnd_tam_ky
}

func newWorld(t *testing.T) *world {
	t.Helper()
	return populate(t, newApp(t))
}

// populate creates the accounts and officials of a world in a.
func populate(t *testing.T, a *app) *world {
	t.Helper()
	w := &world{app: a,
		admin:   a.user(t, "quantri", domain.RoleAdmin, ""),
		council: a.user(t, "hoidong", domain.RoleCouncil, ""),
		auditor: a.user(t, "kiemtra", domain.RoleAuditor, ""),
		yte:     a.user(t, "soyte", domain.RoleAgency, "so_y_te"),
		tamky:   a.user(t, "tamky", domain.RoleAgency, "ubnd_tam_ky"),
	}
	w.homeAffairs = a.user(t, "sonoivu", domain.RoleHomeAffairs, "")
	w.standing = a.user(t, "thuongtruc", domain.RoleStandingCommittee, "")
	w.yteOfficial = a.official(t, w.yte, officialBody("so_y_te"))
	w.tamkyOfficial = a.official(t, w.tamky, officialBody("ubnd_tam_ky"))
	return w
}

// officialBody returns a valid registration of an official of agency.
func officialBody(agency string) map[string]any {
	return map[string]any{
		"full_name": "Nguyễn Thị Lan", "agency_code": agency, "group": 3, "category": "cbcc",
		"birth_date": "1985-04-12", "gender": "nu", "service_start": "2009-09-01",
		"qualification": "dai_hoc", "field": "y_te",
		"in_planning_pool": true, "discipline": "none", "ratings": map[string]string{"2023": "tot", "2024": "xuat_sac"},
	}
}

// with returns a copy of body with the given keys replaced (nil deletes).
func with(body map[string]any, kv ...any) map[string]any {
	out := maps.Clone(body)
	for i := 0; i+1 < len(kv); i += 2 {
		k := kv[i].(string)
		if kv[i+1] == nil {
			delete(out, k)
		} else {
			out[k] = kv[i+1]
		}
	}
	return out
}

// official registers an official and returns its id.
func (a *app) official(t *testing.T, token string, body map[string]any) string {
	t.Helper()
	return created(t, a.do(t, token, http.MethodPost, "/api/v1/officials", body))
}

// nominationBody returns a valid draft of a refresher course for official.
func nominationBody(official string) map[string]any {
	return map[string]any{
		"official_id": official, "kind": "boi_duong", "title": "Quản lý bệnh viện hiện đại",
		"content_code": "C.1", "start_date": "2026-03-02", "end_date": "2026-03-13", "cost_estimate_vnd": 25_000_000,
	}
}

// nomination drafts a nomination and returns its id.
func (a *app) nomination(t *testing.T, token string, body map[string]any) string {
	t.Helper()
	r := a.do(t, token, http.MethodPost, "/api/v1/nominations", body)
	id := created(t, r)
	if got := r.object(t)["status"]; got != "draft" {
		t.Errorf("create nomination: status = %v, want draft", got)
	}
	return id
}

// created checks a 201 {"id","seq"} answer and returns the id.
func created(t *testing.T, r response) string {
	t.Helper()
	r.want(t, http.StatusCreated)
	var out struct {
		ID  string `json:"id"`
		Seq uint64 `json:"seq"`
	}
	r.into(t, &out)
	if out.ID == "" || out.Seq == 0 {
		t.Fatalf("%s: want an id and a seq > 0, got %s", r.req, r.raw)
	}
	return out.ID
}

func nomPath(id string, action ...string) string {
	p := "/api/v1/nominations/" + id
	for _, a := range action {
		p += "/" + a
	}
	return p
}

// reasons are the reasons given for each action in tests that need one.
var reasons = map[string]string{
	"return": "Bổ sung bản cam kết.", "reject": "Không thuộc đối tượng ưu tiên.",
	"withdraw": "Trùng lịch công tác.", "resubmit": "Đã bổ sung.", "approve": "", "submit": "",
}

// councilActions are the stage decisions: only the role of the stage a
// nomination awaits may take them.
var councilActions = map[string]bool{"approve": true, "reject": true, "return": true}

// act takes one transition of a so_y_te nomination as the role allowed to
// take it (for a stage decision the role of the awaited stage), with a
// reason, and returns the response.
func (w *world) act(t *testing.T, id, action string) response {
	t.Helper()
	token := w.yte
	if councilActions[action] {
		token = w.stageToken(t, id)
	}
	return w.do(t, token, http.MethodPost, nomPath(id, action), map[string]string{"reason": reasons[action]})
}

// stageToken returns the token of the role whose decision nomination id
// awaits (the council's when none is).
func (w *world) stageToken(t *testing.T, id string) string {
	t.Helper()
	switch w.view(t, w.council, id).Stage {
	case domain.RoleHomeAffairs:
		return w.homeAffairs
	case domain.RoleStandingCommittee:
		return w.standing
	}
	return w.council
}

// approveAll approves nomination id at every stage of its chain until it
// is approved, and returns the last answer (the first refusal, if any).
func (w *world) approveAll(t *testing.T, id string) response {
	t.Helper()
	for {
		r := w.act(t, id, "approve")
		if r.status != http.StatusOK || r.object(t)["status"] != string(domain.StatusSubmitted) {
			return r
		}
	}
}

// paths lead from draft to each status. A "submitted" nomination has
// passed Sở Nội vụ's check and awaits the council; an official of Nhóm 3
// (officialBody) needs no opinion of the standing committee, so the
// council's approval is the final one.
var paths = map[domain.Status][]string{
	domain.StatusDraft:     nil,
	domain.StatusSubmitted: {"submit", "approve"},
	domain.StatusReturned:  {"submit", "return"},
	domain.StatusApproved:  {"submit", "approve", "approve"},
	domain.StatusRejected:  {"submit", "reject"},
	domain.StatusWithdrawn: {"withdraw"},
}

// nominationIn returns a new so_y_te nomination brought to status.
func (w *world) nominationIn(t *testing.T, status domain.Status) string {
	t.Helper()
	official := w.yteOfficial
	if status == domain.StatusApproved {
		// Each approval books its official's time; a fresh official keeps
		// approvals of the same dates from overlapping.
		official = w.official(t, w.yte, officialBody("so_y_te"))
	}
	id := w.nomination(t, w.yte, nominationBody(official))
	for _, action := range paths[status] {
		w.act(t, id, action).want(t, http.StatusOK)
	}
	return id
}

// view returns a nomination as token sees it.
func (a *app) view(t *testing.T, token, id string) domain.NominationView {
	t.Helper()
	var v domain.NominationView
	a.do(t, token, http.MethodGet, nomPath(id), nil).want(t, http.StatusOK).into(t, &v)
	return v
}
