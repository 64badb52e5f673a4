package domain_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"daotao/domain"
	"daotao/events"
)

// givenFilters returns the set that the saved events make, in order.
func givenFilters(saved ...events.Payload) *domain.QueueFilters {
	f := &domain.QueueFilters{}
	for i, p := range saved {
		f.Apply(uint64(10+i), time.Unix(0, 0), "hoidong", p)
	}
	return f
}

func savedFilter(id, name, query string) *events.QueueFilterSaved {
	return &events.QueueFilterSaved{FilterID: id, Name: name, Role: "council", Query: query}
}

func TestQueueFilterSave(t *testing.T) {
	f := givenFilters(savedFilter("f1", "Nhóm 1", "group=1"))
	got, err := f.Save(council, "f2", "Sở Y tế, sau đại học", "kind=sau_dai_hoc&agency=so_y_te&content=", domain.DefaultAgencies())
	if err != nil {
		t.Fatalf("Save: %v", err)
	}
	want := events.QueueFilterSaved{FilterID: "f2", Name: "Sở Y tế, sau đại học", Role: "council", Query: "agency=so_y_te&kind=sau_dai_hoc"}
	if got != want {
		t.Errorf("event = %+v, want %+v (canonical query: keys sorted, empty values dropped)", got, want)
	}
}

func TestQueueFilterSaveRefused(t *testing.T) {
	full := make([]events.Payload, domain.MaxQueueFilters)
	for i := range full {
		full[i] = savedFilter(fmt.Sprint("f", i), fmt.Sprint("Bộ lọc ", i), "group=1")
	}
	tests := []struct {
		name       string
		given      *domain.QueueFilters
		actor      events.Actor
		filter     string
		query      string
		kind       domain.Kind
		fields     []string
		messageHas string
	}{
		{"auditor has no queue", givenFilters(), auditor, "A", "group=1", domain.KindForbidden, nil, ""},
		{"empty name", givenFilters(), council, "", "group=1", domain.KindInvalid, []string{"name"}, ""},
		{"name too long", givenFilters(), council, strings.Repeat("ă", 81), "group=1", domain.KindInvalid, []string{"name"}, "80"},
		{"control character", givenFilters(), council, "a\nb", "group=1", domain.KindInvalid, []string{"name"}, ""},
		{"name taken", givenFilters(savedFilter("f1", "Nhóm 1", "group=1")), council, "Nhóm 1", "group=2", domain.KindInvalid, []string{"name"}, ""},
		{"unknown key", givenFilters(), council, "A", "status=approved", domain.KindInvalid, []string{"query"}, "status"},
		{"repeated key", givenFilters(), council, "A", "group=1&group=2", domain.KindInvalid, []string{"query"}, ""},
		{"bad group", givenFilters(), council, "A", "group=5", domain.KindInvalid, []string{"query"}, ""},
		{"group with a sign", givenFilters(), council, "A", "group=+1", domain.KindInvalid, []string{"query"}, ""},
		{"bad kind", givenFilters(), council, "A", "kind=khac", domain.KindInvalid, []string{"query"}, ""},
		{"bad content", givenFilters(), council, "A", "content=Z.9", domain.KindInvalid, []string{"query"}, ""},
		{"unknown agency", givenFilters(), council, "A", "agency=so_khong_co", domain.KindInvalid, []string{"query"}, ""},
		{"agency for the agency role", givenFilters(), officer, "A", "agency=so_noi_vu", domain.KindInvalid, []string{"query"}, ""},
		{"empty filter", givenFilters(), council, "A", "group=&kind=", domain.KindInvalid, []string{"query"}, ""},
		{"malformed query", givenFilters(), council, "A", "group=%zz", domain.KindInvalid, []string{"query"}, ""},
		{"both wrong", givenFilters(), council, "", "x=1", domain.KindInvalid, []string{"name", "query"}, ""},
		{"cap reached", givenFilters(full...), council, "Một nữa", "group=2", domain.KindConflict, nil, "50"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.given.Save(tt.actor, "new", tt.filter, tt.query, domain.DefaultAgencies())
			e := wantError(t, err, tt.kind, tt.fields...)
			if !strings.Contains(e.Message+fmt.Sprint(e.Fields), tt.messageHas) {
				t.Errorf("error %v does not mention %q", e, tt.messageHas)
			}
		})
	}
}

func TestQueueFilterRemove(t *testing.T) {
	f := givenFilters(savedFilter("f1", "Nhóm 1", "group=1"), savedFilter("f2", "Nhóm 2", "group=2"))
	got, err := f.Remove(council, "f1")
	if err != nil || got != (events.QueueFilterRemoved{FilterID: "f1"}) {
		t.Fatalf("Remove = %+v, %v; want the removal of f1", got, err)
	}
	f.Apply(20, time.Unix(0, 0), "hoidong", &got)
	if list := f.List(); len(list) != 1 || list[0].ID != "f2" || f.Seq() != 20 {
		t.Errorf("after removal: %+v at seq %d, want only f2 at 20", list, f.Seq())
	}
	_, err = f.Remove(council, "f1")
	wantError(t, err, domain.KindNotFound)
	_, err = f.Remove(auditor, "f2")
	wantError(t, err, domain.KindForbidden)
}

func TestQueueFilterCloneIsIndependent(t *testing.T) {
	f := givenFilters(savedFilter("f1", "Nhóm 1", "group=1"))
	c := f.Clone()
	c.Apply(30, time.Unix(0, 0), "hoidong", savedFilter("f2", "Nhóm 2", "group=2"))
	if len(f.List()) != 1 || len(c.List()) != 2 {
		t.Errorf("clone shares state: original %d filters, clone %d", len(f.List()), len(c.List()))
	}
}
