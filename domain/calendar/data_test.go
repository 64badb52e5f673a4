package calendar_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"daotao/domain/calendar"
)

func TestDefaultData(t *testing.T) {
	c := standard(t)
	if c.Version() != 1 || c.EffectiveFrom() != day(t, "2024-01-01") || c.Title() == "" || c.Basis() == "" {
		t.Errorf("version %d, effective %s, title %q: want version 1 from 2024-01-01 with a title and basis", c.Version(), c.EffectiveFrom(), c.Title())
	}
	var years []int
	for _, y := range c.Years() {
		years = append(years, y.Year)
	}
	if len(years) != 4 || years[0] != 2024 || years[3] != 2027 {
		t.Errorf("years %v, want 2024–2027", years)
	}
	if y, _ := c.Year(2027); y.Status != calendar.StatusProvisional || y.Note == "" {
		t.Errorf("2027: status %q, note %q; want provisional with a note", y.Status, y.Note)
	}
	if c.Covers(2023) || !c.Covers(2025) {
		t.Errorf("Covers: want 2025 and not 2023")
	}
}

// TestDataFollowsTheLabourCode checks each year against Bộ luật Lao động
// 2019: 11 days of holidays (Điều 112), the fixed ones on their dates, a
// substitute weekday for every holiday on a weekend (Điều 111 khoản 3), and
// as many Saturdays worked as weekdays swapped.
func TestDataFollowsTheLabourCode(t *testing.T) {
	for _, y := range standard(t).Years() {
		t.Run(strconv.Itoa(y.Year), func(t *testing.T) {
			count := map[string]int{}
			holidays := map[string]bool{}
			weekendHolidays := 0
			for _, d := range y.Days {
				count[d.Kind]++
				if d.Kind == calendar.KindHoliday {
					holidays[d.Date.String()[5:]] = true
					if wd := d.Date.Time().Weekday(); wd == time.Saturday || wd == time.Sunday {
						weekendHolidays++
					}
				}
			}
			if count[calendar.KindHoliday] != 11 {
				t.Errorf("%d: %d holidays, want 11", y.Year, count[calendar.KindHoliday])
			}
			for _, md := range []string{"01-01", "04-30", "05-01", "09-02"} {
				if !holidays[md] {
					t.Errorf("%d: no holiday on %s", y.Year, md)
				}
			}
			if count[calendar.KindSubstitute] != weekendHolidays {
				t.Errorf("%d: %d substitute days for %d holidays on a weekend", y.Year, count[calendar.KindSubstitute], weekendHolidays)
			}
			if count[calendar.KindSwap] != count[calendar.KindWorkingSaturday] {
				t.Errorf("%d: %d swapped days, %d Saturdays worked", y.Year, count[calendar.KindSwap], count[calendar.KindWorkingSaturday])
			}
			if len(y.Sources) == 0 {
				t.Errorf("%d: no sources", y.Year)
			}
		})
	}
}

func TestYearsAreCopies(t *testing.T) {
	c := standard(t)
	y, _ := c.Year(2025)
	y.Days[0].Kind = calendar.KindWorkingSaturday
	ys := c.Years()
	ys[1].Days = nil
	if again, _ := c.Year(2025); again.Days[0].Kind != calendar.KindHoliday || len(again.Days) == 0 {
		t.Errorf("changing a returned year changed the calendar")
	}
}

// valid is a small valid document.
func valid() map[string]any {
	return map[string]any{
		"version": 2, "effective_from": "2026-12-01", "title": "t", "basis": "b",
		"years": []any{map[string]any{"year": 2028, "status": "official", "sources": []any{"s"}, "days": []any{
			map[string]any{"date": "2028-01-01", "kind": "holiday", "name": "Tết Dương lịch"},
			map[string]any{"date": "2028-01-03", "kind": "substitute", "name": "Nghỉ bù"},
		}}},
	}
}

func TestParse(t *testing.T) {
	c := parse(t, valid())
	if err := c.err; err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if c.cal.Version() != 2 || c.cal.IsWorkingDay(day(t, "2028-01-03")) {
		t.Errorf("parsed calendar: version %d, 03/01/2028 working %v", c.cal.Version(), c.cal.IsWorkingDay(day(t, "2028-01-03")))
	}
}

func TestParseRefuses(t *testing.T) {
	setDay := func(i int, kv ...any) func(map[string]any) {
		return func(doc map[string]any) {
			d := doc["years"].([]any)[0].(map[string]any)["days"].([]any)[i].(map[string]any)
			for j := 0; j+1 < len(kv); j += 2 {
				d[kv[j].(string)] = kv[j+1]
			}
		}
	}
	setYear := func(k string, v any) func(map[string]any) {
		return func(doc map[string]any) { doc["years"].([]any)[0].(map[string]any)[k] = v }
	}
	tests := []struct {
		name   string
		change func(map[string]any)
		want   string
	}{
		{"unknown key", func(doc map[string]any) { doc["holidays"] = 1 }, "unknown field"},
		{"no version", func(doc map[string]any) { delete(doc, "version") }, "version 0"},
		{"no effective date", func(doc map[string]any) { delete(doc, "effective_from") }, "effective_from missing"},
		{"unknown status", setYear("status", "rumoured"), "status"},
		{"no sources", setYear("sources", []any{}), "no sources"},
		{"day outside its year", setDay(1, "date", "2029-01-03"), "outside its year"},
		{"day listed twice", setDay(1, "date", "2028-01-01", "kind", "holiday"), "listed twice"},
		{"days out of order", setDay(0, "date", "2028-01-05"), "date order"},
		{"unknown kind", setDay(0, "kind", "festival"), "unknown kind"},
		{"no name", setDay(0, "name", ""), "no name"},
		{"substitute on a Sunday", setDay(1, "date", "2028-01-02"), "on a weekend"},
		{"working Saturday on a Monday", setDay(1, "kind", "working_saturday"), "is a Monday"},
		{"years out of order", func(doc map[string]any) {
			y := doc["years"].([]any)[0]
			doc["years"] = []any{y, y}
		}, "ascending"},
		{"a bad date", setDay(0, "date", "2028-02-30"), "YYYY-MM-DD"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := valid()
			tt.change(doc)
			got := parse(t, doc)
			if got.err == nil || !strings.Contains(got.err.Error(), tt.want) {
				t.Errorf("Parse: err = %v, want one mentioning %q", got.err, tt.want)
			}
		})
	}
	if _, err := calendar.Parse([]byte(`{"version":1} {}`)); err == nil {
		t.Errorf("Parse accepted data after the document")
	}
}

type parsed struct {
	cal *calendar.Calendar
	err error
}

func parse(t *testing.T, doc map[string]any) parsed {
	t.Helper()
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	c, err := calendar.Parse(b)
	return parsed{c, err}
}
