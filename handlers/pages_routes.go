package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"daotao/domain"
)

// page is one route of the web application. Like the API's, its roles are
// checked on the route and its objects again in the handler.
type pageRoute struct {
	method  string
	path    string
	roles   []domain.Role // nil: no session needed
	handler echo.HandlerFunc
}

// pageTable lists every page and form action of the web application.
func (s *Server) pageTable() []pageRoute {
	return []pageRoute{
		{http.MethodGet, "/login", nil, s.loginForm},
		{http.MethodPost, "/login", nil, s.loginSubmit},
		{http.MethodPost, "/logout", sessionHolders, s.logoutSubmit},
		{http.MethodGet, "/", sessionHolders, s.rootPage},
		{http.MethodGet, "/officials", readers, s.officialsPage},
		{http.MethodGet, "/officials/new", agencies, s.officialNewPage},
		{http.MethodGet, "/officials/import", agencies, s.importPage},
		{http.MethodPost, "/officials/import", agencies, s.importCheck},
		{http.MethodPost, "/officials/import/commit", agencies, s.importCommit},
		{http.MethodPost, "/officials", agencies, s.officialCreate},
		{http.MethodGet, "/officials/:id", readers, s.officialPage},
		{http.MethodGet, "/nominations", readers, s.nominationsPage},
		{http.MethodGet, "/nominations/new", agencies, s.nominationNewPage},
		{http.MethodPost, "/nominations", agencies, s.nominationCreate},
		{http.MethodPost, "/nominations/eligibility", agencies, s.eligibilityPanel},
		{http.MethodGet, "/nominations/:id", readers, s.nominationPage},
		{http.MethodGet, "/nominations/:id/edit", agencies, s.nominationEditPage},
		{http.MethodPost, "/nominations/:id/edit", agencies, s.nominationEdit},
		{http.MethodPost, "/nominations/:id/comments", queueable, s.nominationComment},
		{http.MethodPost, "/nominations/:id/attachments", queueable, s.nominationAttach},
		{http.MethodPost, "/nominations/:id/attachments/:sha/delete", agencies, s.nominationDetach},
		{http.MethodGet, "/attachments/:sha", readers, s.downloadAttachment},
		{http.MethodGet, "/delegations", everyone, s.delegationsPage},
		{http.MethodPost, "/delegations", everyone, s.delegationCreate},
		{http.MethodPost, "/delegations/act", everyone, s.delegationAct},
		{http.MethodPost, "/delegations/:id/revoke", everyone, s.delegationRevoke},
		{http.MethodPost, "/nominations/:id/:action", queueable, s.nominationAction},
		{http.MethodGet, "/queue", queueable, s.queuePage},
		{http.MethodPost, "/queue/decide", deciders, s.bulkDecide},
		{http.MethodPost, "/queue/filters", queueable, s.queueFilterSave},
		{http.MethodPost, "/queue/filters/:id/delete", queueable, s.queueFilterRemove},
		{http.MethodGet, "/audit", []domain.Role{domain.RoleAuditor}, s.auditPage},
		{http.MethodGet, "/audit/nominations/:id", auditors, s.timelinePage},
		{http.MethodGet, "/audit/events", []domain.Role{domain.RoleAuditor}, s.eventsPage},
		{http.MethodGet, "/admin/users", admins, s.usersPage},
		{http.MethodPost, "/admin/users", admins, s.userCreate},
		{http.MethodGet, "/admin/agencies", admins, s.agenciesPage},
		{http.MethodGet, "/admin/holidays", admins, s.holidaysPage},
		{http.MethodGet, "/plans", planReaders, s.plansPage},
		{http.MethodGet, "/plans/actual", planReaders, s.planActualPage},
		{http.MethodPost, "/plans", homeAffairs, s.planRoundSubmit},
		{http.MethodGet, "/plans/:year", planReaders, s.planPage},
		{http.MethodPost, "/plans/:year/versions", homeAffairs, s.planDraftSubmit},
		{http.MethodPost, "/plans/:year/submit", homeAffairs, s.planActionSubmit("submit")},
		{http.MethodPost, "/plans/:year/agree", []domain.Role{domain.RoleCouncil}, s.planActionSubmit("agree")},
		{http.MethodPost, "/plans/:year/return", planReviewers, s.planActionSubmit("return")},
		{http.MethodPost, "/plans/:year/approve", []domain.Role{domain.RoleProvince}, s.planActionSubmit("approve")},
		{http.MethodGet, "/needs", planReaders, s.needsPage},
		{http.MethodGet, "/needs/:year/:agency", planReaders, s.needPage},
		{http.MethodPost, "/needs/:year/:agency", agencies, s.needSubmit},
		{http.MethodPost, "/needs/:year/:agency/return", needReturners, s.needReturnSubmit},
		{http.MethodGet, "/focus", planReaders, s.focusPage},
		{http.MethodGet, "/providers", planReaders, s.providersPage},
		{http.MethodPost, "/providers", providerKeepers, s.providerCreate},
		{http.MethodGet, "/providers/:id", providerKeepers, s.providerPage},
		{http.MethodPost, "/providers/:id", providerKeepers, s.providerEdit},
		{http.MethodGet, "/courses/:id/provider", courseReaders, s.selectionPage},
		{http.MethodPost, "/courses/:id/provider", agencies, s.selectionSubmit},
		{http.MethodPost, "/courses/:id/provider/documents", agencies, s.selectionDocumentSubmit},
		{http.MethodGet, "/courses/:id/provider/documents/:sha", courseReaders, s.downloadSelectionDocument},
		{http.MethodGet, "/trainees", planReaders, s.traineesPage},
		{http.MethodGet, "/trainees/:id", planReaders, s.traineePage},
		{http.MethodPost, "/trainees/:id/:action", agencies, s.traineeSubmit},
		{http.MethodGet, "/focus/:year", planReaders, s.focusPage},
		{http.MethodPost, "/focus/:year/:bloc", focusIssuers, s.focusSubmit},
		{http.MethodGet, "/reimbursements/preview", reimbursers, s.reimbursementPage},
		{http.MethodPost, "/reimbursements/preview", reimbursers, s.reimbursementPreview},
		{http.MethodGet, "/dashboard", readers, s.dashboardPage},
		{http.MethodGet, "/reports", readers, s.reportsPage},
		{http.MethodGet, "/reports/:name", readers, s.reportPage},
		{http.MethodGet, "/reports/:name/download", readers, s.reportDownload},
		{http.MethodGet, "/programme/targets", readers, s.targetsPage},
		{http.MethodGet, "/programme/catalogue", readers, s.cataloguePage},
		{http.MethodGet, "/programme/quotas", readers, s.quotasPage},
		{http.MethodGet, "/programme/baseline", readers, s.baselinePage},
		{http.MethodGet, "/programme/reference", readers, s.referencePage},
		{http.MethodGet, "/programme/reference/:version", readers, s.referenceDocument},
		{http.MethodPost, "/programme/reference", homeAffairs, s.referencePublish},
		{http.MethodGet, "/reviews", reviewReaders, s.reviewsPage},
		{http.MethodPost, "/reviews", reviewWriters, s.reviewOpen},
		{http.MethodGet, "/reviews/:id", reviewReaders, s.reviewPage},
		{http.MethodPost, "/reviews/:id/seal", reviewWriters, s.reviewSeal},
		{http.MethodPost, "/reviews/:id/corrections", reviewWriters, s.reviewCorrect},
		{http.MethodGet, "/reviews/:id/summary", reviewReaders, s.reviewSummaryPage},
		{http.MethodGet, "/reviews/:id/verification", reviewReaders, s.reviewVerificationPage},
		{http.MethodGet, "/sittings", sittingReaders, s.sittingsPage},
		{http.MethodPost, "/sittings", secretariat, s.sittingOpen},
		{http.MethodGet, "/sittings/:id", sittingReaders, s.sittingPage},
		{http.MethodPost, "/sittings/:id/resolution", councilOnly, s.sittingResolve},
		{http.MethodGet, "/deadlines", deadlineRoles, s.deadlinesPage},
		{http.MethodGet, "/inbox", inboxRoles, s.inboxPage},
		{http.MethodPost, "/inbox/read", inboxRoles, s.inboxRead},
		{http.MethodGet, "/trainings", completionReaders, s.trainingsPage},
		{http.MethodGet, "/trainings/:id", completionReaders, s.trainingPage},
		{http.MethodGet, "/trainings/:id/documents/:sha", completionReaders, s.trainingDocument},
		{http.MethodPost, "/trainings/:id/result", resultRecorders, s.trainingResultSubmit},
		{http.MethodPost, "/trainings/results", []domain.Role{domain.RoleAgency}, s.trainingsRecord},
		{http.MethodGet, "/overdue-reports", overdueWatchers, s.overdueReportsPage},
		{http.MethodGet, "/surveys", completionReaders, s.surveysPage},
		{http.MethodGet, "/me", trainees, s.officialSelfPage},
		{http.MethodPost, "/me/trainings/:id/report", trainees, s.ownReportSubmit},
		{http.MethodPost, "/me/trainings/:id/survey", trainees, s.ownSurveySubmit},
		{http.MethodGet, "/commitments", moneyReaders, s.commitmentsPage},
		{http.MethodPost, "/commitments", commitmentOpeners, s.commitmentCreate},
		{http.MethodGet, "/reimbursements", moneyReaders, s.casesPage},
		{http.MethodPost, "/reimbursements", agencies, s.caseCreate},
		{http.MethodGet, "/reimbursements/:id", moneyReaders, s.casePage},
		{http.MethodPost, "/reimbursements/:id/:action", caseActors, s.caseAction},
		{http.MethodGet, "/budgets", moneyReaders, s.budgetsPage},
		{http.MethodPost, "/budgets", agencies, s.budgetCreate},
		{http.MethodGet, "/budgets/totals", moneyReaders, s.budgetTotalsPage},
		{http.MethodGet, "/budgets/:id", moneyReaders, s.budgetPage},
		{http.MethodPost, "/budgets/:id/:action", budgetActors, s.budgetAction},
		{http.MethodGet, "/programmes", courseReaders, s.programmesPage},
		{http.MethodGet, "/programmes/new", agencies, s.programmeNewPage},
		{http.MethodPost, "/programmes", agencies, s.programmeCreate},
		{http.MethodGet, "/programmes/:id", courseReaders, s.programmePage},
		{http.MethodGet, "/programmes/:id/edit", agencies, s.programmeEditPage},
		{http.MethodPost, "/programmes/:id/edit", agencies, s.programmeEdit},
		{http.MethodPost, "/programmes/:id/:action", programmeActors, s.programmeAction},
		{http.MethodGet, "/courses", courseReaders, s.coursesPage},
		{http.MethodGet, "/courses/new", agencies, s.courseNewPage},
		{http.MethodPost, "/courses", agencies, s.courseCreate},
		{http.MethodGet, "/courses/:id", courseReaders, s.coursePage},
		{http.MethodGet, "/courses/:id/edit", agencies, s.courseEditPage},
		{http.MethodPost, "/courses/:id/edit", agencies, s.courseEdit},
		{http.MethodPost, "/courses/:id/nominate", agencies, s.courseNominate},
		{http.MethodPost, "/courses/:id/:action", agencies, s.courseAction},
	}
}

func (s *Server) registerPages() {
	for _, p := range s.pageTable() {
		var mw []echo.MiddlewareFunc
		if p.roles != nil {
			mw = append(mw, s.webAuthenticate, pageAllow(p.roles...))
		}
		s.e.Add(p.method, p.path, s.readAt(p.method, p.path, p.roles != nil, p.handler), mw...)
	}
	s.e.GET("/static/*", s.staticHandler())
}
