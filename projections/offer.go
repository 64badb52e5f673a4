package projections

import (
	"sync"
	"sync/atomic"

	"daotao/events"
)

// offers are the events this process appended, announced by the store as
// soon as JetStream acknowledged them (events.AppendNotifier), waiting for
// their turn. The subscription brings the same events again a moment later,
// with every other writer's: whichever comes first is applied, each
// sequence once and in order, so the state is the one the subscription
// alone would build. Offers only shorten the time until a command's effect
// is visible — and with it the wait of the next command for its
// predecessors (read-your-writes, handlers/commit.go).
type offers struct {
	mu    sync.Mutex
	bySeq map[uint64]events.Recorded
	// queued is set while a goroutine waits for the state's lock to apply
	// offers (offer does not block its caller, the command being answered).
	queued atomic.Bool
}

// offer keeps rs until their turn and applies those whose turn it is, now
// if the state's lock is free, otherwise on a goroutine of its own.
func (s *State) offer(rs []events.Recorded) {
	o := &s.offered
	o.mu.Lock()
	for _, r := range rs {
		if r.Seq <= s.applied.Load() || r.Payload == nil {
			continue
		}
		if o.bySeq == nil {
			o.bySeq = map[uint64]events.Recorded{}
		}
		o.bySeq[r.Seq] = r
	}
	o.mu.Unlock()
	if s.mu.TryLock() {
		n := s.applyOffered()
		s.mu.Unlock()
		if n > 0 {
			s.wake()
		}
		return
	}
	if o.queued.CompareAndSwap(false, true) {
		go func() {
			s.mu.Lock()
			o.queued.Store(false)
			n := s.applyOffered()
			s.mu.Unlock()
			if n > 0 {
				s.wake()
			}
		}()
	}
}

// applyOffered applies the offered events that come next, in order, and
// forgets those already applied; it returns how many it applied. The
// state's lock is held.
func (s *State) applyOffered() int {
	o := &s.offered
	o.mu.Lock()
	defer o.mu.Unlock()
	n := 0
	for len(o.bySeq) > 0 {
		next := s.applied.Load() + 1
		r, ok := o.bySeq[next]
		if !ok {
			break
		}
		delete(o.bySeq, next)
		s.apply(r, r.Payload)
		s.applied.Store(next)
		n++
	}
	if len(o.bySeq) > 0 {
		applied := s.applied.Load()
		for seq := range o.bySeq {
			if seq <= applied {
				delete(o.bySeq, seq)
			}
		}
	}
	return n
}
