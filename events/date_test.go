package events_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"daotao/events"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in      string
		want    events.Date
		wantErr bool
	}{
		{"2025-02-28", events.NewDate(2025, 2, 28), false},
		{"2024-02-29", events.NewDate(2024, 2, 29), false},
		{"1970-01-01", events.NewDate(1970, 1, 1), false},
		{"2025-12-31", events.NewDate(2025, 12, 31), false},
		{"2025-02-30", events.Date{}, true},
		{"2025-02-29", events.Date{}, true},
		{"2025-13-01", events.Date{}, true},
		{"2025-00-10", events.Date{}, true},
		{"2025-2-3", events.Date{}, true},
		{"25-02-03", events.Date{}, true},
		{"03/02/2025", events.Date{}, true},
		{"2025-02-03T00:00:00Z", events.Date{}, true},
		{" 2025-02-03", events.Date{}, true},
		{"", events.Date{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := events.ParseDate(tt.in)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("ParseDate(%q) = %v, want an error", tt.in, got)
				}
				if !strings.Contains(err.Error(), "YYYY-MM-DD") {
					t.Errorf("error %q does not name the layout YYYY-MM-DD", err)
				}
				if !got.IsZero() {
					t.Errorf("ParseDate(%q) = %v with an error, want the zero Date", tt.in, got)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseDate(%q): %v", tt.in, err)
			}
			// Dates are compared with == (for example to find revised
			// fields), so a parsed date must equal a constructed one.
			if got != tt.want {
				t.Errorf("ParseDate(%q) = %#v, want %#v", tt.in, got, tt.want)
			}
			if s := got.String(); s != tt.in {
				t.Errorf("String() = %q, want %q", s, tt.in)
			}
		})
	}
}

func TestDateJSON(t *testing.T) {
	type doc struct {
		D events.Date `json:"d"`
	}
	tests := []struct {
		name string
		in   events.Date
		json string
	}{
		{"date", events.NewDate(2025, 9, 8), `{"d":"2025-09-08"}`},
		{"leap day", events.NewDate(2024, 2, 29), `{"d":"2024-02-29"}`},
		{"zero is null", events.Date{}, `{"d":null}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(doc{tt.in})
			if err != nil {
				t.Fatalf("marshal: %v", err)
			}
			if string(b) != tt.json {
				t.Errorf("marshal = %s, want %s", b, tt.json)
			}
			got := doc{D: events.NewDate(1999, 1, 1)} // null must overwrite it
			if err := json.Unmarshal(b, &got); err != nil {
				t.Fatalf("unmarshal %s: %v", b, err)
			}
			if got.D != tt.in {
				t.Errorf("round trip = %#v, want %#v", got.D, tt.in)
			}
		})
	}
}

func TestDateUnmarshalJSONInvalid(t *testing.T) {
	tests := []struct {
		name string
		json string
	}{
		{"impossible date", `"2025-02-30"`},
		{"short month", `"2025-2-3"`},
		{"empty string", `""`},
		{"number", `20250203`},
		{"timestamp", `"2025-02-03T08:00:00Z"`},
		{"object", `{}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d events.Date
			if err := json.Unmarshal([]byte(tt.json), &d); err == nil {
				t.Errorf("unmarshal %s = %v, want an error", tt.json, d)
			}
		})
	}
}

func TestYearsBetween(t *testing.T) {
	d := events.NewDate
	tests := []struct {
		name     string
		from, to events.Date
		want     int
	}{
		{"same day", d(2000, 5, 10), d(2000, 5, 10), 0},
		{"day before first birthday", d(2000, 5, 10), d(2001, 5, 9), 0},
		{"first birthday", d(2000, 5, 10), d(2001, 5, 10), 1},
		{"18th birthday", d(2007, 6, 15), d(2025, 6, 15), 18},
		{"day before 18th birthday", d(2007, 6, 15), d(2025, 6, 14), 17},
		{"month before birthday", d(2007, 6, 15), d(2025, 5, 20), 17},
		{"month after birthday", d(2007, 6, 15), d(2025, 7, 1), 18},
		{"31 December to 1 January", d(2000, 12, 31), d(2001, 1, 1), 0},
		{"29 February, 28 February of a common year", d(2004, 2, 29), d(2022, 2, 28), 17},
		{"29 February, 1 March of a common year", d(2004, 2, 29), d(2022, 3, 1), 18},
		{"29 February, 28 February of a leap year", d(2004, 2, 29), d(2024, 2, 28), 19},
		{"29 February, 29 February of a leap year", d(2004, 2, 29), d(2024, 2, 29), 20},
		{"day before", d(2000, 5, 10), d(2000, 5, 9), -1},
		{"a year before", d(2000, 5, 10), d(1999, 5, 10), -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := events.YearsBetween(tt.from, tt.to); got != tt.want {
				t.Errorf("YearsBetween(%v, %v) = %d, want %d", tt.from, tt.to, got, tt.want)
			}
		})
	}
}

func TestDateOf(t *testing.T) {
	hanoi := time.FixedZone("ICT", 7*3600)
	tests := []struct {
		name string
		t    time.Time
		loc  *time.Location
		want events.Date
	}{
		{"UTC evening is next day in Vietnam", time.Date(2025, 12, 31, 20, 0, 0, 0, time.UTC), hanoi, events.NewDate(2026, 1, 1)},
		{"UTC evening in UTC", time.Date(2025, 12, 31, 20, 0, 0, 0, time.UTC), time.UTC, events.NewDate(2025, 12, 31)},
		{"Vietnamese midnight", time.Date(2025, 3, 1, 0, 0, 0, 0, hanoi), hanoi, events.NewDate(2025, 3, 1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := events.DateOf(tt.t, tt.loc); got != tt.want {
				t.Errorf("DateOf(%v, %v) = %v, want %v", tt.t, tt.loc, got, tt.want)
			}
		})
	}
}
