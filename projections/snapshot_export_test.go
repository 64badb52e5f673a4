package projections

// Exported for the external tests and benchmarks of snapshots.
var (
	EncodeState = encodeState
	DecodeState = decodeState
)
