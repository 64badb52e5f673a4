package chain

import "fmt"

// Entry is what the chain records for one event.
type Entry struct {
	Seq     uint64
	Subject string
	// Event is the event's hash, Link the chain of its subject after it,
	// Root the chain of the whole log after it.
	Event, Link, Root Hash
}

// Ledger folds events, in stream order from sequence 1, into the chain. It
// keeps the root after every event (32 bytes each) and the last link of
// every subject. The zero value is not usable; call New. Not safe for
// concurrent use.
type Ledger struct {
	roots []Hash // roots[i] is the root after sequence i+1
	links map[string]Hash
}

// New returns the ledger of an empty log.
func New() *Ledger { return &Ledger{links: map[string]Hash{}} }

// Append adds the event with sequence seq, stored on subject as the bytes
// envelope, and returns its entry. It returns an error wrapping ErrSequence
// unless seq is Last()+1; the ledger is then unchanged.
func (l *Ledger) Append(seq uint64, subject string, envelope []byte) (Entry, error) {
	if want := l.Last() + 1; seq != want {
		return Entry{}, fmt.Errorf("%w: got %d, want %d", ErrSequence, seq, want)
	}
	e := Entry{Seq: seq, Subject: subject, Event: EventHash(seq, subject, envelope)}
	e.Link = Next(l.links[subject], e.Event)
	e.Root = Next(l.Root(), e.Event)
	l.links[subject] = e.Link
	l.roots = append(l.roots, e.Root)
	return e, nil
}

// Last returns the sequence of the last event appended, 0 for none.
func (l *Ledger) Last() uint64 { return uint64(len(l.roots)) }

// Root returns the root after the last event: the zero Hash for none.
func (l *Ledger) Root() Hash {
	r, _ := l.RootAt(l.Last())
	return r
}

// RootAt returns the root after the event with sequence seq (the zero Hash
// for 0), and false when seq is beyond Last.
func (l *Ledger) RootAt(seq uint64) (Hash, bool) {
	switch {
	case seq == 0:
		return Hash{}, true
	case seq > l.Last():
		return Hash{}, false
	}
	return l.roots[seq-1], true
}

// Link returns the last link of subject, and false when it has no event.
func (l *Ledger) Link(subject string) (Hash, bool) {
	h, ok := l.links[subject]
	return h, ok
}

// Subjects returns how many subjects have at least one event.
func (l *Ledger) Subjects() int { return len(l.links) }

// Find returns the first sequence after which the root was root, and false
// when it never was. A root found this way fixes the whole log up to that
// sequence, for example a root printed on a sealed review.
func (l *Ledger) Find(root Hash) (uint64, bool) {
	if root.IsZero() {
		return 0, true
	}
	for i, r := range l.roots {
		if r == root {
			return uint64(i + 1), true
		}
	}
	return 0, false
}
