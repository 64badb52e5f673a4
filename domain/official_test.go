package domain_test

import (
	"reflect"
	"strings"
	"testing"

	"daotao/domain"
	"daotao/events"
)

// today is the date every registration is decided on.
var today = day(2025, 6, 15)

func validOfficial() domain.RegisterOfficial {
	return domain.RegisterOfficial{AgencyCode: "so_noi_vu", OfficialProfile: events.OfficialProfile{
		FullName: "Nguyễn Thị Ánh Tuyết", Group: 3, Category: domain.CategoryCBCC,
		BirthDate: day(1985, 3, 10), Gender: domain.GenderFemale, ServiceStart: day(2008, 9, 1),
		Qualification: "thac_si", Field: "hanh_chinh_luat",
	}}
}

// bornOn sets the birth date and a service start that fits it, so that only
// the age is under test.
func bornOn(d events.Date) func(*domain.RegisterOfficial) {
	return func(c *domain.RegisterOfficial) { c.BirthDate, c.ServiceStart = d, today }
}

func TestNewOfficialValid(t *testing.T) {
	tests := []struct {
		name   string
		change func(*domain.RegisterOfficial)
	}{
		{"as given", func(*domain.RegisterOfficial) {}},
		{"name Hồ Đắc Di", func(c *domain.RegisterOfficial) { c.FullName, c.Gender = "Hồ Đắc Di", domain.GenderMale }},
		{"name in decomposed form", func(c *domain.RegisterOfficial) { c.FullName = "Nguye\u0302\u0303n Thi\u0323 A\u0301nh" }},
		{"name with apostrophe and hyphen", func(c *domain.RegisterOfficial) { c.FullName = "H'Hen Niê-Alăng" }},
		{"name of 120 runes", func(c *domain.RegisterOfficial) { c.FullName = strings.Repeat("Ư", domain.MaxNameRunes) }},
		{"18 on the day", bornOn(day(2007, 6, 15))},
		{"70 on the day", bornOn(day(1955, 6, 15))},
		{"70 the day before turning 71", bornOn(day(1954, 6, 16))},
		{"born 29 February, 18 on 1 March", func(c *domain.RegisterOfficial) {
			c.BirthDate, c.ServiceStart = day(2004, 2, 29), day(2022, 3, 1)
		}},
		{"service starts today", func(c *domain.RegisterOfficial) { c.ServiceStart = today }},
		{"service starts on the 16th birthday", func(c *domain.RegisterOfficial) { c.ServiceStart = day(2001, 3, 10) }},
		{"group 1 viên chức", func(c *domain.RegisterOfficial) { c.Group, c.Category = 1, domain.CategoryVC }},
		{"group 4 district", func(c *domain.RegisterOfficial) { c.Group = 4 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := validOfficial()
			tt.change(&cmd)
			got, err := domain.NewOfficial("off-1", cmd, officer, today, domain.DefaultAgencies())
			if err != nil {
				t.Fatalf("err = %v, want nil", err)
			}
			want := events.OfficialRegistered{OfficialID: "off-1", AgencyCode: cmd.AgencyCode, OfficialProfile: cmd.OfficialProfile}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got %#v,\nwant %#v", got, want)
			}
		})
	}
}

