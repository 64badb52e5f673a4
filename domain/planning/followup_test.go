package planning_test

import (
	"testing"

	"daotao/domain"
	"daotao/domain/planning"
	"daotao/events"
)

func TestProviderRegisterAndUpdate(t *testing.T) {
	d := events.ProviderDetails{Name: "Học viện Hành chính Quốc gia", Kind: planning.ProviderDomestic}
	e, err := planning.RegisterProvider(nil, "p1", d, noivu)
	if err != nil {
		t.Fatal(err)
	}
	reg := e.(*events.ProviderRegistered)
	if reg.Country != "Việt Nam" {
		t.Errorf("a domestic provider's country: %q", reg.Country)
	}
	p := &planning.Provider{}
	p.Apply(1, t0, "sonoivu", reg)
	// The same details again record nothing; a change is an update.
	if e, err := planning.RegisterProvider(p, "p1", reg.ProviderDetails, yte); e != nil || err != nil {
		t.Fatalf("unchanged = %v, %v", e, err)
	}
	changed := reg.ProviderDetails
	changed.Address = "77 Nguyễn Chí Thanh, Hà Nội"
	if e, err := planning.RegisterProvider(p, "p1", changed, yte); err != nil || e.EventType() != events.TypeProviderUpdated {
		t.Fatalf("update = %v, %v", e, err)
	}
	if _, err := planning.RegisterProvider(nil, "p2", events.ProviderDetails{Name: "X", Kind: planning.ProviderForeign}, noivu); err == nil {
		t.Fatal("a foreign provider without a country was accepted")
	} else {
		fieldOf(t, err, "country")
	}
	if _, err := planning.RegisterProvider(nil, "p2", d, council); kindOf(err) != domain.KindForbidden {
		t.Fatalf("council registered a provider: %v", err)
	}
}

func TestRecordSelection(t *testing.T) {
	p := &planning.Provider{}
	p.Apply(1, t0, "sonoivu", &events.ProviderRegistered{ProviderID: "p1", ProviderDetails: events.ProviderDetails{Name: "Đại học Y Dược Huế", Kind: planning.ProviderDomestic}})
	course := planning.CourseFacts{ID: "c1", LeadAgency: "so_y_te"}
	sel := events.ProviderSelected{ProviderID: "p1", Method: "chi_dinh_thau", DecisionNo: "45/QĐ-SYT", DecisionDate: events.NewDate(2026, 3, 2), ContractValueVND: 480_000_000}
	e, err := planning.RecordSelection(nil, course, p, sel, yte)
	if err != nil || e.CourseID != "c1" {
		t.Fatalf("selection = %+v, %v", e, err)
	}
	other := events.Actor{Username: "tamky", Role: string(domain.RoleAgency), Agency: "ubnd_tam_ky"}
	if _, err := planning.RecordSelection(nil, course, p, sel, other); kindOf(err) != domain.KindNotFound {
		t.Fatalf("another agency recorded it: %v", err)
	}
	bad := sel
	bad.Method, bad.DecisionNo, bad.ContractValueVND = "boc_tham", "", -1
	_, err = planning.RecordSelection(nil, course, nil, bad, yte)
	for _, f := range []string{"provider_id", "method", "decision_no", "contract_value_vnd"} {
		fieldOf(t, err, f)
	}
}

func trainee() planning.Trainee {
	return planning.Trainee{NominationID: "n1", AgencyCode: "so_y_te", OfficialID: "o1", Approved: true, Postgraduate: true,
		Start: events.NewDate(2025, 9, 1), End: events.NewDate(2027, 8, 31)}
}

