package programme_test

import (
	"errors"
	"strings"
	"testing"

	"daotao/domain/programme"
)

func TestDefaultBaselineAsPrinted(t *testing.T) {
	b := defaultBaseline(t)
	tests := []struct {
		ref  programme.CellRef
		want int
	}{
		{programme.CellRef{Table: 1, Row: "tong", Column: "tong"}, 8664},
		{programme.CellRef{Table: 1, Row: "2010", Column: "dai_hoc_vc"}, 820},
		{programme.CellRef{Table: 2, Row: "tong", Column: "tong"}, 47549},
		{programme.CellRef{Table: 2, Row: "2023", Column: "tong"}, 1326},
		{programme.CellRef{Table: 3, Row: "nhom_3", Column: "so_luong"}, 850},
		{programme.CellRef{Table: 4, Row: "nhom_3", Column: "tong"}, 892},
		{programme.CellRef{Table: 4, Row: "nhom_4", Column: "tong"}, 1155},
		{programme.CellRef{Table: 5, Row: "tong", Column: "so_luong"}, 780},
		{programme.CellRef{Table: 6, Row: "tong", Column: "khac"}, 545},
	}
	for _, tt := range tests {
		if got, ok := b.Value(tt.ref); !ok || got != tt.want {
			t.Errorf("Value(%+v) = %d, %v; want %d", tt.ref, got, ok, tt.want)
		}
	}
	t2, _ := b.Table(2)
	if got := t2.Total.Percents[1]; got != "5,06%" {
		t.Errorf("Table 2 printed percentage = %q, want 5,06%% as printed", got)
	}
	t3, _ := b.Table(3)
	if got := t3.Rows[0].Percents[1]; got != "35.38%" {
		t.Errorf("Table 3 printed percentage = %q, want 35.38%% as printed", got)
	}
}

