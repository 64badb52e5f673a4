package events

import (
	"encoding/binary"
	"strconv"
	"time"
	"unicode/utf8"
)

// A replay spent most of its time decoding JSON with a reflective decoder.
// FastDecoder decodes the envelope, and the payloads of the event types a
// log is mostly made of, by hand, in one pass, with no reflection and the
// repeated texts interned as they are read. It handles only the plain
// form of a stored event as this program writes it: known names in their
// exact case, each once; strings without escapes, in valid UTF-8; integers
// without fraction or exponent; times in UTC. For anything else it
// declines (ok false), and the caller decodes the event with the generic
// decoder, so the result is always what the generic decoder gives, and
// invalid input is always left to it to reject. decode_fast_test.go in
// events/jetstream checks this against encoding/json by fuzzing.

// FastDecoder decodes events by hand (see above). It keeps the texts it
// interned in a bounded cache; it is not safe for concurrent use: use one
// per goroutine.
type FastDecoder struct {
	strs   map[string]string
	recent [512]string
}

// internCacheMax bounds the decoder's cache of interned texts; beyond it,
// texts are interned without being cached.
const internCacheMax = 1 << 16

// maxDepth bounds the nesting the decoder follows before it declines.
const maxDepth = 64

// NewFastDecoder returns a decoder with an empty cache.
func NewFastDecoder() *FastDecoder { return &FastDecoder{strs: make(map[string]string, 1024)} }

// typeNames maps every catalogued type name to its constant, so that
// decoding a type allocates nothing.
var typeNames = func() map[string]string {
	m := make(map[string]string, len(catalogue))
	for t := range catalogue {
		m[t] = t
	}
	return m
}()

// Decode decodes a stored envelope and, when its type is one the decoder
// handles, its payload (nil otherwise: decode it with UnmarshalWith). ok is
// false when the decoder declines the input; it then says nothing about
// whether the input is valid. What it decodes equals what DecodeWith and
// UnmarshalWith followed by Intern give; the envelope's Data is a part of
// b (which the caller must therefore not change afterwards), not a copy.
func (d *FastDecoder) Decode(b []byte) (e Envelope, p Payload, ok bool) {
	s := scan{b: b, d: d}
	var seen uint64
	var dataAt, dataEnd int
	if !s.open('{') {
		return Envelope{}, nil, false
	}
	for n := 0; s.member('}', &n); {
		key := s.key()
		switch string(key) {
		case "id":
			s.dup(&seen, 0)
			e.ID = s.str()
		case "type":
			s.dup(&seen, 1)
			raw := s.rawStr()
			if t, known := typeNames[string(raw)]; known {
				e.Type = t
			} else {
				e.Type = string(raw)
			}
		case "version":
			s.dup(&seen, 2)
			e.Version = s.int()
		case "subject":
			s.dup(&seen, 3)
			e.Subject = s.str()
		case "time":
			s.dup(&seen, 4)
			e.Time = s.utcTime()
		case "actor":
			s.dup(&seen, 5)
			s.actor(&e.Actor, 0)
		case "correlation_id":
			s.dup(&seen, 6)
			e.CorrelationID = s.str()
		case "causation_id":
			s.dup(&seen, 7)
			e.CausationID = s.str()
		case "idempotency_key":
			s.dup(&seen, 8)
			e.IdempotencyKey = s.str()
		case "request_hash":
			s.dup(&seen, 9)
			e.RequestHash = s.str()
		case "data":
			s.dup(&seen, 10)
			p, dataAt, dataEnd = s.data(e.Type)
		default:
			s.bad = true
		}
		if s.bad {
			return Envelope{}, nil, false
		}
	}
	s.ws()
	if s.bad || s.i != len(s.b) || seen&(1<<10) == 0 {
		return Envelope{}, nil, false
	}
	if e.ID == "" || e.Type == "" || e.Subject == "" || e.Version < 1 {
		return Envelope{}, nil, false
	}
	e.Data = b[dataAt:dataEnd:dataEnd]
	if p != nil && e.Version != catalogue[e.Type].version {
		p = nil
	}
	return e, p, true
}

// data reads the envelope's payload object, by the hand-written decoder of
// type typ when there is one and it takes the object (nil otherwise), and
// returns it with the object's bounds in the input.
func (s *scan) data(typ string) (p Payload, at, end int) {
	s.ws()
	if s.peek() != '{' {
		s.bad = true
		return nil, 0, 0
	}
	at = s.i
	if fast := payloads[typ]; fast != nil {
		p = fast(s)
		if s.bad {
			p, s.bad, s.i = nil, false, at
		}
	}
	if p == nil {
		s.skip(0)
	}
	return p, at, s.i
}

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

// num returns the decimal number b holds, or -1.
func num(b []byte) int {
	v := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return -1
		}
		v = v*10 + int(c-'0')
	}
	return v
}

// ymd parses YYYY-MM-DD, a valid calendar date.
func ymd(b []byte) (y int, m time.Month, d int, ok bool) {
	if len(b) != 10 || b[4] != '-' || b[7] != '-' {
		return 0, 0, 0, false
	}
	y, mm, d := num(b[0:4]), num(b[5:7]), num(b[8:10])
	if y < 0 || mm < 1 || mm > 12 || d < 1 || d > daysIn(time.Month(mm), y) {
		return 0, 0, 0, false
	}
	return y, time.Month(mm), d, true
}

func daysIn(m time.Month, y int) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// date reads a Date: null or "YYYY-MM-DD".
func (s *scan) date() Date {
	if s.literal("null") {
		return Date{}
	}
	seg := s.rawStr()
	if s.bad {
		return Date{}
	}
	y, m, d, ok := ymd(seg)
	if !ok {
		s.bad = true
		return Date{}
	}
	return NewDate(y, m, d)
}

