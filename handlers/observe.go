package handlers

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
)

// requestInfo is what the request's context carries for code that has no
// echo.Context: the request id for log lines, the route for metrics.
type requestInfo struct{ id, route string }

type requestInfoKey struct{}

func requestInfoOf(ctx context.Context) requestInfo {
	info, _ := ctx.Value(requestInfoKey{}).(requestInfo)
	return info
}

// quietRoutes are polled by probes and scrapers every few seconds: their
// access log lines are at debug level so that they do not drown the rest.
var quietRoutes = map[string]bool{"/healthz": true, "/readyz": true, "/metrics": true}

// observe writes the access log line of every request and records its
// latency. It runs after the request id is set; it turns a handler's error
// into its response here (as echo's own logger does) so that the line and
// the histogram carry the status the client gets. The line holds method,
// route, status, duration, request id and username, never tokens, bodies
// or query strings, which may carry passwords or personal data.
func (s *Server) observe(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		began := time.Now()
		req := c.Request()
		info := requestInfo{id: requestID(c), route: routeOf(c)}
		ctx := context.WithValue(req.Context(), requestInfoKey{}, info)
		c.SetRequest(req.WithContext(ctx))
		if err := next(c); err != nil {
			c.Error(err)
		}
		took := time.Since(began)
		status := c.Response().Status
		s.metrics.observeRequest(req.Method, info.route, status, took)
		level := slog.LevelInfo
		switch {
		case status >= http.StatusInternalServerError:
			level = slog.LevelWarn
		case quietRoutes[info.route]:
			level = slog.LevelDebug
		}
		s.log.LogAttrs(ctx, level, "request", slog.String("method", req.Method), slog.String("route", info.route),
			slog.Int("status", status), slog.Float64("duration_ms", float64(took.Microseconds())/1000),
			slog.String("username", actorOf(c).Username))
		return nil
	}
}

// routeOf returns the route pattern the request matched, such as
// /api/v1/nominations/:id, or "unmatched": never the raw path, whose ids
// would make every request a metric series of its own. (For a 404 or 405
// on a known prefix echo reports the nearest registered pattern, which is
// just as bounded.)
func routeOf(c echo.Context) string {
	if p := c.Path(); p != "" {
		return p
	}
	return "unmatched"
}

// requestIDHandler adds the request id found in the context to every
// record logged with one (slog's *Context methods and LogAttrs), so that
// each line a request causes can be found from its X-Request-ID.
type requestIDHandler struct{ slog.Handler }

// Handle adds request_id and passes the record on.
func (h requestIDHandler) Handle(ctx context.Context, r slog.Record) error {
	if id := requestInfoOf(ctx).id; id != "" {
		r.AddAttrs(slog.String("request_id", logSafe(id)))
	}
	return h.Handler.Handle(ctx, r)
}

// WithAttrs keeps the wrapper around the derived handler.
func (h requestIDHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return requestIDHandler{h.Handler.WithAttrs(attrs)}
}

// WithGroup keeps the wrapper around the derived handler.
func (h requestIDHandler) WithGroup(name string) slog.Handler {
	return requestIDHandler{h.Handler.WithGroup(name)}
}
