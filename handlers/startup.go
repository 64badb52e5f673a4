package handlers

import (
	"strings"

	"github.com/labstack/echo/v4"

	"daotao/domain"
)

// untilReady answers 503 with Retry-After to every request but the probes,
// /metrics and static files while the server is not ready. Before the
// projections have replayed the log, sessions are unknown (a valid token
// would get 401) and a command would be decided on a partial state: the
// retry of a submission that landed just before a crash would be told
// "not found", though it was carried out.
func (s *Server) untilReady(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if s.ready.Load() || servedWhileStarting(c.Request().URL.Path) {
			return next(c)
		}
		c.Response().Header().Set("Retry-After", "1")
		return &domain.Error{Kind: domain.KindUnavailable, Code: "starting",
			Message: "Hệ thống đang khởi động và nạp lại dữ liệu; hãy thử lại sau giây lát."}
	}
}

// servedWhileStarting reports whether path answers before the server is
// ready: what orchestrators and monitoring ask, and static files.
func servedWhileStarting(path string) bool {
	return quietRoutes[path] || strings.HasPrefix(path, "/static/")
}
