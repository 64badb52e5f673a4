package deployments

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	natsjs "github.com/nats-io/nats.go/jetstream"

	"daotao/events"
	"daotao/events/jetstream"
	"daotao/events/jetstream/jstest"
)

// Passwords the tests put in the environment the NATS configs read.
var natsPasswords = map[string]string{
	"NATS_DAOTAO_PASSWORD": "daotao0123456789abcdef",
	"NATS_OPS_PASSWORD":    "ops0123456789abcdef",
	"NATS_SYS_PASSWORD":    "sys0123456789abcdef",
}

// pki is the certificate files of one test.
type pki struct{ ca, cert, key, clientCert, clientKey string }

// natsEnv makes certificates (with compose/gen-certs.sh when openssl is
// installed, so that the script is tested too) and sets the environment
// variables the configs read.
func natsEnv(t *testing.T) pki {
	t.Helper()
	var p pki
	if _, err := exec.LookPath("openssl"); err == nil {
		dir := filepath.Join(t.TempDir(), "tls")
		out, err := exec.Command("sh", "compose/gen-certs.sh", dir).CombinedOutput()
		if err != nil {
			t.Fatalf("gen-certs.sh: %v\n%s", err, out)
		}
		at := func(name string) string { return filepath.Join(dir, name) }
		p = pki{at("ca.pem"), at("nats-server.pem"), at("nats-server-key.pem"), at("daotao-client.pem"), at("daotao-client-key.pem")}
	} else {
		f := jstest.WriteTLS(t, "nats-1", "nats-2", "nats-3", "localhost", "127.0.0.1")
		p = pki{f.CA, f.Cert, f.Key, f.ClientCert, f.ClientKey}
	}
	t.Setenv("NATS_TLS_CA", p.ca)
	t.Setenv("NATS_TLS_CERT", p.cert)
	t.Setenv("NATS_TLS_KEY", p.key)
	for k, v := range natsPasswords {
		t.Setenv(k, v)
	}
	return p
}

func loadNode(t *testing.T, i int) *server.Options {
	t.Helper()
	opts, err := server.ProcessConfigFile(filepath.Join("nats", fmt.Sprintf("nats-%d.conf", i)))
	if err != nil {
		t.Fatalf("nats-%d.conf: %v", i, err)
	}
	return opts
}

// TestNATSConfigs loads each node's configuration with the server's own
// parser and checks what durability, the cluster and security depend on.
func TestNATSConfigs(t *testing.T) {
	natsEnv(t)
	for i := 1; i <= 3; i++ {
		t.Run(fmt.Sprintf("nats-%d", i), func(t *testing.T) {
			o := loadNode(t, i)
			checks := []struct {
				what string
				ok   bool
			}{
				{"server_name nats-" + fmt.Sprint(i), o.ServerName == fmt.Sprintf("nats-%d", i)},
				{"JetStream on", o.JetStream},
				{"sync_interval: always", o.SyncAlways},
				{"store_dir /data/jetstream", o.StoreDir == "/data/jetstream"},
				{"cluster daotao on 6222", o.Cluster.Name == "daotao" && o.Cluster.Port == 6222},
				{"cluster no_advertise", o.Cluster.NoAdvertise},
				{"route TLS with verified certificates", verifies(o.Cluster.TLSConfig)},
				{"client TLS with verified client certificates", verifies(o.TLSConfig)},
				{"system account SYS", o.SystemAccount == "SYS"},
				{"monitoring on loopback 8222", o.HTTPHost == "127.0.0.1" && o.HTTPPort == 8222},
			}
			for _, c := range checks {
				if !c.ok {
					t.Errorf("want %s", c.what)
				}
			}
			var routes []string
			for _, r := range o.Routes {
				routes = append(routes, r.Host)
			}
			if want := []string{"nats-1:6222", "nats-2:6222", "nats-3:6222"}; !slices.Equal(routes, want) {
				t.Errorf("routes %v, want %v", routes, want)
			}
			checkDaotaoUser(t, o)
		})
	}
}

// verifies reports whether c requires a certificate signed by the CA of
// the peer (the config's verify: true).
func verifies(c *tls.Config) bool {
	return c != nil && c.ClientAuth == tls.RequireAndVerifyClientCert && c.ClientCAs != nil && c.MinVersion >= tls.VersionTLS12
}

