package handlers

import (
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
)

// Messages of the security log (Config.SecurityLog). Each record also says
// on which route, from which client address and in which request; the
// username when one is known. Never a token, a password or a body.
const (
	secLogin          = "login"
	secLoginFailed    = "login failed"
	secLoginThrottled = "login throttled"
	secLoginLocked    = "login locked" // an account or address reached the limit of failures
	secLogout         = "logout"
	secSessionRefused = "session refused" // attribute reason: unknown, closed, disabled, expired or idle
	secCSRFRefused    = "csrf refused"
	secDenied         = "access denied" // every other 401 and 403
	secUserDisabled   = "user disabled"
	secUserEnabled    = "user enabled"
)

// ctxSecLogged marks a request the security log has recorded a refusal
// of, so that the error handler does not record it a second time.
const ctxSecLogged = "daotao.seclogged"

// Longest client-supplied values a security record keeps.
const (
	maxLogName = 64 // a valid username is at most 64 bytes
	maxLogPath = 256
)

// security writes one record of the security log about the request in c:
// method, route pattern, the path as sent and the client address (from the
// trusted-proxy-aware extractor), then attrs; requestIDHandler adds the
// request id. Values a client chose must reach attrs through logSafe.
func (s *Server) security(c echo.Context, level slog.Level, msg string, attrs ...slog.Attr) {
	c.Set(ctxSecLogged, true)
	req := c.Request()
	all := append([]slog.Attr{slog.String("method", logSafeN(req.Method, 16)), slog.String("route", routeOf(c)),
		slog.String("path", logSafeN(req.URL.Path, maxLogPath)), slog.String("ip", logSafe(c.RealIP()))}, attrs...)
	s.sec.LogAttrs(req.Context(), level, msg, all...)
}

// username is the attribute of a username, as typed or as authenticated.
func username(name string) slog.Attr { return slog.String("username", logSafeN(name, maxLogName)) }

// logDenial records a 401 or 403 answer unless the refusal was recorded
// already (a refused session, CSRF token or login).
func (s *Server) logDenial(c echo.Context, status int, code string) {
	if (status != http.StatusUnauthorized && status != http.StatusForbidden) || c.Get(ctxSecLogged) != nil {
		return
	}
	s.security(c, slog.LevelWarn, secDenied, slog.Int("status", status), slog.String("code", code), username(actorOf(c).Username))
}

// loginKeys are the limiter's keys of a login attempt: the account and the
// client address. The username is cut to the longest a valid one can be,
// so that made-up names cannot make the limiter's memory grow by much.
func loginKeys(c echo.Context, name string) []string {
	if len(name) > maxLogName {
		name = name[:maxLogName]
	}
	return []string{"u:" + name, "ip:" + c.RealIP()}
}

// loginBlocked reports whether attempts on account name from c's client
// must wait. A blocked attempt is logged and its answer gets Retry-After.
func (s *Server) loginBlocked(c echo.Context, name string) bool {
	wait := s.limiter.blocked(s.now(), loginKeys(c, name)...)
	if wait <= 0 {
		return false
	}
	c.Response().Header().Set("Retry-After", retryAfter(wait))
	s.security(c, slog.LevelWarn, secLoginThrottled, username(name), slog.Int("retry_after_s", int(wait.Seconds())+1))
	return true
}

// loginFailed counts a failed attempt on account name from c's client and
// logs it, and the lockout of the account or the address when this failure
// reached the limit.
func (s *Server) loginFailed(c echo.Context, name string) {
	locked := s.limiter.fail(s.now(), loginKeys(c, name)...)
	s.security(c, slog.LevelWarn, secLoginFailed, username(name))
	for _, k := range locked {
		what := "account"
		if strings.HasPrefix(k, "ip:") {
			what = "address"
		}
		s.security(c, slog.LevelWarn, secLoginLocked, username(name), slog.String("locked", what),
			slog.Int("failures", loginAttempts), slog.Duration("window", loginWindow))
	}
}

// loginSucceeded forgets the account's failures and logs the new session.
func (s *Server) loginSucceeded(c echo.Context, name, session string) {
	s.limiter.reset(loginKeys(c, name)[0])
	s.security(c, slog.LevelInfo, secLogin, username(name), slog.String("session", session))
}

// logSafeN quotes a client-supplied string for a log record, cut to at
// most n bytes first: control characters, ANSI escapes, line and
// paragraph separators come out as Go escapes (\n, \x1b, \u2028), so that
// they cannot forge or hide records, whatever the handler's format.
func logSafeN(s string, n int) string {
	if len(s) > n {
		s = s[:n]
	}
	q := strconv.Quote(s)
	return q[1 : len(q)-1]
}
