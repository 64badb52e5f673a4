package domain

import (
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
	FullName      string
	AgencyCode    string
	Group         int
	Category      string
	BirthDate     events.Date
	Gender        string
	ServiceStart  events.Date
	Qualification string
	Field         string
}

// NewOfficial decides a RegisterOfficial command issued by actor on date
// today. It returns a KindForbidden error unless the actor is the officer
// of that agency, and a KindInvalid error naming every field at fault.
func NewOfficial(id string, cmd RegisterOfficial, actor events.Actor, today events.Date, agencies *Agencies) (events.OfficialRegistered, error) {
	if !Is(actor, RoleAgency) {
		return events.OfficialRegistered{}, Forbidden("Chỉ cán bộ tổ chức của cơ quan, đơn vị được đăng ký " + officialNoun + ".")
	}
	if err := cmd.validate(today, agencies); err != nil {
		return events.OfficialRegistered{}, err
	}
	if cmd.AgencyCode != actor.Agency {
		return events.OfficialRegistered{}, Forbidden("Bạn chỉ được đăng ký " + officialNoun + " của cơ quan, đơn vị mình.")
	}
	return events.OfficialRegistered{
		OfficialID: id, FullName: cmd.FullName, AgencyCode: cmd.AgencyCode, Group: cmd.Group,
		Category: cmd.Category, BirthDate: cmd.BirthDate, Gender: cmd.Gender,
		ServiceStart: cmd.ServiceStart, Qualification: cmd.Qualification, Field: cmd.Field,
	}, nil
}

func (c RegisterOfficial) validate(today events.Date, agencies *Agencies) error {
	p := Problems{}
	if msg := checkName(c.FullName); msg != "" {
		p.Add("full_name", msg)
	}
	if _, ok := agencies.Get(c.AgencyCode); !ok {
		p.Add("agency_code", "Mã cơ quan, đơn vị không có trong danh mục.")
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
	c.checkDates(p, today)
	return p.Err()
}

func (c RegisterOfficial) checkDates(p Problems, today events.Date) {
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
	Seq uint64 // stream sequence of its last event
	events.OfficialRegistered
}

// Apply folds one event of this official into its state.
func (o *Official) Apply(seq uint64, p events.Payload) {
	if e, ok := p.(*events.OfficialRegistered); ok {
		o.OfficialRegistered = *e
	}
	o.Seq = seq
}

// OfficialView is an official as the API shows it.
type OfficialView struct {
	ID            string      `json:"id"`
	FullName      string      `json:"full_name"`
	AgencyCode    string      `json:"agency_code"`
	Group         int         `json:"group"`
	Category      string      `json:"category"`
	BirthDate     events.Date `json:"birth_date"`
	Gender        string      `json:"gender"`
	ServiceStart  events.Date `json:"service_start"`
	Qualification string      `json:"qualification"`
	Field         string      `json:"field"`
	Seq           uint64      `json:"seq"`
}

// View returns the official as the API shows it.
func (o *Official) View() OfficialView {
	r := o.OfficialRegistered
	return OfficialView{
		ID: r.OfficialID, FullName: r.FullName, AgencyCode: r.AgencyCode, Group: r.Group,
		Category: r.Category, BirthDate: r.BirthDate, Gender: r.Gender, ServiceStart: r.ServiceStart,
		Qualification: r.Qualification, Field: r.Field, Seq: o.Seq,
	}
}
