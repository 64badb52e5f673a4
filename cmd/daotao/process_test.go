package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"daotao/events/jetstream"
)

// TestMain lets the test binary stand in for the daotao binary: run with
// DAOTAO_AS_BINARY=1 it executes the command line given after "--" and
// exits, so tests can start real `daotao serve` processes without a build.
// With DAOTAO_TEST_NATS=1 as well it is a NATS server instead (natsChild).
func TestMain(m *testing.M) {
	if os.Getenv("DAOTAO_AS_BINARY") == "1" {
		args := os.Args[1:]
		for i, a := range args {
			if a == "--" {
				args = args[i+1:]
				break
			}
		}
		if os.Getenv("DAOTAO_TEST_NATS") == "1" {
			os.Exit(natsChild(args))
		}
		ctx, stop := signalContext()
		defer stop()
		env := environment{args: args, getenv: os.Getenv, stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr}
		os.Exit(run(ctx, env))
	}
	os.Exit(m.Run())
}

// process is a daotao command running as a separate OS process.
type process struct {
	cmd *exec.Cmd
	url string
}

var listeningLine = regexp.MustCompile(`listening on (http://\S+)`)

// startProcess runs `daotao args...` as a child process and, for serve,
// waits until it is ready.
func startProcess(t *testing.T, stdin string, args ...string) *process {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(self, append([]string{"-test.run=^$", "--"}, args...)...)
	cmd.Env = append(os.Environ(), "DAOTAO_AS_BINARY=1", "DAOTAO_LOG_LEVEL=warn")
	cmd.Stdin = strings.NewReader(stdin)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &process{cmd: cmd}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	if args[0] != "serve" {
		io.Copy(io.Discard, out)
		if err := cmd.Wait(); err != nil {
			t.Fatalf("daotao %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
		}
		return p
	}
	p.url = waitListening(t, out)
	(&daemon{url: p.url}).waitReady(t)
	return p
}

func waitListening(t *testing.T, out io.Reader) string {
	t.Helper()
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if m := listeningLine.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
			}
		}
	}()
	select {
	case u := <-found:
		return u
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not start within 30 s")
		return ""
	}
}

// api sends one JSON request and decodes the answer into out (if given).
func api(t *testing.T, base, token, method, path string, body, out any) int {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(method, base+path, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	if out != nil {
		_ = json.NewDecoder(resp.Body).Decode(out)
	}
	return resp.StatusCode
}

func token(t *testing.T, base, user string) string {
	t.Helper()
	var out struct{ Token string }
	if code := api(t, base, "", http.MethodPost, "/api/v1/sessions", map[string]string{"username": user, "password": "mat-khau-du-dai"}, &out); code != 201 {
		t.Fatalf("login %s: %d", user, code)
	}
	return out.Token
}

// TestQuotaAcrossTwoProcesses runs two `daotao serve --nats-url` processes
// on one NATS server and has 50 approvals race, spread over both, for a
// quota of 2 places: exactly 2 land.
func TestQuotaAcrossTwoProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("starts two server processes")
	}
	ns, err := jetstream.StartEmbedded(jetstream.ServerConfig{StoreDir: t.TempDir(), Listen: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ns.Shutdown(); ns.WaitForShutdown() })
	nats := ns.ClientURL()
	startProcess(t, "mat-khau-du-dai\n", "users", "add", "--nats-url", nats, "--username", "hoidong", "--role", "council", "--password-stdin")
	startProcess(t, "mat-khau-du-dai\n", "users", "add", "--nats-url", nats, "--username", "sonoivu", "--role", "home_affairs", "--password-stdin")
	startProcess(t, "mat-khau-du-dai\n", "users", "add", "--nats-url", nats, "--username", "sotttt", "--role", "agency",
		"--agency", "so_thong_tin_truyen_thong", "--password-stdin")
	a := startProcess(t, "", "serve", "--nats-url", nats, "--addr", "127.0.0.1:0")
	b := startProcess(t, "", "serve", "--nats-url", nats, "--addr", "127.0.0.1:0")
	agency, council, home := token(t, a.url, "sotttt"), token(t, b.url, "hoidong"), token(t, a.url, "sonoivu")
	ids := make([]string, 50)
	for i := range ids {
		ids[i] = submittedOnQuota(t, a.url, agency, i)
		// Sở Nội vụ passes it on: the council's approval is the final one.
		if code := api(t, a.url, home, http.MethodPost, "/api/v1/nominations/"+ids[i]+"/approve", nil, nil); code != http.StatusOK {
			t.Fatalf("pass %d: %d", i, code)
		}
	}
	var mu sync.Mutex
	got := map[int]int{}
	var wg sync.WaitGroup
	for i, id := range ids {
		base := []string{a.url, b.url}[i%2]
		wg.Go(func() {
			code := api(t, base, council, http.MethodPost, "/api/v1/nominations/"+id+"/approve", nil, nil)
			mu.Lock()
			got[code]++
			mu.Unlock()
		})
	}
	wg.Wait()
	if got[http.StatusOK] != 2 || got[http.StatusConflict] != 48 {
		t.Fatalf("answers %v; want 2 × 200 and 48 × 409", got)
	}
	env, out, _ := testEnv("", nil, "check", "--nats-url", nats)
	if code := run(context.Background(), env); code != 0 {
		t.Errorf("check after the race: exit %d\n%s", code, out.String())
	}
}

// submittedOnQuota registers an eligible official of Sở Thông tin và
// Truyền thông and submits a master's on its quota of 2 places.
func submittedOnQuota(t *testing.T, base, token string, i int) string {
	t.Helper()
	var o, n struct{ ID string }
	api(t, base, token, http.MethodPost, "/api/v1/officials", map[string]any{
		"full_name": fmt.Sprintf("Lê Văn Số %c", 'A'+rune(i%26)), "agency_code": "so_thong_tin_truyen_thong", "group": 3, "category": "vc",
		"birth_date": "1988-05-05", "gender": "nam", "service_start": "2012-09-01", "probation_end": "2013-09-01",
		"qualification": "dai_hoc", "field": "cntt_khmt", "in_planning_pool": true, "discipline": "none",
	}, &o)
	if code := api(t, base, token, http.MethodPost, "/api/v1/nominations", map[string]any{
		"official_id": o.ID, "kind": "sau_dai_hoc", "title": "Thạc sĩ Khoa học máy tính", "start_date": "2027-09-06",
		"end_date": "2029-09-05", "quota_id": "pl2-1-so_thong_tin_truyen_thong", "commitment_months": 72,
	}, &n); code != 201 {
		t.Fatalf("nomination %d: %d", i, code)
	}
	if code := api(t, base, token, http.MethodPost, "/api/v1/nominations/"+n.ID+"/submit", nil, nil); code != 200 {
		t.Fatalf("submit %d: %d", i, code)
	}
	return n.ID
}
