package handlers_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"slices"
	"testing"
	"time"

	"daotao/domain"
	"daotao/events"
	"daotao/handlers"
)

// groupNomination drafts a so_y_te nomination for a new official of group
// and returns its id.
func (w *world) groupNomination(t *testing.T, group int) string {
	t.Helper()
	official := w.official(t, w.yte, with(officialBody("so_y_te"), "group", group))
	return w.nomination(t, w.yte, nominationBody(official))
}

// decide posts a stage decision and returns the answer.
func (w *world) decide(t *testing.T, token, id, action string, body map[string]string, headers ...string) response {
	t.Helper()
	return w.do(t, token, http.MethodPost, nomPath(id, action), body, headers...)
}

// decisionOf reads a decision's answer.
func decisionOf(t *testing.T, r response) (status, stage string) {
	t.Helper()
	var out struct{ Status, Stage string }
	r.into(t, &out)
	return out.Status, out.Stage
}

// queueIDs returns the ids in token's queue.
func (w *world) queueIDs(t *testing.T, token string) []string {
	t.Helper()
	var ids []string
	for _, it := range w.do(t, token, http.MethodGet, "/api/v1/queue", nil).want(t, http.StatusOK).list(t) {
		ids = append(ids, it["id"].(string))
	}
	return ids
}

// auditData returns the data of the nomination's events of type typ.
func (w *world) auditData(t *testing.T, id, typ string) []handlers.AuditEntry {
	t.Helper()
	var entries, out []handlers.AuditEntry
	w.do(t, w.auditor, http.MethodGet, "/api/v1/audit/nominations/"+id, nil).want(t, http.StatusOK).into(t, &entries)
	for _, e := range entries {
		if e.Type == typ {
			out = append(out, e)
		}
	}
	return out
}

func TestStageChainWalkAPI(t *testing.T) {
	w := newWorld(t)
	for _, tt := range []struct {
		group  int
		stages []string
	}{
		{1, []string{"home_affairs", "council", "standing_committee"}},
		{3, []string{"home_affairs", "council"}},
	} {
		id := w.groupNomination(t, tt.group)
		st, stage := decisionOf(t, w.act(t, id, "submit").want(t, http.StatusOK))
		if st != "submitted" || stage != tt.stages[0] {
			t.Fatalf("Nhóm %d: submit → %s at %q, want submitted at %s", tt.group, st, stage, tt.stages[0])
		}
		v := w.view(t, w.council, id)
		if v.Chain == nil || v.Chain.Version != 1 || len(v.Chain.Stages) != len(tt.stages) {
			t.Fatalf("Nhóm %d: chain %+v", tt.group, v.Chain)
		}
		tokens := map[string]string{"home_affairs": w.homeAffairs, "council": w.council, "standing_committee": w.standing}
		for i, stage := range tt.stages {
			// Only the awaited stage's role sees it in its queue.
			for role, token := range tokens {
				if in := slices.Contains(w.queueIDs(t, token), id); in != (role == stage) {
					t.Errorf("Nhóm %d at %s: in %s's queue = %v", tt.group, stage, role, in)
				}
			}
			// Any other stage role is refused without a trace; the agency is forbidden.
			for role, token := range tokens {
				if role != stage {
					w.refused(t, token, http.MethodPost, nomPath(id, "approve"), nil, http.StatusConflict, "invalid_transition")
				}
			}
			w.refused(t, w.yte, http.MethodPost, nomPath(id, "approve"), nil, http.StatusForbidden, "forbidden")
			st, next := decisionOf(t, w.decide(t, tokens[stage], id, "approve", map[string]string{"reason": "Đồng ý"}).want(t, http.StatusOK))
			if i < len(tt.stages)-1 {
				if st != "submitted" || next != tt.stages[i+1] {
					t.Errorf("Nhóm %d: approve at %s → %s at %q, want submitted at %s", tt.group, stage, st, next, tt.stages[i+1])
				}
				continue
			}
			if st != "approved" || next != "" {
				t.Errorf("Nhóm %d: last approve → %s at %q, want approved", tt.group, st, next)
			}
		}
		// One final approval, with its booking; a passed stage per earlier stage.
		if n := w.eventsOf(t, id, events.TypeNominationApproved); n != 1 {
			t.Errorf("Nhóm %d: %d approvals", tt.group, n)
		}
		if n := w.eventsOf(t, id, events.TypeNominationStagePassed); n != len(tt.stages)-1 {
			t.Errorf("Nhóm %d: %d stages passed, want %d", tt.group, n, len(tt.stages)-1)
		}
		o, _ := w.state.Official(w.view(t, w.council, id).OfficialID)
		if len(o.Bookings) != 1 {
			t.Errorf("Nhóm %d: bookings %v, want the approved programme", tt.group, o.Bookings)
		}
		v = w.view(t, w.council, id)
		var actions []string
		for _, h := range v.History {
			actions = append(actions, h.Actor+":"+h.Action)
		}
		want := []string{"soyte:submitted", "sonoivu:passed", "hoidong:passed", "thuongtruc:approved"}
		if tt.group == 3 {
			want = []string{"soyte:submitted", "sonoivu:passed", "hoidong:approved"}
		}
		if !slices.Equal(actions, want) {
			t.Errorf("Nhóm %d: history %v, want %v", tt.group, actions, want)
		}
	}
}

