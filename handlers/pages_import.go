package handlers

import (
	"encoding/base64"
	"errors"
	"net/http"
	"strconv"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"daotao/domain"
)

// importPage is the roster import page: the upload form, then a file's
// report with the buttons that import it, then the outcome.
type importPage struct {
	Agency domain.Agency
	Name   string // the file's name as uploaded
	// File is the checked file, base64url, carried by the confirming form
	// so that nothing is kept on the server between check and import: the
	// import reads and judges it again from scratch.
	File string
	// Key makes the confirming form idempotent: sending it twice imports
	// once.
	Key    string
	Report *ImportReport
	Done   bool
}

const importTitle = "Nhập danh sách cán bộ từ tệp"

func (s *Server) importPage(c echo.Context) error {
	return s.renderImport(c, http.StatusOK, importPage{}, "")
}

func (s *Server) renderImport(c echo.Context, status int, p importPage, msg string) error {
	p.Agency, _ = s.cfg.Agencies.Get(actorOf(c).Agency)
	v := s.newView(c, importTitle, p)
	v.Error = msg
	return s.renderView(c, status, "officials_import", v)
}

// importCheck checks an uploaded file (a dry run) and shows its report.
func (s *Server) importCheck(c echo.Context) error {
	data, name, err := formFile(c)
	if err != nil {
		return s.importFailed(c, importPage{}, err)
	}
	p := importPage{Name: shorten(name), File: base64.RawURLEncoding.EncodeToString(data), Key: s.cfg.NewID()}
	rep, err := s.ImportRoster(c.Request().Context(), actorOf(c), data, ImportOptions{})
	if err != nil {
		return s.importFailed(c, importPage{}, err)
	}
	p.Report = &rep
	return s.renderImport(c, http.StatusOK, p, "")
}

// importCommit imports the file the report page carried: all of it, or
// its valid rows when the form says partial.
func (s *Server) importCommit(c echo.Context) error {
	p := importPage{Name: shorten(c.FormValue("name")), File: c.FormValue("file"), Key: c.FormValue("key")}
	data, err := base64.RawURLEncoding.DecodeString(p.File)
	if err != nil || len(data) == 0 || len(p.Key) > 100 {
		return domain.Invalid("file", "Biểu mẫu không còn tệp đã kiểm tra; hãy chọn và kiểm tra lại tệp.")
	}
	opts := ImportOptions{Commit: true, Partial: c.FormValue("partial") == "true"}
	if p.Key != "" {
		opts.Key = "web-import-" + p.Key + "-" + strconv.FormatBool(opts.Partial)
	}
	rep, err := s.ImportRoster(c.Request().Context(), actorOf(c), data, opts)
	p.Report = &rep
	if errors.Is(err, ErrImportRefused) {
		return s.renderImport(c, http.StatusUnprocessableEntity, p, rep.Message)
	}
	if err != nil {
		return s.importFailed(c, importPage{}, err)
	}
	p.Done, p.File = true, ""
	return s.renderImport(c, http.StatusOK, p, "")
}

// importFailed shows the upload form again with why a file could not be
// used; errors that are not the file's go to the error page.
func (s *Server) importFailed(c echo.Context, p importPage, err error) error {
	var de *domain.Error
	if !errors.As(err, &de) || de.Kind != domain.KindInvalid {
		return err
	}
	return s.renderImport(c, http.StatusBadRequest, p, de.Message)
}

// shorten keeps a file name fit to show.
func shorten(name string) string {
	const most = 120
	if utf8.RuneCountInString(name) > most {
		return string([]rune(name)[:most]) + "…"
	}
	return name
}
