package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"daotao/domain"
	"daotao/domain/programme"
	"daotao/domain/reimbursement"
)

// route is one entry of the route table. roles nil means no session is
// needed; otherwise only those roles pass. The table also generates the
// OpenAPI description, so the two cannot drift apart.
type route struct {
	method  string
	path    string
	roles   []domain.Role
	handler echo.HandlerFunc
	summary string
	body    any // request body type, for OpenAPI; nil: none
	resp    any // success response type, for OpenAPI
	status  int // success status
}

var (
	everyone    = []domain.Role{domain.RoleAdmin, domain.RoleAgency, domain.RoleCouncil, domain.RoleAuditor, domain.RoleHomeAffairs, domain.RoleStandingCommittee}
	readers     = everyone
	deciders    = domain.StageRoles // each decides only at its own stage
	agencies    = []domain.Role{domain.RoleAgency}
	admins      = []domain.Role{domain.RoleAdmin}
	queueable   = []domain.Role{domain.RoleAgency, domain.RoleCouncil, domain.RoleHomeAffairs, domain.RoleStandingCommittee}
	auditors    = []domain.Role{domain.RoleAuditor, domain.RoleCouncil, domain.RoleAdmin}
	homeAffairs = []domain.Role{domain.RoleHomeAffairs}
	// eventBrowsers may read the whole event log.
	eventBrowsers = []domain.Role{domain.RoleAuditor, domain.RoleAdmin}
)

