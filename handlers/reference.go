package handlers

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"daotao/domain"
	"daotao/domain/programme"
	"daotao/events"
	"daotao/projections"
)

// Bootstrap publishes the reference data and the baseline shipped with the
// program when the log has none yet, as the first versions. Two processes
// starting together cannot both publish: the append expects an empty
// subject. It returns the store's error, if any.
func (s *Server) Bootstrap(ctx context.Context) error {
	if seq, _ := s.cfg.State.ReferenceSeq(); seq == 0 {
		doc, err := programme.Default()
		if err != nil {
			return fmt.Errorf("shipped reference data: %w", err)
		}
		raw, err := doc.JSON()
		if err != nil {
			return err
		}
		p := &events.ReferencePublished{Version: doc.Version, EffectiveFrom: doc.EffectiveFrom, Note: "Dữ liệu gốc của Đề án 7328/ĐA-UBND", Document: raw}
		if err := s.publishOnce(ctx, projections.ReferenceSubject, p); err != nil {
			return err
		}
	}
	if s.cfg.State.BaselineSeq() == 0 {
		b, err := programme.DefaultBaseline()
		if err != nil {
			return fmt.Errorf("shipped baseline: %w", err)
		}
		raw, err := json.Marshal(b)
		if err != nil {
			return err
		}
		if err := s.publishOnce(ctx, projections.BaselineSubject, &events.BaselinePublished{Version: 1, Note: "Bảng 1–6 của Đề án, như bản in", Document: raw}); err != nil {
			return err
		}
	}
	return nil
}

// publishOnce records p on an empty subject; losing that race to another
// process is fine.
func (s *Server) publishOnce(ctx context.Context, subject string, p events.Payload) error {
	out, err := s.run(ctx, command{actor: events.System, decide: func() (decision, error) {
		return decision{subject: subject, payload: p}, nil
	}})
	if errors.Is(err, domain.ErrConflict) {
		return nil
	}
	if err != nil {
		return err
	}
	return s.cfg.State.WaitTimeout(ctx, out.seq, s.cfg.WaitLimit)
}

// asOf reads ?as_of=YYYY-MM-DD (default: today) and returns the day and the
// end of that day in Asia/Ho_Chi_Minh.
func (s *Server) asOf(c echo.Context) (events.Date, time.Time, error) {
	day := s.today()
	if v := c.QueryParam("as_of"); v != "" {
		d, err := events.ParseDate(v)
		if err != nil {
			return events.Date{}, time.Time{}, domain.Invalid("as_of", "Cần ngày dạng YYYY-MM-DD.")
		}
		day = d
	}
	t := day.Time()
	end := time.Date(t.Year(), t.Month(), t.Day(), 23, 59, 59, 999999999, domain.Zone)
	return day, end, nil
}

// reference returns the reference data in force on day, and says which
// version it is in a response header.
func (s *Server) reference(c echo.Context, day events.Date) (projections.Reference, error) {
	if err := s.awaitRead(c); err != nil {
		return projections.Reference{}, err
	}
	ref, ok := s.cfg.State.ReferenceAsOf(day)
	if !ok {
		return ref, domain.NotFound("dữ liệu Đề án có hiệu lực vào ngày " + formatDate(day))
	}
	c.Response().Header().Set("X-Reference-Version", strconv.Itoa(ref.Version))
	return ref, nil
}

func (s *Server) catalogue(c echo.Context) error {
	day, _, err := s.asOf(c)
	if err != nil {
		return err
	}
	ref, err := s.reference(c, day)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, ref.Doc.Fields)
}

// QuotaView is a Phụ lục II quota with its use.
type QuotaView struct {
	programme.Quota
	Used int `json:"used"`
	Left int `json:"left"`
}

func (s *Server) quotas(c echo.Context) error {
	day, end, err := s.asOf(c)
	if err != nil {
		return err
	}
	ref, err := s.reference(c, day)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.quotasAt(ref, end))
}

// quotasAt returns the quotas of ref with their use at end.
func (s *Server) quotasAt(ref projections.Reference, end time.Time) []QuotaView {
	var out []QuotaView
	for _, q := range ref.Doc.Quotas() {
		used := s.cfg.State.QuotaUsedAt(q.ID, end)
		out = append(out, QuotaView{Quota: q, Used: used, Left: max(q.Places-used, 0)})
	}
	return out
}

// TargetView is a target of the Đề án with where the programme stands.
type TargetView struct {
	programme.Target
	Roster   int    `json:"roster,omitempty"`
	Needed   int    `json:"needed,omitempty"`
	Achieved *int   `json:"achieved"`
	Left     *int   `json:"left"`
	Basis    string `json:"basis"`
}

func (s *Server) targets(c echo.Context) error {
	day, end, err := s.asOf(c)
	if err != nil {
		return err
	}
	ref, err := s.reference(c, day)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.targetsAt(ref, day, end))
}

