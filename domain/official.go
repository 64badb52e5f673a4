package domain

import (
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"daotao/events"
)

// Employee categories.
const (
	CategoryCBCC = "cbcc" // cán bộ, công chức
	CategoryVC   = "vc"   // viên chức
)

// Genders.
const (
	GenderMale   = "nam"
	GenderFemale = "nu"
)

// Qualifications (trình độ chuyên môn).
var Qualifications = []string{"dai_hoc", "thac_si", "tien_si"}

// Fields are the nine fields of study of Table 6 of the Đề án.
var Fields = []string{
	"kinh_te_tai_chinh", "cntt_khmt", "y_te", "giao_duc", "quy_hoach_do_thi",
	"tnmt_dat_dai", "nong_nghiep", "hanh_chinh_luat", "khac",
}

// Age and name limits applied when an official is registered.
const (
	MinOfficialAge = 18
	MaxOfficialAge = 70
	MaxNameRunes   = 120
	minServiceAge  = 16
	maxGroup       = 4
	minGroup       = 1
	officialNoun   = "cán bộ, công chức, viên chức"
)

// RegisterOfficial is the command to put an official on an agency's roster.
type RegisterOfficial struct {
	AgencyCode string
	events.OfficialProfile
}

// Ratings of yearly performance (xếp loại chất lượng).
const (
	RatingExcellent = "xuat_sac"         // hoàn thành xuất sắc nhiệm vụ
	RatingGood      = "tot"              // hoàn thành tốt nhiệm vụ
	RatingDone      = "hoan_thanh"       // hoàn thành nhiệm vụ
	RatingFailed    = "khong_hoan_thanh" // không hoàn thành nhiệm vụ
)

// Ratings lists the ratings from best to worst.
var Ratings = []string{RatingExcellent, RatingGood, RatingDone, RatingFailed}

// Discipline states.
var Disciplines = []string{"none", "pending", "active"}

// NewOfficial decides a RegisterOfficial command issued by actor on date
// today. It returns a KindForbidden error unless the actor is the officer
// of that agency, and a KindInvalid error naming every field at fault.
func NewOfficial(id string, cmd RegisterOfficial, actor events.Actor, today events.Date, agencies *Agencies) (events.OfficialRegistered, error) {
	if !Is(actor, RoleAgency) {
		return events.OfficialRegistered{}, Forbidden("Chỉ cán bộ tổ chức của cơ quan, đơn vị được đăng ký " + officialNoun + ".")
	}
	p := Problems{}
	if _, ok := agencies.Get(cmd.AgencyCode); !ok {
		p.Add("agency_code", "Mã cơ quan, đơn vị không có trong danh mục.")
	}
	checkProfile(p, cmd.OfficialProfile, today)
	if err := p.Err(); err != nil {
		return events.OfficialRegistered{}, err
	}
	if cmd.AgencyCode != actor.Agency {
		return events.OfficialRegistered{}, Forbidden("Bạn chỉ được đăng ký " + officialNoun + " của cơ quan, đơn vị mình.")
	}
	return events.OfficialRegistered{OfficialID: id, AgencyCode: cmd.AgencyCode, OfficialProfile: cmd.OfficialProfile}, nil
}

// Update decides a change of the official's profile to next. It returns a
// nil payload when nothing changes, KindNotFound for another agency's
// official, KindForbidden for a role other than agency, and KindInvalid
// naming every field at fault.
func (o *Official) Update(actor events.Actor, next events.OfficialProfile, today events.Date) (events.Payload, error) {
	if !Is(actor, RoleAgency) {
		return nil, Forbidden("Chỉ cán bộ tổ chức của cơ quan, đơn vị được sửa hồ sơ cán bộ.")
	}
	if actor.Agency != o.AgencyCode {
		return nil, NotFound("cán bộ")
	}
	p := Problems{}
	checkProfile(p, next, today)
	if err := p.Err(); err != nil {
		return nil, err
	}
	changed := diffProfile(o.OfficialProfile, next)
	if len(changed) == 0 {
		return nil, nil
	}
	return &events.OfficialUpdated{OfficialProfile: next, Changed: changed}, nil
}

func checkProfile(p Problems, c events.OfficialProfile, today events.Date) {
	if msg := checkName(c.FullName); msg != "" {
		p.Add("full_name", msg)
	}
	if c.Group < minGroup || c.Group > maxGroup {
		p.Add("group", "Nhóm phải là 1, 2, 3 hoặc 4.")
	}
	if c.Category != CategoryCBCC && c.Category != CategoryVC {
		p.Add("category", `Loại phải là "cbcc" (cán bộ, công chức) hoặc "vc" (viên chức).`)
	}
	if c.Gender != GenderMale && c.Gender != GenderFemale {
		p.Add("gender", `Giới tính phải là "nam" hoặc "nu".`)
	}
	if !oneOf(c.Qualification, Qualifications) {
		p.Add("qualification", `Trình độ phải là "dai_hoc", "thac_si" hoặc "tien_si".`)
	}
	if !oneOf(c.Field, Fields) {
		p.Add("field", "Ngành, lĩnh vực không có trong danh mục (Bảng 6).")
	}
	checkDates(p, c, today)
	checkFacts(p, c, today)
}

