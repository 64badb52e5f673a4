package projections

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"runtime"
	"runtime/metrics"
	"testing"
	"time"
	"unsafe"
)

// TestArrivalJoinsRuns: runs arriving in any order make a prefix only
// once they join it; an arrival that ends short says so.
func TestArrivalJoinsRuns(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for round := range 50 {
		a := newArrival()
		size := 1 + rng.IntN(5000)
		buf := a.alloc(size)
		if len(buf) != size {
			t.Fatalf("buffer of %d bytes, want %d", len(buf), size)
		}
		// Parts arrive interleaved, each in order from its start.
		parts := 1 + rng.IntN(6)
		type cursor struct{ at, end int }
		var cur []*cursor
		for i := range parts {
			cur = append(cur, &cursor{i * size / parts, (i + 1) * size / parts})
		}
		have := make([]bool, size)
		for len(cur) > 0 {
			i := rng.IntN(len(cur))
			c := cur[i]
			n := min(1+rng.IntN(300), c.end-c.at)
			a.filled(c.at, n)
			for j := c.at; j < c.at+n; j++ {
				have[j] = true
			}
			if c.at += n; c.at == c.end {
				cur = append(cur[:i], cur[i+1:]...)
			}
			want := 0
			for want < size && have[want] {
				want++
			}
			if got, err := a.wait(0); err != nil || got != want {
				t.Fatalf("round %d: prefix %d, %v; want %d", round, got, err, want)
			}
		}
		a.finish(nil)
		if _, err := a.result(); err != nil {
			t.Fatalf("round %d: complete arrival ended with %v", round, err)
		}
	}
	a := newArrival()
	a.alloc(10)
	a.filled(0, 4)
	a.filled(6, 4)
	a.finish(nil)
	if got, err := a.wait(10); err == nil || got != 4 {
		t.Errorf("an arrival with a hole: prefix %d, %v; want 4 and an error", got, err)
	}
	b := newArrival()
	go func() { b.alloc(8); b.filled(0, 3); b.finish(errors.New("link lost")) }()
	if got, err := b.wait(8); err == nil || err.Error() != "link lost" || got != 3 {
		t.Errorf("a failed arrival: prefix %d, %v", got, err)
	}
}

// bigNode has maps large enough to be filled aside (mapAsideMin) and
// pointers shared between them.
type bigNode struct {
	byName map[string]*node
	byID   map[int]*node
	counts map[string]int
	all    []*node
}

// TestSnapshotDecodeWhileArriving: a body decoded while its parts arrive
// in any order, in pieces of any size, is the value decoded from it
// whole, maps filled aside included.
func TestSnapshotDecodeWhileArriving(t *testing.T) {
	tc, err := compileCodec(reflect.TypeFor[bigNode](), nil)
	if err != nil {
		t.Fatal(err)
	}
	v := bigNode{byName: map[string]*node{}, byID: map[int]*node{}, counts: map[string]int{}}
	for i := range 3 * mapAsideMin {
		n := &node{Name: fmt.Sprintf("n-%d", i%700), at: time.Unix(int64(i), 0).UTC(), raw: []byte{byte(i)}}
		v.byName[fmt.Sprintf("k-%d", i)], v.byID[i], v.counts[n.Name] = n, n, i
		v.all = append(v.all, n)
	}
	e := newEncoder()
	tc.enc(e, unsafe.Pointer(&v))
	e.finish()
	if e.err != nil {
		t.Fatal(e.err)
	}
	body := e.buf
	var whole bigNode
	if err := decodeInto(tc, body, unsafe.Pointer(&whole)); err != nil {
		t.Fatal(err)
	}
	check := func(got *bigNode) error {
		switch {
		case !reflect.DeepEqual(got, &whole) || !reflect.DeepEqual(got.counts, v.counts):
			return errors.New("differs from the value decoded whole")
		case got.byName["k-5"] != got.byID[5] || got.byID[5] != got.all[5]:
			return errors.New("pointers are not shared")
		}
		return nil
	}
	if err := check(&whole); err != nil {
		t.Fatal(err)
	}

	rng := rand.New(rand.NewPCG(5, 6))
	for round := range 20 {
		a := newArrival()
		src := &bodyView{a: a, size: len(body), trailer: &trailerCheck{done: make(chan struct{})}}
		close(src.trailer.done)
		go func() {
			buf := a.alloc(len(body))
			parts := 1 + rng.IntN(4)
			type cursor struct{ at, end int }
			var cur []*cursor
			for i := range parts {
				cur = append(cur, &cursor{i * len(body) / parts, (i + 1) * len(body) / parts})
			}
			for len(cur) > 0 {
				i := rng.IntN(len(cur))
				c := cur[i]
				n := min(1+rng.IntN(2000), c.end-c.at)
				copy(buf[c.at:c.at+n], body[c.at:c.at+n])
				a.filled(c.at, n)
				if c.at += n; c.at == c.end {
					cur = append(cur[:i], cur[i+1:]...)
				}
				runtime.Gosched()
			}
			a.finish(nil)
		}()
		_, _ = a.wait(0)
		var got bigNode
		if err := decodeFrom(tc, &decoder{b: a.buf, src: src}, unsafe.Pointer(&got)); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		if err := check(&got); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
	}

	// Bytes that stop coming: an error naming why, not a hang.
	a := newArrival()
	src := &bodyView{a: a, size: len(body)}
	go func() {
		buf := a.alloc(len(body))
		copy(buf, body[:len(body)/2])
		a.filled(0, len(body)/2)
		a.finish(errors.New("link lost"))
	}()
	_, _ = a.wait(0)
	var got bigNode
	if err := decodeFrom(tc, &decoder{b: a.buf, src: src}, unsafe.Pointer(&got)); err == nil {
		t.Error("a body cut in the middle decoded")
	}
}

// TestPauseGCPutsSettingsBack: loads that overlap pause the collector
// once and the last one to end puts the settings back.
func TestPauseGCPutsSettingsBack(t *testing.T) {
	read := func() (int, int64) {
		s := []metrics.Sample{{Name: "/gc/gogc:percent"}, {Name: "/gc/gomemlimit:bytes"}}
		metrics.Read(s)
		return int(s[0].Value.Uint64()), int64(s[1].Value.Uint64())
	}
	wasPercent, wasLimit := read()
	r1 := pauseGC(1 << 20)
	r2 := pauseGC(1 << 20)
	if p, limit := read(); p != -1 || limit == wasLimit && wasLimit == math.MaxInt64 {
		t.Fatalf("GC percent %d, limit %d while paused", p, limit)
	}
	r1()
	r1()
	r2()
	for deadline := time.Now().Add(10 * time.Second); ; {
		p, limit := read()
		if p == wasPercent && limit == wasLimit {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("GC percent %d, limit %d after the pauses; want %d, %d", p, limit, wasPercent, wasLimit)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
