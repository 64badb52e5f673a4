package audit

import (
	"bytes"
	"encoding/json"
	"errors"
	"time"

	"daotao/events"
	"daotao/events/chain"
)

// Line is one line of events.jsonl: an event as stored, with its place in
// the log and the chain's values after it. The writer puts the members in
// this order, with no spaces, the envelope last and exactly as stored; the
// line ends with a line feed.
type Line struct {
	Seq      uint64    `json:"seq"`
	StoredAt time.Time `json:"stored_at"`
	Subject  string    `json:"subject"`
	// Hash, Link and Root are the event hash, the subject's link and the
	// log's root after this event, in hexadecimal: recorded to locate a
	// change, always recomputed when verifying.
	Hash     string          `json:"hash"`
	Link     string          `json:"link"`
	Root     string          `json:"root"`
	Envelope json.RawMessage `json:"envelope"`
}

// lineHead is Line without the envelope: its JSON, minus the closing
// brace, starts every line.
type lineHead struct {
	Seq      uint64    `json:"seq"`
	StoredAt time.Time `json:"stored_at"`
	Subject  string    `json:"subject"`
	Hash     string    `json:"hash"`
	Link     string    `json:"link"`
	Root     string    `json:"root"`
}

// encodeLine writes the line of event r with chain entry e, line feed
// included. The envelope bytes are copied as they are; r must have been
// verified (compact JSON, so without line breaks).
func encodeLine(r events.Raw, e chain.Entry) []byte {
	l := Line{Seq: r.Seq, StoredAt: r.StoredAt.UTC(), Subject: r.Subject,
		Hash: e.Event.String(), Link: e.Link.String(), Root: e.Root.String(), Envelope: r.Data}
	return append(layout(l), '\n')
}

// decodeLine parses one line (without its line feed) and checks that it is
// laid out exactly as encodeLine writes it.
func decodeLine(b []byte) (Line, error) {
	var l Line
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&l); err != nil {
		return Line{}, errors.New("not a JSON object of the bundle's line format: " + err.Error())
	}
	if !bytes.Equal(layout(l), b) {
		return Line{}, errors.New("not laid out as the exporter writes lines (members, order, spacing or escaping differ)")
	}
	return l, nil
}

// layout encodes l without its line feed: the members before the envelope
// as encoding/json writes them, then the envelope's bytes unchanged.
func layout(l Line) []byte {
	head, err := json.Marshal(lineHead{Seq: l.Seq, StoredAt: l.StoredAt, Subject: l.Subject, Hash: l.Hash, Link: l.Link, Root: l.Root})
	if err != nil {
		return nil // a time beyond year 9999: no line has that layout
	}
	out := append(head[:len(head)-1], `,"envelope":`...)
	out = append(out, l.Envelope...)
	return append(out, '}')
}

// raw returns the stored message the line holds.
func (l Line) raw() events.Raw {
	return events.Raw{Seq: l.Seq, Subject: l.Subject, StoredAt: l.StoredAt, Data: l.Envelope}
}
