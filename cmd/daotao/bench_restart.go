package main

import (
	"bufio"
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// restartTimeout bounds how long a restart may take before the benchmark
// gives up on it.
const restartTimeout = 10 * time.Minute

var benchListening = regexp.MustCompile(`listening on (https?://\S+)`)

// restartPhase times a real start: this executable run as `daotao serve`
// on the same data, from exec until /readyz answers 200. The embedded
// server is shut down first, since two servers cannot share a store
// folder.
func (b *bench) restartPhase(ctx context.Context) error {
	last, err := b.be.store.LastSeq(ctx)
	if err != nil {
		return err
	}
	args := []string{"serve", "--addr", "127.0.0.1:0", "--demo=false"}
	if b.be.ns != nil {
		args = append(args, "--data", b.f.data, "--nats-url=", "--nats-listen=")
		b.be.close()
		b.be = nil
	} else {
		args = append(args, "--nats-url", b.f.natsURL, "--nats-creds", b.f.natsCreds, "--replicas", strconv.Itoa(b.f.replicas))
	}
	b.progress(fmt.Sprintf("restart: daotao serve on %d events", last))
	listen, ready, err := b.timeStart(ctx, args)
	if err != nil {
		return err
	}
	b.rep.Restart = restartResult{Method: "process", ListenS: round3(listen.Seconds()), ReadyS: round3(ready.Seconds()), LogEvents: last}
	return nil
}

// selfCommand runs this executable with args. DAOTAO_BENCH_EXEC_PREFIX
// (for tests, whose executable is the test binary) puts arguments before
// them and marks the child as standing in for the daotao binary.
func (b *bench) selfCommand(ctx context.Context, args []string) (*exec.Cmd, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	prefix := strings.Fields(b.env.getenv("DAOTAO_BENCH_EXEC_PREFIX"))
	cmd := exec.CommandContext(ctx, self, append(prefix, args...)...)
	cmd.Env = append(os.Environ(), "DAOTAO_LOG_LEVEL=error")
	if len(prefix) > 0 {
		cmd.Env = append(cmd.Env, "DAOTAO_AS_BINARY=1")
	}
	cmd.Stderr = b.env.stderr
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 30 * time.Second
	return cmd, nil
}

// timeStart starts `daotao args...` and returns how long it took to
// listen and to be ready; it then stops it with an interrupt.
func (b *bench) timeStart(ctx context.Context, args []string) (listen, ready time.Duration, err error) {
	ctx, cancel := context.WithTimeout(ctx, restartTimeout)
	defer cancel()
	cmd, err := b.selfCommand(ctx, args)
	if err != nil {
		return 0, 0, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return 0, 0, err
	}
	began := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, 0, err
	}
	defer func() {
		_ = cmd.Process.Signal(os.Interrupt)
		_ = cmd.Wait()
	}()
	base, err := listeningURL(ctx, out)
	if err != nil {
		return 0, 0, err
	}
	listen = time.Since(began)
	if err := waitReady(ctx, base); err != nil {
		return 0, 0, err
	}
	return listen, time.Since(began), nil
}

// listeningURL reads the child's stdout until it says where it listens,
// then keeps draining it.
func listeningURL(ctx context.Context, out io.Reader) (string, error) {
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if m := benchListening.FindStringSubmatch(sc.Text()); m != nil {
				select {
				case found <- m[1]:
				default:
				}
			}
		}
		close(found)
	}()
	select {
	case u, ok := <-found:
		if !ok {
			return "", fmt.Errorf("daotao serve ended before listening")
		}
		return u, nil
	case <-ctx.Done():
		return "", fmt.Errorf("daotao serve did not listen: %w", ctx.Err())
	}
}

// waitReady polls base/readyz every 5 ms until it answers 200.
func waitReady(ctx context.Context, base string) error {
	// The child is ours, on loopback: a certificate it made for itself is
	// fine to accept for a readiness probe.
	hc := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/readyz", nil)
		if resp, err := hc.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("daotao serve at %s not ready: %w", base, ctx.Err())
		case <-time.After(5 * time.Millisecond):
		}
	}
}
