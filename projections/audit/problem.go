// Package audit verifies the event log and writes and reads the auditors'
// offline bundle. Verification recomputes everything from the stored
// bytes: the hash chain of package events/chain, contiguous sequences from
// 1, the integrity of every envelope and every review seal. It trusts
// nothing the writer or the bundle claims about hashes.
//
// The package imports only the standard library and the events packages;
// reports are recomputed by the caller (see Seal).
package audit

import (
	"fmt"
	"strings"
)

// Problem is the first thing found wrong in a log or a bundle: an event,
// a line of events.jsonl, or another file of the bundle.
type Problem struct {
	// File is the bundle file ("events.jsonl", "manifest.json",
	// "seals.json"), or "" for the live log.
	File string
	// Line is the line of events.jsonl (1 for the first), or 0.
	Line int
	// Seq and Subject name the event, when known.
	Seq     uint64
	Subject string
	// What says what is wrong.
	What string
}

// Error names where the problem is, then what it is.
func (p *Problem) Error() string {
	var where []string
	if p.File != "" {
		where = append(where, p.File)
	}
	if p.Line > 0 {
		where = append(where, fmt.Sprintf("line %d", p.Line))
	}
	if p.Seq > 0 {
		where = append(where, fmt.Sprintf("seq %d", p.Seq))
	}
	if p.Subject != "" {
		where = append(where, p.Subject)
	}
	if len(where) == 0 {
		return p.What
	}
	return strings.Join(where, " ") + ": " + p.What
}

// problemf returns a Problem about the event seq on subject.
func problemf(seq uint64, subject, format string, args ...any) *Problem {
	return &Problem{Seq: seq, Subject: subject, What: fmt.Sprintf(format, args...)}
}
