package projections

import "context"

// Exported for the external tests and benchmarks of snapshots.
var DecodeState = decodeState

// EncodeState encodes s as a process's first snapshot does, with no size
// known beforehand.
func EncodeState(s *State) ([]byte, uint64, error) {
	enc, err := encodeState(s, encodeSize{})
	return enc.body, enc.seq, err
}

// Exported for BenchmarkSnapshotLoad.
var (
	LoadWhole         = loadWhole
	PutStateSnapshot  = putStateSnapshot
	DecodeStateSerial = decodeStateSerial
)

// Load is sn.load.
func (sn *Snapshotter) Load(ctx context.Context, name string) (*State, SnapshotInfo, error) {
	return sn.load(ctx, name)
}

// EncoderSize is what sn's next snapshot sizes its encoder with.
func (sn *Snapshotter) EncoderSize() (bytes, strings, addresses, refs int) {
	s := sn.size
	return s.Bytes, s.Strings, s.Addresses, s.Refs
}

// newEncoder returns an encoder with no room set aside, for the codec's
// tests.
func newEncoder() *encoder { return newEncoderSized(encodeSize{}) }
