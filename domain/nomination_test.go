package domain_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"daotao/domain"
	"daotao/events"
)

// t0 is the business time of the first event of every history; event i of a
// history happens i hours later (see at).
var t0 = time.Date(2025, 3, 3, 8, 0, 0, 0, time.UTC)

func at(i int) time.Time { return t0.Add(time.Duration(i) * time.Hour) }

// details are the details every nomination is created with.
func details() events.NominationDetails {
	return events.NominationDetails{
		Title: "Lớp bồi dưỡng chuyển đổi số", ContentCode: "B.2",
		StartDate: day(2025, 9, 8), EndDate: day(2025, 9, 19), CostEstimateVND: 12_000_000,
	}
}

func created() *events.NominationCreated {
	return &events.NominationCreated{
		NominationID: "nom-1", OfficialID: "off-1", AgencyCode: "so_noi_vu",
		Kind: domain.KindRefresher, NominationDetails: details(),
	}
}

// given builds a nomination from payloads, applied with seq 1, 2, … at
// at(0), at(1), ….
func given(tb testing.TB, payloads ...events.Payload) *domain.Nomination {
	tb.Helper()
	n := &domain.Nomination{}
	for i, p := range payloads {
		n.Apply(uint64(i+1), at(i), p)
	}
	if got, want := n.Seq(), uint64(len(payloads)); got != want {
		tb.Fatalf("after given: seq = %d, want %d", got, want)
	}
	return n
}

// history is a named list of given events that leaves a nomination in status.
type history struct {
	name   string
	status domain.Status
	events []events.Payload
}

// histories returns one history per status, plus a second way to be
// submitted (after a return and a resubmission).
func histories() []history {
	return []history{
		{"draft", domain.StatusDraft, []events.Payload{created()}},
		{"submitted", domain.StatusSubmitted, []events.Payload{created(), &events.NominationSubmitted{}}},
		{"resubmitted", domain.StatusSubmitted, []events.Payload{created(), &events.NominationSubmitted{},
			&events.NominationReturned{Reason: "Thiếu minh chứng"}, &events.NominationResubmitted{}}},
		{"returned", domain.StatusReturned, []events.Payload{created(), &events.NominationSubmitted{},
			&events.NominationReturned{Reason: "Thiếu minh chứng"}}},
		{"approved", domain.StatusApproved, []events.Payload{created(), &events.NominationSubmitted{},
			&events.NominationApproved{}}},
		{"rejected", domain.StatusRejected, []events.Payload{created(), &events.NominationSubmitted{},
			&events.NominationRejected{Reason: "Không phù hợp vị trí việc làm"}}},
		{"withdrawn", domain.StatusWithdrawn, []events.Payload{created(), &events.NominationWithdrawn{}}},
	}
}

// historyOf returns the first history that ends in status s.
func historyOf(tb testing.TB, s domain.Status) []events.Payload {
	tb.Helper()
	for _, h := range histories() {
		if h.status == s {
			return h.events
		}
	}
	tb.Fatalf("no history ends in %s", s)
	return nil
}

// revised are details that differ from details() in the title only.
func revised() events.NominationDetails {
	d := details()
	d.Title = "Lớp bồi dưỡng chuyển đổi số (khóa 2)"
	return d
}

// command is one command of the Nomination aggregate, called by actor with
// a reason (or note) padded with spaces to check that it is trimmed.
type command struct {
	name  string
	owner events.Actor // the actor allowed to call it
	run   func(n *domain.Nomination, actor events.Actor, reason string) (events.Payload, error)
}

var commands = []command{
	{"Submit", officer, func(n *domain.Nomination, a events.Actor, _ string) (events.Payload, error) {
		return n.Submit(a, councilOnly)
	}},
	{"Resubmit", officer, (*domain.Nomination).Resubmit},
	{"Withdraw", officer, (*domain.Nomination).Withdraw},
	{"Revise", officer, func(n *domain.Nomination, a events.Actor, _ string) (events.Payload, error) {
		return n.Revise(a, revised())
	}},
	{"Approve", council, (*domain.Nomination).Approve},
	{"Reject", council, (*domain.Nomination).Reject},
	{"Return", council, (*domain.Nomination).Return},
}

