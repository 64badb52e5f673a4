package handlers

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"daotao/domain"
	"daotao/events"
	"daotao/projections"
)

// Context keys.
const (
	ctxActor   = "daotao.actor"
	ctxSession = "daotao.session"
	ctxBody    = "daotao.body"
)

// actorOf returns the authenticated actor of the request. Routes without
// authentication have the zero actor.
func actorOf(c echo.Context) events.Actor {
	a, _ := c.Get(ctxActor).(events.Actor)
	return a
}

func requestID(c echo.Context) string {
	return c.Response().Header().Get(echo.HeaderXRequestID)
}

// authenticate resolves the bearer token to a session and its user. A
// missing, unknown, expired, idle, closed or disabled session gives 401.
func (s *Server) authenticate(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		token, ok := bearer(c.Request())
		if !ok {
			return unauthorized("Cần đăng nhập: gửi Authorization: Bearer <token>.")
		}
		ses, user, err := s.session(c, token)
		if err != nil {
			return err
		}
		s.lastSeen.Store(ses.ID, s.now())
		c.Set(ctxActor, user.Actor())
		c.Set(ctxSession, ses)
		return next(c)
	}
}

func (s *Server) session(c echo.Context, token string) (projections.Session, domain.User, error) {
	hash := tokenHash(token)
	ses, user, ok := s.cfg.State.SessionByToken(hash)
	if !ok {
		// Another replica may have opened it a moment ago: catch up once.
		s.catchUpStore(c.Request().Context())
		ses, user, ok = s.cfg.State.SessionByToken(hash)
	}
	now := s.now()
	switch {
	case !ok || ses.Closed:
		return ses, user, unauthorized("Phiên đăng nhập không hợp lệ hoặc đã đăng xuất; hãy đăng nhập lại.")
	case user.Disabled:
		return ses, user, unauthorized("Tài khoản đã bị khóa.")
	case !now.Before(ses.ExpiresAt):
		return ses, user, unauthorized("Phiên đăng nhập đã hết hạn; hãy đăng nhập lại.")
	case s.idle(ses, now):
		return ses, user, unauthorized("Phiên đăng nhập đã hết hạn do lâu không sử dụng; hãy đăng nhập lại.")
	}
	return ses, user, nil
}

// catchUpStore waits, bounded by WaitLimit, until the projections have
// applied everything the store held when it was called. A store that does
// not answer is ignored: the caller then decides on what it has.
func (s *Server) catchUpStore(ctx context.Context) {
	if last, err := s.cfg.Store.LastSeq(ctx); err == nil {
		_ = s.cfg.State.WaitTimeout(ctx, last, s.cfg.WaitLimit)
	}
}

func (s *Server) idle(ses projections.Session, now time.Time) bool {
	last := ses.OpenedAt
	if v, ok := s.lastSeen.Load(ses.ID); ok {
		last = v.(time.Time)
	}
	return now.Sub(last) > s.cfg.IdleTimeout
}

// allow lets the request through only for the given roles.
func allow(roles ...domain.Role) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if !slices.Contains(roles, domain.Role(actorOf(c).Role)) {
				return domain.Forbidden("Vai trò của bạn không được dùng chức năng này.")
			}
			return next(c)
		}
	}
}

func bearer(r *http.Request) (string, bool) {
	h := r.Header.Get(echo.HeaderAuthorization)
	scheme, token, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	return token, token != "" && len(token) <= 200
}

func unauthorized(msg string) error {
	return &domain.Error{Kind: domain.KindUnauthorized, Code: "unauthorized", Message: msg}
}

func tokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// newToken returns 256 random bits, base64url-encoded.
func newToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

type loginRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

type loginResponse struct {
	Token     string    `json:"token"`
	ExpiresAt time.Time `json:"expires_at"`
}

