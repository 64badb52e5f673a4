package memstore

import (
	"context"
	"fmt"

	"daotao/events"
)

// Load returns every event of subject in order, or none. It returns an
// error for a subject that does not name one aggregate instance.
func (s *Store) Load(ctx context.Context, subject string) ([]events.Recorded, error) {
	if !validSubject(subject) {
		return nil, fmt.Errorf("memstore: %q is not an event subject", subject)
	}
	s.mu.Lock()
	seqs := s.subjects[subject]
	msgs := make([]stored, len(seqs))
	for i, seq := range seqs {
		msgs[i] = s.log[seq-1]
	}
	s.mu.Unlock()
	out := make([]events.Recorded, 0, len(msgs))
	for i, m := range msgs {
		r, err := recorded(seqs[i], m)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// LastSubjectSeq returns the sequence of the last event on subject, 0 if
// there is none.
func (s *Store) LastSubjectSeq(ctx context.Context, subject string) (uint64, error) {
	if !validSubject(subject) {
		return 0, fmt.Errorf("memstore: %q is not an event subject", subject)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.last(subject), nil
}

// LastSeq returns the last sequence of the log, 0 when it is empty.
func (s *Store) LastSeq(ctx context.Context) (uint64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return uint64(len(s.log)), nil
}

// Read calls fn for every event with from <= seq <= to (to = 0: the last at
// the time of the call) in order. It returns the first error of fn or ctx.
func (s *Store) Read(ctx context.Context, from, to uint64, fn func(events.Recorded) error) error {
	from = max(from, 1)
	if to != 0 && to < from {
		return nil
	}
	msgs, _ := s.since(from)
	if to != 0 && to-from+1 < uint64(len(msgs)) {
		msgs = msgs[:to-from+1]
	}
	return deliver(ctx, from, msgs, fn)
}

// Subscribe calls fn for every event with a sequence >= from, in order,
// including later ones, until ctx is done or fn returns an error. It
// returns at once; delivery runs in its own goroutine.
func (s *Store) Subscribe(ctx context.Context, from uint64, fn func(events.Recorded) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	go s.follow(ctx, max(from, 1), fn)
	return nil
}

// follow delivers events from next on, waiting for appends when caught up.
func (s *Store) follow(ctx context.Context, next uint64, fn func(events.Recorded) error) {
	for {
		msgs, changed := s.since(next)
		if len(msgs) == 0 {
			select {
			case <-ctx.Done():
				return
			case <-changed:
				continue
			}
		}
		if deliver(ctx, next, msgs, fn) != nil {
			return
		}
		next += uint64(len(msgs))
	}
}

// since returns the messages from sequence from on and the channel that is
// closed on the next append.
func (s *Store) since(from uint64) ([]stored, <-chan struct{}) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if from > uint64(len(s.log)) {
		return nil, s.changed
	}
	// The log only grows and stored messages are never modified, so the
	// slice can be read after the lock is released.
	return s.log[from-1 : len(s.log) : len(s.log)], s.changed
}

// deliver calls fn for msgs, the first of which has sequence first.
func deliver(ctx context.Context, first uint64, msgs []stored, fn func(events.Recorded) error) error {
	for i, m := range msgs {
		if err := ctx.Err(); err != nil {
			return err
		}
		r, err := recorded(first+uint64(i), m)
		if err != nil {
			return err
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return nil
}
