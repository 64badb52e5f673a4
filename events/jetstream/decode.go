package jetstream

import (
	"context"
	"runtime"

	natsjs "github.com/nats-io/nats.go/jetstream"

	"daotao/events"
)

// A replay spends most of its time decoding JSON, and a message's decoding
// does not depend on any other's. decodeAhead therefore reads messages on
// one goroutine, decodes envelopes and payloads on the others cores, and
// hands the events over in stream order: a projection then only applies
// them.

// aheadWindow bounds how many messages are read ahead of the one handed
// over.
const aheadWindow = 1024

// slot is one message on its way: read, then decoded.
type slot struct {
	msg  natsjs.Msg
	r    events.Recorded
	err  error
	done chan struct{}
}

// decodeAhead returns the next function over it's messages, decoded in
// parallel and delivered in order, and a stop function that ends the
// goroutines (it must be called once the caller is done, after it.Stop).
func decodeAhead(ctx context.Context, it natsjs.MessagesContext) (next func() (events.Recorded, error), stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	ordered := make(chan *slot, aheadWindow)
	work := make(chan *slot, aheadWindow)
	go func() { // reader
		defer close(ordered)
		defer close(work)
		for {
			s := &slot{done: make(chan struct{})}
			s.msg, s.err = it.Next(natsjs.NextContext(ctx))
			if ctx.Err() != nil {
				return
			}
			if s.err != nil {
				s.err = unavailable("next message", s.err)
				close(s.done)
			}
			select {
			case ordered <- s:
			case <-ctx.Done():
				return
			}
			if s.err != nil {
				return
			}
			work <- s // never blocks longer than ordered did: same capacity
		}
	}()
	for range max(runtime.GOMAXPROCS(0)-1, 1) {
		go func() { // decoders
			for s := range work {
				s.r, s.err = recordAhead(s.msg)
				close(s.done)
			}
		}()
	}
	next = func() (events.Recorded, error) {
		select {
		case s, ok := <-ordered:
			if !ok {
				return events.Recorded{}, ctx.Err()
			}
			select {
			case <-s.done:
				return s.r, s.err
			case <-ctx.Done():
				return events.Recorded{}, ctx.Err()
			}
		case <-ctx.Done():
			return events.Recorded{}, ctx.Err()
		}
	}
	return next, cancel
}

// recordAhead decodes a message's envelope and, when it can, its payload
// (with its repeated texts interned); a payload that does not decode is
// left for the projection to report.
func recordAhead(msg natsjs.Msg) (events.Recorded, error) {
	r, err := record(msg)
	if err != nil {
		return r, err
	}
	if p, err := events.UnmarshalWith(r.Envelope, decodeJSON); err == nil {
		events.Intern(p)
		r.Payload = p
	}
	return r, nil
}
