package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/nats-io/nats.go"

	"daotao/domain"
	"daotao/events/jetstream"
	"daotao/projections"
)

// The Phụ lục II quota of Sở Thông tin và Truyền thông: 2 places in
// computer science for viên chức of Nhóm 3 and 4.
const (
	itQuota  = "pl2-1-so_thong_tin_truyen_thong"
	itAgency = "so_thong_tin_truyen_thong"
)

// itOfficial is a viên chức of Nhóm 3 in computer science, eligible for
// the IT quota.
func itOfficial(i int) map[string]any {
	return with(officialBody(itAgency), "full_name", fmt.Sprintf("Lê Văn %s", vietnameseOrdinal(i)), "category", "vc",
		"field", "cntt_khmt", "probation_end", "2010-09-01")
}

func vietnameseOrdinal(i int) string {
	names := []string{"An", "Bình", "Cường", "Dũng", "Đạt", "Giang", "Hải", "Khánh", "Lâm", "Minh"}
	return names[i%len(names)] + " " + names[(i/len(names))%len(names)]
}

// postgradOnQuota is a 24-month master's on the IT quota, with a 48-month
// commitment to serve.
func postgradOnQuota(official string) map[string]any {
	return with(nominationBody(official), "kind", "sau_dai_hoc", "content_code", nil, "title", "Thạc sĩ Khoa học máy tính",
		"start_date", "2026-09-01", "end_date", "2028-08-31", "quota_id", itQuota, "commitment_months", 48)
}

// approveAll approves every nomination at once over real HTTP, each from
// one of the servers in turn, and counts the answers by status.
func approveAll(t *testing.T, token string, ids []string, servers ...*httptest.Server) map[int]int {
	t.Helper()
	var mu sync.Mutex
	got := map[int]int{}
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, id := range ids {
		base := servers[i%len(servers)].URL
		wg.Go(func() {
			<-start
			req, _ := http.NewRequest(http.MethodPost, base+nomPath(id, "approve"), nil)
			req.Header.Set("Authorization", "Bearer "+token)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Errorf("approve %s: %v", id, err)
				return
			}
			resp.Body.Close()
			mu.Lock()
			got[resp.StatusCode]++
			mu.Unlock()
		})
	}
	close(start)
	wg.Wait()
	return got
}

// checkLog runs the invariant checker over the whole log.
func checkLog(t *testing.T, a *app) {
	t.Helper()
	ref, _ := a.state.ReferenceAsOf(a.srv.Today())
	vs, err := projections.Check(context.Background(), a.store, func(id string) (int, bool) {
		q, ok := ref.Doc.Quota(id)
		return q.Places, ok
	})
	if err != nil {
		t.Fatalf("check: %v", err)
	}
	for _, v := range vs {
		t.Errorf("invariant broken: %s", v)
	}
}

func submitted(t *testing.T, w *world, token string, bodies []map[string]any) []string {
	t.Helper()
	var ids []string
	for _, b := range bodies {
		id := w.nomination(t, token, b)
		w.do(t, token, http.MethodPost, nomPath(id, "submit"), nil).want(t, http.StatusOK)
		// Sở Nội vụ passes it on: the council's approval (Nhóm 3) is final.
		w.do(t, w.homeAffairs, http.MethodPost, nomPath(id, "approve"), nil).want(t, http.StatusOK)
		ids = append(ids, id)
	}
	return ids
}

// TestQuotaUnderConcurrency: 50 approvals race for a quota of 2 places;
// exactly 2 succeed and the quota reads 2 used, 0 left.
func TestQuotaUnderConcurrency(t *testing.T) {
	w := newWorld(t)
	it := w.user(t, "tc-sotttt", domain.RoleAgency, itAgency)
	var bodies []map[string]any
	for i := range 50 {
		bodies = append(bodies, postgradOnQuota(w.official(t, it, itOfficial(i))))
	}
	ids := submitted(t, w, it, bodies)
	srv := httptest.NewServer(w.srv)
	defer srv.Close()
	got := approveAll(t, w.council, ids, srv)
	if got[http.StatusOK] != 2 || got[http.StatusConflict] != 48 {
		t.Fatalf("answers %v; want 2 × 200 and 48 × 409", got)
	}
	var quotas []handlers_quota
	w.do(t, w.council, http.MethodGet, "/api/v1/quotas?min_seq="+fmt.Sprint(w.lastSeq(t)), nil).want(t, http.StatusOK).into(t, &quotas)
	for _, q := range quotas {
		if q.ID == itQuota && (q.Used != 2 || q.Left != 0) {
			t.Errorf("quota %s: used %d, left %d; want 2 and 0", q.ID, q.Used, q.Left)
		}
	}
	checkLog(t, w.app)
}

