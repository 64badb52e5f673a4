package reports_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"daotao/domain"
	"daotao/domain/programme"
	"daotao/events"
	"daotao/events/memstore"
	"daotao/projections"
	"daotao/projections/asof"
	"daotao/projections/reports"
)

// programmeHistory builds the history the programme reports are checked
// against, by hand (business times in stream order):
//
//	2025-01-02  reference data v1 and the baseline tables published
//	2025-03-01  officials (agency, group, category, gender, qualification, field, born):
//	            o1 so_tai_chinh 1 cbcc nam thac_si kinh_te_tai_chinh 1970-05-01
//	            o2 so_y_te      2 vc   nu  dai_hoc y_te              1985-06-01
//	            o3 so_y_te      3 cbcc nu  dai_hoc cntt_khmt         1990-01-01
//	            o4 ubnd_tam_ky  4 cbcc nam tien_si giao_duc          1980-02-01
//	            o5 ubnd_tam_ky  4 vc   nu  dai_hoc y_te              1968-12-31
//	            o6 so_tai_chinh 3 cbcc nam dai_hoc khac              1975-07-07
//	n1, n2      refresher B.1 "Lớp CNTT" from 2025-05-05 of o2, o3 (10,000,000 each):
//	            created 2025-04-01, submitted 04-02, approved 2025-04-10
//	n3          refresher B.2 abroad "Đoàn chuyển đổi số" from 2025-09-01 of o1 (80,000,000):
//	            created 05-01, submitted 05-02, approved 2025-06-01
//	n4          postgraduate of o3 on a quota from 2025-09-15 (100,000,000):
//	            created 06-01, submitted 06-02, approved 2025-07-01 (place taken)
//	n5          refresher B.1 from 2026-03-01 of o5 (10,000,000):
//	            created 2025-11-01, submitted 11-02, rejected 2025-11-20
//	n6          refresher A.1 from 2026-03-02 of o4 (5,000,000):
//	            created 2025-12-01, submitted 12-02, approved 2026-01-15
//	n7          refresher of o6, a draft with no dates, created 2026-01-20
//	2026-02-01  courses recorded: c1, a seminar of B.3 on 2025-11-15; c2, a
//	            delegation abroad of C.1 from 2025-10-01, cancelled 2026-02-02
//	2026-02-03  the result of n6: o4 did not attend
func programmeHistory(t *testing.T) *memstore.Store {
	t.Helper()
	h := &history{t: t, st: memstore.New()}
	doc, _ := programme.Default()
	raw, _ := doc.JSON()
	h.at("2025-01-02", projections.ReferenceSubject, events.ReferencePublished{Version: 1, EffectiveFrom: doc.EffectiveFrom, Document: raw})
	base, err := programme.DefaultBaseline()
	if err != nil {
		t.Fatal(err)
	}
	braw, err := jsonOf(base)
	if err != nil {
		t.Fatal(err)
	}
	h.at("2025-01-02", projections.BaselineSubject, events.BaselinePublished{Version: 1, Document: braw})
	type person struct {
		agency                      string
		group                       int
		cat, gender, qual, field, b string
	}
	people := []person{
		{"so_tai_chinh", 1, "cbcc", "nam", "thac_si", "kinh_te_tai_chinh", "1970-05-01"},
		{"so_y_te", 2, "vc", "nu", "dai_hoc", "y_te", "1985-06-01"},
		{"so_y_te", 3, "cbcc", "nu", "dai_hoc", "cntt_khmt", "1990-01-01"},
		{"ubnd_tam_ky", 4, "cbcc", "nam", "tien_si", "giao_duc", "1980-02-01"},
		{"ubnd_tam_ky", 4, "vc", "nu", "dai_hoc", "y_te", "1968-12-31"},
		{"so_tai_chinh", 3, "cbcc", "nam", "dai_hoc", "khac", "1975-07-07"},
	}
	agencyOf := map[string]string{}
	for i, p := range people {
		id := fmt.Sprintf("o%d", i+1)
		agencyOf[id] = p.agency
		born, _ := events.ParseDate(p.b)
		h.at("2025-03-01", events.Subject(events.AggregateOfficial, id), events.OfficialRegistered{OfficialID: id, AgencyCode: p.agency,
			OfficialProfile: events.OfficialProfile{FullName: "Cán bộ " + id, Group: p.group, Category: p.cat, Gender: p.gender,
				Qualification: p.qual, Field: p.field, BirthDate: born}})
	}
	date := func(s string) events.Date {
		d, _ := events.ParseDate(s)
		return d
	}
	create := func(id, official, kind string, d events.NominationDetails) events.NominationCreated {
		return events.NominationCreated{NominationID: id, OfficialID: official, AgencyCode: agencyOf[official], Kind: kind, NominationDetails: d}
	}
	class := events.NominationDetails{Title: "Lớp CNTT", ContentCode: "B.1", StartDate: date("2025-05-05"), EndDate: date("2025-05-09"), CostEstimateVND: 10_000_000}
	h.at("2025-04-01", nomination("n1"), create("n1", "o2", domain.KindRefresher, class))
	h.at("2025-04-01", nomination("n2"), create("n2", "o3", domain.KindRefresher, class))
	h.at("2025-04-02", nomination("n1"), events.NominationSubmitted{})
	h.at("2025-04-02", nomination("n2"), events.NominationSubmitted{})
	h.at("2025-04-10", nomination("n1"), events.NominationApproved{})
	h.at("2025-04-10", nomination("n2"), events.NominationApproved{})
	h.at("2025-05-01", nomination("n3"), create("n3", "o1", domain.KindRefresher, events.NominationDetails{Title: "Đoàn chuyển đổi số",
		ContentCode: "B.2", StartDate: date("2025-09-01"), EndDate: date("2025-09-10"), CostEstimateVND: 80_000_000, Abroad: true}))
	h.at("2025-05-02", nomination("n3"), events.NominationSubmitted{})
	h.at("2025-06-01", nomination("n3"), events.NominationApproved{})
	quota := doc.Quotas()[0].ID
	h.at("2025-06-01", nomination("n4"), create("n4", "o3", domain.KindPostgraduate, events.NominationDetails{Title: "Thạc sĩ",
		StartDate: date("2025-09-15"), EndDate: date("2027-09-15"), CostEstimateVND: 100_000_000, QuotaID: quota}))
	h.at("2025-06-02", nomination("n4"), events.NominationSubmitted{})
	h.at("2025-07-01", nomination("n4"), events.NominationApproved{})
	h.at("2025-07-01", events.Subject(events.AggregateQuota, quota), events.QuotaPlaceTaken{QuotaID: quota, NominationID: "n4", OfficialID: "o3", Places: 1})
	h.at("2025-11-01", nomination("n5"), create("n5", "o5", domain.KindRefresher, events.NominationDetails{Title: "Lớp CNTT 2",
		ContentCode: "B.1", StartDate: date("2026-03-01"), EndDate: date("2026-03-05"), CostEstimateVND: 10_000_000}))
	h.at("2025-11-02", nomination("n5"), events.NominationSubmitted{})
	h.at("2025-11-20", nomination("n5"), events.NominationRejected{Reason: "Không đúng đối tượng."})
	h.at("2025-12-01", nomination("n6"), create("n6", "o4", domain.KindRefresher, events.NominationDetails{Title: "Lớp tài chính",
		ContentCode: "A.1", StartDate: date("2026-03-02"), EndDate: date("2026-03-06"), CostEstimateVND: 5_000_000}))
	h.at("2025-12-02", nomination("n6"), events.NominationSubmitted{})
	h.at("2026-01-15", nomination("n6"), events.NominationApproved{})
	h.at("2026-01-20", nomination("n7"), create("n7", "o6", domain.KindRefresher, events.NominationDetails{Title: "Chưa rõ"}))
	course := func(id string) string { return events.Subject(events.AggregateCourse, id) }
	h.at("2026-02-01", course("c1"), events.CoursePlanned{CourseID: "c1", ProgrammeID: "p1", AgencyCode: "so_thong_tin_truyen_thong",
		ContentCode: "B.3", Format: events.CourseSeminar, CourseDetails: events.CourseDetails{Title: "Hội thảo an toàn thông tin",
			StartDate: date("2025-11-15"), EndDate: date("2025-11-15"), Capacity: 50}})
	h.at("2026-02-01", course("c2"), events.CoursePlanned{CourseID: "c2", ProgrammeID: "p2", AgencyCode: "so_y_te",
		ContentCode: "C.1", Format: events.CourseDelegation, CourseDetails: events.CourseDetails{Title: "Đoàn y tế",
			StartDate: date("2025-10-01"), EndDate: date("2025-10-10"), Capacity: 10}})
	h.at("2026-02-02", course("c2"), events.CourseCancelled{Reason: "Không đủ người."})
	h.at("2026-02-03", events.Subject(events.AggregateTraining, "n6"), events.TrainingResultRecorded{
		TrainingParticipant: events.TrainingParticipant{NominationID: "n6", OfficialID: "o4", AgencyCode: "ubnd_tam_ky", Kind: domain.KindRefresher,
			Format: "refresher", Title: "Lớp tài chính", StartDate: date("2026-03-02"), EndDate: date("2026-03-06")},
		TrainingOutcome: events.TrainingOutcome{Attended: false}})
	return h.st
}

