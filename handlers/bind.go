package handlers

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
	"golang.org/x/text/unicode/norm"

	"daotao/domain"
	"daotao/events"
)

// maxBody is the largest JSON body any API route accepts.
const maxBody = 1 << 20

var jsonTypeNames = map[string]string{
	"string": "chuỗi", "number": "số", "bool": "true/false", "object": "đối tượng", "array": "mảng",
}

// readBody reads the request body once (bounded) and keeps it for the
// request hash. It returns a 413 error for a body over maxBody.
func readBody(c echo.Context) ([]byte, error) {
	if b, ok := c.Get(ctxBody).([]byte); ok {
		return b, nil
	}
	b, err := io.ReadAll(io.LimitReader(c.Request().Body, maxBody+1))
	if errors.Is(err, echo.ErrStatusRequestEntityTooLarge) {
		return nil, err // the body limit middleware stopped a body without Content-Length
	}
	if err != nil {
		return nil, domain.Invalid("body", "Không đọc được nội dung gửi lên.")
	}
	if len(b) > maxBody {
		return nil, echo.ErrStatusRequestEntityTooLarge
	}
	c.Set(ctxBody, b)
	return b, nil
}

// bindJSON decodes the JSON body into dst. An empty body is accepted only
// when optional is true. Malformed JSON, a value of the wrong type, invalid
// UTF-8, nesting deeper than maxJSONDepth or trailing data give a 400
// naming what is wrong.
func bindJSON(c echo.Context, dst any, optional bool) error {
	b, err := readBody(c)
	if err != nil {
		return err
	}
	if len(bytes.TrimSpace(b)) == 0 {
		if optional {
			return nil
		}
		return &domain.Error{Kind: domain.KindInvalid, Code: "malformed_json", Message: "Cần nội dung JSON."}
	}
	if err := checkContentType(c); err != nil {
		return err
	}
	if !utf8.Valid(b) {
		return &domain.Error{Kind: domain.KindInvalid, Code: "malformed_json", Message: "Nội dung không phải UTF-8 hợp lệ."}
	}
	if err := checkJSONDepth(b); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(dst); err != nil {
		return jsonError(err)
	}
	if dec.More() {
		return &domain.Error{Kind: domain.KindInvalid, Code: "malformed_json", Message: "Có dữ liệu thừa sau đối tượng JSON."}
	}
	return nil
}

func checkContentType(c echo.Context) error {
	ct := c.Request().Header.Get(echo.HeaderContentType)
	if ct == "" {
		return nil
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil || (mt != echo.MIMEApplicationJSON && !strings.HasSuffix(mt, "+json")) {
		return echo.ErrUnsupportedMediaType
	}
	return nil
}

func jsonError(err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		want := jsonTypeNames[te.Type.Kind().String()]
		if want == "" {
			want = kindName(te.Type.Kind().String())
		}
		// Value is "string", "bool", ... or "number 1.5" for a number that
		// does not fit the field.
		got, _, _ := strings.Cut(te.Value, " ")
		if got == "number" && want == jsonTypeNames["number"] {
			return domain.Invalid(te.Field, "Sai kiểu dữ liệu: cần số nguyên trong giới hạn cho phép.")
		}
		return domain.Invalid(te.Field, "Sai kiểu dữ liệu: cần "+want+", nhận "+jsonTypeNames[got]+".")
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return &domain.Error{Kind: domain.KindInvalid, Code: "malformed_json", Message: fmt.Sprintf("JSON không hợp lệ tại vị trí %d.", se.Offset)}
	}
	return &domain.Error{Kind: domain.KindInvalid, Code: "malformed_json", Message: "JSON không hợp lệ: nội dung phải là một đối tượng với đúng kiểu dữ liệu."}
}

func kindName(k string) string {
	if strings.HasPrefix(k, "int") || strings.HasPrefix(k, "uint") || strings.HasPrefix(k, "float") {
		return "số"
	}
	if k == "struct" || k == "map" {
		return "đối tượng"
	}
	return k
}

// text normalises user-written text: Unicode NFC (so "Nguyễn" typed in NFD
// and in NFC compare equal) and trimmed.
func text(s string) string { return strings.TrimSpace(norm.NFC.String(s)) }

// parseDate parses an API date, recording a problem for field when s is
// present but malformed. An empty s gives the zero date.
func parseDate(p domain.Problems, field, s string) events.Date {
	if s == "" {
		return events.Date{}
	}
	d, err := events.ParseDate(s)
	if err != nil {
		p.Add(field, "Ngày phải có dạng YYYY-MM-DD và là ngày có thật.")
	}
	return d
}

// withProblems adds the problems found while reading a request (such as a
// malformed date) to err, the domain's verdict on the command, so that one
// response names every field at fault. With no problems it returns err.
func withProblems(p domain.Problems, err error) error {
	if len(p) == 0 {
		return err
	}
	var de *domain.Error
	if errors.As(err, &de) && de.Kind == domain.KindInvalid {
		for f, msg := range de.Fields {
			p.Add(f, msg)
		}
	}
	return p.Err()
}

// requestHash fingerprints a command request for its Idempotency-Key.
func requestHash(c echo.Context) string {
	b, _ := c.Get(ctxBody).([]byte)
	h := sha256.New()
	fmt.Fprintf(h, "%s %s\n", c.Request().Method, c.Request().URL.Path)
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil))
}

// queryInt parses an optional integer query parameter within [lo, hi].
func queryInt(c echo.Context, p domain.Problems, name string, lo, hi int) int {
	v := c.QueryParam(name)
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		p.Add(name, fmt.Sprintf("Cần số nguyên từ %d đến %d.", lo, hi))
		return 0
	}
	return n
}

// querySeq parses an optional stream sequence query parameter.
func querySeq(c echo.Context, p domain.Problems, name string) uint64 {
	v := c.QueryParam(name)
	if v == "" {
		return 0
	}
	n, err := strconv.ParseUint(v, 10, 64)
	if err != nil {
		p.Add(name, "Cần số thứ tự sự kiện (số nguyên không âm).")
	}
	return n
}

// writeList writes a page of items as a JSON array, with the total in
// X-Total-Count and a Link to the next page when there is one.
func writeList[T any](c echo.Context, items []T, total, offset, limit int) error {
	h := c.Response().Header()
	h.Set("X-Total-Count", strconv.Itoa(total))
	if next := offset + len(items); next < total && len(items) > 0 {
		q := c.Request().URL.Query()
		q.Set("offset", strconv.Itoa(next))
		q.Set("limit", strconv.Itoa(limit))
		h.Set("Link", fmt.Sprintf(`<%s?%s>; rel="next"`, c.Request().URL.Path, q.Encode()))
	}
	if items == nil {
		items = []T{}
	}
	return c.JSON(http.StatusOK, items)
}