func checkDates(p Problems, c events.OfficialProfile, today events.Date) {
	if c.BirthDate.IsZero() {
		p.Add("birth_date", "Cần ngày sinh (YYYY-MM-DD).")
	} else if age := events.YearsBetween(c.BirthDate, today); age < MinOfficialAge || age > MaxOfficialAge {
		p.Add("birth_date", "Tuổi phải từ 18 đến 70.")
	}
	switch {
	case c.ServiceStart.IsZero():
		p.Add("service_start", "Cần ngày bắt đầu công tác (YYYY-MM-DD).")
	case c.ServiceStart.After(today):
		p.Add("service_start", "Ngày bắt đầu công tác không được sau hôm nay.")
	case !c.BirthDate.IsZero() && c.ServiceStart.Before(c.BirthDate.AddDate(minServiceAge, 0, 0)):
		p.Add("service_start", "Ngày bắt đầu công tác phải sau ngày đủ 16 tuổi.")
	}
}

func checkFacts(p Problems, c events.OfficialProfile, today events.Date) {
	for year, r := range c.Ratings {
		y, err := strconv.Atoi(year)
		if err != nil || y < 2000 || y > today.Time().Year() {
			p.Add("ratings", "Năm xếp loại phải là số năm từ 2000 đến năm nay, ví dụ \"2024\".")
		} else if !oneOf(r, Ratings) {
			p.Add("ratings", "Xếp loại năm "+year+" phải là xuat_sac, tot, hoan_thanh hoặc khong_hoan_thanh.")
		}
	}
	if c.Discipline != "" && !oneOf(c.Discipline, Disciplines) {
		p.Add("discipline", `Kỷ luật phải là "none", "pending" hoặc "active".`)
	}
	if !c.ProbationEnd.IsZero() && !c.ServiceStart.IsZero() && c.ProbationEnd.Before(c.ServiceStart) {
		p.Add("probation_end", "Ngày hết tập sự không được trước ngày bắt đầu công tác.")
	}
}

func diffProfile(a, b events.OfficialProfile) []events.FieldChange {
	var out []events.FieldChange
	add := func(f string, from, to any) { out = append(out, events.FieldChange{Field: f, From: from, To: to}) }
	for _, f := range []struct {
		name     string
		from, to any
	}{
		{"full_name", a.FullName, b.FullName}, {"group", a.Group, b.Group}, {"category", a.Category, b.Category},
		{"birth_date", a.BirthDate.String(), b.BirthDate.String()}, {"gender", a.Gender, b.Gender},
		{"service_start", a.ServiceStart.String(), b.ServiceStart.String()}, {"qualification", a.Qualification, b.Qualification},
		{"field", a.Field, b.Field}, {"probation_end", a.ProbationEnd.String(), b.ProbationEnd.String()},
		{"in_planning_pool", a.InPlanningPool, b.InPlanningPool}, {"discipline", a.Discipline, b.Discipline},
		{"prior_postgrad_nomination", a.PriorPostgradNomination, b.PriorPostgradNomination},
		{"ethnic_minority", a.EthnicMinority, b.EthnicMinority}, {"travel_barred", a.TravelBarred, b.TravelBarred},
	} {
		if f.from != f.to {
			add(f.name, f.from, f.to)
		}
	}
	if !maps.Equal(a.Ratings, b.Ratings) {
		add("ratings", a.Ratings, b.Ratings)
	}
	return out
}

// checkName returns a message when s is not a plausible full name.
func checkName(s string) string {
	if strings.TrimSpace(s) == "" {
		return "Cần họ và tên."
	}
	if !utf8.ValidString(s) || utf8.RuneCountInString(s) > MaxNameRunes {
		return "Họ và tên quá dài hoặc không hợp lệ."
	}
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.Is(unicode.Mn, r) && r != ' ' && r != '-' && r != '\'' && r != '.' {
			return "Họ và tên chỉ gồm chữ cái, dấu cách và dấu gạch nối."
		}
	}
	if strings.IndexFunc(s, unicode.IsLetter) < 0 {
		return "Họ và tên phải có chữ cái."
	}
	return ""
}

func oneOf(s string, list []string) bool {
	for _, v := range list {
		if s == v {
			return true
		}
	}
	return false
}

// Official is the state of one official, rebuilt from events.
type Official struct {
	Seq        uint64 // stream sequence of its last event
	OfficialID string
	AgencyCode string
	events.OfficialProfile
	// Bookings are the periods of its approved programmes.
	Bookings []Booking
}

// Apply folds one event of this official into its state.
func (o *Official) Apply(seq uint64, p events.Payload) {
	switch e := p.(type) {
	case *events.OfficialRegistered:
		o.OfficialID, o.AgencyCode, o.OfficialProfile = e.OfficialID, e.AgencyCode, e.OfficialProfile
	case *events.OfficialUpdated:
		o.OfficialProfile = e.OfficialProfile
	case *events.OfficialBooked:
		o.Bookings = append(slices.Clip(o.Bookings), Booking{NominationID: e.NominationID, Start: e.StartDate, End: e.EndDate})
	case *events.OfficialReleased:
		o.Bookings = slices.DeleteFunc(slices.Clone(o.Bookings), func(b Booking) bool { return b.NominationID == e.NominationID })
	}
	o.Seq = seq
}

// OfficialView is an official as the API shows it.
type OfficialView struct {
	ID         string `json:"id"`
	AgencyCode string `json:"agency_code"`
	events.OfficialProfile
	Seq uint64 `json:"seq"`
}

// View returns the official as the API shows it.
func (o *Official) View() OfficialView {
	return OfficialView{ID: o.OfficialID, AgencyCode: o.AgencyCode, OfficialProfile: o.OfficialProfile, Seq: o.Seq}
}
