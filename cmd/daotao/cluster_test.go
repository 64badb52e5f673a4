package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	natsjs "github.com/nats-io/nats.go/jetstream"
)

// TestClusterWithTwoReplicas runs a 3-node NATS JetStream cluster (three
// processes on 127.0.0.1, every write synced) with the event stream on
// three replicas, and two `daotao serve --nats-url` processes on it. While
// clients send commands through both, each round kills one NATS node with
// SIGKILL and starts it again on its folder, then does the same to one
// app replica. Afterwards nothing acknowledged may be missing or doubled,
// `daotao check` and `daotao verify` must pass, and both replicas must
// list exactly what a fresh replay of the log lists.
//
// Rounds: 3, or DAOTAO_CLUSTER_ROUNDS.
func TestClusterWithTwoReplicas(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a 3-node NATS cluster and two app processes")
	}
	rounds := envRounds(t, "DAOTAO_CLUSTER_ROUNDS", 3)
	nodes := startNATSCluster(t, 3)
	urls := natsURLs(nodes)
	waitStreamReplicas(t, urls, "", 60*time.Second)
	addFleetUsers(t, "--nats-url", urls, "--replicas", "3")
	leader := waitStreamReplicas(t, urls, "DAOTAO", 60*time.Second)
	apps := make([]*child, 2)
	for i := range apps {
		apps[i] = newChild(t, fmt.Sprintf("serve-%c", 'a'+i), nil, "serve", "--nats-url", urls, "--replicas", "3", "--addr", "127.0.0.1:0")
		apps[i].startEventually(5)
		(&daemon{url: apps[i].url}).waitReady(t)
	}
	f := newFleet(t, apps[0].url, apps[1].url)
	stop := f.run(32)
	rng := rand.New(rand.NewPCG(crashSeed(t), 3))
	began := time.Now()
	for round := range rounds {
		time.Sleep(time.Duration(300+rng.IntN(501)) * time.Millisecond)
		node := nodeOther(nodes, leader, round) // the stream's leader in every other round
		node.kill()
		time.Sleep(time.Duration(300+rng.IntN(701)) * time.Millisecond)
		node.start()
		app := round % len(apps)
		time.Sleep(time.Duration(100+rng.IntN(401)) * time.Millisecond)
		apps[app].kill()
		apps[app].startEventually(5)
		f.point(app, apps[app].url)
		(&daemon{url: apps[app].url}).waitReady(t)
		leader = waitStreamReplicas(t, urls, "DAOTAO", 60*time.Second)
		t.Logf("round %d: killed and restarted %s and %s (%v)", round+1, node.name, apps[app].name, time.Since(began).Round(time.Millisecond))
	}
	sent := stop()
	t.Logf("%d commands, final answers %v; attempts answered %s", len(sent), tally(sent), f.answerCounts())
	checkRetried(t, sent)
	recs, fresh := readLogAt(t, urls)
	t.Log(logStats(recs))
	checkAcknowledged(t, recs, sent, f.logins())
	want := freshListings(t, fresh)
	for _, app := range apps {
		compareListings(t, app.name, listingsOf(t, app.url, f.council[0].token, lastSeq(recs)), want)
	}
	mustCLI(t, "check", "--nats-url", urls)
	mustCLI(t, "verify", "--nats-url", urls)
}

// envRounds returns the number in the variable name, else def.
func envRounds(t *testing.T, name string, def int) int {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		t.Fatalf("%s=%q: want a number of rounds", name, v)
	}
	return n
}

// nodeOther returns the node named leader in even rounds, another node in
// odd ones.
func nodeOther(nodes []*natsNode, leader string, round int) *natsNode {
	var others []*natsNode
	for _, n := range nodes {
		if n.name == leader && round%2 == 0 {
			return n
		}
		if n.name != leader {
			others = append(others, n)
		}
	}
	return others[round%len(others)]
}

// waitStreamReplicas waits until the cluster at urls answers JetStream
// requests and, if stream is given, the stream has a leader and every
// replica is current: a node that was killed has caught up again. It
// returns the name of the stream's leader.
func waitStreamReplicas(t *testing.T, urls, stream string, limit time.Duration) string {
	t.Helper()
	nc, err := nats.Connect(urls, nats.MaxReconnects(-1))
	if err != nil {
		t.Fatalf("connect to %s: %v", urls, err)
	}
	defer nc.Close()
	js, err := natsjs.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(limit)
	why := ""
	for time.Now().Before(deadline) {
		var leader string
		if leader, why = streamHealth(js, stream); why == "" {
			return leader
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("cluster not healthy after %v: %s", limit, why)
	return ""
}

// streamHealth returns the leader of stream (if any) and "" when
// JetStream answers and the stream has a leader and only current
// replicas, else what is wrong.
func streamHealth(js natsjs.JetStream, stream string) (string, string) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if _, err := js.AccountInfo(ctx); err != nil {
		return "", err.Error()
	}
	if stream == "" {
		return "", ""
	}
	s, err := js.Stream(ctx, stream)
	if err != nil {
		return "", err.Error()
	}
	c := s.CachedInfo().Cluster
	if c == nil || c.Leader == "" || len(c.Replicas) != 2 {
		return "", fmt.Sprintf("stream cluster %+v", c)
	}
	for _, r := range c.Replicas {
		if !r.Current || r.Offline {
			return "", fmt.Sprintf("replica %s is not current", r.Name)
		}
	}
	return c.Leader, ""
}
