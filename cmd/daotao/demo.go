package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"

	"daotao/domain"
	"daotao/events"
	"daotao/handlers"
	"daotao/projections"
)

// DemoPassword is the password of every demo account (README lists them).
const DemoPassword = "daotao-demo-2024"

type demoUser struct{ username, role, agency string }

var demoUsers = []demoUser{
	{"admin", "admin", ""},
	{"hoidong", "council", ""},
	{"kiemtra", "auditor", ""},
	{"soyte", "agency", "so_y_te"},
	{"soxaydung", "agency", "so_xay_dung"},
	{"tamky", "agency", "ubnd_tam_ky"},
	{"hoian", "agency", "ubnd_hoi_an"},
}

// seedDemo creates demo accounts, officials and nominations in every state
// through the real API, once: it does nothing if the admin account exists.
func seedDemo(ctx context.Context, srv *handlers.Server, state *projections.State, log *slog.Logger) error {
	if _, ok := state.UserByName("admin"); ok {
		return nil
	}
	for _, u := range demoUsers {
		if _, _, err := srv.AddUser(ctx, events.System, domain.CreateUser{Username: u.username, Password: DemoPassword, Role: u.role, AgencyCode: u.agency}); err != nil {
			return fmt.Errorf("demo user %s: %w", u.username, err)
		}
	}
	d := &demo{srv: srv, rng: rand.New(rand.NewPCG(7328, 2024)), tokens: map[string]string{}}
	for _, u := range demoUsers {
		d.tokens[u.username] = d.login(u.username)
	}
	for _, u := range demoUsers[3:] {
		d.agency(u.username, u.agency)
	}
	if d.err != nil {
		return d.err
	}
	log.Info("demo data created", "users", len(demoUsers), "password", "see README", "applied_seq", state.Applied())
	return nil
}

// demo drives the API; the first error stops it.
type demo struct {
	srv    *handlers.Server
	rng    *rand.Rand
	tokens map[string]string
	err    error
}

func (d *demo) call(user, method, path string, body any) map[string]any {
	if d.err != nil {
		return nil
	}
	b, _ := json.Marshal(body)
	req := httptest.NewRequest(method, path, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	if user != "" {
		req.Header.Set("Authorization", "Bearer "+d.tokens[user])
	}
	rec := httptest.NewRecorder()
	d.srv.ServeHTTP(rec, req)
	var out map[string]any
	_ = json.Unmarshal(rec.Body.Bytes(), &out)
	if rec.Code >= 300 {
		d.err = fmt.Errorf("demo %s %s: %d %s", method, path, rec.Code, rec.Body.String())
	}
	return out
}

func (d *demo) login(user string) string {
	out := d.call("", http.MethodPost, "/api/v1/sessions", map[string]string{"username": user, "password": DemoPassword})
	tok, _ := out["token"].(string)
	return tok
}

var (
	familyNames = []string{"Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Hoàng", "Phan", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"}
	middleNames = map[string][]string{
		"nam": {"Văn", "Hữu", "Đức", "Minh", "Quang", "Thanh", "Công", "Xuân"},
		"nu":  {"Thị", "Thị", "Ngọc", "Thu", "Kim", "Mỹ", "Thanh", "Hoài"},
	}
	givenNames = map[string][]string{
		"nam": {"Hùng", "Dũng", "Tuấn", "Phong", "Long", "Sơn", "Hải", "Bình", "Khánh", "Trung", "Nam", "Quân"},
		"nu":  {"Lan", "Hoa", "Hương", "Thảo", "Trang", "Ngân", "Linh", "Phương", "Hạnh", "Yến", "Mai", "Vy"},
	}
)

func (d *demo) name(gender string) string {
	pick := func(s []string) string { return s[d.rng.IntN(len(s))] }
	return pick(familyNames) + " " + pick(middleNames[gender]) + " " + pick(givenNames[gender])
}

// agency registers eight officials of one agency and takes nominations of
// them through every status.
func (d *demo) agency(user, code string) {
	var ids []string
	for i := range 8 {
		ids = append(ids, d.official(user, code, i))
	}
	steps := [][]string{
		{}, {"submit"}, {"submit", "c:approve"}, {"submit", "c:return"},
		{"submit", "c:return", "resubmit"}, {"submit", "c:reject"}, {"withdraw"}, {"submit", "c:approve"},
	}
	for i, id := range ids {
		d.nomination(user, id, i, steps[i])
	}
}

func (d *demo) official(user, code string, i int) string {
	gender := []string{"nam", "nu"}[d.rng.IntN(2)]
	group := 3 + i%2
	if i == 0 {
		group = 2
	}
	year := 1970 + d.rng.IntN(20)
	out := d.call(user, http.MethodPost, "/api/v1/officials", map[string]any{
		"full_name": d.name(gender), "agency_code": code, "group": group, "category": []string{"cbcc", "vc"}[i%3/2],
		"birth_date": fmt.Sprintf("%d-%02d-%02d", year, 1+d.rng.IntN(12), 1+d.rng.IntN(28)), "gender": gender,
		"service_start": fmt.Sprintf("%d-09-01", year+23+d.rng.IntN(4)), "qualification": []string{"dai_hoc", "thac_si", "dai_hoc"}[i%3],
		"field": domain.Fields[d.rng.IntN(len(domain.Fields))],
	})
	id, _ := out["id"].(string)
	return id
}

var demoCourses = []struct{ kind, title, content string }{
	{"boi_duong", "Bồi dưỡng quản lý tài chính công, tài sản công", "A.1"},
	{"boi_duong", "Chuyển đổi số trong xây dựng chính quyền số", "B.2"},
	{"boi_duong", "Quy hoạch xây dựng đô thị thông minh, đô thị xanh", "Đ.1"},
	{"sau_dai_hoc", "Thạc sĩ Khoa học máy tính", ""},
	{"boi_duong", "Quản lý y tế tại các nước tiên tiến", "C.1"},
	{"sau_dai_hoc", "Thạc sĩ Quản lý tài nguyên và môi trường", ""},
	{"boi_duong", "Học tập kinh nghiệm quản trị nhân lực ở nước ngoài", "D.3"},
	{"boi_duong", "Ứng dụng khoa học, kỹ thuật vào phát triển nông nghiệp", "G.1"},
}

func (d *demo) nomination(user, officialID string, i int, steps []string) {
	course := demoCourses[i%len(demoCourses)]
	start, end := "2026-03-02", "2026-03-13"
	if course.kind == "sau_dai_hoc" {
		start, end = "2026-09-01", "2028-08-31"
	}
	out := d.call(user, http.MethodPost, "/api/v1/nominations", map[string]any{
		"official_id": officialID, "kind": course.kind, "title": course.title, "content_code": course.content,
		"start_date": start, "end_date": end, "cost_estimate_vnd": 15_000_000 + 5_000_000*i,
	})
	id, _ := out["id"].(string)
	for _, step := range steps {
		actor, action := user, step
		if step[:2] == "c:" {
			actor, action = "hoidong", step[2:]
		}
		d.call(actor, http.MethodPost, "/api/v1/nominations/"+id+"/"+action, map[string]string{"reason": demoReasons[action]})
	}
}

var demoReasons = map[string]string{
	"return":   "Bổ sung bản cam kết thời gian công tác sau đào tạo.",
	"reject":   "Không thuộc nhóm đối tượng ưu tiên của nội dung này.",
	"resubmit": "Đã bổ sung bản cam kết.",
	"withdraw": "Cán bộ có lịch công tác trùng thời gian khóa học.",
}
