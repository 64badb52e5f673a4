package projections_test

import (
	"context"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"daotao/events"
	"daotao/events/memstore"
	"daotao/projections"
)

// announcingStore is a store whose subscription lags: it delivers a log
// already written, in order, pausing now and then, while the test
// announces the same events out of order through OnAppended, as a busy
// process's commands do.
type announcingStore struct {
	*memstore.Store
	mu       sync.Mutex
	announce func([]events.Recorded)
}

func (s *announcingStore) OnAppended(fn func([]events.Recorded)) {
	s.mu.Lock()
	s.announce = fn
	s.mu.Unlock()
}

func (s *announcingStore) Subscribe(ctx context.Context, from uint64, fn func(events.Recorded) error) error {
	go s.Read(ctx, from, 0, func(r events.Recorded) error {
		if rand.IntN(8) == 0 {
			time.Sleep(time.Duration(rand.IntN(200)) * time.Microsecond)
		}
		return fn(r)
	})
	return nil
}

// TestOffersApplyEachEventOnceInOrder announces every event of a log with
// every kind of projection part, in batches arriving out of order from
// several goroutines, while the subscription brings the same log: the
// state must end equal to a plain replay.
func TestOffersApplyEachEventOnceInOrder(t *testing.T) {
	head, tail := snapshotLog(t, 40)
	log := append(head, tail...)
	mem := memstore.New()
	ctx := t.Context()
	last := map[string]uint64{}
	for i, r := range log {
		res, err := mem.Append(ctx, r.Envelope, last[r.Subject], r.ID)
		if err != nil {
			t.Fatalf("append %d: %v", i, err)
		}
		last[r.Subject] = res.Seq
		p, err := events.Unmarshal(r.Envelope)
		if err != nil {
			t.Fatal(err)
		}
		log[i].Seq, log[i].Payload = res.Seq, p
	}
	want := dump(t, replay(t, mem))

	for round := range 5 {
		store := &announcingStore{Store: mem}
		live := projections.New()
		if err := live.Run(ctx, store, nil); err != nil {
			t.Fatal(err)
		}
		store.mu.Lock()
		announce := store.announce
		store.mu.Unlock()
		if announce == nil {
			t.Fatal("Run did not register for announced events")
		}
		// Batches of one to three events, announced by four goroutines
		// in shuffled order.
		var batches [][]events.Recorded
		for i := 0; i < len(log); {
			n := min(1+rand.IntN(3), len(log)-i)
			batches = append(batches, log[i:i+n])
			i += n
		}
		rand.Shuffle(len(batches), func(i, j int) { batches[i], batches[j] = batches[j], batches[i] })
		var wg sync.WaitGroup
		for w := range 4 {
			wg.Go(func() {
				for i := w; i < len(batches); i += 4 {
					announce(batches[i])
				}
			})
		}
		wg.Wait()
		if err := live.WaitTimeout(ctx, uint64(len(log)), 10*time.Second); err != nil {
			t.Fatalf("round %d: state did not reach %d: %v", round, len(log), err)
		}
		if got := dump(t, live); got != want {
			t.Fatalf("round %d: state fed by announcements and subscription differs from a replay: %s", round, firstDiff(got, want))
		}
	}
}

// TestOffersWaitForTheirTurn: an announced event is not applied before the
// events before it, and an event applied twice is applied once.
func TestOffersWaitForTheirTurn(t *testing.T) {
	store := &announcingStore{Store: memstore.New()}
	live := projections.New()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	if err := live.Run(ctx, store, nil); err != nil {
		t.Fatal(err)
	}
	sub := events.Subject(events.AggregateNomination, "n1")
	r1 := record(t, 1, sub, created("n1", "o1"))
	r2 := record(t, 2, sub, &events.NominationSubmitted{})
	for _, r := range []*events.Recorded{&r1, &r2} {
		p, err := events.Unmarshal(r.Envelope)
		if err != nil {
			t.Fatal(err)
		}
		r.Payload = p
	}
	store.announce([]events.Recorded{r2})
	if got := live.Applied(); got != 0 {
		t.Fatalf("event 2 applied before event 1: applied = %d", got)
	}
	store.announce([]events.Recorded{r1})
	if err := live.WaitTimeout(ctx, 2, 5*time.Second); err != nil {
		t.Fatalf("events 1 and 2 not applied once 1 was announced: %v", err)
	}
	if err := live.Apply(r2); err != nil { // the subscription bringing it again
		t.Fatal(err)
	}
	n, ok := live.Nomination("n1")
	if !ok || n.Seq() != 2 || n.View().Status != "submitted" {
		t.Errorf("nomination after events 1, 2 and 2 again: %+v", n.View())
	}
}
