package jetstream

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/nats-io/nats.go"
	natsjs "github.com/nats-io/nats.go/jetstream"

	"daotao/events"
)

var _ events.RawReader = (*Store)(nil)

// ReadRaw calls fn for every stored message with from <= seq <= to (to = 0:
// up to the last message when ReadRaw is called), in order, without
// decoding it: a message that is not a valid envelope is delivered like
// any other. It stops after the last message the stream holds, so a
// sequence missing from the stream is simply not delivered. It returns
// fn's first error, ctx's error or one wrapping ErrUnavailable.
func (s *Store) ReadRaw(ctx context.Context, from, to uint64, fn func(events.Raw) error) error {
	last, err := s.LastSeq(ctx)
	if err != nil {
		return err
	}
	if to == 0 || to > last {
		to = last
	}
	if from = max(from, 1); to < from {
		return nil
	}
	cc := startAt(from)
	cc.MaxResetAttempts, cc.InactiveThreshold = resetAttempts, idleConsumer
	cons, err := s.js.OrderedConsumer(ctx, s.cfg.Stream, cc)
	if err != nil {
		return unavailable("create consumer", err)
	}
	defer s.dropConsumer(ctx, cons)
	it, err := cons.Messages(natsjs.PullMaxMessages(batch), natsjs.PullHeartbeat(heartbeat))
	if err != nil {
		return unavailable("consume", err)
	}
	defer it.Stop()
	return drainRaw(ctx, it, to, fn)
}

// drainRaw delivers messages of it to fn until sequence to or the end of
// the stream.
func drainRaw(ctx context.Context, it natsjs.MessagesContext, to uint64, fn func(events.Raw) error) error {
	for {
		msg, err := it.Next(natsjs.NextContext(ctx))
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			return unavailable("next message", err)
		}
		meta, err := msg.Metadata()
		if err != nil {
			return fmt.Errorf("jetstream: message metadata: %w", err)
		}
		seq := meta.Sequence.Stream
		if seq > to {
			return nil
		}
		raw := events.Raw{Seq: seq, Subject: msg.Subject(), StoredAt: meta.Timestamp.UTC(), Data: msg.Data()}
		if err := fn(raw); err != nil || seq == to || meta.NumPending == 0 {
			return err
		}
	}
}

// Restore appends r.Data, byte for byte, on r.Subject as stream sequence
// r.Seq, which must be the stream's next sequence: it is how a verified
// export is restored into an empty stream with the sequences, and so the
// hash chain, it had. It returns an error wrapping ErrConflict when the
// stream's last sequence is not r.Seq-1, one wrapping ErrMalformed when
// r.Data is not an envelope on r.Subject, and one wrapping ErrUnavailable
// when the server does not answer.
func (s *Store) Restore(ctx context.Context, r events.Raw) error {
	var head struct{ Type, Subject string }
	if err := json.Unmarshal(r.Data, &head); err != nil || head.Subject != r.Subject || !validSubject(r.Subject) {
		return fmt.Errorf("%w: event %d is not an envelope on %q", events.ErrMalformed, r.Seq, r.Subject)
	}
	msg := nats.NewMsg(r.Subject)
	msg.Data = r.Data
	msg.Header.Set(HeaderType, head.Type)
	ctx, cancel := s.requestCtx(ctx)
	defer cancel()
	ack, err := s.js.PublishMsg(ctx, msg, natsjs.WithExpectLastSequence(r.Seq-1))
	if isConflict(err) {
		return fmt.Errorf("%w: restore event %d: %s", events.ErrConflict, r.Seq, apiError(err).Description)
	}
	if err != nil {
		return unavailable(fmt.Sprintf("restore event %d", r.Seq), err)
	}
	if ack.Sequence != r.Seq {
		return fmt.Errorf("%w: restore event %d: stored as %d", events.ErrConflict, r.Seq, ack.Sequence)
	}
	return nil
}
