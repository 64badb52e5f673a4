// Package chain computes the hash chain that makes the event log
// tamper-evident. The chain is computed by whoever reads the log, from the
// bytes the store holds; nothing the writer claims about hashes is trusted.
//
// For the event with stream sequence seq on subject s, stored as the
// envelope bytes b (the JSON exactly as stored):
//
//	canonical  = u64be(seq) || u32be(len(s)) || s || u32be(len(b)) || b
//	event_hash = SHA-256(canonical)
//	link       = SHA-256(previous link of s || event_hash)   first on s: previous link = 32 zero bytes
//	root_n     = SHA-256(root_(n-1) || event_hash_n)          root_0 = 32 zero bytes
//
// The link chains the events of one aggregate (one subject); the root chains
// the whole log, so the root at sequence n fixes every byte, subject and
// sequence of events 1..n. The time the server stored an event is not
// covered: a restore into a new stream stamps new times, while the business
// time inside the envelope is covered.
package chain

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
)

// Size is the length of a hash in bytes.
const Size = sha256.Size

// Hash is a SHA-256 hash. The zero Hash is the root of an empty log and
// the link before the first event of a subject.
type Hash [Size]byte

// String returns h as 64 lower-case hexadecimal digits.
func (h Hash) String() string { return hex.EncodeToString(h[:]) }

// IsZero reports whether h is all zero bytes.
func (h Hash) IsZero() bool { return h == Hash{} }

// ParseHash parses 64 hexadecimal digits. It returns an error for anything
// else.
func ParseHash(s string) (Hash, error) {
	var h Hash
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != Size {
		return h, fmt.Errorf("chain: %q is not a SHA-256 hash in hexadecimal", s)
	}
	copy(h[:], b)
	return h, nil
}

// Canonical returns the bytes an event's hash is computed over. Every part
// has a fixed or prefixed length, so no two different events share them.
func Canonical(seq uint64, subject string, envelope []byte) []byte {
	b := make([]byte, 0, 16+len(subject)+len(envelope))
	b = binary.BigEndian.AppendUint64(b, seq)
	b = binary.BigEndian.AppendUint32(b, uint32(len(subject)))
	b = append(b, subject...)
	b = binary.BigEndian.AppendUint32(b, uint32(len(envelope)))
	return append(b, envelope...)
}

// EventHash returns SHA-256(Canonical(seq, subject, envelope)).
func EventHash(seq uint64, subject string, envelope []byte) Hash {
	return sha256.Sum256(Canonical(seq, subject, envelope))
}

// Next returns SHA-256(prev || h): the link or root after an event whose
// hash is h.
func Next(prev, h Hash) Hash {
	var b [2 * Size]byte
	copy(b[:Size], prev[:])
	copy(b[Size:], h[:])
	return sha256.Sum256(b[:])
}

// ErrSequence is returned when an event's sequence does not follow the
// previous one: a gap, a repeat or a reordering.
var ErrSequence = errors.New("chain: sequence does not follow the previous one")
