package events

import (
	"strconv"
	"time"
	"unicode/utf8"
)

// What the scanner (decode_scan.go) reads beyond tokens, strings and
// integers: dates, times in UTC, the envelope's actor, and any JSON value,
// read or skipped.

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
