package projections

import (
	"fmt"
	"math"
	"reflect"
	"sync"
	"time"
	"unsafe"
)

// The snapshot codec writes a value and everything it reaches — exported
// and unexported fields, pointers, maps, slices — in a compact binary form,
// and reads it back into a fresh value of the same type. It is generic on
// purpose: every part of State, including parts other features add with
// unexported fields, is covered without a hand-written encoder, and the
// schema fingerprint of the types changes as soon as any field anywhere in
// State changes, which makes older snapshots incompatible (full replay).
//
// What it preserves:
//   - pointer and map identity: two fields holding the same pointer or map
//     hold one shared pointer or map after decoding (State keeps, for
//     example, every user in two maps);
//   - strings, interned: every distinct string is written once and, after
//     decoding, shared by all the fields that held an equal string;
//   - time.Time as its instant and UTC offset, *time.Location by name.
//
// What it does not support, so compiling a type that reaches them fails
// with the path of the field: channels, functions, unsafe pointers,
// complex numbers, and interfaces holding a type not registered with
// registerSnapshotType. A field tagged `snapshot:"-"` is skipped and left
// zero after decoding: only for caches rebuilt on demand. sync.Mutex and
// sync.RWMutex are skipped the same way. Two slices sharing one backing
// array, or a pointer into a slice element, are not preserved as such.

// snapshotTag is the struct tag that excludes a field: `snapshot:"-"`.
const snapshotTag = "snapshot"

type encodeFunc func(e *encoder, p unsafe.Pointer)
type decodeFunc func(d *decoder, p unsafe.Pointer)

// typeCodec encodes and decodes values of one type in place.
type typeCodec struct {
	enc encodeFunc
	dec decodeFunc
}

// codecs caches compiled codecs by type. A type is compiled once for the
// life of the process.
var codecs struct {
	sync.Mutex
	byType map[reflect.Type]*typeCodec
	// interfaces maps a registered concrete type to its name and back.
	names map[reflect.Type]string
	types map[string]reflect.Type
}

// registerSnapshotType lets interface values holding a value of v's type be
// snapshotted.
func registerSnapshotType(v any) {
	t := reflect.TypeOf(v)
	codecs.Lock()
	defer codecs.Unlock()
	if codecs.names == nil {
		codecs.names, codecs.types = map[reflect.Type]string{}, map[string]reflect.Type{}
	}
	name := t.PkgPath() + "." + t.String()
	codecs.names[t], codecs.types[name] = name, t
}

var (
	timeType     = reflect.TypeFor[time.Time]()
	locationType = reflect.TypeFor[time.Location]()
	mutexType    = reflect.TypeFor[sync.Mutex]()
	rwMutexType  = reflect.TypeFor[sync.RWMutex]()
)

// compileCodec returns the codec of t, compiling it (and everything t
// reaches) on first use. skip names fields of t itself (a struct) left out.
func compileCodec(t reflect.Type, skip map[string]bool) (*typeCodec, error) {
	codecs.Lock()
	defer codecs.Unlock()
	if codecs.byType == nil {
		codecs.byType = map[reflect.Type]*typeCodec{}
	}
	c := &compiler{}
	return c.compile(t, t.String(), skip)
}

type compiler struct{}

func (c *compiler) compile(t reflect.Type, path string, skip map[string]bool) (*typeCodec, error) {
	if skip == nil {
		if tc, ok := codecs.byType[t]; ok {
			return tc, nil
		}
	}
	tc := &typeCodec{}
	if skip == nil {
		// Registered before its parts so that recursive types end.
		codecs.byType[t] = tc
	}
	err := c.fill(tc, t, path, skip)
	if err != nil && skip == nil {
		delete(codecs.byType, t)
	}
	return tc, err
}