const (
	paddedReason = "  \tĐủ điều kiện theo Điều 6 Nghị định 101/2017 \n"
	reason       = "Đủ điều kiện theo Điều 6 Nghị định 101/2017"
)

func TestNominationCommandByStatus(t *testing.T) {
	revisedTitle := &events.NominationRevised{NominationDetails: revised(), Changed: []events.FieldChange{
		{Field: "title", From: details().Title, To: revised().Title},
	}}
	// legal lists, per command, the statuses it is legal in, the payload it
	// must return there and the status that payload leads to.
	type outcome struct {
		payload events.Payload
		then    domain.Status
	}
	legal := map[string]map[domain.Status]outcome{
		"Submit":   {domain.StatusDraft: {&events.NominationSubmitted{Chain: &councilOnly}, domain.StatusSubmitted}},
		"Resubmit": {domain.StatusReturned: {&events.NominationResubmitted{Note: reason}, domain.StatusSubmitted}},
		"Withdraw": {
			domain.StatusDraft:     {&events.NominationWithdrawn{Reason: reason}, domain.StatusWithdrawn},
			domain.StatusSubmitted: {&events.NominationWithdrawn{Reason: reason}, domain.StatusWithdrawn},
			domain.StatusReturned:  {&events.NominationWithdrawn{Reason: reason}, domain.StatusWithdrawn},
		},
		"Revise": {
			domain.StatusDraft:    {revisedTitle, domain.StatusDraft},
			domain.StatusReturned: {revisedTitle, domain.StatusReturned},
		},
		"Approve": {domain.StatusSubmitted: {&events.NominationApproved{Reason: reason, Stage: "council"}, domain.StatusApproved}},
		"Reject":  {domain.StatusSubmitted: {&events.NominationRejected{Reason: reason, Stage: "council"}, domain.StatusRejected}},
		"Return":  {domain.StatusSubmitted: {&events.NominationReturned{Reason: reason, Stage: "council"}, domain.StatusReturned}},
	}
	for _, c := range commands {
		for _, h := range histories() {
			t.Run(c.name+"/"+h.name, func(t *testing.T) {
				n := given(t, h.events...)
				got, err := c.run(n, c.owner, paddedReason)
				want, ok := legal[c.name][h.status]
				if !ok {
					wantTransition(t, got, err)
					return
				}
				if err != nil {
					t.Fatalf("%s in %s: err = %v, want %T", c.name, h.status, err, want.payload)
				}
				if !reflect.DeepEqual(got, want.payload) {
					t.Fatalf("%s in %s: got %#v, want %#v", c.name, h.status, got, want.payload)
				}
				n.Apply(n.Seq()+1, at(len(h.events)), got)
				if n.Status() != want.then {
					t.Errorf("status after %s = %s, want %s", c.name, n.Status(), want.then)
				}
			})
		}
	}
}

// wantTransition fails tb unless the command was refused as an invalid
// transition and returned no payload.
func wantTransition(tb testing.TB, got events.Payload, err error) {
	tb.Helper()
	if got != nil {
		tb.Errorf("payload = %#v, want nil", got)
	}
	if !errors.Is(err, domain.ErrTransition) {
		tb.Fatalf("err = %v, want errors.Is(err, ErrTransition)", err)
	}
	e := wantError(tb, err, domain.KindConflict)
	if e.Code != "invalid_transition" {
		tb.Errorf("code = %q, want %q", e.Code, "invalid_transition")
	}
	if errors.Is(err, domain.ErrConflict) {
		tb.Errorf("an invalid transition must not read as a lost race (ErrConflict)")
	}
}

