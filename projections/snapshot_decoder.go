package projections

import (
	"encoding/binary"
	"fmt"
	"reflect"
	"unsafe"
)

// The snapshot codec's reading side: the decoder's primitives, which may
// run behind a body still arriving (snapshot_stream.go), and the goroutine
// that fills large maps while decoding goes on.

// decoder reads from b. A malformed input panics with a decodeError, which
// decode recovers.
//
// When src is set, b is a buffer still being filled: only b[:end] has
// arrived. Each primitive compares with end alone, and only when it would
// read past it does it wait for more (decoder.more), so that decoding runs
// right behind the bytes arriving.
type decoder struct {
	b    []byte
	off  int
	end  int
	src  bodySource
	fill *mapFiller // nil: maps are filled as they are decoded
	strs []string
	refs []unsafe.Pointer
}

// bodySource is what a decoder reading a body still arriving waits on.
type bodySource interface {
	// wait returns how many bytes of the body have arrived once at least
	// want have (or all, if fewer), or an error when they never will.
	wait(want int) (int, error)
	// verified waits until the whole snapshot has arrived and its hash is
	// checked, and returns why not: what a malformed body could make the
	// decoder allocate is bounded by the bytes that arrived, except a
	// length, which asks for this first when it is large.
	verified() error
}

// decodeBigAlloc is the size of an allocation (a slice, a map) from which
// a decoder reading a body still arriving first waits for the snapshot's
// hash: a corrupt length cannot make it allocate more before that.
const decodeBigAlloc = 64 << 20

type decodeError struct{ msg string }

func (e decodeError) Error() string { return "snapshot: malformed: " + e.msg }

func (d *decoder) fail(format string, args ...any) {
	panic(decodeError{fmt.Sprintf(format, args...)})
}

// more waits until n bytes from off have arrived, or all there are.
func (d *decoder) more(n int) {
	if d.src == nil || d.end == len(d.b) {
		return
	}
	want := len(d.b)
	if n >= 0 && n < len(d.b)-d.off {
		want = d.off + n
	}
	end, err := d.src.wait(want)
	if err != nil {
		d.fail("%v", err)
	}
	d.end = end
}

func (d *decoder) byte() byte {
	if d.off >= d.end {
		if d.more(1); d.off >= d.end {
			d.fail("unexpected end at %d", d.off)
		}
	}
	c := d.b[d.off]
	d.off++
	return c
}

func (d *decoder) take(n int) []byte {
	if n < 0 || n > d.end-d.off {
		if d.more(n); n < 0 || n > d.end-d.off {
			d.fail("length %d beyond the end at %d", n, d.off)
		}
	}
	b := d.b[d.off : d.off+n]
	d.off += n
	return b
}

func (d *decoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.b[d.off:d.end])
	if n <= 0 {
		if n < 0 || d.end == len(d.b) {
			d.fail("bad varint at %d", d.off)
		}
		d.more(binary.MaxVarintLen64)
		if v, n = binary.Uvarint(d.b[d.off:d.end]); n <= 0 {
			d.fail("bad varint at %d", d.off)
		}
	}
	d.off += n
	return v
}

// varint reads a zig-zag encoded signed varint, as binary.Varint does.
func (d *decoder) varint() int64 {
	ux := d.uvarint()
	x := int64(ux >> 1)
	if ux&1 != 0 {
		x = ^x
	}
	return x
}

func (d *decoder) u64() uint64 { return binary.LittleEndian.Uint64(d.take(8)) }

// length reads a slice length written by encoder.length. Elements of size
// bytes or more take at least one byte each, so a length beyond what is
// left is malformed.
func (d *decoder) length(size uintptr) (int, bool) {
	v := d.uvarint()
	if v == 0 {
		return 0, true
	}
	n := v - 1
	limit := uint64(len(d.b) - d.off)
	if size == 0 {
		limit = 1 << 20
	}
	if n > limit {
		d.fail("length %d beyond the end at %d", n, d.off)
	}
	if d.src != nil && n*uint64(size) > decodeBigAlloc {
		if err := d.src.verified(); err != nil {
			d.fail("%v", err)
		}
	}
	return int(n), false
}