func (c *compiler) fill(tc *typeCodec, t reflect.Type, path string, skip map[string]bool) error {
	switch {
	case t == timeType:
		tc.enc, tc.dec = encTime, decTime
		return nil
	case t == mutexType || t == rwMutexType:
		tc.enc, tc.dec = func(*encoder, unsafe.Pointer) {}, func(*decoder, unsafe.Pointer) {}
		return nil
	case t.Kind() == reflect.Pointer && t.Elem() == locationType:
		tc.enc, tc.dec = encLocation, decLocation
		return nil
	}
	switch t.Kind() {
	case reflect.Bool:
		tc.enc = func(e *encoder, p unsafe.Pointer) { e.bool(*(*bool)(p)) }
		tc.dec = func(d *decoder, p unsafe.Pointer) { *(*bool)(p) = d.byte() != 0 }
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		tc.enc, tc.dec = intCodec(t.Size())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		tc.enc, tc.dec = uintCodec(t.Size())
	case reflect.Float32:
		tc.enc = func(e *encoder, p unsafe.Pointer) { e.uvarint(uint64(math.Float32bits(*(*float32)(p)))) }
		tc.dec = func(d *decoder, p unsafe.Pointer) { *(*float32)(p) = math.Float32frombits(uint32(d.uvarint())) }
	case reflect.Float64:
		tc.enc = func(e *encoder, p unsafe.Pointer) { e.u64(math.Float64bits(*(*float64)(p))) }
		tc.dec = func(d *decoder, p unsafe.Pointer) { *(*float64)(p) = math.Float64frombits(d.u64()) }
	case reflect.String:
		tc.enc = func(e *encoder, p unsafe.Pointer) { e.string(*(*string)(p)) }
		tc.dec = func(d *decoder, p unsafe.Pointer) { *(*string)(p) = d.string() }
	case reflect.Struct:
		return c.structCodec(tc, t, path, skip)
	case reflect.Pointer:
		return c.pointerCodec(tc, t, path)
	case reflect.Slice:
		return c.sliceCodec(tc, t, path)
	case reflect.Array:
		return c.arrayCodec(tc, t, path)
	case reflect.Map:
		return c.mapCodec(tc, t, path)
	case reflect.Interface:
		c.interfaceCodec(tc, t)
	default:
		return fmt.Errorf("snapshot: %s: a %s cannot be snapshotted; tag the field `snapshot:\"-\"` if it is a cache rebuilt on demand", path, t.Kind())
	}
	return nil
}

func intCodec(size uintptr) (encodeFunc, decodeFunc) {
	switch size {
	case 1:
		return func(e *encoder, p unsafe.Pointer) { e.varint(int64(*(*int8)(p))) },
			func(d *decoder, p unsafe.Pointer) { *(*int8)(p) = int8(d.varint()) }
	case 2:
		return func(e *encoder, p unsafe.Pointer) { e.varint(int64(*(*int16)(p))) },
			func(d *decoder, p unsafe.Pointer) { *(*int16)(p) = int16(d.varint()) }
	case 4:
		return func(e *encoder, p unsafe.Pointer) { e.varint(int64(*(*int32)(p))) },
			func(d *decoder, p unsafe.Pointer) { *(*int32)(p) = int32(d.varint()) }
	}
	return func(e *encoder, p unsafe.Pointer) { e.varint(*(*int64)(p)) },
		func(d *decoder, p unsafe.Pointer) { *(*int64)(p) = d.varint() }
}

func uintCodec(size uintptr) (encodeFunc, decodeFunc) {
	switch size {
	case 1:
		return func(e *encoder, p unsafe.Pointer) { e.buf = append(e.buf, *(*uint8)(p)) },
			func(d *decoder, p unsafe.Pointer) { *(*uint8)(p) = d.byte() }
	case 2:
		return func(e *encoder, p unsafe.Pointer) { e.uvarint(uint64(*(*uint16)(p))) },
			func(d *decoder, p unsafe.Pointer) { *(*uint16)(p) = uint16(d.uvarint()) }
	case 4:
		return func(e *encoder, p unsafe.Pointer) { e.uvarint(uint64(*(*uint32)(p))) },
			func(d *decoder, p unsafe.Pointer) { *(*uint32)(p) = uint32(d.uvarint()) }
	}
	return func(e *encoder, p unsafe.Pointer) { e.uvarint(*(*uint64)(p)) },
		func(d *decoder, p unsafe.Pointer) { *(*uint64)(p) = d.uvarint() }
}

type fieldCodec struct {
	offset uintptr
	tc     *typeCodec
}

func (c *compiler) structCodec(tc *typeCodec, t reflect.Type, path string, skip map[string]bool) error {
	var fields []fieldCodec
	for i := range t.NumField() {
		f := t.Field(i)
		if skip[f.Name] || f.Tag.Get(snapshotTag) == "-" || f.Type.Size() == 0 {
			continue
		}
		fc, err := c.compile(f.Type, path+"."+f.Name, nil)
		if err != nil {
			return err
		}
		fields = append(fields, fieldCodec{offset: f.Offset, tc: fc})
	}
	tc.enc = func(e *encoder, p unsafe.Pointer) {
		for _, f := range fields {
			f.tc.enc(e, unsafe.Add(p, f.offset))
		}
	}
	tc.dec = func(d *decoder, p unsafe.Pointer) {
		for _, f := range fields {
			f.tc.dec(d, unsafe.Add(p, f.offset))
		}
	}
	return nil
}

