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
	"slices"
	"strconv"
	"strings"
	"time"

	"daotao/projections"
)

// restartTimeout bounds how long a restart may take before the benchmark
// gives up on it.
const restartTimeout = 10 * time.Minute

var benchListening = regexp.MustCompile(`listening on (https?://\S+)`)

// restartSettle is how long after /readyz the restarted process's memory
// is read.
const restartSettle = 3 * time.Second

// restartPhase times a real start: this executable run as `daotao serve`
// on the same data, from exec until /readyz answers 200, once replaying
// the whole log (--snapshots=false) and once from the snapshot
// snapshotPhase took. The embedded server is shut down first, since two
// servers cannot share a store folder.
func (b *bench) restartPhase(ctx context.Context) error {
	last, err := b.be.store.LastSeq(ctx)
	if err != nil {
		return err
	}
	b.rep.Restart.Snapshot.TailEvents = last - b.rep.Restart.Snapshot.Seq
	args := []string{"serve", "--addr", "127.0.0.1:0", "--demo=false", "--snapshot-every=0", "--snapshot-interval=0"}
	if b.be.ns != nil {
		args = append(args, "--data", b.f.data, "--nats-url=", "--nats-listen=")
		b.be.close()
		b.be = nil
	} else {
		args = append(args, "--nats-url", b.f.natsURL, "--nats-creds", b.f.natsCreds, "--replicas", strconv.Itoa(b.f.replicas))
	}
	if !b.f.skipFullReplay {
		b.progress(fmt.Sprintf("restart: daotao serve on %d events, replaying them all", last))
		_, full, _, err := b.timeStart(ctx, append(slices.Clone(args), "--snapshots=false"))
		if err != nil {
			return err
		}
		b.rep.Restart.FullReplayS = round3(full.Seconds())
	}
	b.progress(fmt.Sprintf("restart: daotao serve on %d events, from the snapshot at %d", last, b.rep.Restart.Snapshot.Seq))
	listen, ready, rss, err := b.timeStart(ctx, args)
	if err != nil {
		return err
	}
	r := &b.rep.Restart
	r.Method, r.ListenS, r.ReadyS, r.LogEvents, r.RSSMiB = "process", round3(listen.Seconds()), round3(ready.Seconds()), last, rss
	return nil
}

// snapshotPhase takes a snapshot of state into the store, as serve does.
func (b *bench) snapshotPhase(ctx context.Context, state *projections.State) error {
	b.progress("snapshot of the projections")
	sn := &projections.Snapshotter{Store: b.be.store, Log: b.be.store, Code: snapshotCode(), Logger: b.log}
	sn.Attach(state)
	began := time.Now()
	info, err := sn.Save(ctx)
	if err != nil {
		return err
	}
	b.rep.Restart.Snapshot = snapshotResult{Seq: info.Seq, Bytes: info.BodyBytes, SaveS: round3(time.Since(began).Seconds())}
	return nil
}

// processRSS returns the resident memory of process pid in MiB (0 where
// /proc is not there).
func processRSS(pid int) float64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(data)) {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			return round3(kb / 1024)
		}
	}
	return 0
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
// listen and to be ready, and its resident memory then; it then stops it
// with an interrupt.
func (b *bench) timeStart(ctx context.Context, args []string) (listen, ready time.Duration, rssMiB float64, err error) {
	ctx, cancel := context.WithTimeout(ctx, restartTimeout)
	defer cancel()
	cmd, err := b.selfCommand(ctx, args)
	if err != nil {
		return 0, 0, 0, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return 0, 0, 0, err
	}
	began := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, 0, 0, err
	}
	defer func() {
		_ = cmd.Process.Signal(os.Interrupt)
		_ = cmd.Wait()
	}()
	base, err := listeningURL(ctx, out)
	if err != nil {
		return 0, 0, 0, err
	}
	listen = time.Since(began)
	if err := waitReady(ctx, base); err != nil {
		return 0, 0, 0, err
	}
	ready = time.Since(began)
	// Once ready, serve gives the replay's garbage back to the system.
	time.Sleep(restartSettle)
	return listen, ready, processRSS(cmd.Process.Pid), nil
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
