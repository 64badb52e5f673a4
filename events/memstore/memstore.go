// Package memstore is an in-memory events.Store for tests. It follows the
// semantics of the JetStream store: one global sequence starting at 1, an
// expected-last-sequence check per subject that comes before deduplication
// by message id, and the same check for a retried message after a conflict.
package memstore

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sync"
	"time"

	"daotao/events"
)

// maxScan bounds how many of a subject's messages after the expected
// sequence are examined for the caller's message id after a conflict, as
// the JetStream store does.
const maxScan = 16

// Store is an in-memory events.Store. Its zero value is not usable; call New.
// Unlike JetStream, message ids are remembered forever (no duplicate window)
// and nothing survives the process.
type Store struct {
	mu       sync.Mutex
	log      []stored            // log[i] has sequence i+1
	subjects map[string][]uint64 // subject -> its sequences, ascending
	ids      map[string]uint64   // message id -> sequence
	changed  chan struct{}       // closed and replaced on every append
}

// stored is one message as JetStream would hold it: the encoded envelope.
type stored struct {
	subject string
	msgID   string
	data    []byte
	at      time.Time
}

var _ events.Store = (*Store)(nil)

// New returns an empty store.
func New() *Store {
	return &Store{
		subjects: make(map[string][]uint64),
		ids:      make(map[string]uint64),
		changed:  make(chan struct{}),
	}
}

// Append stores e if e.Subject's last sequence is expected. A msgID already
// stored returns its original sequence with Duplicate set; an empty msgID
// disables deduplication. It returns ErrConflict when the subject moved on
// (unless msgID is found among the subject's messages after expected), an
// error wrapping ErrMalformed for an envelope that cannot be stored, and
// ctx's error if ctx is already done.
func (s *Store) Append(ctx context.Context, e events.Envelope, expected uint64, msgID string) (events.AppendResult, error) {
	if err := ctx.Err(); err != nil {
		return events.AppendResult{}, err
	}
	data, err := encode(e)
	if err != nil {
		return events.AppendResult{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if last := s.last(e.Subject); last != expected {
		return s.afterConflict(e.Subject, msgID, expected, last)
	}
	if seq, ok := s.ids[msgID]; ok && msgID != "" {
		return events.AppendResult{Seq: seq, Duplicate: true}, nil
	}
	return events.AppendResult{Seq: s.add(stored{e.Subject, msgID, data, time.Now().UTC()})}, nil
}

// add appends m to the log and wakes subscribers. The caller holds s.mu.
func (s *Store) add(m stored) uint64 {
	s.log = append(s.log, m)
	seq := uint64(len(s.log))
	s.subjects[m.subject] = append(s.subjects[m.subject], seq)
	if m.msgID != "" {
		s.ids[m.msgID] = seq
	}
	close(s.changed)
	s.changed = make(chan struct{})
	return seq
}

// last returns the last sequence of subject, 0 if it has none. The caller
// holds s.mu.
func (s *Store) last(subject string) uint64 {
	seqs := s.subjects[subject]
	if len(seqs) == 0 {
		return 0
	}
	return seqs[len(seqs)-1]
}

// afterConflict reports a retried message that already landed after
// expected as a duplicate, and anything else as ErrConflict. The caller
// holds s.mu.
func (s *Store) afterConflict(subject, msgID string, expected, last uint64) (events.AppendResult, error) {
	seqs := s.subjects[subject]
	i, _ := slices.BinarySearch(seqs, expected+1)
	for _, seq := range seqs[i:min(i+maxScan, len(seqs))] {
		if msgID != "" && s.log[seq-1].msgID == msgID {
			return events.AppendResult{Seq: seq, Duplicate: true}, nil
		}
	}
	return events.AppendResult{}, fmt.Errorf("%w: %s: expected last sequence %d, is %d", events.ErrConflict, subject, expected, last)
}

// encode checks that e can be read back and returns its JSON.
func encode(e events.Envelope) ([]byte, error) {
	if !validSubject(e.Subject) {
		return nil, fmt.Errorf("%w: %q is not an event subject", events.ErrMalformed, e.Subject)
	}
	if e.ID == "" || e.Type == "" || e.Version < 1 {
		return nil, fmt.Errorf("%w: missing id, type or version", events.ErrMalformed)
	}
	data, err := json.Marshal(e)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", events.ErrMalformed, err)
	}
	return data, nil
}

// validSubject reports whether subject names one aggregate instance.
func validSubject(subject string) bool {
	agg, id, ok := events.SplitSubject(subject)
	return ok && events.ValidToken(agg) && events.ValidToken(id)
}

// recorded decodes the message with sequence seq.
func recorded(seq uint64, m stored) (events.Recorded, error) {
	e, err := events.Decode(m.data)
	if err != nil {
		return events.Recorded{}, fmt.Errorf("memstore: event %d: %w", seq, err)
	}
	return events.Recorded{Envelope: e, Seq: seq, StoredAt: m.at}, nil
}
