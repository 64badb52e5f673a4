package projections_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"daotao/domain"
	"daotao/projections"
)

// Before/after benchmarks of the read index (queue_index.go,
// progress_index.go): the same request answered from the index and by the
// scan it replaced, over states of 10,000 and 100,000 officials with a
// nomination each (a quarter of them submitted).

var queryStates sync.Map // size → *projections.State

func queryState(b *testing.B, n int) *projections.State {
	if s, ok := queryStates.Load(n); ok {
		return s.(*projections.State)
	}
	s := benchState(b, benchLog(b, n))
	queryStates.Store(n, s)
	return s
}

// BenchmarkQueueIndex is the council's queue (every submitted one, one
// agency's, a later page of one group's) from the queue index and by the
// scan.
func BenchmarkQueueIndex(b *testing.B) {
	submitted := []domain.Status{domain.StatusSubmitted}
	for _, n := range []int{10_000, 100_000} {
		s := queryState(b, n)
		for _, bc := range []struct {
			name string
			f    projections.NominationFilter
			pg   projections.Page
		}{
			{"all", projections.NominationFilter{Status: submitted}, projections.Page{Limit: 50}},
			{"agency", projections.NominationFilter{Status: submitted, Agency: "so_y_te"}, projections.Page{Limit: 50}},
			{"group_page2", projections.NominationFilter{Status: submitted, Group: 2}, projections.Page{Offset: 50, Limit: 50}},
		} {
			for _, way := range []string{"index", "scan"} {
				query := s.Queue
				if way == "scan" {
					query = s.QueueScan
				}
				b.Run(fmt.Sprintf("n=%d/%s/%s", n, bc.name, way), func(b *testing.B) {
					b.ReportAllocs()
					for b.Loop() {
						if got, total := query(bc.f, bc.pg); len(got) == 0 || total == 0 {
							b.Fatalf("Queue = %d of %d", len(got), total)
						}
					}
				})
			}
		}
	}
}

// BenchmarkDashboard is the targets' counts (GET /api/v1/targets, the
// dashboard) now and at the end of a past year, from the progress index
// and by the scan.
func BenchmarkDashboard(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		s := queryState(b, n)
		for _, at := range []struct {
			name string
			t    time.Time
		}{{"now", t0.Add(10 * 365 * 24 * time.Hour)}, {"past", t0.Add(time.Duration(n) * time.Second)}} {
			for _, way := range []string{"index", "scan"} {
				count := s.ProgressAt
				if way == "scan" {
					count = func(t time.Time) projections.Progress { return projections.ProgressScan(s, t) }
				}
				b.Run(fmt.Sprintf("n=%d/%s/%s", n, at.name, way), func(b *testing.B) {
					b.ReportAllocs()
					for b.Loop() {
						if p := count(at.t); p.Roster == 0 {
							b.Fatal("empty roster")
						}
					}
				})
			}
		}
	}
}
