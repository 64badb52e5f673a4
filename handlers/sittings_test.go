package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"daotao/domain"
	"daotao/events"
)

// councilQueued returns n new so_y_te nominations awaiting the council,
// each of its own official so that approvals do not overlap.
func (w *world) councilQueued(t *testing.T, n int) []string {
	t.Helper()
	ids := make([]string, n)
	for i := range ids {
		official := w.official(t, w.yte, officialBody("so_y_te"))
		ids[i] = w.nomination(t, w.yte, nominationBody(official))
		w.act(t, ids[i], "submit").want(t, http.StatusOK)
		w.act(t, ids[i], "approve").want(t, http.StatusOK) // Sở Nội vụ's check
		if st := w.view(t, w.council, ids[i]).Stage; st != domain.RoleCouncil {
			t.Fatalf("nomination %d awaits %q, want the council", i, st)
		}
	}
	return ids
}

// openSitting opens a sitting with agenda as Sở Nội vụ and returns its id.
func (w *world) openSitting(t *testing.T, agenda []string) string {
	t.Helper()
	return created(t, w.do(t, w.homeAffairs, http.MethodPost, "/api/v1/sittings",
		map[string]any{"title": "Phiên họp tháng 6/2025", "held_on": "2025-06-10", "agenda": agenda}))
}

// sittingEvents returns the types of the events on sitting id's subject.
func (a *app) subjectTypes(t *testing.T, subject string) []string {
	t.Helper()
	recs, err := a.store.Load(t.Context(), subject)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(recs))
	for i, r := range recs {
		out[i] = r.Type
	}
	return out
}

// TestSittingResolutionPerItem: given four requests awaiting the council
// on a sitting's agenda, one of them withdrawn after the agenda was set,
// when the council records its resolution, then each item is decided by
// the rules of a single decision and reported on its own: the withdrawn
// one is refused, the others approved, rejected and returned; sending the
// same resolution again records nothing more.
func TestSittingResolutionPerItem(t *testing.T) {
	w := newWorld(t)
	ids := w.councilQueued(t, 4)
	sid := w.openSitting(t, ids)
	w.act(t, ids[3], "withdraw").want(t, http.StatusOK)
	body := map[string]any{"number": "12/NQ-HĐ", "items": []map[string]string{
		{"nomination_id": ids[0], "result": "approved"},
		{"nomination_id": ids[1], "result": "rejected", "reason": "Không thuộc đối tượng ưu tiên."},
		{"nomination_id": ids[2], "result": "returned", "reason": "Bổ sung bản cam kết."},
		{"nomination_id": ids[3], "result": "approved"},
	}}
	var v domain.SittingView
	w.do(t, w.council, http.MethodPost, "/api/v1/sittings/"+sid+"/resolution", body).want(t, http.StatusOK).into(t, &v)
	if v.Status != domain.SittingDone || v.Number != "12/NQ-HĐ" || len(v.Items) != 4 {
		t.Fatalf("sitting after the resolution: %+v", v)
	}
	want := []struct {
		decided bool
		status  domain.Status
		code    string
	}{{true, domain.StatusApproved, ""}, {true, domain.StatusRejected, ""}, {true, domain.StatusReturned, ""}, {false, domain.StatusWithdrawn, "invalid_transition"}}
	for i, it := range v.Items {
		if !it.Done || it.Decided != want[i].decided || it.Code != want[i].code {
			t.Errorf("item %d: %+v, want decided %v code %q", i, it, want[i].decided, want[i].code)
		}
		if got := w.view(t, w.council, ids[i]).Status; got != want[i].status {
			t.Errorf("item %d: nomination %s, want %s", i, got, want[i].status)
		}
	}
	if !strings.Contains(v.Items[3].Message, "rút") {
		t.Errorf("the refused item says %q; want the rule's reason (withdrawn)", v.Items[3].Message)
	}
	subject := events.Subject(events.AggregateSitting, sid)
	wantTypes := []string{events.TypeSittingOpened, events.TypeSittingResolved, events.TypeSittingItemDecided,
		events.TypeSittingItemDecided, events.TypeSittingItemDecided, events.TypeSittingItemRefused}
	if got := w.subjectTypes(t, subject); strings.Join(got, " ") != strings.Join(wantTypes, " ") {
		t.Errorf("sitting events %v, want %v", got, wantTypes)
	}
	before := w.lastSeq(t)
	w.do(t, w.council, http.MethodPost, "/api/v1/sittings/"+sid+"/resolution", body).want(t, http.StatusOK)
	if after := w.lastSeq(t); after != before {
		t.Errorf("the same resolution again appended %d events", after-before)
	}
	changed := map[string]any{"items": body["items"], "number": "13/NQ-HĐ"}
	w.refused(t, w.council, http.MethodPost, "/api/v1/sittings/"+sid+"/resolution", changed, http.StatusConflict, "invalid_transition")
	// The agency is told of the decisions on its requests.
	var inbox []map[string]any
	w.do(t, w.yte, http.MethodGet, "/api/v1/inbox", nil).want(t, http.StatusOK).into(t, &inbox)
	texts := ""
	for _, n := range inbox {
		texts += n["text"].(string) + "\n"
	}
	for _, s := range []string{"đã được phê duyệt", "không được phê duyệt: Không thuộc đối tượng ưu tiên.", "bị trả lại để bổ sung: Bổ sung bản cam kết."} {
		if !strings.Contains(texts, s) {
			t.Errorf("the agency's inbox lacks %q:\n%s", s, texts)
		}
	}
}