// checkDaotaoUser checks the app's user: events only under daotao.events,
// the JetStream API only on the stream DAOTAO, never a stream deletion.
func checkDaotaoUser(t *testing.T, o *server.Options) {
	t.Helper()
	u := user(t, o, "daotao")
	if u.Account == nil || u.Account.Name != "DAOTAO" {
		t.Fatalf("user daotao is not in account DAOTAO")
	}
	pub := u.Permissions.Publish
	for _, s := range pub.Allow {
		if !strings.HasPrefix(s, "daotao.events.") && s != "$JS.API.INFO" && !strings.Contains(s, ".DAOTAO") &&
			!strings.Contains(s, "DAOTAO_ATTACHMENTS") && !strings.Contains(s, "DAOTAO_SNAPSHOTS") {
			t.Errorf("daotao may publish to %q, outside daotao.events.>, the API of stream DAOTAO and its two object stores", s)
		}
		if strings.HasPrefix(s, "$JS.API.STREAM.PURGE.") && s != "$JS.API.STREAM.PURGE.OBJ_DAOTAO_SNAPSHOTS" {
			t.Errorf("daotao may purge %q; only the snapshots' object store may be", s)
		}
	}
	for _, s := range []string{"daotao.events.>"} {
		if !slices.Contains(pub.Allow, s) {
			t.Errorf("daotao may not publish to %s", s)
		}
	}
	for _, s := range []string{"$JS.API.STREAM.DELETE.>", "$JS.API.STREAM.PURGE.DAOTAO", "$JS.API.STREAM.PURGE.OBJ_DAOTAO_ATTACHMENTS", "$JS.API.STREAM.MSG.DELETE.>"} {
		if !slices.Contains(pub.Deny, s) {
			t.Errorf("daotao is not denied %s", s)
		}
	}
	if sub := u.Permissions.Subscribe; !slices.Equal(sub.Allow, []string{"_INBOX.>"}) {
		t.Errorf("daotao may subscribe to %v, want only _INBOX.>", sub.Allow)
	}
}

func user(t *testing.T, o *server.Options, name string) *server.User {
	t.Helper()
	for _, u := range o.Users {
		if u.Username == name {
			return u
		}
	}
	t.Fatalf("no user %s", name)
	return nil
}

// TestNATSConfigNeedsEverySecret: a missing variable stops the server
// rather than leaving a user without a password.
func TestNATSConfigNeedsEverySecret(t *testing.T) {
	natsEnv(t)
	for _, name := range []string{"NATS_SYS_PASSWORD", "NATS_TLS_KEY"} {
		t.Run(name, func(t *testing.T) {
			t.Setenv(name, "") // restores it afterwards
			os.Unsetenv(name)
			_, err := server.ProcessConfigFile(filepath.Join("nats", "nats-2.conf"))
			if err == nil || !strings.Contains(err.Error(), name) {
				t.Errorf("without %s: err = %v, want one naming it", name, err)
			}
		})
	}
}

// cluster is three servers started from nats-1..3.conf on 127.0.0.1.
type cluster struct {
	servers []*server.Server
	pki     pki
}

// startCluster starts the three nodes from their files, changing only what
// one machine needs: addresses and ports, and temporary data folders.
func startCluster(t *testing.T) *cluster {
	t.Helper()
	c := &cluster{pki: natsEnv(t)}
	ports := freePorts(t, 3)
	var routes []*url.URL
	for _, p := range ports {
		routes = append(routes, &url.URL{Scheme: "nats-route", Host: fmt.Sprintf("127.0.0.1:%d", p)})
	}
	dirs := []string{t.TempDir(), t.TempDir(), t.TempDir()}
	t.Cleanup(func() {
		for _, ns := range c.servers {
			ns.Shutdown()
			ns.WaitForShutdown()
		}
	})
	for i := range 3 {
		o := loadNode(t, i+1)
		o.Host, o.Port, o.HTTPPort = "127.0.0.1", server.RANDOM_PORT, server.RANDOM_PORT
		o.Cluster.Host, o.Cluster.Port, o.Routes = "127.0.0.1", ports[i], routes
		o.StoreDir, o.NoSigs = dirs[i], true
		ns, err := server.NewServer(o)
		if err != nil {
			t.Fatalf("node %d: %v", i+1, err)
		}
		ns.Start()
		if !ns.ReadyForConnections(10 * time.Second) {
			t.Fatalf("node %d not ready", i+1)
		}
		c.servers = append(c.servers, ns)
	}
	c.waitReady(t)
	return c
}