type handlers_quota struct {
	ID   string `json:"id"`
	Used int    `json:"used"`
	Left int    `json:"left"`
}

// TestOverlapUnderConcurrency: 20 approvals of overlapping nominations of
// one official race; exactly one lands.
func TestOverlapUnderConcurrency(t *testing.T) {
	w := newWorld(t)
	var bodies []map[string]any
	for i := range 20 {
		bodies = append(bodies, with(nominationBody(w.yteOfficial), "title", fmt.Sprintf("Khóa %d", i+1),
			"start_date", fmt.Sprintf("2026-03-%02d", 1+i%5), "end_date", "2026-03-20"))
	}
	ids := submitted(t, w, w.yte, bodies)
	srv := httptest.NewServer(w.srv)
	defer srv.Close()
	got := approveAll(t, w.council, ids, srv)
	if got[http.StatusOK] != 1 || got[http.StatusConflict] != 19 {
		t.Fatalf("answers %v; want 1 × 200 and 19 × 409", got)
	}
	checkLog(t, w.app)
}

// twoProcesses returns a second app on the same NATS server as the
// world's, with its own connection, store and projections: what two
// `daotao serve --nats-url` processes share is only NATS.
func twoProcesses(t *testing.T) (*world, *app, []*httptest.Server) {
	t.Helper()
	ns, err := jetstream.StartEmbedded(jetstream.ServerConfig{StoreDir: t.TempDir(), Listen: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ns.Shutdown(); ns.WaitForShutdown() })
	apps := make([]*app, 2)
	clk := &clock{now: start}
	for i := range apps {
		nc, err := nats.Connect(ns.ClientURL())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(nc.Close)
		store, err := jetstream.Open(t.Context(), nc, jetstream.Config{})
		if err != nil {
			t.Fatal(err)
		}
		apps[i] = build(t, t.Context(), store, clk)
		if err := apps[i].srv.CatchUp(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	w := populate(t, apps[0])
	servers := []*httptest.Server{httptest.NewServer(apps[0].srv), httptest.NewServer(apps[1].srv)}
	t.Cleanup(func() { servers[0].Close(); servers[1].Close() })
	return w, apps[1], servers
}

// TestInvariantsAcrossTwoServers repeats both races with the approvals
// spread over two servers that share only the NATS server.
func TestInvariantsAcrossTwoServers(t *testing.T) {
	w, other, servers := twoProcesses(t)
	it := w.user(t, "tc-sotttt", domain.RoleAgency, itAgency)
	var quota []map[string]any
	for i := range 50 {
		quota = append(quota, postgradOnQuota(w.official(t, it, itOfficial(i))))
	}
	var overlap []map[string]any
	for i := range 20 {
		overlap = append(overlap, with(nominationBody(w.yteOfficial), "title", fmt.Sprintf("Khóa %d", i+1)))
	}
	quotaIDs, overlapIDs := submitted(t, w, it, quota), submitted(t, w, w.yte, overlap)
	// The second server must know the nominations before deciding on them.
	if err := other.state.WaitFor(t.Context(), w.lastSeq(t)); err != nil {
		t.Fatal(err)
	}
	if got := approveAll(t, w.council, quotaIDs, servers...); got[http.StatusOK] != 2 {
		t.Errorf("quota: answers %v; want exactly 2 × 200", got)
	}
	if got := approveAll(t, w.council, overlapIDs, servers...); got[http.StatusOK] != 1 {
		t.Errorf("overlap: answers %v; want exactly 1 × 200", got)
	}
	checkLog(t, w.app)
}
