package events

import (
	"context"
	"time"
)

// Raw is one stored message as read back, before decoding: the bytes a
// verifier hashes and checks. A message that is not a valid envelope is
// still a Raw.
type Raw struct {
	// Seq is the stream sequence.
	Seq uint64
	// Subject is the subject the message was stored on.
	Subject string
	// StoredAt is the server's time of storing (not the business time).
	StoredAt time.Time
	// Data is the envelope exactly as stored.
	Data []byte
}

// RawReader reads stored messages without decoding them, so that a
// verifier can name a message that is not a valid envelope rather than
// stop at it.
type RawReader interface {
	// ReadRaw calls fn for every stored message with from <= seq <= to
	// (to = 0: up to the last at the time of the call), in order, and
	// returns fn's first error, ctx's error or the store's.
	ReadRaw(ctx context.Context, from, to uint64, fn func(Raw) error) error
}
