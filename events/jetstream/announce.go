package jetstream

import (
	"encoding/json"
	"sync"

	"daotao/events"
)

// The projections of a process learn of its own appends twice: from the
// Store as soon as JetStream has acknowledged them, and again from their
// subscription, which also brings every other writer's events. The first
// lets a command answered a moment ago be visible to the next one without
// waiting for the subscription to bring it back (read-your-writes, see
// handlers/commit.go), and the state applies each sequence once, in order,
// whichever comes first (projections/offer.go).

// OnAppended registers fn to receive the events this Store appends, once
// each has been acknowledged, decoded from the exact bytes stored, as a
// subscription would deliver them but for StoredAt (the acknowledgement
// does not carry it; it is left zero). Events of one call come in stream
// order; calls come in any order and concurrently. Duplicates (a retried
// command found stored) are not passed on. A later call replaces fn; nil
// stops it.
func (s *Store) OnAppended(fn func([]events.Recorded)) {
	if fn == nil {
		s.announce.Store(nil)
		return
	}
	s.announce.Store(&fn)
}

var _ events.AppendNotifier = (*Store)(nil)

// decoders are the hand-written decoders of announced events; each keeps
// interned strings, so goroutines take one each.
var decoders = sync.Pool{New: func() any { return events.NewFastDecoder() }}

// announced passes the stored events to the OnAppended function, if any:
// data[i] are the bytes stored at res[i].Seq.
func (s *Store) announced(data [][]byte, res []events.AppendResult) {
	fn := s.announce.Load()
	if fn == nil || len(res) == 0 || res[0].Duplicate {
		return
	}
	fd := decoders.Get().(*events.FastDecoder)
	defer decoders.Put(fd)
	rs := make([]events.Recorded, 0, len(res))
	for i, r := range res {
		rec, err := decodeStored(data[i], r.Seq, fd)
		if err != nil {
			// The subscription will bring it, and report what is wrong.
			break
		}
		rs = append(rs, rec)
	}
	if len(rs) > 0 {
		(*fn)(rs)
	}
}

// announceBatch is announced for the events of a batch.
func (s *Store) announceBatch(batch []events.Pending, res []events.AppendResult) {
	if s.announce.Load() == nil {
		return
	}
	data := make([][]byte, len(batch))
	for i, p := range batch {
		b, err := json.Marshal(p.Envelope) // as message() encoded it
		if err != nil {
			return
		}
		data[i] = b
	}
	s.announced(data, res)
}
