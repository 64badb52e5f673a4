package handlers

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"

	"github.com/labstack/echo/v4"

	"daotao/domain"
	"daotao/events"
	"daotao/projections"
)

type referencePage struct {
	Frame      programmeFrame
	Versions   []versionRow
	CanPublish bool
	Next       int
	Values     publishForm
	Errors     map[string]string
}

// versionRow is a published version and where it stands on the page's date.
type versionRow struct {
	ReferenceVersion
	By      string
	InForce bool
	Future  bool
}

// publishForm is what a person typed in the publication form; the file is
// never sent back.
type publishForm struct {
	EffectiveFrom string
	Note          string
}

func (s *Server) referencePage(c echo.Context) error {
	return s.renderReference(c, http.StatusOK, publishForm{}, nil, "")
}

// renderReference lists the versions. A date with no version in force is
// not an error here: the list is what the page is for.
func (s *Server) renderReference(c echo.Context, status int, vals publishForm, errs map[string]string, msg string) error {
	f, st, err := s.programmeFrame(c)
	if err != nil {
		return err
	}
	if st == http.StatusBadRequest && status == http.StatusOK {
		status = st
	}
	refs := s.cfg.State.References()
	_, latest := s.cfg.State.ReferenceSeq()
	p := referencePage{Frame: f, CanPublish: domain.Is(actorOf(c), domain.RoleHomeAffairs), Next: latest + 1, Values: vals, Errors: errs}
	for _, r := range slices.Backward(refs) {
		row := versionRow{ReferenceVersion: ReferenceVersion{Version: r.Version, EffectiveFrom: r.EffectiveFrom, Note: r.Note,
			Seq: r.Seq, PublishedAt: r.PublishedAt, PublishedBy: r.PublishedBy}, Future: r.EffectiveFrom.After(f.Day)}
		row.InForce = f.Ref != nil && f.Ref.Seq == r.Seq
		if row.By = r.PublishedBy; row.By == events.System.Username {
			row.By = "Hệ thống (dữ liệu kèm phần mềm)"
		}
		p.Versions = append(p.Versions, row)
	}
	return s.renderProgramme(c, status, "programme_reference", "Các phiên bản dữ liệu Đề án", p, msg)
}

// referencePublish publishes the uploaded document as the next version,
// through exactly the checks of POST /api/v1/reference.
func (s *Server) referencePublish(c echo.Context) error {
	vals := publishForm{EffectiveFrom: c.FormValue("effective_from"), Note: c.FormValue("note")}
	raw, missing, err := referenceUpload(c, "document")
	if err != nil {
		return err
	}
	req := publishRequest{EffectiveFrom: isoDate(vals.EffectiveFrom), Note: vals.Note, Document: raw}
	if _, _, err := s.publishVersion(c, req); err != nil {
		return s.formFailed(c, err, func(status int, fields map[string]string, msg string) error {
			if missing && fields != nil {
				fields["document"] = "Hãy chọn tệp JSON chứa toàn bộ dữ liệu Đề án của phiên bản mới."
			}
			return s.renderReference(c, status, vals, fields, msg)
		})
	}
	return c.Redirect(http.StatusSeeOther, "/programme/reference?ok=reference")
}

// referenceUpload reads the file sent in field name; missing is true when the
// form has none (or an empty one).
func referenceUpload(c echo.Context, name string) (data []byte, missing bool, err error) {
	fh, err := c.FormFile(name)
	if err != nil {
		return nil, true, nil
	}
	f, err := fh.Open()
	if err != nil {
		return nil, false, domain.Invalid(name, "Không đọc được tệp đã chọn; hãy chọn lại.")
	}
	defer f.Close()
	data, err = io.ReadAll(io.LimitReader(f, maxBody+1))
	switch {
	case err != nil:
		return nil, false, domain.Invalid(name, "Không đọc được tệp đã chọn; hãy chọn lại.")
	case len(data) > maxBody:
		return nil, false, echo.ErrStatusRequestEntityTooLarge
	}
	// Editors on Windows often save JSON with a byte order mark, which
	// the JSON decoder refuses.
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	return data, len(data) == 0, nil
}

// referenceDocument sends one published version as the JSON document the
// publication form takes, to be edited into the next version.
func (s *Server) referenceDocument(c echo.Context) error {
	if err := s.awaitRead(c); err != nil {
		return err
	}
	v, err := strconv.Atoi(c.Param("version"))
	refs := s.cfg.State.References()
	i := slices.IndexFunc(refs, func(r projections.Reference) bool { return r.Version == v })
	if err != nil || i < 0 {
		return domain.NotFound("phiên bản dữ liệu Đề án này")
	}
	raw, err := refs[i].Doc.JSON()
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="de-an-7328-phien-ban-%d.json"`, v))
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSONCharsetUTF8, raw)
}
