package projections

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"time"
	"unsafe"

	"daotao/events"
	"daotao/events/chain"
)

// A snapshot is the whole State at one stream sequence, so that a start
// replays only the events after it. See docs/snapshots.md for the design and
// the threat model. Its bytes are:
//
//	magic "DAOTAO-SNAPSHOT\n" || u32be(len header) || header (JSON) || body || SHA-256 of everything before
//
// The header says which log position it covers (sequence, hash of the
// event there, chain root there) and which code wrote it (format, schema
// fingerprint of State's types, code version); the body is State encoded by
// the snapshot codec (snapshot_codec.go).

// SnapshotFormat is the version of the snapshot layout and of what the
// projections compute from events. Bump it when an apply function changes
// what it computes from the same events without a change of types (the
// schema fingerprint catches changes of types by itself).
const SnapshotFormat = 3

const snapshotMagic = "DAOTAO-SNAPSHOT\n"

// stateTransient lists the fields of State a snapshot leaves out, and why:
// every other field is written. A test fails when State gains a field the
// codec cannot write.
var stateTransient = map[string]string{
	"mu":       "the lock; a restored state starts unlocked",
	"notifyMu": "guards notify",
	"notify":   "waiters of this process only; a restored state gets a new channel",
	"applied":  "the header's Seq",
}

func stateSkip() map[string]bool {
	skip := map[string]bool{}
	for f := range stateTransient {
		skip[f] = true
	}
	return skip
}

var stateCodec = sync.OnceValues(func() (*typeCodec, error) {
	registerPayloadTypes()
	return compileCodec(reflect.TypeFor[State](), stateSkip())
})

// StateSchema returns the fingerprint of State's types: a snapshot written
// under another fingerprint is not read.
var StateSchema = sync.OnceValue(func() string {
	return schemaFingerprint(reflect.TypeFor[State](), stateSkip())
})

// registerPayloadTypes lets interfaces in State hold event payloads and
// the values encoding/json decodes into an interface (FieldChange's From
// and To, for example).
func registerPayloadTypes() {
	for _, v := range []any{false, float64(0), "", map[string]any{}, []any{}, json.Number("")} {
		registerSnapshotType(v)
	}
	for _, t := range events.Types() {
		p, err := events.Unmarshal(events.Envelope{Type: t, Version: events.CurrentVersion(t), Data: []byte("{}")})
		if err == nil {
			registerSnapshotType(p)
		}
	}
}

// SnapshotInfo is a snapshot's header.
type SnapshotInfo struct {
	Format int    `json:"format"`
	Schema string `json:"schema"`
	// Code is the version of the program that wrote it.
	Code string `json:"code"`
	// Seq is the last stream sequence the state has applied; EventHash is
	// the chain hash of the event stored there and Root the chain's root
	// after it (see events/chain).
	Seq       uint64    `json:"seq"`
	EventHash string    `json:"event_hash"`
	Root      string    `json:"root"`
	TakenAt   time.Time `json:"taken_at"`
	// BodyBytes is the size of the encoded state.
	BodyBytes int `json:"body_bytes"`
	// Strings and Refs are how many distinct strings and references the
	// body numbered: the first snapshot of a process started from this one
	// sizes its encoder with them. Absent (zero) in older snapshots.
	Strings int `json:"strings,omitempty"`
	Refs    int `json:"refs,omitempty"`
}

// encoded is a snapshot's body and what it took.
type encoded struct {
	body []byte
	seq  uint64 // the last sequence the state had applied
	size encodeSize
	// locked is how long the state's read lock was held: the time
	// applies, and the commands waiting on them, were held up.
	locked time.Duration
}

