package jetstream

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"sync"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
)

// readyTimeout bounds how long StartEmbedded waits for the server.
const readyTimeout = 10 * time.Second

// ServerConfig configures the embedded NATS server.
type ServerConfig struct {
	// StoreDir is where JetStream keeps its files. It is required: an empty
	// StoreDir would silently put the event log in the temp directory.
	StoreDir string
	// Listen is the "host:port" of a client listener for ops tools and
	// other processes; empty means in-process connections only. Port 0
	// picks a free port.
	Listen string
	// ServerName names the server in logs and monitoring; optional.
	ServerName string
	// Logger receives the server's log; nil discards it.
	Logger *slog.Logger
}

// StartEmbedded starts a NATS server with JetStream that syncs every write
// to disk before acknowledging it (sync_interval: always), and waits until
// it accepts connections. It returns an error for an empty StoreDir, a bad
// Listen address, or a server that does not become ready; the caller owns
// the server and must Shutdown it.
func StartEmbedded(cfg ServerConfig) (*server.Server, error) {
	opts, err := serverOptions(cfg)
	if err != nil {
		return nil, err
	}
	ns, err := server.NewServer(opts)
	if err != nil {
		return nil, fmt.Errorf("jetstream: new server: %w", err)
	}
	log := &serverLog{l: cfg.Logger}
	ns.SetLoggerV2(log, false, false, false)
	ns.Start()
	if !ns.ReadyForConnections(readyTimeout) || !ns.JetStreamEnabled() {
		ns.Shutdown()
		return nil, fmt.Errorf("jetstream: server in %s did not start%s", cfg.StoreDir, log.fatal())
	}
	return ns, nil
}

// serverOptions translates cfg into server options.
func serverOptions(cfg ServerConfig) (*server.Options, error) {
	if cfg.StoreDir == "" {
		return nil, errors.New("jetstream: StoreDir is required")
	}
	opts := &server.Options{
		ServerName: cfg.ServerName,
		JetStream:  true,
		StoreDir:   cfg.StoreDir,
		SyncAlways: true,
		NoSigs:     true,
		DontListen: cfg.Listen == "",
	}
	if cfg.Listen == "" {
		return opts, nil
	}
	host, port, err := net.SplitHostPort(cfg.Listen)
	if err != nil {
		return nil, fmt.Errorf("jetstream: listen address %q: %w", cfg.Listen, err)
	}
	if opts.Port, err = strconv.Atoi(port); err != nil {
		return nil, fmt.Errorf("jetstream: listen port %q: %w", port, err)
	}
	if opts.Port == 0 {
		opts.Port = server.RANDOM_PORT
	}
	opts.Host = host
	return opts, nil
}

// ConnectEmbedded connects to ns in-process, without a network listener,
// as client name. The connection keeps trying to reconnect while ns runs;
// the caller must Close it before shutting ns down.
func ConnectEmbedded(ns *server.Server, name string) (*nats.Conn, error) {
	nc, err := nats.Connect("",
		nats.InProcessServer(ns),
		nats.Name(name),
		nats.MaxReconnects(-1),
		nats.ReconnectWait(100*time.Millisecond),
		nats.ReconnectJitter(0, 0),
	)
	if err != nil {
		return nil, fmt.Errorf("jetstream: connect in-process: %w", err)
	}
	return nc, nil
}

// serverLog passes the server's log to a slog.Logger and remembers its
// last fatal message, which explains a failed start.
type serverLog struct {
	l    *slog.Logger
	mu   sync.Mutex
	last string
}

func (s *serverLog) Noticef(format string, v ...any) { s.log(slog.LevelInfo, format, v) }
func (s *serverLog) Warnf(format string, v ...any)   { s.log(slog.LevelWarn, format, v) }
func (s *serverLog) Errorf(format string, v ...any)  { s.log(slog.LevelError, format, v) }
func (s *serverLog) Debugf(format string, v ...any)  { s.log(slog.LevelDebug, format, v) }
func (s *serverLog) Tracef(format string, v ...any)  { s.log(slog.LevelDebug-4, format, v) }

// Fatalf logs at error level and records msg; it does not exit, so
// StartEmbedded can return the failure.
func (s *serverLog) Fatalf(format string, v ...any) {
	s.mu.Lock()
	s.last = fmt.Sprintf(format, v...)
	s.mu.Unlock()
	s.log(slog.LevelError, format, v)
}

// log writes one server message to the slog.Logger, if there is one.
func (s *serverLog) log(level slog.Level, format string, v []any) {
	if s.l != nil {
		s.l.Log(context.Background(), level, fmt.Sprintf(format, v...), "component", "nats-server")
	}
}

// fatal returns ": " and the last fatal message, or "" if there was none.
func (s *serverLog) fatal() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.last == "" {
		return ""
	}
	return ": " + s.last
}
