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
	ctxToken   = "daotao.token"
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
		s.touch(ses.ID, s.now())
		actor, err := s.actingActor(c, user, c.Request().Header.Get(actForHeader)) // delegations.go
		if err != nil {
			return err
		}
		c.Set(ctxActor, actor)
		c.Set(ctxSession, ses)
		c.Set(ctxToken, token)
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
	var reason, msg string
	switch {
	case !ok:
		reason, msg = "unknown", "Phiên đăng nhập không hợp lệ hoặc đã đăng xuất; hãy đăng nhập lại."
	case user.Disabled:
		reason, msg = "disabled", "Tài khoản đã bị khóa."
	case ses.Closed:
		reason, msg = "closed", "Phiên đăng nhập không hợp lệ hoặc đã đăng xuất; hãy đăng nhập lại."
	case !now.Before(ses.ExpiresAt):
		reason, msg = "expired", "Phiên đăng nhập đã hết hạn; hãy đăng nhập lại."
	case s.idle(ses, now):
		reason, msg = "idle", "Phiên đăng nhập đã hết hạn do lâu không sử dụng; hãy đăng nhập lại."
	default:
		return ses, user, nil
	}
	s.security(c, slog.LevelWarn, secSessionRefused, slog.String("reason", reason), username(user.Username), slog.String("session", ses.ID))
	return ses, user, unauthorized(msg)
}

// catchUpStore waits, bounded by WaitLimit, until the projections have
// applied everything the store held when it was called. A store that does
// not answer is ignored: the caller then decides on what it has.
func (s *Server) catchUpStore(ctx context.Context) {
	if last, err := s.cfg.Store.LastSeq(ctx); err == nil {
		_ = s.cfg.State.WaitTimeout(ctx, last, s.cfg.WaitLimit)
	}
}

// idle reports whether the session has gone unused for longer than the
// idle timeout. Use is tracked in this process's memory: a session this
// process has not seen yet (after a restart, or opened on another replica)
// counts from its first use here, so an active user is never cut off by a
// restart; the absolute expiry still bounds every session.
func (s *Server) idle(ses projections.Session, now time.Time) bool {
	v, ok := s.lastSeen.Load(ses.ID)
	return ok && now.Sub(v.(time.Time)) > s.cfg.IdleTimeout
}

// touch records a use of session id, and now and then forgets sessions
// idle for longer than the timeout so the map stays small.
func (s *Server) touch(id string, now time.Time) {
	s.lastSeen.Store(id, now)
	if s.touches.Add(1)%1024 != 0 {
		return
	}
	s.lastSeen.Range(func(k, v any) bool {
		if now.Sub(v.(time.Time)) > s.cfg.IdleTimeout {
			s.lastSeen.Delete(k)
		}
		return true
	})
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
	if s.loginBlocked(c, req.Username) {
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
	if !s.passwordMatches(user, ok, req.Password) {
		s.loginFailed(c, req.Username)
		return unauthorized("Tên đăng nhập hoặc mật khẩu không đúng.")
	}
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
	token, exp, err := s.startSession(c, user)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, loginResponse{Token: token, ExpiresAt: exp})
}

// startSession records a new session for user, who has just given their
// password in the request c, and returns its bearer token, usable from the
// very next request.
func (s *Server) startSession(c echo.Context, user domain.User) (string, time.Time, error) {
	ctx := c.Request().Context()
	token, err := newToken()
	if err != nil {
		return "", time.Time{}, err
	}
	sid := s.cfg.NewID()
	exp := s.now().Add(s.cfg.SessionTTL).UTC().Truncate(time.Second)
	out, err := s.run(ctx, command{actor: user.Actor(), decide: func() (decision, error) {
		return decision{subject: events.Subject(events.AggregateSession, sid), payload: &events.SessionOpened{
			SessionID: sid, UserID: user.ID, Username: user.Username, TokenSHA256: tokenHash(token), ExpiresAt: exp}}, nil
	}})
	if err != nil {
		return "", time.Time{}, err
	}
	if err := s.cfg.State.WaitTimeout(ctx, out.seq, s.cfg.WaitLimit); err != nil {
		return "", time.Time{}, unavailable(err)
	}
	s.touch(sid, s.now())
	s.loginSucceeded(c, user.Username, sid)
	return token, exp, nil
}

// endSession records the end of the session ses, which the request c
// asked for.
func (s *Server) endSession(c echo.Context, ses projections.Session) error {
	ctx, actor := c.Request().Context(), actorOf(c)
	out, err := s.run(ctx, command{actor: actor, decide: func() (decision, error) {
		return decision{subject: events.Subject(events.AggregateSession, ses.ID), expected: ses.Seq,
			payload: &events.SessionClosed{Reason: "logout"}}, nil
	}})
	if err != nil {
		return err
	}
	if err := s.cfg.State.WaitTimeout(ctx, out.seq, s.cfg.WaitLimit); err != nil {
		return unavailable(err)
	}
	s.lastSeen.Delete(ses.ID)
	s.security(c, slog.LevelInfo, secLogout, username(actor.Username), slog.String("session", ses.ID))
	return nil
}

// logout closes the caller's session; the token stops working at once.
func (s *Server) logout(c echo.Context) error {
	ses, _ := c.Get(ctxSession).(projections.Session)
	if err := s.endSession(c, ses); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// logSafe quotes a client-supplied string for a log line, so that control
// characters cannot forge log entries.
func logSafe(s string) string { return logSafeN(s, maxLogName) }

// passwordMatches checks password against user (found tells whether the
// username exists). An unknown or disabled user is checked against a dummy
// hash, so the answer takes as long as for a wrong password and timing does
// not tell which usernames exist.
func (s *Server) passwordMatches(user domain.User, found bool, password string) bool {
	if !found || user.Disabled {
		VerifyPassword(s.dummyHash(), password)
		return false
	}
	return VerifyPassword(user.Hash, password)
}
