package domain_test

import (
	"reflect"
	"testing"
	"time"

	"daotao/domain"
	"daotao/events"
)

// draftView is the view of a nomination given only created() at at(0).
func draftView() domain.NominationView {
	d := details()
	return domain.NominationView{
		ID: "nom-1", Status: domain.StatusDraft, OfficialID: "off-1", AgencyCode: "so_noi_vu",
		Kind: domain.KindRefresher, Title: d.Title, ContentCode: d.ContentCode, StartDate: d.StartDate,
		EndDate: d.EndDate, CostEstimateVND: d.CostEstimateVND, CreatedAt: at(0), Seq: 1,
	}
}

func ptr(t time.Time) *time.Time { return &t }

func TestNominationView(t *testing.T) {
	const returnReason, decision = "Thiếu minh chứng", "Không phù hợp vị trí việc làm"
	tests := []struct {
		name  string
		given []events.Payload
		want  func(v *domain.NominationView)
	}{
		{"created", []events.Payload{created()}, func(*domain.NominationView) {}},
		{"submitted", []events.Payload{created(), &events.NominationSubmitted{}}, func(v *domain.NominationView) {
			v.Status, v.Round, v.SubmittedAt, v.Seq, v.Stage = domain.StatusSubmitted, 1, ptr(at(1)), 2, domain.RoleCouncil
		}},
		{"returned", []events.Payload{created(), &events.NominationSubmitted{}, &events.NominationReturned{Reason: returnReason}},
			func(v *domain.NominationView) {
				v.Status, v.Round, v.SubmittedAt, v.Reason, v.Seq = domain.StatusReturned, 1, ptr(at(1)), returnReason, 3
			}},
		// The return's reason stays visible while the council looks again.
		{"resubmitted", []events.Payload{created(), &events.NominationSubmitted{},
			&events.NominationReturned{Reason: returnReason}, &events.NominationResubmitted{Note: "Đã bổ sung"}},
			func(v *domain.NominationView) {
				v.Status, v.Round, v.SubmittedAt, v.Reason, v.Seq = domain.StatusSubmitted, 2, ptr(at(3)), returnReason, 4
				v.Stage = domain.RoleCouncil
			}},
		{"approved", []events.Payload{created(), &events.NominationSubmitted{}, &events.NominationApproved{}},
			func(v *domain.NominationView) {
				v.Status, v.Round, v.SubmittedAt, v.DecidedAt, v.Seq = domain.StatusApproved, 1, ptr(at(1)), ptr(at(2)), 3
			}},
		{"approved with a reason after a return", []events.Payload{created(), &events.NominationSubmitted{},
			&events.NominationReturned{Reason: returnReason}, &events.NominationResubmitted{},
			&events.NominationApproved{Reason: "Đủ điều kiện"}},
			func(v *domain.NominationView) {
				v.Status, v.Round, v.SubmittedAt, v.DecidedAt = domain.StatusApproved, 2, ptr(at(3)), ptr(at(4))
				v.Reason, v.Seq = "Đủ điều kiện", 5
			}},
		{"rejected", []events.Payload{created(), &events.NominationSubmitted{}, &events.NominationRejected{Reason: decision}},
			func(v *domain.NominationView) {
				v.Status, v.Round, v.SubmittedAt, v.DecidedAt = domain.StatusRejected, 1, ptr(at(1)), ptr(at(2))
				v.Reason, v.Seq = decision, 3
			}},
		{"withdrawn draft", []events.Payload{created(), &events.NominationWithdrawn{Reason: "Cán bộ chuyển công tác"}},
			func(v *domain.NominationView) {
				v.Status, v.Reason, v.Seq = domain.StatusWithdrawn, "Cán bộ chuyển công tác", 2
			}},
		{"withdrawn after submission", []events.Payload{created(), &events.NominationSubmitted{}, &events.NominationWithdrawn{}},
			func(v *domain.NominationView) {
				v.Status, v.Round, v.SubmittedAt, v.Seq = domain.StatusWithdrawn, 1, ptr(at(1)), 3
			}},
		{"revised draft", []events.Payload{created(), &events.NominationRevised{NominationDetails: revised(),
			Changed: []events.FieldChange{{Field: "title", From: details().Title, To: revised().Title}}}},
			func(v *domain.NominationView) {
				v.Title, v.Seq = revised().Title, 2
				v.Changes = []events.FieldChange{{Field: "title", From: details().Title, To: revised().Title}}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := draftView()
			tt.want(&want)
			got := given(t, tt.given...).View()
			// The pinned chain and the stage history: stages_test.go.
			got.Chain, got.History = nil, nil
			if !reflect.DeepEqual(got, want) {
				t.Errorf("view:\n got %+v\nwant %+v", got, want)
			}
		})
	}
}

