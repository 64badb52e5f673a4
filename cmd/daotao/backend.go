package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"

	"daotao/events/jetstream"
)

// backend is the event store and what it runs on: an embedded NATS server
// on the data folder, or a connection to an external server or cluster.
type backend struct {
	store *jetstream.Store
	nc    *nats.Conn
	ns    *server.Server
}

func openBackend(ctx context.Context, f backendFlags, log *slog.Logger, onErr func(error)) (*backend, error) {
	b := &backend{}
	var err error
	if f.natsURL == "" {
		err = b.startEmbedded(f, log)
	} else {
		err = b.connect(f, log)
	}
	if err != nil {
		b.close()
		return nil, err
	}
	b.store, err = jetstream.Open(ctx, b.nc, jetstream.Config{Replicas: f.replicas, OnError: onErr})
	if err != nil {
		b.close()
		return nil, fmt.Errorf("open event stream: %w", err)
	}
	// The attachments bucket (events/jetstream/attachments.go) is made
	// now, so that the first upload finds it; where the account may not
	// create it, uploads answer 503 until an operator does.
	if err := b.store.EnsureAttachments(ctx); err != nil {
		log.Warn("attachments bucket unavailable", "err", err)
	}
	return b, nil
}

func (b *backend) startEmbedded(f backendFlags, log *slog.Logger) error {
	if err := os.MkdirAll(f.data, 0o700); err != nil {
		return fmt.Errorf("data folder: %w", err)
	}
	ns, err := jetstream.StartEmbedded(jetstream.ServerConfig{StoreDir: f.data, Listen: f.natsListen, ServerName: "daotao", Logger: log.With("component", "nats")})
	if err != nil {
		return err
	}
	b.ns = ns
	if f.natsListen != "" {
		log.Info("embedded NATS listening for ops tools", "url", ns.ClientURL())
	}
	b.nc, err = jetstream.ConnectEmbedded(ns, "daotao")
	return err
}

func (b *backend) connect(f backendFlags, log *slog.Logger) error {
	opts := []nats.Option{
		nats.Name("daotao"), nats.MaxReconnects(-1), nats.ReconnectWait(500 * time.Millisecond),
		// No reconnect buffer: while NATS is away an append fails at once
		// (a 503) instead of after its timeout, and no write waits in a
		// buffer to land long after its client was told it failed.
		nats.ReconnectBufSize(-1),
		nats.DisconnectErrHandler(func(_ *nats.Conn, err error) { log.Warn("NATS disconnected", "error", err) }),
		nats.ReconnectHandler(func(nc *nats.Conn) { log.Info("NATS reconnected", "url", nc.ConnectedUrlRedacted()) }),
	}
	auth, err := f.natsAuth.options(f.natsCreds)
	if err != nil {
		return err
	}
	nc, err := nats.Connect(strings.TrimSpace(f.natsURL), append(opts, auth...)...)
	if err != nil {
		return f.natsAuth.explain(err, f.natsCreds)
	}
	b.nc = nc
	log.Info("connected to NATS", "url", nc.ConnectedUrlRedacted())
	return nil
}

// health reports whether the connection to NATS is usable.
func (b *backend) health() error {
	if b.nc == nil || b.nc.Status() != nats.CONNECTED {
		return errors.New("NATS connection is not established")
	}
	return nil
}

// close drains the connection and stops the embedded server, if any.
func (b *backend) close() {
	if b.nc != nil {
		if err := b.nc.Drain(); err == nil {
			waitClosed(b.nc, 5*time.Second)
		}
		b.nc.Close()
	}
	if b.ns != nil {
		b.ns.Shutdown()
		b.ns.WaitForShutdown()
	}
}

func waitClosed(nc *nats.Conn, d time.Duration) {
	deadline := time.Now().Add(d)
	for !nc.IsClosed() && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
}
