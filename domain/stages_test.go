package domain_test

import (
	"errors"
	"reflect"
	"slices"
	"testing"

	"daotao/domain"
	"daotao/events"
)

// Actors of the approval chain.
var (
	chHomeAffairs = events.Actor{UserID: "u-noivu", Username: "sonoivu", Role: string(domain.RoleHomeAffairs)}
	chStanding    = events.Actor{UserID: "u-thuongtruc", Username: "thuongtruc", Role: string(domain.RoleStandingCommittee)}
	// councilOnly is a chain of one stage, as nominations submitted before
	// the approval chain had (the council alone decided).
	councilOnly = events.ChainPin{Version: 1, Group: 3, Stages: []events.StagePin{{Role: string(domain.RoleCouncil), DueWorkingDays: 10}}}
)

// stageActors maps each stage role to its actor.
var stageActors = map[domain.Role]events.Actor{
	domain.RoleHomeAffairs: chHomeAffairs, domain.RoleCouncil: council, domain.RoleStandingCommittee: chStanding,
}

func roles(c events.ChainPin) []string {
	var out []string
	for _, s := range c.Stages {
		out = append(out, s.Role)
	}
	return out
}

var submittedOn = events.NewDate(2025, 6, 2)

func TestChainForGroups(t *testing.T) {
	full := []string{"home_affairs", "council", "standing_committee"}
	short := []string{"home_affairs", "council"}
	for _, kind := range []string{domain.KindRefresher, domain.KindPostgraduate} {
		for group, want := range map[int][]string{1: full, 2: full, 3: short, 4: short} {
			c := domain.ChainFor(kind, group, submittedOn)
			if got := roles(c); !slices.Equal(got, want) {
				t.Errorf("%s, Nhóm %d: chain %v, want %v", kind, group, got, want)
			}
			if c.Version != 1 || c.Group != group {
				t.Errorf("%s, Nhóm %d: version %d group %d, want 1 and %d", kind, group, c.Version, c.Group, group)
			}
			for _, s := range c.Stages {
				if s.DueWorkingDays <= 0 || s.EscalateTo == "" {
					t.Errorf("%s, Nhóm %d, stage %s: due %d days, escalate to %q; want both set", kind, group, s.Role, s.DueWorkingDays, s.EscalateTo)
				}
			}
		}
	}
	if c := domain.ChainFor("khac", 1, submittedOn); len(c.Stages) != 0 {
		t.Errorf("unknown kind: chain %v, want none", roles(c))
	}
}

// submittedFor is a nomination submitted along the chain of group.
func submittedFor(t *testing.T, group int) *domain.Nomination {
	t.Helper()
	n := given(t, created())
	p, err := n.Submit(officer, domain.ChainFor(domain.KindRefresher, group, submittedOn))
	if err != nil {
		t.Fatalf("submit: %v", err)
	}
	n.Apply(n.Seq()+1, at(int(n.Seq())), p)
	return n
}

// then returns what applies the payload of a command that must succeed.
func then(t *testing.T, n *domain.Nomination) func(events.Payload, error) events.Payload {
	return func(p events.Payload, err error) events.Payload {
		t.Helper()
		if err != nil || p == nil {
			t.Fatalf("got %#v, %v; want an event", p, err)
		}
		n.ApplyBy(n.Seq()+1, at(int(n.Seq())), events.Actor{Username: "x"}, p)
		return p
	}
}

