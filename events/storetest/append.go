package storetest

import (
	"context"
	"errors"
	"testing"

	"daotao/events"
)

func testAppendFirst(t *testing.T, s events.Store) {
	res, err := s.Append(context.Background(), envelope(t, subject()), 0, "m1")
	if err != nil || res != (events.AppendResult{Seq: 1}) {
		t.Fatalf("Append = %+v, %v; want {Seq:1}", res, err)
	}
	wantLastSeq(t, s, 1)
}

func testAppendMalformed(t *testing.T, s events.Store) {
	bad := map[string]func(*events.Envelope){
		"subject outside the prefix": func(e *events.Envelope) { e.Subject = "other.nomination.x" },
		"wildcard subject":           func(e *events.Envelope) { e.Subject = events.Subject("nomination", "*") },
		"no id":                      func(e *events.Envelope) { e.ID = "" },
		"no type":                    func(e *events.Envelope) { e.Type = "" },
		"invalid data":               func(e *events.Envelope) { e.Data = []byte("{") },
	}
	for name, spoil := range bad {
		e := envelope(t, subject())
		spoil(&e)
		_, err := s.Append(context.Background(), e, 0, e.ID)
		if !errors.Is(err, events.ErrMalformed) {
			t.Errorf("%s: Append error = %v; want ErrMalformed", name, err)
		}
	}
	wantLastSeq(t, s, 0)
}

func testConflictEmpty(t *testing.T, s events.Store) {
	res, err := s.Append(context.Background(), envelope(t, subject()), 5, "m1")
	wantConflict(t, res, err)
	wantLastSeq(t, s, 0)
}

func testConflictZero(t *testing.T, s events.Store) {
	subj := subject()
	appendOK(t, s, envelope(t, subj), 0)
	res, err := s.Append(context.Background(), envelope(t, subj), 0, "other")
	wantConflict(t, res, err)
	wantLastSeq(t, s, 1)
}

func testConflictStale(t *testing.T, s events.Store) {
	subj := subject()
	seqs := appendN(t, s, subj, 2)
	res, err := s.Append(context.Background(), envelope(t, subj), seqs[0], "other")
	wantConflict(t, res, err)
	// An expected sequence that belongs to another subject is stale too.
	other := appendOK(t, s, envelope(t, subject()), 0)
	res, err = s.Append(context.Background(), envelope(t, subj), other, "other2")
	wantConflict(t, res, err)
	wantLastSeq(t, s, 3)
}

func testSequences(t *testing.T, s events.Store) {
	subjects := []string{subject(), subject(), subject()}
	last := make(map[string]uint64)
	for i := range 9 {
		subj := subjects[i%3]
		seq := appendOK(t, s, envelope(t, subj), last[subj])
		if want := uint64(i + 1); seq != want {
			t.Fatalf("append %d: seq = %d; want %d", i, seq, want)
		}
		last[subj] = seq
	}
}

func testDuplicate(t *testing.T, s events.Store) {
	subj := subject()
	first := envelope(t, subj)
	seq := appendOK(t, s, first, 0)
	// Same msgID, different content, correct expected: still a duplicate.
	res, err := s.Append(context.Background(), envelope(t, subj), seq, first.ID)
	if err != nil || res != (events.AppendResult{Seq: seq, Duplicate: true}) {
		t.Fatalf("Append duplicate = %+v, %v; want {Seq:%d Duplicate:true}", res, err, seq)
	}
	wantLastSeq(t, s, seq)
	if got := load(t, s, subj); len(got) != 1 || got[0].ID != first.ID {
		t.Fatalf("Load after duplicate = %v; want only %s", got, first.ID)
	}
}

func testRetryStale(t *testing.T, s events.Store) {
	subj := subject()
	e := envelope(t, subj)
	seq := appendOK(t, s, e, 0)
	// The client timed out and retries exactly what it sent before.
	res, err := s.Append(context.Background(), e, 0, e.ID)
	if err != nil || res != (events.AppendResult{Seq: seq, Duplicate: true}) {
		t.Fatalf("retried Append = %+v, %v; want {Seq:%d Duplicate:true}", res, err, seq)
	}
	wantLastSeq(t, s, seq)
	if got := load(t, s, subj); len(got) != 1 {
		t.Fatalf("Load after retry: %d events; want 1", len(got))
	}
}

func testRetryAfterOthers(t *testing.T, s events.Store) {
	subj := subject()
	e := envelope(t, subj)
	seq := appendOK(t, s, e, 0)
	appendOK(t, s, envelope(t, subj), seq) // someone else wrote after us
	res, err := s.Append(context.Background(), e, 0, e.ID)
	if err != nil || res != (events.AppendResult{Seq: seq, Duplicate: true}) {
		t.Fatalf("retried Append = %+v, %v; want {Seq:%d Duplicate:true}", res, err, seq)
	}
	wantLastSeq(t, s, 2)
}
