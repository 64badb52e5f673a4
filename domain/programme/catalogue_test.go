package programme_test

import (
	"reflect"
	"strings"
	"testing"

	"daotao/domain/programme"
)

func TestContents(t *testing.T) {
	d := defaultDoc(t)
	tests := []struct {
		code    string
		name    string // start of the name
		leads   []string
		allDeps bool
		coop    []string
		groups  []int
	}{
		{"A.1", "Về tài chính, tài sản công", []string{"so_tai_chinh"}, false, []string{"so_giao_duc_dao_tao"}, nil},
		{"A.2", "Về đấu thầu, mua sắm tài sản công", []string{"so_ke_hoach_dau_tu"}, false, []string{"so_giao_duc_dao_tao"}, nil},
		{"B.1", "Ứng dụng Công nghệ thông tin", nil, true, []string{"so_ngoai_vu", "so_giao_duc_dao_tao"}, nil},
		{"B.2", "Chuyển đổi số trên các lĩnh vực", nil, true, []string{"so_ngoai_vu", "so_giao_duc_dao_tao"}, nil},
		{"B.3", "Chính quyền điện tử, chính quyền số", []string{"so_thong_tin_truyen_thong"}, false, []string{"so_ngoai_vu", "so_giao_duc_dao_tao"}, nil},
		{"B.4", "Ứng phó, xử lý với thông tin xấu độc", []string{"so_thong_tin_truyen_thong"}, false, []string{"so_ngoai_vu", "so_giao_duc_dao_tao"}, nil},
		{"B.5", "Chuyên sâu về hệ thống mạng", []string{"trung_tam_qti"}, false, []string{"so_ngoai_vu", "so_giao_duc_dao_tao"}, nil},
		{"C.1", "Quản lý y tế", []string{"so_y_te"}, false, []string{"so_ngoai_vu", "so_giao_duc_dao_tao"}, nil},
		{"C.2", "Kiến thức chuyên sâu trong lĩnh vực y – dược", []string{"so_y_te"}, false, []string{"so_ngoai_vu", "so_giao_duc_dao_tao"}, nil},
		{"D.1", "Xây dựng chính quyền địa phương", []string{"so_noi_vu"}, false, []string{"so_giao_duc_dao_tao"}, nil},
		{"D.2", "Xây dựng Đảng, hệ thống chính trị", []string{"ban_to_chuc_tinh_uy"}, false, []string{"so_giao_duc_dao_tao"}, nil},
		{"D.3", "Học tập kinh nghiệm lãnh đạo", []string{"so_ngoai_vu"}, false, []string{"ban_to_chuc_tinh_uy", "so_noi_vu"}, nil},
		{"Đ.1", "Quy hoạch xây dựng đô thị thông minh", []string{"so_xay_dung"}, false, []string{"so_ngoai_vu", "so_giao_duc_dao_tao"}, nil},
		{"Đ.2", "Nâng cao năng lực quy hoạch - kiến trúc", []string{"so_xay_dung"}, false, []string{"so_ngoai_vu", "so_giao_duc_dao_tao"}, nil},
		{"Đ.3", "Quy hoạch, phát triển mạng lưới giao thông", []string{"so_giao_thong_van_tai"}, false, []string{"so_ngoai_vu", "so_giao_duc_dao_tao"}, nil},
		{"Đ.4", "Quản lý dự án đầu tư xây dựng", []string{"so_giao_thong_van_tai"}, false, []string{"so_ngoai_vu", "so_giao_duc_dao_tao"}, nil},
		{"E.1", "Nâng cao kỹ năng quản lý nhà nước về đất đai", []string{"so_tai_nguyen_moi_truong"}, false, []string{"so_ngoai_vu", "so_giao_duc_dao_tao"}, nil},
		{"E.2", "Bồi dưỡng về xây dựng đô thị xanh", []string{"so_tai_nguyen_moi_truong"}, false, []string{"so_ngoai_vu", "so_giao_duc_dao_tao"}, nil},
		{"G.1", "Ứng dụng khoa học, kỹ thuật", []string{"so_nong_nghiep_ptnt"}, false, []string{"so_ngoai_vu", "so_giao_duc_dao_tao"}, nil},
		{"G.2", "Phòng chống thiên tai", []string{"so_nong_nghiep_ptnt"}, false, []string{"so_ngoai_vu", "so_giao_duc_dao_tao"}, nil},
		{"H.1", "Bồi dưỡng kiểm định viên các thiết bị liên quan đến X- quang", []string{"so_khoa_hoc_cong_nghe"}, false, []string{"so_y_te", "so_ngoai_vu", "so_giao_duc_dao_tao"}, nil},
		{"H.2", "Bồi dưỡng kiểm định viên các thiết bị liên quan đến phương tiện đo nhóm II", []string{"so_khoa_hoc_cong_nghe"}, false, []string{"so_y_te", "so_ngoai_vu", "so_giao_duc_dao_tao"}, nil},
		{"H.3", "Bồi dưỡng kiến thức đánh giá hệ thống quản lý chất lượng", []string{"so_khoa_hoc_cong_nghe"}, false, []string{"so_ngoai_vu", "so_giao_duc_dao_tao"}, nil},
		{"H.4", "Bồi dưỡng kiến thức về Sở hữu trí tuệ", []string{"so_khoa_hoc_cong_nghe"}, false, []string{"so_ngoai_vu", "so_giao_duc_dao_tao"}, []int{3, 4}},
		{"H.5", "Bồi dưỡng kiến thức về thị trường KHCN", []string{"so_khoa_hoc_cong_nghe"}, false, nil, []int{3, 4}},
	}
	if got := len(d.Contents()); got != len(tests) {
		t.Errorf("Contents() = %d, want %d", got, len(tests))
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			c, ok := d.Content(tt.code)
			if !ok {
				t.Fatalf("Content(%q): not found", tt.code)
			}
			if !strings.HasPrefix(c.Name, tt.name) {
				t.Errorf("name = %q, want it to start %q", c.Name, tt.name)
			}
			if !reflect.DeepEqual(c.LeadAgencies, tt.leads) || c.LeadAllDepartments != tt.allDeps {
				t.Errorf("leads = %v all departments = %v, want %v %v", c.LeadAgencies, c.LeadAllDepartments, tt.leads, tt.allDeps)
			}
			var coop []string
			for _, co := range c.Cooperating {
				coop = append(coop, co.Agency)
			}
			if !reflect.DeepEqual(coop, tt.coop) {
				t.Errorf("cooperating = %v, want %v", coop, tt.coop)
			}
			if !reflect.DeepEqual(c.Priority.Groups, tt.groups) {
				t.Errorf("priority groups = %v, want %v", c.Priority.Groups, tt.groups)
			}
			if c.Timeline.ProgrammeBy != 2024 || !reflect.DeepEqual(c.Timeline.CourseYears, []int{2024, 2025}) {
				t.Errorf("timeline = %+v, want programme by 2024, courses 2024 and 2025", c.Timeline)
			}
			if c.Priority.Text == "" {
				t.Errorf("priority text is empty")
			}
		})
	}
}

