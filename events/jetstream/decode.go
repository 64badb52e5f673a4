package jetstream

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"strings"
	"time"

	natsjs "github.com/nats-io/nats.go/jetstream"

	"daotao/events"
)

// A replay spent most of its time decoding JSON, and a message's decoding
// does not depend on any other's. decodeAhead therefore reads and decodes
// messages on other goroutines than the one applying them, and hands the
// events over in stream order: a projection then only applies them. With
// two cores one goroutine reads and decodes (decodeBeside); with more, one
// reads and the others decode. Events are decoded by hand where they can
// be (events.FastDecoder), with the generic decoder otherwise.

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

// decodeAhead returns the next function over it's messages, decoded ahead
// and delivered in order, and a stop function that ends the
// goroutines (it must be called once the caller is done, after it.Stop).
// n is how many messages the caller reads at most and last the sequence
// it stops at (0: none), for a bounded read; both are 0 for a
// subscription that follows the stream.
func decodeAhead(ctx context.Context, it natsjs.MessagesContext, n int, last uint64) (next func() (events.Recorded, error), stop func()) {
	decoders := aheadDecoders()
	if decoders == 1 {
		return decodeBeside(ctx, it, n, last)
	}
	ctx, cancel := context.WithCancel(ctx)
	ordered := make(chan *slot, aheadWindow)
	work := make(chan *slot, aheadWindow)
	go func() { // reader
		defer close(ordered)
		defer close(work)
		until := natsjs.NextContext(ctx)
		for {
			s := &slot{done: make(chan struct{})}
			s.msg, s.err = it.Next(until)
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
	for range decoders {
		go func() { // decoders
			fd := events.NewFastDecoder()
			for s := range work {
				s.r, s.err = recordAhead(s.msg, fd)
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

// aheadDecoders is how many goroutines decode ahead: the cores but one.
var aheadDecoders = func() int { return max(runtime.GOMAXPROCS(0)-1, 1) }

// decoded is a message's event, or why there is none.
type decoded struct {
	r   events.Recorded
	err error
}

// handOver is how many events decodeBeside hands over at a time in a
// bounded read: one channel operation per event (a select with the
// context, two goroutine switches) cost as much CPU as a tenth of
// applying the event. A subscription hands each event over at once:
// a batch would hold back the ones that arrived until more come.
const handOver = 128

// decodeBeside is decodeAhead with a single decoder (two cores): the
// goroutine that reads the messages decodes them too, and hands the
// events over in order, in batches of handOver for a bounded read (a
// batch goes early with the n-th message, the one at sequence last or
// after, and with one that failed), one by one for a subscription (n =
// 0). Batches go back to the reader once delivered, so handing over
// allocates nothing.
func decodeBeside(ctx context.Context, it natsjs.MessagesContext, n int, last uint64) (next func() (events.Recorded, error), stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	size := 1
	if n > 0 {
		size = min(n, handOver)
	}
	in := max(aheadWindow/size, 1) // batches in flight
	out := make(chan []decoded, in)
	free := make(chan []decoded, in+2)
	go func() { // reader and decoder
		defer close(out)
		fd := events.NewFastDecoder()
		until := natsjs.NextContext(ctx)
		var buf []decoded
		for read := 0; ; {
			if buf == nil {
				select {
				case buf = <-free:
				default:
					buf = make([]decoded, 0, size)
				}
			}
			msg, err := it.Next(until)
			if ctx.Err() != nil {
				return
			}
			buf = buf[:len(buf)+1]
			d := &buf[len(buf)-1]
			if err != nil {
				*d = decoded{err: unavailable("next message", err)}
			} else {
				d.r, d.err = recordAhead(msg, fd)
				read++
			}
			if d.err == nil && len(buf) < size && read != n && (last == 0 || d.r.Seq < last) {
				continue
			}
			select {
			case out <- buf:
				buf = nil
			case <-ctx.Done():
				return
			}
			if err != nil {
				return
			}
		}
	}()
	var cur []decoded // the batch being delivered
	at := 0           // the next of cur to deliver
	next = func() (events.Recorded, error) {
		if at == len(cur) {
			if cur != nil {
				select {
				case free <- cur[:0]:
				default:
				}
				cur, at = nil, 0
			}
			select {
			case b, ok := <-out:
				if !ok {
					return events.Recorded{}, ctx.Err()
				}
				cur = b
			case <-ctx.Done():
				return events.Recorded{}, ctx.Err()
			}
		}
		d := &cur[at]
		at++
		return d.r, d.err
	}
	return next, cancel
}

// recordAhead decodes a message's envelope and, when it can, its payload
// (with its repeated texts interned): by hand with fd when it can, with
// the generic decoder otherwise; a payload that does not decode is left
// for the projection to report.
func recordAhead(msg natsjs.Msg, fd *events.FastDecoder) (events.Recorded, error) {
	seq, stored, ok := ackSeqTime(msg.Reply())
	if !ok {
		meta, err := msg.Metadata()
		if err != nil {
			return events.Recorded{}, fmt.Errorf("jetstream: message metadata: %w", err)
		}
		seq, stored = meta.Sequence.Stream, meta.Timestamp
	}
	r, err := decodeStored(msg.Data(), seq, fd)
	r.StoredAt = stored.UTC()
	return r, err
}

// decodeStored decodes the event stored at seq from its bytes, as
// recordAhead does, without StoredAt.
func decodeStored(data []byte, seq uint64, fd *events.FastDecoder) (events.Recorded, error) {
	e, p, ok := fd.Decode(data)
	if !ok {
		var err error
		if e, err = events.DecodeWith(data, decodeJSON); err != nil {
			return events.Recorded{}, fmt.Errorf("jetstream: event %d: %w", seq, err)
		}
	}
	if p == nil {
		if generic, err := events.UnmarshalWith(e, decodeJSON); err == nil {
			events.Intern(generic)
			p = generic
		}
	}
	return events.Recorded{Envelope: e, Seq: seq, Payload: p}, nil
}

// ackSeqTime reads a message's stream sequence and time from its reply
// subject, as Msg.Metadata does without allocating it: in
// $JS.ACK.<stream>.<consumer>.<delivered>.<sseq>.<cseq>.<tm>.<pending>,
// or with <domain>.<account hash> after $JS.ACK and more tokens at the
// end. ok is false for anything else (then ask Metadata).
func ackSeqTime(reply string) (seq uint64, at time.Time, ok bool) {
	if !strings.HasPrefix(reply, "$JS.ACK.") {
		return 0, time.Time{}, false
	}
	sseq, tm := 5, 7 // v1: 9 tokens
	switch n := strings.Count(reply, ".") + 1; {
	case n == 9:
	case n >= 11:
		sseq, tm = 7, 9
	default:
		return 0, time.Time{}, false
	}
	var seqTok, tmTok string
	rest := reply
	for i := 0; i <= tm; i++ {
		var tok string
		tok, rest, _ = strings.Cut(rest, ".")
		switch i {
		case sseq:
			seqTok = tok
		case tm:
			tmTok = tok
		}
	}
	seq, okSeq := decimal(seqTok)
	ts, okTime := decimal(tmTok)
	if !okSeq || !okTime || ts > math.MaxInt64 {
		return 0, time.Time{}, false
	}
	return seq, time.Unix(0, int64(ts)), true
}

// decimal parses a token of decimal digits.
func decimal(s string) (uint64, bool) {
	if s == "" || len(s) > 19 {
		return 0, false
	}
	var n uint64
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + uint64(s[i]-'0')
	}
	return n, true
}
