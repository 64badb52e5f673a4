package projections

import (
	"encoding/binary"
	"reflect"
	"unsafe"
)

// The snapshot codec's writing side: the encoder's primitives, and how it
// numbers strings and references (snapshot_decoder.go reads them back).

// encoder appends to buf.
type encoder struct {
	buf  []byte
	strs map[string]uint64
	// strAt finds a string already numbered by the address of its bytes,
	// without reading or hashing them: most strings of a State share their
	// bytes with equal ones (a decoded snapshot shares every equal text,
	// and an apply copies a text from one map to another by assignment).
	// A string at a known address with another length is looked up by its
	// text.
	strAt map[*byte]strRef
	// refs numbers pointers and maps by address; other holds the rare
	// second type at one address (a struct and its first field).
	refs  map[unsafe.Pointer]refEntry
	other map[refKey]uint64
	n     uint64 // references numbered so far
	err   error
}

type strRef struct {
	n  int
	id uint64
}

type refEntry struct {
	id uint64
	t  reflect.Type
}

type refKey struct {
	p unsafe.Pointer
	t reflect.Type
}

// encodeSize is what an encoding wrote: the next encoding of a similar
// value starts with room for as much, so that it does not grow its
// buffer and tables while it runs.
type encodeSize struct {
	Bytes, Strings, Addresses, Refs int
}

// newEncoderSized returns an encoder with room for size, and some more.
func newEncoderSized(size encodeSize) *encoder {
	more := func(n int) int { return n + n/8 }
	return &encoder{
		buf:   make([]byte, 0, more(size.Bytes)),
		strs:  make(map[string]uint64, more(size.Strings)),
		strAt: make(map[*byte]strRef, more(size.Addresses)),
		refs:  make(map[unsafe.Pointer]refEntry, more(size.Refs)),
		other: map[refKey]uint64{},
	}
}

// size reports what e wrote, for sizing the next encoder.
func (e *encoder) size() encodeSize {
	return encodeSize{Bytes: len(e.buf), Strings: len(e.strs), Addresses: len(e.strAt), Refs: len(e.refs)}
}

// finish writes how many strings and references were numbered: the
// decoder checks it numbered as many, so that a codec that reads
// differently from how it writes is caught rather than trusted.
func (e *encoder) finish() {
	e.uvarint(uint64(len(e.strs)))
	e.uvarint(e.n)
}

func (e *encoder) fail(err error) {
	if e.err == nil {
		e.err = err
	}
}

func (e *encoder) bool(b bool) {
	if b {
		e.buf = append(e.buf, 1)
	} else {
		e.buf = append(e.buf, 0)
	}
}

func (e *encoder) uvarint(v uint64) { e.buf = binary.AppendUvarint(e.buf, v) }
func (e *encoder) varint(v int64)   { e.buf = binary.AppendVarint(e.buf, v) }
func (e *encoder) u64(v uint64)     { e.buf = binary.LittleEndian.AppendUint64(e.buf, v) }

// length writes a slice's length, with 0 for nil and n+1 otherwise.
func (e *encoder) length(isNil bool, n int) {
	if isNil {
		e.uvarint(0)
		return
	}
	e.uvarint(uint64(n) + 1)
}

// string writes s as 0, its length and its bytes the first time its text
// is met, and as 1+its number afterwards: equal texts are written once and
// shared after decoding.
func (e *encoder) string(s string) {
	at := unsafe.StringData(s)
	r, known := e.strAt[at]
	if known && r.n == len(s) {
		e.uvarint(r.id + 1)
		return
	}
	id, ok := e.strs[s]
	if ok {
		e.uvarint(id + 1)
	} else {
		id = uint64(len(e.strs))
		e.strs[s] = id
		e.uvarint(0)
		e.uvarint(uint64(len(s)))
		e.buf = append(e.buf, s...)
	}
	if !known {
		e.strAt[at] = strRef{len(s), id}
	}
}

// ref writes a reference to ptr and reports whether the value must follow.
func (e *encoder) ref(ptr unsafe.Pointer, t reflect.Type) bool {
	if ptr == nil {
		e.uvarint(refNil)
		return false
	}
	if r, ok := e.refs[ptr]; !ok {
		e.refs[ptr] = refEntry{e.n, t}
	} else if r.t == t {
		e.uvarint(r.id + 2)
		return false
	} else if id, ok := e.other[refKey{ptr, t}]; ok {
		e.uvarint(id + 2)
		return false
	} else {
		e.other[refKey{ptr, t}] = e.n
	}
	e.n++
	e.uvarint(refNew)
	return true
}