func TestStageRejectAndReturnAPI(t *testing.T) {
	w := newWorld(t)
	id := w.groupNomination(t, 2)
	w.act(t, id, "submit").want(t, http.StatusOK)
	w.decide(t, w.homeAffairs, id, "approve", nil).want(t, http.StatusOK)
	w.decide(t, w.council, id, "approve", nil).want(t, http.StatusOK)
	// Bad input at the standing committee's stage: named, nothing recorded.
	w.refused(t, w.standing, http.MethodPost, nomPath(id, "return"), map[string]string{"to": "council"}, http.StatusBadRequest, "invalid").naming(t, "reason")
	w.refused(t, w.standing, http.MethodPost, nomPath(id, "return"), map[string]string{"reason": "Xem lại", "to": "province"}, http.StatusBadRequest, "invalid").naming(t, "to")
	w.refused(t, w.standing, http.MethodPost, nomPath(id, "return"), map[string]string{"reason": "Xem lại", "to": "standing_committee"}, http.StatusBadRequest, "invalid").naming(t, "to")
	w.refused(t, w.standing, http.MethodPost, nomPath(id, "reject"), map[string]string{"reason": " "}, http.StatusBadRequest, "invalid").naming(t, "reason")
	w.refused(t, w.standing, http.MethodPost, nomPath(id, "return"), `{"reason":"x","to":7}`, http.StatusBadRequest, "")
	// Returned to the council: still submitted, the council decides again.
	st, stage := decisionOf(t, w.decide(t, w.standing, id, "return", map[string]string{"reason": "Làm rõ thời gian", "to": "council"}).want(t, http.StatusOK))
	if st != "submitted" || stage != "council" {
		t.Fatalf("return to council → %s at %q", st, stage)
	}
	if !slices.Contains(w.queueIDs(t, w.council), id) {
		t.Error("not back in the council's queue")
	}
	var atCouncil []string
	for _, n := range w.do(t, w.auditor, http.MethodGet, "/api/v1/nominations?stage=council", nil).want(t, http.StatusOK).list(t) {
		atCouncil = append(atCouncil, n["id"].(string))
	}
	if !slices.Equal(atCouncil, []string{id}) {
		t.Errorf("nominations at the council's stage %v, want %s", atCouncil, id)
	}
	w.do(t, w.auditor, http.MethodGet, "/api/v1/nominations?stage=province", nil).failure(t, http.StatusBadRequest, "invalid").naming(t, "stage")
	// The council sends it back to the agency.
	st, stage = decisionOf(t, w.decide(t, w.council, id, "return", map[string]string{"reason": "Bổ sung bản cam kết"}).want(t, http.StatusOK))
	if st != "returned" || stage != "" {
		t.Fatalf("return to agency → %s at %q", st, stage)
	}
	// Resubmitted, it starts at Sở Nội vụ again, which rejects it.
	w.act(t, id, "resubmit").want(t, http.StatusOK)
	if v := w.view(t, w.yte, id); v.Stage != domain.RoleHomeAffairs {
		t.Fatalf("resubmitted at %q, want home_affairs", v.Stage)
	}
	st, _ = decisionOf(t, w.decide(t, w.homeAffairs, id, "reject", map[string]string{"reason": "Không đủ điều kiện"}).want(t, http.StatusOK))
	if st != "rejected" {
		t.Fatalf("reject → %s", st)
	}
	rej := w.auditData(t, id, events.TypeNominationRejected)
	var r events.NominationRejected
	if len(rej) != 1 || json.Unmarshal(rej[0].Data, &r) != nil || r.Stage != "home_affairs" {
		t.Errorf("rejection %+v, want at home_affairs", rej)
	}
}

