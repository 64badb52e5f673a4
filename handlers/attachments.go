package handlers

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"daotao/domain"
	"daotao/events"
)

// Attachments (issue 5): documents of a nomination's dossier, stored by
// the SHA-256 of their content in the JetStream object store
// (events.Attachments), attached by a nomination.attachment_added event and
// pinned by hash in every submission, resubmission and decision event.

// maxNominationAttachment is the largest document accepted: 10 MiB.
const maxNominationAttachment = 10 << 20

// attachmentTypes are the documents accepted, by file extension: the media
// type recorded, and the type the content must sniff as.
var attachmentTypes = map[string]struct{ recorded, sniffed string }{
	".pdf":  {"application/pdf", "application/pdf"},
	".jpg":  {"image/jpeg", "image/jpeg"},
	".jpeg": {"image/jpeg", "image/jpeg"},
	".png":  {"image/png", "image/png"},
	".docx": {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/zip"},
	".xlsx": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/zip"},
}

// isAttachmentUpload reports whether path takes an attachment upload,
// whose body may be larger than maxBody (uploads.go's bodyLimit).
func isAttachmentUpload(p string) bool {
	return strings.HasSuffix(p, "/attachments") &&
		(strings.HasPrefix(p, "/api/v1/nominations/") || strings.HasPrefix(p, "/nominations/"))
}

// maxNominationAttachmentBody bounds an attachment upload's body: the document and
// a multipart envelope.
const maxNominationAttachmentBody = maxNominationAttachment + 64<<10

func attachmentTooLarge() error {
	return &domain.Error{Kind: domain.KindInvalid, Code: "too_large", Message: "Tệp đính kèm tối đa 10 MB.",
		Fields: map[string]string{"file": "Tệp đính kèm tối đa 10 MB."}}
}

// attachmentStore returns the object store of attachments, or a 503 when
// the event store has none.
func (s *Server) attachmentStore() (events.Attachments, error) {
	if a, ok := s.cfg.Store.(events.Attachments); ok {
		return a, nil
	}
	return nil, &domain.Error{Kind: domain.KindUnavailable, Code: "unavailable", Message: "Kho tài liệu đính kèm chưa sẵn sàng."}
}

// readAttachment reads the uploaded document of the request: the
// multipart field "file", or the body itself with its name in ?name=.
// It checks the size, the name and the type, and returns the reference
// (hash, name, type, size) and the bytes.
func readAttachment(c echo.Context) (events.AttachmentRef, []byte, error) {
	req := c.Request()
	if req.ContentLength > maxNominationAttachmentBody {
		return events.AttachmentRef{}, nil, attachmentTooLarge()
	}
	mt, _, _ := mime.ParseMediaType(req.Header.Get(echo.HeaderContentType))
	var data []byte
	var name string
	var err error
	if mt == echo.MIMEMultipartForm {
		fh, ferr := c.FormFile("file")
		switch {
		case errors.Is(ferr, http.ErrMissingFile):
			return events.AttachmentRef{}, nil, domain.Invalid("file", "Chưa chọn tệp đính kèm.")
		case ferr != nil:
			return events.AttachmentRef{}, nil, attachmentReadError(ferr)
		}
		f, ferr := fh.Open()
		if ferr != nil {
			return events.AttachmentRef{}, nil, attachmentReadError(ferr)
		}
		defer f.Close()
		data, err = io.ReadAll(io.LimitReader(f, maxNominationAttachment+1))
		name = fh.Filename
	} else {
		data, err = io.ReadAll(io.LimitReader(req.Body, maxNominationAttachment+1))
		name = c.QueryParam("name")
	}
	if err != nil {
		return events.AttachmentRef{}, nil, attachmentReadError(err)
	}
	p := domain.Problems{}
	name = strings.TrimSpace(path.Base(strings.ReplaceAll(name, "\\", "/")))
	if name == "" || name == "." || name == "/" || utf8.RuneCountInString(name) > domain.MaxAttachmentNameLen || !utf8.ValidString(name) {
		p.Add("name", "Cần tên tệp (tối đa 200 ký tự), ví dụ cam-ket.pdf.")
	}
	switch {
	case len(data) == 0:
		p.Add("file", "Tệp rỗng.")
	case len(data) > maxNominationAttachment:
		return events.AttachmentRef{}, nil, attachmentTooLarge()
	}
	kind, ok := attachmentTypes[strings.ToLower(path.Ext(name))]
	_, badName := p["name"]
	switch {
	case badName:
	case !ok:
		p.Add("file", "Chỉ nhận tệp PDF, JPEG, PNG, DOCX hoặc XLSX.")
	case len(data) > 0 && http.DetectContentType(data) != kind.sniffed:
		p.Add("file", "Nội dung tệp không khớp với đuôi "+path.Ext(name)+".")
	}
	if err := p.Err(); err != nil {
		return events.AttachmentRef{}, nil, err
	}
	sum := sha256.Sum256(data)
	return events.AttachmentRef{SHA256: hex.EncodeToString(sum[:]), Name: name, ContentType: kind.recorded, Size: int64(len(data))}, data, nil
}

func attachmentReadError(err error) error {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return attachmentTooLarge()
	}
	return &domain.Error{Kind: domain.KindInvalid, Code: "unreadable_upload", Message: "Không đọc được tệp gửi lên; hãy gửi lại.", Err: err}
}