// format is a MinFormat without its texts, for comparison.
type format struct {
	Format   string
	Min      int
	Per      string
	Delivery string
	Contents int // how many contents a field's format lists
}

func formatsOf(ms []programme.MinFormat) []format {
	var out []format
	for _, m := range ms {
		out = append(out, format{m.Format, m.Min, m.Per, m.Delivery, len(m.Contents)})
	}
	return out
}

func TestFormatsPlacedAsPrinted(t *testing.T) {
	d := defaultDoc(t)
	classPerContent := func(n int) format { return format{"class", 1, "content", "tap_trung_hoac_truc_tuyen", n} }
	abroad := format{"delegation_abroad", 1, "field", "", 0}
	seminar := format{"seminar", 1, "field", "", 0}
	fields := map[string][]format{
		"A": {{"class", 2, "field", "tap_trung_hoac_truc_tuyen", 2}},
		"B": {classPerContent(5), abroad, seminar},
		"C": {classPerContent(2), abroad, seminar},
		"D": {{"class", 1, "field", "tap_trung_hoac_truc_tuyen", 2}},
		"Đ": {classPerContent(4), abroad, seminar},
		"E": {classPerContent(2), abroad, seminar},
		"G": {classPerContent(2), abroad, seminar},
		"H": nil,
	}
	for code, want := range fields {
		f, _ := d.Field(code)
		if got := formatsOf(f.Formats); !reflect.DeepEqual(got, want) {
			t.Errorf("field %s formats = %+v, want %+v", code, got, want)
		}
	}
	contents := map[string][]format{
		"D.3": {{"delegation_abroad", 1, "content", "", 0}},
		"H.1": {{"class", 2, "content", "tap_trung", 0}},
		"H.2": {{"class", 1, "content", "tap_trung", 0}},
		"H.3": {{"class", 1, "content", "tap_trung_hoac_truc_tuyen", 0}},
		"H.4": {{"class", 1, "content", "tap_trung", 0}},
		"H.5": {{"class", 1, "content", "tap_trung", 0}},
	}
	for _, c := range d.Contents() {
		if got := formatsOf(c.Formats); !reflect.DeepEqual(got, contents[c.Code]) {
			t.Errorf("content %s formats = %+v, want %+v", c.Code, got, contents[c.Code])
		}
	}
}

func TestFormatsFor(t *testing.T) {
	d := defaultDoc(t)
	tests := []struct {
		code string
		want []string
	}{
		{"A.2", []string{"class"}},
		{"B.4", []string{"class", "delegation_abroad", "seminar"}},
		{"D.1", []string{"class"}},
		{"D.3", []string{"delegation_abroad"}},
		{"H.1", []string{"class"}},
		{"Z.1", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, m := range d.FormatsFor(tt.code) {
			got = append(got, m.Format)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("FormatsFor(%q) = %v, want %v", tt.code, got, tt.want)
		}
	}
}

func TestLeads(t *testing.T) {
	d := defaultDoc(t)
	if got := d.Leads("B.1", d.EffectiveFrom); len(got) != 24 {
		t.Errorf("Leads(B.1) = %d agencies, want every department (24)", len(got))
	}
	if got := d.Leads("D.2", d.EffectiveFrom); len(got) != 1 || got[0].Code != "ban_to_chuc_tinh_uy" {
		t.Errorf("Leads(D.2) = %v, want Ban Tổ chức Tỉnh ủy", got)
	}
	if got := d.Leads("X.9", d.EffectiveFrom); got != nil {
		t.Errorf("Leads(unknown) = %v, want nil", got)
	}
}

func TestPriorityAdmits(t *testing.T) {
	d := defaultDoc(t)
	h4, _ := d.Content("H.4")
	a1, _ := d.Content("A.1")
	for g, want := range map[int]bool{1: false, 2: false, 3: true, 4: true} {
		if got := h4.Priority.Admits(g); got != want {
			t.Errorf("H.4 admits Nhóm %d = %v, want %v", g, got, want)
		}
		if !a1.Priority.Admits(g) {
			t.Errorf("A.1 names no group but refuses Nhóm %d", g)
		}
	}
	c1, _ := d.Content("C.1")
	if got := d.Select(c1.Priority.Select, d.EffectiveFrom); len(got) != 28 {
		t.Errorf("C.1 priority agencies = %d, want the 10 hospitals and 18 health centres", len(got))
	}
}
