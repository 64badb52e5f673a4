package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"daotao/domain"
	"daotao/domain/programme"
)

// call sends one JSON request as the holder of token and decodes a 2xx
// answer into out (if not nil). It returns the status and the body.
func (a *benchApp) call(ctx context.Context, token, method, path string, body, out any) (int, error) {
	status, _, err := a.raw(ctx, token, method, path, body, out)
	return status, err
}

func (a *benchApp) raw(ctx context.Context, token, method, path string, body, out any) (int, []byte, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, nil, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, a.base+path, rd)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return do(a.hc, req, out)
}

// do sends req and decodes a 2xx answer into out (if not nil). It returns
// the status and the body.
func do(hc *http.Client, req *http.Request, out any) (int, []byte, error) {
	resp, err := hc.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err == nil && out != nil && resp.StatusCode < 300 {
		err = json.Unmarshal(data, out)
	}
	return resp.StatusCode, data, err
}

// Command mixes (--mix).
const (
	mixWorkflow = "workflow"
	mixNoBatch  = "no-batch"
)

// load is the command mix: each story registers an official, drafts and
// submits a nomination, and has the approval chain decide it: Sở Nội vụ
// passes it on, then the council mostly approves (for Nhóm 1 and 2 the
// standing committee gives the final approval), sometimes returns it for a
// revision and a resubmission before approving, or rejects it; or the
// agency withdraws it. A final approval is an atomic batch with the
// official's booking; passing a stage is a single append.
type load struct {
	b        *bench
	a        *benchApp
	stories  atomic.Int64
	contents map[int]string // group → a Phụ lục I content that admits it
	lagMu    sync.Mutex
	lag      samples // from a command's answer until the projections applied it
}

func newLoad(b *bench, a *benchApp) *load {
	l := &load{b: b, a: a, contents: map[int]string{}}
	doc, _ := programme.Default()
	for g := 1; g <= 4; g++ {
		for _, c := range doc.Contents() {
			if _, ok := l.contents[g]; !ok && c.Priority.Admits(g) {
				l.contents[g] = c.Code
			}
		}
	}
	return l
}

// warmUp runs every path of the mix once per client and fails on any
// unexpected answer, so that a broken mix is not measured.
func (l *load) warmUp(ctx context.Context) error {
	res := l.runStories(ctx, time.Now().Add(time.Hour), 2)
	if len(res.errs) > 0 {
		return fmt.Errorf("warm-up: %v; first: %s", res.errs, res.firstErr)
	}
	return nil
}

// run lets every client run stories for d, and waits for the commands in
// flight at the end.
func (l *load) run(ctx context.Context, d time.Duration) loadResult {
	return l.runStories(ctx, time.Now().Add(d), 0)
}

func (l *load) runStories(ctx context.Context, deadline time.Time, each int) loadResult {
	began := time.Now()
	var mu sync.Mutex
	total := loadResult{lat: map[string]samples{}, errs: map[string]int{}}
	var wg sync.WaitGroup
	for i := range l.b.f.clients {
		wg.Go(func() {
			c := l.client(i, deadline)
			for n := 0; (each == 0 || n < each) && time.Now().Before(deadline) && ctx.Err() == nil; n++ {
				c.story(ctx)
			}
			mu.Lock()
			total.merge(c.res)
			mu.Unlock()
		})
	}
	wg.Wait()
	total.took = time.Since(began)
	return total
}

func (l *load) client(i int, deadline time.Time) *loadClient {
	agency := l.b.users.agencies[i%len(l.b.users.agencies)]
	return &loadClient{l: l, agency: agency, deadline: deadline, officer: l.a.tokens[officerName(agency)],
		council: l.a.tokens[benchCouncil], homeAffairs: l.a.tokens[benchHomeAffairs], standing: l.a.tokens[benchStandingCommit],
		res: loadResult{lat: map[string]samples{}, errs: map[string]int{}}}
}

// loadClient is one HTTP client of the load: an agency officer who also
// carries the tokens of the chain's stages for decisions.
type loadClient struct {
	l                                       *load
	agency                                  string
	officer, council, homeAffairs, standing string
	deadline                                time.Time
	res                                     loadResult
}

// story takes one official and nomination through a path of the mix; a
// step that fails or comes after the deadline ends it.
func (c *loadClient) story(ctx context.Context) {
	n := int(c.l.stories.Add(1))
	group := 1 + n%4
	official, ok := c.cmd(ctx, "register", c.officer, http.MethodPost, "/api/v1/officials", officialBody(c.agency, n, group), http.StatusCreated)
	if !ok {
		return
	}
	body := c.l.nominationBody(official, group, n)
	nomination, ok := c.cmd(ctx, "create", c.officer, http.MethodPost, "/api/v1/nominations", body, http.StatusCreated)
	if !ok {
		return
	}
	path := "/api/v1/nominations/" + nomination
	if _, ok := c.cmd(ctx, "submit", c.officer, http.MethodPost, path+"/submit", nil, http.StatusOK); !ok {
		return
	}
	c.decide(ctx, n, group, path, body)
}