// addAttachment stores the uploaded document and attaches it to the
// nomination: the agency to its draft or returned dossier, the awaited
// stage's role at its stage. The object is stored before the event, so an
// event never names a hash the store lacks.
func (s *Server) addAttachment(c echo.Context) error {
	resp, err := s.attachCmd(c, c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, resp)
}

// attachmentResponse is the answer to an upload.
type attachmentResponse struct {
	decisionResponse
	Attachment events.AttachmentRef `json:"attachment"`
}

func (s *Server) attachCmd(c echo.Context, id string) (attachmentResponse, error) {
	if err := s.awaitRead(c); err != nil {
		return attachmentResponse{}, err
	}
	n, err := s.nominationFor(c, id)
	if err != nil {
		return attachmentResponse{}, err
	}
	ref, data, err := readAttachment(c)
	if err != nil {
		return attachmentResponse{}, err
	}
	// The request's fingerprint for Idempotency-Key is the document's hash
	// and name: the same key with another file is refused.
	c.Set(ctxBody, []byte(ref.SHA256+"\n"+ref.Name))
	// Decide once before storing, so that a refused upload stores nothing.
	if _, err := n.AddAttachment(actorOf(c), ref); err != nil {
		return attachmentResponse{}, err
	}
	store, err := s.attachmentStore()
	if err != nil {
		return attachmentResponse{}, err
	}
	if err := store.PutAttachment(c.Request().Context(), ref.SHA256, ref.ContentType, data); err != nil {
		return attachmentResponse{}, unavailable(err)
	}
	resp, err := s.decideNomination(c, id, 0, plain(func(n *domain.Nomination) (events.Payload, error) {
		return n.AddAttachment(actorOf(c), ref)
	}))
	if err != nil {
		return attachmentResponse{}, err
	}
	if !domain.Is(actorOf(c), domain.RoleAgency) {
		ref.Stage = actorOf(c).Role
	}
	return attachmentResponse{decisionResponse: resp, Attachment: ref}, nil
}

// removeAttachment takes a document out of a draft or returned dossier.
func (s *Server) removeAttachment(c echo.Context) error {
	sha := c.Param("sha")
	return s.nominationCommand(c, plain(func(n *domain.Nomination) (events.Payload, error) {
		return n.RemoveAttachment(actorOf(c), sha)
	}))
}

// downloadAttachment sends the document with hash sha to a user who may
// see a nomination that refers to it; to anyone else it does not exist.
func (s *Server) downloadAttachment(c echo.Context) error {
	if err := s.awaitRead(c); err != nil {
		return err
	}
	ref, ok := s.visibleAttachment(c, c.Param("sha"))
	if !ok {
		return domain.NotFound("tài liệu đính kèm")
	}
	return s.sendAttachment(c, ref)
}

// sendAttachment answers with the stored document ref, whose visibility
// the caller checked: its bytes, name, media type and hash.
func (s *Server) sendAttachment(c echo.Context, ref events.AttachmentRef) error {
	store, err := s.attachmentStore()
	if err != nil {
		return err
	}
	data, _, err := store.GetAttachment(c.Request().Context(), ref.SHA256)
	if errors.Is(err, events.ErrAttachmentNotFound) {
		return domain.NotFound("tài liệu đính kèm")
	}
	if err != nil {
		return unavailable(err)
	}
	h := c.Response().Header()
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": ref.Name}))
	h.Set("Content-Length", strconv.Itoa(len(data)))
	h.Set("ETag", `"`+ref.SHA256+`"`)
	h.Set("X-Content-SHA256", ref.SHA256)
	return c.Blob(http.StatusOK, ref.ContentType, data)
}

// visibleAttachment returns the reference of attachment sha as recorded on
// a nomination the actor may see that refers to it.
func (s *Server) visibleAttachment(c echo.Context, sha string) (events.AttachmentRef, bool) {
	if len(sha) != 64 {
		return events.AttachmentRef{}, false
	}
	a := actorOf(c)
	for _, id := range s.cfg.State.AttachmentNominations(sha) {
		n, ok := s.cfg.State.Nomination(id)
		if !ok || !domain.SeesAgency(a, n.AgencyCode()) {
			continue
		}
		for _, h := range n.History() {
			if h.Attachment != nil && h.Attachment.SHA256 == sha {
				return *h.Attachment, true
			}
		}
	}
	return events.AttachmentRef{}, false
}

type commentRequest struct {
	Comment string `json:"comment"`
}

// addComment records a comment on a nomination.
func (s *Server) addComment(c echo.Context) error {
	var req commentRequest
	if err := bindJSON(c, &req, false); err != nil {
		return err
	}
	resp, err := s.commentCmd(c, c.Param("id"), req.Comment)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, resp)
}

func (s *Server) commentCmd(c echo.Context, id, comment string) (decisionResponse, error) {
	return s.decideNomination(c, id, 0, plain(func(n *domain.Nomination) (events.Payload, error) {
		return n.Comment(actorOf(c), comment)
	}))
}
