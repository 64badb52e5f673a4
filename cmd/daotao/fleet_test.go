package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// account is a user the fleet logged in as.
type account struct {
	username, agency, token string
}

// fleetAgencies are the agencies whose officers the fleet's clients are.
var fleetAgencies = []string{"so_y_te", "ubnd_tam_ky", "so_thong_tin_truyen_thong", "so_noi_vu"}

// fleetPassword is every fleet account's password.
const fleetPassword = "mat-khau-du-dai"

// sentCommand is one command a client sent and what it was told in the
// end. Status 0 means it never got a definite answer.
type sentCommand struct {
	user, key, action string
	method, path      string
	status            int
	body              []byte
	tries, unanswered int // attempts, and those that ended in a lost connection or a 5xx
	firstTry          time.Time
}

// fleet is the clients of the crash, outage and cluster tests. Each runs chains of commands
// (register an official, draft a nomination, submit it, decide it) on the
// app it is pointed at, with an Idempotency-Key per command, and retries
// the same key after a lost connection or a 5xx until it gets a 2xx or a
// 4xx: the only safe thing a client can do when it cannot tell whether its
// command was carried out.
type fleet struct {
	urls     []atomic.Pointer[string] // app base URLs, replaced on restart
	agencies []account
	council  []account
	// homeAffairs is Sở Nội vụ, the first stage of the approval chain.
	homeAffairs account
	http        *http.Client
	giveUp      time.Duration // a command unanswered for this long stays unresolved
	stopped     atomic.Bool

	mu      sync.Mutex
	sent    []*sentCommand
	answers map[int]int    // every attempt's status; 0: no answer
	samples map[int]string // the first answer of each status >= 500
}

// newFleet logs the fleet's accounts in on url (every app must share the
// log, so sessions are valid on all of them).
func newFleet(t *testing.T, urls ...string) *fleet {
	t.Helper()
	f := &fleet{urls: make([]atomic.Pointer[string], len(urls)), giveUp: 90 * time.Second, answers: map[int]int{}, samples: map[int]string{},
		http: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64, ResponseHeaderTimeout: 30 * time.Second}}}
	for i, u := range urls {
		f.point(i, u)
	}
	for _, ag := range fleetAgencies {
		f.agencies = append(f.agencies, account{username: fleetUser(ag), agency: ag, token: token(t, urls[0], fleetUser(ag))})
	}
	f.council = []account{{username: "hoidong", token: token(t, urls[0], "hoidong")}}
	f.homeAffairs = account{username: "sonoivu", token: token(t, urls[0], "sonoivu")}
	return f
}

// logins is how many accounts the fleet logged in as.
func (f *fleet) logins() int { return len(f.agencies) + len(f.council) + 1 }

// fleetUser is the username of agency's officer.
func fleetUser(agency string) string { return "tc-" + agency }

// addFleetUsers creates the fleet's accounts with `daotao users add`
// and the backend flags given.
func addFleetUsers(t *testing.T, backend ...string) {
	t.Helper()
	add := func(extra ...string) {
		args := append(append([]string{"--password-stdin"}, backend...), extra...)
		if code, out := cliAddUser(t, fleetPassword, map[string]string{"DAOTAO_LOG_LEVEL": "warn"}, args...); code != 0 {
			t.Fatalf("users add %v: exit %d %s", extra, code, out)
		}
	}
	add("--username", "hoidong", "--role", "council")
	add("--username", "sonoivu", "--role", "home_affairs")
	for _, ag := range fleetAgencies {
		add("--username", fleetUser(ag), "--role", "agency", "--agency", ag)
	}
}

// point sends the clients of app i to url from now on.
func (f *fleet) point(i int, url string) { f.urls[i].Store(&url) }

