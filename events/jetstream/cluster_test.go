package jetstream_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	natsjs "github.com/nats-io/nats.go/jetstream"

	"daotao/events"
	"daotao/events/jetstream"
	"daotao/events/jetstream/jstest"
	"daotao/events/storetest"
)

// TestConformanceOnCluster runs the conformance suite on R3 streams of one
// shared 3-node cluster. Every stream captures all event subjects and two
// streams may not overlap, so each case gets a stream of its own name that
// is deleted when the case ends (deleting a whole stream is allowed even
// with DenyDelete and DenyPurge).
func TestConformanceOnCluster(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a 3-node cluster")
	}
	start := time.Now()
	nc := jstest.ConnectCluster(t, jstest.StartCluster(t, 3))
	t.Logf("cluster ready in %v", time.Since(start))
	js, err := natsjs.New(nc)
	if err != nil {
		t.Fatalf("jetstream.New: %v", err)
	}
	n := 0
	storetest.Run(t, func(t *testing.T) events.Store {
		n++
		name := fmt.Sprintf("CONFORMANCE_%d", n)
		st := open(t, nc, jetstream.Config{Stream: name, Replicas: 3})
		t.Cleanup(func() {
			if err := js.DeleteStream(context.Background(), name); err != nil {
				t.Errorf("DeleteStream(%s): %v", name, err)
			}
		})
		return st
	})
}

// TestClusterConflictIsErrConflict races 20 appends with one expected
// sequence on an R3 stream, first as raw publishes to see which conflict
// codes the cluster answers with, then through the store, and retries the
// winner's and a loser's append with their stale expected sequence.
func TestClusterConflictIsErrConflict(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a 3-node cluster")
	}
	const writers = 20
	nc := jstest.ConnectCluster(t, jstest.StartCluster(t, 3))
	st := open(t, nc, jetstream.Config{Replicas: 3})
	js, err := natsjs.New(nc)
	if err != nil {
		t.Fatalf("jetstream.New: %v", err)
	}
	ctx := context.Background()

	subj := newEvent(t).Subject
	base := appendOK(t, st, eventOn(t, subj), 0)
	errs := race(writers, func(int) error {
		_, err := js.Publish(ctx, subj, []byte("{}"), natsjs.WithExpectLastSequencePerSubject(base))
		return err
	})
	codes := map[natsjs.ErrorCode]int{}
	for _, err := range errs {
		var apiErr *natsjs.APIError
		switch {
		case err == nil:
			codes[0]++
		case errors.As(err, &apiErr):
			codes[apiErr.ErrorCode]++
		default:
			t.Errorf("raw publish: %v", err)
		}
	}
	t.Logf("raw publishes: %d stored, %d × 10071, %d × 10164", codes[0],
		codes[natsjs.JSErrCodeStreamWrongLastSequence], codes[natsjs.JSErrCodeStreamWrongLastSequenceConstant])
	if codes[0] != 1 || codes[natsjs.JSErrCodeStreamWrongLastSequence]+codes[natsjs.JSErrCodeStreamWrongLastSequenceConstant] != writers-1 {
		t.Fatalf("raw publishes answered %v; want 1 stored and %d × 10071 or 10164", codes, writers-1)
	}

	subj = newEvent(t).Subject
	base = appendOK(t, st, eventOn(t, subj), 0)
	sent := make([]events.Envelope, writers)
	results := make([]events.AppendResult, writers)
	for i := range sent {
		sent[i] = eventOn(t, subj)
	}
	errs = race(writers, func(i int) error {
		var err error
		results[i], err = st.Append(ctx, sent[i], base, sent[i].ID)
		return err
	})
	winner, loser := -1, -1
	for i, err := range errs {
		switch {
		case err == nil:
			winner = i
		case errors.Is(err, events.ErrConflict):
			loser = i
		default:
			t.Errorf("Append: %v", err)
		}
	}
	if n := countNil(errs); n != 1 || loser < 0 {
		t.Fatalf("%d appended; want exactly 1 and %d × ErrConflict", n, writers-1)
	}

	// The cluster deduplicates before it checks the expected sequence: the
	// winner's retry gets a normal ack marked duplicate.
	w := sent[winner]
	ack, err := js.PublishMsg(ctx, &nats.Msg{Subject: subj, Data: []byte("{}")},
		natsjs.WithExpectLastSequencePerSubject(base), natsjs.WithMsgID(w.ID))
	if err != nil || !ack.Duplicate || ack.Sequence != results[winner].Seq {
		t.Errorf("raw retry of the winner = %+v, %v; want a duplicate ack for %d", ack, err, results[winner].Seq)
	}
	res, err := st.Append(ctx, w, base, w.ID)
	if want := (events.AppendResult{Seq: results[winner].Seq, Duplicate: true}); err != nil || res != want {
		t.Errorf("retried winner Append = %+v, %v; want %+v", res, err, want)
	}
	l := sent[loser]
	if res, err := st.Append(ctx, l, base, l.ID); !errors.Is(err, events.ErrConflict) {
		t.Errorf("retried loser Append = %+v, %v; want ErrConflict", res, err)
	}
	got, err := st.Load(ctx, subj)
	if err != nil || len(got) != 2 || got[1].ID != w.ID {
		t.Fatalf("Load = %v, %v; want the first event and the winner %s", got, err, w.ID)
	}
}

