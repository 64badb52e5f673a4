package projections

import (
	"bufio"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unsafe"
)

// Dump writes every field of the state that a snapshot covers, one value
// per line as "path = value", in an order that does not depend on map
// iteration: two states that hold the same data, with the same pointers
// shared, dump the same bytes. Tests and the benchmark compare a restored
// state with a replayed one by their dumps.
func (s *State) Dump(w io.Writer) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	bw := bufio.NewWriter(w)
	d := &dumper{w: bw, ids: map[refKey]int{}}
	fmt.Fprintf(bw, "applied = %d\n", s.applied.Load())
	v := reflect.NewAt(reflect.TypeFor[State](), unsafe.Pointer(s)).Elem()
	skip := stateSkip()
	for i := range v.NumField() {
		f := v.Type().Field(i)
		if skip[f.Name] || f.Tag.Get(snapshotTag) == "-" {
			continue
		}
		d.value(f.Name, v.Field(i))
	}
	return bw.Flush()
}

type dumper struct {
	w   *bufio.Writer
	ids map[refKey]int // pointers and maps already written, by number
}

func (d *dumper) line(path, value string) {
	d.w.WriteString(path)
	d.w.WriteString(" = ")
	d.w.WriteString(value)
	d.w.WriteByte('\n')
}

// open returns v without the read-only mark of an unexported field, so
// that its parts can be read and copied.
func open(v reflect.Value) reflect.Value {
	if v.CanAddr() {
		return reflect.NewAt(v.Type(), unsafe.Pointer(v.UnsafeAddr())).Elem()
	}
	return v
}

func (d *dumper) value(path string, v reflect.Value) {
	v = open(v)
	t := v.Type()
	if t == timeType {
		d.line(path, v.Interface().(time.Time).Format(time.RFC3339Nano))
		return
	}
	if t == mutexType || t == rwMutexType {
		return
	}
	if t.Kind() == reflect.Struct {
		for i := range t.NumField() {
			f := t.Field(i)
			if f.Tag.Get(snapshotTag) == "-" {
				continue
			}
			d.value(path+"."+f.Name, v.Field(i))
		}
		return
	}
	switch t.Kind() {
	case reflect.Bool:
		d.line(path, strconv.FormatBool(v.Bool()))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		d.line(path, strconv.FormatInt(v.Int(), 10))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		d.line(path, strconv.FormatUint(v.Uint(), 10))
	case reflect.Float32, reflect.Float64:
		d.line(path, strconv.FormatFloat(v.Float(), 'g', -1, 64))
	case reflect.String:
		d.line(path, strconv.Quote(v.String()))
	case reflect.Pointer:
		if t.Elem() == locationType {
			d.line(path, fmt.Sprint(v.Interface()))
			return
		}
		if d.seen(path, v.UnsafePointer(), t) {
			return
		}
		d.value(path+".*", v.Elem())
	case reflect.Interface:
		if v.IsNil() {
			d.line(path, "nil")
			return
		}
		d.line(path+".type", v.Elem().Type().String())
		tmp := reflect.New(v.Elem().Type()).Elem()
		tmp.Set(v.Elem())
		d.value(path+".value", tmp)
	case reflect.Slice, reflect.Array:
		if t.Kind() == reflect.Slice && v.IsNil() {
			d.line(path, "nil")
			return
		}
		d.line(path+".len", strconv.Itoa(v.Len()))
		for i := range v.Len() {
			d.value(path+"["+strconv.Itoa(i)+"]", v.Index(i))
		}
	case reflect.Map:
		d.mapValue(path, v)
	default:
		d.line(path, "<"+t.Kind().String()+">")
	}
}

// seen writes a reference line for a nil or already written pointer and
// reports whether the caller is done; the first time, it numbers it.
func (d *dumper) seen(path string, p unsafe.Pointer, t reflect.Type) bool {
	if p == nil {
		d.line(path, "nil")
		return true
	}
	k := refKey{p, t}
	if id, ok := d.ids[k]; ok {
		d.line(path, "&"+strconv.Itoa(id))
		return true
	}
	d.ids[k] = len(d.ids) + 1
	d.line(path, "&"+strconv.Itoa(len(d.ids))+" new")
	return false
}

// mapValue writes a map's entries sorted by their keys' text.
func (d *dumper) mapValue(path string, v reflect.Value) {
	if d.seen(path, v.UnsafePointer(), v.Type()) {
		return
	}
	type entry struct {
		key string
		val reflect.Value
	}
	entries := make([]entry, 0, v.Len())
	for it := v.MapRange(); it.Next(); {
		k := reflect.New(v.Type().Key()).Elem()
		k.SetIterKey(it)
		val := reflect.New(v.Type().Elem()).Elem()
		val.SetIterValue(it)
		entries = append(entries, entry{keyText(k), val})
	}
	slices.SortFunc(entries, func(a, b entry) int { return strings.Compare(a.key, b.key) })
	d.line(path+".len", strconv.Itoa(len(entries)))
	for _, e := range entries {
		d.value(path+"["+e.key+"]", e.val)
	}
}

// keyText is a map key as text: strings quoted, numbers as digits, other
// keys as Go prints them.
func keyText(k reflect.Value) string {
	switch k.Kind() {
	case reflect.String:
		return strconv.Quote(k.String())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return fmt.Sprintf("%020d", k.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return fmt.Sprintf("%020d", k.Uint())
	}
	return fmt.Sprintf("%+v", k.Interface())
}
