package memstore

import (
	"context"

	"daotao/events"
)

var _ events.RawReader = (*Store)(nil)

// ReadRaw calls fn for every stored message with from <= seq <= to (to = 0:
// the last at the time of the call) in order, without decoding it. It
// returns the first error of fn or ctx.
func (s *Store) ReadRaw(ctx context.Context, from, to uint64, fn func(events.Raw) error) error {
	from = max(from, 1)
	msgs, _ := s.since(from)
	if to != 0 && to < from {
		return nil
	}
	if to != 0 && to-from+1 < uint64(len(msgs)) {
		msgs = msgs[:to-from+1]
	}
	for i, m := range msgs {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := fn(events.Raw{Seq: from + uint64(i), Subject: m.subject, StoredAt: m.at, Data: m.data}); err != nil {
			return err
		}
	}
	return nil
}