func (c *cluster) waitReady(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		leaders, current := 0, 0
		for _, ns := range c.servers {
			if ns.JetStreamIsCurrent() {
				current++
			}
			if ns.JetStreamIsLeader() && len(ns.JetStreamClusterPeers()) == len(c.servers) {
				leaders++
			}
		}
		if leaders == 1 && current == len(c.servers) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the cluster has no meta leader seeing all three nodes")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (c *cluster) urls() string {
	var out []string
	for _, ns := range c.servers {
		out = append(out, fmt.Sprintf("tls://127.0.0.1:%d", ns.Addr().(*net.TCPAddr).Port))
	}
	return strings.Join(out, ",")
}

// connect connects as user with the client certificate, collecting the
// asynchronous errors (permission violations) the server sends.
func (c *cluster) connect(t *testing.T, user, password string) (*nats.Conn, *asyncErrors) {
	t.Helper()
	errs := &asyncErrors{}
	nc, err := nats.Connect(c.urls(), nats.UserInfo(user, password), nats.RootCAs(c.pki.ca),
		nats.ClientCert(c.pki.clientCert, c.pki.clientKey),
		nats.ErrorHandler(func(_ *nats.Conn, _ *nats.Subscription, err error) { errs.add(err) }))
	if err != nil {
		t.Fatalf("connect as %s: %v", user, err)
	}
	t.Cleanup(nc.Close)
	return nc, errs
}

type asyncErrors struct {
	mu   sync.Mutex
	errs []string
}

func (a *asyncErrors) add(err error) {
	a.mu.Lock()
	a.errs = append(a.errs, err.Error())
	a.mu.Unlock()
}

func (a *asyncErrors) list() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return slices.Clone(a.errs)
}

// waitFor waits up to 5 s for an asynchronous error containing s.
func (a *asyncErrors) waitFor(s string) bool {
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		for _, e := range a.list() {
			if strings.Contains(e, s) {
				return true
			}
		}
	}
	return false
}

func freePorts(t *testing.T, n int) []int {
	t.Helper()
	var ports []int
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports
}

// bulk is how many events TestClusterFromConfigs adds for the backup.
const bulk = 100

// TestClusterFromConfigs starts the cluster from the deployment's own
// files and runs every store operation the app uses as the user daotao,
// with mutual TLS: none may hit a permission; deleting or purging the
// stream, deleting an event and publishing outside daotao.events must.
func TestClusterFromConfigs(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a 3-node cluster")
	}
	c := startCluster(t)
	for i, ns := range c.servers {
		if code := healthz(t, ns); code != http.StatusOK {
			t.Errorf("node %d: /healthz (the compose health check) = %d", i+1, code)
		}
	}
	nc, errs := c.connect(t, "daotao", natsPasswords["NATS_DAOTAO_PASSWORD"])
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	st, err := jetstream.Open(ctx, nc, jetstream.Config{Replicas: 3})
	if err != nil {
		t.Fatalf("open the event store as daotao: %v", err)
	}
	useStore(t, ctx, st, errs)
	for i := range bulk { // incompressible, so that a backup takes many chunks
		e, err := events.New(fmt.Sprint("bulk-", i), events.Subject(events.AggregateSession, fmt.Sprint("bulk-", i)), time.Now(),
			events.System, &events.SessionClosed{Reason: rand.Text() + rand.Text() + rand.Text()})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.Append(ctx, e, 0, e.ID); err != nil {
			t.Fatalf("append: %v", err)
		}
	}
	if e := errs.list(); len(e) > 0 {
		t.Fatalf("the app's operations hit permissions: %v", e)
	}

	js, _ := natsjs.New(nc)
	stream, err := js.Stream(ctx, "DAOTAO")
	if err != nil {
		t.Fatal(err)
	}
	if got := stream.CachedInfo().Config.Replicas; got != 3 {
		t.Errorf("stream replicas = %d, want 3", got)
	}
	denied := map[string]func(context.Context) error{
		"delete the stream": func(ctx context.Context) error { return js.DeleteStream(ctx, "DAOTAO") },
		"purge the stream":  func(ctx context.Context) error { return stream.Purge(ctx) },
		"delete an event":   func(ctx context.Context) error { return stream.DeleteMsg(ctx, 1) },
	}
	for what, do := range denied {
		dctx, cancel := context.WithTimeout(ctx, time.Second)
		if err := do(dctx); err == nil {
			t.Errorf("daotao could %s", what)
		}
		cancel()
	}
	if err := nc.Publish("elsewhere.x", []byte("{}")); err != nil {
		t.Fatal(err)
	}
	if !errs.waitFor(`Permissions Violation for Publish to "elsewhere.x"`) {
		t.Errorf("publishing outside daotao.events was not refused; errors: %v", errs.list())
	}
	checkOps(t, ctx, c)
	checkSys(t, c)
}

