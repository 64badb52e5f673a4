package handlers

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"daotao/domain"
)

// The official's own page (/me): their record, their nominations, the
// trainings with the reports they owe and the forms to submit them, and
// the course survey.

type officialSelfPage struct {
	OfficialSelf
	// Form is the id of the training whose form failed, with its errors.
	Form   string
	Errors map[string]string
	Scale  []int
}

func (s *Server) renderOfficialSelf(c echo.Context, status int, form string, fields map[string]string, msg string) error {
	self, err := s.officialSelf(c)
	if err != nil {
		return err
	}
	if fields == nil {
		fields = map[string]string{}
	}
	v := s.newView(c, "Hồ sơ của tôi", officialSelfPage{OfficialSelf: self, Form: form, Errors: fields, Scale: []int{1, 2, 3, 4, 5}})
	v.Error = msg
	return s.renderView(c, status, "official_self", v)
}

func (s *Server) officialSelfPage(c echo.Context) error {
	if err := s.awaitRead(c); err != nil {
		return err
	}
	return s.renderOfficialSelf(c, http.StatusOK, "", nil, "")
}

// ownReportSubmit submits a report from the official's page (multipart:
// report, summary, optionally the document in file).
func (s *Server) ownReportSubmit(c echo.Context) error {
	id := c.Param("id")
	req, data, err := readReportRequest(c)
	if err == nil {
		_, err = s.decideOwnReport(c, id, req, data)
	}
	if err != nil {
		return s.formFailed(c, err, func(status int, fields map[string]string, msg string) error {
			return s.renderOfficialSelf(c, status, id+"/"+req.Report, fields, msg)
		})
	}
	return redirectWith(c, "/me", "report")
}

// ownSurveySubmit records the survey from the official's page: one field
// per question (its code), 1–5, and comment.
func (s *Server) ownSurveySubmit(c echo.Context) error {
	id := c.Param("id")
	req := surveyRequest{Ratings: map[string]int{}, Comment: c.FormValue("comment")}
	for _, q := range domain.SurveyQuestions {
		if v := c.FormValue(q.Code); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				n = 0 // out of range: the domain names the question
			}
			req.Ratings[q.Code] = n
		}
	}
	if _, err := s.decideOwnSurvey(c, id, req); err != nil {
		return s.formFailed(c, err, func(status int, fields map[string]string, msg string) error {
			return s.renderOfficialSelf(c, status, id+"/survey", fields, msg)
		})
	}
	return redirectWith(c, "/me", "survey")
}
