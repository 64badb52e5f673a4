package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"daotao/domain"
	"daotao/domain/reimbursement"
)

// reimbursers may use the reimbursement preview page: those who open,
// recommend and follow reimbursement cases.
var reimbursers = []domain.Role{domain.RoleAgency, domain.RoleCouncil, domain.RoleHomeAffairs, domain.RoleAdmin}

// reimbursementRequest asks what an official would owe. The days and the
// rounding of months are optional: the days beyond whole months, and
// half_up (15 days or more count as a month), floor or ceil.
type reimbursementRequest struct {
	Case                string  `json:"case"`
	CostVND             int64   `json:"cost_vnd"`
	TrainingMonths      int     `json:"training_months"`
	TrainingDays        int     `json:"training_days"`
	Multiplier          int     `json:"multiplier"`
	ServedMonths        int     `json:"served_months"`
	ServedDays          int     `json:"served_days"`
	MonthRounding       string  `json:"month_rounding"`
	PriorServiceYears   int     `json:"prior_service_years"`
	ReductionPctPerYear float64 `json:"reduction_pct_per_year"`
}

func (r reimbursementRequest) input() reimbursement.Input {
	return reimbursement.Input{Case: reimbursement.Case(r.Case), CostVND: r.CostVND, TrainingMonths: r.TrainingMonths,
		TrainingDays: r.TrainingDays, Multiplier: r.Multiplier, ServedMonths: r.ServedMonths, ServedDays: r.ServedDays,
		Rounding: reimbursement.Rounding(r.MonthRounding), PriorServiceYears: r.PriorServiceYears, ReductionPctPerYear: r.ReductionPctPerYear}
}

// previewReimbursement answers the amount a reimbursement case would
// claim, with every step of the computation. Nothing is recorded.
func (s *Server) previewReimbursement(c echo.Context) error {
	var req reimbursementRequest
	if err := bindJSON(c, &req, false); err != nil {
		return err
	}
	res, err := reimbursement.Preview(req.input())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, res)
}