func TestProgressFollowUp(t *testing.T) {
	tr := trainee()
	p := &planning.Progress{}
	seq := uint64(0)
	apply := func(e events.Payload) {
		seq++
		p.Apply(seq, t0, "soyte", e)
	}
	// Nothing is due before the first semester ends and its grace passes:
	// 01/03/2026 + 30 days.
	if _, late := planning.OverdueOn(p, tr, events.NewDate(2026, 3, 31)); late {
		t.Fatal("overdue on the last day of grace")
	}
	o, late := planning.OverdueOn(p, tr, events.NewDate(2026, 4, 1))
	if !late || o.Missing != 1 || o.Due != events.NewDate(2026, 3, 31) {
		t.Fatalf("overdue = %+v, %v", o, late)
	}
	r, err := planning.RecordProgress(p, tr, events.ProgressRecorded{Period: "2026-1", Credits: 18, Results: "Điểm trung bình 3,4/4"}, yte)
	if err != nil {
		t.Fatal(err)
	}
	apply(&r)
	if _, late := planning.OverdueOn(p, tr, events.NewDate(2026, 4, 1)); late {
		t.Fatal("still overdue after the record")
	}
	if _, err := planning.RecordProgress(p, tr, events.ProgressRecorded{Period: "2026-1", Results: "x"}, yte); err == nil {
		t.Fatal("the same period twice")
	} else {
		fieldOf(t, err, "period")
	}

	// An extension moves the end, and with it the commitment's start.
	if _, err := planning.Extend(p, tr, events.NewDate(2027, 6, 1), "Bảo vệ luận văn muộn", yte); err == nil {
		t.Fatal("an extension before the current end was accepted")
	}
	x, err := planning.Extend(p, tr, events.NewDate(2028, 2, 29), "Bảo vệ luận văn muộn", yte)
	if err != nil || x.PreviousEnd != tr.End {
		t.Fatalf("extend = %+v, %v", x, err)
	}
	apply(&x)
	if p.EndOf(tr) != events.NewDate(2028, 2, 29) {
		t.Fatalf("end after extension: %v", p.EndOf(tr))
	}

	// A suspension stops the overdue count until resumed.
	s, err := planning.Suspend(p, tr, events.NewDate(2026, 9, 1), events.NewDate(2027, 3, 1), "Ốm dài ngày", yte)
	if err != nil {
		t.Fatal(err)
	}
	apply(&s)
	if _, late := planning.OverdueOn(p, tr, events.NewDate(2026, 12, 1)); late {
		t.Fatal("overdue while suspended")
	}
	if _, err := planning.Suspend(p, tr, events.NewDate(2026, 9, 1), events.NewDate(2027, 3, 1), "x", yte); kindOf(err) != domain.KindConflict {
		t.Fatalf("suspended twice: %v", err)
	}
	rs, err := planning.Resume(p, tr, events.NewDate(2027, 3, 1), yte)
	if err != nil {
		t.Fatal(err)
	}
	apply(&rs)
	// Graduation is the programme's result, recorded with the results of
	// training, not here; it ends the follow-up.
	if _, err := planning.Conclude(p, tr, planning.OutcomeGraduated, events.NewDate(2028, 2, 20), "", yte); err == nil {
		t.Fatal("graduation recorded in the follow-up")
	} else {
		fieldOf(t, err, "outcome")
	}
	graduated := tr
	graduated.Result, graduated.ResultOn = planning.OutcomeGraduated, events.NewDate(2028, 2, 20)
	if _, err := planning.RecordProgress(p, graduated, events.ProgressRecorded{Period: "2027-2", Results: "x"}, yte); kindOf(err) != domain.KindConflict {
		t.Fatalf("a record after the result: %v", err)
	}
	if _, late := planning.OverdueOn(p, graduated, events.NewDate(2029, 1, 1)); late {
		t.Fatal("a finished programme's follow-up is overdue")
	}
	// A withdrawal ends it too.
	c, err := planning.Conclude(p, tr, planning.OutcomeWithdrawn, events.NewDate(2027, 5, 20), "Xin thôi học", yte)
	if err != nil {
		t.Fatal(err)
	}
	apply(&c)
	if _, err := planning.RecordProgress(p, tr, events.ProgressRecorded{Period: "2027-2", Results: "x"}, yte); kindOf(err) != domain.KindConflict {
		t.Fatalf("a record after the withdrawal: %v", err)
	}
	if _, late := planning.OverdueOn(p, tr, events.NewDate(2029, 1, 1)); late {
		t.Fatal("a concluded follow-up is overdue")
	}
}

func TestProgressWhoMayRecord(t *testing.T) {
	tr := trainee()
	other := events.Actor{Username: "tamky", Role: string(domain.RoleAgency), Agency: "ubnd_tam_ky"}
	rec := events.ProgressRecorded{Period: "2026-1", Results: "Khá"}
	if _, err := planning.RecordProgress(nil, tr, rec, other); kindOf(err) != domain.KindNotFound {
		t.Fatalf("another agency: %v", err)
	}
	if _, err := planning.RecordProgress(nil, tr, rec, noivu); kindOf(err) != domain.KindForbidden {
		t.Fatalf("home affairs: %v", err)
	}
	refresher := tr
	refresher.Postgraduate = false
	if _, err := planning.RecordProgress(nil, refresher, rec, yte); kindOf(err) != domain.KindConflict {
		t.Fatalf("a refresher nomination: %v", err)
	}
}