// TestConcurrentStageApprovals: at every stage of a Nhóm 1 nomination, 20
// concurrent approvals by the stage's role give exactly one 200.
func TestConcurrentStageApprovals(t *testing.T) {
	w := newWorld(t)
	id := w.groupNomination(t, 1)
	w.act(t, id, "submit").want(t, http.StatusOK)
	for _, stage := range []struct{ role, token, typ string }{
		{"home_affairs", w.homeAffairs, events.TypeNominationStagePassed},
		{"council", w.council, events.TypeNominationStagePassed},
		{"standing_committee", w.standing, events.TypeNominationApproved},
	} {
		before := w.eventsOf(t, id, stage.typ)
		count := tally(t, race(t, w.app, 20, stage.token, http.MethodPost, nomPath(id, "approve"), `{}`))
		if count[http.StatusOK] != 1 || count[http.StatusConflict] != 19 {
			t.Errorf("20 concurrent approvals at %s: %v, want one 200 and nineteen 409", stage.role, count)
		}
		if n := w.eventsOf(t, id, stage.typ) - before; n != 1 {
			t.Errorf("at %s: %d new %s, want 1", stage.role, n, stage.typ)
		}
	}
	if v := w.view(t, w.council, id); v.Status != domain.StatusApproved {
		t.Errorf("status %s, want approved", v.Status)
	}
}

// pdf returns a small PDF whose content differs by text.
func pdf(text string) []byte { return []byte("%PDF-1.4\n% " + text + "\n%%EOF\n") }