// encodeState writes the body of a snapshot of s. It holds the read lock
// while encoding, so events are applied only after it returns. The encoder
// is made beforehand, with room for what the previous snapshot (of size
// last) wrote, so that it does not grow its buffer and tables while
// applies wait.
func encodeState(s *State, last encodeSize) (encoded, error) {
	tc, err := stateCodec()
	if err != nil {
		return encoded{}, err
	}
	last.Bytes = max(last.Bytes, 1<<20)
	e := newEncoderSized(last)
	s.mu.RLock()
	began := time.Now()
	tc.enc(e, unsafe.Pointer(s))
	seq := s.applied.Load()
	locked := time.Since(began)
	s.mu.RUnlock()
	e.finish()
	return encoded{body: e.buf, seq: seq, size: e.size(), locked: locked}, e.err
}

// decodeState builds a State from a snapshot body and the sequence it
// covers.
func decodeState(body []byte, seq uint64) (*State, error) {
	tc, err := stateCodec()
	if err != nil {
		return nil, err
	}
	s := New()
	if err := decodeInto(tc, body, unsafe.Pointer(s)); err != nil {
		return nil, err
	}
	s.applied.Store(seq)
	return s, nil
}

// marshalSnapshot assembles the bytes of a snapshot.
func marshalSnapshot(info SnapshotInfo, body []byte) ([]byte, error) {
	info.BodyBytes = len(body)
	head, err := json.Marshal(info)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(snapshotMagic)+4+len(head)+len(body)+sha256.Size)
	out = append(out, snapshotMagic...)
	out = binary.BigEndian.AppendUint32(out, uint32(len(head)))
	out = append(out, head...)
	out = append(out, body...)
	sum := sha256.Sum256(out)
	return append(out, sum[:]...), nil
}

// Reasons a snapshot is not used. Each one leads to the next older
// snapshot, and in the end to a full replay.
var (
	ErrSnapshotCorrupt      = errors.New("snapshot is corrupt")
	ErrSnapshotIncompatible = errors.New("snapshot was written by another version")
	ErrSnapshotOtherLog     = errors.New("snapshot does not match the event log")
)

// unmarshalSnapshot checks the hash and splits a snapshot into its header
// and body.
func unmarshalSnapshot(b []byte) (SnapshotInfo, []byte, error) {
	n, err := headerLength(b, len(b))
	if err != nil {
		return SnapshotInfo{}, nil, err
	}
	content, sum := b[:len(b)-sha256.Size], b[len(b)-sha256.Size:]
	if got := sha256.Sum256(content); !bytes.Equal(got[:], sum) {
		return SnapshotInfo{}, nil, fmt.Errorf("%w: SHA-256 does not match its bytes", ErrSnapshotCorrupt)
	}
	info, err := readHeader(b, n, len(b))
	if err != nil {
		return info, nil, err
	}
	return info, content[snapshotHead+n:], nil
}

// snapshotHead is the fixed start of a snapshot: magic and header length.
const snapshotHead = len(snapshotMagic) + 4

// headerLength returns the length of the header of a snapshot of total
// bytes from its first snapshotHead bytes b.
func headerLength(b []byte, total int) (int, error) {
	if total < snapshotHead+sha256.Size || string(b[:len(snapshotMagic)]) != snapshotMagic {
		return 0, fmt.Errorf("%w: not a snapshot", ErrSnapshotCorrupt)
	}
	n := int(binary.BigEndian.Uint32(b[len(snapshotMagic):]))
	if n > total-snapshotHead-sha256.Size {
		return 0, fmt.Errorf("%w: header length", ErrSnapshotCorrupt)
	}
	return n, nil
}

// readHeader parses the header of n bytes that follows the fixed start of
// b, a snapshot of total bytes, and checks the body's length against it.
func readHeader(b []byte, n, total int) (SnapshotInfo, error) {
	var info SnapshotInfo
	if err := json.Unmarshal(b[snapshotHead:snapshotHead+n], &info); err != nil {
		return info, fmt.Errorf("%w: header: %v", ErrSnapshotCorrupt, err)
	}
	if body := total - sha256.Size - snapshotHead - n; body != info.BodyBytes {
		return info, fmt.Errorf("%w: body is %d bytes, header says %d", ErrSnapshotCorrupt, body, info.BodyBytes)
	}
	return info, nil
}