// step is one command of a story, run at the next sequence and hour.
type step struct {
	name        string
	do          func(n *domain.Nomination) (events.Payload, error)
	wantStatus  domain.Status
	wantRound   int
	wantChanges []string // the fields View().Changes names, in order
}

func TestNominationChangesSinceReturn(t *testing.T) {
	revise := func(f func(*events.NominationDetails)) func(*domain.Nomination) (events.Payload, error) {
		return func(n *domain.Nomination) (events.Payload, error) {
			v := n.View()
			d := events.NominationDetails{Title: v.Title, ContentCode: v.ContentCode, StartDate: v.StartDate,
				EndDate: v.EndDate, CostEstimateVND: v.CostEstimateVND}
			f(&d)
			return n.Revise(officer, d)
		}
	}
	steps := []step{
		{"revise the draft", revise(func(d *events.NominationDetails) { d.Title = "Lớp chuyển đổi số" }),
			domain.StatusDraft, 0, []string{"title"}},
		{"submit", func(n *domain.Nomination) (events.Payload, error) { return n.Submit(officer, councilOnly) },
			domain.StatusSubmitted, 1, nil},
		{"return", func(n *domain.Nomination) (events.Payload, error) { return n.Return(council, "Thiếu dự toán") },
			domain.StatusReturned, 1, nil},
		{"revise the cost", revise(func(d *events.NominationDetails) { d.CostEstimateVND = 15_000_000 }),
			domain.StatusReturned, 1, []string{"cost_estimate_vnd"}},
		{"revise the dates", revise(func(d *events.NominationDetails) {
			d.StartDate, d.EndDate = day(2025, 10, 6), day(2025, 10, 17)
		}), domain.StatusReturned, 1, []string{"cost_estimate_vnd", "start_date", "end_date"}},
		{"resubmit", func(n *domain.Nomination) (events.Payload, error) {
			return n.Resubmit(officer, "Đã bổ sung dự toán")
		}, domain.StatusSubmitted, 2, []string{"cost_estimate_vnd", "start_date", "end_date"}},
		{"return again", func(n *domain.Nomination) (events.Payload, error) { return n.Return(council, "Sai thời gian") },
			domain.StatusReturned, 2, nil},
		{"resubmit unchanged", func(n *domain.Nomination) (events.Payload, error) { return n.Resubmit(officer, "") },
			domain.StatusSubmitted, 3, nil},
		{"approve", func(n *domain.Nomination) (events.Payload, error) { return n.Approve(council, "") },
			domain.StatusApproved, 3, nil},
	}
	n := given(t, created())
	for i, s := range steps {
		if !t.Run(s.name, func(t *testing.T) { when(t, n, i+1, s) }) {
			t.Fatalf("stopping after step %q failed", s.name)
		}
	}
}

// when runs s.do on n as event number i (seq i+1, time at(i)), applies the
// payload and checks the view that results.
func when(tb testing.TB, n *domain.Nomination, i int, s step) {
	tb.Helper()
	p, err := s.do(n)
	if err != nil || p == nil {
		tb.Fatalf("got %#v, %v; want an event", p, err)
	}
	n.Apply(uint64(i+1), at(i), p)
	v := n.View()
	if v.Status != s.wantStatus || v.Round != s.wantRound || v.Seq != uint64(i+1) {
		tb.Errorf("status, round, seq = %s, %d, %d; want %s, %d, %d",
			v.Status, v.Round, v.Seq, s.wantStatus, s.wantRound, i+1)
	}
	var got []string
	for _, c := range v.Changes {
		got = append(got, c.Field)
	}
	if !reflect.DeepEqual(got, s.wantChanges) {
		tb.Errorf("changes = %v, want %v", got, s.wantChanges)
	}
	if _, ok := p.(*events.NominationResubmitted); ok && !v.SubmittedAt.Equal(at(i)) {
		tb.Errorf("submitted_at = %v, want %v", v.SubmittedAt, at(i))
	}
}

func TestNominationViewCopiesChanges(t *testing.T) {
	n := given(t, created(), &events.NominationRevised{NominationDetails: revised(),
		Changed: []events.FieldChange{{Field: "title", From: details().Title, To: revised().Title}}})
	n.View().Changes[0].Field = "tampered"
	if got := n.View().Changes[0].Field; got != "title" {
		t.Errorf("changes[0].field = %q after editing a view, want %q", got, "title")
	}
}