func hashOf(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// attach sends file as the multipart field "file" named name.
func (w *world) attach(t *testing.T, token, id, name string, file []byte) response {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(file)
	mw.Close()
	return w.do(t, token, http.MethodPost, nomPath(id, "attachments"), buf.Bytes(), "Content-Type", mw.FormDataContentType())
}

func TestAttachmentsPinnedAPI(t *testing.T) {
	w := newWorld(t)
	id := w.groupNomination(t, 3)
	cv, commit := pdf("ly lich"), pdf("cam ket")
	w.attach(t, w.yte, id, "ly-lich.pdf", cv).want(t, http.StatusCreated)
	// The body itself, with its name in the query.
	w.do(t, w.yte, http.MethodPost, nomPath(id, "attachments")+"?name=cam-ket.pdf", commit, "Content-Type", "application/pdf").want(t, http.StatusCreated)
	// Bad uploads: named, nothing recorded.
	for _, bad := range []struct {
		name  string
		file  []byte
		field string
	}{
		{"a.exe", []byte("MZ\x90\x00"), "file"},
		{"gia-mao.pdf", []byte("<html><body>x</body></html>"), "file"},
		{"rong.pdf", nil, "file"},
	} {
		before := w.lastSeq(t)
		w.attach(t, w.yte, id, bad.name, bad.file).failure(t, http.StatusBadRequest, "").naming(t, bad.field)
		if w.lastSeq(t) != before {
			t.Errorf("%q: the log grew", bad.name)
		}
	}
	w.refused(t, w.yte, http.MethodPost, nomPath(id, "attachments"), pdf("x"), http.StatusBadRequest, "invalid", "Content-Type", "application/pdf").naming(t, "name")
	big := append(pdf("lon"), bytes.Repeat([]byte("x"), 10<<20)...)
	w.attach(t, w.yte, id, "lon.pdf", big).failure(t, http.StatusBadRequest, "too_large")
	// Another agency does not see it; the council cannot add to a draft.
	w.attach(t, w.tamky, id, "x.pdf", pdf("x")).failure(t, http.StatusNotFound, "not_found")
	w.attach(t, w.council, id, "x.pdf", pdf("x")).failure(t, http.StatusConflict, "invalid_transition")

	// Submitted: the event pins exactly the two hashes.
	w.act(t, id, "submit").want(t, http.StatusOK)
	var sub events.NominationSubmitted
	json.Unmarshal(w.auditData(t, id, events.TypeNominationSubmitted)[0].Data, &sub)
	if got := refHashes(sub.Attachments); !slices.Equal(got, []string{hashOf(cv), hashOf(commit)}) {
		t.Fatalf("submission pins %v", got)
	}
	// The dossier is frozen for the agency; Sở Nội vụ attaches its appraisal.
	w.attach(t, w.yte, id, "them.pdf", pdf("them")).failure(t, http.StatusConflict, "invalid_transition")
	appraisal := pdf("tham dinh")
	w.attach(t, w.homeAffairs, id, "tham-dinh.pdf", appraisal).want(t, http.StatusCreated)
	// Sở Nội vụ returns it: the decision names what it saw.
	w.decide(t, w.homeAffairs, id, "return", map[string]string{"reason": "Bản cam kết chưa ký"}).want(t, http.StatusOK)
	var ret events.NominationReturned
	json.Unmarshal(w.auditData(t, id, events.TypeNominationReturned)[0].Data, &ret)
	if got := refHashes(ret.Attachments); !slices.Equal(got, []string{hashOf(cv), hashOf(commit), hashOf(appraisal)}) {
		t.Fatalf("return saw %v", got)
	}
	// The agency replaces the commitment with a signed one: a changed file
	// is a different hash.
	signed := pdf("cam ket - da ky")
	if hashOf(signed) == hashOf(commit) {
		t.Fatal("two contents, one hash")
	}
	w.do(t, w.yte, http.MethodDelete, nomPath(id, "attachments", hashOf(commit)), nil).want(t, http.StatusOK)
	w.do(t, w.yte, http.MethodDelete, nomPath(id, "attachments", hashOf(appraisal)), nil).failure(t, http.StatusNotFound, "not_found")
	w.do(t, w.tamky, http.MethodDelete, nomPath(id, "attachments", hashOf(cv)), nil).failure(t, http.StatusNotFound, "not_found")
	w.attach(t, w.yte, id, "cam-ket-da-ky.pdf", signed).want(t, http.StatusCreated)
	w.act(t, id, "resubmit").want(t, http.StatusOK)
	var res events.NominationResubmitted
	json.Unmarshal(w.auditData(t, id, events.TypeNominationResubmitted)[0].Data, &res)
	if got := refHashes(res.Attachments); !slices.Equal(got, []string{hashOf(cv), hashOf(appraisal), hashOf(signed)}) {
		t.Errorf("resubmission pins %v", got)
	}
	v := w.view(t, w.yte, id)
	var changes []string
	for _, c := range v.AttachmentChanges {
		changes = append(changes, c.Change+":"+c.Ref.Name)
	}
	if !slices.Equal(changes, []string{"added:tham-dinh.pdf", "added:cam-ket-da-ky.pdf", "removed:cam-ket.pdf"}) {
		t.Errorf("changes since the last round %v", changes)
	}
	// The final approval refers to exactly what it saw.
	w.decide(t, w.homeAffairs, id, "approve", nil).want(t, http.StatusOK)
	w.decide(t, w.council, id, "approve", nil).want(t, http.StatusOK)
	var app events.NominationApproved
	json.Unmarshal(w.auditData(t, id, events.TypeNominationApproved)[0].Data, &app)
	if got := refHashes(app.Attachments); !slices.Equal(got, refHashes(res.Attachments)) {
		t.Errorf("approval saw %v, the resubmission pinned %v", got, refHashes(res.Attachments))
	}

	// Downloads: whoever may see the nomination gets the exact bytes, even
	// of a document no longer in the dossier; anyone else gets 404.
	for _, token := range []string{w.yte, w.council, w.auditor, w.homeAffairs, w.standing} {
		r := w.do(t, token, http.MethodGet, "/api/v1/attachments/"+hashOf(commit), nil).want(t, http.StatusOK)
		if !bytes.Equal(r.raw, commit) || r.header.Get("Content-Type") != "application/pdf" {
			t.Errorf("download: %q %s", r.raw, r.header.Get("Content-Type"))
		}
	}
	w.do(t, w.tamky, http.MethodGet, "/api/v1/attachments/"+hashOf(commit), nil).failure(t, http.StatusNotFound, "not_found")
	w.do(t, w.yte, http.MethodGet, "/api/v1/attachments/"+hashOf([]byte("khong co")), nil).failure(t, http.StatusNotFound, "not_found")
	w.do(t, w.yte, http.MethodGet, "/api/v1/attachments/khong-phai-hash", nil).failure(t, http.StatusNotFound, "not_found")
}

func refHashes(refs []events.AttachmentRef) []string {
	var out []string
	for _, r := range refs {
		out = append(out, r.SHA256)
	}
	return out
}

func TestCommentsAPI(t *testing.T) {
	w := newWorld(t)
	id := w.nominationIn(t, domain.StatusSubmitted)
	path := nomPath(id, "comments")
	w.do(t, w.yte, http.MethodPost, path, map[string]string{"comment": "Xin Hội đồng xem sớm."}).want(t, http.StatusCreated)
	w.do(t, w.council, http.MethodPost, path, map[string]string{"comment": "Đang xem xét."}).want(t, http.StatusCreated)
	w.refused(t, w.yte, http.MethodPost, path, map[string]string{"comment": " "}, http.StatusBadRequest, "invalid").naming(t, "comment")
	w.refused(t, w.tamky, http.MethodPost, path, map[string]string{"comment": "x"}, http.StatusNotFound, "not_found")
	w.refused(t, w.auditor, http.MethodPost, path, map[string]string{"comment": "x"}, http.StatusForbidden, "forbidden")
	var got []string
	for _, h := range w.view(t, w.yte, id).History {
		if h.Action == "commented" {
			got = append(got, h.Actor+":"+h.Stage+":"+h.Comment)
		}
	}
	if want := []string{"soyte:council:Xin Hội đồng xem sớm.", "hoidong:council:Đang xem xét."}; !slices.Equal(got, want) {
		t.Errorf("comments %v, want %v", got, want)
	}
}

func TestDelegationAPI(t *testing.T) {
	w := newWorld(t)
	deputy := w.user(t, "phohoidong", domain.RoleAuditor, "")
	id := w.nominationIn(t, domain.StatusSubmitted) // awaits the council
	now := w.clock.Now()
	grant := map[string]string{"delegate": "phohoidong", "from": now.Format(time.RFC3339),
		"until": now.Add(72 * time.Hour).Format(time.RFC3339), "reason": "Chủ tịch đi công tác"}
	// Bad grants: named, nothing recorded.
	w.refused(t, w.council, http.MethodPost, "/api/v1/delegations", with2(grant, "delegate", "hoidong"), http.StatusBadRequest, "invalid").naming(t, "delegate")
	w.refused(t, w.council, http.MethodPost, "/api/v1/delegations", with2(grant, "delegate", "khong-co"), http.StatusBadRequest, "invalid").naming(t, "delegate")
	w.refused(t, w.council, http.MethodPost, "/api/v1/delegations", with2(grant, "until", now.Add(-time.Hour).Format(time.RFC3339)), http.StatusBadRequest, "invalid").naming(t, "until")
	w.refused(t, w.council, http.MethodPost, "/api/v1/delegations", with2(grant, "from", "mai"), http.StatusBadRequest, "invalid").naming(t, "from")
	w.refused(t, w.council, http.MethodPost, "/api/v1/delegations", with2(grant, "until", now.Add(200*24*time.Hour).Format(time.RFC3339)), http.StatusBadRequest, "invalid").naming(t, "until")
	// Nobody but the delegator (or an admin) grants for them.
	w.refused(t, w.yte, http.MethodPost, "/api/v1/delegations", with2(grant, "delegator", "hoidong"), http.StatusForbidden, "forbidden")
	w.refused(t, w.admin, http.MethodPost, "/api/v1/delegations", with2(grant, "delegator", "quantri"), http.StatusBadRequest, "invalid").naming(t, "delegator")
	// Before the grant, acting for the council is refused.
	w.refused(t, deputy, http.MethodPost, nomPath(id, "approve"), nil, http.StatusForbidden, "forbidden", "X-Act-For", "hoidong")
	gid := created(t, w.do(t, w.council, http.MethodPost, "/api/v1/delegations", grant))
	var list []handlers.GrantView
	w.do(t, deputy, http.MethodGet, "/api/v1/delegations?active=true", nil).want(t, http.StatusOK).into(t, &list)
	if len(list) != 1 || list[0].ID != gid || !list[0].Active || list[0].Delegator != "hoidong" {
		t.Fatalf("deputy's active grants %+v", list)
	}
	w.do(t, w.yte, http.MethodGet, "/api/v1/delegations", nil).want(t, http.StatusOK)
	w.do(t, w.yte, http.MethodGet, "/api/v1/delegations?active=x", nil).failure(t, http.StatusBadRequest, "invalid")
	if me := w.do(t, deputy, http.MethodGet, "/api/v1/me", nil, "X-Act-For", "hoidong").want(t, http.StatusOK).object(t); me["acting_for"] != "hoidong" || me["username"] != "phohoidong" {
		t.Errorf("me while acting: %v", me)
	}
	// Acting for the council, the deputy approves; the event records both.
	w.do(t, deputy, http.MethodPost, nomPath(id, "approve"), nil, "X-Act-For", "hoidong").want(t, http.StatusOK)
	app := w.auditData(t, id, events.TypeNominationApproved)
	if len(app) != 1 || app[0].Actor.Username != "phohoidong" || app[0].Actor.OnBehalfOf == nil ||
		app[0].Actor.OnBehalfOf.Username != "hoidong" || app[0].Actor.Role != "council" {
		t.Fatalf("approval actor %+v", app)
	}
	if h := w.view(t, w.council, id).History; h[len(h)-1].OnBehalfOf != "hoidong" || h[len(h)-1].Actor != "phohoidong" {
		t.Errorf("history %+v", h[len(h)-1])
	}
	// Without the header the deputy is an auditor; nobody else may act for
	// the council; nobody grants while acting for someone.
	w.refused(t, deputy, http.MethodPost, nomPath(w.nominationIn(t, domain.StatusSubmitted), "approve"), nil, http.StatusForbidden, "forbidden")
	w.refused(t, w.homeAffairs, http.MethodGet, "/api/v1/me", nil, http.StatusForbidden, "forbidden", "X-Act-For", "hoidong")
	w.refused(t, deputy, http.MethodPost, "/api/v1/delegations", with2(grant, "delegate", "sonoivu"), http.StatusForbidden, "forbidden", "X-Act-For", "hoidong")
	// An expired grant is refused.
	second := w.nominationIn(t, domain.StatusSubmitted)
	w.clock.Advance(73 * time.Hour)
	deputy, w.council, w.tamky = w.login(t, "phohoidong"), w.login(t, "hoidong"), w.login(t, "tamky")
	w.refused(t, deputy, http.MethodPost, nomPath(second, "approve"), nil, http.StatusForbidden, "forbidden", "X-Act-For", "hoidong")
	w.refused(t, w.council, http.MethodPost, "/api/v1/delegations/"+gid+"/revoke", nil, http.StatusConflict, "invalid_transition")
	// A new grant, revoked: refused at once.
	now = w.clock.Now()
	gid = created(t, w.do(t, w.council, http.MethodPost, "/api/v1/delegations", with2(grant, "from", now.Format(time.RFC3339), "until", "30/09/2025")))
	w.refused(t, w.tamky, http.MethodPost, "/api/v1/delegations/"+gid+"/revoke", nil, http.StatusNotFound, "not_found")
	w.do(t, deputy, http.MethodPost, "/api/v1/delegations/"+gid+"/revoke", map[string]string{"reason": "Đã về"}).want(t, http.StatusOK)
	w.refused(t, deputy, http.MethodPost, nomPath(second, "approve"), nil, http.StatusForbidden, "forbidden", "X-Act-For", "hoidong")
	w.refused(t, w.council, http.MethodPost, "/api/v1/delegations/khong-co/revoke", nil, http.StatusNotFound, "not_found")
	if n := w.eventsOfType(t, events.TypeDelegationRevoked); n != 1 {
		t.Errorf("%d revocations, want 1", n)
	}
	// An admin grants for the council; the admin lists every grant, the
	// delegator only theirs.
	w.admin, w.yte, w.homeAffairs = w.login(t, "quantri"), w.login(t, "soyte"), w.login(t, "sonoivu")
	w.clock.Advance(time.Minute)
	created(t, w.do(t, w.admin, http.MethodPost, "/api/v1/delegations", with2(grant, "delegator", "hoidong", "from", now.Format(time.RFC3339), "until", "30/06/2025")))
	var all, mine []handlers.GrantView
	w.do(t, w.admin, http.MethodGet, "/api/v1/delegations", nil).want(t, http.StatusOK).into(t, &all)
	w.do(t, w.tamky, http.MethodGet, "/api/v1/delegations", nil).want(t, http.StatusOK).into(t, &mine)
	if len(all) != 3 || all[0].GrantedBy != "quantri" || all[0].Delegator != "hoidong" || len(mine) != 0 {
		t.Errorf("admin lists %+v, tamky %+v", all, mine)
	}
	// Under the admin's grant the deputy approves again (a fresh official:
	// no overlap with the first approval).
	fresh := w.nomination(t, w.yte, nominationBody(w.official(t, w.yte, officialBody("so_y_te"))))
	w.act(t, fresh, "submit").want(t, http.StatusOK)
	w.act(t, fresh, "approve").want(t, http.StatusOK) // Sở Nội vụ passes it on
	w.do(t, deputy, http.MethodPost, nomPath(fresh, "approve"), nil, "X-Act-For", "hoidong").want(t, http.StatusOK)
}

// with2 returns a copy of m with the given keys replaced.
func with2(m map[string]string, kv ...string) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i]] = kv[i+1]
	}
	return out
}

