package projections

import (
	"context"
	"fmt"
	"time"
	"unsafe"
)

// loadWhole is how a start read a snapshot before it was read while
// arriving (snapshot_stream.go): fetch all of it, check its hash, its
// header and the event at its sequence, then decode. Kept to compare in
// BenchmarkSnapshotLoad.
func loadWhole(ctx context.Context, sn *Snapshotter, name string) (*State, SnapshotInfo, error) {
	getter, ok := sn.Store.(interface {
		GetSnapshot(ctx context.Context, name string) ([]byte, error)
	})
	if !ok {
		return nil, SnapshotInfo{}, fmt.Errorf("the store has no GetSnapshot")
	}
	data, err := getter.GetSnapshot(ctx, name)
	if err != nil {
		return nil, SnapshotInfo{}, err
	}
	info, body, err := unmarshalSnapshot(data)
	if err != nil {
		return nil, info, err
	}
	if err := checkCompatible(info, sn.Code); err != nil {
		return nil, info, err
	}
	h, err := eventHashAt(ctx, sn.Log, info.Seq)
	if err != nil {
		return nil, info, err
	}
	if h.String() != info.EventHash {
		return nil, info, fmt.Errorf("%w: event %d has hash %s, the snapshot was taken after %s", ErrSnapshotOtherLog, info.Seq, h, info.EventHash)
	}
	state, err := decodeStateSerial(body, info.Seq)
	if err != nil {
		return nil, info, fmt.Errorf("%w: %v", ErrSnapshotCorrupt, err)
	}
	return state, info, nil
}

// putStateSnapshot stores a snapshot of s as if it had been taken at
// seq, the first event of sn.Log, whatever s has applied: a state of any
// size over a log of one event.
func putStateSnapshot(ctx context.Context, sn *Snapshotter, s *State, seq uint64) (string, int, error) {
	tc, err := stateCodec()
	if err != nil {
		return "", 0, err
	}
	e := newEncoderSized(encodeSize{Bytes: 1 << 20})
	tc.enc(e, unsafe.Pointer(s))
	e.finish()
	if e.err != nil {
		return "", 0, e.err
	}
	h, err := eventHashAt(ctx, sn.Log, seq)
	if err != nil {
		return "", 0, err
	}
	info := SnapshotInfo{Format: SnapshotFormat, Schema: StateSchema(), Code: sn.Code, Seq: seq,
		EventHash: h.String(), TakenAt: time.Now().UTC()}
	data, err := marshalSnapshot(info, e.buf)
	if err != nil {
		return "", 0, err
	}
	name := snapshotName(seq)
	return name, len(data), sn.Store.PutSnapshot(ctx, name, data)
}

// decodeStateSerial is decodeState as it was: maps filled as they are
// decoded, on the decoder's goroutine.
func decodeStateSerial(body []byte, seq uint64) (*State, error) {
	tc, err := stateCodec()
	if err != nil {
		return nil, err
	}
	s := New()
	if err := decodeSerial(tc, &decoder{b: body, end: len(body)}, unsafe.Pointer(s)); err != nil {
		return nil, err
	}
	s.applied.Store(seq)
	return s, nil
}