// TestCheckBaseline asserts every inconsistency of the seed, each verified
// by hand:
//
//	Table 2, 2023: 57+30+139+61+91+711+1+2+17+4+232 = 1345, printed 1326.
//	Table 2, total column: 6092+1721+…+1326 = 47530, printed 47549 (the
//	  categories do add up to 47549: the 2023 total is the misprint).
//	Table 2 shares of 47549: 2403 → 5.054 (5,05 not 5,06), 1251 → 2.631,
//	  7538 → 15.853, 1728 → 3.634, 4819 → 10.135, 1169 → 2.458,
//	  14277 → 30.026; all but 1251 and 1169 fit 47530 instead.
//	Table 4 shares of 2262: 367 → 16.225 (16,22 not 16,32), 467 → 20.645
//	  (20,65 rounded; 20,64 is truncated while 648 → 28.647 was rounded).
//	Table 5: the labels say "of all doctors / masters / bachelors": 8/51 =
//	  15.7%, 366/806 = 45.4%, 406/1405 = 28.9%; the printed 1%, 47%, 52%
//	  are shares of 780.
//	Table 4 group rows 3 and 4: 892 and 1155; Tables 3 and 6: 850, 1197.
//	Text: 3.395 a year = 47530/14, but the printed total gives 47549/14 =
//	  3396.4; "từ 50 tuổi trở lên chiếm hơn 60%": (367+467)/2262 = 36.87%.
func TestCheckBaseline(t *testing.T) {
	want := []programme.Inconsistency{
		{Table: 2, Row: "2023", Column: "tong", Check: "row_total", Printed: "1326", Computed: "1345"},
		{Table: 2, Row: "tong", Column: "tong", Check: "column_total", Printed: "47549", Computed: "47530"},
		{Table: 2, Row: "tong", Column: "lanh_dao_quan_ly_cbcc", Check: "percentage", Printed: "5,06%", Computed: "5,05%"},
		{Table: 2, Row: "tong", Column: "lanh_dao_quan_ly_vc", Check: "percentage", Printed: "2,62%", Computed: "2,63%"},
		{Table: 2, Row: "tong", Column: "vtvl_vc", Check: "percentage", Printed: "15,86%", Computed: "15,85%"},
		{Table: 2, Row: "tong", Column: "tin_hoc_cbcc", Check: "percentage", Printed: "3,64%", Computed: "3,63%"},
		{Table: 2, Row: "tong", Column: "tin_hoc_vc", Check: "percentage", Printed: "10,14%", Computed: "10,13%"},
		{Table: 2, Row: "tong", Column: "ngoai_ngu_cbcc", Check: "percentage", Printed: "2,42%", Computed: "2,46%"},
		{Table: 2, Row: "tong", Column: "khac", Check: "percentage", Printed: "30,04%", Computed: "30,03%"},
		{Table: 4, Row: "tong", Column: "tu_50_den_55", Check: "percentage", Printed: "16,32%", Computed: "16,22%"},
		{Table: 4, Row: "tong", Column: "tren_55", Check: "percentage", Printed: "20,64%", Computed: "20,65%"},
		{Table: 5, Row: "tien_si", Column: "so_luong", Check: "percentage", Printed: "1%", Computed: "16%"},
		{Table: 5, Row: "thac_si", Column: "so_luong", Check: "percentage", Printed: "47%", Computed: "45%"},
		{Table: 5, Row: "dai_hoc", Column: "so_luong", Check: "percentage", Printed: "52%", Computed: "29%"},
		{Table: 4, Row: "nhom_3", Column: "tong", Check: "cross_table", Printed: "892", Computed: "850"},
		{Table: 4, Row: "nhom_4", Column: "tong", Check: "cross_table", Printed: "1155", Computed: "1197"},
		{Table: 0, Row: "tb_boi_duong_nam", Column: "", Check: "text", Printed: "3.395", Computed: "3.396"},
		{Table: 0, Row: "tu_50_tuoi_tro_len", Column: "", Check: "text", Printed: "hơn 60%", Computed: "36,87%"},
	}
	got := programme.CheckBaseline(defaultBaseline(t))
	if len(got) != len(want) {
		for _, g := range got {
			t.Logf("got %d %s %s %s %s %s", g.Table, g.Row, g.Column, g.Check, g.Printed, g.Computed)
		}
		t.Fatalf("CheckBaseline() found %d inconsistencies, want %d", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.Vi == "" || g.En == "" {
			t.Errorf("#%d %+v has no description", i, g)
		}
		g.Vi, g.En = "", ""
		if g != w {
			t.Errorf("#%d = %+v, want %+v", i, g, w)
		}
	}
}

func TestCheckBaselineDescriptions(t *testing.T) {
	got := programme.CheckBaseline(defaultBaseline(t))
	tests := []struct {
		i      int
		vi, en string
	}{
		{0, "Bảng 2, dòng «2023»: cột «Tổng số lượt cử đi bồi dưỡng» in 1326 nhưng cộng các cột thành phần được 1345 (chênh +19).", "differs from the sum of its parts, 1345 (+19)"},
		{2, "Tỷ lệ in khớp nếu tính trên 47530.", "fits a base of 47530"},
		{11, "8/51 (cơ sở theo nhãn dòng: Bảng 3, dòng «TỔNG», cột «Trình độ chuyên môn – Tiến sĩ, BS CKII») = 16%. Tỷ lệ in khớp nếu tính trên 780.", "fits a base of 780"},
		{14, "ghi 892 nhưng Bảng 3, dòng «Nhóm 3. Trưởng, Phó phòng cấp tỉnh và tương đương», cột «Số lượng» ghi 850 (số người Nhóm 3).", "prints 892"},
		{16, "số in khớp với 47530/14, tổng các dòng năm", "the sum of the yearly rows"},
	}
	for _, tt := range tests {
		if !strings.Contains(got[tt.i].Vi, tt.vi) || !strings.Contains(got[tt.i].En, tt.en) {
			t.Errorf("#%d:\nvi %q\nen %q\nwant them to contain %q and %q", tt.i, got[tt.i].Vi, got[tt.i].En, tt.vi, tt.en)
		}
	}
}

// smallTable builds a table whose first column holds each row's total.
func smallTable(rows [][]int, total []int, percents []string) programme.Table {
	t := programme.Table{Number: 1, Columns: []programme.Column{{Code: "tong"}, {Code: "a"}, {Code: "b"}}, TotalColumn: "tong"}
	for i, r := range rows {
		t.Rows = append(t.Rows, programme.Row{Key: string(rune('p' + i)), Values: r})
	}
	t.Total = programme.Row{Key: "tong", Values: total, Percents: percents}
	return t
}

func TestChecksOnSmallTables(t *testing.T) {
	tests := []struct {
		name  string
		table programme.Table
		want  []string // check:row:column:printed:computed
	}{
		{"consistent", smallTable([][]int{{3, 1, 2}, {5, 2, 3}}, []int{8, 3, 5}, []string{"100%", "37,5%", "62,5%"}), nil},
		{"row total", smallTable([][]int{{4, 1, 2}, {5, 2, 3}}, []int{9, 3, 5}, nil),
			[]string{"row_total:p:tong:4:3", "row_total:tong:tong:9:8"}},
		{"column total", smallTable([][]int{{3, 1, 2}, {5, 2, 3}}, []int{8, 4, 4}, nil),
			[]string{"column_total:tong:a:4:3", "column_total:tong:b:4:5"}},
		{"rounding half up", smallTable([][]int{{8, 1, 7}}, []int{8, 1, 7}, []string{"", "12,5%", "87,4%"}),
			[]string{"percentage:tong:b:87,4%:87,5%"}},
		{"precision of the print", smallTable([][]int{{3, 1, 2}}, []int{3, 1, 2}, []string{"", "33%", "66.67%"}), nil},
		{"printed 0%", smallTable([][]int{{200, 0, 200}}, []int{200, 0, 200}, []string{"", "0%", "100%"}), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, inc := range programme.CheckBaseline(programme.Baseline{Tables: []programme.Table{tt.table}}) {
				got = append(got, strings.Join([]string{inc.Check, inc.Row, inc.Column, inc.Printed, inc.Computed}, ":"))
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("CheckBaseline() = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestParseBaselineRefusesBrokenTables(t *testing.T) {
	data := dataFile(t, "baseline.json")
	tests := []struct {
		name    string
		old     string
		new     string
		wantErr string
	}{
		{"short row", `[1528, 43, 59, 305, 820, 5, 296]`, `[1528, 43, 59, 305, 820, 5]`, "6 values for 7 columns"},
		{"bad percentage", `"5,06%"`, `"5,06"`, `percentage "5,06" must end in %`},
		{"missing table", `"number": 6,`, `"number": 3,`, "table 6 appears 0 times"},
		{"unknown text figure", `"id": "ty_le_vtvl"`, `"id": "ty_le_khac"`, `text figure "ty_le_khac" is unknown`},
		{"unknown key", `"footnote":`, `"fotnote":`, `unknown field "fotnote"`},
		{"missing group row", `"key": "nhom_4",
          "label": "Nhóm 4. Trưởng, Phó phòng cấp huyện và tương đương",
          "values": [1197`, `"key": "nhom_5",
          "label": "Nhóm 4. Trưởng, Phó phòng cấp huyện và tương đương",
          "values": [1197`, `table 3 has no figure in row "nhom_4"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			broken := strings.Replace(string(data), tt.old, tt.new, 1)
			if broken == string(data) {
				t.Fatalf("test data: %q not found in baseline.json", tt.old)
			}
			_, err := programme.ParseBaseline([]byte(broken))
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("ParseBaseline() error = %v, want one containing %q", err, tt.wantErr)
			}
			if strings.Contains(tt.name, "key") {
				return
			}
			if !errors.Is(err, programme.ErrInvalid) {
				t.Errorf("error %v does not wrap ErrInvalid", err)
			}
		})
	}
}
