package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"daotao/projections"
)

// Query kinds, as bench.json names them.
const (
	queryQueue     = "queue"
	queryDashboard = "dashboard"
	queryOfficial  = "official"
)

// queries are the reads measured under the command load: the council's
// queue (filtered by agency or group, paginated), the targets dashboard,
// and one official's nominations.
type queries struct {
	a         *benchApp
	council   string
	agencies  []string
	officials []string
	mu        sync.Mutex
	lat       map[string]samples
	errs      map[string]int
}

func newQueries(b *bench, a *benchApp) (*queries, error) {
	q := &queries{a: a, council: a.tokens[benchCouncil], agencies: b.users.agencies, lat: map[string]samples{}, errs: map[string]int{}}
	seen := map[string]bool{}
	list, _ := a.state.Nominations(projections.NominationFilter{}, projections.Page{Limit: projections.MaxLimit})
	for _, n := range list {
		if !seen[n.OfficialID] {
			seen[n.OfficialID] = true
			q.officials = append(q.officials, n.OfficialID)
		}
	}
	if len(q.officials) == 0 {
		return nil, errors.New("no nominations to query")
	}
	return q, nil
}

// path returns the i-th request of kind.
func (q *queries) path(kind string, i int) string {
	switch kind {
	case queryQueue:
		switch i % 3 {
		case 0:
			return "/api/v1/queue?limit=50"
		case 1:
			return "/api/v1/queue?limit=50&agency=" + url.QueryEscape(q.agencies[i%len(q.agencies)])
		}
		return "/api/v1/queue?limit=50&offset=50&group=" + strconv.Itoa(1+i%4)
	case queryDashboard:
		return "/api/v1/targets"
	}
	return "/api/v1/nominations?limit=50&official_id=" + url.QueryEscape(q.officials[i%len(q.officials)])
}

// run sends rate requests per second of each kind for d; a request that
// takes longer than the interval delays the next one.
func (q *queries) run(ctx context.Context, d time.Duration, rate int) {
	deadline := time.Now().Add(d)
	var wg sync.WaitGroup
	for _, kind := range []string{queryQueue, queryDashboard, queryOfficial} {
		wg.Go(func() {
			tick := time.NewTicker(time.Second / time.Duration(max(rate, 1)))
			defer tick.Stop()
			for i := 0; time.Now().Before(deadline) && ctx.Err() == nil; i++ {
				q.one(ctx, kind, i)
				<-tick.C
			}
		})
	}
	wg.Wait()
}

func (q *queries) one(ctx context.Context, kind string, i int) {
	t := time.Now()
	status, err := q.a.call(ctx, q.council, http.MethodGet, q.path(kind, i), nil, nil)
	took := time.Since(t)
	q.mu.Lock()
	defer q.mu.Unlock()
	if err != nil || status != http.StatusOK {
		q.errs[fmt.Sprintf("%s %d", kind, status)]++
		return
	}
	q.lat[kind] = append(q.lat[kind], took)
}

func (q *queries) result(rate int) queryResult {
	qs, ds, os := q.lat[queryQueue].summary(), q.lat[queryDashboard].summary(), q.lat[queryOfficial].summary()
	return queryResult{RatePerS: rate, QueueP50Ms: qs.P50Ms, QueueP99Ms: qs.P99Ms, DashboardP50Ms: ds.P50Ms, DashboardP99Ms: ds.P99Ms,
		OfficialP50Ms: os.P50Ms, OfficialP99Ms: os.P99Ms,
		Counts: map[string]int{queryQueue: qs.Count, queryDashboard: ds.Count, queryOfficial: os.Count}, Errors: q.errs}
}
