package handlers_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"daotao/domain"
)

const queueFilters = "/api/v1/queue/filters"

// savedFilter is a saved queue filter as the API answers it.
type savedFilter struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Role    string `json:"role"`
	Query   string `json:"query"`
	SavedBy string `json:"saved_by"`
	Seq     uint64 `json:"seq"`
}

func (a *app) savedFilters(t *testing.T, token string) []savedFilter {
	t.Helper()
	var out []savedFilter
	a.do(t, token, http.MethodGet, queueFilters, nil).want(t, http.StatusOK).into(t, &out)
	return out
}

func saveBody(name, query string) map[string]string {
	return map[string]string{"name": name, "query": query}
}

// TestQueueFiltersSharedByRole: a filter saved by one council member or
// agency officer is there for everyone of that role, and only for them.
func TestQueueFiltersSharedByRole(t *testing.T) {
	w := newWorld(t)
	council := created(t, w.do(t, w.council, http.MethodPost, queueFilters, saveBody("  Sở Y tế, Nhóm 3 ", "group=3&agency=so_y_te")))
	agency := created(t, w.do(t, w.yte, http.MethodPost, queueFilters, saveBody("Sau đại học", "kind=sau_dai_hoc")))

	tests := []struct {
		name, token string
		want        []savedFilter
	}{
		{"council", w.council, []savedFilter{{ID: council, Name: "Sở Y tế, Nhóm 3", Role: "council", Query: "agency=so_y_te&group=3", SavedBy: "hoidong"}}},
		{"the officer who saved", w.yte, []savedFilter{{ID: agency, Name: "Sau đại học", Role: "agency", Query: "kind=sau_dai_hoc", SavedBy: "soyte"}}},
		{"another agency's officer", w.tamky, []savedFilter{{ID: agency, Name: "Sau đại học", Role: "agency", Query: "kind=sau_dai_hoc", SavedBy: "soyte"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := w.savedFilters(t, tt.token)
			for i := range got {
				got[i].Seq = 0
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("filters %+v, want %+v", got, tt.want)
			}
		})
	}
	t.Run("others' filter is not found", func(t *testing.T) {
		w.refused(t, w.council, http.MethodDelete, queueFilters+"/"+agency, nil, http.StatusNotFound, "not_found")
		w.refused(t, w.yte, http.MethodDelete, queueFilters+"/"+council, nil, http.StatusNotFound, "not_found")
	})
	t.Run("anyone of the role removes", func(t *testing.T) {
		w.do(t, w.tamky, http.MethodDelete, queueFilters+"/"+agency, nil).want(t, http.StatusOK)
		if got := w.savedFilters(t, w.yte); len(got) != 0 {
			t.Errorf("after removal the agency role still has %+v", got)
		}
		w.refused(t, w.tamky, http.MethodDelete, queueFilters+"/"+agency, nil, http.StatusNotFound, "not_found")
	})
}

func TestQueueFiltersRoles(t *testing.T) {
	w := newWorld(t)
	for name, token := range map[string]string{"auditor": w.auditor, "admin": w.admin} {
		t.Run(name, func(t *testing.T) {
			w.do(t, token, http.MethodGet, queueFilters, nil).failure(t, http.StatusForbidden, "forbidden")
			w.refused(t, token, http.MethodPost, queueFilters, saveBody("Nhóm 1", "group=1"), http.StatusForbidden, "forbidden")
			w.refused(t, token, http.MethodDelete, queueFilters+"/f-1", nil, http.StatusForbidden, "forbidden")
		})
	}
}

func TestQueueFiltersRefused(t *testing.T) {
	w := newWorld(t)
	created(t, w.do(t, w.council, http.MethodPost, queueFilters, saveBody("Nhóm 1", "group=1")))
	tests := []struct {
		name, token string
		body        any
		field       string
	}{
		{"empty name", w.council, saveBody("   ", "group=2"), "name"},
		{"name over 80 characters", w.council, saveBody(strings.Repeat("ư", 81), "group=2"), "name"},
		{"name taken", w.council, saveBody("Nhóm 1", "group=2"), "name"},
		{"name taken, typed decomposed", w.council, saveBody("Nho\u0301m 1", "group=2"), "name"},
		{"unknown key", w.council, saveBody("A", "status=approved"), "query"},
		{"bad group", w.council, saveBody("A", "group=7"), "query"},
		{"bad kind", w.council, saveBody("A", "kind=ngan_han"), "query"},
		{"bad content", w.council, saveBody("A", "content=X.1"), "query"},
		{"unknown agency", w.council, saveBody("A", "agency=so_khong_co"), "query"},
		{"agency condition on an agency's queue", w.yte, saveBody("A", "agency=so_y_te"), "query"},
		{"empty filter", w.council, saveBody("A", ""), "query"},
		{"query of the wrong type", w.council, map[string]any{"name": "A", "query": 3}, "query"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := w.refused(t, tt.token, http.MethodPost, queueFilters, tt.body, http.StatusBadRequest, "invalid")
			e.naming(t, tt.field)
		})
	}
}

// TestQueueFiltersStored: names are stored in NFC, a repeated
// Idempotency-Key saves once, and a role keeps at most 50 filters.
func TestQueueFiltersStored(t *testing.T) {
	w := newWorld(t)
	first := w.do(t, w.council, http.MethodPost, queueFilters, saveBody("Nho\u0301m 2", "group=2"), "Idempotency-Key", "k-1")
	id := created(t, first)
	before := w.lastSeq(t)
	again := w.do(t, w.council, http.MethodPost, queueFilters, saveBody("Nho\u0301m 2", "group=2"), "Idempotency-Key", "k-1")
	if created(t, again) != id || w.lastSeq(t) != before {
		t.Errorf("a repeated key answered %s and grew the log by %d, want %s and nothing", again.raw, w.lastSeq(t)-before, id)
	}
	if got := w.savedFilters(t, w.council); len(got) != 1 || got[0].Name != "Nhóm 2" {
		t.Errorf("filters %+v, want one named %q in NFC", got, "Nhóm 2")
	}
	for i := 1; i < domain.MaxQueueFilters; i++ {
		created(t, w.do(t, w.council, http.MethodPost, queueFilters, saveBody(fmt.Sprint("Bộ lọc ", i), "group=1")))
	}
	e := w.refused(t, w.council, http.MethodPost, queueFilters, saveBody("Một nữa", "group=3"), http.StatusConflict, "filter_limit")
	if !strings.Contains(e.Message, "50") {
		t.Errorf("message %q does not say the limit", e.Message)
	}
	created(t, w.do(t, w.yte, http.MethodPost, queueFilters, saveBody("Một nữa", "group=3"))) // another role's cap
}
