package handlers

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"daotao/domain"
	"daotao/domain/calendar"
	"daotao/events"
)

// HolidayYear is one year of the holiday calendar, as the API and the
// admin page show it.
type HolidayYear struct {
	Version       int         `json:"version"`
	EffectiveFrom events.Date `json:"effective_from"`
	Title         string      `json:"title"`
	Basis         string      `json:"basis"`
	calendar.Year
	// WorkingDays is how many days offices work in the year.
	WorkingDays int `json:"working_days"`
}

// holidayYear returns year y of cal, or a 404 naming the field year.
func holidayYear(cal *calendar.Calendar, y int) (HolidayYear, error) {
	yr, ok := cal.Year(y)
	if !ok {
		years := cal.Years()
		return HolidayYear{}, &domain.Error{Kind: domain.KindNotFound, Code: "not_found",
			Message: fmt.Sprintf("Chưa có dữ liệu ngày nghỉ lễ năm %d.", y),
			Fields:  map[string]string{"year": fmt.Sprintf("Dữ liệu có các năm %d–%d.", years[0].Year, years[len(years)-1].Year)}}
	}
	last := events.NewDate(y, 12, 31)
	return HolidayYear{Version: cal.Version(), EffectiveFrom: cal.EffectiveFrom(), Title: cal.Title(), Basis: cal.Basis(), Year: yr,
		WorkingDays: cal.WorkingDaysBetween(last.AddDate(-1, 0, 0), last)}, nil
}

// queryYear reads the year query parameter, today's year when absent.
func (s *Server) queryYear(c echo.Context) (int, error) {
	v := c.QueryParam("year")
	if v == "" {
		return s.today().Time().Year(), nil
	}
	y, err := strconv.Atoi(v)
	if err != nil || y < 1900 || y > 2200 {
		return 0, domain.Invalid("year", "Năm phải là số nguyên có bốn chữ số, ví dụ 2025.")
	}
	return y, nil
}

// holidays lists the public holidays, substitute and swapped days off and
// Saturdays worked of one year (default: this year).
func (s *Server) holidays(c echo.Context) error {
	y, err := s.queryYear(c)
	if err != nil {
		return err
	}
	cal, err := calendar.Default()
	if err != nil {
		return err
	}
	v, err := holidayYear(cal, y)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, v)
}
