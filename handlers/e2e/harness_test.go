// Package e2e_test drives the web application in a real headless Chromium,
// from Go with chromedp, against the real server: an embedded NATS server
// in a temporary directory, the projections and handlers.New behind an
// httptest.Server on 127.0.0.1. It lives apart from package handlers so
// that chromedp stays out of the handlers test binary.
package e2e_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"daotao/domain"
	"daotao/events"
	"daotao/events/jetstream/jstest"
	"daotao/handlers"
	"daotao/projections"
)

// password is the password of every account of the scenario.
const password = "mat-khau-e2e-2024"

// findChromium returns the Chromium to drive. Without one the test is
// skipped, unless the environment variable CI is set: then it fails, since
// .ci/run installs Chromium.
func findChromium(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("end-to-end browser test skipped in -short mode")
	}
	for _, p := range []string{"/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return p
		}
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	if os.Getenv("CI") != "" {
		t.Fatal("CI is set but there is no Chromium at /usr/bin/chromium: .ci/run should have installed it (apt-get install chromium)")
	}
	t.Skip("no Chromium at /usr/bin/chromium: install it (apt-get install chromium fonts-noto-core) to run the end-to-end test")
	return ""
}

// server starts the whole application on a fresh embedded NATS server and
// returns it with its base URL. It uses the real clock: the browser keeps
// the session cookie by it.
func server(t *testing.T) (*handlers.Server, string) {
	t.Helper()
	return serverWithClock(t, time.Now)
}

// serverWithClock is server with the application's clock now (the
// browser still keeps cookies by the real one: now must not lag it).
func serverWithClock(t *testing.T, now func() time.Time) (*handlers.Server, string) {
	t.Helper()
	store := jstest.Open(t)
	state := projections.New()
	if err := state.Run(t.Context(), store, func(err error) { t.Errorf("projection: %v", err) }); err != nil {
		t.Fatalf("run projection: %v", err)
	}
	srv := handlers.New(handlers.Config{Store: store, State: state, Agencies: domain.DefaultAgencies(),
		Hasher: &handlers.PasswordHasher{Time: 1, MemoryKiB: 64, Threads: 1}, Now: now})
	if err := srv.CatchUp(t.Context()); err != nil {
		t.Fatalf("catch up: %v", err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return srv, ts.URL
}

// addUser creates an account as the command line does.
func addUser(t *testing.T, srv *handlers.Server, username string, role domain.Role, agency string) {
	t.Helper()
	cmd := domain.CreateUser{Username: username, Password: password, Role: string(role), AgencyCode: agency}
	if _, _, err := srv.AddUser(t.Context(), events.System, cmd); err != nil {
		t.Fatalf("add user %s: %v", username, err)
	}
}

// seedOfficials registers officials of username's agency through the JSON
// API, so that the roster in the screenshots is not a single line.
func seedOfficials(t *testing.T, base, username string, officials []map[string]any) {
	t.Helper()
	var login struct {
		Token string `json:"token"`
	}
	post(t, base+"/api/v1/sessions", "", map[string]string{"username": username, "password": password}, &login)
	for _, o := range officials {
		post(t, base+"/api/v1/officials", login.Token, o, nil)
	}
}

func post(t *testing.T, url, token string, body, out any) {
	t.Helper()
	b, _ := json.Marshal(body)
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, url, bytes.NewReader(b))
	if err != nil {
		t.Fatalf("POST %s: %v", url, err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("POST %s: %v", url, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("POST %s: status %d", url, resp.StatusCode)
	}
	if out != nil {
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
			t.Fatalf("POST %s: %v", url, err)
		}
	}
}

// tab is one headless Chromium tab on the application.
type tab struct {
	t       *testing.T
	ctx     context.Context
	base    string
	shots   []string // folders the screenshots go to
	mu      sync.Mutex
	console []string // errors the page reported: exceptions, CSP violations, failed loads
	dialogs []string // confirmations the pages asked for, accepted
}

// browse starts Chromium at 1366×768 with a fresh profile and opens a tab
// on base. Screenshots go to a new temporary folder (kept, and logged, as
// the test's artefacts) and to $DAOTAO_SCREENSHOTS when it is set.
func browse(t *testing.T, chromium, base string) *tab {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true), // /dev/shm is small in containers
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1366, 768),
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	ctx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancelTab := chromedp.NewContext(ctx)
	t.Cleanup(cancelTab)
	b := &tab{t: t, ctx: ctx, base: base, shots: screenshotDirs(t)}
	if err := chromedp.Listen(ctx, b.record); err != nil {
		t.Fatalf("start Chromium %s: %v", chromium, err)
	}
	return b
}

func screenshotDirs(t *testing.T) []string {
	t.Helper()
	tmp, err := os.MkdirTemp("", "daotao-e2e-")
	if err != nil {
		t.Fatalf("screenshot folder: %v", err)
	}
	t.Logf("screenshots in %s", tmp)
	dirs := []string{tmp}
	if d := os.Getenv("DAOTAO_SCREENSHOTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatalf("DAOTAO_SCREENSHOTS: %v", err)
		}
		dirs = append(dirs, d)
	}
	return dirs
}