// useStore runs every Store method the app calls. A failure shows the
// permission violations the server reported, the usual cause.
func useStore(t *testing.T, ctx context.Context, st *jetstream.Store, errs *asyncErrors) {
	t.Helper()
	fail := func(format string, args ...any) {
		t.Helper()
		t.Fatalf(format+"; errors from the server: %v", append(args, errs.list())...)
	}
	first := event(t, "s1")
	if _, err := st.Append(ctx, first, 0, first.ID); err != nil {
		fail("append: %v", err)
	}
	batch := []events.Pending{{Envelope: event(t, "s2"), MsgID: "b-1"}, {Envelope: event(t, "s3"), MsgID: "b-2"}}
	if _, err := st.AppendBatch(ctx, batch); err != nil {
		fail("append batch: %v", err)
	}
	if recs, err := st.Load(ctx, first.Subject); err != nil || len(recs) != 1 {
		fail("load: %d events, %v", len(recs), err)
	}
	if seq, err := st.LastSubjectSeq(ctx, first.Subject); err != nil || seq != 1 {
		fail("last subject seq: %d, %v", seq, err)
	}
	if seq, err := st.LastSeq(ctx); err != nil || seq != 3 {
		fail("last seq: %d, %v", seq, err)
	}
	n := 0
	if err := st.Read(ctx, 1, 0, func(events.Recorded) error { n++; return nil }); err != nil || n != 3 {
		fail("read: %d events, %v", n, err)
	}
	got := make(chan uint64, 3)
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if err := st.Subscribe(sctx, 1, func(r events.Recorded) error { got <- r.Seq; return nil }); err != nil {
		fail("subscribe: %v", err)
	}
	for range 3 {
		select {
		case <-got:
		case <-time.After(10 * time.Second):
			fail("subscription delivered fewer than 3 events")
		}
	}
	// The two object stores: an attachment stored and read back, a
	// snapshot stored, replaced, listed, read back and deleted.
	doc := []byte("%PDF-1.4\n% quyết định\n")
	sum := sha256.Sum256(doc)
	sha := hex.EncodeToString(sum[:])
	if err := st.PutAttachment(ctx, sha, "application/pdf", doc); err != nil {
		fail("put attachment: %v", err)
	}
	if got, _, err := st.GetAttachment(ctx, sha); err != nil || !bytes.Equal(got, doc) {
		fail("get attachment: %q, %v", got, err)
	}
	for i, data := range [][]byte{[]byte("snapshot one"), []byte("snapshot two")} {
		if err := st.PutSnapshot(ctx, "state-1", data); err != nil {
			fail("put snapshot %d: %v", i, err)
		}
	}
	if names, err := st.SnapshotNames(ctx); err != nil || !slices.Equal(names, []string{"state-1"}) {
		fail("snapshot names: %v, %v", names, err)
	}
	if got, err := st.GetSnapshot(ctx, "state-1"); err != nil || string(got) != "snapshot two" {
		fail("get snapshot: %q, %v", got, err)
	}
	if err := st.DeleteSnapshot(ctx, "state-1"); err != nil {
		fail("delete snapshot: %v", err)
	}
}

