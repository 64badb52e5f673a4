package jetstream

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nuid"

	"daotao/events"
)

// Headers of JetStream's atomic batch publish (server 2.12 and later).
const (
	batchID     = "Nats-Batch-Id"
	batchSeq    = "Nats-Batch-Sequence"
	batchCommit = "Nats-Batch-Commit"
)

// AppendBatch publishes batch as one atomic JetStream batch: every message
// carries its subject's expected last sequence and its message id, and the
// server stores all of them or none. After a conflict or a timeout it looks
// for the batch's messages (by id) and reports a batch found complete as a
// duplicate. A batch costs a few milliseconds on a single file-store
// server, so it is meant for decisions that keep an invariant across
// aggregates, not for every append.
func (s *Store) AppendBatch(ctx context.Context, batch []events.Pending) ([]events.AppendResult, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := events.CheckBatch(batch); err != nil {
		return nil, err
	}
	var res []events.AppendResult
	var err error
	if s.groupBatches {
		res, err = s.appendGrouped(ctx, batch) // batch_group.go
	} else {
		res, err = s.appendBatch(ctx, batch)
	}
	if err == nil {
		s.announceBatch(batch, res) // announce.go
	}
	return res, err
}

// appendBatch sends batch on its own and resolves a failure.
func (s *Store) appendBatch(ctx context.Context, batch []events.Pending) ([]events.AppendResult, error) {
	rctx, cancel := s.requestCtx(ctx)
	defer cancel()
	ack, err := s.sendBatch(rctx, batch)
	if err != nil {
		return s.resolveBatch(ctx, batch, err)
	}
	res := make([]events.AppendResult, len(batch))
	first := ack.Sequence - uint64(len(batch)) + 1
	for i := range res {
		res[i] = events.AppendResult{Seq: first + uint64(i)}
	}
	return res, nil
}

// sendBatch publishes batch, sending it again (as a new batch with the same
// message ids, so it cannot land twice) when the server answered that
// nothing was stored: no responder yet for a stream just created, or a
// replicated stream's 10164 while an earlier write to a subject is applied.
func (s *Store) sendBatch(ctx context.Context, batch []events.Pending) (*batchAck, error) {
	wait := time.Millisecond
	for i := 0; ; i++ {
		msgs, err := batchMessages(batch)
		if err != nil {
			return nil, err
		}
		ack, err := s.publishBatch(ctx, msgs)
		if err == nil || i == inProcessRetries || !nothingStored(err) {
			return ack, err
		}
		if errors.Is(err, nats.ErrNoResponders) {
			wait = max(wait, 250*time.Millisecond)
		}
		select {
		case <-ctx.Done():
			return nil, err
		case <-time.After(wait):
		}
		wait *= 2
	}
}

// tooManyBatches is the server refusing to open one more atomic batch
// while 50 of the stream's are in flight (JSAtomicPublishTooManyInflight,
// measured with 64 concurrent approvals): nothing was stored, and the
// batch may be sent again a moment later.
const tooManyBatches = 10210

// nothingStored reports whether a failed batch certainly stored nothing
// and may be sent again as it is.
func nothingStored(err error) bool {
	var be *batchAckError
	return errors.Is(err, nats.ErrNoResponders) ||
		(errors.As(err, &be) && (be.ErrorCode == 10164 || be.ErrorCode == tooManyBatches))
}

func batchMessages(batch []events.Pending) ([]*nats.Msg, error) {
	id := nuid.Next()
	msgs := make([]*nats.Msg, len(batch))
	for i, p := range batch {
		m, err := message(p.Envelope)
		if err != nil {
			return nil, err
		}
		m.Header.Set(batchID, id)
		m.Header.Set(batchSeq, strconv.Itoa(i+1))
		m.Header.Set("Nats-Expected-Last-Subject-Sequence", strconv.FormatUint(p.Expected, 10))
		if p.MsgID != "" {
			m.Header.Set("Nats-Msg-Id", p.MsgID)
		}
		msgs[i] = m
	}
	msgs[len(msgs)-1].Header.Set(batchCommit, "1")
	return msgs, nil
}