func TestNominationCommandByActor(t *testing.T) {
	type actorCase struct {
		name  string
		actor events.Actor
		want  domain.Kind
	}
	anyone := []actorCase{
		{"auditor", auditor, domain.KindForbidden},
		{"admin", admin, domain.KindForbidden},
		{"system", events.System, domain.KindForbidden},
		{"no role", events.Actor{Username: "x", Agency: "so_noi_vu"}, domain.KindForbidden},
	}
	agencyCommand := append([]actorCase{
		{"council", council, domain.KindForbidden},
		{"other agency", stranger, domain.KindNotFound},
	}, anyone...)
	councilCommand := append([]actorCase{
		{"own agency", officer, domain.KindForbidden},
		{"other agency", stranger, domain.KindForbidden},
	}, anyone...)
	// Each command runs in a status where it is legal: only the actor is wrong.
	legalIn := map[string]domain.Status{
		"Submit": domain.StatusDraft, "Revise": domain.StatusDraft, "Resubmit": domain.StatusReturned,
		"Withdraw": domain.StatusSubmitted, "Approve": domain.StatusSubmitted,
		"Reject": domain.StatusSubmitted, "Return": domain.StatusSubmitted,
	}
	for _, c := range commands {
		tests := councilCommand
		if c.owner.Role == string(domain.RoleAgency) {
			tests = agencyCommand
		}
		for _, tt := range tests {
			t.Run(c.name+"/"+tt.name, func(t *testing.T) {
				n := given(t, historyOf(t, legalIn[c.name])...)
				got, err := c.run(n, tt.actor, reason)
				if got != nil {
					t.Errorf("payload = %#v, want nil", got)
				}
				wantError(t, err, tt.want)
				sentinel := domain.ErrForbidden
				if tt.want == domain.KindNotFound {
					sentinel = domain.ErrNotFound
				}
				if !errors.Is(err, sentinel) {
					t.Errorf("err = %v, want errors.Is(err, %v)", err, sentinel)
				}
			})
		}
	}
}

func TestNominationReason(t *testing.T) {
	long := strings.Repeat("ệ", domain.MaxReasonRunes) // 2000 runes, 6000 bytes
	tests := []struct {
		name    string
		command string
		reason  string
		ok      bool
	}{
		{"reject empty", "Reject", "", false},
		{"reject spaces", "Reject", "   ", false},
		{"reject tabs and newlines", "Reject", "\t\n \r\n", false},
		{"return empty", "Return", "", false},
		{"return spaces", "Return", "  \u00a0 ", false},
		{"approve empty", "Approve", "", true},
		{"withdraw empty", "Withdraw", "", true},
		{"resubmit empty", "Resubmit", "", true},
		{"reject 2000 runes", "Reject", long, true},
		{"reject 2000 runes padded", "Reject", "  " + long + "\n", true},
		{"reject 2001 runes", "Reject", long + "a", false},
		{"return 2001 runes", "Return", long + "a", false},
		{"approve 2001 runes", "Approve", long + "a", false},
		{"withdraw 2001 runes", "Withdraw", long + "a", false},
		{"resubmit 2001 runes", "Resubmit", long + "a", false},
		{"reject invalid utf-8", "Reject", "l\xffý do", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := commandNamed(t, tt.command)
			status := domain.StatusSubmitted
			if c.name == "Resubmit" {
				status = domain.StatusReturned
			}
			n := given(t, historyOf(t, status)...)
			got, err := c.run(n, c.owner, tt.reason)
			if !tt.ok {
				if got != nil {
					t.Errorf("payload = %#v, want nil", got)
				}
				wantError(t, err, domain.KindInvalid, "reason")
				return
			}
			if err != nil {
				t.Fatalf("err = %v, want nil", err)
			}
			if r := reasonOf(got); r != strings.TrimSpace(tt.reason) {
				t.Errorf("reason = %q, want %q", r, strings.TrimSpace(tt.reason))
			}
		})
	}
}

func commandNamed(tb testing.TB, name string) command {
	tb.Helper()
	for _, c := range commands {
		if c.name == name {
			return c
		}
	}
	tb.Fatalf("no command %q", name)
	return command{}
}

// reasonOf returns the reason or note a payload carries.
func reasonOf(p events.Payload) string {
	switch e := p.(type) {
	case *events.NominationApproved:
		return e.Reason
	case *events.NominationRejected:
		return e.Reason
	case *events.NominationReturned:
		return e.Reason
	case *events.NominationWithdrawn:
		return e.Reason
	case *events.NominationResubmitted:
		return e.Note
	}
	return "<no reason in " + p.EventType() + ">"
}