func TestChainWalk(t *testing.T) {
	for _, tt := range []struct {
		group  int
		stages []domain.Role
	}{
		{1, []domain.Role{domain.RoleHomeAffairs, domain.RoleCouncil, domain.RoleStandingCommittee}},
		{2, []domain.Role{domain.RoleHomeAffairs, domain.RoleCouncil, domain.RoleStandingCommittee}},
		{3, []domain.Role{domain.RoleHomeAffairs, domain.RoleCouncil}},
		{4, []domain.Role{domain.RoleHomeAffairs, domain.RoleCouncil}},
	} {
		t.Run("Nhóm "+string(rune('0'+tt.group)), func(t *testing.T) {
			// Given a nomination submitted for an official of the group.
			n := submittedFor(t, tt.group)
			for i, stage := range tt.stages {
				if n.Stage() != stage || n.Status() != domain.StatusSubmitted {
					t.Fatalf("step %d: stage %q status %s, want %q submitted", i, n.Stage(), n.Status(), stage)
				}
				// When the awaited stage approves.
				p := then(t, n)(n.Approve(stageActors[stage], "Đồng ý"))
				// Then it moves on, or is finally approved at the last stage.
				if i < len(tt.stages)-1 {
					want := &events.NominationStagePassed{Stage: string(stage), Next: string(tt.stages[i+1]), Reason: "Đồng ý"}
					if !reflect.DeepEqual(p, want) {
						t.Errorf("step %d: %#v, want %#v", i, p, want)
					}
					continue
				}
				if a, ok := p.(*events.NominationApproved); !ok || a.Stage != string(stage) {
					t.Errorf("last step: %#v, want nomination.approved at %s", p, stage)
				}
			}
			if n.Status() != domain.StatusApproved || n.Stage() != "" {
				t.Errorf("after the chain: status %s stage %q, want approved and none", n.Status(), n.Stage())
			}
		})
	}
}

func TestChainPinnedAtSubmission(t *testing.T) {
	// Given a nomination submitted under a chain whose order differs from
	// today's table (an older version).
	old := events.ChainPin{Version: 0, Group: 1, Stages: []events.StagePin{{Role: "council"}, {Role: "home_affairs"}}}
	n := given(t, created(), &events.NominationSubmitted{Chain: &old})
	// Then it follows its pinned chain, not the table.
	if n.Stage() != domain.RoleCouncil {
		t.Fatalf("stage %q, want council (pinned)", n.Stage())
	}
	then(t, n)(n.Approve(council, ""))
	if n.Stage() != domain.RoleHomeAffairs {
		t.Fatalf("stage %q, want home_affairs (pinned)", n.Stage())
	}
	if v := n.View(); !reflect.DeepEqual(v.Chain, &old) {
		t.Errorf("view chain %+v, want %+v", v.Chain, old)
	}
}

func TestChainWrongRoleAtEachStage(t *testing.T) {
	stages := []domain.Role{domain.RoleHomeAffairs, domain.RoleCouncil, domain.RoleStandingCommittee}
	for i, stage := range stages {
		for _, action := range []string{domain.ActApprove, domain.ActReject, domain.ActReturn} {
			// Given a Nhóm 1 nomination awaiting stage.
			n := submittedFor(t, 1)
			for _, s := range stages[:i] {
				then(t, n)(n.Approve(stageActors[s], ""))
			}
			// When another stage role decides: refused as the wrong stage.
			for _, other := range stages {
				if other == stage {
					continue
				}
				p, err := n.DecideStage(stageActors[other], action, "Lý do", "")
				if p != nil || !errors.Is(err, domain.ErrTransition) {
					t.Errorf("%s by %s at %s: %#v, %v; want invalid_transition", action, other, stage, p, err)
				}
			}
			// When a role that never decides tries: forbidden.
			for _, a := range []events.Actor{officer, auditor, admin} {
				p, err := n.DecideStage(a, action, "Lý do", "")
				if p != nil || !errors.Is(err, domain.ErrForbidden) {
					t.Errorf("%s by %s at %s: %#v, %v; want forbidden", action, a.Role, stage, p, err)
				}
			}
			if n.Stage() != stage {
				t.Errorf("stage moved to %q", n.Stage())
			}
		}
	}
}

