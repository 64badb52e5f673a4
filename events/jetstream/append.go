package jetstream

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"
	natsjs "github.com/nats-io/nats.go/jetstream"

	"daotao/events"
)

// HeaderType is the message header carrying the event type, so operators
// can filter events with the nats CLI without decoding them.
const HeaderType = "Daotao-Type"

// maxScan bounds how many of a subject's messages after the expected
// sequence are examined for our message id after a conflict or timeout.
const maxScan = 16

// inProcessRetries bounds how often Append resends after the cluster
// answered that the subject had a write in process; the waits between
// resends double from 1 ms, 63 ms in all.
const inProcessRetries = 6

// Append publishes e to e.Subject if the subject's last stream sequence is
// expected (0: the subject must be empty), with msgID as Nats-Msg-Id (empty:
// no deduplication). A duplicate returns the original sequence with
// Duplicate set. After a conflict, a timeout or a lost connection it looks
// for msgID among the subject's messages after expected and reports a
// message found there as a duplicate. Otherwise it returns ErrConflict, an
// error wrapping ErrUnavailable when it could not tell whether the message
// landed, one wrapping ErrMalformed for an envelope that cannot be stored,
// or ctx's error if ctx is done before the publish.
func (s *Store) Append(ctx context.Context, e events.Envelope, expected uint64, msgID string) (events.AppendResult, error) {
	if err := ctx.Err(); err != nil {
		return events.AppendResult{}, err
	}
	msg, err := message(e)
	if err != nil {
		return events.AppendResult{}, err
	}
	rctx, cancel := s.requestCtx(ctx)
	defer cancel()
	ack, err := s.publish(rctx, msg, expected, msgID)
	if err != nil {
		return s.resolve(ctx, e.Subject, expected, msgID, err)
	}
	res := events.AppendResult{Seq: ack.Sequence, Duplicate: ack.Duplicate}
	s.announced([][]byte{msg.Data}, []events.AppendResult{res}) // announce.go
	return res, nil
}

// publish sends msg on condition that its subject's last sequence is
// expected. A replicated stream answers 10164 while an earlier write to the
// subject is still being applied, and keeps doing so for a moment after
// that write was acknowledged: a writer appending again at once to its own
// subject can get 10164 with the right expected sequence (measured: about
// once in 2,000–16,000 appends with other writers busy). 10164 means the
// message was not stored, so publish resends it until the answer is
// definite: stored, a duplicate, or 10071 for a real conflict.
func (s *Store) publish(ctx context.Context, msg *nats.Msg, expected uint64, msgID string) (*natsjs.PubAck, error) {
	wait := time.Millisecond
	for i := 0; ; i++ {
		ack, err := s.js.PublishMsg(ctx, msg,
			natsjs.WithExpectLastSequencePerSubject(expected), natsjs.WithMsgID(msgID))
		if i == inProcessRetries || !inProcess(err) {
			return ack, err
		}
		select {
		case <-ctx.Done():
			return ack, err
		case <-time.After(wait):
		}
		wait *= 2
	}
}

// inProcess reports whether err is a replicated stream's 10164: a write
// to the subject was in process when the append arrived.
func inProcess(err error) bool {
	apiErr := apiError(err)
	return apiErr != nil && apiErr.ErrorCode == natsjs.JSErrCodeStreamWrongLastSequenceConstant
}

// message checks e and encodes it as a message on its subject.
func message(e events.Envelope) (*nats.Msg, error) {
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
	msg := nats.NewMsg(e.Subject)
	msg.Data = data
	msg.Header.Set(HeaderType, e.Type)
	return msg, nil
}

// resolve turns a failed publish into the result the caller should see: a
// duplicate if our message is already stored, ErrConflict, ErrUnavailable,
// or the server's error.
func (s *Store) resolve(ctx context.Context, subject string, expected uint64, msgID string, pubErr error) (events.AppendResult, error) {
	conflict := isConflict(pubErr)
	if !conflict && apiError(pubErr) != nil {
		return events.AppendResult{}, fmt.Errorf("jetstream: append to %s: %w", subject, pubErr)
	}
	seq, err := s.landed(ctx, subject, msgID, expected)
	switch {
	case seq > 0:
		return events.AppendResult{Seq: seq, Duplicate: true}, nil
	case err != nil:
		return events.AppendResult{}, fmt.Errorf("%w: jetstream: append to %s: %w; looking for message %q: %v",
			events.ErrUnavailable, subject, pubErr, msgID, err)
	case conflict:
		return events.AppendResult{}, fmt.Errorf("%w: %s: expected last sequence %d, server says %s",
			events.ErrConflict, subject, expected, apiError(pubErr).Description)
	default:
		return events.AppendResult{}, unavailable("append to "+subject, pubErr)
	}
}

// isConflict reports whether err is the server refusing an append because
// the subject's last sequence was not the expected one:
// JSStreamWrongLastSequenceErrF (10071) on a single server and
// JSStreamWrongLastSequenceConstantErr (10164) on a replicated stream.
func isConflict(err error) bool {
	apiErr := apiError(err)
	return apiErr != nil &&
		(apiErr.ErrorCode == natsjs.JSErrCodeStreamWrongLastSequence ||
			apiErr.ErrorCode == natsjs.JSErrCodeStreamWrongLastSequenceConstant)
}

// landed returns the sequence of the message with id msgID among the first
// maxScan messages on subject after sequence after, or 0 if it is not
// there. The lookup gets its own timeout, since the caller's context may be
// what expired.
func (s *Store) landed(ctx context.Context, subject, msgID string, after uint64) (uint64, error) {
	if msgID == "" {
		return 0, nil
	}
	ctx, cancel := s.requestCtx(context.WithoutCancel(ctx))
	defer cancel()
	next := after + 1
	for range maxScan {
		m, err := s.stream.GetMsg(ctx, next, natsjs.WithGetMsgSubject(subject))
		if errors.Is(err, natsjs.ErrMsgNotFound) {
			return 0, nil
		}
		if err != nil {
			return 0, err
		}
		if m.Header.Get(natsjs.MsgIDHeader) == msgID {
			return m.Sequence, nil
		}
		next = m.Sequence + 1
	}
	return 0, nil
}
