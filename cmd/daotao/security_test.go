package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"

	"daotao/events/jetstream/jstest"
)

const natsPassword = "mat-khau-nats-7f3a9c"

// startSecureNATS starts a JetStream server that requires TLS with a
// client certificate signed by files.CA, and the user daotao with
// natsPassword. It returns its tls:// URL.
func startSecureNATS(t *testing.T, files jstest.TLSFiles) string {
	t.Helper()
	tc, err := server.GenTLSConfig(&server.TLSConfigOpts{CertFile: files.Cert, KeyFile: files.Key, CaFile: files.CA, Verify: true})
	if err != nil {
		t.Fatalf("server TLS config: %v", err)
	}
	ns, err := server.NewServer(&server.Options{Host: "127.0.0.1", Port: server.RANDOM_PORT, NoSigs: true,
		JetStream: true, StoreDir: t.TempDir(), SyncAlways: true,
		TLS: true, TLSVerify: true, TLSConfig: tc, TLSTimeout: 2,
		Users: []*server.User{{Username: "daotao", Password: natsPassword}}})
	if err != nil {
		t.Fatalf("new server: %v", err)
	}
	ns.Start()
	t.Cleanup(func() { ns.Shutdown(); ns.WaitForShutdown() })
	if !ns.ReadyForConnections(10 * time.Second) {
		t.Fatal("NATS server not ready")
	}
	return fmt.Sprintf("tls://127.0.0.1:%d", ns.Addr().(*net.TCPAddr).Port)
}

// TestNATSWithTLSAndPassword connects the command line and serve to a
// server that wants mutual TLS and a password, and checks that each
// missing or wrong piece fails with an error that says what to fix and
// never shows the password.
func TestNATSWithTLSAndPassword(t *testing.T) {
	files := jstest.WriteTLS(t, "localhost", "127.0.0.1")
	url := startSecureNATS(t, files)
	good := map[string]string{"DAOTAO_NATS_URL": url, "DAOTAO_NATS_USER": "daotao", "DAOTAO_NATS_PASSWORD": natsPassword,
		"DAOTAO_NATS_TLS_CA": files.CA, "DAOTAO_NATS_TLS_CERT": files.ClientCert, "DAOTAO_NATS_TLS_KEY": files.ClientKey}
	with := func(changes ...string) map[string]string {
		vars := map[string]string{}
		for k, v := range good {
			vars[k] = v
		}
		for i := 0; i+1 < len(changes); i += 2 {
			vars[changes[i]] = changes[i+1]
		}
		return vars
	}
	tests := []struct {
		name     string
		vars     map[string]string
		wantCode int
		wantOut  []string
	}{
		{"wrong password", with("DAOTAO_NATS_PASSWORD", "sai-mat-khau"), 1,
			[]string{`refused user "daotao" with the password from DAOTAO_NATS_PASSWORD`, "Authorization Violation"}},
		{"unknown user", with("DAOTAO_NATS_USER", "khach"), 1, []string{`refused user "khach"`}},
		{"no credentials", with("DAOTAO_NATS_USER", "", "DAOTAO_NATS_PASSWORD", ""), 1, []string{"without credentials"}},
		{"server CA not given", with("DAOTAO_NATS_TLS_CA", ""), 1, []string{"--nats-tls-ca"}},
		{"no client certificate", with("DAOTAO_NATS_TLS_CERT", "", "DAOTAO_NATS_TLS_KEY", ""), 1, []string{"--nats-tls-cert"}},
		{"everything right", good, 0, []string{"created user"}},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			user := fmt.Sprintf("nguoi-dung-%d", i)
			code, out := cliAddUser(t, "mat-khau-du-dai", tt.vars, "--username", user, "--role", "auditor", "--password-stdin")
			if code != tt.wantCode {
				t.Errorf("exit %d, want %d; output %q", code, tt.wantCode, out)
			}
			for _, w := range tt.wantOut {
				if !strings.Contains(out, w) {
					t.Errorf("output %q lacks %q", out, w)
				}
			}
			for _, secret := range []string{natsPassword, "sai-mat-khau"} {
				if strings.Contains(out, secret) {
					t.Errorf("output shows a password: %q", out)
				}
			}
		})
	}
	t.Run("serve", func(t *testing.T) {
		// nguoi-dung-5 was created by "everything right" above.
		d := startServeEnv(t, good, nil)
		if status, _ := login(t, d.url, "nguoi-dung-5", "mat-khau-du-dai"); status != http.StatusCreated {
			t.Errorf("login through serve on the TLS NATS: %d", status)
		}
	})
}

