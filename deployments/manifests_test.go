package deployments

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/nats-io/nats-server/v2/server"
	"gopkg.in/yaml.v3"
)

// The YAML files are parsed with gopkg.in/yaml.v3, a test-only dependency
// (already in the module graph through echo's tests): a line-based check
// would miss what breaks YAML in practice, such as a tab or a misindented
// key, and cannot resolve compose's anchors and merge keys.

// yamlDocs decodes every document of a YAML file.
func yamlDocs(t *testing.T, path string) []map[string]any {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var docs []map[string]any
	dec := yaml.NewDecoder(f)
	for {
		var doc map[string]any
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			return docs
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		docs = append(docs, doc)
	}
}

// dig returns the value at path (map keys, or list indexes as ints).
func dig(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			l, _ := v.([]any)
			if k >= len(l) {
				return nil
			}
			v = l[k]
		}
	}
	return v
}

func str(v any, path ...any) string { s, _ := dig(v, path...).(string); return s }

func strs(v any, path ...any) []string {
	var out []string
	for _, x := range asList(dig(v, path...)) {
		s, _ := x.(string)
		out = append(out, s)
	}
	return out
}

func asList(v any) []any { l, _ := v.([]any); return l }

func contains(t *testing.T, what string, list []string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !slices.Contains(list, w) {
			t.Errorf("%s %q lacks %q", what, list, w)
		}
	}
}

func TestCompose(t *testing.T) {
	docs := yamlDocs(t, "compose/docker-compose.yml")
	services := dig(docs[0], "services")
	natsEnv := map[string]bool{}
	for _, name := range []string{"nats-1", "nats-2", "nats-3"} {
		s := dig(services, name)
		if img := str(s, "image"); img != "nats:"+natsServerVersion(t)+"-alpine" {
			t.Errorf("%s: image %q, want the nats-server version of go.mod (%s)", name, img, natsServerVersion(t))
		}
		if cmd := strs(s, "command"); !slices.Equal(cmd, []string{"nats-server", "--config", "/etc/nats/conf/" + name + ".conf"}) {
			t.Errorf("%s: command %q", name, cmd)
		}
		contains(t, name+" volumes", strs(s, "volumes"), "../nats:/etc/nats/conf:ro", "./tls:/etc/nats/tls:ro", name+"-data:/data")
		contains(t, name+" health check", strs(s, "healthcheck", "test"), "http://127.0.0.1:8222/healthz")
		for k := range dig(s, "environment").(map[string]any) {
			natsEnv[k] = true
		}
	}
	for _, v := range confVariables(t) {
		if !natsEnv[v] {
			t.Errorf("the NATS configs read $%s; the compose file does not set it", v)
		}
	}
	certs := generatedFiles(t)
	for _, k := range []string{"NATS_TLS_CA", "NATS_TLS_CERT", "NATS_TLS_KEY"} {
		if f := str(services, "nats-1", "environment", k); !certs["/etc/nats/tls/"+filepath.Base(f)] || filepath.Dir(f) != "/etc/nats/tls" {
			t.Errorf("%s=%s is not a file gen-certs.sh makes in the mounted ./tls", k, f)
		}
	}
	proxyIP := net.ParseIP(str(services, "proxy", "networks", "daotao", "ipv4_address"))
	for _, name := range []string{"daotao-1", "daotao-2"} {
		checkComposeApp(t, name, dig(services, name), proxyIP, certs)
	}
	checkCaddy(t, dig(services, "proxy"))
}

