package handlers_test

import (
	"encoding/json"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"daotao/domain"
)

const officials = "/api/v1/officials"

func TestRegisterOfficial(t *testing.T) {
	w := newWorld(t)
	body := officialBody("so_y_te")
	r := w.do(t, w.yte, http.MethodPost, officials, body)
	id := created(t, r)
	got := w.do(t, w.yte, http.MethodGet, officials+"/"+id, nil).want(t, http.StatusOK).object(t)
	var wantBody map[string]any // body as JSON reads it back
	raw, _ := json.Marshal(body)
	_ = json.Unmarshal(raw, &wantBody)
	for k, want := range wantBody {
		if !reflect.DeepEqual(got[k], want) {
			t.Errorf("official %s = %v, want %v", k, got[k], want)
		}
	}
	if got["id"] != id || got["seq"] != r.object(t)["seq"] {
		t.Errorf("official id, seq = %v, %v; want %v and the seq of its registration %v", got["id"], got["seq"], id, r.object(t)["seq"])
	}
}

func TestRegisterOfficialInvalid(t *testing.T) {
	w := newWorld(t)
	valid := officialBody("so_y_te")
	tests := []struct {
		name   string
		body   map[string]any
		fields []string
	}{
		{"nothing", map[string]any{}, []string{"full_name", "agency_code", "group", "category",
			"birth_date", "gender", "service_start", "qualification", "field"}},
		{"digits in name", with(valid, "full_name", "Nguyễn 123"), []string{"full_name"}},
		{"unknown agency", with(valid, "agency_code", "so_khong_co"), []string{"agency_code"}},
		{"group 5", with(valid, "group", 5), []string{"group"}},
		{"group as text", with(valid, "group", "một"), []string{"group"}},
		{"category", with(valid, "category", "hop_dong"), []string{"category"}},
		{"impossible date", with(valid, "birth_date", "1985-02-30"), []string{"birth_date"}},
		{"date layout", with(valid, "birth_date", "12/04/1985"), []string{"birth_date"}},
		{"bad date and no name", with(valid, "service_start", "2009-9-1", "full_name", nil), []string{"service_start", "full_name"}},
		{"too young", with(valid, "birth_date", "2010-01-01", "service_start", "2026-01-01"), []string{"birth_date", "service_start"}},
		{"service in the future", with(valid, "service_start", "2030-01-01"), []string{"service_start"}},
		{"gender", with(valid, "gender", "male"), []string{"gender"}},
		{"qualification", with(valid, "qualification", "cu_nhan"), []string{"qualification"}},
		{"field", with(valid, "field", "toan_hoc"), []string{"field"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w.refused(t, w.yte, http.MethodPost, officials, tt.body, http.StatusBadRequest, "invalid").naming(t, tt.fields...)
		})
	}
	t.Run("another agency's roster", func(t *testing.T) {
		w.refused(t, w.yte, http.MethodPost, officials, officialBody("ubnd_tam_ky"), http.StatusForbidden, "forbidden")
	})
}

func TestListOfficials(t *testing.T) {
	w := newWorld(t) // one official of so_y_te (group 3), one of ubnd_tam_ky (group 3)
	w.official(t, w.yte, with(officialBody("so_y_te"), "group", 2, "full_name", "Trần Văn Hùng"))
	w.official(t, w.yte, with(officialBody("so_y_te"), "group", 4))
	w.official(t, w.tamky, with(officialBody("ubnd_tam_ky"), "group", 2))
	tests := []struct {
		name, token, query string
		want               int
	}{
		{"council sees all", w.council, "", 5},
		{"auditor sees all", w.auditor, "", 5},
		{"admin sees all", w.admin, "", 5},
		{"by agency", w.council, "?agency=so_y_te", 3},
		{"by group", w.council, "?group=2", 2},
		{"by agency and group", w.council, "?agency=ubnd_tam_ky&group=2", 1},
		{"by name", w.council, "?q=h%C3%B9ng", 1},
		{"agency sees its own", w.yte, "", 3},
		{"agency names itself", w.yte, "?agency=so_y_te&group=4", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := w.do(t, tt.token, http.MethodGet, officials+tt.query, nil).want(t, http.StatusOK)
			list := r.list(t)
			if len(list) != tt.want {
				t.Errorf("got %d officials, want %d: %s", len(list), tt.want, r.raw)
			}
			if tt.token == w.yte {
				for _, o := range list {
					if o["agency_code"] != "so_y_te" {
						t.Errorf("agency user sees an official of %v", o["agency_code"])
					}
				}
			}
		})
	}
	t.Run("agency asks for another", func(t *testing.T) {
		w.do(t, w.yte, http.MethodGet, officials+"?agency=ubnd_tam_ky", nil).failure(t, http.StatusForbidden, "forbidden")
	})
	t.Run("bad filters", func(t *testing.T) {
		w.do(t, w.council, http.MethodGet, officials+"?group=5&limit=0&offset=-1", nil).
			failure(t, http.StatusBadRequest, "invalid", "group", "limit", "offset")
	})
	t.Run("pages", func(t *testing.T) {
		testPages(t, w.app, w.council, officials, 5)
	})
}