func TestNominationRevise(t *testing.T) {
	changed := func(f func(*events.NominationDetails)) events.NominationDetails {
		d := details()
		f(&d)
		return d
	}
	tests := []struct {
		name    string
		status  domain.Status
		details events.NominationDetails
		want    []events.FieldChange // nil: no event
	}{
		{"no change in draft", domain.StatusDraft, details(), nil},
		{"no change when returned", domain.StatusReturned, details(), nil},
		{"title", domain.StatusDraft, changed(func(d *events.NominationDetails) { d.Title = "Lớp quản trị đô thị" }),
			[]events.FieldChange{{Field: "title", From: details().Title, To: "Lớp quản trị đô thị"}}},
		{"content code", domain.StatusReturned, changed(func(d *events.NominationDetails) { d.ContentCode = "Đ.1" }),
			[]events.FieldChange{{Field: "content_code", From: "B.2", To: "Đ.1"}}},
		{"content code cleared", domain.StatusDraft, changed(func(d *events.NominationDetails) { d.ContentCode = "" }),
			[]events.FieldChange{{Field: "content_code", From: "B.2", To: ""}}},
		{"start date", domain.StatusDraft, changed(func(d *events.NominationDetails) { d.StartDate = day(2025, 9, 1) }),
			[]events.FieldChange{{Field: "start_date", From: "2025-09-08", To: "2025-09-01"}}},
		{"end date", domain.StatusDraft, changed(func(d *events.NominationDetails) { d.EndDate = day(2025, 9, 26) }),
			[]events.FieldChange{{Field: "end_date", From: "2025-09-19", To: "2025-09-26"}}},
		{"cost", domain.StatusReturned, changed(func(d *events.NominationDetails) { d.CostEstimateVND = 0 }),
			[]events.FieldChange{{Field: "cost_estimate_vnd", From: int64(12_000_000), To: int64(0)}}},
		{"every field", domain.StatusDraft, events.NominationDetails{
			Title: "Hội thảo đô thị thông minh", ContentCode: "C.1",
			StartDate: day(2025, 10, 1), EndDate: day(2025, 10, 3), CostEstimateVND: 5_000_000,
		}, []events.FieldChange{
			{Field: "title", From: details().Title, To: "Hội thảo đô thị thông minh"},
			{Field: "content_code", From: "B.2", To: "C.1"},
			{Field: "start_date", From: "2025-09-08", To: "2025-10-01"},
			{Field: "end_date", From: "2025-09-19", To: "2025-10-03"},
			{Field: "cost_estimate_vnd", From: int64(12_000_000), To: int64(5_000_000)},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := given(t, historyOf(t, tt.status)...)
			got, err := n.Revise(officer, tt.details)
			if err != nil {
				t.Fatalf("err = %v, want nil", err)
			}
			if tt.want == nil {
				if got != nil {
					t.Fatalf("payload = %#v, want nil for no change", got)
				}
				return
			}
			want := &events.NominationRevised{NominationDetails: tt.details, Changed: tt.want}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got %#v,\nwant %#v", got, want)
			}
		})
	}
}

func TestNominationReviseInvalid(t *testing.T) {
	tests := []struct {
		name   string
		kind   string
		change func(*events.NominationDetails)
		fields []string
	}{
		{"empty title", domain.KindRefresher, func(d *events.NominationDetails) { d.Title = " " }, []string{"title"}},
		{"unknown content", domain.KindRefresher, func(d *events.NominationDetails) { d.ContentCode = "Z.9" }, []string{"content_code"}},
		{"end before start", domain.KindRefresher, func(d *events.NominationDetails) { d.EndDate = day(2025, 9, 7) }, []string{"end_date"}},
		{"negative cost", domain.KindRefresher, func(d *events.NominationDetails) { d.CostEstimateVND = -1 }, []string{"cost_estimate_vnd"}},
		{"refresher of two years", domain.KindRefresher, func(d *events.NominationDetails) { d.EndDate = day(2027, 9, 8) }, []string{"end_date"}},
		{"postgraduate of two years", domain.KindPostgraduate, func(d *events.NominationDetails) { d.EndDate = day(2027, 9, 8) }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := created()
			c.Kind = tt.kind
			n := given(t, c)
			d := details()
			tt.change(&d)
			got, err := n.Revise(officer, d)
			if tt.fields == nil {
				if err != nil || got == nil {
					t.Fatalf("got %#v, %v; want a revision and no error", got, err)
				}
				return
			}
			if got != nil {
				t.Errorf("payload = %#v, want nil", got)
			}
			wantError(t, err, domain.KindInvalid, tt.fields...)
		})
	}
}
