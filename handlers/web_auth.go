package handlers

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"daotao/domain"
	"daotao/projections"
)

// Cookies of the web application.
const (
	sessionCookie = "daotao_session"
	loginCSRF     = "daotao_login_csrf"
	csrfField     = "_csrf"
	csrfHeader    = "X-CSRF-Token"
)

// csrfToken derives a page's CSRF token from the session token. Only a
// page that can read the session cookie's value (ours) can know it, so a
// form posted from another site fails; and every replica computes the same.
func csrfToken(sessionToken string) string {
	sum := sha256.Sum256([]byte("csrf\x00" + sessionToken))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

func sameToken(a, b string) bool {
	return a != "" && subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// webAuthenticate resolves the session cookie. Without a valid session a
// page request is sent to the login page; an unsafe request must carry the
// session's CSRF token.
func (s *Server) webAuthenticate(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		ck, err := c.Cookie(sessionCookie)
		if err != nil || ck.Value == "" {
			return s.toLogin(c)
		}
		ses, user, err := s.session(c, ck.Value)
		if err != nil {
			clearCookie(c, sessionCookie, "/")
			return s.toLogin(c)
		}
		if unsafeMethod(c.Request().Method) && !s.csrfOK(c, ck.Value) {
			s.security(c, slog.LevelWarn, secCSRFRefused, username(user.Username))
			return domain.Forbidden("Biểu mẫu đã hết hạn hoặc không hợp lệ; hãy tải lại trang rồi thử lại.")
		}
		s.touch(ses.ID, s.now())
		actor, err := s.actingActor(c, user, actForValue(c)) // delegations.go
		if err != nil {
			// A grant that ended while the browser still acts under it:
			// a form is refused (it was meant for the delegator), a page
			// shows the user's own role.
			clearCookie(c, actForCookie, "/")
			if unsafeMethod(c.Request().Method) {
				return err
			}
			actor = user.Actor()
		}
		c.Set(ctxActor, actor)
		c.Set(ctxSession, ses)
		c.Set(ctxToken, ck.Value)
		return next(c)
	}
}

func (s *Server) csrfOK(c echo.Context, token string) bool {
	got := c.Request().Header.Get(csrfHeader)
	if got == "" {
		got = c.FormValue(csrfField)
	}
	return sameToken(got, csrfToken(token))
}

func unsafeMethod(m string) bool {
	return m != http.MethodGet && m != http.MethodHead && m != http.MethodOptions
}

func (s *Server) toLogin(c echo.Context) error {
	next := c.Request().URL.RequestURI()
	if c.Request().Method != http.MethodGet {
		next = ""
	}
	target := "/login"
	if next != "" && next != "/" {
		target += "?next=" + url.QueryEscape(next)
	}
	status := http.StatusSeeOther
	if c.Request().Header.Get("HX-Request") == "true" {
		status = http.StatusUnauthorized
	}
	if c.Get(ctxSecLogged) == nil { // not a refused session: none at all
		s.security(c, slog.LevelInfo, secDenied, slog.Int("status", status), slog.String("code", "no_session"))
	}
	if status == http.StatusUnauthorized {
		c.Response().Header().Set("HX-Redirect", target)
		return c.NoContent(status)
	}
	return c.Redirect(status, target)
}

// pageAllow lets a page request through only for the given roles; others
// get a 403 page.
func pageAllow(roles ...domain.Role) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if !slices.Contains(roles, domain.Role(actorOf(c).Role)) {
				return domain.Forbidden("Vai trò của bạn không được dùng trang này.")
			}
			return next(c)
		}
	}
}

type loginPage struct {
	Username string
	Next     string
	CSRF     string
}

func (s *Server) loginForm(c echo.Context) error {
	if ck, err := c.Cookie(sessionCookie); err == nil {
		if _, user, err := s.session(c, ck.Value); err == nil {
			return c.Redirect(http.StatusSeeOther, home(user.Role))
		}
	}
	return s.renderLogin(c, http.StatusOK, loginPage{Next: safeNext(c.QueryParam("next"))}, "")
}

func (s *Server) renderLogin(c echo.Context, status int, p loginPage, msg string) error {
	tok, err := newToken()
	if err != nil {
		return err
	}
	p.CSRF = tok
	c.SetCookie(&http.Cookie{Name: loginCSRF, Value: tok, Path: "/login", HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: s.secure(c)})
	v := s.newView(c, "Đăng nhập", p)
	v.Error = msg
	if msg == "" && c.QueryParam("ok") == "logout" {
		v.Notice = "Bạn đã đăng xuất."
	}
	return s.renderView(c, status, "login", v)
}

// loginSubmit checks the login form, opens a session and sets its cookie.
func (s *Server) loginSubmit(c echo.Context) error {
	p := loginPage{Username: strings.TrimSpace(c.FormValue("username")), Next: safeNext(c.FormValue("next"))}
	ck, err := c.Cookie(loginCSRF)
	if err != nil || !sameToken(c.FormValue(csrfField), ck.Value) {
		s.security(c, slog.LevelWarn, secCSRFRefused, username(p.Username))
		return s.renderLogin(c, http.StatusForbidden, p, "Trang đăng nhập đã hết hạn; hãy nhập lại.")
	}
	if s.loginBlocked(c, p.Username) {
		return s.renderLogin(c, http.StatusTooManyRequests, p, "Đăng nhập sai quá nhiều lần; hãy thử lại sau ít phút.")
	}
	user, ok := s.cfg.State.UserByName(p.Username)
	if !s.passwordMatches(user, ok, c.FormValue("password")) {
		s.loginFailed(c, p.Username)
		return s.renderLogin(c, http.StatusUnauthorized, p, "Tên đăng nhập hoặc mật khẩu không đúng.")
	}
	token, exp, err := s.startSession(c, user)
	if err != nil {
		return err
	}
	clearCookie(c, loginCSRF, "/login") // the path it was set with, or it stays
	c.SetCookie(&http.Cookie{Name: sessionCookie, Value: token, Path: "/", Expires: exp, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.secure(c)})
	target := p.Next
	if target == "" {
		target = home(user.Role)
	}
	return c.Redirect(http.StatusSeeOther, target)
}

func (s *Server) logoutSubmit(c echo.Context) error {
	ses, _ := c.Get(ctxSession).(projections.Session)
	if err := s.endSession(c, ses); err != nil {
		return err
	}
	clearCookie(c, sessionCookie, "/")
	return c.Redirect(http.StatusSeeOther, "/login?ok=logout")
}

// secure tells whether cookies must be Secure: the request came over TLS.
func (s *Server) secure(c echo.Context) bool { return c.Request().TLS != nil || s.cfg.SecureCookies }

// clearCookie deletes cookie name; path must be the one it was set with.
func clearCookie(c echo.Context, name, path string) {
	c.SetCookie(&http.Cookie{Name: name, Value: "", Path: path, MaxAge: -1, Expires: time.Unix(0, 0), HttpOnly: true})
}

// safeNext keeps a post-login target only if it is a path on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n") {
		return ""
	}
	return next
}
