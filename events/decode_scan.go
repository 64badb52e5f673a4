package events

import (
	"encoding/binary"
	"unicode/utf8"
)

// The scanner FastDecoder reads events with (decode_fast.go): JSON tokens,
// strings and integers. Each step declines (scan.bad) what it does not read
// exactly as encoding/json would; decode_values.go has the rest.

// scan is one decoding: the input, the position, and whether the decoder
// declined (bad is sticky: once set, every step is a no-op).
type scan struct {
	b   []byte
	i   int
	bad bool
	d   *FastDecoder
}

func (s *scan) peek() byte {
	if s.i < len(s.b) {
		return s.b[s.i]
	}
	return 0
}

func (s *scan) ws() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// open consumes c, the start of an object or array.
func (s *scan) open(c byte) bool {
	s.ws()
	if s.bad || s.peek() != c {
		s.bad = true
		return false
	}
	s.i++
	return true
}

// member reports whether another member (or element) of the object (or
// array) closed by end follows, consuming the comma before it; it
// consumes end when none follows. *n counts the members.
func (s *scan) member(end byte, n *int) bool {
	if s.bad {
		return false
	}
	s.ws()
	c := s.peek()
	if c == end {
		s.i++
		return false
	}
	if *n > 0 {
		if c != ',' {
			s.bad = true
			return false
		}
		s.i++
	}
	*n++
	return true
}

// key reads a member's name and the colon after it.
func (s *scan) key() []byte {
	k := s.rawStr()
	s.ws()
	if s.peek() != ':' {
		s.bad = true
		return nil
	}
	s.i++
	return k
}

// dup marks field bit of an object as seen, declining a name given twice.
func (s *scan) dup(seen *uint64, bit uint) {
	if *seen&(1<<bit) != 0 {
		s.bad = true
	}
	*seen |= 1 << bit
}

// rawStr reads a string without escapes or control characters, in valid
// UTF-8, and returns its bytes (a part of the input).
func (s *scan) rawStr() []byte {
	seg, high := s.rawStrUnchecked()
	if high && !utf8.Valid(seg) {
		s.bad = true
		return nil
	}
	return seg
}

// rawStrUnchecked is rawStr without the check of UTF-8, which the caller
// must make when high reports bytes beyond ASCII (a text found in the
// intern cache was checked when it was cached).
func (s *scan) rawStrUnchecked() (seg []byte, high bool) {
	s.ws()
	if s.bad || s.peek() != '"' {
		s.bad = true
		return nil, false
	}
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	start := s.i + 1
	i, acc := start, uint64(0)
	// Eight bytes at a time while none is a quote, a backslash or a
	// control character (the "has a zero byte" and "has a byte less than"
	// tests are exact).
	for i+8 <= len(s.b) {
		x := binary.LittleEndian.Uint64(s.b[i:])
		q, bs := x^(ones*'"'), x^(ones*'\\')
		if ((x-ones*0x20)&^x|(q-ones)&^q|(bs-ones)&^bs)&highs != 0 {
			break
		}
		acc |= x
		i += 8
	}
	for i < len(s.b) && !strStop[s.b[i]] {
		acc |= uint64(s.b[i])
		i++
	}
	if i == len(s.b) || s.b[i] != '"' {
		s.bad = true
		return nil, false
	}
	s.i = i + 1
	return s.b[start:i], acc&highs != 0
}

// strStop marks the bytes that end rawStr's scan of a string: its closing
// quote, and what it declines (escapes, control characters).
var strStop = func() (t [256]bool) {
	for c := range 0x20 {
		t[c] = true
	}
	t['"'], t['\\'] = true, true
	return t
}()

// str reads a string.
func (s *scan) str() string {
	seg := s.rawStr()
	if s.bad {
		return ""
	}
	return string(seg)
}

// istr reads a string that repeats across events and returns its one
// interned copy.
func (s *scan) istr() string {
	seg, high := s.rawStrUnchecked()
	if s.bad || len(seg) == 0 {
		return ""
	}
	return s.istrOf(seg, high)
}

// integer reads an integer literal: no fraction or exponent, at
// most 18 digits (so that it cannot overflow).
func (s *scan) integer() (v int64, neg bool) {
	s.ws()
	if s.bad {
		return 0, false
	}
	if s.peek() == '-' {
		neg = true
		s.i++
	}
	start := s.i
	for s.i < len(s.b) && s.b[s.i] >= '0' && s.b[s.i] <= '9' {
		v = v*10 + int64(s.b[s.i]-'0')
		s.i++
	}
	n := s.i - start
	if n == 0 || n > 18 || (n > 1 && s.b[start] == '0') {
		s.bad = true
		return 0, false
	}
	switch s.peek() {
	case '.', 'e', 'E':
		s.bad = true
		return 0, false
	}
	if neg {
		v = -v
	}
	return v, neg
}

func (s *scan) int() int {
	v, _ := s.integer()
	return int(v)
}

func (s *scan) int64() int64 {
	v, _ := s.integer()
	return v
}

func (s *scan) uint64() uint64 {
	v, neg := s.integer()
	if neg && v != 0 {
		s.bad = true
		return 0
	}
	return uint64(v)
}

// literal consumes lit if it comes next.
func (s *scan) literal(lit string) bool {
	s.ws()
	if !s.bad && len(s.b)-s.i >= len(lit) && string(s.b[s.i:s.i+len(lit)]) == lit {
		s.i += len(lit)
		return true
	}
	return false
}

func (s *scan) boolean() bool {
	switch {
	case s.literal("true"):
		return true
	case s.literal("false"):
		return false
	}
	s.bad = true
	return false
}

// istrOf interns seg, a string just read; unchecked reports that it
// still has to be checked for valid UTF-8, which a text found in the cache
// was when it was cached. A small direct-mapped cache in front of the
// decoder's map spares hashing the long texts (eligibility details) that
// repeat event after event.
func (s *scan) istrOf(seg []byte, unchecked bool) string {
	n := len(seg)
	if n == 0 {
		return ""
	}
	slot := &s.d.recent[(n*31+int(seg[0])+int(seg[n-1])*7+int(seg[n/2])*13)%len(s.d.recent)]
	if *slot == string(seg) {
		return *slot
	}
	v, ok := s.d.strs[string(seg)]
	if !ok {
		if unchecked && !utf8.Valid(seg) {
			s.bad = true
			return ""
		}
		v = intern(string(seg))
		if len(s.d.strs) < internCacheMax {
			s.d.strs[v] = v
		}
	}
	*slot = v
	return v
}
