package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"daotao/events/jetstream"
)

// natsChild is what the test binary runs with DAOTAO_TEST_NATS=1 (see
// TestMain): a NATS JetStream server, syncing every write, on --data and
// --listen, optionally one node of the cluster --cluster, until it is
// interrupted or killed. It stands in for a nats-server process, so that a
// test can kill -9 the event store under the application.
func natsChild(args []string) int {
	fs := flag.NewFlagSet("nats", flag.ContinueOnError)
	var cfg jetstream.ServerConfig
	var cluster, clusterListen, routes string
	fs.StringVar(&cfg.StoreDir, "data", "", "JetStream store folder")
	fs.StringVar(&cfg.Listen, "listen", "127.0.0.1:0", "client listen address")
	fs.StringVar(&cfg.ServerName, "name", "", "server name (required in a cluster)")
	fs.StringVar(&cluster, "cluster", "", "cluster name; empty: a single server")
	fs.StringVar(&clusterListen, "cluster-listen", "", "route listen address")
	fs.StringVar(&routes, "routes", "", "comma-separated route URLs of every node")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if cluster != "" {
		cfg.Cluster = &jetstream.ClusterConfig{Name: cluster, Listen: clusterListen, Routes: strings.Split(routes, ",")}
	}
	ns, err := jetstream.StartEmbedded(cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Printf("nats listening on %s\n", ns.ClientURL())
	ctx, stop := signalContext()
	defer stop()
	<-ctx.Done()
	ns.Shutdown()
	ns.WaitForShutdown()
	return 0
}

// natsNode is one NATS server process of a test: kill it, start it again,
// and it comes back on the same address and store folder.
type natsNode struct {
	*child
	addr string
}

// startNATS starts a single NATS server process storing in dir.
func startNATS(t *testing.T, dir string) *natsNode {
	t.Helper()
	addr := freeAddrs(t, 1)[0]
	n := &natsNode{child: newChild(t, "nats", []string{"DAOTAO_TEST_NATS=1"}, "--data", dir, "--listen", addr), addr: addr}
	n.start()
	return n
}

// startNATSCluster starts a cluster of n NATS server processes on
// 127.0.0.1, each in its own folder, and returns them once every node
// listens; the cluster may still be electing its meta leader.
func startNATSCluster(t *testing.T, n int) []*natsNode {
	t.Helper()
	addrs := freeAddrs(t, 2*n)
	routes := make([]string, n)
	for i := range n {
		routes[i] = "nats-route://" + addrs[n+i]
	}
	nodes := make([]*natsNode, n)
	for i := range n {
		name := fmt.Sprintf("nats-%d", i+1)
		nodes[i] = &natsNode{addr: addrs[i], child: newChild(t, name, []string{"DAOTAO_TEST_NATS=1"},
			"--data", t.TempDir(), "--listen", addrs[i], "--name", name, "--cluster", "daotao-crash",
			"--cluster-listen", addrs[n+i], "--routes", strings.Join(routes, ","))}
	}
	for _, node := range nodes {
		node.start()
	}
	return nodes
}

// natsURLs returns the client URLs of nodes, comma-separated.
func natsURLs(nodes []*natsNode) string {
	urls := make([]string, len(nodes))
	for i, n := range nodes {
		urls[i] = "nats://" + n.addr
	}
	return strings.Join(urls, ",")
}