// TestSittingBadInput: wrong roles and bad input are refused with the
// fields named, and nothing is recorded.
func TestSittingBadInput(t *testing.T) {
	w := newWorld(t)
	ids := w.councilQueued(t, 2)
	draft := w.nominationIn(t, domain.StatusDraft)
	open := func(agenda any) map[string]any {
		return map[string]any{"title": "Phiên họp", "held_on": "2025-06-10", "agenda": agenda}
	}
	w.refused(t, w.council, http.MethodPost, "/api/v1/sittings", open(ids), http.StatusForbidden, "forbidden")
	w.refused(t, w.yte, http.MethodPost, "/api/v1/sittings", open(ids), http.StatusForbidden, "forbidden")
	w.refused(t, w.homeAffairs, http.MethodPost, "/api/v1/sittings", map[string]any{"held_on": "10/06/2025"}, http.StatusBadRequest, "invalid").naming(t, "title", "held_on", "agenda")
	w.refused(t, w.homeAffairs, http.MethodPost, "/api/v1/sittings", open([]string{draft}), http.StatusBadRequest, "invalid").naming(t, "agenda")
	w.refused(t, w.homeAffairs, http.MethodPost, "/api/v1/sittings", open([]string{ids[0], ids[0]}), http.StatusBadRequest, "invalid").naming(t, "agenda")
	w.refused(t, w.homeAffairs, http.MethodPost, "/api/v1/sittings", open("x"), http.StatusBadRequest, "")
	sid := w.openSitting(t, ids)
	w.refused(t, w.homeAffairs, http.MethodPost, "/api/v1/sittings", open(ids[:1]), http.StatusBadRequest, "invalid").naming(t, "agenda")
	path := "/api/v1/sittings/" + sid + "/resolution"
	items := func(kv ...string) map[string]any {
		var out []map[string]string
		for i := 0; i+2 < len(kv)+1; i += 3 {
			out = append(out, map[string]string{"nomination_id": kv[i], "result": kv[i+1], "reason": kv[i+2]})
		}
		return map[string]any{"items": out}
	}
	good := items(ids[0], "approved", "", ids[1], "approved", "")
	w.refused(t, w.homeAffairs, http.MethodPost, path, good, http.StatusForbidden, "forbidden")
	w.refused(t, w.yte, http.MethodPost, path, good, http.StatusForbidden, "forbidden")
	w.refused(t, w.council, http.MethodPost, path, items(ids[0], "approved", "", ids[1], "rejected", ""), http.StatusBadRequest, "invalid").naming(t, "items[1].reason")
	w.refused(t, w.council, http.MethodPost, path, items(ids[0], "maybe", "", ids[1], "approved", ""), http.StatusBadRequest, "invalid").naming(t, "items[0].result")
	w.refused(t, w.council, http.MethodPost, path, items(ids[0], "approved", "", draft, "approved", ""), http.StatusBadRequest, "invalid").naming(t, "items[1].nomination_id")
	w.refused(t, w.council, http.MethodPost, path, items(ids[0], "approved", ""), http.StatusBadRequest, "invalid").naming(t, "items")
	w.refused(t, w.council, http.MethodPost, "/api/v1/sittings/khong-co/resolution", good, http.StatusNotFound, "not_found")
	w.do(t, w.yte, http.MethodGet, "/api/v1/sittings/"+sid, nil).failure(t, http.StatusForbidden, "forbidden")
	w.do(t, w.auditor, http.MethodGet, "/api/v1/sittings/"+sid, nil).want(t, http.StatusOK)
	w.do(t, w.council, http.MethodPost, path, good).want(t, http.StatusOK)
}