// testPages walks a list of total items two at a time and checks the
// X-Total-Count and Link headers of each page.
func testPages(t *testing.T, a *app, token, path string, total int) {
	t.Helper()
	seen := map[string]bool{}
	next := path + "?limit=2"
	for page := 0; next != ""; page++ {
		r := a.do(t, token, http.MethodGet, next, nil).want(t, http.StatusOK)
		if got := r.header.Get("X-Total-Count"); got != strconv.Itoa(total) {
			t.Errorf("page %d: X-Total-Count = %q, want %d", page, got, total)
		}
		for _, item := range r.list(t) {
			seen[item["id"].(string)] = true
		}
		next = ""
		if link := r.header.Get("Link"); link != "" {
			target, rel, _ := strings.Cut(link, ">; ")
			if rel != `rel="next"` || !strings.HasPrefix(target, "<"+path+"?") {
				t.Fatalf("page %d: Link = %q, want <%s?...>; rel=\"next\"", page, link, path)
			}
			next = strings.TrimPrefix(target, "<")
		}
		if page > total {
			t.Fatalf("more pages than items: last Link %q", r.header.Get("Link"))
		}
	}
	if len(seen) != total {
		t.Errorf("pages held %d distinct items, want %d", len(seen), total)
	}
}

func TestOfficialVisibility(t *testing.T) {
	w := newWorld(t)
	tests := []struct {
		name, token, id string
		want            int
	}{
		{"own agency", w.yte, w.yteOfficial, http.StatusOK},
		{"another agency", w.yte, w.tamkyOfficial, http.StatusNotFound},
		{"council", w.council, w.tamkyOfficial, http.StatusOK},
		{"auditor", w.auditor, w.yteOfficial, http.StatusOK},
		{"admin", w.admin, w.yteOfficial, http.StatusOK},
		{"unknown", w.council, "khong-co", http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := w.do(t, tt.token, http.MethodGet, officials+"/"+tt.id, nil)
			if tt.want != http.StatusOK {
				r.failure(t, tt.want, "not_found")
				return
			}
			if got := r.want(t, tt.want).object(t)["id"]; got != tt.id {
				t.Errorf("id = %v, want %s", got, tt.id)
			}
		})
	}
}

func TestAgencies(t *testing.T) {
	a := newApp(t)
	token := a.user(t, "soyte", domain.RoleAgency, "so_y_te")
	var list []domain.Agency
	r := a.do(t, token, http.MethodGet, "/api/v1/agencies", nil).want(t, http.StatusOK)
	r.into(t, &list)
	districts, codes := 0, map[string]bool{}
	for _, ag := range list {
		if ag.Code == "" || ag.Name == "" || ag.Kind == "" {
			t.Errorf("agency %+v lacks a code, name or kind", ag)
		}
		codes[ag.Code] = true
		if strings.HasPrefix(ag.Code, "ubnd_") {
			districts++
		}
	}
	if !codes["so_noi_vu"] || !codes["so_y_te"] {
		t.Errorf("agencies lack so_noi_vu or so_y_te: %v", codes)
	}
	if districts != 18 {
		t.Errorf("district People's Committees = %d, want 18", districts)
	}
	if got := r.header.Get("X-Total-Count"); got != strconv.Itoa(len(list)) {
		t.Errorf("X-Total-Count = %q, want %d", got, len(list))
	}
}
