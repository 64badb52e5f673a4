package reports

import (
	"daotao/domain"
	"daotao/projections"
)

// Builtin returns the reports this package defines.
func Builtin() []Report {
	return append([]Report{
		{Name: "nominations_by_status", Title: "Hồ sơ cử đi đào tạo, bồi dưỡng theo trạng thái", Build: nominationsByStatus},
		{Name: "quotas", Title: "Chỉ tiêu đào tạo sau đại học (Phụ lục II): đã dùng, còn lại", Build: quotas},
		{Name: "roster_profile", Title: "Cơ cấu đội ngũ 4 nhóm theo nhóm (kiểu Bảng 3–6)", Build: rosterProfile},
		{Name: "targets", Title: "Mục tiêu của Đề án: đạt được, còn thiếu", Build: targets},
		{Name: "plan_vs_actual", Title: "Kế hoạch năm và kết quả thực hiện, theo cơ quan, đơn vị", Build: planAgainstActual},
	}, programmeReports()...)
}

// noReference is the note of a report that needs reference data when
// none is in force.
func noReference(in Input) string {
	return "Chưa có dữ liệu Đề án có hiệu lực vào ngày " + in.Cut.Day().String() + "."
}

// officials returns every official of the state, in registration order.
func officials(st *projections.State) []domain.OfficialView {
	var out []domain.OfficialView
	for {
		page, total := st.Officials(projections.OfficialFilter{}, projections.Page{Offset: len(out), Limit: projections.MaxLimit})
		out = append(out, page...)
		if len(page) == 0 || len(out) >= total {
			return out
		}
	}
}

// nominations returns every nomination of the state, in creation order.
func nominations(st *projections.State) []domain.NominationView {
	var out []domain.NominationView
	for {
		page, total := st.Nominations(projections.NominationFilter{}, projections.Page{Offset: len(out), Limit: projections.MaxLimit})
		out = append(out, page...)
		if len(page) == 0 || len(out) >= total {
			return out
		}
	}
}