func TestChainRejectAtEachStage(t *testing.T) {
	stages := []domain.Role{domain.RoleHomeAffairs, domain.RoleCouncil, domain.RoleStandingCommittee}
	for i, stage := range stages {
		t.Run(string(stage), func(t *testing.T) {
			n := submittedFor(t, 2)
			for _, s := range stages[:i] {
				then(t, n)(n.Approve(stageActors[s], ""))
			}
			// A rejection needs a reason.
			_, err := n.Reject(stageActors[stage], " ")
			wantError(t, err, domain.KindInvalid, "reason")
			p := then(t, n)(n.Reject(stageActors[stage], "Không phù hợp"))
			if r, ok := p.(*events.NominationRejected); !ok || r.Stage != string(stage) || r.Reason != "Không phù hợp" {
				t.Errorf("%#v, want a rejection at %s", p, stage)
			}
			if n.Status() != domain.StatusRejected || n.Stage() != "" {
				t.Errorf("status %s stage %q, want rejected and none", n.Status(), n.Stage())
			}
		})
	}
}

func TestChainReturnToEarlierStage(t *testing.T) {
	// Given a Nhóm 1 nomination at the chStanding committee's stage.
	n := submittedFor(t, 1)
	then(t, n)(n.Approve(chHomeAffairs, ""))
	then(t, n)(n.Approve(council, ""))
	if got := n.EarlierStages(); !slices.Equal(got, []string{"agency", "home_affairs", "council"}) {
		t.Errorf("earlier stages %v", got)
	}
	// A return needs a reason and a target before the current stage.
	_, err := n.DecideStage(chStanding, domain.ActReturn, "", "council")
	wantError(t, err, domain.KindInvalid, "reason")
	for _, bad := range []string{"standing_committee", "province", "khong-co"} {
		_, err := n.DecideStage(chStanding, domain.ActReturn, "Xem lại", bad)
		wantError(t, err, domain.KindInvalid, "to")
	}
	// When it is returned to the council.
	p := then(t, n)(n.DecideStage(chStanding, domain.ActReturn, "Cần ý kiến Hội đồng về thời gian", "council"))
	want := &events.NominationSentBack{Stage: "standing_committee", To: "council", Reason: "Cần ý kiến Hội đồng về thời gian"}
	if !reflect.DeepEqual(p, want) {
		t.Errorf("%#v, want %#v", p, want)
	}
	// Then the council decides again, the status stays submitted.
	if n.Stage() != domain.RoleCouncil || n.Status() != domain.StatusSubmitted {
		t.Fatalf("stage %q status %s, want council submitted", n.Stage(), n.Status())
	}
	// And the council may return it further back, to Sở Nội vụ.
	then(t, n)(n.DecideStage(council, domain.ActReturn, "Thẩm định lại", "home_affairs"))
	if n.Stage() != domain.RoleHomeAffairs {
		t.Fatalf("stage %q, want home_affairs", n.Stage())
	}
	// Sở Nội vụ, the first stage, can only return it to the agency.
	_, err = n.DecideStage(chHomeAffairs, domain.ActReturn, "Thiếu", "home_affairs")
	wantError(t, err, domain.KindInvalid, "to")
	then(t, n)(n.DecideStage(chHomeAffairs, domain.ActReturn, "Thiếu bản cam kết", ""))
	if n.Status() != domain.StatusReturned || n.Stage() != "" {
		t.Fatalf("status %s stage %q, want returned and none", n.Status(), n.Stage())
	}
	// The history names every step.
	var actions []string
	for _, h := range n.History() {
		actions = append(actions, h.Action+":"+h.Stage+">"+h.To)
	}
	wantSteps := []string{"submitted:>", "passed:home_affairs>council", "passed:council>standing_committee",
		"sent_back:standing_committee>council", "sent_back:council>home_affairs", "returned:home_affairs>agency"}
	if !slices.Equal(actions, wantSteps) {
		t.Errorf("history %v, want %v", actions, wantSteps)
	}
	// A resubmission starts the chain again at its first stage.
	then(t, n)(n.Resubmit(officer, "Đã bổ sung"))
	if n.Stage() != domain.RoleHomeAffairs || n.Status() != domain.StatusSubmitted {
		t.Errorf("after resubmission: stage %q status %s, want home_affairs submitted", n.Stage(), n.Status())
	}
}

