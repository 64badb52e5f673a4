package handlers_test

import (
	"net/http"
	"testing"
)

type holidayYear struct {
	Version       int      `json:"version"`
	EffectiveFrom string   `json:"effective_from"`
	Year          int      `json:"year"`
	Status        string   `json:"status"`
	Sources       []string `json:"sources"`
	WorkingDays   int      `json:"working_days"`
	Days          []struct {
		Date        string `json:"date"`
		Kind        string `json:"kind"`
		Name        string `json:"name"`
		Provisional bool   `json:"provisional"`
	} `json:"days"`
}

func (y holidayYear) kind(date string) string {
	for _, d := range y.Days {
		if d.Date == date {
			return d.Kind
		}
	}
	return ""
}

func TestHolidaysEndpoint(t *testing.T) {
	w := newWorld(t)
	for _, token := range []string{w.admin, w.council, w.auditor, w.yte} {
		var y holidayYear
		w.do(t, token, http.MethodGet, "/api/v1/calendar/holidays?year=2025", nil).want(t, http.StatusOK).into(t, &y)
		if y.Version != 1 || y.EffectiveFrom != "2024-01-01" || y.Year != 2025 || y.Status != "official" || y.WorkingDays != 250 || len(y.Sources) == 0 {
			t.Errorf("2025: %+v; want version 1 from 2024-01-01, official, 250 working days, sources", y)
		}
		if y.kind("2025-01-29") != "holiday" || y.kind("2025-04-26") != "working_saturday" || y.kind("2025-05-02") != "swap" {
			t.Errorf("2025 days %+v; want Tết on 29/01, a Saturday worked on 26/04, 02/05 swapped", y.Days)
		}
	}
	var today holidayYear
	w.do(t, w.yte, http.MethodGet, "/api/v1/calendar/holidays", nil).want(t, http.StatusOK).into(t, &today)
	if today.Year != 2025 {
		t.Errorf("without year: %d, want this year by the clock, 2025", today.Year)
	}
	var later holidayYear
	w.do(t, w.yte, http.MethodGet, "/api/v1/calendar/holidays?year=2027", nil).want(t, http.StatusOK).into(t, &later)
	provisional := 0
	for _, d := range later.Days {
		if d.Provisional {
			provisional++
		}
	}
	if later.Status != "provisional" || provisional == 0 {
		t.Errorf("2027: status %q, %d provisional days; want provisional", later.Status, provisional)
	}
	t.Run("bad input", func(t *testing.T) {
		for _, q := range []string{"abc", "99999", "2025.5", "-1"} {
			w.do(t, w.yte, http.MethodGet, "/api/v1/calendar/holidays?year="+q, nil).failure(t, http.StatusBadRequest, "invalid", "year")
		}
		w.do(t, w.yte, http.MethodGet, "/api/v1/calendar/holidays?year=2023", nil).failure(t, http.StatusNotFound, "not_found", "year")
		w.do(t, "", http.MethodGet, "/api/v1/calendar/holidays?year=2025", nil).failure(t, http.StatusUnauthorized, "")
	})
}