// eventsOfType counts the events of type typ in the whole log.
func (w *world) eventsOfType(t *testing.T, typ string) int {
	t.Helper()
	n := 0
	err := w.store.Read(t.Context(), 1, 0, func(r events.Recorded) error {
		if r.Type == typ {
			n++
		}
		return nil
	})
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	return n
}

// TestAttachmentIdempotency: a retried upload with its Idempotency-Key is
// answered once; the key with another file is refused.
func TestAttachmentIdempotency(t *testing.T) {
	w := newWorld(t)
	id := w.nominationIn(t, domain.StatusDraft)
	path := nomPath(id, "attachments") + "?name=cam-ket.pdf"
	first := w.do(t, w.yte, http.MethodPost, path, pdf("cam ket"), "Content-Type", "application/pdf", "Idempotency-Key", "tep-1").want(t, http.StatusCreated).object(t)
	before := w.lastSeq(t)
	again := w.do(t, w.yte, http.MethodPost, path, pdf("cam ket"), "Content-Type", "application/pdf", "Idempotency-Key", "tep-1").want(t, http.StatusCreated).object(t)
	if again["seq"] != first["seq"] || w.lastSeq(t) != before {
		t.Errorf("retry answered %v after %v, log %d → %d", again, first, before, w.lastSeq(t))
	}
	w.refused(t, w.yte, http.MethodPost, path, pdf("khac"), http.StatusConflict, "idempotency_key_reused", "Content-Type", "application/pdf", "Idempotency-Key", "tep-1")
}