// runAt replays st up to point and returns the named report's table.
func runAt(t *testing.T, st *memstore.Store, point, name string) decoded {
	t.Helper()
	p, err := asof.Parse(point)
	if err != nil {
		t.Fatal(err)
	}
	in, err := reports.Replay(context.Background(), st.Read, p)
	if err != nil {
		t.Fatal(err)
	}
	res, err := registry(t).Run(in, name)
	if err != nil {
		t.Fatal(err)
	}
	return decodeResult(t, res)
}

// TestProgrammeReportsAsOf checks every programme report against figures
// computed by hand from programmeHistory, as of several dates.
func TestProgrammeReportsAsOf(t *testing.T) {
	st := programmeHistory(t)
	type want struct {
		report, col, value string
		key                []string
	}
	tests := []struct {
		point    string
		expected []want
	}{
		{"2025-03-31", []want{
			{"target_gaps", "roster", "6", []string{"boi_duong_2026", "refresher_trained", "20", "2026-12-31", "all", "all"}},
			{"target_gaps", "needed", "2", []string{"boi_duong_2026", "refresher_trained", "20", "2026-12-31", "all", "all"}},
			{"target_gaps", "achieved", "0", []string{"boi_duong_2026", "refresher_trained", "20", "2026-12-31", "all", "all"}},
			{"target_gaps", "left", "2", []string{"boi_duong_2026", "refresher_trained", "20", "2026-12-31", "all", "all"}},
			{"roster_ages", "tu_50_den_55", "1", []string{"nhom_1"}},
			{"roster_ages", "tong", "6", []string{"tong"}},
		}},
		{"2025-04-10", []want{
			{"target_gaps", "achieved", "2", []string{"boi_duong_2026", "refresher_trained", "20", "2026-12-31", "all", "all"}},
			{"target_gaps", "left", "0", []string{"boi_duong_2026", "refresher_trained", "20", "2026-12-31", "all", "all"}},
			{"target_gaps", "roster", "2", []string{"boi_duong_2026", "refresher_trained", "20", "2026-12-31", "group", "3"}},
			{"target_gaps", "needed", "1", []string{"boi_duong_2026", "refresher_trained", "20", "2026-12-31", "group", "3"}},
			{"target_gaps", "achieved", "1", []string{"boi_duong_2026", "refresher_trained", "20", "2026-12-31", "group", "3"}},
			{"target_gaps", "left", "1", []string{"boi_duong_2026", "refresher_trained", "20", "2026-12-31", "group", "4"}},
			{"target_gaps", "achieved", "2", []string{"boi_duong_2026", "refresher_trained", "20", "2026-12-31", "agency", "so_y_te"}},
			{"target_gaps", "left", "1", []string{"boi_duong_2026", "refresher_trained", "20", "2026-12-31", "agency", "ubnd_tam_ky"}},
			{"target_gaps", "roster", "3", []string{"boi_duong_2026", "refresher_trained", "20", "2026-12-31", "gender", "nu"}},
			{"target_gaps", "achieved", "2", []string{"boi_duong_2026", "refresher_trained", "20", "2026-12-31", "gender", "nu"}},
			{"target_gaps", "achieved", "1", []string{"boi_duong_2026", "refresher_trained", "20", "2026-12-31", "category", "vc"}},
			{"target_gaps", "roster", "1", []string{"boi_duong_2026", "refresher_trained", "20", "2026-12-31", "field", "cntt_khmt"}},
			{"target_gaps", "left", "1", []string{"sau_dai_hoc_2026", "postgrad_sent", "5", "2026-12-31", "all", "all"}},
			{"catalogue_formats", "held", "1", []string{"2025", "B", "B.1", "class"}},
			{"catalogue_formats", "people", "2", []string{"2025", "B", "B.1", "class"}},
			{"catalogue_formats", "held", "0", []string{"2025", "B", "", "delegation_abroad"}},
			{"delegations_abroad", "missing", "2", []string{"2025"}},
		}},
		{"2026-01-31", []want{
			{"target_gaps", "achieved", "4", []string{"boi_duong_2030", "refresher_trained", "50", "2030-12-31", "all", "all"}},
			{"target_gaps", "needed", "3", []string{"boi_duong_2030", "refresher_trained", "50", "2030-12-31", "all", "all"}},
			{"target_gaps", "left", "0", []string{"sau_dai_hoc_2026", "postgrad_sent", "5", "2026-12-31", "all", "all"}},
			{"target_gaps", "needed", "3", []string{"trinh_do_sau_dai_hoc_2030", "postgrad_degree", "40", "2030-12-31", "all", "all"}},
			{"target_gaps", "achieved", "2", []string{"trinh_do_sau_dai_hoc_2030", "postgrad_degree", "40", "2030-12-31", "all", "all"}},
			{"target_gaps", "left", "1", []string{"trinh_do_sau_dai_hoc_2030", "postgrad_degree", "40", "2030-12-31", "all", "all"}},
			{"targets_by_year", "roster", "6", []string{"boi_duong_2026", "refresher_trained", "20", "2026-12-31", "2025"}},
			{"targets_by_year", "achieved", "3", []string{"boi_duong_2026", "refresher_trained", "20", "2026-12-31", "2025"}},
			{"targets_by_year", "share_permille", "500", []string{"boi_duong_2026", "refresher_trained", "20", "2026-12-31", "2025"}},
			{"targets_by_year", "achieved", "4", []string{"boi_duong_2026", "refresher_trained", "20", "2026-12-31", "2026"}},
			{"targets_by_year", "roster", "0", []string{"boi_duong_2026", "refresher_trained", "20", "2026-12-31", "2024"}},
			{"delegations_abroad", "delegations", "1", []string{"2025"}},
			{"delegations_abroad", "with_groups", "1", []string{"2025"}},
			{"delegations_abroad", "missing", "1", []string{"2025"}},
			{"delegations_abroad", "missing_with_groups", "0", []string{"2025"}},
			{"delegations_abroad", "missing", "2", []string{"2026"}},
			{"catalogue_formats", "held", "1", []string{"2025", "B", "", "delegation_abroad"}},
			{"catalogue_formats", "missing", "1", []string{"2025", "B", "B.2", "class"}},
			{"catalogue_formats", "missing", "2", []string{"2025", "A", "", "class"}},
			{"lead_agencies", "contents", "B.1 B.2 B.3 B.4 B.5", []string{"cac_so_ban_nganh", "2025"}},
			{"lead_agencies", "required", "4", []string{"cac_so_ban_nganh", "2025"}},
			{"lead_agencies", "held", "2", []string{"cac_so_ban_nganh", "2025"}},
			{"lead_agencies", "people", "3", []string{"cac_so_ban_nganh", "2025"}},
			{"lead_agencies", "missing", "2", []string{"cac_so_ban_nganh", "2025"}},
			{"agency_activity", "nominations", "3", []string{"so_y_te", "2025"}},
			{"agency_activity", "sent_refresher", "2", []string{"so_y_te", "2025"}},
			{"agency_activity", "sent_postgrad", "1", []string{"so_y_te", "2025"}},
			{"agency_activity", "people_trained", "2", []string{"so_y_te", "2025"}},
			{"agency_activity", "cost_estimated_vnd", "120000000", []string{"so_y_te", "2025"}},
			{"agency_activity", "roster", "2", []string{"so_tai_chinh", "2026"}},
			{"agency_activity", "submitted", "0", []string{"so_tai_chinh", "2026"}},
			{"agency_activity", "rejected", "1", []string{"ubnd_tam_ky", "2026"}},
			{"agency_activity", "cost_estimated_vnd", "15000000", []string{"ubnd_tam_ky", "2026"}},
			{"agency_activity", "cost_approved_vnd", "5000000", []string{"ubnd_tam_ky", "2026"}},
			{"refresher_by_year", "tong", "1326", []string{"2023", "baseline"}},
			{"refresher_by_year", "de_an_vc", "1", []string{"2025", "live"}},
			{"refresher_by_year", "de_an_cbcc", "2", []string{"2025", "live"}},
			{"refresher_by_year", "tong", "3", []string{"2025", "live"}},
			{"refresher_by_year", "tong", "1", []string{"2026", "live"}},
			{"training_by_year", "sau_dai_hoc_cbcc", "1", []string{"2025", "live"}},
			{"training_by_year", "tong", "1", []string{"2025", "live"}},
			{"training_by_year", "tong", "1528", []string{"2010", "baseline"}},
			{"roster_ages", "tren_55", "1", []string{"nhom_1"}},
			{"roster_ages", "tu_40_den_45", "1", []string{"nhom_2"}},
			{"roster_ages", "duoi_40", "1", []string{"nhom_3"}},
			{"roster_ages", "tu_45_den_50", "1", []string{"nhom_4"}},
			{"roster_ages", "tren_55", "2", []string{"tong"}},
			{"roster_young", "under_45", "2", []string{"dai_hoc"}},
			{"roster_young", "total", "4", []string{"dai_hoc"}},
			{"roster_young", "share_permille", "500", []string{"dai_hoc"}},
			{"roster_young", "under_45", "0", []string{"tien_si"}},
			{"catalogue_formats", "held", "0", []string{"2025", "B", "", "seminar"}},
			{"catalogue_formats", "lead_agencies", "cac_so_ban_nganh so_thong_tin_truyen_thong trung_tam_qti", []string{"2025", "B", "", "seminar"}},
			{"catalogue_formats", "lead_text", "Các Sở, ban, ngành; Sở Thông tin và Truyền thông; Trung tâm QTI", []string{"2025", "B", "", "seminar"}},
		}},
		{"2026-02-01", []want{
			{"catalogue_formats", "held", "1", []string{"2025", "B", "", "seminar"}},
			{"catalogue_formats", "held", "1", []string{"2025", "C", "", "delegation_abroad"}},
			{"delegations_abroad", "delegations", "2", []string{"2025"}},
			{"delegations_abroad", "missing", "0", []string{"2025"}},
		}},
		{"2026-02-02", []want{
			{"catalogue_formats", "held", "0", []string{"2025", "C", "", "delegation_abroad"}},
			{"delegations_abroad", "delegations", "1", []string{"2025"}},
			{"lead_agencies", "held", "2", []string{"so_thong_tin_truyen_thong", "2025"}}, // field B's seminar and delegation
			{"lead_agencies", "courses", "1", []string{"so_thong_tin_truyen_thong", "2025"}},
			{"lead_agencies", "courses_cancelled", "1", []string{"so_y_te", "2025"}},
			{"lead_agencies", "courses", "0", []string{"so_y_te", "2025"}},
			{"target_gaps", "achieved", "4", []string{"boi_duong_2030", "refresher_trained", "50", "2030-12-31", "all", "all"}},
		}},
		{"2026-02-03", []want{
			{"target_gaps", "achieved", "3", []string{"boi_duong_2030", "refresher_trained", "50", "2030-12-31", "all", "all"}},
			{"target_gaps", "left", "1", []string{"boi_duong_2026", "refresher_trained", "20", "2026-12-31", "group", "4"}},
			{"agency_activity", "not_completed", "1", []string{"ubnd_tam_ky", "2026"}},
			{"targets_by_year", "achieved", "3", []string{"boi_duong_2026", "refresher_trained", "20", "2026-12-31", "2026"}},
			{"targets_by_year", "achieved", "3", []string{"boi_duong_2026", "refresher_trained", "20", "2026-12-31", "2025"}},
			{"agency_activity", "sent_refresher", "1", []string{"ubnd_tam_ky", "2026"}},
		}},
	}
	for _, tc := range tests {
		for _, w := range tc.expected {
			got := runAt(t, st, tc.point, w.report)
			if c := got.at(t, w.report, w.col, w.key...); c != w.value {
				t.Errorf("as of %s: %s %s of %v = %s; want %s", tc.point, w.report, w.col, w.key, c, w.value)
			}
		}
	}
}