// run starts n clients and returns a function that stops them and waits
// until each has a definite answer to the command it was sending (or gave
// up on it after f.giveUp).
func (f *fleet) run(n int) (stop func() []*sentCommand) {
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			for chain := 0; !f.stopped.Load(); chain++ {
				f.chain(i, chain)
			}
		})
	}
	return func() []*sentCommand {
		f.stopped.Store(true)
		wg.Wait()
		// A connection dialled but never used counts as busy for five
		// seconds when the app shuts down gracefully.
		f.http.CloseIdleConnections()
		f.mu.Lock()
		defer f.mu.Unlock()
		return f.sent
	}
}

// chain is one nomination's life by client i: a fresh official of the
// client's agency (so that approvals never overlap), a refresher course
// drafted, submitted, passed on by Sở Nội vụ, approved or (one in five)
// rejected by the council,
// and one in three approved again, which must be refused. One in four
// chains of Sở Thông tin và Truyền thông is a master's on its quota of 2
// places instead: once both are taken, approvals are refused.
func (f *fleet) chain(i, n int) {
	ag, co := f.agencies[i%len(f.agencies)], f.council[i%len(f.council)]
	key := func(step string) string { return fmt.Sprintf("c%02d-%05d-%s", i, n, step) }
	quota := ag.agency == quotaAgency && n%4 == 1
	official, draft, decision, body := fleetOfficial(ag.agency, i, n), fleetNomination, "approve", any(nil)
	switch {
	case quota:
		official, draft, decision = quotaOfficial(i, n), quotaNomination, "approve-quota"
	case n%5 == 4:
		decision, body = "reject", map[string]string{"reason": "Không thuộc đối tượng ưu tiên."}
	}
	o := f.send(i, ag, "official", http.MethodPost, "/api/v1/officials", official, key("official"))
	id, ok := o.created(http.StatusCreated)
	if !ok || f.stopped.Load() {
		return
	}
	nom := f.send(i, ag, "nomination", http.MethodPost, "/api/v1/nominations", draft(id, n), key("nomination"))
	if id, ok = nom.created(http.StatusCreated); !ok || f.stopped.Load() {
		return
	}
	path := "/api/v1/nominations/" + id + "/"
	if s := f.send(i, ag, "submit", http.MethodPost, path+"submit", nil, key("submit")); s.status != http.StatusOK || f.stopped.Load() {
		return
	}
	// Sở Nội vụ passes it on to the council (officials of Nhóm 3: the
	// council's decision is the final one).
	if s := f.send(i, f.homeAffairs, "pass", http.MethodPost, path+"approve", nil, key("pass")); s.status != http.StatusOK || f.stopped.Load() {
		return
	}
	action := strings.TrimSuffix(decision, "-quota")
	if d := f.send(i, co, decision, http.MethodPost, path+action, body, key(decision)); d.status != http.StatusOK || quota || n%3 != 0 {
		return
	}
	f.send(i, co, "approve-again", http.MethodPost, path+"approve", nil, key("approve-again"))
}

// quotaAgency has a quota of 2 master's places the fleet competes for.
const quotaAgency = "so_thong_tin_truyen_thong"

// quotaOfficial is a registration of an official eligible for a master's
// on quotaAgency's quota.
func quotaOfficial(i, n int) map[string]any {
	return map[string]any{
		"full_name": "Lê Thị " + letters(i) + " " + letters(n), "agency_code": quotaAgency, "group": 3, "category": "vc",
		"birth_date": "1988-05-05", "gender": "nu", "service_start": "2012-09-01", "probation_end": "2013-09-01",
		"qualification": "dai_hoc", "field": "cntt_khmt", "in_planning_pool": true, "discipline": "none",
	}
}

// quotaNomination is a draft of a master's on quotaAgency's quota.
func quotaNomination(official string, _ int) map[string]any {
	return map[string]any{
		"official_id": official, "kind": "sau_dai_hoc", "title": "Thạc sĩ Khoa học máy tính", "start_date": "2027-09-06",
		"end_date": "2029-09-05", "quota_id": "pl2-1-" + quotaAgency, "commitment_months": 72,
	}
}