// TestSelectionPinsDocuments: a record pins the documents added before it,
// and a document added later is not in it.
func TestSelectionPinsDocuments(t *testing.T) {
	p := &planning.Provider{}
	p.Apply(1, t0, "sonoivu", &events.ProviderRegistered{ProviderID: "p1", ProviderDetails: events.ProviderDetails{Name: "Đại học Đà Nẵng", Kind: planning.ProviderDomestic}})
	course := planning.CourseFacts{ID: "c1", LeadAgency: "so_y_te"}
	s := &planning.Selection{}
	doc := events.AttachmentRef{SHA256: "aa", Name: "qd.pdf", ContentType: "application/pdf", Size: 10}
	added, err := planning.AddDocument(s, course, doc, yte)
	if err != nil {
		t.Fatal(err)
	}
	s.Apply(2, t0, "soyte", &added)
	if _, err := planning.AddDocument(s, course, doc, yte); kindOf(err) != domain.KindConflict {
		t.Fatalf("the same document twice: %v", err)
	}
	rec, err := planning.RecordSelection(s, course, p, events.ProviderSelected{ProviderID: "p1", Method: "tu_thuc_hien", DecisionNo: "1/QĐ", DecisionDate: events.NewDate(2026, 1, 5)}, yte)
	if err != nil || len(rec.Documents) != 1 || rec.Documents[0].SHA256 != "aa" {
		t.Fatalf("record = %+v, %v", rec, err)
	}
	s.Apply(3, t0, "soyte", &rec)
	later, _ := planning.AddDocument(s, course, events.AttachmentRef{SHA256: "bb", Name: "hd.pdf"}, yte)
	s.Apply(4, t0, "soyte", &later)
	if cur, _ := s.Current(); len(cur.Documents) != 1 {
		t.Fatalf("a later document changed the record: %+v", cur.Documents)
	}
}

// TestPlanAgainstActual compares a plan of three lines with what was
// opened, held, seated and spent, against figures worked out by hand.
func TestPlanAgainstActual(t *testing.T) {
	p := &planning.Plan{}
	p.Apply(1, t0, "sonoivu", &events.PlanRoundOpened{Year: 2026, NeedsDue: events.NewDate(2025, 9, 30)})
	p.Apply(2, t0, "sonoivu", &events.PlanDrafted{Year: 2026, Version: 1, Lines: []events.PlanLine{
		{LineID: "L1", Format: planning.FormatClass, ContentCode: "C.1", LeadAgency: "so_y_te", CostEstimateVND: 300_000_000,
			Places: []events.AgencyPlaces{{AgencyCode: "so_y_te", Places: 20}, {AgencyCode: "ubnd_tam_ky", Places: 10}}},
		{LineID: "L2", Format: planning.FormatDelegationAbroad, ContentCode: "C.2", LeadAgency: "so_y_te", CostEstimateVND: 900_000_000,
			Places: []events.AgencyPlaces{{AgencyCode: "so_y_te", Places: 5}}},
		{LineID: "L3", Format: planning.FormatPostgraduate, QuotaID: "q", LeadAgency: "so_noi_vu",
			Places: []events.AgencyPlaces{{AgencyCode: "ubnd_tam_ky", Places: 2}}},
	}})
	// Before approval nothing is in force.
	if rows := planning.PlanAgainstActual(p, nil, nil); rows != nil {
		t.Fatalf("rows before approval: %+v", rows)
	}
	p.Apply(3, t0, "ubndtinh", &events.PlanApproved{Year: 2026, Version: 1, DecisionNo: "1"})
	courses := []planning.CourseFact{
		// The class ran: 18 + 9 seats, appraised 280 million, spent 275.
		{ID: "c1", LeadAgency: "so_y_te", Format: planning.FormatClass, PlanYear: 2026, PlanLineID: "L1", Opened: true, Held: true, Finished: true,
			Seats: map[string]int{"so_y_te": 18, "ubnd_tam_ky": 9}, Appraised: 280_000_000, Actual: 275_000_000},
		// The delegation is open, not yet held.
		{ID: "c2", LeadAgency: "so_y_te", Format: planning.FormatDelegationAbroad, PlanYear: 2026, PlanLineID: "L2", Opened: true,
			Seats: map[string]int{"so_y_te": 4}},
		// Not from the plan: not counted.
		{ID: "c3", LeadAgency: "so_y_te", Format: planning.FormatClass, Opened: true, Finished: true, Seats: map[string]int{"so_y_te": 30}},
	}
	postgrad := []planning.PostgradFact{
		{AgencyCode: "ubnd_tam_ky", Year: 2026, Nominated: true, Enrolled: true},
		{AgencyCode: "ubnd_tam_ky", Year: 2026, Nominated: true},
		{AgencyCode: "ubnd_tam_ky", Year: 2027, Nominated: true, Enrolled: true},
	}
	rows := planning.PlanAgainstActual(p, courses, postgrad)
	want := []planning.ActualRow{
		{Year: 2026, AgencyCode: "so_noi_vu"},
		{Year: 2026, AgencyCode: "so_y_te", ClassesPlanned: 1, ClassesOpened: 1, ClassesCompleted: 1, PlacesPlanned: 25, PlacesUsed: 22,
			DelegationsPlanned: 1, CostPlanned: 1_200_000_000, CostAppraised: 280_000_000, CostActual: 275_000_000},
		{Year: 2026, AgencyCode: "ubnd_tam_ky", PlacesPlanned: 10, PlacesUsed: 9, PostgradPlanned: 2, PostgradNominated: 2, PostgradEnrolled: 1},
	}
	if len(rows) != len(want) {
		t.Fatalf("rows = %+v", rows)
	}
	for i := range want {
		if rows[i] != want[i] {
			t.Errorf("row %d = %+v\nwant %+v", i, rows[i], want[i])
		}
	}
}

