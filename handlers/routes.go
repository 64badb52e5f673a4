package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"daotao/domain"
	"daotao/domain/planning"
	"daotao/domain/programme"
	"daotao/domain/reimbursement"
	"daotao/projections"
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
	everyone    = []domain.Role{domain.RoleAdmin, domain.RoleAgency, domain.RoleCouncil, domain.RoleAuditor, domain.RoleHomeAffairs, domain.RoleStandingCommittee, domain.RoleFinance, domain.RoleProvince}
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
		{http.MethodDelete, "/api/v1/sessions", sessionHolders, s.logout, "Log out: the token stops working at once", nil, nil, 204},
		{http.MethodGet, "/api/v1/me", sessionHolders, s.me, "Who am I", nil, meResponse{}, 200},
		{http.MethodPost, "/api/v1/users", admins, s.createUser, "Create a user", createUserRequest{}, createdResponse{}, 201},
		{http.MethodGet, "/api/v1/users", admins, s.listUsers, "List users", nil, []UserView{}, 200},
		{http.MethodPost, "/api/v1/users/:id/disable", admins, s.disableUser, "Disable an account (reason required): it cannot log in and its sessions end at once", reasonRequest{}, createdResponse{}, 200},
		{http.MethodPost, "/api/v1/users/:id/enable", admins, s.enableUser, "Let a disabled account log in again", nil, createdResponse{}, 200},
		{http.MethodGet, "/api/v1/agencies", everyone, s.listAgencies, "List agencies", nil, []domain.Agency{}, 200},
		{http.MethodPost, "/api/v1/officials", agencies, s.registerOfficial, "Register an official of your agency", officialRequest{}, createdResponse{}, 201},
		{http.MethodGet, "/api/v1/officials", readers, s.listOfficials, "List officials (agency, group, q, offset, limit, min_seq)", nil, []domain.OfficialView{}, 200},
		{http.MethodPost, "/api/v1/officials/import", agencies, s.importOfficials, "Import a roster file of your agency: body text/csv or XLSX, or multipart field file; mode=dry_run (200, default) or commit (201; 422 with the report when nothing is imported); all_or_nothing=true (default) or false; Idempotency-Key", nil, ImportReport{}, 200},
		{http.MethodGet, "/api/v1/officials/:id", readers, s.getOfficial, "One official, with the results giving priority for a higher level", nil, OfficialRecord{}, 200},
		{http.MethodPatch, "/api/v1/officials/:id", agencies, s.updateOfficial, "Change an official's profile (fields present are changed; ratings merged by year)", officialRequest{}, createdResponse{}, 200},
		{http.MethodPost, "/api/v1/nominations", agencies, s.createNomination, "Draft a nomination", nominationRequest{}, createdResponse{}, 201},
		{http.MethodGet, "/api/v1/nominations", readers, s.listNominations, "List nominations (status, stage, agency, kind, group, official_id, offset, limit, min_seq)", nil, []domain.NominationView{}, 200},
		{http.MethodGet, "/api/v1/nominations/:id", readers, s.getNomination, "One nomination (out_of_focus: why it lies outside the year's focus-field list, if it does)", nil, nominationResponse{}, 200},
		{http.MethodPatch, "/api/v1/nominations/:id", agencies, s.reviseNomination, "Revise a draft or returned nomination", nominationRequest{}, createdResponse{}, 200},
		{http.MethodPost, "/api/v1/nominations/:id/submit", agencies, s.transition("submit"), "Submit a draft", reasonRequest{}, decisionResponse{}, 200},
		{http.MethodPost, "/api/v1/nominations/:id/resubmit", agencies, s.transition("resubmit"), "Resubmit a returned nomination", reasonRequest{}, decisionResponse{}, 200},
		{http.MethodPost, "/api/v1/nominations/:id/withdraw", agencies, s.transition("withdraw"), "Withdraw", reasonRequest{}, decisionResponse{}, 200},
		{http.MethodPost, "/api/v1/nominations/:id/approve", deciders, s.stageAction("approve"), "Approve at the awaited stage (its role only): moves on to the next stage, or the final approval", decisionRequest{}, decisionResponse{}, 200},
		{http.MethodPost, "/api/v1/nominations/:id/reject", deciders, s.stageAction("reject"), "Reject at the awaited stage (reason required)", decisionRequest{}, decisionResponse{}, 200},
		{http.MethodPost, "/api/v1/nominations/:id/return", deciders, s.stageAction("return"), "Return for revision (reason required) to the agency (to: agency, default) or to an earlier stage (to: its role)", decisionRequest{}, decisionResponse{}, 200},
		{http.MethodPost, "/api/v1/nominations/:id/comments", queueable, s.addComment, "Comment on a nomination (its agency, the stage roles)", commentRequest{}, decisionResponse{}, 201},
		{http.MethodPost, "/api/v1/nominations/:id/attachments", queueable, s.addAttachment, "Attach a document (PDF, JPEG, PNG, DOCX, XLSX; at most 10 MB): multipart field file, or the body with ?name=; stored by SHA-256; the agency to a draft or returned dossier, the awaited stage's role at its stage", nil, attachmentResponse{}, 201},
		{http.MethodDelete, "/api/v1/nominations/:id/attachments/:sha", agencies, s.removeAttachment, "Take a document out of a draft or returned dossier", nil, decisionResponse{}, 200},
		{http.MethodGet, "/api/v1/attachments/:sha", readers, s.downloadAttachment, "Download a document by SHA-256, if a nomination you may see refers to it", nil, nil, 200},
		{http.MethodGet, "/api/v1/delegations", everyone, s.listDelegations, "Delegations I made or received (an admin: all), newest first (active=true: only those in force now)", nil, []GrantView{}, 200},
		{http.MethodPost, "/api/v1/delegations", everyone, s.grantDelegation, "Let another user act for me (an admin: for delegator) from until; the delegate then sends X-Act-For: <delegator>", delegationRequest{}, createdResponse{}, 201},
		{http.MethodPost, "/api/v1/delegations/:id/revoke", everyone, s.revokeDelegation, "End a delegation before its time (its delegator, its delegate or an admin)", reasonRequest{}, createdResponse{}, 200},
		{http.MethodGet, "/api/v1/queue", queueable, s.queue, "My work queue, oldest first: a stage role's items awaiting its stage, an agency's drafts and returned ones (agency, group, kind, offset, limit); an item awaiting a stage has its deadline (due in working days, overdue)", nil, []QueueItem{}, 200},
		{http.MethodGet, "/api/v1/audit/nominations/:id", auditors, s.auditNomination, "Full event history of a nomination", nil, []AuditEntry{}, 200},
		{http.MethodGet, "/api/v1/audit/events", eventBrowsers, s.auditEvents, "Every event of the log, newest first, secrets redacted (type, aggregate, actor, agency, from, to as YYYY-MM-DD or dd/mm/yyyy, before: cursor, limit ≤ 200)", nil, EventPage{}, 200},
		{http.MethodGet, "/api/v1/queue/filters", queueable, s.listQueueFilters, "Queue filters saved for my role", nil, []domain.SavedQueueFilter{}, 200},
		{http.MethodPost, "/api/v1/queue/filters", queueable, s.saveQueueFilter, "Save a queue filter for my role (name, query: agency, group, kind, content)", queueFilterRequest{}, createdResponse{}, 201},
		{http.MethodDelete, "/api/v1/queue/filters/:id", queueable, s.removeQueueFilter, "Remove a queue filter saved for my role", nil, createdResponse{}, 200},
		{http.MethodPost, "/api/v1/eligibility", everyone, s.checkEligibility, "Check whether an official may be nominated (rule set, every check); records nothing", eligibilityRequest{}, evaluation{}, 200},
		{http.MethodPost, "/api/v1/reimbursements/preview", everyone, s.previewReimbursement, "Preview the training cost an official would reimburse (Decree 101/2017 Art. 7–9, Decree 171/2025): amount in whole đồng and every step; records nothing", reimbursementRequest{}, reimbursement.Result{}, 200},
		{http.MethodGet, "/api/v1/calendar/holidays", everyone, s.holidays, "Public holidays, substitute and swapped days off and Saturdays worked of a year (year, default this year)", nil, HolidayYear{}, 200},
		{http.MethodGet, "/api/v1/plans", planReaders, s.listPlans, "Annual training plans, by year", nil, []PlanView{}, 200},
		{http.MethodGet, "/api/v1/plans/:year", planReaders, s.getPlan, "One year's plan: versions, history, and the check of its latest version against Phụ lục I, the targets, the needs and the focus-field lists", nil, PlanView{}, 200},
		{http.MethodPost, "/api/v1/plans/:year/round", homeAffairs, yearCommand(http.StatusOK, false, planID, s.openRoundCmd), "Open the planning round of a year, or move its needs deadline (needs_due)", roundRequest{}, createdResponse{}, 200},
		{http.MethodPost, "/api/v1/plans/:year/versions", homeAffairs, yearCommand(http.StatusCreated, false, planID, s.draftPlanCmd), "Draft a new version of the plan (lines; reason required for an amendment of an approved plan)", planDraftRequest{}, createdResponse{}, 201},
		{http.MethodPost, "/api/v1/plans/:year/submit", homeAffairs, yearCommand(http.StatusOK, true, planID, s.planActionCmd("submit")), "Send the latest version to the council, with the checks it fails", versionRequest{}, createdResponse{}, 200},
		{http.MethodPost, "/api/v1/plans/:year/agree", []domain.Role{domain.RoleCouncil}, yearCommand(http.StatusOK, true, planID, s.planActionCmd("agree")), "The council's favourable review of the version before it", versionRequest{}, createdResponse{}, 200},
		{http.MethodPost, "/api/v1/plans/:year/return", planReviewers, yearCommand(http.StatusOK, true, planID, s.planActionCmd("return")), "Return the version under review for revision (reason required): the council or the province, whichever it awaits", versionRequest{}, createdResponse{}, 200},
		{http.MethodPost, "/api/v1/plans/:year/approve", []domain.Role{domain.RoleProvince}, yearCommand(http.StatusOK, false, planID, s.approvePlanCmd), "The province approves the version the council agreed (decision_no, decision_date)", planApproveRequest{}, createdResponse{}, 200},
		{http.MethodGet, "/api/v1/needs", planReaders, s.listNeeds, "Training needs submitted for a year (year required); an agency sees its own (Ban Tổ chức Tỉnh ủy also its bloc's)", nil, []NeedView{}, 200},
		{http.MethodGet, "/api/v1/needs/:year/:agency", planReaders, s.getNeed, "One agency's needs for a year, every version", nil, NeedView{}, 200},
		{http.MethodPost, "/api/v1/needs/:year/:agency", agencies, yearCommand(http.StatusCreated, false, needID, s.submitNeedsCmd), "Submit a new version of an agency's needs (lines per content, format, group, category; postgraduate candidates per quota; justification)", needsRequest{}, createdResponse{}, 201},
		{http.MethodPost, "/api/v1/needs/:year/:agency/return", needReturners, yearCommand(http.StatusOK, false, needID, s.returnNeedsCmd), "Return an agency's latest needs for revision (reason required): Sở Nội vụ, or Ban Tổ chức Tỉnh ủy for its bloc", versionRequest{}, createdResponse{}, 200},
		{http.MethodGet, "/api/v1/providers", planReaders, s.listProviders, "Training providers (domestic institutions, foreign partners through Sở Ngoại vụ), by name", nil, []planning.Provider{}, 200},
		{http.MethodGet, "/api/v1/providers/:id", planReaders, s.getProvider, "One training provider", nil, planning.Provider{}, 200},
		{http.MethodPost, "/api/v1/providers", providerKeepers, s.registerProvider, "Add a training provider (name, kind domestic|foreign, country, address, website, note)", providerRequest{}, createdResponse{}, 201},
		{http.MethodPatch, "/api/v1/providers/:id", providerKeepers, s.updateProvider, "Change a training provider's details (the whole set; If-Match)", providerRequest{}, createdResponse{}, 200},
		{http.MethodGet, "/api/v1/courses/:id/provider", courseReaders, s.getSelection, "How the course's provider was selected: every record, the documents", nil, SelectionView{}, 200},
		{http.MethodPost, "/api/v1/courses/:id/provider", agencies, s.recordSelection, "Record how the course's provider was selected (its lead agency): provider_id, method, decision_no, decision_date, contract_value_vnd; pins the documents added so far", selectionRequest{}, createdResponse{}, 201},
		{http.MethodPost, "/api/v1/courses/:id/provider/documents", agencies, s.addSelectionDocument, "Add a document to the course's provider selection (its lead agency): multipart field file, or the raw body with ?name=; PDF, JPEG, PNG, DOCX, XLSX up to 10 MB", nil, documentResponse{}, 201},
		{http.MethodGet, "/api/v1/courses/:id/provider/documents/:sha", courseReaders, s.downloadSelectionDocument, "A document of the course's provider selection, by its SHA-256", nil, nil, 200},
		{http.MethodGet, "/api/v1/trainees", planReaders, s.listTrainees, "Postgraduate trainees (approved nominations) with their follow-up and any missing progress record (overdue=true: only those); an agency sees its own", nil, []TraineeView{}, 200},
		{http.MethodGet, "/api/v1/trainees/:id", planReaders, s.getTrainee, "One postgraduate trainee's follow-up, by nomination id", nil, TraineeView{}, 200},
		{http.MethodPost, "/api/v1/trainees/:id/progress", agencies, s.progressAction("progress"), "Record a period's progress (period 2026-1|2026-2|2026, credits, results, thesis_stage, note)", progressRequest{}, createdResponse{}, 200},
		{http.MethodPost, "/api/v1/trainees/:id/extend", agencies, s.progressAction("extend"), "Extend the programme (new_end, reason): moves the service commitment's start", progressRequest{}, createdResponse{}, 200},
		{http.MethodPost, "/api/v1/trainees/:id/suspend", agencies, s.progressAction("suspend"), "Suspend (from, until, reason)", progressRequest{}, createdResponse{}, 200},
		{http.MethodPost, "/api/v1/trainees/:id/resume", agencies, s.progressAction("resume"), "Resume after a suspension (on)", progressRequest{}, createdResponse{}, 200},
		{http.MethodPost, "/api/v1/trainees/:id/conclude", agencies, s.progressAction("conclude"), "Record the final outcome (outcome graduated|not_graduated|withdrawn, on, note)", progressRequest{}, createdResponse{}, 200},
		{http.MethodGet, "/api/v1/focus-lists", planReaders, s.listFocus, "The focus-field lists of a year (year required), both blocs", nil, []FocusView{}, 200},
		{http.MethodPost, "/api/v1/focus-lists/:year/:bloc", focusIssuers, yearCommand(http.StatusCreated, false, focusID, s.publishFocusCmd), "Publish a new version of a bloc's focus-field list: government by Sở Nội vụ, party by Ban Tổ chức Tỉnh ủy", focusRequest{}, createdResponse{}, 201},
		{http.MethodGet, "/api/v1/catalogue", everyone, s.catalogue, "Phụ lục I: fields and orientation contents (as_of)", nil, []programme.Field{}, 200},
		{http.MethodGet, "/api/v1/quotas", everyone, s.quotas, "Phụ lục II: postgraduate quotas with places used and left (as_of)", nil, []QuotaView{}, 200},
		{http.MethodGet, "/api/v1/targets", everyone, s.targets, "Targets of the Đề án against the live roster (as_of)", nil, []TargetView{}, 200},
		{http.MethodGet, "/api/v1/reports", readers, s.listReports, "Every report: name, title, whether an agency sees only its own rows, formats", nil, []ReportInfo{}, 200},
		{http.MethodGet, "/api/v1/reports/:name", readers, s.getReport, "One report as `daotao replay --report NAME` prints it (as_of: YYYY-MM-DD, dd/mm/yyyy, RFC 3339 or seq:N; format: json, csv or xlsx); an agency sees only its own rows of a report kept per agency", nil, ReportResult{}, 200},
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
		{http.MethodPost, "/api/v1/sittings", secretariat, s.openSitting, "Open a council sitting (Sở Nội vụ as the council's secretariat): title, held_on, agenda (ids of requests awaiting the council)", openSittingRequest{}, createdResponse{}, 201},
		{http.MethodGet, "/api/v1/sittings", sittingReaders, s.listSittings, "Council sittings, newest first, with their agenda and results", nil, []domain.SittingView{}, 200},
		{http.MethodGet, "/api/v1/sittings/:id", sittingReaders, s.getSitting, "One sitting with a result and outcome per item", nil, domain.SittingView{}, 200},
		{http.MethodPost, "/api/v1/sittings/:id/resolution", councilOnly, s.resolveSitting, "Record the sitting's one resolution (number, items: nomination_id, result approved|rejected|returned, reason) and apply every item by the rules of a single decision; sending the same resolution again completes what is pending", resolutionRequest{}, domain.SittingView{}, 200},
		{http.MethodGet, "/api/v1/deadlines", deadlineRoles, s.listDeadlines, "Requests awaiting a stage with their due date in working days (stage, overdue=true), soonest due first", nil, []projections.DeadlineView{}, 200},
		{http.MethodGet, "/api/v1/inbox", inboxRoles, s.listInbox, "My notifications, newest first (unread=true); X-Unread-Count", nil, []projections.Notification{}, 200},
		{http.MethodGet, "/api/v1/inbox/summary", inboxRoles, s.inboxSummary, "Unread notifications, items awaiting my action and overdue ones", nil, inboxSummary{}, 200},
		{http.MethodPost, "/api/v1/inbox/read", inboxRoles, s.markRead, "Mark notifications read: ids, or all: true", readRequest{}, readResponse{}, 200},
		{http.MethodPost, "/api/v1/users/:id/email", admins, s.setEmail, "Set (or with \"\" remove) the e-mail address a user's notifications are sent to", emailRequest{}, createdResponse{}, 200},
		{http.MethodPost, "/api/v1/commitments", commitmentOpeners, s.openCommitment, "Open the service commitment of a completed, state-funded postgraduate nomination (agency for its own officials, or Sở Nội vụ): nomination_id, completed_on (the degree's date; from completion when recorded), start_date; T1 = multiplier × duration by the rule set in force when it was signed", commitmentRequest{}, createdResponse{}, 201},
		{http.MethodGet, "/api/v1/commitments", moneyReaders, s.listCommitments, "Service commitments with months served and left as of today (agency, offset, limit, min_seq)", nil, []domain.CommitmentView{}, 200},
		{http.MethodGet, "/api/v1/commitments/:id", moneyReaders, s.getCommitment, "One service commitment (keyed by its nomination)", nil, domain.CommitmentView{}, 200},
		{http.MethodPost, "/api/v1/commitments/:id/complete", commitmentOpeners, s.completeCommitment, "Close a commitment served in full", nil, createdResponse{}, 200},
		{http.MethodPost, "/api/v1/reimbursements", agencies, s.openCase, "Open a reimbursement case for an own official's nomination: case, event_date, reason, month_rounding; amount before reduction computed step by step (F: actual cost per person, else approved, else estimate); a case after training closes the commitment atomically", caseRequest{}, createdResponse{}, 201},
		{http.MethodGet, "/api/v1/reimbursements", moneyReaders, s.listCases, "Reimbursement cases as of today (agency, status incl. overdue, offset, limit, min_seq)", nil, []reimbursement.CaseView{}, 200},
		{http.MethodGet, "/api/v1/reimbursements/:id", moneyReaders, s.getCase, "One reimbursement case with its computation, decision, payments and what is owed", nil, reimbursement.CaseView{}, 200},
		{http.MethodPost, "/api/v1/reimbursements/:id/recommend", caseCouncil, s.recommendCase, "The reimbursement council's recommendation: prior_service_years, reduction_pct_per_year (≤ 1, ≤ 1.5 for women or ethnic-minority officials), note", recommendRequest{}, createdResponse{}, 200},
		{http.MethodPost, "/api/v1/reimbursements/:id/decide", caseDeciders, s.decideCase, "Issue the reimbursement decision (Sở Nội vụ): decision_ref, decided_on; due 120 days later", caseDecisionRequest{}, createdResponse{}, 200},
		{http.MethodPost, "/api/v1/reimbursements/:id/payments", payers, s.payCase, "Record a payment (Sở Tài chính): amount_vnd (never more than owed), paid_on, receipt_ref", paymentRequest{}, createdResponse{}, 200},
		{http.MethodPost, "/api/v1/reimbursements/:id/waive", caseDeciders, s.waiveCase, "Waive what is still owed by a decision (Sở Nội vụ): decision_ref, decided_on, reason", caseDecisionRequest{}, createdResponse{}, 200},
		{http.MethodPost, "/api/v1/budgets", agencies, s.submitBudget, "Send a course's cost estimate to Sở Tài chính for appraisal (its lead agency): course_id, note", budgetRequest{}, createdResponse{}, 201},
		{http.MethodGet, "/api/v1/budgets", moneyReaders, s.listBudgets, "Course budgets (agency, status submitted|approved|returned, year, offset, limit, min_seq); finance's queue is status=submitted", nil, []domain.BudgetView{}, 200},
		{http.MethodGet, "/api/v1/budgets/totals", moneyReaders, s.budgetTotals, "Totals of estimate, approved and actual per agency, per year or both (by=agency|year|both, agency)", nil, []projections.BudgetTotal{}, 200},
		{http.MethodGet, "/api/v1/budgets/:id", moneyReaders, s.getBudget, "One course's budget (keyed by the course)", nil, domain.BudgetView{}, 200},
		{http.MethodPost, "/api/v1/budgets/:id/approve", financeOnly, s.appraise("approve"), "Approve the estimate as sent (Sở Tài chính): reason as an optional note", appraisalRequest{}, createdResponse{}, 200},
		{http.MethodPost, "/api/v1/budgets/:id/adjust", financeOnly, s.appraise("adjust"), "Approve another amount (Sở Tài chính): approved_vnd, reason", appraisalRequest{}, createdResponse{}, 200},
		{http.MethodPost, "/api/v1/budgets/:id/return", financeOnly, s.appraise("return"), "Return the estimate to the lead agency (Sở Tài chính): reason", appraisalRequest{}, createdResponse{}, 200},
		{http.MethodPost, "/api/v1/budgets/:id/actual", agencies, s.recordActual, "Record the actual cost after the course (its lead agency): actual_vnd, participants, note; a later record corrects", actualRequest{}, createdResponse{}, 200},
		{http.MethodPost, "/api/v1/programmes", agencies, s.createProgramme, "Draft a training programme for a Phụ lục I content your agency leads: content_code, title, summary, year, partner", programmeRequest{}, createdResponse{}, 201},
		{http.MethodGet, "/api/v1/programmes", courseReaders, s.listProgrammes, "Training programmes, newest first (status, agency, content, offset, limit, min_seq); an agency sees its own and the approved ones", nil, []domain.ProgrammeView{}, 200},
		{http.MethodGet, "/api/v1/programmes/:id", courseReaders, s.getProgramme, "One training programme", nil, domain.ProgrammeView{}, 200},
		{http.MethodPatch, "/api/v1/programmes/:id", agencies, s.reviseProgramme, "Revise a draft or returned programme (its lead agency)", programmeRequest{}, createdResponse{}, 200},
		{http.MethodPost, "/api/v1/programmes/:id/submit", agencies, s.programmeTransition("submit"), "Send a draft or returned programme to the council (reason: an optional note)", programmeActionRequest{}, createdResponse{}, 200},
		{http.MethodPost, "/api/v1/programmes/:id/review", programmeReviewers, s.programmeTransition("review"), "The council's favourable review: the programme goes to UBND tỉnh", programmeActionRequest{}, createdResponse{}, 200},
		{http.MethodPost, "/api/v1/programmes/:id/return", programmeReturners, s.programmeTransition("return"), "Return for revision with a reason: the council a submitted programme, UBND tỉnh a reviewed one", programmeActionRequest{}, createdResponse{}, 200},
		{http.MethodPost, "/api/v1/programmes/:id/approve", provinces, s.programmeTransition("approve"), "UBND tỉnh approves a reviewed programme (decision_ref, reason: an optional note); only approved programmes open courses", programmeActionRequest{}, createdResponse{}, 200},
		{http.MethodPost, "/api/v1/courses", agencies, s.createCourse, "Plan a course of an approved programme your agency leads: format class|delegation_abroad|seminar|postgraduate, dates, capacity, reservations, cost estimate per person and in total, and the fields of its format", courseRequest{}, createdResponse{}, 201},
		{http.MethodGet, "/api/v1/courses", courseReaders, s.listCourses, "Courses by start date (status, format, agency: the lead agency, programme_id, content, kind, offset, limit, min_seq)", nil, []domain.CourseView{}, 200},
		{http.MethodGet, "/api/v1/courses/:id", courseReaders, s.getCourse, "One course with its cost estimate and seat counts", nil, domain.CourseView{}, 200},
		{http.MethodPatch, "/api/v1/courses/:id", agencies, s.reviseCourse, "Revise a planned or open course (its lead agency); capacity and reservations must hold the seats taken", courseRequest{}, createdResponse{}, 200},
		{http.MethodGet, "/api/v1/courses/:id/seats", courseReaders, s.courseSeats, "Seats: capacity, reservations and their use, open seats, who holds a seat and the waitlist in order (an agency sees its own nominations; the lead agency all)", nil, domain.SeatsView{}, 200},
		{http.MethodPut, "/api/v1/courses/:id/reservations", agencies, s.setReservations, "Replace the per-agency seat reservations (its lead agency)", reservationsRequest{}, createdResponse{}, 200},
		{http.MethodPost, "/api/v1/courses/:id/open", agencies, s.courseTransition("open"), "Open for nominations", reasonRequest{}, createdResponse{}, 200},
		{http.MethodPost, "/api/v1/courses/:id/close", agencies, s.courseTransition("close"), "Close nominations", reasonRequest{}, createdResponse{}, 200},
		{http.MethodPost, "/api/v1/courses/:id/start", agencies, s.courseTransition("start"), "The course starts", reasonRequest{}, createdResponse{}, 200},
		{http.MethodPost, "/api/v1/courses/:id/finish", agencies, s.courseTransition("finish"), "The course is over", reasonRequest{}, createdResponse{}, 200},
		{http.MethodPost, "/api/v1/courses/:id/cancel", agencies, s.courseTransition("cancel"), "Cancel (reason required): every seat released, the affected nominations and agencies listed in the event, approved participants' time freed", reasonRequest{}, createdResponse{}, 200},
		{http.MethodGet, "/api/v1/trainings", completionReaders, s.listTrainings, "Participants' trainings (approved nominations) with result, reports owed and survey (course_id, lead, agency, overdue=true, offset, limit, min_seq); an agency sees its own officials' and its own courses' participants", nil, []domain.TrainingView{}, 200},
		{http.MethodGet, "/api/v1/trainings/:id", completionReaders, s.getTraining, "One participant's training, keyed by the nomination id", nil, domain.TrainingView{}, 200},
		{http.MethodGet, "/api/v1/trainings/:id/documents/:sha", completionReaders, s.trainingDocument, "A document attached to one of the participant's reports (the degree copy), by SHA-256", nil, nil, 200},
		{http.MethodPost, "/api/v1/trainings/:id/result", resultRecorders, s.recordResult, "Record attendance and result (the course's lead agency; without a course the nominating agency or Sở Nội vụ): attended, grade xuat_sac|gioi|kha|trung_binh|khong_dat, certificate_no; postgraduate: degree_awarded, degree, degree_date; If-Match", resultRequest{}, createdResponse{}, 200},
		{http.MethodPost, "/api/v1/trainings/:id/correction", resultRecorders, s.correctResult, "Correct a recorded result (same fields, reason required); the earlier result stays in the log; If-Match", resultRequest{}, createdResponse{}, 200},
		{http.MethodGet, "/api/v1/overdue-reports", overdueWatchers, s.listOverdueReports, "Reports officials owe that are past due: an agency's own officials', Sở Nội vụ's all (agency)", nil, []OverdueReport{}, 200},
		{http.MethodGet, "/api/v1/surveys", completionReaders, s.getSurveyResults, "Course quality survey results per course (by=course) or per lead agency (by=lead_agency), optionally one key", nil, SurveyResults{}, 200},
		{http.MethodGet, "/api/v1/me/record", trainees, s.getOfficialSelf, "The trainee's own record: profile, priority for a higher level, nominations, trainings with the reports owed and their due dates", nil, OfficialSelf{}, 200},
		{http.MethodPost, "/api/v1/me/trainings/:id/reports", trainees, s.submitOwnReport, "Submit an own report (report ket_qua|thu_hoach|sau_dao_tao, summary; JSON, or multipart with the document in field file: the degree copy for a postgraduate result report)", reportRequest{}, createdResponse{}, 201},
		{http.MethodPost, "/api/v1/me/trainings/:id/survey", trainees, s.answerOwnSurvey, "Answer the course quality survey once (ratings: question code → 1–5, comment)", surveyRequest{}, createdResponse{}, 201},
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
		s.e.Add(r.method, r.path, s.readAt(r.method, r.path, r.roles != nil, r.handler), mw...)
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
