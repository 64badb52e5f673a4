package events

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
