package domain_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"daotao/domain"
	"daotao/events"
)

// rosterOf returns official off-1 on the roster of agency.
func rosterOf(agency string) *domain.Official {
	return &domain.Official{Seq: 1, OfficialID: "off-1", AgencyCode: agency, OfficialProfile: events.OfficialProfile{
		FullName: "Nguyễn Thị Ánh Tuyết", Group: 3,
		Category: domain.CategoryCBCC, BirthDate: day(1985, 3, 10), Gender: domain.GenderFemale,
		ServiceStart: day(2008, 9, 1), Qualification: "dai_hoc", Field: "hanh_chinh_luat",
	}}
}

func validCreate() domain.CreateNomination {
	return domain.CreateNomination{OfficialID: "off-1", Kind: domain.KindRefresher, NominationDetails: details()}
}

func TestNewNominationValid(t *testing.T) {
	tests := []struct {
		name   string
		change func(*domain.CreateNomination)
	}{
		{"refresher", func(*domain.CreateNomination) {}},
		{"without content code", func(c *domain.CreateNomination) { c.ContentCode = "" }},
		{"content code Đ.4", func(c *domain.CreateNomination) { c.ContentCode = "Đ.4" }},
		{"one day", func(c *domain.CreateNomination) { c.EndDate = c.StartDate }},
		{"refresher of exactly 366 days", func(c *domain.CreateNomination) { c.EndDate = c.StartDate.AddDate(0, 0, 366) }},
		{"postgraduate of 24 months", func(c *domain.CreateNomination) {
			c.Kind, c.ContentCode, c.EndDate = domain.KindPostgraduate, "", c.StartDate.AddDate(2, 0, 0)
		}},
		{"postgraduate of exactly 72 months", func(c *domain.CreateNomination) {
			c.Kind, c.EndDate = domain.KindPostgraduate, c.StartDate.AddDate(0, 72, 0)
		}},
		{"no cost", func(c *domain.CreateNomination) { c.CostEstimateVND = 0 }},
		{"highest cost", func(c *domain.CreateNomination) { c.CostEstimateVND = domain.MaxCostVND }},
		{"title of 300 runes", func(c *domain.CreateNomination) { c.Title = strings.Repeat("ữ", domain.MaxTitleRunes) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := validCreate()
			tt.change(&cmd)
			got, err := domain.NewNomination("nom-1", cmd, rosterOf("so_noi_vu"), officer)
			if err != nil {
				t.Fatalf("err = %v, want nil", err)
			}
			want := events.NominationCreated{
				NominationID: "nom-1", OfficialID: "off-1", AgencyCode: "so_noi_vu",
				Kind: cmd.Kind, NominationDetails: cmd.NominationDetails,
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got %#v,\nwant %#v", got, want)
			}
		})
	}
}