func TestNATSAuthFlagRefusals(t *testing.T) {
	tests := []struct {
		name string
		vars map[string]string
		args []string
		want string
	}{
		{"password as a flag", nil, []string{"--nats-url", "nats://x", "--nats-password", "p"}, "flag provided but not defined: -nats-password"},
		{"user without password", nil, []string{"--nats-url", "nats://x", "--nats-user", "daotao"}, "DAOTAO_NATS_PASSWORD go together"},
		{"password without user", map[string]string{"DAOTAO_NATS_PASSWORD": "p"}, []string{"--nats-url", "nats://x"}, "go together"},
		{"TLS with the embedded server", nil, []string{"--nats-tls-ca", "ca.pem"}, "apply to --nats-url only"},
		{"certificate without key", nil, []string{"--nats-url", "nats://x", "--nats-tls-cert", "c.pem"}, "--nats-tls-cert and --nats-tls-key go together"},
		{"two kinds of credentials", map[string]string{"DAOTAO_NATS_PASSWORD": "p"},
			[]string{"--nats-url", "nats://x", "--nats-user", "u", "--nats-creds", "x.creds"}, "one kind of NATS credentials"},
		{"HTTPS certificate without key", nil, []string{"--tls-cert", "c.pem"}, "--tls-cert and --tls-key go together"},
		{"bad metrics network", nil, []string{"--metrics-allow", "10.0.0.0"}, "--metrics-allow"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env, _, errb := testEnv("", tt.vars, append([]string{"serve", "--data", t.TempDir()}, tt.args...)...)
			// An undefined flag exits 1 (flag's own error), a bad
			// combination 2: either way serve does not start.
			if code := run(context.Background(), env); code == 0 || !strings.Contains(errb.String(), tt.want) {
				t.Errorf("exit %d, stderr %q; want a failure and %q", code, errb.String(), tt.want)
			}
		})
	}
}

var listeningAt = regexp.MustCompile(`listening on (https?://\S+)`)

// startServeEnv runs serve with vars as its environment; client (nil: the
// default) must be able to reach it.
func startServeEnv(t *testing.T, vars map[string]string, client *http.Client, args ...string) *daemon {
	t.Helper()
	if client == nil {
		client = http.DefaultClient
	}
	ctx, cancel := context.WithCancel(context.Background())
	env, out, errb := testEnv("", vars, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	d := &daemon{cancel: cancel, done: make(chan int, 1), stderr: errb}
	go func() { d.done <- run(ctx, env) }()
	t.Cleanup(func() { d.stop(t) })
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if m := listeningAt.FindStringSubmatch(out.String()); m != nil && d.url == "" {
			d.url = m[1]
		}
		if d.url != "" {
			if resp, err := client.Get(d.url + "/readyz"); err == nil {
				resp.Body.Close()
				if resp.StatusCode == http.StatusOK {
					return d
				}
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("serve at %q never became ready; stderr:\n%s", d.url, errb.String())
	return nil
}

// TestServeHTTPS serves with a certificate made for the test: HTTPS only,
// TLS 1.2 at least, HSTS, and Secure cookies without --secure-cookies.
func TestServeHTTPS(t *testing.T) {
	files := jstest.WriteTLS(t, "localhost", "127.0.0.1")
	pool := x509.NewCertPool()
	caPEM, err := os.ReadFile(files.CA)
	if err != nil || !pool.AppendCertsFromPEM(caPEM) {
		t.Fatalf("read CA: %v", err)
	}
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	d := startServeEnv(t, map[string]string{"DAOTAO_TLS_CERT": files.Cert, "DAOTAO_TLS_KEY": files.Key}, client, "--data", t.TempDir())
	if !strings.HasPrefix(d.url, "https://") {
		t.Fatalf("serve announced %s, want an https URL", d.url)
	}

	resp, err := client.Get(d.url + "/login")
	if err != nil {
		t.Fatalf("GET /login over HTTPS: %v", err)
	}
	resp.Body.Close()
	if resp.TLS == nil || resp.TLS.Version < tls.VersionTLS12 {
		t.Errorf("connection state %+v, want TLS ≥ 1.2", resp.TLS)
	}
	if hsts := resp.Header.Get("Strict-Transport-Security"); !strings.Contains(hsts, "max-age=") {
		t.Errorf("HSTS = %q, want a max-age", hsts)
	}
	cookies := resp.Cookies()
	if len(cookies) == 0 {
		t.Fatal("the login page set no cookie")
	}
	for _, c := range cookies {
		if !c.Secure {
			t.Errorf("cookie %s is not Secure over HTTPS", c.Name)
		}
	}

	old := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MaxVersion: tls.VersionTLS11}}}
	if resp, err := old.Get(d.url + "/healthz"); err == nil {
		resp.Body.Close()
		t.Errorf("a TLS 1.1 client was served")
	}
	plain := strings.Replace(d.url, "https://", "http://", 1)
	if resp, err := http.Get(plain + "/healthz"); err == nil {
		if resp.StatusCode == http.StatusOK {
			t.Errorf("plain HTTP on the HTTPS port answered 200")
		}
		resp.Body.Close()
	}
}

func TestServeHTTPSBadKeyPair(t *testing.T) {
	files := jstest.WriteTLS(t, "localhost")
	env, _, errb := testEnv("", nil, "serve", "--data", t.TempDir(), "--addr", "127.0.0.1:0", "--tls-cert", files.Cert, "--tls-key", files.ClientKey)
	if code := run(context.Background(), env); code != 1 || !strings.Contains(errb.String(), "load --tls-cert/--tls-key") {
		t.Errorf("exit %d, stderr %q; want 1 and a key pair error", code, errb.String())
	}
}

func TestProbe(t *testing.T) {
	d := startServe(t, "--data", t.TempDir())
	for _, tt := range []struct {
		url  string
		want int
	}{{d.url + "/readyz", 0}, {d.url + "/nowhere", 1}, {"http://127.0.0.1:1/readyz", 1}} {
		env, _, errb := testEnv("", nil, "probe", "--timeout", "2s", tt.url)
		if code := run(context.Background(), env); code != tt.want {
			t.Errorf("probe %s: exit %d, want %d; stderr %q", tt.url, code, tt.want, errb.String())
		}
	}
}
