package projections

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"math"
	"runtime"
	"runtime/debug"
	"sync"
	"time"
	"unsafe"
)

// A start reads its snapshot while it arrives: the store fills one buffer
// of the snapshot's size, several parts at once, and meanwhile
//   - the header is checked as soon as it is in (format, schema, code;
//     then the event at its sequence is read from the log, concurrently),
//   - a goroutine hashes the bytes as the filled prefix grows,
//   - the body is decoded right behind that prefix (decoder.more).
//
// The decoded State is used only once every byte has arrived, the object
// store's digests and the snapshot's SHA-256 match, the event hash
// matches and the body decoded to its end: a snapshot that fails any
// check is not used, exactly as when the checks came before decoding. What
// a corrupt body could make the decoder allocate before its hash is known
// is bounded (decodeBigAlloc).

// arrival is a buffer being filled in runs, in any order, and the length
// of its prefix that has arrived.
type arrival struct {
	mu     sync.Mutex
	cond   sync.Cond
	buf    []byte
	sized  bool
	prefix int
	// starts and ends index the runs arrived beyond the prefix by their
	// first and past-the-last offsets.
	starts, ends map[int]int
	done         bool
	err          error
	doneAt       time.Time
}

func newArrival() *arrival {
	a := &arrival{starts: map[int]int{}, ends: map[int]int{}}
	a.cond.L = &a.mu
	return a
}

// alloc returns the buffer, of size bytes.
func (a *arrival) alloc(size int) []byte {
	b := make([]byte, size)
	a.mu.Lock()
	defer a.mu.Unlock()
	a.buf, a.sized = b, true
	a.cond.Broadcast()
	return b
}