// Pointers and maps are written as a reference: 0 for nil, 1 followed by
// the value the first time, 2+id afterwards.
const (
	refNil = 0
	refNew = 1
)

func (c *compiler) pointerCodec(tc *typeCodec, t reflect.Type, path string) error {
	elem, err := c.compile(t.Elem(), "(*"+path+")", nil)
	if err != nil {
		return err
	}
	et := t.Elem()
	tc.enc = func(e *encoder, p unsafe.Pointer) {
		ptr := *(*unsafe.Pointer)(p)
		if e.ref(ptr, t) {
			elem.enc(e, ptr)
		}
	}
	tc.dec = func(d *decoder, p unsafe.Pointer) {
		if d.ref(p) {
			ptr := reflect.New(et).UnsafePointer()
			d.bind(p, ptr)
			elem.dec(d, ptr)
		}
	}
	return nil
}

func (c *compiler) sliceCodec(tc *typeCodec, t reflect.Type, path string) error {
	et := t.Elem()
	if et.Kind() == reflect.Uint8 {
		tc.enc = func(e *encoder, p unsafe.Pointer) {
			b := *(*[]byte)(p)
			e.length(b == nil, len(b))
			e.buf = append(e.buf, b...)
		}
		tc.dec = func(d *decoder, p unsafe.Pointer) {
			n, isNil := d.length(1)
			if isNil {
				*(*[]byte)(p) = nil
				return
			}
			b := make([]byte, n)
			copy(b, d.take(n))
			*(*[]byte)(p) = b
		}
		return nil
	}
	elem, err := c.compile(et, path+"[]", nil)
	if err != nil {
		return err
	}
	size := et.Size()
	tc.enc = func(e *encoder, p unsafe.Pointer) {
		h := (*sliceHeader)(p)
		e.length(h.data == nil, h.len)
		for i := range h.len {
			elem.enc(e, unsafe.Add(h.data, uintptr(i)*size))
		}
	}
	tc.dec = func(d *decoder, p unsafe.Pointer) {
		n, isNil := d.length(size)
		if isNil {
			*(*sliceHeader)(p) = sliceHeader{}
			return
		}
		v := reflect.MakeSlice(t, n, n)
		data := v.UnsafePointer()
		for i := range n {
			elem.dec(d, unsafe.Add(data, uintptr(i)*size))
		}
		*(*sliceHeader)(p) = sliceHeader{data: data, len: n, cap: n}
	}
	return nil
}

// sliceHeader is the layout of a slice value.
type sliceHeader struct {
	data     unsafe.Pointer
	len, cap int
}

func (c *compiler) arrayCodec(tc *typeCodec, t reflect.Type, path string) error {
	elem, err := c.compile(t.Elem(), path+"[]", nil)
	if err != nil {
		return err
	}
	n, size := t.Len(), t.Elem().Size()
	tc.enc = func(e *encoder, p unsafe.Pointer) {
		for i := range n {
			elem.enc(e, unsafe.Add(p, uintptr(i)*size))
		}
	}
	tc.dec = func(d *decoder, p unsafe.Pointer) {
		for i := range n {
			elem.dec(d, unsafe.Add(p, uintptr(i)*size))
		}
	}
	return nil
}