// utcTime reads a time written in UTC as RFC 3339
// (YYYY-MM-DDTHH:MM:SS[.fraction]Z), as events are written.
func (s *scan) utcTime() time.Time {
	b := s.rawStr()
	if s.bad {
		return time.Time{}
	}
	if len(b) < 20 || b[10] != 'T' || b[13] != ':' || b[16] != ':' || b[len(b)-1] != 'Z' {
		s.bad = true
		return time.Time{}
	}
	y, m, d, ok := ymd(b[:10])
	hh, mm, ss := num(b[11:13]), num(b[14:16]), num(b[17:19])
	if !ok || hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 59 {
		s.bad = true
		return time.Time{}
	}
	ns := 0
	if frac := b[19 : len(b)-1]; len(frac) > 0 {
		if len(frac) < 2 || len(frac) > 10 || frac[0] != '.' {
			s.bad = true
			return time.Time{}
		}
		if ns = num(frac[1:]); ns < 0 {
			s.bad = true
			return time.Time{}
		}
		for range 10 - len(frac) {
			ns *= 10
		}
	}
	return time.Date(y, m, d, hh, mm, ss, ns, time.UTC)
}

// actor reads an envelope's actor.
func (s *scan) actor(a *Actor, depth int) {
	var seen uint64
	if depth > 4 || !s.open('{') {
		s.bad = true
		return
	}
	for n := 0; s.member('}', &n); {
		switch string(s.key()) {
		case "user_id":
			s.dup(&seen, 0)
			a.UserID = s.istr()
		case "username":
			s.dup(&seen, 1)
			a.Username = s.istr()
		case "role":
			s.dup(&seen, 2)
			a.Role = s.istr()
		case "agency":
			s.dup(&seen, 3)
			a.Agency = s.istr()
		case "on_behalf_of":
			s.dup(&seen, 4)
			a.OnBehalfOf = &Actor{}
			s.actor(a.OnBehalfOf, depth+1)
		default:
			s.bad = true
		}
	}
}

// number reads a JSON number literal and returns its bytes.
func (s *scan) number() []byte {
	s.ws()
	start := s.i
	if s.peek() == '-' {
		s.i++
	}
	switch c := s.peek(); {
	case c == '0':
		s.i++
	case c >= '1' && c <= '9':
		s.digits()
	default:
		s.bad = true
		return nil
	}
	if s.peek() == '.' {
		s.i++
		if !s.digits() {
			s.bad = true
			return nil
		}
	}
	if c := s.peek(); c == 'e' || c == 'E' {
		s.i++
		if c := s.peek(); c == '+' || c == '-' {
			s.i++
		}
		if !s.digits() {
			s.bad = true
			return nil
		}
	}
	return s.b[start:s.i]
}

func (s *scan) digits() bool {
	start := s.i
	for s.i < len(s.b) && s.b[s.i] >= '0' && s.b[s.i] <= '9' {
		s.i++
	}
	return s.i > start
}

// value reads any JSON value as encoding/json decodes it into an any:
// map[string]any, []any, string, float64, bool or nil.
func (s *scan) value(depth int) any {
	s.ws()
	if s.bad || depth > maxDepth {
		s.bad = true
		return nil
	}
	switch c := s.peek(); {
	case c == '{':
		s.i++
		m := map[string]any{}
		for n := 0; s.member('}', &n); {
			k := s.key()
			if s.bad {
				return nil
			}
			m[string(k)] = s.value(depth + 1)
		}
		return m
	case c == '[':
		s.i++
		a := []any{}
		for n := 0; s.member(']', &n); {
			a = append(a, s.value(depth+1))
		}
		return a
	case c == '"':
		return s.istr()
	case c == 't' || c == 'f':
		return s.boolean()
	case c == 'n':
		if !s.literal("null") {
			s.bad = true
		}
		return nil
	default:
		lit := s.number()
		if s.bad {
			return nil
		}
		f, err := strconv.ParseFloat(string(lit), 64)
		if err != nil {
			s.bad = true
		}
		return f
	}
}

// skip reads over any JSON value, checking that it is valid.
func (s *scan) skip(depth int) {
	s.ws()
	if s.bad || depth > maxDepth {
		s.bad = true
		return
	}
	switch c := s.peek(); {
	case c == '{':
		s.i++
		for n := 0; s.member('}', &n); {
			s.key()
			s.skip(depth + 1)
		}
	case c == '[':
		s.i++
		for n := 0; s.member(']', &n); {
			s.skip(depth + 1)
		}
	case c == '"':
		s.skipStr()
	case c == 't' || c == 'f':
		s.boolean()
	case c == 'n':
		if !s.literal("null") {
			s.bad = true
		}
	default:
		s.number()
	}
}

// skipStr reads over a string that may hold escapes, checking them.
func (s *scan) skipStr() {
	start := s.i + 1
	s.i = start
	for s.i < len(s.b) {
		c := s.b[s.i]
		switch {
		case c == '"':
			if !utf8.Valid(s.b[start:s.i]) {
				s.bad = true
			}
			s.i++
			return
		case c < 0x20:
			s.bad = true
			return
		case c == '\\':
			s.i++
			switch s.peek() {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				s.i++
			case 'u':
				if len(s.b)-s.i < 5 {
					s.bad = true
					return
				}
				for _, h := range s.b[s.i+1 : s.i+5] {
					if !('0' <= h && h <= '9' || 'a' <= h && h <= 'f' || 'A' <= h && h <= 'F') {
						s.bad = true
						return
					}
				}
				s.i += 5
			default:
				s.bad = true
				return
			}
		default:
			s.i++
		}
	}
	s.bad = true
}