func ref(sha byte, name string) events.AttachmentRef {
	h := make([]byte, 64)
	for i := range h {
		h[i] = "0123456789abcdef"[(int(sha)+i)%16]
	}
	return events.AttachmentRef{SHA256: string(h), Name: name, ContentType: "application/pdf", Size: 1200}
}

func TestChainAttachmentsPinned(t *testing.T) {
	cv, commit, plan := ref(1, "ly-lich.pdf"), ref(2, "cam-ket.pdf"), ref(3, "ke-hoach.pdf")
	// Given a draft with two documents.
	n := given(t, created())
	then(t, n)(n.AddAttachment(officer, cv))
	then(t, n)(n.AddAttachment(officer, commit))
	// The same document again records nothing; a bad hash is refused.
	if p, err := n.AddAttachment(officer, cv); p != nil || err != nil {
		t.Errorf("duplicate: %#v, %v; want nothing", p, err)
	}
	bad := cv
	bad.SHA256 = "ABC"
	_, err := n.AddAttachment(officer, bad)
	wantError(t, err, domain.KindInvalid, "sha256")
	// Another agency cannot see it; the council cannot add to a draft.
	_, err = n.AddAttachment(stranger, plan)
	wantError(t, err, domain.KindNotFound)
	_, err = n.AddAttachment(council, plan)
	wantError(t, err, domain.KindConflict)
	// When it is submitted, the event pins both.
	p := then(t, n)(n.Submit(officer, domain.ChainFor(domain.KindRefresher, 3, submittedOn)))
	if got := p.(*events.NominationSubmitted).Attachments; !reflect.DeepEqual(got, []events.AttachmentRef{cv, commit}) {
		t.Errorf("submission pins %v", got)
	}
	// The agency cannot change a submitted dossier.
	_, err = n.AddAttachment(officer, plan)
	wantError(t, err, domain.KindConflict)
	// Sở Nội vụ, at its stage, attaches its appraisal; the decision names
	// exactly what it saw.
	appraisal := plan
	then(t, n)(n.AddAttachment(chHomeAffairs, appraisal))
	appraisal.Stage = "home_affairs"
	d := then(t, n)(n.DecideStage(chHomeAffairs, domain.ActReturn, "Thiếu bản cam kết có xác nhận", ""))
	if got := d.(*events.NominationReturned).Attachments; !reflect.DeepEqual(got, []events.AttachmentRef{cv, commit, appraisal}) {
		t.Errorf("return saw %v", got)
	}
	// The agency replaces the commitment and resubmits: the event shows
	// what changed since the last round.
	_, err = n.RemoveAttachment(officer, appraisal.SHA256)
	wantError(t, err, domain.KindNotFound)
	then(t, n)(n.RemoveAttachment(officer, commit.SHA256))
	signed := ref(4, "cam-ket-da-ky.pdf")
	then(t, n)(n.AddAttachment(officer, signed))
	r := then(t, n)(n.Resubmit(officer, "Đã thay bản cam kết")).(*events.NominationResubmitted)
	if !reflect.DeepEqual(r.Attachments, []events.AttachmentRef{cv, appraisal, signed}) {
		t.Errorf("resubmission pins %v", r.Attachments)
	}
	wantChanges := []events.AttachmentChange{{Change: "added", Ref: appraisal}, {Change: "added", Ref: signed}, {Change: "removed", Ref: commit}}
	if !reflect.DeepEqual(r.AttachmentChanges, wantChanges) {
		t.Errorf("changes %+v, want %+v", r.AttachmentChanges, wantChanges)
	}
	if v := n.View(); !reflect.DeepEqual(v.AttachmentChanges, wantChanges) {
		t.Errorf("view changes %+v", v.AttachmentChanges)
	}
	for _, h := range []string{cv.SHA256, commit.SHA256, signed.SHA256} {
		if !n.References(h) {
			t.Errorf("does not reference %s", h)
		}
	}
	if n.References(ref(9, "x").SHA256) {
		t.Error("references a document never attached")
	}
}

