package handlers

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"daotao/domain"
	"daotao/events"
	"daotao/handlers/roster"
	"daotao/projections"
)

// ImportOptions say what ImportRoster does with a file.
type ImportOptions struct {
	// Commit registers the valid rows; without it the file is only
	// checked (a dry run) and nothing is recorded.
	Commit bool
	// Partial registers the valid rows even when other rows are invalid;
	// without it one invalid row refuses the whole file.
	Partial bool
	// Key is the caller's Idempotency-Key, optional: a repeated commit
	// with the same key and file answers with the first one's outcome.
	Key string
}

// ImportReport is the outcome of a roster import, row by row.
type ImportReport struct {
	// Code and Message are set when a commit imported nothing.
	Code      string             `json:"code,omitempty"`
	Message   string             `json:"message,omitempty"`
	Rows      int                `json:"rows"`
	Valid     int                `json:"valid"`
	Invalid   int                `json:"invalid"`
	Imported  int                `json:"imported"`
	Errors    []roster.Problem   `json:"errors"`
	Officials []ImportedOfficial `json:"officials"`
	// IgnoredColumns are the headers of the file that name no field.
	IgnoredColumns []string `json:"ignored_columns,omitempty"`
	// Seq is the sequence of the last event recorded, for ?min_seq=.
	Seq uint64 `json:"seq,omitempty"`
}

// ImportedOfficial is an official an import registered, by file row.
type ImportedOfficial struct {
	Row      int    `json:"row"`
	ID       string `json:"id"`
	FullName string `json:"full_name"`
}

// ErrImportRefused is returned, with the report, by a commit that
// imported nothing: rows are invalid and the caller wanted all or
// nothing, or no row is valid at all. Compare with errors.Is.
var ErrImportRefused = &domain.Error{Kind: domain.KindUnprocessable, Code: "import_refused", Message: "Chưa nhập cán bộ nào."}

// ImportRoster checks file, a roster in CSV or XLSX, as actor on today's
// date and, when opts.Commit, registers its valid rows on actor's agency
// in one atomic append: all of them or, on any failure, none. It returns
// KindForbidden for a role other than agency, KindInvalid for a file that
// cannot be read at all, the report with ErrImportRefused for a commit
// that imports nothing, and the store's errors.
func (s *Server) ImportRoster(ctx context.Context, actor events.Actor, file []byte, opts ImportOptions) (ImportReport, error) {
	if !domain.Is(actor, domain.RoleAgency) {
		return ImportReport{}, domain.Forbidden("Chỉ cán bộ tổ chức của cơ quan, đơn vị được nhập danh sách cán bộ.")
	}
	f, err := roster.Parse(file)
	if err != nil {
		return ImportReport{}, err
	}
	if opts.Commit {
		return s.commitRoster(ctx, actor, f, opts, importHash(file, opts))
	}
	if err := s.cfg.State.WaitTimeout(ctx, s.highWater.Load(), s.cfg.WaitLimit); err != nil {
		return ImportReport{}, unavailable(err)
	}
	return s.checkRoster(actor, f, nil).report, nil
}

// commitRoster decides and appends the import of f. The rows are judged
// inside the command, so that a retry after a lost race judges them
// again on fresh state, and a repeated key is answered before judging.
func (s *Server) commitRoster(ctx context.Context, actor events.Actor, f *roster.File, opts ImportOptions, hash string) (ImportReport, error) {
	var c checked
	out, err := s.run(ctx, command{actor: actor, key: opts.Key, hash: hash, decide: func() (decision, error) {
		c = s.checkRoster(actor, f, nil)
		if err := refusal(c.report, opts.Partial); err != nil {
			return decision{}, err
		}
		return importDecision(c.valid), nil
	}})
	var refused *domain.Error
	switch {
	case out.replay != nil:
		return s.replayImport(ctx, actor, f, *out.replay)
	case errors.As(err, &refused) && errors.Is(err, ErrImportRefused):
		c.report.Code, c.report.Message = refused.Code, refused.Message
		return c.report, err
	case err != nil:
		return ImportReport{}, err
	}
	rep := c.report
	for _, r := range c.valid {
		rep.Officials = append(rep.Officials, ImportedOfficial{Row: r.row, ID: r.event.OfficialID, FullName: r.event.FullName})
	}
	rep.Imported, rep.Seq = len(c.valid), out.seq // the sequence of the batch's last event
	return rep, nil
}

// refusal returns the reason a commit of rep imports nothing, or nil.
func refusal(rep ImportReport, partial bool) error {
	e := *ErrImportRefused
	switch {
	case rep.Valid == 0:
		e.Message = "Chưa nhập cán bộ nào: không có dòng nào hợp lệ. Sửa các lỗi trong bảng rồi gửi lại tệp."
	case rep.Invalid > 0 && !partial:
		e.Message = fmt.Sprintf("Chưa nhập cán bộ nào: %d dòng có lỗi. Sửa các dòng đó rồi gửi lại tệp, hoặc chọn chỉ nhập %d dòng hợp lệ.", rep.Invalid, rep.Valid)
	default:
		return nil
	}
	return &e
}