// login checks a username and password and opens a session. Failures are
// rate limited per account and per client address, and all look alike so
// that they do not reveal which usernames exist.
func (s *Server) login(c echo.Context) error {
	var req loginRequest
	if err := bindJSON(c, &req, false); err != nil {
		return err
	}
	if err := s.checkLoginRequest(req); err != nil {
		return err
	}
	keys := []string{"u:" + req.Username, "ip:" + c.RealIP()}
	if wait := s.limiter.blocked(s.now(), keys...); wait > 0 {
		c.Response().Header().Set("Retry-After", retryAfter(wait))
		s.log.Warn("login throttled", slog.String("username", logSafe(req.Username)), slog.String("ip", c.RealIP()))
		return &domain.Error{Kind: domain.KindTooManyRequests, Code: "too_many_attempts",
			Message: "Đăng nhập sai quá nhiều lần; hãy thử lại sau ít phút."}
	}
	user, ok := s.cfg.State.UserByName(req.Username)
	if !ok {
		// The account may have been created a moment ago, by this process
		// (AddUser) or another one (the command line): catch up once.
		s.catchUpStore(c.Request().Context())
		user, ok = s.cfg.State.UserByName(req.Username)
	}
	if !ok || user.Disabled || !VerifyPassword(user.Hash, req.Password) {
		s.limiter.fail(s.now(), keys...)
		s.log.Info("login failed", slog.String("username", logSafe(req.Username)), slog.String("ip", c.RealIP()))
		return unauthorized("Tên đăng nhập hoặc mật khẩu không đúng.")
	}
	s.limiter.reset(keys[0])
	return s.openSession(c, user)
}

func (s *Server) checkLoginRequest(req loginRequest) error {
	p := domain.Problems{}
	if req.Username == "" {
		p.Add("username", "Cần tên đăng nhập.")
	}
	if req.Password == "" {
		p.Add("password", "Cần mật khẩu.")
	} else if len(req.Password) > domain.MaxPasswordBytes {
		p.Add("password", "Mật khẩu quá dài.")
	}
	return p.Err()
}

func (s *Server) openSession(c echo.Context, user domain.User) error {
	token, err := newToken()
	if err != nil {
		return err
	}
	sid := s.cfg.NewID()
	exp := s.now().Add(s.cfg.SessionTTL).UTC().Truncate(time.Second)
	actor := user.Actor()
	out, err := s.run(c.Request().Context(), command{actor: actor, decide: func() (decision, error) {
		return decision{subject: events.Subject(events.AggregateSession, sid), payload: &events.SessionOpened{
			SessionID: sid, UserID: user.ID, Username: user.Username, TokenSHA256: tokenHash(token), ExpiresAt: exp}}, nil
	}})
	if err != nil {
		return err
	}
	// The token must work on the very next request: wait until it is applied.
	if err := s.cfg.State.WaitTimeout(c.Request().Context(), out.seq, s.cfg.WaitLimit); err != nil {
		return unavailable(err)
	}
	s.log.Info("login", slog.String("username", user.Username), slog.String("session", sid), slog.String("ip", c.RealIP()))
	return c.JSON(http.StatusCreated, loginResponse{Token: token, ExpiresAt: exp})
}

// logout closes the caller's session; the token stops working at once.
func (s *Server) logout(c echo.Context) error {
	ses, _ := c.Get(ctxSession).(projections.Session)
	out, err := s.run(c.Request().Context(), command{actor: actorOf(c), decide: func() (decision, error) {
		return decision{subject: events.Subject(events.AggregateSession, ses.ID), expected: ses.Seq,
			payload: &events.SessionClosed{Reason: "logout"}}, nil
	}})
	if err != nil {
		return err
	}
	if err := s.cfg.State.WaitTimeout(c.Request().Context(), out.seq, s.cfg.WaitLimit); err != nil {
		return unavailable(err)
	}
	s.lastSeen.Delete(ses.ID)
	return c.NoContent(http.StatusNoContent)
}

// logSafe quotes a client-supplied string for a log line, so that control
// characters cannot forge log entries.
func logSafe(s string) string {
	if len(s) > 64 {
		s = s[:64]
	}
	return strings.Trim(strconvQuote(s), `"`)
}