func checkComposeApp(t *testing.T, name string, s any, proxyIP net.IP, certs map[string]bool) {
	t.Helper()
	args := strs(s, "command")
	contains(t, name+" command", args, "serve", "--replicas=3",
		"--nats-url=tls://nats-1:4222,tls://nats-2:4222,tls://nats-3:4222", "--secure-cookies")
	checkFlags(t, name, args)
	for _, a := range args {
		if cidr, ok := strings.CutPrefix(a, "--trusted-proxies="); ok {
			if _, n, err := net.ParseCIDR(cidr); err != nil || !n.Contains(proxyIP) {
				t.Errorf("%s: --trusted-proxies=%s does not hold the proxy's address %v", name, cidr, proxyIP)
			}
		}
	}
	env := dig(s, "environment")
	if got := str(env, "DAOTAO_NATS_PASSWORD"); !strings.HasPrefix(got, "${NATS_DAOTAO_PASSWORD:?") {
		t.Errorf("%s: DAOTAO_NATS_PASSWORD = %q, want the NATS_DAOTAO_PASSWORD the servers get", name, got)
	}
	for _, k := range []string{"DAOTAO_NATS_TLS_CA", "DAOTAO_NATS_TLS_CERT", "DAOTAO_NATS_TLS_KEY"} {
		if f := str(env, k); !certs["/etc/nats/tls/"+filepath.Base(f)] || filepath.Dir(f) != "/run/daotao/tls" {
			t.Errorf("%s: %s=%s is not a file gen-certs.sh makes, mounted at /run/daotao/tls", name, k, f)
		}
	}
	contains(t, name+" volumes", strs(s, "volumes"), "./tls:/run/daotao/tls:ro")
	contains(t, name+" health check", strs(s, "healthcheck", "test"), "/usr/local/bin/daotao", "probe", "http://127.0.0.1:8080/readyz")
	for _, n := range []string{"nats-1", "nats-2", "nats-3"} {
		if c := str(s, "depends_on", n, "condition"); c != "service_healthy" {
			t.Errorf("%s: depends on %s %q, want service_healthy", name, n, c)
		}
	}
}

func checkCaddy(t *testing.T, s any) {
	t.Helper()
	contains(t, "proxy volumes", strs(s, "volumes"), "./Caddyfile:/etc/caddy/Caddyfile:ro")
	b, err := os.ReadFile("compose/Caddyfile")
	if err != nil {
		t.Fatal(err)
	}
	caddy := string(b)
	for _, want := range []string{"reverse_proxy daotao-1:8080 daotao-2:8080 {", "health_uri /readyz",
		"@internal path /metrics /metrics/* /debug/*", "respond @internal 404", "Strict-Transport-Security"} {
		if !strings.Contains(caddy, want) {
			t.Errorf("Caddyfile lacks %q", want)
		}
	}
}

// generatedFiles returns the paths, under /etc/nats/tls, of the files
// gen-certs.sh writes.
func generatedFiles(t *testing.T) map[string]bool {
	t.Helper()
	b, err := os.ReadFile("compose/gen-certs.sh")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{"/etc/nats/tls/ca.pem": true}
	for _, m := range regexp.MustCompile(`(?m)^issue ([a-z-]+) `).FindAllStringSubmatch(string(b), -1) {
		out["/etc/nats/tls/"+m[1]+".pem"] = true
		out["/etc/nats/tls/"+m[1]+"-key.pem"] = true
	}
	return out
}