// batchAck is the server's answer to a batch's commit.
type batchAck struct {
	Stream   string         `json:"stream"`
	Sequence uint64         `json:"seq"`
	Size     int            `json:"count"`
	BatchID  string         `json:"batch"`
	Error    *batchAckError `json:"error,omitempty"`
}

type batchAckError struct {
	Code        int    `json:"code"`
	ErrorCode   int    `json:"err_code"`
	Description string `json:"description"`
}

func (e *batchAckError) Error() string {
	return fmt.Sprintf("jetstream: %s (%d)", e.Description, e.ErrorCode)
}

// publishBatch sends the messages: the first waits for the server to
// accept the batch, the middle ones are plain publishes, the last commits
// and waits for the batch's acknowledgement.
func (s *Store) publishBatch(ctx context.Context, msgs []*nats.Msg) (*batchAck, error) {
	s.batchesSent.Add(1)
	nc := s.js.Conn()
	for i, m := range msgs[:len(msgs)-1] {
		if i > 0 {
			if err := nc.PublishMsg(m); err != nil {
				return nil, err
			}
			continue
		}
		if err := s.batchRequest(ctx, nc, m); err != nil {
			return nil, err
		}
	}
	var ack batchAck
	if err := s.batchRequestAck(ctx, nc, msgs[len(msgs)-1], &ack); err != nil {
		return nil, err
	}
	return &ack, nil
}

func (s *Store) batchRequest(ctx context.Context, nc *nats.Conn, m *nats.Msg) error {
	resp, err := nc.RequestMsgWithContext(ctx, m)
	if err != nil {
		return err
	}
	if len(resp.Data) == 0 {
		return nil
	}
	var r struct {
		Error *batchAckError `json:"error"`
	}
	if json.Unmarshal(resp.Data, &r) == nil && r.Error != nil {
		return r.Error
	}
	return nil
}

func (s *Store) batchRequestAck(ctx context.Context, nc *nats.Conn, m *nats.Msg, ack *batchAck) error {
	resp, err := nc.RequestMsgWithContext(ctx, m)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(resp.Data, ack); err != nil {
		return fmt.Errorf("jetstream: batch acknowledgement: %w", err)
	}
	if ack.Error != nil {
		return ack.Error
	}
	if ack.Sequence == 0 {
		return errors.New("jetstream: batch acknowledgement without a sequence")
	}
	return nil
}

// resolveBatch turns a failed batch into what the caller should see: the
// original sequences if every message of the batch is stored (a retry, or
// an acknowledgement lost on the way back), ErrConflict, or ErrUnavailable.
func (s *Store) resolveBatch(ctx context.Context, batch []events.Pending, pubErr error) ([]events.AppendResult, error) {
	res := make([]events.AppendResult, len(batch))
	for i, p := range batch {
		seq, err := s.landed(ctx, p.Envelope.Subject, p.MsgID, p.Expected)
		if err != nil {
			return nil, fmt.Errorf("%w: jetstream: batch: %w; looking for message %q: %v", events.ErrUnavailable, pubErr, p.MsgID, err)
		}
		if seq == 0 {
			return nil, s.batchFailure(pubErr)
		}
		res[i] = events.AppendResult{Seq: seq, Duplicate: true}
	}
	return res, nil
}

func (s *Store) batchFailure(pubErr error) error {
	var be *batchAckError
	if errors.As(pubErr, &be) {
		if be.ErrorCode == 10071 || be.ErrorCode == 10164 {
			return fmt.Errorf("%w: batch: %s", events.ErrConflict, be.Description)
		}
		if be.ErrorCode == tooManyBatches {
			return fmt.Errorf("%w: jetstream: batch: %w", events.ErrUnavailable, pubErr)
		}
		return fmt.Errorf("jetstream: batch refused: %w", pubErr)
	}
	if isConflict(pubErr) {
		return fmt.Errorf("%w: batch: %v", events.ErrConflict, pubErr)
	}
	return unavailable("append batch", pubErr)
}
