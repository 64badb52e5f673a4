package reports

import (
	"context"
	"fmt"
	"slices"
	"time"

	"daotao/events"
	"daotao/projections/asof"
)

// SealPoint returns the point the reports of a seal are computed at:
// events up to cutoffSeq, with dates and reference data as of cutoff when
// it is set (else as of the latest business time included).
func SealPoint(cutoffSeq uint64, cutoff time.Time) asof.Point {
	return asof.Point{Seq: cutoffSeq, Time: cutoff}
}

// SealHashes replays read up to SealPoint(cutoffSeq, cutoff) and returns
// the hash of each report of names, as a review.sealed event records
// them. It returns an error for an unknown report, a replay that fails,
// or a cut-off time that excludes events up to cutoffSeq.
func (reg *Registry) SealHashes(ctx context.Context, read asof.Reader, cutoffSeq uint64, cutoff time.Time, names []string) (map[string]string, error) {
	in, err := Replay(ctx, read, SealPoint(cutoffSeq, cutoff))
	if err != nil {
		return nil, err
	}
	if in.Cut.LastSeq != cutoffSeq {
		return nil, fmt.Errorf("reports: the log up to the cut-off time ends at seq %d, not at the cut-off sequence %d", in.Cut.LastSeq, cutoffSeq)
	}
	out := make(map[string]string, len(names))
	for _, name := range names {
		if out[name], err = reg.SealHash(in, name); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// CheckSeal recomputes every report seal records and returns an error
// naming the first (by name) whose hash differs, or why it could not be
// recomputed.
func (reg *Registry) CheckSeal(ctx context.Context, read asof.Reader, seal events.ReviewSealed) error {
	if len(seal.Reports) == 0 {
		return nil
	}
	names := make([]string, 0, len(seal.Reports))
	for name := range seal.Reports {
		names = append(names, name)
	}
	slices.Sort(names)
	got, err := reg.SealHashes(ctx, read, seal.CutoffSeq, seal.Cutoff, names)
	if err != nil {
		return err
	}
	for _, name := range names {
		if got[name] != seal.Reports[name] {
			return fmt.Errorf("reports: sealed report %s recomputes to %s, not the sealed %s", name, got[name], seal.Reports[name])
		}
	}
	return nil
}
