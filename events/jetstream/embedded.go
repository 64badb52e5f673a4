package jetstream

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
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
	// ServerName names the server in logs and monitoring; optional for a
	// single server, required in a cluster, where it must be unique and
	// stay the same across restarts (JetStream identifies peers by it).
	ServerName string
	// Cluster, if set, joins the server to a cluster; nil runs it alone.
	Cluster *ClusterConfig
	// Logger receives the server's log; nil discards it.
	Logger *slog.Logger
}

// ClusterConfig makes the embedded server one node of a JetStream cluster.
type ClusterConfig struct {
	// Name is the cluster's name, the same on every node; required.
	Name string
	// Listen is the "host:port" other nodes connect their routes to;
	// required. Port 0 picks a free port, which the other nodes cannot
	// know in advance: give every node a fixed port.
	Listen string
	// Routes are the route URLs of the other nodes, such as
	// "nats-route://10.0.0.2:6222"; a node's own URL may be included.
	Routes []string
}

// StartEmbedded starts a NATS server with JetStream that syncs every write
// to disk before acknowledging it (sync_interval: always), and waits until
// it accepts connections. It returns an error for an empty StoreDir, a bad
// Listen address or Cluster setting, or a server that does not become
// ready; the caller owns the server and must Shutdown it. A cluster node
// is returned before it has found its peers: JetStream requests fail until
// the cluster has elected a meta leader.
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
	if cfg.Cluster != nil {
		if err := clusterOptions(opts, *cfg.Cluster); err != nil {
			return nil, err
		}
	}
	if cfg.Listen == "" {
		return opts, nil
	}
	var err error
	if opts.Host, opts.Port, err = hostPort(cfg.Listen); err != nil {
		return nil, fmt.Errorf("jetstream: listen address: %w", err)
	}
	return opts, nil
}

// clusterOptions adds the cluster settings c to opts.
func clusterOptions(opts *server.Options, c ClusterConfig) error {
	if c.Name == "" || c.Listen == "" || opts.ServerName == "" {
		return errors.New("jetstream: a cluster node needs a cluster name, a cluster listen address and a server name")
	}
	host, port, err := hostPort(c.Listen)
	if err != nil {
		return fmt.Errorf("jetstream: cluster listen address: %w", err)
	}
	opts.Cluster = server.ClusterOpts{Name: c.Name, Host: host, Port: port}
	for _, r := range c.Routes {
		u, err := url.Parse(r)
		if err != nil || u.Host == "" {
			return fmt.Errorf("jetstream: route %q is not a URL such as nats-route://host:6222", r)
		}
		opts.Routes = append(opts.Routes, u)
	}
	return nil
}

// hostPort splits a "host:port" listen address; port 0 becomes the
// server's "pick a free port".
func hostPort(addr string) (string, int, error) {
	host, p, err := net.SplitHostPort(addr)
	if err != nil {
		return "", 0, fmt.Errorf("%q: %w", addr, err)
	}
	port, err := strconv.Atoi(p)
	if err != nil {
		return "", 0, fmt.Errorf("%q: port %q: %w", addr, p, err)
	}
	if port == 0 {
		port = server.RANDOM_PORT
	}
	return host, port, nil
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