// TestDeadlineScanRemindsAndEscalates follows a request through Sở Nội
// vụ's 5 working days with the scanner called at chosen times: reminders
// at 50, 75 and 100%, the escalation to the council at 100%, each once,
// visible in the deadlines list and the inboxes.
func TestDeadlineScanRemindsAndEscalates(t *testing.T) {
	w := newWorld(t)
	id := w.nomination(t, w.yte, nominationBody(w.yteOfficial))
	w.act(t, id, "submit").want(t, http.StatusOK) // Monday 2 June 2025, 08:00
	var dl []map[string]any
	w.do(t, w.homeAffairs, http.MethodGet, "/api/v1/deadlines", nil).want(t, http.StatusOK).into(t, &dl)
	if len(dl) != 1 || dl[0]["due"] != "2025-06-09" || dl[0]["overdue"] != false || dl[0]["stage"] != "home_affairs" {
		t.Fatalf("deadlines %v; want one due 2025-06-09 (5 working days from Monday 2/6)", dl)
	}
	day := func(s string) time.Time {
		d, _ := events.ParseDate(s)
		return d.Time().Add(3 * time.Hour)
	}
	steps := []struct {
		on    string
		count int
	}{{"2025-06-03", 0}, {"2025-06-04", 0}, {"2025-06-05", 1}, {"2025-06-05", 0}, {"2025-06-06", 1}, {"2025-06-09", 2}, {"2025-06-10", 0}}
	for _, st := range steps {
		n, err := w.srv.Scan(t.Context(), day(st.on))
		if err != nil || n != st.count {
			t.Fatalf("Scan on %s: %d events, %v; want %d", st.on, n, err, st.count)
		}
	}
	got := w.subjectTypes(t, events.Subject(events.AggregateDeadline, id))
	want := "deadline.reminded deadline.reminded deadline.reminded deadline.escalated"
	if strings.Join(got, " ") != want {
		t.Errorf("deadline events %v, want %s", got, want)
	}
	w.clock.Advance(8 * 24 * time.Hour)                                                                 // 10 June
	w.council, w.homeAffairs, w.yte = w.login(t, "hoidong"), w.login(t, "sonoivu"), w.login(t, "soyte") // the old sessions expired
	w.do(t, w.council, http.MethodGet, "/api/v1/deadlines?overdue=true", nil).want(t, http.StatusOK).into(t, &dl)
	if len(dl) != 1 || dl[0]["escalated"] != true || dl[0]["overdue"] != true {
		t.Errorf("the council's overdue list %v; want the escalated request", dl)
	}
	var sum map[string]int
	w.do(t, w.homeAffairs, http.MethodGet, "/api/v1/inbox/summary", nil).want(t, http.StatusOK).into(t, &sum)
	if sum["unread"] != 4 || sum["awaiting_action"] != 1 || sum["overdue"] != 1 {
		t.Errorf("Sở Nội vụ's summary %v; want 4 unread (3 reminders, the escalation), 1 awaiting, 1 overdue", sum)
	}
	r := w.do(t, w.council, http.MethodGet, "/api/v1/inbox?unread=true", nil).want(t, http.StatusOK)
	if r.header.Get("X-Unread-Count") != "1" || !strings.Contains(string(r.raw), "Chuyển cấp trên") {
		t.Errorf("the council's inbox: %s %s; want the escalation", r.header.Get("X-Unread-Count"), r.raw)
	}
	// Read marks are per user: one read, then all.
	first := r.list(t)[0]["id"].(string)
	w.do(t, w.council, http.MethodPost, "/api/v1/inbox/read", map[string]any{"ids": []string{first}}).want(t, http.StatusOK)
	w.do(t, w.homeAffairs, http.MethodPost, "/api/v1/inbox/read", map[string]any{"all": true}).want(t, http.StatusOK)
	for _, tok := range []string{w.council, w.homeAffairs} {
		w.do(t, tok, http.MethodGet, "/api/v1/inbox/summary", nil).want(t, http.StatusOK).into(t, &sum)
		if sum["unread"] != 0 {
			t.Errorf("unread after marking read: %v", sum)
		}
	}
	w.refused(t, w.council, http.MethodPost, "/api/v1/inbox/read", map[string]any{"ids": []string{"khong-co"}}, http.StatusBadRequest, "invalid")
	w.refused(t, w.council, http.MethodPost, "/api/v1/inbox/read", map[string]any{}, http.StatusBadRequest, "invalid")
	w.refused(t, w.yte, http.MethodPost, "/api/v1/inbox/read", map[string]any{"ids": []string{first}}, http.StatusBadRequest, "invalid")
	w.do(t, w.council, http.MethodGet, "/api/v1/inbox?unread=maybe", nil).failure(t, http.StatusBadRequest, "invalid", "unread")
	w.do(t, w.council, http.MethodGet, "/api/v1/deadlines?overdue=1", nil).failure(t, http.StatusBadRequest, "invalid", "overdue")
}

