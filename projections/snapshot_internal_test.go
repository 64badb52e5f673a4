package projections

import (
	"bytes"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unsafe"
)

// TestSnapshotCoversEveryStateField is the guard for new projection parts:
// every field of State is either written by the snapshot (its type, and
// everything it reaches, can be encoded) or listed in stateTransient with
// the reason. A part holding a channel, a function or an interface of an
// unregistered type fails here with the path of the field; tag a cache
// rebuilt on demand `snapshot:"-"`.
func TestSnapshotCoversEveryStateField(t *testing.T) {
	st := reflect.TypeFor[State]()
	names := map[string]bool{}
	for i := range st.NumField() {
		f := st.Field(i)
		names[f.Name] = true
		if why, ok := stateTransient[f.Name]; ok {
			t.Logf("%s: not snapshotted: %s", f.Name, why)
			continue
		}
		if _, err := compileCodec(f.Type, nil); err != nil {
			t.Errorf("State.%s cannot be snapshotted: %v", f.Name, err)
		}
	}
	for name := range stateTransient {
		if !names[name] {
			t.Errorf("stateTransient names %s, which State no longer has", name)
		}
	}
	if _, err := stateCodec(); err != nil {
		t.Errorf("State: %v", err)
	}
}

type node struct {
	Name   string
	next   *node
	shared map[string]int
	at     time.Time
	loc    *time.Location
	list   []*node
	raw    []byte
	arr    [2]uint16
	any    any
	f      float64
	mu     sync.Mutex
	cache  func() `snapshot:"-"`
}

type payloadA struct{ N int }

// TestSnapshotStringsByAddress: the encoder finds a string it has numbered
// by the address of its bytes, and a string at a known address with
// another length (a prefix of it) by its text; the bytes written are those
// of an encoder that looks every string up by its text.
func TestSnapshotStringsByAddress(t *testing.T) {
	tc, err := compileCodec(reflect.TypeFor[[]string](), nil)
	if err != nil {
		t.Fatal(err)
	}
	whole := strings.Repeat("Quảng Nam ", 3)
	in := []string{whole, whole[:6], strings.Clone(whole), whole, whole[:6], "", whole[:0], strings.Clone(whole[:6]), whole[6:]}
	e := newEncoder()
	tc.enc(e, unsafe.Pointer(&in))
	e.finish()

	byText := newEncoder() // every string looked up by its text
	byText.length(false, len(in))
	for _, s := range in {
		if id, ok := byText.strs[s]; ok {
			byText.uvarint(id + 1)
			continue
		}
		byText.strs[s] = uint64(len(byText.strs))
		byText.uvarint(0)
		byText.uvarint(uint64(len(s)))
		byText.buf = append(byText.buf, s...)
	}
	byText.finish()
	if !bytes.Equal(e.buf, byText.buf) {
		t.Fatalf("encoded\n%x\nby text\n%x", e.buf, byText.buf)
	}
	if len(e.strs) != 4 {
		t.Errorf("%d strings numbered, want 4", len(e.strs))
	}
	var got []string
	if err := decodeInto(tc, e.buf, unsafe.Pointer(&got)); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, in) {
		t.Errorf("decoded %q, want %q", got, in)
	}
}

func TestSnapshotCodecRoundTrip(t *testing.T) {
	registerSnapshotType(payloadA{})
	tc, err := compileCodec(reflect.TypeFor[node](), nil)
	if err != nil {
		t.Fatal(err)
	}
	hcm := time.FixedZone("", 7*3600)
	shared := map[string]int{"a": 1, "": -7}
	a := &node{Name: "a", shared: shared, at: time.Date(2026, 3, 2, 8, 0, 0, 5, hcm), loc: time.UTC,
		raw: []byte{}, arr: [2]uint16{1, 65535}, any: payloadA{N: 3}, f: 1.5}
	b := &node{Name: "a", shared: shared, next: a, list: []*node{a, nil}}
	a.next = b // a cycle
	root := node{Name: "root", next: a, list: []*node{b, a}, shared: map[string]int{}, cache: func() {}}

	e := newEncoder()
	tc.enc(e, unsafe.Pointer(&root))
	e.finish()
	if e.err != nil {
		t.Fatal(e.err)
	}
	var got node
	if err := decodeInto(tc, e.buf, unsafe.Pointer(&got)); err != nil {
		t.Fatal(err)
	}
	ga, gb := got.next, got.next.next
	switch {
	case got.Name != "root" || ga.Name != "a" || gb.Name != "a":
		t.Errorf("names %q %q %q", got.Name, ga.Name, gb.Name)
	case gb.next != ga || got.list[0] != gb || got.list[1] != ga || gb.list[0] != ga || gb.list[1] != nil:
		t.Error("pointers are not shared as they were")
	case reflect.ValueOf(ga.shared).UnsafePointer() != reflect.ValueOf(gb.shared).UnsafePointer() || ga.shared["a"] != 1 || ga.shared[""] != -7:
		t.Error("the shared map is not one map")
	case got.shared == nil || len(got.shared) != 0 || gb.raw != nil || ga.raw == nil:
		t.Error("nil and empty are not kept apart")
	case !ga.at.Equal(a.at) || ga.at.Format(time.RFC3339Nano) != a.at.Format(time.RFC3339Nano) || ga.loc != time.UTC:
		t.Errorf("time %v, want %v", ga.at, a.at)
	case ga.arr != a.arr || ga.f != 1.5 || ga.any != any(payloadA{N: 3}):
		t.Errorf("values %v %v %v", ga.arr, ga.f, ga.any)
	case got.cache != nil:
		t.Error("a field tagged snapshot:\"-\" was set")
	}
	if unsafe.StringData(ga.Name) != unsafe.StringData(gb.Name) {
		t.Error("equal strings are not interned")
	}

	// Truncated or changed bytes give an error, never a panic or a hang.
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 2000 {
		bad := bytes.Clone(e.buf)
		if i%2 == 0 {
			bad = bad[:rng.IntN(len(bad))]
		} else {
			bad[rng.IntN(len(bad))] ^= byte(1 + rng.IntN(255))
		}
		var n node
		_ = decodeInto(tc, bad, unsafe.Pointer(&n)) // an error or, by chance, another valid value
	}
}