// natsServerVersion returns the nats-server version go.mod requires,
// without the v: the compose file runs the same server as the tests.
func natsServerVersion(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s*github\.com/nats-io/nats-server/v2 v(\S+)`).FindSubmatch(b)
	if m == nil {
		t.Fatal("go.mod does not require nats-server")
	}
	return string(m[1])
}

func TestKubernetes(t *testing.T) {
	docs := yamlDocs(t, "kubernetes/deployment.yaml")
	if len(docs) != 2 || str(docs[0], "kind") != "Deployment" || str(docs[1], "kind") != "PodDisruptionBudget" {
		t.Fatalf("deployment.yaml: want a Deployment and a PodDisruptionBudget")
	}
	d := docs[0]
	if n := dig(d, "spec", "replicas"); n != 2 {
		t.Errorf("replicas = %v, want 2", n)
	}
	labels := dig(d, "spec", "template", "metadata", "labels")
	if !reflect.DeepEqual(dig(d, "spec", "selector", "matchLabels"), labels) {
		t.Errorf("the selector does not match the pod labels")
	}
	pod := dig(d, "spec", "template", "spec")
	c := dig(pod, "containers", 0)
	checks := []struct {
		what string
		ok   bool
	}{
		{"readiness on /readyz", str(c, "readinessProbe", "httpGet", "path") == "/readyz"},
		{"liveness on /healthz", str(c, "livenessProbe", "httpGet", "path") == "/healthz"},
		{"pod runs as non-root", dig(pod, "securityContext", "runAsNonRoot") == true && dig(pod, "securityContext", "runAsUser") == 65532},
		{"container runs as non-root", dig(c, "securityContext", "runAsNonRoot") == true},
		{"no privilege escalation", dig(c, "securityContext", "allowPrivilegeEscalation") == false},
		{"read-only root file system", dig(c, "securityContext", "readOnlyRootFilesystem") == true},
		{"every capability dropped", slices.Equal(strs(c, "securityContext", "capabilities", "drop"), []string{"ALL"})},
		{"CPU and memory limits", str(c, "resources", "limits", "cpu") != "" && str(c, "resources", "limits", "memory") != ""},
		{"named port http", str(c, "ports", 0, "name") == "http" && dig(c, "ports", 0, "containerPort") == 8080},
	}
	for _, ch := range checks {
		if !ch.ok {
			t.Errorf("want %s", ch.what)
		}
	}
	args := strs(c, "args")
	contains(t, "args", args, "serve", "--replicas=3", "--nats-url=tls://nats:4222")
	checkFlags(t, "kubernetes", args)
	checkSecretEnv(t, c)
	svc := yamlDocs(t, "kubernetes/service.yaml")[0]
	if !reflect.DeepEqual(dig(svc, "spec", "selector"), labels) || str(svc, "spec", "ports", 0, "targetPort") != "http" {
		t.Errorf("the Service does not select the Deployment's pods on port http")
	}
}

// checkSecretEnv: the NATS credentials come from a Secret, never a literal.
func checkSecretEnv(t *testing.T, c any) {
	t.Helper()
	env := map[string]any{}
	for _, e := range asList(dig(c, "env")) {
		env[str(e, "name")] = e
	}
	for _, k := range []string{"DAOTAO_NATS_USER", "DAOTAO_NATS_PASSWORD"} {
		if str(env[k], "valueFrom", "secretKeyRef", "name") == "" || dig(env[k], "value") != nil {
			t.Errorf("%s does not come from a Secret", k)
		}
	}
	mount := str(c, "volumeMounts", 0, "mountPath")
	for _, k := range []string{"DAOTAO_NATS_TLS_CA", "DAOTAO_NATS_TLS_CERT", "DAOTAO_NATS_TLS_KEY"} {
		if f := str(env[k], "value"); filepath.Dir(f) != mount {
			t.Errorf("%s=%s is not in the mounted Secret at %s", k, f, mount)
		}
	}
}

// TestHelmValues checks the NATS chart values, and renders their config
// as the chart does (JSON, "<< x >>" unquoted) so that the server's parser
// can compare the accounts with accounts.conf's.
func TestHelmValues(t *testing.T) {
	v := yamlDocs(t, "kubernetes/nats-values.yaml")[0]
	checks := []struct {
		what string
		ok   bool
	}{
		{"3-node cluster", dig(v, "config", "cluster", "enabled") == true && dig(v, "config", "cluster", "replicas") == 3},
		{"JetStream", dig(v, "config", "jetstream", "enabled") == true},
		{"file store on persistent volumes", dig(v, "config", "jetstream", "fileStore", "enabled") == true &&
			dig(v, "config", "jetstream", "fileStore", "pvc", "enabled") == true},
		{"sync_interval always", str(v, "config", "jetstream", "merge", "sync_interval") == "always"},
		{"client and route TLS", dig(v, "config", "nats", "tls", "enabled") == true && dig(v, "config", "cluster", "tls", "enabled") == true},
	}
	for _, c := range checks {
		if !c.ok {
			t.Errorf("want %s", c.what)
		}
	}
	var raw bytes.Buffer
	enc := json.NewEncoder(&raw)
	enc.SetEscapeHTML(false) // the config parser knows no \u escapes
	if err := enc.Encode(dig(v, "config", "merge")); err != nil {
		t.Fatal(err)
	}
	rendered := regexp.MustCompile(`"<<\s+(.*?)\s+>>"`).ReplaceAll(raw.Bytes(), []byte("$1"))
	conf := filepath.Join(t.TempDir(), "nats.conf")
	if err := os.WriteFile(conf, rendered, 0o600); err != nil {
		t.Fatal(err)
	}
	natsEnv(t)
	helm, err := server.ProcessConfigFile(conf)
	if err != nil {
		t.Fatalf("the chart's config.merge does not parse: %v\n%s", err, rendered)
	}
	files := loadNode(t, 1)
	if helm.SystemAccount != files.SystemAccount {
		t.Errorf("system account %q, accounts.conf has %q", helm.SystemAccount, files.SystemAccount)
	}
	for _, name := range []string{"daotao", "ops", "sys"} {
		h, f := user(t, helm, name), user(t, files, name)
		if h.Account.Name != f.Account.Name || !reflect.DeepEqual(h.Permissions, f.Permissions) {
			t.Errorf("user %s differs from accounts.conf:\n helm  %s %+v\n files %s %+v", name, h.Account.Name, h.Permissions, f.Account.Name, f.Permissions)
		}
	}
}

func TestSystemdUnit(t *testing.T) {
	unit := iniSection(t, "systemd/daotao.service", "Service")
	want := map[string]string{
		"ProtectSystem": "strict", "ReadWritePaths": "/var/lib/daotao", "NoNewPrivileges": "yes",
		"StateDirectory": "daotao", "User": "daotao", "ProtectHome": "yes", "PrivateTmp": "yes",
		"CapabilityBoundingSet": "", "Environment": "DAOTAO_DATA=/var/lib/daotao",
	}
	for k, v := range want {
		if !slices.Contains(unit[k], v) {
			t.Errorf("[Service] %s = %q, want %q among them", k, unit[k], v)
		}
	}
	exec := strings.Fields(unit["ExecStart"][0])
	if exec[0] != "/usr/local/bin/daotao" || !slices.Contains(exec, "serve") || !strings.Contains(unit["ExecStart"][0], "--data /var/lib/daotao") {
		t.Errorf("ExecStart = %q, want daotao serve --data /var/lib/daotao", unit["ExecStart"][0])
	}
	checkFlags(t, "systemd", exec[1:])
}

// iniSection returns the settings of one section of a systemd unit; a key
// set several times has several values.
func iniSection(t *testing.T, path, section string) map[string][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string][]string{}
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "["):
			in = line == "["+section+"]"
		case in:
			k, v, ok := strings.Cut(line, "=")
			if !ok {
				t.Fatalf("%s: %q is not key=value", path, line)
			}
			out[k] = append(out[k], v)
		}
	}
	return out
}

func TestDockerfile(t *testing.T) {
	b, err := os.ReadFile("Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	var froms, users []string
	for _, line := range strings.Split(text, "\n") {
		switch f := strings.Fields(line); {
		case len(f) > 1 && f[0] == "FROM":
			froms = append(froms, f[1])
		case len(f) > 1 && f[0] == "USER":
			users = append(users, f[1])
		}
	}
	final := froms[len(froms)-1]
	if !strings.HasPrefix(final, "gcr.io/distroless/static") && final != "scratch" {
		t.Errorf("final image %s, want distroless/static or scratch", final)
	}
	if len(users) == 0 || slices.ContainsFunc(users, func(u string) bool { return u == "root" || strings.HasPrefix(u, "0") }) {
		t.Errorf("USER %q, want a non-root user", users)
	}
	for _, want := range []string{"CGO_ENABLED=0", "-trimpath", `-X main.version=${VERSION}`, "EXPOSE 8080",
		`ENTRYPOINT ["/usr/local/bin/daotao"]`, "COPY --from=build /out/daotao /usr/local/bin/daotao", `"probe"`} {
		if !strings.Contains(text, want) {
			t.Errorf("Dockerfile lacks %q", want)
		}
	}
}

// TestStaticBuild builds the binary as the Dockerfile does and checks the
// result: static, trimmed paths, the version stamped in.
func TestStaticBuild(t *testing.T) {
	bin := daotaoBinary(t)
	out, err := exec.Command(bin, "version").Output()
	if err != nil || strings.TrimSpace(string(out)) != "test-9.9.9" {
		t.Errorf("daotao version = %q, %v; want test-9.9.9", out, err)
	}
	meta, err := exec.Command("go", "version", "-m", bin).Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"CGO_ENABLED=0", "-trimpath=true"} {
		if !strings.Contains(string(meta), want) {
			t.Errorf("build settings lack %s:\n%s", want, meta)
		}
	}
}

var buildOnce = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "daotao-build")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "daotao")
	cmd := exec.Command("go", "build", "-buildvcs=false", "-trimpath", "-ldflags", "-s -w -X main.version=test-9.9.9", "-o", bin, "../cmd/daotao")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", errors.New(string(out))
	}
	return bin, nil
})

// daotaoBinary returns the binary built as the Dockerfile builds it. The
// build takes a while the first time: -short skips the tests that need it.
func daotaoBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the daotao binary")
	}
	bin, err := buildOnce()
	if err != nil {
		t.Fatalf("go build: %v", err)
	}
	return bin
}

// checkFlags runs "daotao ARGS -h": it fails on any flag serve does not
// have, so that the deployment files cannot drift from the command line.
func checkFlags(t *testing.T, where string, args []string) {
	t.Helper()
	if testing.Short() {
		return
	}
	out, err := exec.Command(daotaoBinary(t), append(slices.Clone(args), "-h")...).CombinedOutput()
	if err != nil {
		t.Errorf("%s: daotao %s -h: %v\n%s", where, strings.Join(args, " "), err, out)
	}
}
