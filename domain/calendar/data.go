package calendar

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"daotao/events"
)

//go:embed data/*.json
var dataFS embed.FS

// DefaultFile is the embedded holiday data that Default loads.
const DefaultFile = "data/holidays-2024-2027.json"

// document is the JSON form of a Calendar.
type document struct {
	Version       int         `json:"version"`
	EffectiveFrom events.Date `json:"effective_from"`
	Title         string      `json:"title"`
	Basis         string      `json:"basis"`
	Years         []Year      `json:"years"`
}

// Default returns the embedded holiday data (DefaultFile). It returns an
// error only if that data is broken, which the package's tests rule out.
func Default() (*Calendar, error) {
	b, err := dataFS.ReadFile(DefaultFile)
	if err != nil {
		return nil, fmt.Errorf("calendar: %w", err)
	}
	return Parse(b)
}

// Parse reads and validates holiday data. Unknown keys are refused, and so
// are a missing version or effective date, a year listed twice or out of
// order, a day outside its year or listed twice, an unknown kind or status,
// a substitute or swapped day that is not a weekday, a worked day that
// is not a Saturday, a year without sources or with days out of order;
// every problem is reported, each naming its place.
func Parse(b []byte) (*Calendar, error) {
	var doc document
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("calendar: parse: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("calendar: parse: unexpected data after the JSON document")
	}
	if err := check(doc); err != nil {
		return nil, err
	}
	c := &Calendar{version: doc.Version, effectiveFrom: doc.EffectiveFrom, title: doc.Title, basis: doc.Basis,
		years: doc.Years, off: map[int]bool{}, saturdays: map[int]bool{}}
	for _, y := range doc.Years {
		for _, d := range y.Days {
			// check allows worked days only on Saturdays: a worked day is
			// a weekend day gained, a day off on a weekday one lost.
			switch {
			case d.Kind == KindWorkingSaturday:
				c.saturdays[dayKey(d.Date)] = true
				c.gained = append(c.gained, dayNumber(d.Date))
			case !weekend(d.Date):
				c.off[dayKey(d.Date)] = true
				c.lost = append(c.lost, dayNumber(d.Date))
			default:
				c.off[dayKey(d.Date)] = true
			}
		}
	}
	slices.Sort(c.lost)
	c.lost = slices.Compact(c.lost)
	slices.Sort(c.gained)
	c.gained = slices.Compact(c.gained)
	return c, nil
}

// check returns every problem of doc, joined, or nil.
func check(doc document) error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf("calendar: "+format, args...)) }
	if doc.Version < 1 {
		bad("version %d: want 1 or more", doc.Version)
	}
	if doc.EffectiveFrom.IsZero() {
		bad("effective_from missing")
	}
	seen := map[int]bool{}
	for i, y := range doc.Years {
		if i > 0 && y.Year <= doc.Years[i-1].Year {
			bad("year %d listed after %d: years must be unique and ascending", y.Year, doc.Years[i-1].Year)
		}
		if !slices.Contains([]string{StatusOfficial, StatusProvisional}, y.Status) {
			bad("year %d: status %q: want official or provisional", y.Year, y.Status)
		}
		if len(y.Sources) == 0 {
			bad("year %d: no sources", y.Year)
		}
		for j, d := range y.Days {
			if k := dayKey(d.Date); seen[k] {
				bad("year %d: %s listed twice", y.Year, d.Date)
			} else {
				seen[k] = true
			}
			if j > 0 && d.Date.Before(y.Days[j-1].Date) {
				bad("year %d: %s listed after %s: days must be in date order", y.Year, d.Date, y.Days[j-1].Date)
			}
			if msg := checkDay(y.Year, d); msg != "" {
				bad("year %d: %s: %s", y.Year, d.Date, msg)
			}
		}
	}
	return errors.Join(errs...)
}

// checkDay returns what is wrong with d in year, "" if nothing.
func checkDay(year int, d Day) string {
	wd := d.Date.Time().Weekday()
	weekday := wd != time.Saturday && wd != time.Sunday
	switch {
	case d.Date.IsZero():
		return "no date"
	case d.Date.Time().Year() != year:
		return "outside its year"
	case d.Name == "":
		return "no name"
	case d.Kind == KindHoliday:
		return ""
	case d.Kind == KindSubstitute || d.Kind == KindSwap:
		if !weekday {
			return d.Kind + " day on a weekend changes nothing"
		}
		return ""
	case d.Kind == KindWorkingSaturday:
		if wd != time.Saturday {
			return "working_saturday is a " + wd.String()
		}
		return ""
	}
	return fmt.Sprintf("unknown kind %q", d.Kind)
}