// TestProgrammeReportsBeforeAnything: before the reference data, the
// reports that need it say so; the others are empty.
func TestProgrammeReportsBeforeAnything(t *testing.T) {
	st := programmeHistory(t)
	got := runAt(t, st, "2025-01-01", "target_gaps")
	if len(got.Reports) != 1 || len(got.Reports[0].Rows) != 0 {
		t.Errorf("target_gaps before the reference data: %+v", got)
	}
}

// TestForAgency: an agency's officer sees only their own rows of a report
// kept per agency, and the province-wide rows of target_gaps.
func TestForAgency(t *testing.T) {
	st := programmeHistory(t)
	in, err := reports.Replay(context.Background(), st.Read, asof.Point{})
	if err != nil {
		t.Fatal(err)
	}
	reg := registry(t)
	res, err := reg.Run(in, "agency_activity", "target_gaps", "roster_ages")
	if err != nil {
		t.Fatal(err)
	}
	act := reports.ForAgency("agency_activity", res.Reports[0].Table, "so_y_te")
	if len(act.Rows) != 1 || act.Rows[0][0].String() != "so_y_te" {
		t.Errorf("agency_activity for so_y_te: %v", act.Rows)
	}
	gaps := reports.ForAgency("target_gaps", res.Reports[1].Table, "so_y_te")
	for _, row := range gaps.Rows {
		if row[4].String() == "agency" && row[5].String() != "so_y_te" {
			t.Errorf("target_gaps for so_y_te shows %v", row)
		}
	}
	if len(gaps.Rows) >= len(res.Reports[1].Rows) || len(gaps.Rows) == 0 {
		t.Errorf("target_gaps for so_y_te: %d of %d rows", len(gaps.Rows), len(res.Reports[1].Rows))
	}
	if ages := reports.ForAgency("roster_ages", res.Reports[2].Table, "so_y_te"); len(ages.Rows) != len(res.Reports[2].Rows) {
		t.Error("roster_ages is read whole, yet rows were dropped")
	}
}

