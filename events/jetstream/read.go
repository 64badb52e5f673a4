package jetstream

import (
	"context"
	"errors"
	"fmt"
	"time"

	natsjs "github.com/nats-io/nats.go/jetstream"

	"daotao/events"
)

const (
	// batch is how many messages one pull asks for.
	batch = 1000
	// resetAttempts bounds how often a bounded read recreates its consumer.
	resetAttempts = 3
	// idleConsumer is when the server removes a read consumer that was not
	// deleted, for example because this process died.
	idleConsumer = time.Minute
)

// Load returns every event of subject in stream order, or none. It returns
// an error wrapping ErrMalformed for an event that does not decode and one
// wrapping ErrUnavailable when the server does not answer in time.
func (s *Store) Load(ctx context.Context, subject string) ([]events.Recorded, error) {
	if !validSubject(subject) {
		return nil, fmt.Errorf("jetstream: %q is not an event subject", subject)
	}
	ctx, cancel := s.requestCtx(ctx)
	defer cancel()
	var out []events.Recorded
	cc := natsjs.OrderedConsumerConfig{FilterSubjects: []string{subject}, DeliverPolicy: natsjs.DeliverAllPolicy}
	err := s.drain(ctx, cc, 0, func(r events.Recorded) error {
		out = append(out, r)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// LastSubjectSeq returns the stream sequence of the last event on subject,
// or 0 when it has none. It returns an error wrapping ErrUnavailable when
// the server does not answer in time.
func (s *Store) LastSubjectSeq(ctx context.Context, subject string) (uint64, error) {
	if !validSubject(subject) {
		return 0, fmt.Errorf("jetstream: %q is not an event subject", subject)
	}
	ctx, cancel := s.requestCtx(ctx)
	defer cancel()
	m, err := s.stream.GetLastMsgForSubject(ctx, subject)
	if errors.Is(err, natsjs.ErrMsgNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, unavailable("last message of "+subject, err)
	}
	return m.Sequence, nil
}

// LastSeq returns the stream's last sequence, 0 when it is empty. It
// returns an error wrapping ErrUnavailable when the server does not answer
// in time.
func (s *Store) LastSeq(ctx context.Context) (uint64, error) {
	ctx, cancel := s.requestCtx(ctx)
	defer cancel()
	info, err := s.stream.Info(ctx)
	if err != nil {
		return 0, unavailable("stream info", err)
	}
	return info.State.LastSeq, nil
}

// Read calls fn for every event with from <= seq <= to (to = 0: up to the
// last event when Read is called) in order, pulling them in batches. It
// returns fn's first error, ctx's error, an error wrapping ErrMalformed for
// an event that does not decode, or one wrapping ErrUnavailable.
func (s *Store) Read(ctx context.Context, from, to uint64, fn func(events.Recorded) error) error {
	if to != 0 && to < from {
		return nil
	}
	return s.drain(ctx, startAt(from), to, fn)
}

// startAt configures an ordered consumer of the whole stream from sequence
// from (0 and 1: the beginning).
func startAt(from uint64) natsjs.OrderedConsumerConfig {
	if from <= 1 {
		return natsjs.OrderedConsumerConfig{DeliverPolicy: natsjs.DeliverAllPolicy}
	}
	return natsjs.OrderedConsumerConfig{DeliverPolicy: natsjs.DeliverByStartSequencePolicy, OptStartSeq: from}
}

// drain delivers to fn, in order, the messages an ordered consumer
// configured by cc has pending when it is created, stopping after sequence
// to (0: no bound). The consumer is deleted afterwards.
func (s *Store) drain(ctx context.Context, cc natsjs.OrderedConsumerConfig, to uint64, fn func(events.Recorded) error) error {
	cc.MaxResetAttempts, cc.InactiveThreshold = resetAttempts, idleConsumer
	cons, err := s.js.OrderedConsumer(ctx, s.cfg.Stream, cc)
	if err != nil {
		return unavailable("create consumer", err)
	}
	defer s.dropConsumer(ctx, cons)
	n := pending(cons, max(cc.OptStartSeq, 1), to)
	if n == 0 {
		return nil
	}
	it, err := cons.Messages(natsjs.PullMaxMessages(min(n, batch)), natsjs.StopAfter(n))
	if err != nil {
		return unavailable("consume", err)
	}
	defer it.Stop()
	for range n {
		r, err := next(ctx, it)
		if err != nil || (to != 0 && r.Seq > to) {
			return err
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return nil
}

// pending returns how many messages a new consumer starting at sequence
// start must deliver to reach sequence to (0: all it has pending).
func pending(cons natsjs.Consumer, start, to uint64) int {
	n := cons.CachedInfo().NumPending
	if to != 0 {
		n = min(n, to-start+1)
	}
	return int(n)
}

// next waits for the next message of it and decodes it.
func next(ctx context.Context, it natsjs.MessagesContext) (events.Recorded, error) {
	msg, err := it.Next(natsjs.NextContext(ctx))
	if ctx.Err() != nil {
		return events.Recorded{}, ctx.Err()
	}
	if err != nil {
		return events.Recorded{}, unavailable("next message", err)
	}
	return record(msg)
}

// record decodes one message into the event it holds.
func record(msg natsjs.Msg) (events.Recorded, error) {
	meta, err := msg.Metadata()
	if err != nil {
		return events.Recorded{}, fmt.Errorf("jetstream: message metadata: %w", err)
	}
	e, err := events.Decode(msg.Data())
	if err != nil {
		return events.Recorded{}, fmt.Errorf("jetstream: event %d: %w", meta.Sequence.Stream, err)
	}
	return events.Recorded{Envelope: e, Seq: meta.Sequence.Stream, StoredAt: meta.Timestamp.UTC()}, nil
}

// dropConsumer deletes the server side of an ordered consumer we are done
// with, rather than leave it until it has been idle for idleConsumer.
func (s *Store) dropConsumer(ctx context.Context, cons natsjs.Consumer) {
	info := cons.CachedInfo()
	if info == nil {
		return
	}
	ctx, cancel := s.requestCtx(context.WithoutCancel(ctx))
	defer cancel()
	_ = s.js.DeleteConsumer(ctx, s.cfg.Stream, info.Name)
}