// routeTable lists every route of the application.
func (s *Server) routeTable() []route {
	return []route{
		{http.MethodGet, "/healthz", nil, s.healthz, "Liveness", nil, healthResponse{}, 200},
		{http.MethodGet, "/readyz", nil, s.readyz, "Readiness: projections caught up after start", nil, healthResponse{}, 200},
		{http.MethodGet, "/api/v1/openapi.json", nil, s.openAPI, "This description", nil, nil, 200},
		{http.MethodPost, "/api/v1/sessions", nil, s.login, "Log in", loginRequest{}, loginResponse{}, 201},
		{http.MethodDelete, "/api/v1/sessions", everyone, s.logout, "Log out: the token stops working at once", nil, nil, 204},
		{http.MethodGet, "/api/v1/me", everyone, s.me, "Who am I", nil, meResponse{}, 200},
		{http.MethodPost, "/api/v1/users", admins, s.createUser, "Create a user", createUserRequest{}, createdResponse{}, 201},
		{http.MethodGet, "/api/v1/users", admins, s.listUsers, "List users", nil, []UserView{}, 200},
		{http.MethodPost, "/api/v1/users/:id/disable", admins, s.disableUser, "Disable an account (reason required): it cannot log in and its sessions end at once", reasonRequest{}, createdResponse{}, 200},
		{http.MethodPost, "/api/v1/users/:id/enable", admins, s.enableUser, "Let a disabled account log in again", nil, createdResponse{}, 200},
		{http.MethodGet, "/api/v1/agencies", everyone, s.listAgencies, "List agencies", nil, []domain.Agency{}, 200},
		{http.MethodPost, "/api/v1/officials", agencies, s.registerOfficial, "Register an official of your agency", officialRequest{}, createdResponse{}, 201},
		{http.MethodGet, "/api/v1/officials", readers, s.listOfficials, "List officials (agency, group, q, offset, limit, min_seq)", nil, []domain.OfficialView{}, 200},
		{http.MethodPost, "/api/v1/officials/import", agencies, s.importOfficials, "Import a roster file of your agency: body text/csv or XLSX, or multipart field file; mode=dry_run (200, default) or commit (201; 422 with the report when nothing is imported); all_or_nothing=true (default) or false; Idempotency-Key", nil, ImportReport{}, 200},
		{http.MethodGet, "/api/v1/officials/:id", readers, s.getOfficial, "One official", nil, domain.OfficialView{}, 200},
		{http.MethodPatch, "/api/v1/officials/:id", agencies, s.updateOfficial, "Change an official's profile (fields present are changed; ratings merged by year)", officialRequest{}, createdResponse{}, 200},
		{http.MethodPost, "/api/v1/nominations", agencies, s.createNomination, "Draft a nomination", nominationRequest{}, createdResponse{}, 201},
		{http.MethodGet, "/api/v1/nominations", readers, s.listNominations, "List nominations (status, agency, kind, group, official_id, offset, limit, min_seq)", nil, []domain.NominationView{}, 200},
		{http.MethodGet, "/api/v1/nominations/:id", readers, s.getNomination, "One nomination", nil, domain.NominationView{}, 200},
		{http.MethodPatch, "/api/v1/nominations/:id", agencies, s.reviseNomination, "Revise a draft or returned nomination", nominationRequest{}, createdResponse{}, 200},
		{http.MethodPost, "/api/v1/nominations/:id/submit", agencies, s.transition("submit"), "Submit a draft", reasonRequest{}, decisionResponse{}, 200},
		{http.MethodPost, "/api/v1/nominations/:id/resubmit", agencies, s.transition("resubmit"), "Resubmit a returned nomination", reasonRequest{}, decisionResponse{}, 200},
		{http.MethodPost, "/api/v1/nominations/:id/withdraw", agencies, s.transition("withdraw"), "Withdraw", reasonRequest{}, decisionResponse{}, 200},
		{http.MethodPost, "/api/v1/nominations/:id/approve", deciders, s.stageAction("approve"), "Approve at the awaited stage (its role only): moves on to the next stage, or the final approval", decisionRequest{}, decisionResponse{}, 200},
		{http.MethodPost, "/api/v1/nominations/:id/reject", deciders, s.stageAction("reject"), "Reject at the awaited stage (reason required)", decisionRequest{}, decisionResponse{}, 200},
		{http.MethodPost, "/api/v1/nominations/:id/return", deciders, s.stageAction("return"), "Return for revision (reason required) to the agency (to: agency, default) or to an earlier stage (to: its role)", decisionRequest{}, decisionResponse{}, 200},
		{http.MethodGet, "/api/v1/queue", queueable, s.queue, "My work queue, oldest first: a stage role's items awaiting its stage, an agency's drafts and returned ones (agency, group, kind, offset, limit)", nil, []domain.NominationView{}, 200},
		{http.MethodGet, "/api/v1/audit/nominations/:id", auditors, s.auditNomination, "Full event history of a nomination", nil, []AuditEntry{}, 200},
		{http.MethodGet, "/api/v1/audit/events", eventBrowsers, s.auditEvents, "Every event of the log, newest first, secrets redacted (type, aggregate, actor, agency, from, to as YYYY-MM-DD or dd/mm/yyyy, before: cursor, limit ≤ 200)", nil, EventPage{}, 200},
		{http.MethodGet, "/api/v1/queue/filters", queueable, s.listQueueFilters, "Queue filters saved for my role", nil, []domain.SavedQueueFilter{}, 200},
		{http.MethodPost, "/api/v1/queue/filters", queueable, s.saveQueueFilter, "Save a queue filter for my role (name, query: agency, group, kind, content)", queueFilterRequest{}, createdResponse{}, 201},
		{http.MethodDelete, "/api/v1/queue/filters/:id", queueable, s.removeQueueFilter, "Remove a queue filter saved for my role", nil, createdResponse{}, 200},
		{http.MethodPost, "/api/v1/eligibility", everyone, s.checkEligibility, "Check whether an official may be nominated (rule set, every check); records nothing", eligibilityRequest{}, evaluation{}, 200},
		{http.MethodPost, "/api/v1/reimbursements/preview", everyone, s.previewReimbursement, "Preview the training cost an official would reimburse (Decree 101/2017 Art. 7–9, Decree 171/2025): amount in whole đồng and every step; records nothing", reimbursementRequest{}, reimbursement.Result{}, 200},
		{http.MethodGet, "/api/v1/calendar/holidays", everyone, s.holidays, "Public holidays, substitute and swapped days off and Saturdays worked of a year (year, default this year)", nil, HolidayYear{}, 200},
		{http.MethodGet, "/api/v1/catalogue", everyone, s.catalogue, "Phụ lục I: fields and orientation contents (as_of)", nil, []programme.Field{}, 200},
		{http.MethodGet, "/api/v1/quotas", everyone, s.quotas, "Phụ lục II: postgraduate quotas with places used and left (as_of)", nil, []QuotaView{}, 200},
		{http.MethodGet, "/api/v1/targets", everyone, s.targets, "Targets of the Đề án against the live roster (as_of)", nil, []TargetView{}, 200},
		{http.MethodGet, "/api/v1/baseline", everyone, s.baseline, "Tables 1–6 as printed in the Đề án", nil, programme.Baseline{}, 200},
		{http.MethodGet, "/api/v1/baseline/issues", everyone, s.baselineIssues, "Inconsistencies in the printed tables", nil, []programme.Inconsistency{}, 200},
		{http.MethodGet, "/api/v1/reference", everyone, s.referenceVersions, "Published versions of the reference data", nil, []ReferenceVersion{}, 200},
		{http.MethodPost, "/api/v1/reference", homeAffairs, s.publishReference, "Publish a new version of the reference data (Sở Nội vụ)", publishRequest{}, nil, 201},
		{http.MethodGet, "/api/v1/reviews", reviewReaders, s.listReviews, "Review phases (sơ kết, tổng kết), newest first", nil, []domain.Review{}, 200},
		{http.MethodPost, "/api/v1/reviews", reviewWriters, s.openReviewRoute, "Open a review (Sở Nội vụ): kind so_ket|tong_ket, title, period_from, period_to, cutoff (RFC 3339 or a date: its end; default the end of period_to)", reviewRequest{}, createdResponse{}, 201},
		{http.MethodGet, "/api/v1/reviews/:id", reviewReaders, s.getReview, "One review with its seal and corrections", nil, domain.Review{}, 200},
		{http.MethodGet, "/api/v1/reviews/:id/reports", reviewReaders, s.getReviewReports, "The review's reports as of its cut-off (as sealed once sealed), with the hash of each", nil, ReviewReports{}, 200},
		{http.MethodPost, "/api/v1/reviews/:id/seal", reviewWriters, s.postSeal, "Seal the review once its cut-off has passed: pins the cut-off sequence, the root hash and every report's hash (cutoff_seq: the sequence the reviewer saw, optional)", sealRequest{}, createdResponse{}, 200},
		{http.MethodPost, "/api/v1/reviews/:id/corrections", reviewWriters, s.postCorrection, "Record a correction of a sealed review: reason and the sequences of the events recorded after the cut-off that correct facts of the period", correctionRequest{}, createdResponse{}, 201},
		{http.MethodGet, "/api/v1/reviews/:id/comparison", reviewReaders, s.getComparison, "A sealed review's reports as sealed and as corrected, with every difference and the correction that caused it", nil, ReviewComparison{}, 200},
		{http.MethodGet, "/api/v1/reviews/:id/verification", reviewReaders, s.getVerification, "Recompute a sealed review from the log: chain, root at the cut-off, every sealed report", nil, ReviewVerification{}, 200},
	}
}

