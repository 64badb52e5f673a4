package main

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"regexp"
	"sync"
	"testing"
	"time"
)

// child is a daotao command, or a test NATS server (natsChild), running as
// a separate OS process that a test can kill -9 and start again with the
// same arguments, as a crash and a restart by systemd would.
type child struct {
	t      *testing.T
	name   string
	env    []string
	args   []string
	cmd    *exec.Cmd
	url    string // from the process's "listening on URL" line
	stderr *syncBuffer
	exited chan struct{}
}

// childURL is the line a child prints once it accepts connections.
var childURL = regexp.MustCompile(`listening on ((?:http|nats)://\S+)`)

// newChild prepares the command `daotao args...` (env adds variables: with
// DAOTAO_TEST_NATS=1 the process is a NATS server instead); start runs it.
// Cleanup kills it if it still runs.
func newChild(t *testing.T, name string, env []string, args ...string) *child {
	t.Helper()
	c := &child{t: t, name: name, env: env, args: args, stderr: &syncBuffer{}}
	t.Cleanup(func() {
		if c.running() {
			c.kill()
		}
	})
	return c
}

// start runs the process and waits until it prints the URL it listens on.
func (c *child) start() {
	c.t.Helper()
	if err := c.launch(); err != nil {
		c.t.Fatal(err)
	}
}

// startEventually starts the process, and starts it again while it exits
// without listening (as systemd or Kubernetes would), up to attempts times.
func (c *child) startEventually(attempts int) {
	c.t.Helper()
	for i := 1; ; i++ {
		err := c.launch()
		if err == nil {
			return
		}
		if i == attempts {
			c.t.Fatal(err)
		}
		c.t.Logf("%v; starting it again", err)
		time.Sleep(500 * time.Millisecond)
	}
}

// launch runs the process and waits until it prints the URL it listens
// on. It returns an error if the process exits first or is silent for a
// minute.
func (c *child) launch() error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	found := make(chan string, 1)
	c.cmd = exec.Command(self, append([]string{"-test.run=^$", "--"}, c.args...)...)
	c.cmd.Env = append(append(os.Environ(), "DAOTAO_AS_BINARY=1", "DAOTAO_LOG_LEVEL=warn"), c.env...)
	c.cmd.Stdout = &lineWatcher{found: found}
	c.cmd.Stderr = c.stderr
	began := time.Now()
	if err := c.cmd.Start(); err != nil {
		return fmt.Errorf("start %s: %w", c.name, err)
	}
	c.exited = make(chan struct{})
	go func(cmd *exec.Cmd, exited chan struct{}) { _ = cmd.Wait(); close(exited) }(c.cmd, c.exited)
	select {
	case c.url = <-found:
		c.t.Logf("%s started in %v: %s", c.name, time.Since(began).Round(time.Millisecond), c.url)
		return nil
	case <-c.exited:
		return fmt.Errorf("%s exited before listening: %v\n%s", c.name, c.cmd.ProcessState, c.tail())
	case <-time.After(60 * time.Second):
		c.kill()
		return fmt.Errorf("%s did not listen within 60 s\n%s", c.name, c.tail())
	}
}

// running reports whether the process was started and has not exited.
func (c *child) running() bool {
	if c.exited == nil {
		return false
	}
	select {
	case <-c.exited:
		return false
	default:
		return true
	}
}

// kill sends SIGKILL and waits until the process is gone: nothing of it
// runs any more, no deferred function, no flush.
func (c *child) kill() {
	_ = c.cmd.Process.Kill()
	<-c.exited
}

// stop interrupts the process as Ctrl-C would and fails the test unless it
// exits 0 within 20 s.
func (c *child) stop() {
	c.t.Helper()
	_ = c.cmd.Process.Signal(os.Interrupt)
	select {
	case <-c.exited:
	case <-time.After(20 * time.Second):
		c.kill()
		c.t.Errorf("%s did not stop within 20 s", c.name)
		return
	}
	if code := c.cmd.ProcessState.ExitCode(); code != 0 {
		c.t.Errorf("%s exited %d\n%s", c.name, code, c.tail())
	}
}

// tail returns the end of the process's standard error, for failures.
func (c *child) tail() string {
	s := c.stderr.String()
	if len(s) > 4000 {
		s = "…" + s[len(s)-4000:]
	}
	return s
}

// lineWatcher passes the URL of the first "listening on" line written to
// it to found and discards everything.
type lineWatcher struct {
	mu    sync.Mutex
	line  []byte
	found chan string
}

func (w *lineWatcher) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, b := range p {
		if w.found == nil {
			break
		}
		if b != '\n' {
			w.line = append(w.line, b)
			continue
		}
		if m := childURL.FindSubmatch(w.line); m != nil {
			w.found <- string(m[1])
			w.found = nil
		}
		w.line = w.line[:0]
	}
	return len(p), nil
}

// freeAddrs returns n distinct 127.0.0.1 addresses whose ports were free a
// moment ago, for servers that must come back on the same port.
func freeAddrs(t *testing.T, n int) []string {
	t.Helper()
	out := make([]string, n)
	for i := range out {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		// Held open until all are picked, so that no port comes twice.
		defer ln.Close()
		out[i] = ln.Addr().String()
	}
	return out
}
