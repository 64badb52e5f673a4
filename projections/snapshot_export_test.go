package projections

import "context"

// Exported for the external tests and benchmarks of snapshots.
var (
	EncodeState = encodeState
	DecodeState = decodeState
)

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