func TestLinkCourse(t *testing.T) {
	p := &planning.Plan{}
	p.Apply(1, t0, "sonoivu", &events.PlanRoundOpened{Year: 2026, NeedsDue: events.NewDate(2025, 9, 30)})
	p.Apply(2, t0, "sonoivu", &events.PlanDrafted{Year: 2026, Version: 1, Lines: []events.PlanLine{
		{LineID: "L1", Format: planning.FormatClass, ContentCode: "C.1", LeadAgency: "so_y_te",
			Places: []events.AgencyPlaces{{AgencyCode: "so_y_te", Places: 20}, {AgencyCode: "ubnd_tam_ky", Places: 10}}}}})
	link := planning.CourseLink{PlanYear: 2026, PlanLineID: "L1", Format: planning.FormatClass, ContentCode: "C.1", LeadAgency: "so_y_te", Capacity: 40}
	if _, err := planning.LinkCourse(p, link); err == nil {
		t.Fatal("linked to a plan not yet approved")
	} else {
		fieldOf(t, err, "plan_year")
	}
	p.Apply(3, t0, "ubndtinh", &events.PlanApproved{Year: 2026, Version: 1, DecisionNo: "1"})
	rs, err := planning.LinkCourse(p, link)
	if err != nil || len(rs) != 2 || rs[0] != (events.SeatReservation{AgencyCode: "so_y_te", Seats: 20}) || rs[1].Seats != 10 {
		t.Fatalf("default reservations = %+v, %v", rs, err)
	}
	given := []events.SeatReservation{{AgencyCode: "so_y_te", Seats: 5}}
	if rs, _ := planning.LinkCourse(p, with(link, func(l *planning.CourseLink) { l.Reservations = given })); len(rs) != 1 || rs[0].Seats != 5 {
		t.Fatalf("given reservations replaced: %+v", rs)
	}
	for field, edit := range map[string]func(*planning.CourseLink){
		"plan_line_id": func(l *planning.CourseLink) { l.PlanLineID = "L9" },
		"capacity":     func(l *planning.CourseLink) { l.Capacity = 25 },
	} {
		_, err := planning.LinkCourse(p, with(link, edit))
		fieldOf(t, err, field)
	}
	for _, edit := range []func(*planning.CourseLink){
		func(l *planning.CourseLink) { l.Format = planning.FormatSeminar },
		func(l *planning.CourseLink) { l.ContentCode = "C.2" },
		func(l *planning.CourseLink) { l.LeadAgency = "so_xay_dung" },
	} {
		_, err := planning.LinkCourse(p, with(link, edit))
		fieldOf(t, err, "plan_line_id")
	}
}

func with(l planning.CourseLink, edit func(*planning.CourseLink)) planning.CourseLink {
	edit(&l)
	return l
}
