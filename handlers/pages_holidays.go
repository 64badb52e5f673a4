package handlers

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"daotao/domain/calendar"
	"daotao/events"
)

var weekdayLabels = map[time.Weekday]string{
	time.Monday: "Thứ Hai", time.Tuesday: "Thứ Ba", time.Wednesday: "Thứ Tư", time.Thursday: "Thứ Năm",
	time.Friday: "Thứ Sáu", time.Saturday: "Thứ Bảy", time.Sunday: "Chủ nhật",
}

// holidayRow is one listed day as the admin page shows it.
type holidayRow struct {
	Date        events.Date
	Weekday     string
	Name        string
	Kind        string
	KindLabel   string
	Provisional bool
}

type holidaysPage struct {
	HolidayYear
	Years []int
	Rows  []holidayRow
}

// holidaysPage lists one year of the holiday calendar (default: this year,
// or the last year of the data when it does not reach this year). The data
// is read-only here: a change is a new version of the embedded data.
func (s *Server) holidaysPage(c echo.Context) error {
	y, err := s.queryYear(c)
	if err != nil {
		return err
	}
	cal, err := calendar.Default()
	if err != nil {
		return err
	}
	var years []int
	for _, yr := range cal.Years() {
		years = append(years, yr.Year)
	}
	if c.QueryParam("year") == "" && !cal.Covers(y) {
		y = years[len(years)-1]
	}
	hy, err := holidayYear(cal, y)
	if err != nil {
		return err
	}
	d := holidaysPage{HolidayYear: hy, Years: years}
	for _, day := range hy.Days {
		d.Rows = append(d.Rows, holidayRow{Date: day.Date, Weekday: weekdayLabels[day.Date.Time().Weekday()], Name: day.Name,
			Kind: day.Kind, KindLabel: calendar.KindLabel(day.Kind), Provisional: day.Provisional})
	}
	return s.render(c, http.StatusOK, "holidays", "Ngày nghỉ lễ, Tết", d)
}