func TestNewNominationInvalid(t *testing.T) {
	tests := []struct {
		name   string
		change func(*domain.CreateNomination)
		fields []string
	}{
		{"no kind", func(c *domain.CreateNomination) { c.Kind = "" }, []string{"kind"}},
		{"unknown kind", func(c *domain.CreateNomination) { c.Kind = "dao_tao" }, []string{"kind"}},
		{"empty title", func(c *domain.CreateNomination) { c.Title = "" }, []string{"title"}},
		{"blank title", func(c *domain.CreateNomination) { c.Title = " \t " }, []string{"title"}},
		{"title of 301 runes", func(c *domain.CreateNomination) { c.Title = strings.Repeat("ữ", domain.MaxTitleRunes+1) }, []string{"title"}},
		{"unknown content code", func(c *domain.CreateNomination) { c.ContentCode = "Z.9" }, []string{"content_code"}},
		{"content code in lower case", func(c *domain.CreateNomination) { c.ContentCode = "b.2" }, []string{"content_code"}},
		{"no start date", func(c *domain.CreateNomination) { c.StartDate = events.Date{} }, []string{"start_date"}},
		{"no end date", func(c *domain.CreateNomination) { c.EndDate = events.Date{} }, []string{"end_date"}},
		{"no dates", func(c *domain.CreateNomination) { c.StartDate, c.EndDate = events.Date{}, events.Date{} }, []string{"start_date", "end_date"}},
		{"end before start", func(c *domain.CreateNomination) { c.EndDate = c.StartDate.AddDate(0, 0, -1) }, []string{"end_date"}},
		{"refresher of 367 days", func(c *domain.CreateNomination) { c.EndDate = c.StartDate.AddDate(0, 0, 367) }, []string{"end_date"}},
		{"postgraduate of 72 months and a day", func(c *domain.CreateNomination) {
			c.Kind, c.EndDate = domain.KindPostgraduate, c.StartDate.AddDate(0, 72, 1)
		}, []string{"end_date"}},
		{"before 2000", func(c *domain.CreateNomination) { c.StartDate = day(1999, 12, 31) }, []string{"start_date"}},
		{"after 2100", func(c *domain.CreateNomination) {
			c.Kind, c.StartDate, c.EndDate = domain.KindPostgraduate, day(2099, 9, 1), day(2101, 9, 1)
		}, []string{"end_date"}},
		{"negative cost", func(c *domain.CreateNomination) { c.CostEstimateVND = -1 }, []string{"cost_estimate_vnd"}},
		{"cost over the limit", func(c *domain.CreateNomination) { c.CostEstimateVND = domain.MaxCostVND + 1 }, []string{"cost_estimate_vnd"}},
		{"every field", func(c *domain.CreateNomination) {
			c.Kind, c.Title, c.ContentCode, c.CostEstimateVND = "x", "", "Z.9", -5
			c.EndDate = c.StartDate.AddDate(0, 0, -1)
		}, []string{"kind", "title", "content_code", "end_date", "cost_estimate_vnd"}},
		{"no official", func(c *domain.CreateNomination) { c.OfficialID = "" }, []string{"official_id"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := validCreate()
			tt.change(&cmd)
			official := rosterOf("so_noi_vu")
			if cmd.OfficialID == "" {
				official = nil
			}
			got, err := domain.NewNomination("nom-1", cmd, official, officer)
			wantError(t, err, domain.KindInvalid, tt.fields...)
			if !reflect.DeepEqual(got, events.NominationCreated{}) {
				t.Errorf("event = %#v, want the zero event", got)
			}
		})
	}
}

func TestNewNominationOfficialAndActor(t *testing.T) {
	tests := []struct {
		name     string
		change   func(*domain.CreateNomination)
		official *domain.Official
		actor    events.Actor
		want     domain.Kind
		fields   []string
	}{
		{"unknown official", nil, nil, officer, domain.KindNotFound, []string{"official_id"}},
		{"official of another agency", nil, rosterOf("so_tai_chinh"), officer, domain.KindNotFound, []string{"official_id"}},
		{"official of another agency, invalid details", func(c *domain.CreateNomination) { c.Title = "" },
			rosterOf("so_tai_chinh"), officer, domain.KindNotFound, []string{"official_id"}},
		{"no official id, invalid title", func(c *domain.CreateNomination) { c.OfficialID, c.Title = "", "" },
			nil, officer, domain.KindInvalid, []string{"official_id", "title"}},
		{"council", nil, rosterOf("so_noi_vu"), council, domain.KindForbidden, nil},
		{"auditor", nil, rosterOf("so_noi_vu"), auditor, domain.KindForbidden, nil},
		{"admin", nil, rosterOf("so_noi_vu"), admin, domain.KindForbidden, nil},
		{"system", nil, rosterOf("so_noi_vu"), events.System, domain.KindForbidden, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := validCreate()
			if tt.change != nil {
				tt.change(&cmd)
			}
			_, err := domain.NewNomination("nom-1", cmd, tt.official, tt.actor)
			wantError(t, err, tt.want, tt.fields...)
			if tt.want == domain.KindNotFound && !errors.Is(err, domain.ErrNotFound) {
				t.Errorf("err = %v, want errors.Is(err, ErrNotFound)", err)
			}
		})
	}
}
