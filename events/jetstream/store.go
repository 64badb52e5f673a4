// Package jetstream is the events.Store on a NATS JetStream stream, plus the
// embedded server the application and its tests run on.
//
// One stream holds every event; each aggregate instance is one subject under
// events.SubjectPrefix. Every append carries the expected last sequence of
// its subject and a message id; the stream denies deletes and purges and
// keeps everything.
package jetstream

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	natsjs "github.com/nats-io/nats.go/jetstream"

	"daotao/events"
)

// Config configures a Store. The zero value is usable.
type Config struct {
	// Stream is the stream name; default "DAOTAO".
	Stream string
	// Replicas is the stream's replica count when Open creates it; default 1.
	Replicas int
	// Duplicates is the message-id deduplication window when Open creates
	// the stream; default 1 minute. It only has to cover a publish's own
	// retries (Timeout): after a conflict or a timeout Append looks for its
	// message id on the subject itself, and a repeated Idempotency-Key is
	// answered from the projections for ever. A longer window costs the
	// server memory for every id in it and a start that reads every
	// message of the window back before the stream answers (nats-server's
	// rebuildDedupe: about 0.5 s of a start soon after the national
	// bench's command rounds, with 5 minutes).
	Duplicates time.Duration
	// Timeout bounds each request to the server (an append, a lookup,
	// loading one subject); default 5 seconds.
	Timeout time.Duration
	// OnError, if set, is called once with the error that ended a
	// subscription before its context was done: an event that does not
	// decode (the subscription stops rather than skip it), a consumer that
	// could not be recreated, or the error the subscriber's fn returned.
	OnError func(error)
}

// withDefaults returns c with zero fields set to their defaults.
func (c Config) withDefaults() Config {
	c.Stream = cmp.Or(c.Stream, "DAOTAO")
	c.Replicas = cmp.Or(c.Replicas, 1)
	c.Duplicates = cmp.Or(c.Duplicates, time.Minute)
	c.Timeout = cmp.Or(c.Timeout, 5*time.Second)
	return c
}

// Store is an events.Store on one JetStream stream. It is safe for
// concurrent use.
type Store struct {
	js     natsjs.JetStream
	stream natsjs.Stream
	cfg    Config

	snapMu     sync.Mutex
	snapBucket natsjs.ObjectStore // snapshots.go; nil until first used

	attMu     sync.Mutex
	attBucket natsjs.ObjectStore // attachments.go; nil until first used

	groups       batchGroups   // batch_group.go
	groupBatches bool          // the stream stages atomic batches on disk
	batchesSent  atomic.Uint64 // atomic batches published (BatchesSent)

	announce atomic.Pointer[func([]events.Recorded)] // announce.go
}

var _ events.Store = (*Store)(nil)

// ErrIncompatible is returned by Open when a stream of the configured name
// exists with settings that could lose or rewrite events.
var ErrIncompatible = errors.New("jetstream: existing stream is not compatible")

