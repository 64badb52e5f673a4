package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// benchKeys are the keys bench.json must have (issue 7), as paths.
var benchKeys = []string{
	"raw.append_per_s", "raw.append_p99_ms", "raw.drain_per_s",
	"app.commands_per_s", "app.p50_ms", "app.p99_ms",
	"rebuild.events", "rebuild.events_per_s", "restart.ready_s",
	"query.queue_p99_ms", "query.dashboard_p99_ms", "memory.rss_mib",
	"ratio.commands_vs_raw", "ratio.rebuild_vs_drain",
	"machine.cores", "machine.go_version", "machine.git_commit", "nats.mode", "nats.replicas",
	// not asked for by the issue: the diagnosis round with a consumer
	// following the raw stream
	"raw.followed_per_s", "ratio.followed_vs_raw",
	// and the one behind a bare HTTP server
	"raw.http_per_s", "raw.http_p99_ms", "ratio.http_vs_raw", "ratio.commands_vs_http",
}

// TestBenchQuick runs `daotao bench --scale province` at test sizes
// (DAOTAO_BENCH_QUICK=1), restart included as a child process, and checks
// that bench.json has every key with a measured value.
func TestBenchQuick(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole benchmark and a child `daotao serve`")
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "bench.json")
	vars := map[string]string{"DAOTAO_BENCH_QUICK": "1", "DAOTAO_BENCH_EXEC_PREFIX": "-test.run=^$ --"}
	env, stdout, stderr := testEnv("", vars, "bench", "--scale", "province", "--data", filepath.Join(dir, "data"),
		"--out", out, "--clients", "8")
	if code := run(t.Context(), env); code != 0 {
		t.Fatalf("bench: exit %d\n%s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "commands vs raw append") {
		t.Errorf("no table on stdout:\n%s", stdout.String())
	}
	doc := readJSON(t, out)
	for _, key := range benchKeys {
		v, ok := lookup(doc, key)
		if !ok {
			t.Errorf("bench.json has no %s", key)
			continue
		}
		if n, isNum := v.(float64); isNum && n <= 0 && !strings.HasPrefix(key, "ratio.commands_vs") {
			t.Errorf("%s = %v, want a measurement > 0", key, n)
		}
	}
}

func readJSON(t *testing.T, path string) map[string]any {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("bench.json: %v", err)
	}
	return doc
}

// lookup follows a dotted path through nested JSON objects.
func lookup(doc map[string]any, path string) (any, bool) {
	var v any = doc
	for _, k := range strings.Split(path, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		if v, ok = m[k]; !ok {
			return nil, false
		}
	}
	return v, true
}

func TestPercentile(t *testing.T) {
	ms := func(n int) time.Duration { return time.Duration(n) * time.Millisecond }
	var s []time.Duration
	for i := 1; i <= 100; i++ {
		s = append(s, ms(i))
	}
	tests := []struct {
		name string
		in   []time.Duration
		p    float64
		want time.Duration
	}{
		{"empty", nil, 0.99, 0},
		{"p50 of 1..100", s, 0.50, ms(50)},
		{"p99 of 1..100", s, 0.99, ms(99)},
		{"max", s, 1, ms(100)},
		{"one sample", s[:1], 0.99, ms(1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := percentile(tt.in, tt.p); got != tt.want {
				t.Errorf("percentile(%v) = %v, want %v", tt.p, got, tt.want)
			}
		})
	}
}

func TestThousands(t *testing.T) {
	for in, want := range map[float64]string{0: "0", 999: "999", 1000: "1,000", 1234567.4: "1,234,567", -4321: "-4,321"} {
		if got := thousands(in); got != want {
			t.Errorf("thousands(%v) = %q, want %q", in, got, want)
		}
	}
}
