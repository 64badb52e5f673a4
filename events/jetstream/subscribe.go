package jetstream

import (
	"context"

	natsjs "github.com/nats-io/nats.go/jetstream"

	"daotao/events"
)

// Subscribe delivers every event with a sequence >= from to fn, in order,
// including events appended later, through an ordered consumer that
// recreates itself after a reconnect. It returns an error wrapping
// ErrUnavailable if the consumer cannot be created; otherwise delivery runs
// in its own goroutine until ctx is done, fn returns an error, or an event
// does not decode. An early end is reported to Config.OnError.
func (s *Store) Subscribe(ctx context.Context, from uint64, fn func(events.Recorded) error) error {
	rctx, cancel := s.requestCtx(ctx)
	defer cancel()
	cons, err := s.js.OrderedConsumer(rctx, s.cfg.Stream, startAt(from))
	if err != nil {
		return unavailable("create consumer", err)
	}
	it, err := cons.Messages(natsjs.PullMaxMessages(batch), natsjs.PullHeartbeat(heartbeat))
	if err != nil {
		s.dropConsumer(ctx, cons)
		return unavailable("consume", err)
	}
	go s.follow(ctx, cons, it, fn)
	return nil
}

// follow runs one subscription until ctx is done or delivery fails.
func (s *Store) follow(ctx context.Context, cons natsjs.Consumer, it natsjs.MessagesContext, fn func(events.Recorded) error) {
	defer s.dropConsumer(ctx, cons)
	defer it.Stop()
	// Stopping the iterator also ends a consumer reset that is waiting for
	// the server to come back.
	defer context.AfterFunc(ctx, it.Stop)()
	next, stop := decodeAhead(ctx, it, 0, 0)
	defer stop()
	for {
		r, err := next()
		if err == nil {
			err = fn(r)
		}
		if err != nil {
			s.report(ctx, err)
			return
		}
	}
}

// report passes err to Config.OnError unless the subscription simply ended.
func (s *Store) report(ctx context.Context, err error) {
	if ctx.Err() == nil && s.cfg.OnError != nil {
		s.cfg.OnError(err)
	}
}