// fleetOfficial is a registration of an eligible official of agency.
func fleetOfficial(agency string, i, n int) map[string]any {
	return map[string]any{
		"full_name": "Nguyễn Văn " + letters(i) + " " + letters(n), "agency_code": agency, "group": 3, "category": "cbcc",
		"birth_date": "1985-04-12", "gender": "nam", "service_start": "2009-09-01",
		"qualification": "dai_hoc", "field": "khac", "in_planning_pool": true, "discipline": "none",
		"ratings": map[string]string{"2024": "tot", "2025": "xuat_sac"},
	}
}

// letters spells n in capital letters (names may not hold digits).
func letters(n int) string {
	s := string(rune('A' + n%26))
	for n /= 26; n > 0; n /= 26 {
		s = string(rune('A'+n%26)) + s
	}
	return s
}

// fleetNomination is a draft of a refresher course for official, on
// dates that vary with n.
func fleetNomination(official string, n int) map[string]any {
	start := time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 14*(n%20))
	return map[string]any{
		"official_id": official, "kind": "boi_duong", "title": "Quản lý nhà nước nâng cao",
		"content_code": "C.1", "start_date": start.Format(time.DateOnly), "end_date": start.AddDate(0, 0, 11).Format(time.DateOnly),
		"cost_estimate_vnd": 25_000_000,
	}
}

// send issues one command as a until it gets a definite answer.
func (f *fleet) send(i int, a account, action, method, path string, body any, key string) *sentCommand {
	c := &sentCommand{user: a.username, key: key, action: action, method: method, path: path, firstTry: time.Now()}
	f.mu.Lock()
	f.sent = append(f.sent, c) // recorded before it is sent: a command that was never answered was still sent
	f.mu.Unlock()
	payload, _ := json.Marshal(body)
	wait := 10 * time.Millisecond
	for {
		c.tries++
		status, resp := f.try(i, a.token, method, path, payload, key)
		f.mu.Lock()
		f.answers[status]++
		if _, seen := f.samples[status]; !seen && status >= 500 {
			f.samples[status] = method + " " + path + ": " + string(resp)
		}
		f.mu.Unlock()
		if status != 0 && status < 500 {
			c.status, c.body = status, resp
			return c
		}
		c.unanswered++
		if time.Since(c.firstTry) > f.giveUp {
			return c
		}
		time.Sleep(wait)
		wait = min(2*wait, 200*time.Millisecond)
	}
}

// try sends one attempt and returns its status (0: no answer) and body.
func (f *fleet) try(i int, token, method, path string, payload []byte, key string) (int, []byte) {
	base := *f.urls[i%len(f.urls)].Load()
	ctx, cancel := context.WithTimeout(context.Background(), 40*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, base+path, bytes.NewReader(payload))
	if err != nil {
		return 0, nil
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Idempotency-Key", key)
	resp, err := f.http.Do(req)
	if err != nil {
		return 0, nil
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, nil // the answer was cut off: as good as none
	}
	return resp.StatusCode, b
}

// created returns the id of a create command answered with want.
func (c *sentCommand) created(want int) (string, bool) {
	if c.status != want {
		return "", false
	}
	var out struct{ ID string }
	if err := json.Unmarshal(c.body, &out); err != nil || out.ID == "" {
		return "", false
	}
	return out.ID, true
}

// tally counts commands by their final status.
func tally(sent []*sentCommand) map[int]int {
	out := map[int]int{}
	for _, c := range sent {
		out[c.status]++
	}
	return out
}

// answered returns how many attempts were answered with status.
func (f *fleet) answered(status int) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.answers[status]
}

// answerCounts returns how often each status answered an attempt, and an
// example of each server error.
func (f *fleet) answerCounts() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return fmt.Sprintf("%v %v", f.answers, f.samples)
}