// register installs the middleware and every route of the table.
func (s *Server) register() {
	s.e.Use(middleware.RequestID())
	s.e.Use(s.observe)
	s.e.Use(middleware.Recover())
	// maxBody in bytes, so that it is the same limit as readBody's ("1M"
	// would be 1,000,000 bytes); larger for the roster file uploads.
	s.e.Use(bodyLimit())
	s.e.Use(utf8Input) // input.go
	s.e.Use(securityHeaders(s.cfg.SecureCookies))
	for _, r := range s.routes {
		var mw []echo.MiddlewareFunc
		if r.roles != nil {
			mw = append(mw, s.authenticate, allow(r.roles...))
		}
		s.e.Add(r.method, r.path, r.handler, mw...)
	}
	s.registerOps()
}

// Content security policies: the API serves no active content at all; the
// web pages load scripts and styles only from this site, never inline.
const (
	apiCSP  = "default-src 'none'; frame-ancestors 'none'"
	pageCSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'"
)

// securityHeaders sets the headers of every response. behindTLS says TLS
// ends at a proxy in front (--secure-cookies), so HSTS is sent on plain
// HTTP too.
func securityHeaders(behindTLS bool) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			h := c.Response().Header()
			h.Set("X-Content-Type-Options", "nosniff")
			h.Set("X-Frame-Options", "DENY")
			h.Set("Referrer-Policy", "no-referrer")
			h.Set("Cache-Control", "no-store")
			if wantsPage(c) {
				h.Set("Content-Security-Policy", pageCSP)
			} else {
				h.Set("Content-Security-Policy", apiCSP)
			}
			if c.Request().TLS != nil || behindTLS {
				h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
			}
			return next(c)
		}
	}
}