// targetsAt returns the targets of ref against the roster on day (at end).
func (s *Server) targetsAt(ref projections.Reference, day events.Date, end time.Time) []TargetView {
	p := s.cfg.State.ProgressAt(end)
	achieved := map[string]int{programme.MeasureRefresherTrained: p.Refresher, programme.MeasurePostgradSent: p.PostgradSent,
		programme.MeasurePostgradDegree: p.PostgradDegree}
	var out []TargetView
	for _, t := range ref.Doc.Targets {
		v := TargetView{Target: t, Roster: p.Roster, Needed: t.PeopleNeeded(p.Roster)}
		if a, ok := achieved[t.Measure]; ok && t.Percent > 0 {
			left := t.Gap(p.Roster, a)
			v.Achieved, v.Left = &a, &left
			v.Basis = "Tính trên danh sách " + strconv.Itoa(p.Roster) + " cán bộ thuộc 4 nhóm đến ngày " + formatDate(day) + "."
		} else {
			v.Basis = "Chưa tính được: cần dữ liệu khóa học, đoàn ra (theo dõi khi có chức năng khóa học)."
		}
		out = append(out, v)
	}
	return out
}

func (s *Server) baseline(c echo.Context) error {
	if err := s.awaitRead(c); err != nil {
		return err
	}
	b, ok := s.cfg.State.Baseline()
	if !ok {
		return domain.NotFound("số liệu gốc")
	}
	return c.JSON(http.StatusOK, b.Tables)
}

func (s *Server) baselineIssues(c echo.Context) error {
	if err := s.awaitRead(c); err != nil {
		return err
	}
	b, ok := s.cfg.State.Baseline()
	if !ok {
		return domain.NotFound("số liệu gốc")
	}
	issues := programme.CheckBaseline(b.Tables)
	if issues == nil {
		issues = []programme.Inconsistency{}
	}
	return c.JSON(http.StatusOK, issues)
}

// ReferenceVersion describes one published version of the reference data.
type ReferenceVersion struct {
	Version       int         `json:"version"`
	EffectiveFrom events.Date `json:"effective_from"`
	Note          string      `json:"note,omitempty"`
	Seq           uint64      `json:"seq"`
	PublishedAt   time.Time   `json:"published_at"`
	PublishedBy   string      `json:"published_by"`
}

func (s *Server) referenceVersions(c echo.Context) error {
	if err := s.awaitRead(c); err != nil {
		return err
	}
	var out []ReferenceVersion
	for _, r := range s.cfg.State.References() {
		out = append(out, ReferenceVersion{Version: r.Version, EffectiveFrom: r.EffectiveFrom, Note: r.Note, Seq: r.Seq,
			PublishedAt: r.PublishedAt, PublishedBy: r.PublishedBy})
	}
	return writeList(c, out, len(out), 0, len(out))
}

type publishRequest struct {
	EffectiveFrom string          `json:"effective_from"`
	Note          string          `json:"note"`
	Document      json.RawMessage `json:"document"`
}

// publishReference records a new version of the reference data (Sở Nội vụ).
// The document must parse and carry the next version number.
func (s *Server) publishReference(c echo.Context) error {
	var req publishRequest
	if err := bindJSON(c, &req, false); err != nil {
		return err
	}
	version, seq, err := s.publishVersion(c, req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]any{"version": version, "seq": seq})
}

// publishVersion validates req and appends it as the next version of the
// reference data, for the API and the web form alike. It returns the
// version and its sequence, a KindInvalid error naming effective_from or
// document, a conflict when another version landed first, or the store's
// error.
func (s *Server) publishVersion(c echo.Context, req publishRequest) (int, uint64, error) {
	p := domain.Problems{}
	from := parseDate(p, "effective_from", req.EffectiveFrom)
	if from.IsZero() {
		p.Add("effective_from", "Cần ngày có hiệu lực (YYYY-MM-DD).")
	}
	doc, err := programme.Parse(req.Document)
	if err != nil {
		p.Add("document", "Dữ liệu không hợp lệ: "+err.Error())
	}
	if err := p.Err(); err != nil {
		return 0, 0, err
	}
	seq, err := s.runDecision(c, func() (decision, error) {
		seq, latest := s.cfg.State.ReferenceSeq()
		if doc.Version != latest+1 {
			return decision{}, domain.Invalid("document", fmt.Sprintf("Phiên bản phải là %d (phiên bản mới nhất hiện là %d).", latest+1, latest))
		}
		return decision{subject: projections.ReferenceSubject, expected: seq, payload: &events.ReferencePublished{
			Version: doc.Version, EffectiveFrom: from, Note: text(req.Note), Document: req.Document}}, nil
	})
	if err != nil {
		return 0, 0, err
	}
	return doc.Version, seq, nil
}