// TestTargetGapsOnTheDemoRoster: the demo roster of 2,262 needs 453 people
// for the 2026 refresher target (20%, rounded up), and the groups' rosters
// are Table 3's.
func TestTargetGapsOnTheDemoRoster(t *testing.T) {
	h := &history{t: t, st: memstore.New()}
	doc, _ := programme.Default()
	raw, _ := doc.JSON()
	h.at("2025-01-02", projections.ReferenceSubject, events.ReferencePublished{Version: 1, EffectiveFrom: doc.EffectiveFrom, Document: raw})
	base, _ := programme.DefaultBaseline()
	for i, o := range programme.DemoRoster(1, doc, base) {
		id := fmt.Sprintf("d%d", i)
		h.at("2025-02-01", events.Subject(events.AggregateOfficial, id), events.OfficialRegistered{OfficialID: id, AgencyCode: o.AgencyCode, OfficialProfile: o.OfficialProfile})
	}
	got := runAt(t, h.st, "2025-03-01", "target_gaps")
	key := func(dim, v string) []string {
		return []string{"boi_duong_2026", "refresher_trained", "20", "2026-12-31", dim, v}
	}
	for _, w := range []struct {
		dim, v, col, want string
	}{
		{"all", "all", "roster", "2262"}, {"all", "all", "needed", "453"}, {"all", "all", "left", "453"},
		{"group", "1", "roster", "65"}, {"group", "1", "needed", "13"},
		{"group", "2", "roster", "150"}, {"group", "2", "needed", "30"},
		{"group", "3", "roster", "850"}, {"group", "3", "needed", "170"},
		{"group", "4", "roster", "1197"}, {"group", "4", "needed", "240"},
	} {
		if c := got.at(t, "target_gaps", w.col, key(w.dim, w.v)...); c != w.want {
			t.Errorf("demo: %s %s %s = %s; want %s", w.dim, w.v, w.col, c, w.want)
		}
	}
}

func jsonOf(v any) ([]byte, error) { return json.Marshal(v) }

// decodeResult writes res as JSON and reads it back as the tests compare it.
func decodeResult(t *testing.T, res reports.Result) decoded {
	t.Helper()
	body, err := reports.Body(res, reports.FormatJSON)
	if err != nil {
		t.Fatal(err)
	}
	var out decoded
	if err := json.Unmarshal(body, &out); err != nil {
		t.Fatalf("decode %s: %v", body, err)
	}
	return out
}

// at returns the cell of report in column col of the row whose first cells
// read as key (numbers in decimal), as text.
func (d decoded) at(t *testing.T, report, col string, key ...string) string {
	t.Helper()
	text := func(v any) string {
		b, _ := json.Marshal(v)
		return strings.Trim(string(b), `"`)
	}
	for _, r := range d.Reports {
		if r.Name != report {
			continue
		}
		c := slices.Index(r.Columns, col)
		for _, row := range r.Rows {
			ok := c >= 0 && len(row) >= len(key)
			for i := 0; ok && i < len(key); i++ {
				ok = text(row[i]) == key[i]
			}
			if ok {
				return text(row[c])
			}
		}
	}
	t.Fatalf("%s: no cell %s of row %v", report, col, key)
	return ""
}
