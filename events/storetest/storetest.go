// Package storetest is the conformance suite every events.Store must pass.
// A store's own test calls Run with a constructor that returns an empty
// store; each case gets a store of its own.
package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"

	"daotao/events"
)

// waitFor bounds every wait for a subscription to deliver.
const waitFor = 10 * time.Second

// Run runs every conformance case against stores made by newStore, which
// must return a new, empty store and register its own cleanup.
func Run(t *testing.T, newStore func(t *testing.T) events.Store) {
	cases := []struct {
		name string
		run  func(t *testing.T, s events.Store)
	}{
		{"append to empty subject with expected 0", testAppendFirst},
		{"append rejects a malformed envelope", testAppendMalformed},
		{"conflict on empty subject with expected > 0", testConflictEmpty},
		{"conflict on written subject with expected 0", testConflictZero},
		{"conflict on stale expected", testConflictStale},
		{"sequences increase across subjects", testSequences},
		{"duplicate msgID returns the original", testDuplicate},
		{"retry with stale expected is a duplicate", testRetryStale},
		{"retry after later events is a duplicate", testRetryAfterOthers},
		{"load returns the subject's events intact", testLoad},
		{"load of unknown subject is empty", testLoadUnknown},
		{"last sequences", testLastSeqs},
		{"subscribe from 1 gets existing then live events", testSubscribeAll},
		{"subscribe from N skips earlier events", testSubscribeFrom},
		{"subscribe stops when ctx is done", testSubscribeCancel},
		{"read within bounds", testRead},
		{"read stops at fn's error", testReadError},
		{"concurrent appends with one expected: one wins", testRace},
		{"concurrent appends to distinct subjects", testParallel},
		{"batch appends every event", testBatchAppends},
		{"batch is all or nothing", testBatchAllOrNothing},
		{"retried batch returns the original", testBatchRetry},
		{"invalid batch is refused", testBatchInvalid},
		{"concurrent batches on a shared subject: one wins", testBatchRace},
		{"batch of MaxBatch events lands, one more is refused", testBatchFull},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.run(t, newStore(t))
		})
	}
}

// subject returns a fresh nomination subject.
func subject() string {
	return events.Subject(events.AggregateNomination, uuid.NewString())
}

// envelope returns an event on subj with every envelope field set.
func envelope(t *testing.T, subj string) events.Envelope {
	t.Helper()
	e, err := build(subj)
	if err != nil {
		t.Fatalf("events.New: %v", err)
	}
	return e
}

// build returns an event on subj with every envelope field set; unlike
// envelope it may be called from any goroutine.
func build(subj string) (events.Envelope, error) {
	at := time.Date(2025, 3, 14, 9, 26, 53, 589793238, time.UTC)
	actor := events.Actor{UserID: "u1", Username: "canbo", Role: "agency", Agency: "SNV",
		OnBehalfOf: &events.Actor{Username: "truongphong", Role: "agency"}}
	e, err := events.New(uuid.NewString(), subj, at, actor, events.NominationRejected{Reason: "thiếu hồ sơ"})
	e.CorrelationID, e.CausationID = uuid.NewString(), uuid.NewString()
	e.IdempotencyKey, e.RequestHash = "key-"+e.ID, "sha256:abc"
	return e, err
}

// appendOK appends e with its id as msgID and fails the test on any error
// or duplicate.
func appendOK(t *testing.T, s events.Store, e events.Envelope, expected uint64) uint64 {
	t.Helper()
	res, err := s.Append(context.Background(), e, expected, e.ID)
	if err != nil || res.Duplicate {
		t.Fatalf("Append(%s, expected %d) = %+v, %v; want a new event", e.Subject, expected, res, err)
	}
	return res.Seq
}

// appendN appends n events to subj, each expecting the previous one, and
// returns their sequences.
func appendN(t *testing.T, s events.Store, subj string, n int) []uint64 {
	t.Helper()
	seqs := make([]uint64, 0, n)
	var last uint64
	for range n {
		last = appendOK(t, s, envelope(t, subj), last)
		seqs = append(seqs, last)
	}
	return seqs
}

// wantConflict fails the test unless err is ErrConflict.
func wantConflict(t *testing.T, res events.AppendResult, err error) {
	t.Helper()
	if !errors.Is(err, events.ErrConflict) {
		t.Fatalf("Append = %+v, %v; want ErrConflict", res, err)
	}
}

// wantLastSeq fails the test unless the log's last sequence is want.
func wantLastSeq(t *testing.T, s events.Store, want uint64) {
	t.Helper()
	got, err := s.LastSeq(context.Background())
	if err != nil || got != want {
		t.Fatalf("LastSeq = %d, %v; want %d", got, err, want)
	}
}

// load returns the events of subj and fails the test on an error.
func load(t *testing.T, s events.Store, subj string) []events.Recorded {
	t.Helper()
	got, err := s.Load(context.Background(), subj)
	if err != nil {
		t.Fatalf("Load(%s): %v", subj, err)
	}
	return got
}

// seqsOf returns the sequences of rs.
func seqsOf(rs []events.Recorded) []uint64 {
	out := make([]uint64, len(rs))
	for i, r := range rs {
		out[i] = r.Seq
	}
	return out
}
