package memstore

import (
	"context"
	"fmt"
	"time"

	"daotao/events"
)

// AppendBatch stores every event of batch or none, under one lock, with
// the same checks as Append for each event. A batch whose message ids are
// all stored already is answered as a duplicate.
func (s *Store) AppendBatch(ctx context.Context, batch []events.Pending) ([]events.AppendResult, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := events.CheckBatch(batch); err != nil {
		return nil, err
	}
	data := make([][]byte, len(batch))
	for i, p := range batch {
		var err error
		if data[i], err = encode(p.Envelope); err != nil {
			return nil, err
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if res, ok := s.storedBatch(batch); ok {
		return res, nil
	}
	for _, p := range batch {
		if last := s.last(p.Envelope.Subject); last != p.Expected {
			return nil, fmt.Errorf("%w: %s: expected last sequence %d, is %d", events.ErrConflict, p.Envelope.Subject, p.Expected, last)
		}
	}
	now := time.Now().UTC()
	res := make([]events.AppendResult, len(batch))
	for i, p := range batch {
		res[i] = events.AppendResult{Seq: s.add(stored{p.Envelope.Subject, p.MsgID, data[i], now})}
	}
	return res, nil
}

// storedBatch returns the sequences of a batch already stored, recognised
// by all of its message ids. The caller holds s.mu.
func (s *Store) storedBatch(batch []events.Pending) ([]events.AppendResult, bool) {
	res := make([]events.AppendResult, len(batch))
	for i, p := range batch {
		seq, ok := s.ids[p.MsgID]
		if !ok || p.MsgID == "" {
			return nil, false
		}
		res[i] = events.AppendResult{Seq: seq, Duplicate: true}
	}
	return res, true
}
