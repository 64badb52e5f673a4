package handlers

import (
	"bytes"
	"encoding/json"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"daotao/domain"
	"daotao/events"
)

// AuditEntry is one event of a record's history as auditors see it.
type AuditEntry struct {
	Seq      uint64          `json:"seq"`
	ID       string          `json:"id"`
	Type     string          `json:"type"`
	Version  int             `json:"version"`
	Time     time.Time       `json:"time"`
	StoredAt time.Time       `json:"stored_at"`
	Actor    events.Actor    `json:"actor"`
	Data     json.RawMessage `json:"data"`
}

// auditNomination returns every event of one nomination, read from the
// event log itself (not from a projection), in stream order.
func (s *Server) auditNomination(c echo.Context) error {
	out, err := s.history(c, c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}

// history reads every event of nomination id from the log itself. It
// returns KindNotFound for an id with no events.
func (s *Server) history(c echo.Context, id string) ([]AuditEntry, error) {
	if !events.ValidToken(id) {
		return nil, domain.NotFound("hồ sơ")
	}
	recs, err := s.cfg.Store.Load(c.Request().Context(), events.Subject(events.AggregateNomination, id))
	if err != nil {
		return nil, unavailable(err)
	}
	if len(recs) == 0 {
		return nil, domain.NotFound("hồ sơ")
	}
	out := make([]AuditEntry, 0, len(recs))
	for _, r := range recs {
		out = append(out, AuditEntry{Seq: r.Seq, ID: r.ID, Type: r.Type, Version: r.Version, Time: r.Time,
			StoredAt: r.StoredAt, Actor: r.Actor, Data: r.Data})
	}
	return out, nil
}

type healthResponse struct {
	Status  string `json:"status"`
	Version string `json:"version,omitempty"`
	Applied uint64 `json:"applied_seq"`
	Error   string `json:"error,omitempty"`
}

func (s *Server) healthz(c echo.Context) error {
	return c.JSON(http.StatusOK, healthResponse{Status: "ok", Version: s.cfg.Version, Applied: s.cfg.State.Applied()})
}

// readyz answers 200 only once the projections have caught up after start
// and while the event store is reachable.
func (s *Server) readyz(c echo.Context) error {
	resp := healthResponse{Status: "ready", Version: s.cfg.Version, Applied: s.cfg.State.Applied()}
	if !s.ready.Load() {
		resp.Status = "starting"
		return c.JSON(http.StatusServiceUnavailable, resp)
	}
	if err := s.cfg.Health(); err != nil {
		resp.Status, resp.Error = "unavailable", err.Error()
		return c.JSON(http.StatusServiceUnavailable, resp)
	}
	return c.JSON(http.StatusOK, resp)
}

func jsonIndent(w *bytes.Buffer, raw []byte) error { return json.Indent(w, raw, "", "  ") }
