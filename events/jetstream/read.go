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
	// replayBatch is how many messages one pull of a bounded read (a
	// replay) asks for: more in flight keeps the server's consumer busy
	// while the client decodes; the raw drain measured 4096 fastest.
	replayBatch = 4096
	// resetAttempts bounds how often a bounded read recreates its consumer.
	resetAttempts = 3
	// idleConsumer is when the server removes a read consumer that was not
	// deleted, for example because this process died.
	idleConsumer = time.Minute
	// heartbeat is how often the server signals that a pull is alive; after
	// two missed heartbeats the ordered consumer recreates itself and pulls
	// again. In a cluster a pull sent right after the consumer was created
	// is now and then dropped: the create response travels on the system
	// account's route and can overtake the interest in the consumer's pull
	// subject, which travels on the account's route. nats.go's default for
	// ordered consumers (5 s, so 10 s to notice) outlasts a request's
	// timeout.
	heartbeat = time.Second
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
	n, err := s.count(ctx, subject)
	if err != nil || n == 0 {
		return nil, err
	}
	var out []events.Recorded
	cc := natsjs.OrderedConsumerConfig{FilterSubjects: []string{subject}, DeliverPolicy: natsjs.DeliverAllPolicy}
	err = s.drain(ctx, cc, n, 0, func(r events.Recorded) error {
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
	last, err := s.LastSeq(ctx)
	if err != nil {
		return err
	}
	if to == 0 || to > last {
		to = last
	}
	from = max(from, 1)
	if to < from {
		return nil
	}
	return s.drain(ctx, startAt(from), int(to-from+1), to, fn)
}

// count returns how many events subject has, as the stream leader knows
// it. The consumer that then reads them may sit on a replica that has not
// applied the latest appends yet: what it has pending when created is not
// enough to read one's own writes.
func (s *Store) count(ctx context.Context, subject string) (int, error) {
	info, err := s.stream.Info(ctx, natsjs.WithSubjectFilter(subject))
	if err != nil {
		return 0, unavailable("count events of "+subject, err)
	}
	return int(info.State.Subjects[subject]), nil
}

// startAt configures an ordered consumer of the whole stream from sequence
// from (0 and 1: the beginning).
func startAt(from uint64) natsjs.OrderedConsumerConfig {
	if from <= 1 {
		return natsjs.OrderedConsumerConfig{DeliverPolicy: natsjs.DeliverAllPolicy}
	}
	return natsjs.OrderedConsumerConfig{DeliverPolicy: natsjs.DeliverByStartSequencePolicy, OptStartSeq: from}
}

// drain delivers to fn, in order, at most n messages of an ordered consumer
// configured by cc, stopping at sequence last (0: no bound). It waits for
// messages the consumer's replica has not applied yet. The consumer is
// deleted afterwards.
func (s *Store) drain(ctx context.Context, cc natsjs.OrderedConsumerConfig, n int, last uint64, fn func(events.Recorded) error) error {
	cc.MaxResetAttempts, cc.InactiveThreshold = resetAttempts, idleConsumer
	cons, err := s.js.OrderedConsumer(ctx, s.cfg.Stream, cc)
	if err != nil {
		return unavailable("create consumer", err)
	}
	defer s.dropConsumer(ctx, cons)
	it, err := cons.Messages(natsjs.PullMaxMessages(min(n, replayBatch)), natsjs.StopAfter(n),
		natsjs.PullHeartbeat(heartbeat))
	if err != nil {
		return unavailable("consume", err)
	}
	defer it.Stop()
	next, stop := decodeAhead(ctx, it, n, last)
	defer stop()
	for range n {
		r, err := next()
		if err != nil || (last != 0 && r.Seq > last) {
			return err
		}
		if err := fn(r); err != nil || r.Seq == last {
			return err
		}
	}
	return nil
}

// dropConsumer deletes the server side of an ordered consumer we are done
// with, rather than leave it until it has been idle for idleConsumer.
func (s *Store) dropConsumer(ctx context.Context, cons natsjs.Consumer) {
	s.dropConsumerOf(ctx, s.cfg.Stream, cons)
}

// dropConsumerOf deletes the server side of an ordered consumer of stream
// we are done with.
func (s *Store) dropConsumerOf(ctx context.Context, stream string, cons natsjs.Consumer) {
	info := cons.CachedInfo()
	if info == nil {
		return
	}
	ctx, cancel := s.requestCtx(context.WithoutCancel(ctx))
	defer cancel()
	_ = s.js.DeleteConsumer(ctx, stream, info.Name)
}
