package jetstream

import (
	"context"
	"sync"

	"daotao/events"
)

// Atomic batches are committed in groups. On an R1 file stream the server
// stages every atomic batch in a file store of its own, created and removed
// inside the stream's ingest loop: a batch costs about ten plain appends
// and every other append waits behind it (docs/performance.md). So batches
// that arrive while one is being sent wait for it and then go to the server
// together, as one atomic batch: one staging store for all of them.
//
// A group changes nothing a caller can see. Each member's events keep their
// expected sequences and message ids and stay contiguous, in order; a group
// holds members whose subjects are disjoint (a later member on a subject of
// an earlier one waits for the next group). If the group is refused for any
// reason — one member's expectation failed, a retry of a member, a timeout —
// every member is sent again on its own, so that each gets exactly the
// answer it would have had alone.
//
// Only a single-replica file stream groups its batches: a replicated stream
// stages them in memory, and there grouping only adds waiting (measured on
// the 3-node bench: approvals' p50 12.5 → 22 ms).

// maxGroupEvents bounds the events of one group (the server takes up to
// 1,000 messages in an atomic batch).
const maxGroupEvents = 256

// batchGroups queues the batches waiting for the one in flight.
type batchGroups struct {
	mu      sync.Mutex
	sending bool
	queue   []*batchCall
}

// batchCall is one AppendBatch waiting for its group.
type batchCall struct {
	batch []events.Pending
	res   []events.AppendResult
	err   error
	lead  bool          // set before done is closed: send the next group
	done  chan struct{} // closed when res and err are set, or with lead set
}

// appendGrouped sends batch in the next group and returns its results.
func (s *Store) appendGrouped(ctx context.Context, batch []events.Pending) ([]events.AppendResult, error) {
	c := &batchCall{batch: batch, done: make(chan struct{})}
	g := &s.groups
	g.mu.Lock()
	g.queue = append(g.queue, c)
	if g.sending {
		g.mu.Unlock()
		<-c.done
		if !c.lead {
			return c.res, c.err
		}
		g.mu.Lock()
	}
	g.sending = true
	// Lead: send the next group (this call is first in the queue, so it is
	// in it), then hand the queue to the first call still waiting.
	calls := g.take()
	g.mu.Unlock()
	s.sendGroup(ctx, calls)
	g.mu.Lock()
	if len(g.queue) > 0 {
		next := g.queue[0]
		next.lead = true
		close(next.done)
	} else {
		g.sending = false
	}
	g.mu.Unlock()
	return c.res, c.err
}

// take removes from the queue the calls of the next group: in order of
// arrival, those whose subjects no earlier member of the group uses, up to
// maxGroupEvents events. The lock is held.
func (g *batchGroups) take() []*batchCall {
	var calls, rest []*batchCall
	used := map[string]bool{}
	n := 0
	for _, c := range g.queue {
		if n+len(c.batch) > maxGroupEvents && len(calls) > 0 || overlaps(used, c.batch) {
			rest = append(rest, c)
			continue
		}
		for _, p := range c.batch {
			used[p.Envelope.Subject] = true
		}
		n += len(c.batch)
		calls = append(calls, c)
	}
	g.queue = rest
	return calls
}

func overlaps(used map[string]bool, batch []events.Pending) bool {
	for _, p := range batch {
		if used[p.Envelope.Subject] {
			return true
		}
	}
	return false
}

// sendGroup sends calls as one atomic batch and sets each call's results;
// if the group is refused, each call is sent again on its own, all at
// once (their subjects are disjoint), so that a refused group costs its
// members no more time than one batch each. It closes the calls' done
// channels. The group's requests do not end with the leading request's
// context: other callers wait for them.
func (s *Store) sendGroup(ctx context.Context, calls []*batchCall) {
	ctx = context.WithoutCancel(ctx)
	defer func() {
		for _, c := range calls {
			if !c.lead { // a leader's done was closed to wake it
				close(c.done)
			}
		}
	}()
	if len(calls) == 1 {
		calls[0].res, calls[0].err = s.appendBatch(ctx, calls[0].batch)
		return
	}
	var all []events.Pending
	for _, c := range calls {
		all = append(all, c.batch...)
	}
	rctx, cancel := s.requestCtx(ctx)
	ack, err := s.sendBatch(rctx, all)
	cancel()
	if err != nil {
		var wg sync.WaitGroup
		for _, c := range calls {
			wg.Go(func() { c.res, c.err = s.appendBatch(ctx, c.batch) })
		}
		wg.Wait()
		return
	}
	seq := ack.Sequence - uint64(len(all)) + 1
	for _, c := range calls {
		c.res = make([]events.AppendResult, len(c.batch))
		for i := range c.res {
			c.res[i] = events.AppendResult{Seq: seq}
			seq++
		}
	}
}

// BatchesSent returns how many atomic batches this store has sent to the
// server, resends included: a group of several callers' batches counts
// once.
func (s *Store) BatchesSent() uint64 { return s.batchesSent.Load() }