// Open returns a Store on the stream cfg.Stream, creating the stream if it
// does not exist. It returns ErrIncompatible (wrapped) for an existing
// stream that does not deny deletes and purges, is not file-backed, or
// could discard events, and an error wrapping events.ErrUnavailable when
// the server does not answer.
func Open(ctx context.Context, nc *nats.Conn, cfg Config) (*Store, error) {
	cfg = cfg.withDefaults()
	js, err := natsjs.New(nc, natsjs.WithDefaultTimeout(cfg.Timeout))
	if err != nil {
		return nil, fmt.Errorf("jetstream: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, cfg.Timeout)
	defer cancel()
	st, err := ensureStream(ctx, js, cfg)
	if err != nil {
		return nil, err
	}
	info := st.CachedInfo()
	return &Store{js: js, stream: st, cfg: cfg,
		groupBatches: info.Config.Replicas <= 1 && info.Config.Storage == natsjs.FileStorage}, nil
}

// streamConfig is the configuration of a new event stream.
func streamConfig(cfg Config) natsjs.StreamConfig {
	return natsjs.StreamConfig{
		Name:        cfg.Stream,
		Description: "daotao event log: append-only, never discarded",
		Subjects:    []string{events.SubjectPrefix + ">"},
		Storage:     natsjs.FileStorage,
		// Limits retention with no limit set keeps every event; should a
		// limit ever be added, DiscardNew refuses writes instead of
		// dropping old events.
		Retention:         natsjs.LimitsPolicy,
		Discard:           natsjs.DiscardNew,
		MaxMsgs:           -1,
		MaxBytes:          -1,
		MaxMsgsPerSubject: -1,
		Replicas:          cfg.Replicas,
		Duplicates:        cfg.Duplicates,
		DenyDelete:        true,
		DenyPurge:         true,
		AllowRollup:       false,
		AllowDirect:       true,
		// Atomic batches keep invariants that span aggregates (AppendBatch).
		AllowAtomicPublish: true,
		// PersistMode stays the default: async persistence would override
		// the server's sync_interval: always.
	}
}

// ensureStream looks the stream up, creates it if missing and checks that
// it is fit to hold events.
func ensureStream(ctx context.Context, js natsjs.JetStream, cfg Config) (natsjs.Stream, error) {
	st, err := js.Stream(ctx, cfg.Stream)
	if errors.Is(err, natsjs.ErrStreamNotFound) {
		st, err = js.CreateStream(ctx, streamConfig(cfg))
		if errors.Is(err, natsjs.ErrStreamNameAlreadyInUse) {
			// Another process created it first; check what it made.
			st, err = js.Stream(ctx, cfg.Stream)
		}
	}
	if err != nil {
		return nil, unavailable("open stream "+cfg.Stream, err)
	}
	if bad := incompatibilities(st.CachedInfo().Config); len(bad) > 0 {
		return nil, fmt.Errorf("%w: stream %s: %s", ErrIncompatible, cfg.Stream, strings.Join(bad, "; "))
	}
	return enableAtomic(ctx, js, st)
}

// enableAtomic turns on atomic batch publishing on a stream created before
// the application used it; nothing else of its configuration changes.
func enableAtomic(ctx context.Context, js natsjs.JetStream, st natsjs.Stream) (natsjs.Stream, error) {
	c := st.CachedInfo().Config
	if c.AllowAtomicPublish {
		return st, nil
	}
	c.AllowAtomicPublish = true
	st, err := js.UpdateStream(ctx, c)
	if err != nil {
		return nil, unavailable("enable atomic batches on "+c.Name, err)
	}
	return st, nil
}

// incompatibilities lists what makes c unfit to hold the event log.
func incompatibilities(c natsjs.StreamConfig) []string {
	all := events.SubjectPrefix + ">"
	checks := []struct {
		bad bool
		why string
	}{
		{!slices.Contains(c.Subjects, all), "subjects do not include " + all},
		{c.Storage != natsjs.FileStorage, "storage is not file"},
		{c.Retention != natsjs.LimitsPolicy, "retention is not limits"},
		{c.MaxMsgs > 0 || c.MaxBytes > 0 || c.MaxMsgsPerSubject > 0 || c.MaxAge > 0, "limits would discard events"},
		{!c.DenyDelete || !c.DenyPurge, "deletes or purges are allowed"},
		{c.AllowRollup || c.AllowMsgSchedules, "rollups are allowed"},
		{c.AllowMsgTTL || c.SubjectDeleteMarkerTTL > 0, "message TTLs are allowed"},
		{c.PersistMode == natsjs.AsyncPersistMode, "persist mode is async"},
		{c.Sealed || c.Mirror != nil, "stream is sealed or a mirror"},
	}
	var out []string
	for _, ch := range checks {
		if ch.bad {
			out = append(out, ch.why)
		}
	}
	return out
}

// unavailable wraps err from operation op: errors the server answered with
// are returned as they are, anything else (timeouts, no responders, a
// closed connection) also wraps events.ErrUnavailable.
func unavailable(op string, err error) error {
	if apiError(err) != nil || errors.Is(err, events.ErrMalformed) {
		return fmt.Errorf("jetstream: %s: %w", op, err)
	}
	return fmt.Errorf("%w: jetstream: %s: %w", events.ErrUnavailable, op, err)
}

// apiError returns the JetStream API error in err's chain: the server's
// answer to a request. It returns nil when there is none.
func apiError(err error) *natsjs.APIError {
	var jsErr natsjs.JetStreamError
	if errors.As(err, &jsErr) {
		return jsErr.APIError()
	}
	return nil
}

// requestCtx bounds one request by the configured timeout.
func (s *Store) requestCtx(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, s.cfg.Timeout)
}

// validSubject reports whether subject names one aggregate instance.
func validSubject(subject string) bool {
	agg, id, ok := events.SplitSubject(subject)
	return ok && events.ValidToken(agg) && events.ValidToken(id)
}