// importDecision registers every valid row: the first as the decision's
// event, the others with it in the same atomic batch.
func importDecision(valid []registration) decision {
	d := decision{subject: events.Subject(events.AggregateOfficial, valid[0].event.OfficialID), payload: &valid[0].event}
	for i := range valid[1:] {
		e := &valid[i+1].event
		d.also = append(d.also, domain.Change{Subject: events.Subject(events.AggregateOfficial, e.OfficialID), Payload: e})
	}
	return d
}

// replayImport answers a repeated commit: the officials its batch
// registered, and the file judged again with them left out of the roster.
func (s *Server) replayImport(ctx context.Context, actor events.Actor, f *roster.File, rec projections.Idempotent) (ImportReport, error) {
	regs, last, err := s.importedBatch(ctx, rec.Seq)
	if err != nil {
		return ImportReport{}, err
	}
	ids, skip := map[string]events.OfficialRegistered{}, map[string]bool{}
	for _, r := range regs {
		ids[personKey(r.FullName, r.BirthDate)], skip[r.OfficialID] = r, true
	}
	rep := s.checkRoster(actor, f, skip).report
	for _, row := range f.Rows {
		k := personKey(row.Profile.FullName, row.Profile.BirthDate)
		if r, ok := ids[k]; ok {
			rep.Officials = append(rep.Officials, ImportedOfficial{Row: row.Number, ID: r.OfficialID, FullName: r.FullName})
			delete(ids, k)
		}
	}
	rep.Imported, rep.Seq = len(regs), last
	return rep, nil
}

// importedBatch reads the registrations of the batch whose first event is
// at seq: that event and those it caused. It returns them and the last
// one's sequence.
func (s *Server) importedBatch(ctx context.Context, seq uint64) ([]events.OfficialRegistered, uint64, error) {
	var out []events.OfficialRegistered
	var first string
	last := seq
	err := s.cfg.Store.Read(ctx, seq, seq+roster.MaxRows-1, func(r events.Recorded) error {
		if r.Seq == seq {
			first = r.ID
		} else if r.CausationID != first {
			return nil
		}
		p, err := events.Unmarshal(r.Envelope)
		if e, ok := p.(*events.OfficialRegistered); ok && err == nil {
			out, last = append(out, *e), r.Seq
		}
		return err
	})
	return out, last, err
}

// importHash fingerprints an import for its Idempotency-Key: the file and
// whether it may be partial, whichever way it was sent.
func importHash(file []byte, opts ImportOptions) string {
	h := sha256.New()
	fmt.Fprintf(h, "POST /api/v1/officials/import\nall_or_nothing=%t\n", !opts.Partial)
	h.Write(file)
	return hex.EncodeToString(h.Sum(nil))
}

// importOfficials is POST /api/v1/officials/import: the body is the file
// (text/csv, the XLSX type, or multipart/form-data with field "file").
func (s *Server) importOfficials(c echo.Context) error {
	opts, err := importOptions(c)
	if err != nil {
		return err
	}
	file, _, err := uploadedFile(c)
	if err != nil {
		return err
	}
	rep, err := s.ImportRoster(c.Request().Context(), actorOf(c), file, opts)
	switch {
	case errors.Is(err, ErrImportRefused):
		return c.JSON(http.StatusUnprocessableEntity, rep)
	case err != nil:
		return err
	case opts.Commit:
		return c.JSON(http.StatusCreated, rep)
	}
	return c.JSON(http.StatusOK, rep)
}

// importOptions reads ?mode=dry_run|commit (default dry_run),
// ?all_or_nothing=true|false (default true) and the Idempotency-Key.
func importOptions(c echo.Context) (ImportOptions, error) {
	p := domain.Problems{}
	opts := ImportOptions{Key: c.Request().Header.Get("Idempotency-Key")}
	switch c.QueryParam("mode") {
	case "", "dry_run":
	case "commit":
		opts.Commit = true
	default:
		p.Add("mode", `Cần "dry_run" (chỉ kiểm tra) hoặc "commit" (nhập).`)
	}
	all, err := strconv.ParseBool(c.QueryParam("all_or_nothing"))
	switch {
	case c.QueryParam("all_or_nothing") == "":
	case err != nil:
		p.Add("all_or_nothing", `Cần "true" (nhập tất cả hoặc không nhập gì) hoặc "false" (nhập các dòng hợp lệ).`)
	default:
		opts.Partial = !all
	}
	if len(opts.Key) > 200 {
		p.Add("Idempotency-Key", "Tối đa 200 ký tự.")
	}
	return opts, p.Err()
}