func TestSnapshotSchemaFollowsTypes(t *testing.T) {
	type v1 struct{ A, B string }
	type v2 struct {
		A, B string
		C    int
	}
	type v3 struct {
		A string
		B int
	}
	f1, f2, f3 := schemaFingerprint(reflect.TypeFor[v1](), nil), schemaFingerprint(reflect.TypeFor[v2](), nil), schemaFingerprint(reflect.TypeFor[v3](), nil)
	if f1 == f2 || f1 == f3 || f2 == f3 {
		t.Errorf("fingerprints do not follow the fields: %s %s %s", f1[:8], f2[:8], f3[:8])
	}
	if !strings.HasPrefix(StateSchema(), StateSchema()[:8]) || len(StateSchema()) != 64 {
		t.Errorf("StateSchema = %q", StateSchema())
	}
}

func TestSnapshotHeaderCorruption(t *testing.T) {
	data, err := marshalSnapshot(SnapshotInfo{Format: SnapshotFormat, Seq: 7}, []byte("body"))
	if err != nil {
		t.Fatal(err)
	}
	if info, body, err := unmarshalSnapshot(data); err != nil || info.Seq != 7 || string(body) != "body" {
		t.Fatalf("round trip: %+v %q %v", info, body, err)
	}
	for i := range data {
		bad := bytes.Clone(data)
		bad[i] ^= 1
		if _, _, err := unmarshalSnapshot(bad); err == nil {
			t.Fatalf("a bit changed at %d went unnoticed", i)
		}
	}
	if _, _, err := unmarshalSnapshot(data[:len(data)-1]); err == nil {
		t.Fatal("a cut snapshot went unnoticed")
	}
}

func TestSnapshotRefusesWhatItCannotRestore(t *testing.T) {
	type withFunc struct{ clock func() time.Time }
	type withChan struct{ wake chan struct{} }
	type withAny struct{ p any }
	for _, typ := range []reflect.Type{reflect.TypeFor[withFunc](), reflect.TypeFor[withChan]()} {
		if _, err := compileCodec(typ, nil); err == nil || !strings.Contains(err.Error(), "cannot be snapshotted") {
			t.Errorf("%s: err = %v; want one naming the field", typ, err)
		}
	}
	tc, err := compileCodec(reflect.TypeFor[withAny](), nil)
	if err != nil {
		t.Fatal(err)
	}
	e := newEncoder()
	v := withAny{p: struct{ X int }{1}}
	if tc.enc(e, unsafe.Pointer(&v)); e.err == nil {
		t.Error("an interface holding an unregistered type was encoded")
	}
}

func TestSnapshotDueWaitsForQuiet(t *testing.T) {
	s := New()
	s.applied.Store(150)
	sn := &Snapshotter{state: s, Every: 100, Interval: time.Minute}
	now := time.Now()
	sn.takeAt = now
	if sn.due(now, false) {
		t.Error("due while events are being applied, not yet three times overdue")
	}
	if !sn.due(now, true) {
		t.Error("not due at a quiet check after Every events")
	}
	s.applied.Store(300)
	if !sn.due(now, false) {
		t.Error("not due three times overdue")
	}
	sn.taken = 300
	if sn.due(now.Add(time.Hour), true) {
		t.Error("due with nothing applied since the last snapshot")
	}
}
