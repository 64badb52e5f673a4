package handlers

import (
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"daotao/domain"
)

// maxJSONDepth bounds the nesting of a JSON body. No body the API takes
// nests 10 levels (a reference data version inside its request is the
// deepest); the limit leaves ample room and refuses, with a message that
// says so, bodies built to exhaust the decoder (100,000 '[').
const maxJSONDepth = 64

// checkJSONDepth returns a 400 for a body whose arrays and objects nest
// deeper than maxJSONDepth. It only counts brackets outside strings, so
// it is cheap and says nothing else about whether b is valid JSON.
func checkJSONDepth(b []byte) error {
	depth, inString, escaped := 0, false, false
	for _, ch := range b {
		switch {
		case escaped:
			escaped = false
		case inString:
			escaped = ch == '\\'
			inString = ch != '"'
		case ch == '"':
			inString = true
		case ch == '[' || ch == '{':
			if depth++; depth > maxJSONDepth {
				return &domain.Error{Kind: domain.KindInvalid, Code: "malformed_json",
					Message: fmt.Sprintf("JSON lồng nhau quá sâu: tối đa %d cấp.", maxJSONDepth)}
			}
		case ch == ']' || ch == '}':
			depth--
		}
	}
	return nil
}

// utf8Input refuses, with 400, a request whose path, query or
// URL-encoded form is not valid UTF-8 once decoded: such text would be
// stored mangled (JSON turns it into U+FFFD) or compared wrongly. JSON
// bodies are checked by bindJSON, roster files by package roster.
func utf8Input(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		ok := utf8.ValidString(req.URL.Path) && validValues(req.URL.Query())
		if ok && wantsPage(c) && isURLEncoded(req.Header.Get(echo.HeaderContentType)) {
			if err := req.ParseForm(); err == nil {
				ok = validValues(req.PostForm)
			}
		}
		if !ok {
			return &domain.Error{Kind: domain.KindInvalid, Code: "invalid_utf8",
				Message: "Dữ liệu gửi lên (đường dẫn, tham số hoặc biểu mẫu) không phải UTF-8 hợp lệ."}
		}
		return next(c)
	}
}

func validValues(v url.Values) bool {
	for k, vs := range v {
		if !utf8.ValidString(k) {
			return false
		}
		for _, s := range vs {
			if !utf8.ValidString(s) {
				return false
			}
		}
	}
	return true
}

func isURLEncoded(ct string) bool {
	mt, _, _ := strings.Cut(ct, ";")
	return strings.EqualFold(strings.TrimSpace(mt), echo.MIMEApplicationForm)
}