// TestClusterSurvivesNodeLoss shuts down the stream leader of an R3 stream
// between two series of appends: the other two nodes keep a quorum, elect a
// new leader, and every acknowledged event stays loadable.
func TestClusterSurvivesNodeLoss(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a 3-node cluster")
	}
	servers := jstest.StartCluster(t, 3)
	nc := jstest.ConnectCluster(t, servers)
	st := open(t, nc, jetstream.Config{Replicas: 3, Timeout: 2 * time.Second})
	ctx := context.Background()
	subjects := []string{newEvent(t).Subject, newEvent(t).Subject, newEvent(t).Subject}
	acked := map[string][]events.Recorded{}
	appendRound := func() {
		for _, subj := range subjects {
			for range 5 {
				var last uint64
				if rs := acked[subj]; len(rs) > 0 {
					last = rs[len(rs)-1].Seq
				}
				e := eventOn(t, subj)
				acked[subj] = append(acked[subj], events.Recorded{Envelope: e, Seq: appendEventually(t, st, e, last)})
			}
		}
	}
	appendRound()

	leader := streamLeader(t, nc, servers)
	t.Logf("shutting down %s, the stream leader (meta leader too: %v)", leader.Name(), leader.JetStreamIsLeader())
	killed := time.Now()
	leader.Shutdown()
	leader.WaitForShutdown()
	appendRound()
	t.Logf("15 more events acknowledged %v after the shutdown", time.Since(killed).Round(time.Millisecond))

	for _, subj := range subjects {
		got := loadEventually(t, st, subj)
		if !slices.Equal(seqs(got), seqs(acked[subj])) || !slices.EqualFunc(got, acked[subj], sameID) {
			t.Errorf("Load(%s) = %v; want %v", subj, seqs(got), seqs(acked[subj]))
		}
	}
	var all []uint64
	err := st.Read(ctx, 1, 0, func(r events.Recorded) error { all = append(all, r.Seq); return nil })
	if err != nil || len(all) != 30 || all[0] != 1 || all[29] != 30 {
		t.Errorf("Read = %v, %v; want sequences 1 to 30", all, err)
	}
}

// race runs fn(0) … fn(n-1) concurrently, released together, and returns
// their errors.
func race(n int, fn func(i int) error) []error {
	start := make(chan struct{})
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-start
			errs[i] = fn(i)
		})
	}
	close(start)
	wg.Wait()
	return errs
}

// countNil returns how many of errs are nil.
func countNil(errs []error) int {
	n := 0
	for _, err := range errs {
		if err == nil {
			n++
		}
	}
	return n
}

// appendOK appends e expecting expected and returns its sequence.
func appendOK(t *testing.T, st *jetstream.Store, e events.Envelope, expected uint64) uint64 {
	t.Helper()
	res, err := st.Append(context.Background(), e, expected, e.ID)
	if err != nil || res.Duplicate {
		t.Fatalf("Append = %+v, %v; want a new event", res, err)
	}
	return res.Seq
}

// failoverTimeout bounds how long the cluster may take to elect new
// leaders after losing one. Shutdown hands leadership over first, which
// takes milliseconds; after a crash followers would wait out the 4–9 s
// election timeout.
const failoverTimeout = 30 * time.Second

// appendEventually appends e expecting expected, retrying with the same
// message id while the store is unavailable, and returns its sequence. A
// duplicate counts: an earlier attempt landed.
func appendEventually(t *testing.T, st *jetstream.Store, e events.Envelope, expected uint64) uint64 {
	t.Helper()
	deadline := time.Now().Add(failoverTimeout)
	for {
		res, err := st.Append(context.Background(), e, expected, e.ID)
		if err == nil {
			return res.Seq
		}
		if !errors.Is(err, events.ErrUnavailable) || time.Now().After(deadline) {
			t.Fatalf("Append(%s, expected %d): %v", e.Subject, expected, err)
		}
	}
}

// loadEventually loads subject, retrying while the store is unavailable.
func loadEventually(t *testing.T, st *jetstream.Store, subject string) []events.Recorded {
	t.Helper()
	deadline := time.Now().Add(failoverTimeout)
	for {
		got, err := st.Load(context.Background(), subject)
		if err == nil {
			return got
		}
		if !errors.Is(err, events.ErrUnavailable) || time.Now().After(deadline) {
			t.Fatalf("Load(%s): %v", subject, err)
		}
	}
}

// streamLeader returns the server leading the DAOTAO stream.
func streamLeader(t *testing.T, nc *nats.Conn, servers []*server.Server) *server.Server {
	t.Helper()
	info, err := stream(t, nc).Info(context.Background())
	if err != nil || info.Cluster == nil {
		t.Fatalf("stream info = %+v, %v", info, err)
	}
	for _, ns := range servers {
		if ns.Name() == info.Cluster.Leader {
			return ns
		}
	}
	t.Fatalf("stream leader %q is not one of the servers", info.Cluster.Leader)
	return nil
}

// sameID reports whether a and b are the same event.
func sameID(a, b events.Recorded) bool { return a.ID == b.ID }