func TestChainComments(t *testing.T) {
	n := submittedFor(t, 3)
	for _, a := range []events.Actor{officer, chHomeAffairs, council, chStanding} {
		p := then(t, n)(n.Comment(a, "  Ý kiến của "+a.Username+" "))
		if c := p.(*events.NominationCommented); c.Comment != "Ý kiến của "+a.Username || c.Stage != "home_affairs" {
			t.Errorf("%#v", c)
		}
	}
	_, err := n.Comment(officer, "  ")
	wantError(t, err, domain.KindInvalid, "comment")
	_, err = n.Comment(stranger, "x")
	wantError(t, err, domain.KindNotFound)
	_, err = n.Comment(auditor, "x")
	wantError(t, err, domain.KindForbidden)
}

func TestChainHistoryRecordsDelegation(t *testing.T) {
	n := submittedFor(t, 3)
	delegate := events.Actor{UserID: "u-pho", Username: "phonoivu", Role: string(domain.RoleHomeAffairs),
		OnBehalfOf: &events.Actor{UserID: "u-noivu", Username: "sonoivu", Role: string(domain.RoleHomeAffairs)}}
	p, err := n.Approve(delegate, "")
	if err != nil {
		t.Fatal(err)
	}
	n.ApplyBy(n.Seq()+1, at(5), delegate, p)
	h := n.History()
	last := h[len(h)-1]
	if last.Actor != "phonoivu" || last.OnBehalfOf != "sonoivu" || last.Action != "passed" || !last.At.Equal(at(5)) {
		t.Errorf("last step %+v", last)
	}
}

func TestStageTableVersions(t *testing.T) {
	// Given a second version of the table from 01/07/2025 in which the
	// standing committee is asked for every group.
	saved := domain.StageTables
	t.Cleanup(func() { domain.StageTables = saved })
	everyone := []domain.StageDef{
		{Role: domain.RoleHomeAffairs, DueWorkingDays: 3, EscalateTo: domain.RoleCouncil},
		{Role: domain.RoleCouncil, DueWorkingDays: 7, EscalateTo: domain.RoleProvince},
		{Role: domain.RoleStandingCommittee, DueWorkingDays: 7, EscalateTo: domain.RoleCouncil},
	}
	domain.StageTables = append(slices.Clone(saved), domain.StageTable{Version: 2, EffectiveFrom: events.NewDate(2025, 7, 1),
		Chains: map[string][]domain.StageDef{domain.KindRefresher: everyone, domain.KindPostgraduate: everyone}})
	// A nomination submitted before it keeps version 1 (no standing
	// committee for Nhóm 3) even when decided after.
	n := given(t, created())
	then(t, n)(n.Submit(officer, domain.ChainFor(domain.KindRefresher, 3, events.NewDate(2025, 6, 30))))
	if c := n.Chain(); c.Version != 1 || len(c.Stages) != 2 {
		t.Fatalf("chain %+v, want version 1 with two stages", c)
	}
	// One submitted from its effective date follows version 2.
	if c := domain.ChainFor(domain.KindRefresher, 3, events.NewDate(2025, 7, 1)); c.Version != 2 || len(c.Stages) != 3 || c.Stages[0].DueWorkingDays != 3 {
		t.Errorf("chain on 01/07/2025 %+v, want version 2", c)
	}
	then(t, n)(n.Approve(chHomeAffairs, ""))
	p := then(t, n)(n.Approve(council, ""))
	if _, ok := p.(*events.NominationApproved); !ok {
		t.Errorf("the council's approval under version 1 is %#v, want the final approval", p)
	}
}
