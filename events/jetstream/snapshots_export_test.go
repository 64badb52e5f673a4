package jetstream

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
)

// GetSnapshotByObjects is how a snapshot was read before ReadSnapshot:
// each part with the object store's reader (GetBytes), four at a time,
// then joined. Kept to compare in BenchmarkSnapshotFetch.
func GetSnapshotByObjects(s *Store, ctx context.Context, name string) ([]byte, error) {
	obs, err := s.snapshots(ctx)
	if err != nil {
		return nil, err
	}
	head, err := obs.GetBytes(ctx, name)
	if err != nil {
		return nil, err
	}
	parts, err := strconv.Atoi(string(head))
	if err != nil || parts < 1 {
		return nil, fmt.Errorf("snapshot %s: %q is not a number of parts", name, head)
	}
	got := make([][]byte, parts)
	errs := make([]error, parts)
	sem := make(chan struct{}, 4)
	var wg sync.WaitGroup
	for i := range parts {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			got[i], errs[i] = obs.GetBytes(ctx, partName(name, i))
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return bytes.Join(got, nil), nil
}

// SetSnapshotFetchers sets how many parts are read at once and returns
// the previous number.
func SetSnapshotFetchers(n int) int {
	old := snapshotFetchers
	snapshotFetchers = n
	return old
}

// SetSnapshotPull sets the bytes a part's consumer asks for at once and
// returns the previous number.
func SetSnapshotPull(n int) int {
	old := snapshotPull
	snapshotPull = n
	return old
}