func event(t *testing.T, id string) events.Envelope {
	t.Helper()
	e, err := events.New("e-"+id, events.Subject(events.AggregateSession, id), time.Now(), events.System, &events.SessionClosed{Reason: "logout"})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// checkOps: the operators' user reads the stream but neither writes
// events nor deletes the stream.
func checkOps(t *testing.T, ctx context.Context, c *cluster) {
	t.Helper()
	nc, errs := c.connect(t, "ops", natsPasswords["NATS_OPS_PASSWORD"])
	js, _ := natsjs.New(nc)
	stream, err := js.Stream(ctx, "DAOTAO")
	if err != nil {
		t.Fatalf("ops: stream info: %v", err)
	}
	if n := stream.CachedInfo().State.Msgs; n != 3+bulk {
		t.Errorf("ops sees %d events, want %d (nothing deleted)", n, 3+bulk)
	}
	dctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	if err := js.DeleteStream(dctx, "DAOTAO"); err == nil {
		t.Errorf("ops could delete the stream")
	}
	if err := nc.Publish(events.Subject(events.AggregateSession, "ops"), []byte("{}")); err != nil {
		t.Fatal(err)
	}
	if !errs.waitFor("Permissions Violation for Publish") {
		t.Errorf("ops could publish an event")
	}
	if n := snapshot(t, nc); n < 4*1024 {
		t.Errorf("ops: the backup has %d bytes, want several chunks", n)
	}
}

// snapshot backs the stream up as "nats stream backup" does: chunks to an
// inbox, each acknowledged, until an empty message. It returns the
// backup's size. The 1 KB window makes the server wait for every
// acknowledgement, so that a missing permission to send them shows.
func snapshot(t *testing.T, nc *nats.Conn) int {
	t.Helper()
	inbox := nats.NewInbox()
	sub, err := nc.SubscribeSync(inbox)
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Unsubscribe()
	req, _ := json.Marshal(server.JSApiStreamSnapshotRequest{DeliverSubject: inbox, ChunkSize: 1024, WindowSize: 1024})
	resp, err := nc.Request("$JS.API.STREAM.SNAPSHOT.DAOTAO", req, 5*time.Second)
	if err != nil || strings.Contains(string(resp.Data), `"error"`) {
		t.Fatalf("ops: snapshot request: %v %s", err, respData(resp))
	}
	size := 0
	for {
		m, err := sub.NextMsg(5 * time.Second)
		if err != nil {
			t.Fatalf("ops: snapshot chunk: %v", err)
		}
		if len(m.Data) == 0 {
			// 204, or no status at all when the backup fit in one chunk.
			if status := m.Header.Get("Status"); status != "204" && status != "" {
				t.Fatalf("ops: snapshot failed: %s %s", status, m.Header.Get("Description"))
			}
			return size
		}
		size += len(m.Data)
		if m.Reply == "" {
			continue // the last chunk wants no acknowledgement
		}
		if err := m.Respond(nil); err != nil {
			t.Fatal(err)
		}
	}
}

func respData(m *nats.Msg) string {
	if m == nil {
		return ""
	}
	return string(m.Data)
}

// checkSys: the system account answers server pings.
func checkSys(t *testing.T, c *cluster) {
	t.Helper()
	nc, _ := c.connect(t, "sys", natsPasswords["NATS_SYS_PASSWORD"])
	if _, err := nc.Request("$SYS.REQ.SERVER.PING", nil, 5*time.Second); err != nil {
		t.Errorf("sys: server ping: %v", err)
	}
}

func healthz(t *testing.T, ns *server.Server) int {
	t.Helper()
	u := fmt.Sprintf("http://%s/healthz", ns.MonitorAddr())
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		resp, err := http.Get(u)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK || time.Now().After(deadline) {
				return resp.StatusCode
			}
		} else if time.Now().After(deadline) {
			t.Errorf("GET %s: %v", u, err)
			return 0
		}
	}
}

// envRef matches a variable reference in a NATS config.
var envRef = regexp.MustCompile(`\$([A-Z][A-Z0-9_]*)`)

// confVariables returns the environment variables the NATS configs read.
func confVariables(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, f := range []string{"nats/cluster.conf", "nats/accounts.conf"} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "#") || strings.Contains(line, `"`) {
				continue // comments, and quoted subjects such as "$JS.API.>"
			}
			for _, m := range envRef.FindAllStringSubmatch(line, -1) {
				if !slices.Contains(out, m[1]) {
					out = append(out, m[1])
				}
			}
		}
	}
	slices.Sort(out)
	return out
}
