package main

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"daotao/events/jetstream/jstest"
)

// TestBenchCluster runs the benchmark against a 3-node cluster on this
// machine with the stream replicated three times (R3), through --nats-url
// with the three URLs, and checks that bench.json says so. By default at
// test sizes; DAOTAO_BENCH_CLUSTER_OUT=FILE runs the province scale and
// writes its bench.json there (the README's cluster figures).
func TestBenchCluster(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a 3-node cluster and runs the benchmark on it")
	}
	servers := jstest.StartCluster(t, 3)
	out := os.Getenv("DAOTAO_BENCH_CLUSTER_OUT")
	vars := map[string]string{"DAOTAO_BENCH_EXEC_PREFIX": "-test.run=^$ --"}
	args := []string{"bench", "--scale", "province", "--nats-url", jstest.ClusterURLs(servers), "--replicas", "3"}
	if out == "" {
		vars["DAOTAO_BENCH_QUICK"] = "1"
		out = filepath.Join(t.TempDir(), "bench.json")
		args = append(args, "--clients", "8")
	}
	env, _, stderr := testEnv("", vars, append(args, "--out", out)...)
	if code := run(t.Context(), env); code != 0 {
		t.Fatalf("bench: exit %d\n%s", code, stderr.String())
	}
	doc := readJSON(t, out)
	replicas, _ := lookup(doc, "nats.replicas")
	cluster, _ := lookup(doc, "nats.cluster")
	peers, _ := lookup(doc, "nats.cluster_peers")
	if replicas != float64(3) || cluster != "daotao-test" || len(peers.([]any)) != 3 {
		t.Errorf("bench.json nats = replicas %v, cluster %v, peers %v; want 3, daotao-test, 3 peers", replicas, cluster, peers)
	}
	for _, key := range benchKeys {
		if v, ok := lookup(doc, key); !ok {
			t.Errorf("bench.json has no %s", key)
		} else if n, isNum := v.(float64); isNum && n <= 0 && key != "ratio.commands_vs_raw" {
			t.Errorf("%s = %v, want a measurement > 0", key, strconv.FormatFloat(n, 'g', -1, 64))
		}
	}
}
