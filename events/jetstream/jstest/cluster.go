package jstest

import (
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"

	"daotao/events/jetstream"
)

// clusterReadyTimeout bounds the wait for a new cluster's meta leader; it
// usually takes well under a second.
const clusterReadyTimeout = 30 * time.Second

// StartCluster starts n embedded JetStream servers on 127.0.0.1 that form
// the cluster "daotao-test", each syncing every write and storing in its
// own tb.TempDir(), and waits until the cluster has a meta leader that
// sees all n peers. Cleanup shuts every server down.
func StartCluster(tb testing.TB, n int) []*server.Server {
	tb.Helper()
	routes := make([]string, n)
	for i, port := range freePorts(tb, n) {
		routes[i] = fmt.Sprintf("nats-route://127.0.0.1:%d", port)
	}
	dirs := make([]string, n)
	for i := range dirs {
		dirs[i] = tb.TempDir()
	}
	// Registered after the temporary directories, so it runs before they
	// are removed.
	servers := make([]*server.Server, 0, n)
	tb.Cleanup(func() {
		for _, ns := range servers {
			ns.Shutdown()
			ns.WaitForShutdown()
		}
	})
	for i := range n {
		ns, err := jetstream.StartEmbedded(jetstream.ServerConfig{
			StoreDir:   dirs[i],
			Listen:     "127.0.0.1:0",
			ServerName: fmt.Sprintf("jstest-%d", i+1),
			Cluster: &jetstream.ClusterConfig{
				Name:   "daotao-test",
				Listen: strings.TrimPrefix(routes[i], "nats-route://"),
				Routes: routes,
			},
		})
		if err != nil {
			tb.Fatalf("start cluster node %d: %v", i+1, err)
		}
		servers = append(servers, ns)
	}
	waitClusterReady(tb, servers)
	return servers
}

// ClusterURLs returns the client URLs of servers, comma-separated, as
// nats.Connect takes them.
func ClusterURLs(servers []*server.Server) string {
	urls := make([]string, len(servers))
	for i, ns := range servers {
		urls[i] = ns.ClientURL()
	}
	return strings.Join(urls, ",")
}

// ConnectCluster connects to servers over TCP, reconnecting to another
// node when the current one goes away. Cleanup closes the connection.
func ConnectCluster(tb testing.TB, servers []*server.Server) *nats.Conn {
	tb.Helper()
	nc, err := nats.Connect(ClusterURLs(servers),
		nats.Name(tb.Name()),
		nats.MaxReconnects(-1),
		nats.ReconnectWait(50*time.Millisecond),
		nats.ReconnectJitter(0, 0),
	)
	if err != nil {
		tb.Fatalf("connect to cluster: %v", err)
	}
	tb.Cleanup(nc.Close)
	return nc
}

// freePorts returns n distinct ports that were free a moment ago.
func freePorts(tb testing.TB, n int) []int {
	tb.Helper()
	ports := make([]int, n)
	for i := range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			tb.Fatalf("find a free port: %v", err)
		}
		// Held open until all are picked, so that no port comes twice.
		defer l.Close()
		ports[i] = l.Addr().(*net.TCPAddr).Port
	}
	return ports
}

// waitClusterReady waits until one of servers is the meta leader, sees
// every server as a peer, and every server's meta log is current.
func waitClusterReady(tb testing.TB, servers []*server.Server) {
	tb.Helper()
	deadline := time.Now().Add(clusterReadyTimeout)
	for !clusterReady(servers) {
		if time.Now().After(deadline) {
			tb.Fatalf("cluster of %d has no meta leader seeing every peer after %v", len(servers), clusterReadyTimeout)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// clusterReady reports whether the cluster of servers can serve JetStream.
func clusterReady(servers []*server.Server) bool {
	leaders := 0
	for _, ns := range servers {
		if !ns.JetStreamIsCurrent() {
			return false
		}
		if ns.JetStreamIsLeader() {
			leaders++
			if len(ns.JetStreamClusterPeers()) != len(servers) {
				return false
			}
		}
	}
	return leaders == 1
}
