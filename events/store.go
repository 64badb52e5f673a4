package events

import (
	"context"
	"errors"
	"fmt"
)

// ErrConflict is returned by Append when the subject's last sequence is not
// the one the caller expected: someone else wrote first. Every store maps all
// of its backend's conflict codes to this one error.
var ErrConflict = errors.New("concurrent change: expected sequence does not match")

// ErrUnavailable is returned when the store cannot be reached or did not
// answer in time and it could not establish whether an append landed.
var ErrUnavailable = errors.New("event store unavailable")

// AppendResult is what a successful append returns.
type AppendResult struct {
	// Seq is the stream sequence of the event.
	Seq uint64
	// Duplicate is true when a message with the same id was already stored
	// (a retried command); Seq is then the sequence of that earlier message.
	Duplicate bool
}

// Pending is one event of a batch: the envelope, the sequence its subject
// must be at, and its message id.
type Pending struct {
	Envelope Envelope
	Expected uint64
	MsgID    string
}

// ErrBatch is returned for a batch that cannot be appended as given: empty,
// too large, or with two events on one subject.
var ErrBatch = errors.New("invalid batch")

// MaxBatch is the most events one batch may hold: JetStream's own limit
// on an atomic batch (nats-server v2.15.2, streamDefaultMaxAtomicBatchSize
// in server/stream.go, unless the server sets jetstream.max_batch_size).
const MaxBatch = 1000

// CheckBatch returns an error wrapping ErrBatch unless batch is non-empty,
// within MaxBatch, and has at most one event per subject.
func CheckBatch(batch []Pending) error {
	if len(batch) == 0 || len(batch) > MaxBatch {
		return fmt.Errorf("%w: %d events (1 to %d)", ErrBatch, len(batch), MaxBatch)
	}
	seen := make(map[string]bool, len(batch))
	for _, p := range batch {
		if seen[p.Envelope.Subject] {
			return fmt.Errorf("%w: two events on %s", ErrBatch, p.Envelope.Subject)
		}
		seen[p.Envelope.Subject] = true
	}
	return nil
}

// AppendNotifier is a Store that hands the events it appends to fn as
// soon as they are stored, decoded as Subscribe would deliver them (but
// for StoredAt, which may be zero): events of one append in stream order,
// appends in any order and concurrently. A projection following the store
// may apply them before its subscription brings them back, applying each
// sequence once, in order.
type AppendNotifier interface {
	OnAppended(fn func([]Recorded))
}

// Store is an append-only log of events, one subject per aggregate instance.
// Nothing is ever deleted or rewritten.
type Store interface {
	// Append stores e on e.Subject if the subject's last stream sequence is
	// expected (0: the subject must be empty). msgID deduplicates retries.
	// It returns ErrConflict when another write came first, and
	// ErrUnavailable when it could not tell whether the write landed. After
	// a conflict or a timeout it checks whether its own message (by msgID)
	// landed before reporting a failure.
	Append(ctx context.Context, e Envelope, expected uint64, msgID string) (AppendResult, error)

	// AppendBatch stores every event of batch or none of them, each on its
	// subject if that subject's last sequence is the one expected. The
	// subjects of a batch must differ. It returns one result per event, in
	// order; ErrConflict when any expectation fails; and, when the whole
	// batch had already been stored (a retry, recognised by message ids),
	// the original sequences with Duplicate set.
	AppendBatch(ctx context.Context, batch []Pending) ([]AppendResult, error)

	// Load returns every event of one subject in stream order, or none.
	Load(ctx context.Context, subject string) ([]Recorded, error)

	// LastSubjectSeq returns the stream sequence of the last event on
	// subject, or 0 when the subject has none.
	LastSubjectSeq(ctx context.Context, subject string) (uint64, error)

	// LastSeq returns the last stream sequence of the whole log (0: empty).
	LastSeq(ctx context.Context) (uint64, error)

	// Subscribe delivers every event with a sequence >= from, in order,
	// including events appended later, to fn, one at a time, until ctx is
	// cancelled or fn returns an error. It returns at once; delivery runs in
	// the background and stops when ctx is done.
	Subscribe(ctx context.Context, from uint64, fn func(Recorded) error) error

	// Read calls fn for every event with from <= seq <= to (to = 0: up to
	// the last at the time of the call), in order, and returns when done.
	Read(ctx context.Context, from, to uint64, fn func(Recorded) error) error
}
