package reports

// programmeReports are the reports of the Đề án's targets, its own tables
// re-created from the log and the agencies' yearly reports (see
// docs/reports.md).
func programmeReports() []Report {
	return []Report{
		{Name: "agency_activity", Title: "Báo cáo đào tạo, bồi dưỡng của cơ quan, đơn vị theo năm", Build: agencyActivity},
		{Name: "catalogue_formats", Title: "Phụ lục I: hình thức tối thiểu theo nội dung, lĩnh vực và năm", Build: catalogueFormats},
		{Name: "delegations_abroad", Title: "Đoàn bồi dưỡng ở nước ngoài theo năm", Build: delegationsAbroad},
		{Name: "lead_agencies", Title: "Đơn vị chủ trì Phụ lục I: nhiệm vụ và kết quả theo năm", Build: leadAgencies},
		{Name: "refresher_by_year", Title: "Lượt cử đi bồi dưỡng theo năm (kiểu Bảng 2, tiếp nối số liệu 2010–2023)", Build: refresherByYear},
		{Name: "roster_ages", Title: "Độ tuổi của đội ngũ 4 nhóm (kiểu Bảng 4)", Build: rosterAges},
		{Name: "roster_young", Title: "Lãnh đạo, quản lý trẻ theo trình độ (kiểu Bảng 5)", Build: rosterYoung},
		{Name: "target_gaps", Title: "Mục tiêu của Đề án: số người còn thiếu theo nhóm, cơ quan, loại, ngành và giới tính", Build: targetGaps},
		{Name: "targets_by_year", Title: "Mục tiêu của Đề án theo từng năm", Build: targetsByYear},
		{Name: "training_by_year", Title: "Lượt cử đi đào tạo theo năm (kiểu Bảng 1, tiếp nối số liệu 2010–2023)", Build: trainingByYear},
	}
}

// AgencyColumn returns the column of report name that holds the agency a
// row belongs to, for reports kept per agency: an agency's officer sees
// only the rows of their own agency there (target_gaps: only its own
// "agency" rows besides the province-wide ones). "" for a report every
// role reads whole.
func AgencyColumn(name string) (column string, dimensionOnly bool) {
	switch name {
	case "agency_activity", "plan_vs_actual":
		return "agency", false
	case "lead_agencies":
		return "lead_agency", false
	case "target_gaps":
		return "value", true
	}
	return "", false
}

// ForAgency returns the rows of report name's table t that an officer of
// agency may see (see AgencyColumn); t itself for a report read whole.
func ForAgency(name string, t Table, agency string) Table {
	col, dimOnly := AgencyColumn(name)
	if col == "" {
		return t
	}
	c, d := -1, -1
	for i, cn := range t.Columns {
		switch cn {
		case col:
			c = i
		case "dimension":
			d = i
		}
	}
	if c < 0 {
		return t
	}
	out := Table{Columns: t.Columns, Note: t.Note}
	for _, row := range t.Rows {
		if dimOnly && d >= 0 && row[d].String() != "agency" {
			out.Rows = append(out.Rows, row)
			continue
		}
		if v := row[c].String(); v == agency || (name == "lead_agencies" && v == allDepartments) {
			out.Rows = append(out.Rows, row)
		}
	}
	return out
}