// TestSittingPages: Sở Nội vụ opens a sitting from the council's queue on
// the page, the council records the resolution per item, and the results
// show; the inbox page shows the unread count in the header.
func TestSittingPages(t *testing.T) {
	w := newWorld(t)
	ids := w.councilQueued(t, 2)
	b := w.loginAs(t, "sonoivu")
	p := b.get(t, "/sittings").expect(t, http.StatusOK)
	if got := len(p.all("#candidates tbody tr")); got != 2 {
		t.Fatalf("the open form lists %d requests, want 2", got)
	}
	bad := b.post(t, "/sittings", url.Values{"_csrf": {p.csrf(t)}, "title": {""}, "held_on": {"10/06/2025"}})
	if bad.status != http.StatusBadRequest || bad.text("#title-err") == "" || bad.text("#agenda-err") == "" {
		t.Errorf("an empty form: %d, title %q, agenda %q", bad.status, bad.text("#title-err"), bad.text("#agenda-err"))
	}
	loc := b.post(t, "/sittings", url.Values{"_csrf": {p.csrf(t)}, "title": {"Phiên họp tháng 6"}, "held_on": {"10/06/2025"}, "agenda": ids}).redirect(t)
	c := w.loginAs(t, "hoidong")
	sp := c.get(t, loc.Path).expect(t, http.StatusOK)
	if sp.h1() != "Phiên họp tháng 6" || !strings.Contains(sp.text("main"), "10/06/2025") {
		t.Errorf("sitting page: %q", sp.text("main"))
	}
	form := url.Values{"_csrf": {sp.csrf(t)}, "number": {"5/NQ-HĐ"},
		"result-" + ids[0]: {"approved"}, "result-" + ids[1]: {"rejected"}, "reason-" + ids[1]: {""}}
	again := c.post(t, loc.Path+"/resolution", form)
	if again.status != http.StatusBadRequest || again.errorMessage() == "" {
		t.Errorf("a rejection without reason: %d %q", again.status, again.errorMessage())
	}
	form.Set("reason-"+ids[1], "Chưa đủ điều kiện.")
	done := c.get(t, c.post(t, loc.Path+"/resolution", form).redirect(t).String()).expect(t, http.StatusOK)
	rows := done.rows("#agenda")
	if len(rows) != 2 || !strings.Contains(rows[0][6], "Đã phê duyệt") || !strings.Contains(rows[1][6], "Không phê duyệt") {
		t.Errorf("results %v", rows)
	}
	ag := w.loginAs(t, "soyte")
	ip := ag.get(t, "/inbox").expect(t, http.StatusOK)
	// Two requests passed Sở Nội vụ's check, then one approved, one rejected.
	if got := ip.text("#inbox-link"); !strings.Contains(got, "4") {
		t.Errorf("header inbox link %q; want the unread count 4", got)
	}
	if n := len(ip.all("#notifications li")); n != 4 {
		t.Errorf("%d notifications on the inbox page, want 4", n)
	}
	ag.post(t, "/inbox/read", url.Values{"_csrf": {ip.csrf(t)}, "all": {"true"}}).redirect(t)
	if got := ag.get(t, "/inbox").expect(t, http.StatusOK).text("#inbox-link"); strings.ContainsAny(got, "0123456789") {
		t.Errorf("header after reading all: %q", got)
	}
	w.loginAs(t, "hoidong").get(t, "/deadlines?overdue=true").expect(t, http.StatusOK)
}
