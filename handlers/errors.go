package handlers

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"daotao/domain"
	"daotao/events"
)

// errorBody is the JSON of every error response.
type errorBody struct {
	Code    string                    `json:"code"`
	Message string                    `json:"message"`
	Fields  map[string]string         `json:"fields,omitempty"`
	Checks  []events.EligibilityCheck `json:"checks,omitempty"`
}

var kindStatus = map[domain.Kind]int{
	domain.KindInvalid:         http.StatusBadRequest,
	domain.KindUnauthorized:    http.StatusUnauthorized,
	domain.KindForbidden:       http.StatusForbidden,
	domain.KindNotFound:        http.StatusNotFound,
	domain.KindConflict:        http.StatusConflict,
	domain.KindUnprocessable:   http.StatusUnprocessableEntity,
	domain.KindTooManyRequests: http.StatusTooManyRequests,
	domain.KindUnavailable:     http.StatusServiceUnavailable,
	domain.KindInternal:        http.StatusInternalServerError,
}

// handleError is the one place errors become HTTP responses. Only internal
// errors are logged with detail; the client never sees their text.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	status, body := s.describe(err)
	s.logDenial(c, status, body.Code)
	if status >= 500 {
		s.log.Error("request failed", slog.String("request_id", requestID(c)), slog.String("method", c.Request().Method),
			slog.String("route", c.Path()), slog.Int("status", status), slog.Any("error", err))
	}
	if c.Request().Method == http.MethodHead {
		_ = c.NoContent(status)
		return
	}
	if wantsPage(c) {
		s.errorPage(c, status, body)
		return
	}
	_ = c.JSON(status, body)
}

func (s *Server) describe(err error) (int, errorBody) {
	var de *domain.Error
	var he *echo.HTTPError
	switch {
	case errors.As(err, &de):
		return kindStatus[de.Kind], errorBody{Code: de.Code, Message: publicMessage(de), Fields: de.Fields, Checks: de.Checks}
	case errors.As(err, &he):
		return he.Code, echoErrorBody(he.Code)
	case errors.Is(err, events.ErrConflict):
		return http.StatusConflict, errorBody{Code: domain.ErrConflict.Code, Message: domain.ErrConflict.Message}
	case errors.Is(err, events.ErrUnavailable), errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable, errorBody{Code: "unavailable", Message: "Hệ thống lưu trữ tạm thời không phản hồi; hãy thử lại sau ít phút."}
	}
	return http.StatusInternalServerError, errorBody{Code: "internal", Message: "Lỗi hệ thống; yêu cầu chưa được thực hiện. Hãy thử lại hoặc báo quản trị."}
}

func publicMessage(e *domain.Error) string {
	if e.Kind == domain.KindInternal {
		return "Lỗi hệ thống; yêu cầu chưa được thực hiện."
	}
	return e.Message
}

func echoErrorBody(status int) errorBody {
	switch status {
	case http.StatusNotFound:
		return errorBody{Code: "not_found", Message: "Không có đường dẫn này."}
	case http.StatusMethodNotAllowed:
		return errorBody{Code: "method_not_allowed", Message: "Đường dẫn này không hỗ trợ phương thức HTTP đã dùng."}
	case http.StatusRequestEntityTooLarge:
		return errorBody{Code: "too_large", Message: "Nội dung gửi lên quá lớn."}
	case http.StatusUnsupportedMediaType:
		return errorBody{Code: "unsupported_media_type", Message: "Nội dung phải là JSON (Content-Type: application/json)."}
	}
	return errorBody{Code: http.StatusText(status), Message: http.StatusText(status)}
}

// unavailable wraps err as a 503 for a dependency that is away.
func unavailable(err error) error {
	return &domain.Error{Kind: domain.KindUnavailable, Code: "unavailable",
		Message: "Hệ thống lưu trữ tạm thời không phản hồi; hãy thử lại sau ít phút.", Err: err}
}

// wantsPage tells whether an error should be answered with an HTML page:
// everything but the JSON API, the health endpoints and /metrics (whose
// scraper must get a 401, not a redirect to the login page).
func wantsPage(c echo.Context) bool {
	p := c.Request().URL.Path
	return !strings.HasPrefix(p, "/api/") && p != "/healthz" && p != "/readyz" && p != "/metrics" && !strings.HasPrefix(p, "/static/")
}