// checkCompatible refuses a snapshot written by other code.
func checkCompatible(info SnapshotInfo, code string) error {
	switch {
	case info.Format != SnapshotFormat:
		return fmt.Errorf("%w: format %d, this program writes %d", ErrSnapshotIncompatible, info.Format, SnapshotFormat)
	case info.Schema != StateSchema():
		return fmt.Errorf("%w: the projections' types changed (schema %.12s, now %.12s)", ErrSnapshotIncompatible, info.Schema, StateSchema())
	case info.Code != code:
		return fmt.Errorf("%w: code %q, now %q", ErrSnapshotIncompatible, info.Code, code)
	}
	return nil
}

// eventHashAt returns the chain hash of the event stored at seq, or
// ErrSnapshotOtherLog when the log has no such event.
func eventHashAt(ctx context.Context, log events.RawReader, seq uint64) (chain.Hash, error) {
	var h chain.Hash
	found := false
	err := log.ReadRaw(ctx, seq, seq, func(r events.Raw) error {
		if r.Seq == seq {
			h, found = chain.EventHash(r.Seq, r.Subject, r.Data), true
		}
		return nil
	})
	if err != nil {
		return h, err
	}
	if !found {
		return h, fmt.Errorf("%w: the log has no event %d", ErrSnapshotOtherLog, seq)
	}
	return h, nil
}

// chainTracker keeps the chain's root up to a sequence, so that each
// snapshot only hashes the events since the previous one.
type chainTracker struct {
	seq        uint64
	root, last chain.Hash // root after seq, hash of the event at seq
}

// extend folds the stored events seq+1..to into the root.
func (c *chainTracker) extend(ctx context.Context, log events.RawReader, to uint64) error {
	if to <= c.seq {
		return nil
	}
	next := c.seq + 1
	err := log.ReadRaw(ctx, next, to, func(r events.Raw) error {
		if r.Seq != next {
			return fmt.Errorf("%w: event %d after %d", chain.ErrSequence, r.Seq, next-1)
		}
		c.last = chain.EventHash(r.Seq, r.Subject, r.Data)
		c.root = chain.Next(c.root, c.last)
		c.seq, next = r.Seq, r.Seq+1
		return nil
	})
	if err == nil && c.seq != to {
		err = fmt.Errorf("the log ends at %d before %d", c.seq, to)
	}
	return err
}

// schemaFingerprint returns a SHA-256 over the layout of t and every type
// it reaches: kinds, names, fields and their tags. Snapshots of another
// fingerprint are not read.
func schemaFingerprint(t reflect.Type, skip map[string]bool) string {
	var b strings.Builder
	seen := map[reflect.Type]bool{}
	describeType(&b, t, skip, seen)
	sum := sha256.Sum256([]byte(b.String()))
	return fmt.Sprintf("%x", sum[:])
}

func describeType(b *strings.Builder, t reflect.Type, skip map[string]bool, seen map[reflect.Type]bool) {
	fmt.Fprintf(b, "%s/%s:%s", t.PkgPath(), t.String(), t.Kind())
	if seen[t] || t == timeType || t == mutexType || t == rwMutexType {
		b.WriteString(";")
		return
	}
	seen[t] = true
	switch t.Kind() {
	case reflect.Struct:
		b.WriteString("{")
		for i := range t.NumField() {
			f := t.Field(i)
			if skip[f.Name] || f.Tag.Get(snapshotTag) == "-" {
				continue
			}
			fmt.Fprintf(b, "%s ", f.Name)
			describeType(b, f.Type, nil, seen)
		}
		b.WriteString("}")
	case reflect.Pointer, reflect.Slice, reflect.Array:
		b.WriteString("<")
		describeType(b, t.Elem(), nil, seen)
		b.WriteString(">")
	case reflect.Map:
		b.WriteString("[")
		describeType(b, t.Key(), nil, seen)
		describeType(b, t.Elem(), nil, seen)
		b.WriteString("]")
	}
	b.WriteString(";")
}