func (d *decoder) string() string {
	v := d.uvarint()
	if v > 0 {
		if v-1 >= uint64(len(d.strs)) {
			d.fail("unknown string %d", v-1)
		}
		return d.strs[v-1]
	}
	n := d.uvarint()
	if n > uint64(len(d.b)-d.off) {
		d.fail("string length %d beyond the end", n)
	}
	s := string(d.take(int(n)))
	d.strs = append(d.strs, s)
	return s
}

// ref reads a reference into the pointer-sized word at p and reports
// whether a new value follows, which the caller allocates and binds.
func (d *decoder) ref(p unsafe.Pointer) bool {
	v := d.uvarint()
	switch v {
	case refNil:
		*(*unsafe.Pointer)(p) = nil
		return false
	case refNew:
		return true
	}
	if v-2 >= uint64(len(d.refs)) {
		d.fail("unknown reference %d", v-2)
	}
	*(*unsafe.Pointer)(p) = d.refs[v-2]
	return false
}

// bind stores a new pointer (or map) at p and numbers it for later
// references.
func (d *decoder) bind(p, ptr unsafe.Pointer) {
	*(*unsafe.Pointer)(p) = ptr
	d.refs = append(d.refs, ptr)
}

// decodeInto decodes b into the value at p with codec tc. It returns an
// error instead of panicking on malformed input.
func decodeInto(tc *typeCodec, b []byte, p unsafe.Pointer) (err error) {
	return decodeFrom(tc, &decoder{b: b, end: len(b)}, p)
}

// decodeFrom decodes d's bytes into the value at p with codec tc, to the
// end of them, filling large maps on a second goroutine (mapFiller).
func decodeFrom(tc *typeCodec, d *decoder, p unsafe.Pointer) (err error) {
	d.fill = startMapFiller()
	defer func() {
		if ferr := d.fill.wait(); err == nil {
			err = ferr
		}
	}()
	return decodeSerial(tc, d, p)
}

// decodeSerial decodes d's bytes into the value at p with codec tc, to
// the end of them.
func decodeSerial(tc *typeCodec, d *decoder, p unsafe.Pointer) (err error) {
	b := d.b
	defer func() {
		if r := recover(); r != nil {
			de, ok := r.(decodeError)
			if !ok {
				de = decodeError{fmt.Sprint(r)}
			}
			err = de
		}
	}()
	tc.dec(d, p)
	if strs, refs := d.uvarint(), d.uvarint(); strs != uint64(len(d.strs)) || refs != uint64(len(d.refs)) {
		return decodeError{fmt.Sprintf("read %d strings and %d references, %d and %d were written", len(d.strs), len(d.refs), strs, refs)}
	}
	if d.off != len(b) {
		return decodeError{fmt.Sprintf("%d bytes left over", len(b)-d.off)}
	}
	return nil
}

// mapAsideMin is the number of entries from which a decoder with a
// mapFiller leaves a map's insertions to it.
const mapAsideMin = 256

// mapFiller inserts decoded entries into their maps on a goroutine of its
// own while the decoder goes on: at national scale, inserting into the
// large maps of State is a third of decoding. Nothing reads a map while a
// snapshot is decoded (a reference to it only copies the pointer), so a
// map may be filled later than it is bound; the decoded value is used only
// once wait has returned.
type mapFiller struct {
	jobs chan mapFill
	done chan struct{}
	err  error
}

// mapFill is a map and its entries: keys and values in two slices.
type mapFill struct{ m, ks, vs reflect.Value }

func startMapFiller() *mapFiller {
	f := &mapFiller{jobs: make(chan mapFill, 4096), done: make(chan struct{})}
	go func() {
		defer close(f.done)
		defer func() {
			if r := recover(); r != nil {
				f.err = decodeError{fmt.Sprint(r)}
				for range f.jobs { // let the decoder finish
				}
			}
		}()
		for j := range f.jobs {
			for i := range j.ks.Len() {
				j.m.SetMapIndex(j.ks.Index(i), j.vs.Index(i))
			}
		}
	}()
	return f
}

func (f *mapFiller) add(j mapFill) { f.jobs <- j }

// wait returns once every map is filled.
func (f *mapFiller) wait() error {
	close(f.jobs)
	<-f.done
	return f.err
}