func (c *compiler) mapCodec(tc *typeCodec, t reflect.Type, path string) error {
	key, err := c.compile(t.Key(), path+"[key]", nil)
	if err != nil {
		return err
	}
	val, err := c.compile(t.Elem(), path+"[]", nil)
	if err != nil {
		return err
	}
	// An entry takes at least one byte; its size bounds what a length
	// read makes the map allocate (see decoder.length).
	kvSize := max(t.Key().Size()+t.Elem().Size(), 1)
	tc.enc = func(e *encoder, p unsafe.Pointer) {
		m := reflect.NewAt(t, p).Elem()
		if !e.ref(*(*unsafe.Pointer)(p), t) {
			return
		}
		e.length(false, m.Len())
		k, v := reflect.New(t.Key()).Elem(), reflect.New(t.Elem()).Elem()
		kp, vp := k.Addr().UnsafePointer(), v.Addr().UnsafePointer()
		for it := m.MapRange(); it.Next(); {
			k.SetIterKey(it)
			v.SetIterValue(it)
			key.enc(e, kp)
			val.enc(e, vp)
		}
	}
	keys, vals := reflect.SliceOf(t.Key()), reflect.SliceOf(t.Elem())
	ksize, vsize := t.Key().Size(), t.Elem().Size()
	tc.dec = func(d *decoder, p unsafe.Pointer) {
		if !d.ref(p) {
			return
		}
		n, _ := d.length(kvSize)
		m := reflect.MakeMapWithSize(t, n)
		d.bind(p, m.UnsafePointer())
		if d.fill != nil && n >= mapAsideMin {
			// Decoded into two slices; the map is filled on another
			// goroutine (mapFiller).
			ks, vs := reflect.MakeSlice(keys, n, n), reflect.MakeSlice(vals, n, n)
			kp, vp := ks.UnsafePointer(), vs.UnsafePointer()
			for i := range uintptr(n) {
				key.dec(d, unsafe.Add(kp, i*ksize))
				val.dec(d, unsafe.Add(vp, i*vsize))
			}
			d.fill.add(mapFill{m, ks, vs})
			return
		}
		k, v := reflect.New(t.Key()).Elem(), reflect.New(t.Elem()).Elem()
		kp, vp := k.Addr().UnsafePointer(), v.Addr().UnsafePointer()
		for range n {
			k.SetZero()
			v.SetZero()
			key.dec(d, kp)
			val.dec(d, vp)
			m.SetMapIndex(k, v)
		}
	}
	return nil
}

// interfaceCodec writes the name of the dynamic type, then the value.
// Concrete types are compiled when first met.
func (c *compiler) interfaceCodec(tc *typeCodec, t reflect.Type) {
	tc.enc = func(e *encoder, p unsafe.Pointer) {
		v := reflect.NewAt(t, p).Elem()
		if v.IsNil() {
			e.string("")
			return
		}
		dyn := v.Elem().Type()
		codecs.Lock()
		name, ok := codecs.names[dyn]
		codecs.Unlock()
		if !ok {
			e.fail(fmt.Errorf("snapshot: an interface %s holds %s, which is not registered with registerSnapshotType", t, dyn))
			return
		}
		dc, err := compileCodec(dyn, nil)
		if err != nil {
			e.fail(err)
			return
		}
		e.string(name)
		tmp := reflect.New(dyn).Elem()
		tmp.Set(v.Elem())
		dc.enc(e, tmp.Addr().UnsafePointer())
	}
	tc.dec = func(d *decoder, p unsafe.Pointer) {
		name := d.string()
		if name == "" {
			reflect.NewAt(t, p).Elem().SetZero()
			return
		}
		codecs.Lock()
		dyn, ok := codecs.types[name]
		codecs.Unlock()
		if !ok {
			d.fail("unknown interface type %q", name)
		}
		dc, err := compileCodec(dyn, nil)
		if err != nil {
			d.fail("%v", err)
		}
		tmp := reflect.New(dyn)
		dc.dec(d, tmp.UnsafePointer())
		reflect.NewAt(t, p).Elem().Set(tmp.Elem())
	}
}

func encTime(e *encoder, p unsafe.Pointer) {
	b, err := (*time.Time)(p).MarshalBinary()
	if err != nil {
		e.fail(fmt.Errorf("snapshot: %w", err))
		return
	}
	e.length(false, len(b))
	e.buf = append(e.buf, b...)
}

func decTime(d *decoder, p unsafe.Pointer) {
	n, _ := d.length(1)
	if err := (*time.Time)(p).UnmarshalBinary(d.take(n)); err != nil {
		d.fail("time: %v", err)
	}
}

func encLocation(e *encoder, p unsafe.Pointer) {
	loc := *(**time.Location)(p)
	if loc == nil {
		e.bool(false)
		return
	}
	e.bool(true)
	e.string(loc.String())
}

func decLocation(d *decoder, p unsafe.Pointer) {
	if d.byte() == 0 {
		*(**time.Location)(p) = nil
		return
	}
	loc, err := time.LoadLocation(d.string())
	if err != nil {
		d.fail("location: %v", err)
	}
	*(**time.Location)(p) = loc
}