func (c *loadClient) decide(ctx context.Context, n, group int, path string, body map[string]any) {
	if n%10 == 9 {
		c.reason(ctx, "withdraw", "withdraw", c.officer, path)
		return
	}
	if !c.reason(ctx, "pass", "approve", c.homeAffairs, path) {
		return
	}
	switch n % 10 {
	case 6, 7:
		body["cost_estimate_vnd"] = body["cost_estimate_vnd"].(int64) + 2_000_000
		_ = c.reason(ctx, "return", "return", c.council, path) &&
			c.ok(c.cmd(ctx, "revise", c.officer, http.MethodPatch, path, body, http.StatusOK)) &&
			c.reason(ctx, "resubmit", "resubmit", c.officer, path) &&
			c.reason(ctx, "pass", "approve", c.homeAffairs, path) &&
			c.final(ctx, group, path)
	case 8:
		c.reason(ctx, "reject", "reject", c.council, path)
	default:
		c.final(ctx, group, path)
	}
}

// final has the council, and for Nhóm 1 and 2 then the standing
// committee, give the final approval (or, with --mix no-batch, reject).
func (c *loadClient) final(ctx context.Context, group int, path string) bool {
	if c.l.b.f.mix == mixNoBatch {
		return c.reason(ctx, "reject", "reject", c.council, path)
	}
	if group <= 2 {
		return c.reason(ctx, "pass", "approve", c.council, path) && c.reason(ctx, "approve", "approve", c.standing, path)
	}
	return c.reason(ctx, "approve", "approve", c.council, path)
}

// reason posts action with a reason as the holder of token; kind names it
// in the results.
func (c *loadClient) reason(ctx context.Context, kind, action, token, path string) bool {
	return c.ok(c.cmd(ctx, kind, token, http.MethodPost, path+"/"+action, map[string]string{"reason": demoReasons[action]}, http.StatusOK))
}

func (c *loadClient) ok(_ string, ok bool) bool { return ok }

// cmd sends one command and records its latency, or its failure. It
// returns the id the answer names; in the background it measures how long
// the projections take to apply the command's event after the answer.
func (c *loadClient) cmd(ctx context.Context, kind, token, method, path string, body any, want int) (string, bool) {
	if !time.Now().Before(c.deadline) || ctx.Err() != nil {
		return "", false
	}
	var ans struct {
		ID  string
		Seq uint64
	}
	t := time.Now()
	status, data, err := c.l.a.raw(ctx, token, method, path, body, &ans)
	took := time.Since(t)
	if err != nil || status != want {
		key := kind + " " + strconv.Itoa(status)
		c.res.errs[key]++
		if c.res.firstErr == "" {
			c.res.firstErr = fmt.Sprintf("%s %s: %d %v %.300s", method, path, status, err, data)
		}
		return "", false
	}
	c.res.lat[kind] = append(c.res.lat[kind], took)
	go c.l.watchLag(ctx, ans.Seq)
	return ans.ID, true
}

// watchLag records how long after now the projections apply seq.
func (l *load) watchLag(ctx context.Context, seq uint64) {
	t := time.Now()
	if l.a.state.WaitTimeout(ctx, seq, time.Minute) != nil {
		return
	}
	d := time.Since(t)
	l.lagMu.Lock()
	l.lag = append(l.lag, d)
	l.lagMu.Unlock()
}

var benchNames = []string{"Nguyễn Thị Lan", "Trần Văn Minh", "Lê Thị Hồng", "Phạm Quốc Bảo", "Hoàng Thị Thu", "Võ Văn Đức",
	"Đặng Thị Mai", "Bùi Minh Tuấn", "Huỳnh Thị Ngọc", "Phan Văn Hải"}

// officialBody is an official who meets the refresher rules: in the
// planning pool, rated every year.
func officialBody(agency string, n, group int) map[string]any {
	return map[string]any{"full_name": benchNames[n%len(benchNames)], "agency_code": agency, "group": group,
		"category": []string{domain.CategoryCBCC, domain.CategoryVC}[n%2], "birth_date": "1986-04-12",
		"gender": []string{domain.GenderFemale, domain.GenderMale}[n%2], "service_start": "2010-09-01", "probation_end": "2011-09-01",
		"qualification": "dai_hoc", "field": "hanh_chinh_luat", "in_planning_pool": true, "discipline": "none",
		"ratings": map[string]string{"2023": "tot", "2024": "tot", "2025": "xuat_sac"}}
}

func (l *load) nominationBody(officialID string, group, n int) map[string]any {
	month := 1 + n%12
	return map[string]any{"official_id": officialID, "kind": domain.KindRefresher, "title": "Bồi dưỡng chuyên sâu về quản lý nhà nước",
		"content_code": l.contents[group], "start_date": fmt.Sprintf("2027-%02d-03", month), "end_date": fmt.Sprintf("2027-%02d-09", month),
		"cost_estimate_vnd": int64(12_000_000)}
}

// loadResult is what a run of the load measured.
type loadResult struct {
	took     time.Duration
	lat      map[string]samples
	errs     map[string]int
	firstErr string
}

func (r *loadResult) merge(o loadResult) {
	for k, v := range o.lat {
		r.lat[k] = append(r.lat[k], v...)
	}
	for k, v := range o.errs {
		r.errs[k] += v
	}
	if r.firstErr == "" {
		r.firstErr = o.firstErr
	}
}

func (r loadResult) all() samples {
	var all samples
	for _, v := range r.lat {
		all = append(all, v...)
	}
	return all
}

func (r loadResult) perSecond() float64 { return perSecond(len(r.all()), r.took) }

func (r loadResult) app(clients int) appResult {
	s := r.all().summary()
	by := map[string]latencySummary{}
	for k, v := range r.lat {
		by[k] = v.summary()
	}
	return appResult{Clients: clients, Commands: s.Count, Errors: r.errs, CommandsPerS: r.perSecond(), P50Ms: s.P50Ms, P99Ms: s.P99Ms, ByCommand: by}
}