func TestNewOfficialInvalid(t *testing.T) {
	tests := []struct {
		name   string
		change func(*domain.RegisterOfficial)
		fields []string
	}{
		{"empty name", func(c *domain.RegisterOfficial) { c.FullName = "" }, []string{"full_name"}},
		{"blank name", func(c *domain.RegisterOfficial) { c.FullName = "   " }, []string{"full_name"}},
		{"name with digits", func(c *domain.RegisterOfficial) { c.FullName = "Nguyễn Văn 2" }, []string{"full_name"}},
		{"name with a tab", func(c *domain.RegisterOfficial) { c.FullName = "Nguyễn\tVăn An" }, []string{"full_name"}},
		{"name with markup", func(c *domain.RegisterOfficial) { c.FullName = "<b>An</b>" }, []string{"full_name"}},
		{"name of 121 runes", func(c *domain.RegisterOfficial) { c.FullName = strings.Repeat("Ư", domain.MaxNameRunes+1) }, []string{"full_name"}},
		{"name of punctuation only", func(c *domain.RegisterOfficial) { c.FullName = "- . '" }, []string{"full_name"}},
		{"name of a combining mark only", func(c *domain.RegisterOfficial) { c.FullName = "\u0301" }, []string{"full_name"}},
		{"name not utf-8", func(c *domain.RegisterOfficial) { c.FullName = "Nguy\xffn" }, []string{"full_name"}},
		{"unknown agency", func(c *domain.RegisterOfficial) { c.AgencyCode = "so_khong_co" }, []string{"agency_code"}},
		{"no agency", func(c *domain.RegisterOfficial) { c.AgencyCode = "" }, []string{"agency_code"}},
		{"group 0", func(c *domain.RegisterOfficial) { c.Group = 0 }, []string{"group"}},
		{"group 5", func(c *domain.RegisterOfficial) { c.Group = 5 }, []string{"group"}},
		{"unknown category", func(c *domain.RegisterOfficial) { c.Category = "cb" }, []string{"category"}},
		{"unknown gender", func(c *domain.RegisterOfficial) { c.Gender = "nữ" }, []string{"gender"}},
		{"unknown qualification", func(c *domain.RegisterOfficial) { c.Qualification = "cao_dang" }, []string{"qualification"}},
		{"unknown field", func(c *domain.RegisterOfficial) { c.Field = "the_thao" }, []string{"field"}},
		{"no birth date", func(c *domain.RegisterOfficial) { c.BirthDate = events.Date{} }, []string{"birth_date"}},
		{"17, a day before turning 18", bornOn(day(2007, 6, 16)), []string{"birth_date"}},
		{"71 on the day", bornOn(day(1954, 6, 15)), []string{"birth_date"}},
		{"born in the future", bornOn(day(2030, 1, 1)), []string{"birth_date", "service_start"}},
		{"no service start", func(c *domain.RegisterOfficial) { c.ServiceStart = events.Date{} }, []string{"service_start"}},
		{"service starts tomorrow", func(c *domain.RegisterOfficial) { c.ServiceStart = day(2025, 6, 16) }, []string{"service_start"}},
		{"service starts the day before the 16th birthday", func(c *domain.RegisterOfficial) {
			c.ServiceStart = day(2001, 3, 9)
		}, []string{"service_start"}},
		{"every field", func(c *domain.RegisterOfficial) {
			*c = domain.RegisterOfficial{OfficialProfile: events.OfficialProfile{FullName: "R2-D2", Group: 9, Category: "x", Gender: "x", Qualification: "x", Field: "x"}}
		}, []string{"full_name", "agency_code", "group", "category", "gender", "qualification", "field", "birth_date", "service_start"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := validOfficial()
			tt.change(&cmd)
			got, err := domain.NewOfficial("off-1", cmd, officer, today, domain.DefaultAgencies())
			wantError(t, err, domain.KindInvalid, tt.fields...)
			if !reflect.DeepEqual(got, events.OfficialRegistered{}) {
				t.Errorf("event = %#v, want the zero event", got)
			}
		})
	}
}

func TestNewOfficialActor(t *testing.T) {
	tests := []struct {
		name  string
		actor events.Actor
	}{
		{"officer of another agency", stranger},
		{"council", council},
		{"auditor", auditor},
		{"admin", admin},
		{"system", events.System},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := domain.NewOfficial("off-1", validOfficial(), tt.actor, today, domain.DefaultAgencies())
			wantError(t, err, domain.KindForbidden)
		})
	}
}

func TestOfficialApply(t *testing.T) {
	want := events.OfficialRegistered{OfficialID: "off-1", AgencyCode: "so_y_te", OfficialProfile: events.OfficialProfile{FullName: "Hồ Đắc Di"}}
	var o domain.Official
	o.Apply(7, &want)
	if got := (events.OfficialRegistered{OfficialID: o.OfficialID, AgencyCode: o.AgencyCode, OfficialProfile: o.OfficialProfile}); o.Seq != 7 || !reflect.DeepEqual(got, want) {
		t.Errorf("official = %+v, want seq 7 and %+v", o, want)
	}
}
