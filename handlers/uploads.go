package handlers

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"daotao/domain"
	"daotao/handlers/roster"
)

// uploadPaths are the routes that take a roster file, whose bodies may be
// larger than maxBody.
var uploadPaths = map[string]bool{
	"/api/v1/officials/import": true,
	"/officials/import":        true,
	"/officials/import/commit": true,
}

// maxUpload bounds the body of an upload: a file of roster.MaxBytes
// base64-encoded (4/3 larger) in the form that confirms a web import,
// with room for the form's other fields.
const maxUpload = roster.MaxBytes*4/3 + 64<<10

// bodyLimit bounds every request body: maxBody, or maxUpload on the
// upload routes, where a larger body gets the import's own clear 400
// before anything (the CSRF check included) reads it.
func bodyLimit() echo.MiddlewareFunc {
	general := middleware.BodyLimit(strconv.Itoa(maxBody))
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		limited := general(next)
		return func(c echo.Context) error {
			req := c.Request()
			if isAttachmentUpload(req.URL.Path) || isReportUpload(req.URL.Path) || isSelectionUpload(req.URL.Path) { // attachments.go, official_self.go, followup.go
				req.Body = http.MaxBytesReader(c.Response(), req.Body, maxNominationAttachmentBody)
				return next(c)
			}
			if !uploadPaths[req.URL.Path] {
				return limited(c)
			}
			if req.ContentLength > maxUpload {
				return roster.TooLarge()
			}
			req.Body = http.MaxBytesReader(c.Response(), req.Body, maxUpload)
			return next(c)
		}
	}
}

// fileTypes are the media types a roster file may be sent as: CSV under
// the names browsers and tools give it, and XLSX. The content decides how
// it is read.
var fileTypes = map[string]bool{
	"text/csv": true, "application/csv": true, "text/plain": true, "application/vnd.ms-excel": true,
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": true, "application/octet-stream": true,
}

// uploadedFile returns the file of an upload request and its name (empty
// for a bare body): the body itself, or the multipart field "file".
func uploadedFile(c echo.Context) ([]byte, string, error) {
	mt, _, _ := mime.ParseMediaType(c.Request().Header.Get(echo.HeaderContentType))
	switch {
	case mt == echo.MIMEMultipartForm:
		return formFile(c)
	case fileTypes[mt]:
		b, err := io.ReadAll(c.Request().Body)
		return b, "", readError(err, len(b))
	}
	return nil, "", &domain.Error{Kind: domain.KindInvalid, Code: "unsupported_media_type",
		Message: "Gửi tệp với Content-Type text/csv hoặc application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, hoặc multipart/form-data với trường “file”."}
}

// formFile returns the multipart field "file" and its name.
func formFile(c echo.Context) ([]byte, string, error) {
	fh, err := c.FormFile("file")
	if errors.Is(err, http.ErrMissingFile) {
		return nil, "", domain.Invalid("file", "Chưa chọn tệp danh sách (CSV hoặc .xlsx).")
	}
	if err != nil {
		return nil, "", readError(err, 0)
	}
	f, err := fh.Open()
	if err != nil {
		return nil, "", readError(err, 0)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, roster.MaxBytes+1))
	return b, fh.Filename, readError(err, len(b))
}

// readError maps a failure to read an upload of n bytes (so far).
func readError(err error, n int) error {
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge) || n > roster.MaxBytes:
		return roster.TooLarge()
	case err != nil:
		return &domain.Error{Kind: domain.KindInvalid, Code: "unreadable_upload", Message: "Không đọc được tệp gửi lên; hãy gửi lại.", Err: err}
	}
	return nil
}