// filled records that buf[off:off+n] has arrived.
func (a *arrival) filled(off, n int) {
	if n <= 0 {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	s, e := off, off+n
	if s2, ok := a.ends[s]; ok {
		delete(a.ends, s)
		delete(a.starts, s2)
		s = s2
	}
	if e2, ok := a.starts[e]; ok {
		delete(a.starts, e)
		delete(a.ends, e2)
		e = e2
	}
	if s > a.prefix {
		a.starts[s], a.ends[e] = e, s
		return
	}
	if e > a.prefix {
		a.prefix = e
		a.cond.Broadcast()
	}
}

// finish records that nothing more will arrive, and err why when the
// buffer is not complete.
func (a *arrival) finish(err error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if err == nil && (!a.sized || a.prefix != len(a.buf)) {
		err = errors.New("snapshot: the store ended before the whole snapshot arrived")
	}
	a.done, a.err, a.doneAt = true, err, time.Now()
	a.cond.Broadcast()
}

// wait returns the length of the prefix that has arrived once it is at
// least want (or the whole buffer, if smaller), or the error that ended
// the arrival before that.
func (a *arrival) wait(want int) (int, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for {
		if a.sized && a.prefix >= min(want, len(a.buf)) {
			return a.prefix, nil
		}
		if a.done {
			return a.prefix, a.err
		}
		a.cond.Wait()
	}
}

// result waits for the end of the arrival and returns its error.
func (a *arrival) result() (time.Time, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for !a.done {
		a.cond.Wait()
	}
	return a.doneAt, a.err
}

// trailerCheck hashes a snapshot's bytes as they arrive and compares the
// sum with its trailer.
type trailerCheck struct {
	done chan struct{}
	err  error
	at   time.Time
}

func checkTrailer(a *arrival, total int) *trailerCheck {
	c := &trailerCheck{done: make(chan struct{})}
	go func() {
		defer close(c.done)
		defer func() { c.at = time.Now() }()
		h := sha256.New()
		content := total - sha256.Size
		for at := 0; at < total; {
			p, err := a.wait(at + 1)
			if err != nil {
				c.err = err
				return
			}
			if at < content {
				h.Write(a.buf[at:min(p, content)])
			}
			at = p
		}
		if !bytes.Equal(h.Sum(nil), a.buf[content:]) {
			c.err = fmt.Errorf("%w: SHA-256 does not match its bytes", ErrSnapshotCorrupt)
		}
	}()
	return c
}

func (c *trailerCheck) result() error {
	<-c.done
	return c.err
}

// bodyView is the body of a snapshot still arriving, as its decoder sees
// it.
type bodyView struct {
	a         *arrival
	off, size int // the body is a.buf[off:off+size]
	trailer   *trailerCheck
	waited    time.Duration // how long the decoder waited for bytes
}

func (v *bodyView) wait(want int) (int, error) {
	began := time.Now()
	p, err := v.a.wait(v.off + want)
	v.waited += time.Since(began)
	if err != nil {
		return 0, err
	}
	return min(max(p-v.off, 0), v.size), nil
}

func (v *bodyView) verified() error {
	began := time.Now()
	defer func() { v.waited += time.Since(began) }()
	return v.trailer.result()
}

// load reads one snapshot, checks it and decodes it, all while it arrives
// (see above). A fetch that fails is reported as such; then a SHA-256
// that does not match; then a header or event that does not; then a body
// that does not decode.
func (sn *Snapshotter) load(ctx context.Context, name string) (*State, SnapshotInfo, error) {
	began := time.Now()
	var info SnapshotInfo
	ctx, cancel := context.WithCancel(ctx)
	a := newArrival()
	fetched := make(chan struct{})
	go func() {
		defer close(fetched)
		a.finish(sn.Store.ReadSnapshot(ctx, name, a.alloc, a.filled))
	}()
	// Whatever the outcome, the fetch has ended when load returns.
	defer func() {
		cancel()
		<-fetched
	}()
	// A header refused is final: the rest of the snapshot is not needed.
	fail := func(err error) (*State, SnapshotInfo, error) { return nil, info, err }

	if _, err := a.wait(snapshotHead); err != nil {
		return nil, info, err
	}
	buf := a.buf
	total := len(buf)
	n, err := headerLength(buf, total)
	if err != nil {
		return fail(err)
	}
	if _, err := a.wait(snapshotHead + n); err != nil {
		return nil, info, err
	}
	if info, err = readHeader(buf, n, total); err != nil {
		return fail(err)
	}
	body := info.BodyBytes
	if err := checkCompatible(info, sn.Code); err != nil {
		return fail(err)
	}
	defer pauseGC(int64(total))()
	trailer := checkTrailer(a, total)
	eventOK := make(chan error, 1)
	go func() {
		h, err := eventHashAt(ctx, sn.Log, info.Seq)
		if err == nil && h.String() != info.EventHash {
			err = fmt.Errorf("%w: event %d has hash %s, the snapshot was taken after %s", ErrSnapshotOtherLog, info.Seq, h, info.EventHash)
		}
		if err != nil {
			cancel() // no need for the rest of the snapshot
		}
		eventOK <- err
	}()

	view := &bodyView{a: a, off: snapshotHead + n, size: body, trailer: trailer}
	state, derr := decodeStateFrom(buf[view.off:view.off+body], view, info.Seq)
	decoded := time.Since(began)
	fetchedAt, ferr := a.result()
	errEvent := <-eventOK
	// A refused event stops the fetch: then the fetch's error says nothing.
	switch terr := trailer.result(); {
	case errEvent != nil:
		return nil, info, errEvent
	case ferr != nil:
		return nil, info, ferr
	case terr != nil:
		return nil, info, terr
	case derr != nil:
		return nil, info, fmt.Errorf("%w: %v", ErrSnapshotCorrupt, derr)
	}
	sn.logger().Info("snapshot read", "name", name, "fetch", fetchedAt.Sub(began).Round(time.Millisecond),
		"hash", trailer.at.Sub(began).Round(time.Millisecond), "decode", decoded.Round(time.Millisecond),
		"decode_waited", view.waited.Round(time.Millisecond), "took", time.Since(began).Round(time.Millisecond))
	return state, info, nil
}

// decodeStateFrom builds a State from a snapshot body that arrives from
// src, and the sequence it covers.
func decodeStateFrom(body []byte, src bodySource, seq uint64) (*State, error) {
	tc, err := stateCodec()
	if err != nil {
		return nil, err
	}
	s := New()
	if err := decodeFrom(tc, &decoder{b: body, src: src}, unsafe.Pointer(s)); err != nil {
		return nil, err
	}
	s.applied.Store(seq)
	return s, nil
}

// gcPause counts the loads that have paused the collector and keeps the
// settings to put back once the last one has ended.
var gcPause struct {
	sync.Mutex
	n       int
	percent int
	limit   int64
}

// pauseGC stops the collector while a snapshot of size bytes is read, and
// returns what starts it again: a collection in the background, after
// which the settings are put back.
//
// Decoding allocates the whole state at once (at national scale 170 MB of
// snapshot make 600 MB of heap): the collector would run cycle after cycle
// over a heap that is all live, on the cores that fetch and decode (a
// national load takes 1.7 s with it, 1.4 s without). Once the load is
// over, one cycle marks the state: with the collector still off, the
// goroutines that go on allocating (the start of serve) do not have to
// assist it, as they would with a heap far past its goal. A memory limit
// still bounds the heap meanwhile: the one set (GOMEMLIMIT), or else
// eight times the snapshot's size beyond what the process has now.
func pauseGC(size int64) (resume func()) {
	gcPause.Lock()
	defer gcPause.Unlock()
	if gcPause.n == 0 {
		gcPause.limit = debug.SetMemoryLimit(-1)
		if gcPause.limit == math.MaxInt64 {
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			debug.SetMemoryLimit(int64(ms.Sys) + 8*size)
		}
		gcPause.percent = debug.SetGCPercent(-1)
	}
	gcPause.n++
	var once sync.Once
	return func() {
		once.Do(func() {
			go func() {
				runtime.GC()
				gcPause.Lock()
				defer gcPause.Unlock()
				if gcPause.n--; gcPause.n == 0 {
					debug.SetGCPercent(gcPause.percent)
					debug.SetMemoryLimit(gcPause.limit)
				}
			}()
		})
	}
}
