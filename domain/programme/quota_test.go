package programme_test

import (
	"reflect"
	"strings"
	"testing"
)

// TestTotalPlaces checks the places against a count by hand from the seed
// (Phụ lục II), with 18 district UBNDs and 24 "Sở, ban, ngành" (18 kind so
// + 6 kind ban, see TestDepartments):
//
//	row 1 CNTT:     Sở TT&TT 2 + 4 named localities × 1          =   6
//	row 2 Quy hoạch: 5 agencies × 2 + 18 districts × 2           =  46
//	row 3 TN-MT:    Sở TN&MT 2 + Sở NN 3 + VQG Sông Thanh 2 + 18 × 1 =  25
//	row 4 Nông nghiệp: Sở TN&MT 1 + Sở NN 3 + Ban QLDA NN 1 + 18 × 1 =  23
//	row 5 Y - dược: one pooled quota                              =  30
//	row 6 Đối ngoại: Tam Kỳ 1 + Hội An 1                          =   2
//	row 7 Khác:     24 departments × 1 + 18 districts × 1         =  42
//	                                                        total = 174
func TestTotalPlaces(t *testing.T) {
	d := defaultDoc(t)
	if got := d.TotalPlaces(); got != 174 {
		t.Errorf("TotalPlaces() = %d, want 174", got)
	}
	want := map[int]int{1: 6, 2: 46, 3: 25, 4: 23, 5: 30, 6: 2, 7: 42}
	if got := d.PlacesByRow(); !reflect.DeepEqual(got, want) {
		t.Errorf("PlacesByRow() = %v, want %v", got, want)
	}
	wantFields := map[string]int{"cntt_khmt": 6, "quy_hoach_do_thi": 46, "tnmt_dat_dai": 25, "nong_nghiep": 23, "y_te": 30, "khac": 44}
	if got := d.PlacesByStudyField(); !reflect.DeepEqual(got, wantFields) {
		t.Errorf("PlacesByStudyField() = %v, want %v", got, wantFields)
	}
	// 5 + (5 + 18) + (3 + 18) + (3 + 18) + 1 + 2 + (24 + 18) quotas.
	if got := len(d.Quotas()); got != 115 {
		t.Errorf("len(Quotas()) = %d, want 115", got)
	}
}

func TestQuotas(t *testing.T) {
	d := defaultDoc(t)
	tests := []struct {
		id         string
		row        int
		field      string
		agency     string
		cbcc, vc   []int
		places     int
		agencies   int
		studyField string
	}{
		{"pl2-1-so_thong_tin_truyen_thong", 1, "Khoa học máy tính và công nghệ thông tin", "so_thong_tin_truyen_thong", []int{}, []int{3, 4}, 2, 1, "cntt_khmt"},
		{"pl2-1-ubnd_bac_tra_my", 1, "Khoa học máy tính và công nghệ thông tin", "ubnd_bac_tra_my", []int{3, 4}, []int{}, 1, 1, "cntt_khmt"},
		{"pl2-2-ban_qlda_giao_thong", 2, "Kiến trúc đô thị; quy hoạch, phát triển đô thị", "ban_qlda_giao_thong", []int{1, 2, 3, 4}, []int{1, 2, 3, 4}, 2, 1, "quy_hoach_do_thi"},
		{"pl2-2-ubnd_tay_giang", 2, "Kiến trúc đô thị; quy hoạch, phát triển đô thị", "ubnd_tay_giang", []int{1, 2, 3, 4}, []int{1, 2, 3, 4}, 2, 1, "quy_hoach_do_thi"},
		{"pl2-3-so_nong_nghiep_ptnt", 3, "Quản lý tài nguyên, môi trường", "so_nong_nghiep_ptnt", []int{1, 2, 3, 4}, []int{1, 2, 3, 4}, 3, 1, "tnmt_dat_dai"},
		{"pl2-3-ban_ql_vqg_song_thanh", 3, "Quản lý tài nguyên, môi trường", "ban_ql_vqg_song_thanh", []int{}, []int{1, 2, 3}, 2, 1, "tnmt_dat_dai"},
		{"pl2-3-ubnd_dai_loc", 3, "Quản lý tài nguyên, môi trường", "ubnd_dai_loc", []int{3, 4}, []int{}, 1, 1, "tnmt_dat_dai"},
		{"pl2-4-so_tai_nguyen_moi_truong", 4, "Nông nghiệp, nông thôn", "so_tai_nguyen_moi_truong", []int{3, 4}, []int{}, 1, 1, "nong_nghiep"},
		{"pl2-4-ban_qlda_nong_nghiep", 4, "Nông nghiệp, nông thôn", "ban_qlda_nong_nghiep", []int{}, []int{2, 3}, 1, 1, "nong_nghiep"},
		{"pl2-4-ubnd_hoi_an", 4, "Nông nghiệp, nông thôn", "ubnd_hoi_an", []int{3, 4}, []int{3, 4}, 1, 1, "nong_nghiep"},
		{"pl2-5-co_so_y_te", 5, "Y - dược", "", []int{3}, []int{3}, 30, 28, "y_te"},
		{"pl2-6-ubnd_hoi_an", 6, "Đối ngoại (Quan hệ quốc tế, Luật Quốc tế)", "ubnd_hoi_an", []int{3, 4}, []int{3, 4}, 1, 1, "khac"},
		{"pl2-7-so_noi_vu", 7, "Khác", "so_noi_vu", []int{2, 3, 4}, []int{2, 3, 4}, 1, 1, "khac"},
		{"pl2-7-ban_ql_vqg_song_thanh", 7, "Khác", "ban_ql_vqg_song_thanh", []int{2, 3, 4}, []int{2, 3, 4}, 1, 1, "khac"},
		{"pl2-7-ubnd_nong_son", 7, "Khác", "ubnd_nong_son", []int{2, 3, 4}, []int{2, 3, 4}, 1, 1, "khac"},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			q, ok := d.Quota(tt.id)
			if !ok {
				t.Fatalf("Quota(%q): not found", tt.id)
			}
			if q.Row != tt.row || q.Field != tt.field || q.AgencyCode != tt.agency || q.StudyField != tt.studyField {
				t.Errorf("quota = row %d %q agency %q field %q, want %d %q %q %q", q.Row, q.Field, q.AgencyCode, q.StudyField, tt.row, tt.field, tt.agency, tt.studyField)
			}
			if !reflect.DeepEqual(q.GroupsCBCC, tt.cbcc) || !reflect.DeepEqual(q.GroupsVC, tt.vc) {
				t.Errorf("groups = cbcc %v vc %v, want %v %v", q.GroupsCBCC, q.GroupsVC, tt.cbcc, tt.vc)
			}
			if q.Places != tt.places || len(q.AgencyCodes) != tt.agencies {
				t.Errorf("places = %d over %d agencies, want %d over %d", q.Places, len(q.AgencyCodes), tt.places, tt.agencies)
			}
			if q.Deadline != day(2026, 12, 31) || !strings.Contains(q.Note, "đến hết ngày 31/12/2026") {
				t.Errorf("deadline = %s, note %q; want 2026-12-31 and a note on how «đến năm 2026» is read", q.Deadline, q.Note)
			}
		})
	}
	for _, gone := range []string{"pl2-1-ubnd_nui_thanh", "pl2-6-ubnd_dien_ban", "pl2-7-ban_to_chuc_tinh_uy", "pl2-7-bv_da_khoa_tinh", "pl2-5-bv_da_khoa_tinh"} {
		if _, ok := d.Quota(gone); ok {
			t.Errorf("Quota(%q) exists, want none", gone)
		}
	}
}

