package projections

import (
	"time"

	"daotao/domain"
)

// QueueScan is Queue answered by scanning every candidate row, as it was
// before the queue index: for the benchmarks' before/after.
func (s *State) QueueScan(f NominationFilter, pg Page) ([]domain.NominationView, int) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	page, total := s.queueScan(f, pg)
	out := make([]domain.NominationView, 0, len(page))
	for _, i := range page {
		out = append(out, s.index.nominations[i].n.View())
	}
	return out, total
}

// ProgressScan is ProgressAt counted by scanning every official and
// nomination, as it was before the progress index.
var ProgressScan = (*State).progressScanLocked

func (s *State) progressScanLocked(t time.Time) Progress {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.progressScan(t)
}
