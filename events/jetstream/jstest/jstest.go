// Package jstest starts real embedded NATS servers for tests: one server or
// one cluster per call, in the test's temporary directories, shut down when
// the test ends.
package jstest

import (
	"context"
	"testing"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"

	"daotao/events/jetstream"
)

// StartServer starts an embedded JetStream server in tb.TempDir() and
// connects to it in-process. Cleanup closes the connection, shuts the
// server down and waits for it.
func StartServer(tb testing.TB) (*server.Server, *nats.Conn) {
	tb.Helper()
	ns, err := jetstream.StartEmbedded(jetstream.ServerConfig{StoreDir: tb.TempDir(), ServerName: "jstest"})
	if err != nil {
		tb.Fatalf("start server: %v", err)
	}
	nc, err := jetstream.ConnectEmbedded(ns, tb.Name())
	if err != nil {
		ns.Shutdown()
		tb.Fatalf("connect: %v", err)
	}
	tb.Cleanup(func() {
		nc.Close()
		ns.Shutdown()
		ns.WaitForShutdown()
	})
	return ns, nc
}

// Open returns a store with default settings on a fresh server.
func Open(tb testing.TB) *jetstream.Store {
	tb.Helper()
	_, nc := StartServer(tb)
	st, err := jetstream.Open(context.Background(), nc, jetstream.Config{})
	if err != nil {
		tb.Fatalf("open store: %v", err)
	}
	return st
}
