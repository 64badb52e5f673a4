package projections_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"daotao/domain"
	"daotao/events"
	"daotao/events/memstore"
	"daotao/projections"
)

var (
	t0     = time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	agency = events.Actor{UserID: "u-1", Username: "tc-soyte", Role: "agency", Agency: "so_y_te"}
)

func record(t *testing.T, seq uint64, subject string, p events.Payload) events.Recorded {
	t.Helper()
	e, err := events.New("e-"+subject+string(rune('a'+seq)), subject, t0.Add(time.Duration(seq)*time.Minute), agency, p)
	if err != nil {
		t.Fatal(err)
	}
	return events.Recorded{Envelope: e, Seq: seq, StoredAt: e.Time}
}

func created(id, official string) *events.NominationCreated {
	return &events.NominationCreated{NominationID: id, OfficialID: official, AgencyCode: "so_y_te", Kind: "boi_duong",
		NominationDetails: events.NominationDetails{Title: "Quản lý y tế", StartDate: events.NewDate(2026, 3, 2), EndDate: events.NewDate(2026, 3, 13)}}
}

func TestApplyIsIdempotentBySequence(t *testing.T) {
	s := projections.New()
	sub := events.Subject(events.AggregateNomination, "n1")
	recs := []events.Recorded{record(t, 1, sub, created("n1", "o1")), record(t, 2, sub, &events.NominationSubmitted{})}
	for range 2 { // the second pass is a redelivery and must change nothing
		for _, r := range recs {
			if err := s.Apply(r); err != nil {
				t.Fatalf("apply seq %d: %v", r.Seq, err)
			}
		}
	}
	n, ok := s.Nomination("n1")
	if !ok {
		t.Fatal("nomination n1 not projected")
	}
	if got := n.View(); got.Status != domain.StatusSubmitted || got.Round != 1 || got.Seq != 2 {
		t.Errorf("view = status %s round %d seq %d; want submitted, 1, 2", got.Status, got.Round, got.Seq)
	}
	if got := s.Applied(); got != 2 {
		t.Errorf("Applied() = %d; want 2", got)
	}
}

func TestApplyRefusesUndecodableEvent(t *testing.T) {
	s := projections.New()
	r := record(t, 1, events.Subject(events.AggregateNomination, "n1"), created("n1", "o1"))
	r.Type = "nomination.teleported"
	if err := s.Apply(r); err == nil {
		t.Fatal("Apply of an unknown event type succeeded; want an error")
	}
	if got := s.Applied(); got != 0 {
		t.Errorf("Applied() = %d after a refused event; want 0", got)
	}
}

func TestWaitFor(t *testing.T) {
	s := projections.New()
	done := make(chan error, 1)
	go func() { done <- s.WaitFor(context.Background(), 1) }()
	if err := s.Apply(record(t, 1, events.Subject(events.AggregateNomination, "n1"), created("n1", "o1"))); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("WaitFor = %v; want nil", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("WaitFor did not return after the event was applied")
	}
	if err := s.WaitTimeout(context.Background(), 2, 10*time.Millisecond); err == nil {
		t.Error("WaitTimeout for an unapplied sequence returned nil; want a deadline error")
	}
}

// TestRunRebuildsSameStateFromStore checks that a fresh state fed from the
// store equals one fed event by event: the rebuild after a restart.
func TestRunRebuildsSameStateFromStore(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	store := memstore.New()
	live := projections.New()
	if err := live.Run(ctx, store, nil); err != nil {
		t.Fatal(err)
	}
	sub := events.Subject(events.AggregateNomination, "n1")
	payloads := []events.Payload{created("n1", "o1"), &events.NominationSubmitted{}, &events.NominationReturned{Reason: "Bổ sung"}}
	var last uint64
	for i, p := range payloads {
		e, _ := events.New("e"+string(rune('0'+i)), sub, t0, agency, p)
		res, err := store.Append(ctx, e, last, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		last = res.Seq
	}
	rebuilt := projections.New()
	if err := rebuilt.Run(ctx, store, nil); err != nil {
		t.Fatal(err)
	}
	for _, s := range []*projections.State{live, rebuilt} {
		if err := s.WaitTimeout(ctx, last, 5*time.Second); err != nil {
			t.Fatalf("state did not catch up: %v", err)
		}
	}
	a, _ := live.Nomination("n1")
	b, _ := rebuilt.Nomination("n1")
	if a.View().Status != domain.StatusReturned || a.View().Reason != b.View().Reason || a.Seq() != b.Seq() {
		t.Errorf("live %+v and rebuilt %+v differ or are not returned", a.View(), b.View())
	}
}

func TestQueueOldestSubmissionFirst(t *testing.T) {
	s := projections.New()
	seq := uint64(0)
	apply := func(id string, p events.Payload) {
		seq++
		if err := s.Apply(record(t, seq, events.Subject(events.AggregateNomination, id), p)); err != nil {
			t.Fatal(err)
		}
	}
	apply("late", created("late", "o1"))
	apply("early", created("early", "o2"))
	apply("early", &events.NominationSubmitted{})
	apply("late", &events.NominationSubmitted{})
	apply("draft", created("draft", "o3"))
	items, total := s.Queue(projections.NominationFilter{Status: []domain.Status{domain.StatusSubmitted}}, projections.Page{})
	if total != 2 || len(items) != 2 || items[0].ID != "early" || items[1].ID != "late" {
		t.Errorf("queue = %d items %+v; want early then late", total, items)
	}
}

func TestOfficialsSortByVietnameseGivenName(t *testing.T) {
	s := projections.New()
	for i, name := range []string{"Trần Văn Đức", "Lê Thị Anh", "Nguyễn Văn Dũng", "Phạm Thị Ánh"} {
		id := string(rune('a' + i))
		p := &events.OfficialRegistered{OfficialID: id, AgencyCode: "so_y_te", OfficialProfile: events.OfficialProfile{FullName: name, Group: 3}}
		if err := s.Apply(record(t, uint64(i+1), events.Subject(events.AggregateOfficial, id), p)); err != nil {
			t.Fatal(err)
		}
	}
	items, _ := s.Officials(projections.OfficialFilter{Sort: "name"}, projections.Page{})
	var got []string
	for _, o := range items {
		got = append(got, o.FullName)
	}
	want := []string{"Lê Thị Anh", "Phạm Thị Ánh", "Nguyễn Văn Dũng", "Trần Văn Đức"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("sorted = %v; want %v (a, á, d, đ)", got, want)
	}
}