// record keeps what the page reports as going wrong. It runs in the tab's
// event loop: it must return fast and send no command.
func (b *tab) record(ev any) {
	var msg string
	switch ev := ev.(type) {
	case *runtime.EventExceptionThrown:
		msg = "exception: " + ev.ExceptionDetails.Text
		if ev.ExceptionDetails.Exception != nil {
			msg += " " + ev.ExceptionDetails.Exception.Description
		}
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError {
			msg = "console.error"
		}
	case *log.EventEntryAdded:
		if ev.Entry.Level == log.EntryLevelError || ev.Entry.Source == log.EntrySourceSecurity {
			msg = string(ev.Entry.Source) + ": " + ev.Entry.Text + " " + ev.Entry.URL
		}
	case *page.EventJavascriptDialogOpening:
		// A person confirms (withdrawing, bulk decisions); the handler must
		// not block the event loop, so the answer goes from a goroutine.
		b.mu.Lock()
		b.dialogs = append(b.dialogs, ev.Message)
		b.mu.Unlock()
		go func() {
			_, _ = chromedp.Call(b.ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}()
	}
	if msg != "" {
		b.mu.Lock()
		b.console = append(b.console, msg)
		b.mu.Unlock()
	}
}

// do runs the actions of one step of the scenario and fails the test now
// if any fails.
func (b *tab) do(step string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.t.Fatalf("%s: %v", step, err)
	}
}

// open loads path and waits until sel is visible.
func (b *tab) open(path, sel string) {
	b.t.Helper()
	b.do("open "+path, chromedp.Navigate(b.base+path), chromedp.WaitVisible(chromedp.CSS(sel)))
}

// click clicks the element sel and waits until next is visible. A link in
// a closed menu of the navigation is reached as a person would: the menu
// is opened first.
func (b *tab) click(sel, next string) {
	b.t.Helper()
	open := `(function(){var e=document.querySelector(` + quoteJS(sel) + `);var d=e&&e.closest("details");` +
		`if(d&&!d.open){d.querySelector("summary").click();}return true;})()`
	if _, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](open)); err != nil {
		b.t.Fatalf("open the menu of %s: %v", sel, err)
	}
	b.do("click "+sel, chromedp.Click(chromedp.CSS(sel)), chromedp.WaitVisible(chromedp.CSS(next)))
}

// typeIn types each value into the field of the selector before it,
// replacing what the field held.
func (b *tab) typeIn(selValue ...string) {
	b.t.Helper()
	for i := 0; i+1 < len(selValue); i += 2 {
		sel := chromedp.CSS(selValue[i])
		if b.value(selValue[i]) != "" {
			b.do("clear "+selValue[i], chromedp.Clear(sel))
		}
		b.do("type into "+selValue[i], chromedp.SendKeys(sel, selValue[i+1]))
	}
}

// choose sets each field a person picks rather than types (a select, a
// date) to the value after its selector.
func (b *tab) choose(selValue ...string) {
	b.t.Helper()
	for i := 0; i+1 < len(selValue); i += 2 {
		b.do("choose "+selValue[i], chromedp.SetValue(chromedp.CSS(selValue[i]), selValue[i+1]))
	}
}

func quoteJS(s string) string {
	q, _ := json.Marshal(s)
	return string(q)
}

// text returns the visible text of the first element matching sel.
func (b *tab) text(sel string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("text of %s: %v", sel, err)
	}
	return strings.Join(strings.Fields(s), " ")
}

// value returns the value of the form field sel.
func (b *tab) value(sel string) string {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Value(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("value of %s: %v", sel, err)
	}
	return v
}

// texts returns the visible text of every element matching sel.
func (b *tab) texts(sel string) []string {
	b.t.Helper()
	out, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]string](
		`Array.from(document.querySelectorAll(`+quoteJS(sel)+`), e => e.innerText.replace(/\s+/g, " ").trim())`))
	if err != nil {
		b.t.Fatalf("texts of %s: %v", sel, err)
	}
	return out
}

// see fails the test unless the visible text of sel contains every want.
func (b *tab) see(sel string, want ...string) {
	b.t.Helper()
	got := b.text(sel)
	for _, w := range want {
		if !strings.Contains(got, w) {
			b.t.Errorf("%s reads %q, want %q", sel, got, w)
		}
	}
}

// path returns the path of the page the tab shows.
func (b *tab) path() string {
	b.t.Helper()
	loc, err := chromedp.Run(b.ctx, chromedp.Location())
	if err != nil {
		b.t.Fatalf("location: %v", err)
	}
	u, err := url.Parse(loc)
	if err != nil {
		b.t.Fatalf("location %q: %v", loc, err)
	}
	return u.Path
}

// screenshot saves the whole page as name.png.
func (b *tab) screenshot(name string) {
	b.t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	for _, d := range b.shots {
		if err := os.WriteFile(filepath.Join(d, name+".png"), png, 0o644); err != nil {
			b.t.Fatalf("save screenshot: %v", err)
		}
	}
}

// phoneScreenshot saves the page as a 390×844 phone shows it.
func (b *tab) phoneScreenshot(name string) {
	b.t.Helper()
	b.do("phone size", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	b.screenshot(name)
	b.do("laptop size", chromedp.EmulateViewport(1366, 768))
}

// login logs username in through the login form and checks the heading of
// the page it lands on.
func (b *tab) login(username, home string) {
	b.t.Helper()
	b.open("/login", "form[action='/login']")
	b.typeIn("#username", username, "#password", password)
	b.click("form[action='/login'] button[type=submit]", "nav.main")
	b.see("main h1", home)
	b.see("header .who", username)
}

// logout logs out with the header's button.
func (b *tab) logout() {
	b.t.Helper()
	b.click("header form[action='/logout'] button", "form[action='/login']")
	b.see("main .notice", "Bạn đã đăng xuất.")
}

// checkConsole fails the test if a page reported an error: an exception,
// a violation of the Content-Security-Policy or a failed load.
func (b *tab) checkConsole() {
	b.t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, m := range b.console {
		if strings.Contains(m, "/favicon.ico") {
			continue // the application has no icon
		}
		b.t.Errorf("the browser reported: %s", m)
	}
}
