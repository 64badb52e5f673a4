package jetstream_test

import (
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"

	"daotao/events"
	"daotao/events/jetstream"
)

// TestSubscribeSurvivesServerRestart restarts the server under a TCP
// client: the subscription's ordered consumer, lost with the server's
// memory, must be recreated after the reconnect and carry on in order.
func TestSubscribeSurvivesServerRestart(t *testing.T) {
	dir := t.TempDir()
	ns := startListening(t, dir, "127.0.0.1:0")
	addr, _ := url.Parse(ns.ClientURL())
	reconnected := make(chan struct{}, 1)
	nc, err := nats.Connect(ns.ClientURL(), nats.MaxReconnects(-1), nats.ReconnectWait(50*time.Millisecond),
		nats.ReconnectHandler(func(*nats.Conn) { reconnected <- struct{}{} }))
	if err != nil {
		t.Fatalf("Connect: %v", err)
	}
	defer nc.Close()
	st := open(t, nc, jetstream.Config{})
	got := make(chan uint64, 10)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	err = st.Subscribe(ctx, 1, func(r events.Recorded) error { got <- r.Seq; return nil })
	if err != nil {
		t.Fatalf("Subscribe: %v", err)
	}
	e := newEvent(t)
	mustAppend(t, st, e, 0)
	wantSeq(t, got, 1)

	ns.Shutdown()
	ns.WaitForShutdown()
	startListening(t, dir, addr.Host)
	// A publish sent before the client notices the restart is lost (the
	// store reports ErrUnavailable); this test is about the subscription.
	select {
	case <-reconnected:
	case <-time.After(10 * time.Second):
		t.Fatal("client did not reconnect within 10s")
	}
	mustAppend(t, st, eventOn(t, e.Subject), 1)
	wantSeq(t, got, 2)
}

// startListening starts a server on dir listening on listen and stops it
// when the test ends.
func startListening(t *testing.T, dir, listen string) *server.Server {
	t.Helper()
	ns, err := jetstream.StartEmbedded(jetstream.ServerConfig{StoreDir: dir, Listen: listen})
	if err != nil {
		t.Fatalf("StartEmbedded: %v", err)
	}
	t.Cleanup(func() { ns.Shutdown(); ns.WaitForShutdown() })
	return ns
}

// mustAppend appends e expecting expected and fails the test on an error.
func mustAppend(t *testing.T, st *jetstream.Store, e events.Envelope, expected uint64) {
	t.Helper()
	if _, err := st.Append(context.Background(), e, expected, e.ID); err != nil {
		t.Fatalf("Append: %v", err)
	}
}

// wantSeq waits up to 30s for the next delivered sequence and checks it.
func wantSeq(t *testing.T, got <-chan uint64, want uint64) {
	t.Helper()
	select {
	case seq := <-got:
		if seq != want {
			t.Fatalf("delivered %d; want %d", seq, want)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("sequence %d not delivered within 30s", want)
	}
}