func TestQuotaIDs(t *testing.T) {
	seen := map[string]bool{}
	for _, q := range defaultDoc(t).Quotas() {
		if seen[q.ID] || !strings.HasPrefix(q.ID, "pl2-") {
			t.Errorf("quota id %q repeated or not pl2-<row>-<code>", q.ID)
		}
		seen[q.ID] = true
	}
}

func TestHealthPool(t *testing.T) {
	d := defaultDoc(t)
	q, _ := d.Quota("pl2-5-co_so_y_te")
	if !q.Pooled() || q.Pool != "co_so_y_te" {
		t.Errorf("row 5 quota pooled = %v (%q), want the pool co_so_y_te", q.Pooled(), q.Pool)
	}
	for code, want := range map[string]bool{"bv_da_khoa_tinh": true, "bv_khu_vuc_ngoc_linh": true, "ttyt_tam_ky": true, "so_y_te": false, "ubnd_tam_ky": false} {
		if got := q.Holds(code); got != want {
			t.Errorf("Holds(%q) = %v, want %v", code, got, want)
		}
	}
	if got := d.QuotasFor("ttyt_nam_giang"); len(got) != 1 || got[0].ID != q.ID {
		t.Errorf("QuotasFor(ttyt_nam_giang) = %v, want only the pool", got)
	}
}

func TestQuotasFor(t *testing.T) {
	d := defaultDoc(t)
	var rows []int
	for _, q := range d.QuotasFor("ubnd_tam_ky") {
		rows = append(rows, q.Row)
	}
	if want := []int{1, 2, 3, 4, 6, 7}; !reflect.DeepEqual(rows, want) {
		t.Errorf("rows of ubnd_tam_ky's quotas = %v, want %v", rows, want)
	}
	if got := d.QuotasFor("ban_to_chuc_tinh_uy"); len(got) != 0 {
		t.Errorf("the Party organisation board has %d quotas, want none", len(got))
	}
}

func TestQuotaAdmits(t *testing.T) {
	d := defaultDoc(t)
	tests := []struct {
		id       string
		category string
		group    int
		want     bool
	}{
		{"pl2-1-so_thong_tin_truyen_thong", "cbcc", 3, false},
		{"pl2-1-so_thong_tin_truyen_thong", "vc", 3, true},
		{"pl2-1-so_thong_tin_truyen_thong", "vc", 2, false},
		{"pl2-3-ban_ql_vqg_song_thanh", "vc", 1, true},
		{"pl2-3-ban_ql_vqg_song_thanh", "vc", 4, false},
		{"pl2-5-co_so_y_te", "vc", 3, true},
		{"pl2-5-co_so_y_te", "vc", 4, false},
		{"pl2-7-so_noi_vu", "cbcc", 1, false},
		{"pl2-7-so_noi_vu", "cbcc", 2, true},
		{"pl2-7-so_noi_vu", "other", 2, false},
	}
	for _, tt := range tests {
		q, _ := d.Quota(tt.id)
		if got := q.Admits(tt.category, tt.group); got != tt.want {
			t.Errorf("%s.Admits(%s, %d) = %v, want %v", tt.id, tt.category, tt.group, got, tt.want)
		}
	}
}
