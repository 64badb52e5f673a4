package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	natsjs "github.com/nats-io/nats.go/jetstream"

	"daotao/events/jetstream"
)

// syncBuffer is a bytes.Buffer safe for the concurrent writes of a running
// command and the reads of a test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func testEnv(stdin string, vars map[string]string, args ...string) (environment, *syncBuffer, *syncBuffer) {
	out, errb := &syncBuffer{}, &syncBuffer{}
	return environment{args: args, getenv: func(k string) string { return vars[k] },
		stdin: strings.NewReader(stdin), stdout: out, stderr: errb}, out, errb
}

// daemon is a `daotao serve` running in-process.
type daemon struct {
	url    string
	cancel context.CancelFunc
	done   chan int
	stderr *syncBuffer
}

var listening = regexp.MustCompile(`listening on (http://\S+)`)

func startServe(t *testing.T, args ...string) *daemon {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	env, out, errb := testEnv("", nil, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	d := &daemon{cancel: cancel, done: make(chan int, 1), stderr: errb}
	go func() { d.done <- run(ctx, env) }()
	deadline := time.Now().Add(20 * time.Second)
	for d.url == "" {
		if m := listening.FindStringSubmatch(out.String()); m != nil {
			d.url = m[1]
		} else if time.Now().After(deadline) {
			cancel()
			t.Fatalf("serve did not start; stderr:\n%s", errb.String())
		} else {
			time.Sleep(10 * time.Millisecond)
		}
	}
	t.Cleanup(func() { d.stop(t) })
	d.waitReady(t)
	return d
}

func (d *daemon) waitReady(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get(d.url + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("%s/readyz never answered 200", d.url)
}

// stop cancels the serve command as Ctrl-C would and checks it exits 0.
func (d *daemon) stop(t *testing.T) {
	t.Helper()
	if d.cancel == nil {
		return
	}
	d.cancel()
	d.cancel = nil
	select {
	case code := <-d.done:
		if code != 0 {
			t.Errorf("serve exited %d; stderr:\n%s", code, d.stderr.String())
		}
	case <-time.After(20 * time.Second):
		t.Errorf("serve did not shut down within 20 s")
	}
}

func login(t *testing.T, url, user, password string) (int, string) {
	t.Helper()
	body := fmt.Sprintf(`{"username":%q,"password":%q}`, user, password)
	resp, err := http.Post(url+"/api/v1/sessions", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatalf("login: %v", err)
	}
	defer resp.Body.Close()
	var out struct{ Token string }
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out.Token
}

func cliAddUser(t *testing.T, password string, vars map[string]string, args ...string) (int, string) {
	t.Helper()
	env, out, errb := testEnv(password+"\n", vars, append([]string{"users", "add"}, args...)...)
	code := run(context.Background(), env)
	return code, out.String() + errb.String()
}

func TestUsersAddThenServeAndRestart(t *testing.T) {
	dir := t.TempDir()
	code, out := cliAddUser(t, "mật-khẩu-quản-trị", nil, "--data", dir, "--username", "quantri", "--role", "admin", "--password-stdin")
	if code != 0 || !strings.Contains(out, "created user quantri") {
		t.Fatalf("users add: exit %d, output %q", code, out)
	}
	for round := range 2 { // the second round is a restart on the same folder
		d := startServe(t, "--data", dir)
		if status, tok := login(t, d.url, "quantri", "mật-khẩu-quản-trị"); status != http.StatusCreated || tok == "" {
			t.Fatalf("round %d: login status %d", round, status)
		}
		d.stop(t)
	}
}

func TestUsersAddRefusals(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantOut  string
	}{
		{"no password-stdin", []string{"--data", dir, "--username", "a-user", "--role", "admin"}, 2, "--password-stdin is required"},
		{"unknown role", []string{"--data", dir, "--username", "a-user", "--role", "boss", "--password-stdin"}, 1, "role"},
		{"agency without code", []string{"--data", dir, "--username", "a-user", "--role", "agency", "--password-stdin"}, 1, "agency_code"},
		{"bad replicas", []string{"--data", dir, "--username", "a-user", "--role", "admin", "--replicas", "2", "--password-stdin"}, 2, "--replicas"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out := cliAddUser(t, "mat-khau-du-dai", nil, tt.args...)
			if code != tt.wantCode || !strings.Contains(out, tt.wantOut) {
				t.Errorf("exit %d output %q; want exit %d containing %q", code, out, tt.wantCode, tt.wantOut)
			}
		})
	}
	t.Run("duplicate username", func(t *testing.T) {
		args := []string{"--data", dir, "--username", "trung-ten", "--role", "auditor", "--password-stdin"}
		if code, out := cliAddUser(t, "mat-khau-du-dai", nil, args...); code != 0 {
			t.Fatalf("first add: exit %d %s", code, out)
		}
		if code, out := cliAddUser(t, "mat-khau-du-dai", nil, args...); code != 1 || !strings.Contains(out, "Tên đăng nhập đã có") {
			t.Errorf("second add: exit %d %q; want 1 and a taken-username message", code, out)
		}
	})
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// TestNatsListenExposesReadableStream checks that ops tools can reach the
// embedded server and read events as JSON, as the nats CLI would.
func TestNatsListenExposesReadableStream(t *testing.T) {
	dir, addr := t.TempDir(), freeAddr(t)
	if code, out := cliAddUser(t, "mat-khau-du-dai", nil, "--data", dir, "--username", "xem-log", "--role", "auditor", "--password-stdin"); code != 0 {
		t.Fatalf("users add: %d %s", code, out)
	}
	startServe(t, "--data", dir, "--nats-listen", addr)
	nc, err := nats.Connect("nats://" + addr)
	if err != nil {
		t.Fatalf("connect to exposed server: %v", err)
	}
	defer nc.Close()
	js, _ := natsjs.New(nc)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	stream, err := js.Stream(ctx, "DAOTAO")
	if err != nil {
		t.Fatalf("stream DAOTAO: %v", err)
	}
	msg, err := stream.GetLastMsgForSubject(ctx, "daotao.events.user.xem-log")
	if err != nil {
		t.Fatalf("read user event: %v", err)
	}
	var env struct{ Type string }
	if err := json.Unmarshal(msg.Data, &env); err != nil || env.Type != "user.created" {
		t.Errorf("event %s: type %q err %v; want readable JSON of user.created", msg.Data, env.Type, err)
	}
}

// TestExternalNATS runs users add and serve against a NATS server in
// another "process" (its own listener), as with a cluster.
func TestExternalNATS(t *testing.T) {
	ns, err := jetstream.StartEmbedded(jetstream.ServerConfig{StoreDir: t.TempDir(), Listen: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ns.Shutdown(); ns.WaitForShutdown() })
	url := ns.ClientURL()
	vars := map[string]string{"DAOTAO_NATS_URL": url}
	if code, out := cliAddUser(t, "mat-khau-du-dai", vars, "--username", "ngoai", "--role", "council", "--password-stdin"); code != 0 {
		t.Fatalf("users add --nats-url (from env): %d %s", code, out)
	}
	d := startServe(t, "--nats-url", url)
	if status, _ := login(t, d.url, "ngoai", "mat-khau-du-dai"); status != http.StatusCreated {
		t.Errorf("login against external NATS: %d", status)
	}
}

func TestUsageAndVersion(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want int
	}{{nil, 2}, {[]string{"version"}, 0}, {[]string{"nope"}, 2}, {[]string{"users"}, 2}, {[]string{"serve", "--replicas", "2"}, 2}} {
		env, _, _ := testEnv("", nil, tt.args...)
		if got := run(context.Background(), env); got != tt.want {
			t.Errorf("run(%q) = %d; want %d", tt.args, got, tt.want)
		}
	}
}
