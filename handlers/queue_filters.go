package handlers

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"daotao/domain"
	"daotao/events"
)

// queueFilterRequest is the body of POST /api/v1/queue/filters: a name and
// the filter as a URL query of the queue ("group=2&kind=boi_duong").
type queueFilterRequest struct {
	Name  string `json:"name"`
	Query string `json:"query"`
}

// filterSubject is the subject of the saved queue filters of role: one
// per role, so that every save and removal of the role is conditional on
// the same sequence.
func filterSubject(role string) string { return events.Subject(events.AggregateFilter, role) }

// listQueueFilters answers the filters saved for the caller's role.
func (s *Server) listQueueFilters(c echo.Context) error {
	if err := s.awaitRead(c); err != nil {
		return err
	}
	set := s.cfg.State.QueueFilters(domain.Role(actorOf(c).Role))
	list := set.List()
	if list == nil {
		list = []domain.SavedQueueFilter{}
	}
	return c.JSON(http.StatusOK, list)
}

func (s *Server) saveQueueFilter(c echo.Context) error {
	var req queueFilterRequest
	if err := bindJSON(c, &req, false); err != nil {
		return err
	}
	id, seq, err := s.saveQueueFilterCmd(c, req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, createdResponse{ID: id, Seq: seq})
}

func (s *Server) removeQueueFilter(c echo.Context) error {
	seq, err := s.removeQueueFilterCmd(c, c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, createdResponse{ID: c.Param("id"), Seq: seq})
}

// saveQueueFilterCmd saves req for the actor's role: shared by the API and
// the queue page. The name is taken as NFC, trimmed. It returns the
// filter's id and the event's sequence, or the domain's refusal.
func (s *Server) saveQueueFilterCmd(c echo.Context, req queueFilterRequest) (string, uint64, error) {
	a := actorOf(c)
	id, name := s.cfg.NewID(), text(req.Name)
	run, err := s.newCommand(c, func() (decision, error) {
		set := s.cfg.State.QueueFilters(domain.Role(a.Role))
		e, err := set.Save(a, id, name, req.Query, s.agencies())
		return decision{subject: filterSubject(a.Role), expected: set.Seq(), payload: &e}, err
	})
	if err != nil {
		return "", 0, err
	}
	out, err := s.run(c.Request().Context(), run)
	if err != nil {
		return "", 0, err
	}
	if out.replay != nil {
		// A repeated Idempotency-Key: the filter is the one the original
		// request saved, named by its event.
		if id, err = s.savedFilterID(c.Request().Context(), out.seq); err != nil {
			return "", 0, err
		}
	}
	return id, out.seq, nil
}

// savedFilterID reads the id of the filter saved by the event at seq.
func (s *Server) savedFilterID(ctx context.Context, seq uint64) (string, error) {
	var id string
	err := s.cfg.Store.Read(ctx, seq, seq, func(r events.Recorded) error {
		p, err := events.Unmarshal(r.Envelope)
		if e, ok := p.(*events.QueueFilterSaved); ok {
			id = e.FilterID
		}
		return err
	})
	if err != nil {
		return "", unavailable(err)
	}
	return id, nil
}

// removeQueueFilterCmd removes the actor's role's saved filter id. It
// returns KindNotFound for a filter of another role or none.
func (s *Server) removeQueueFilterCmd(c echo.Context, id string) (uint64, error) {
	a := actorOf(c)
	return s.runDecision(c, func() (decision, error) {
		set := s.cfg.State.QueueFilters(domain.Role(a.Role))
		e, err := set.Remove(a, id)
		return decision{subject: filterSubject(a.Role), expected: set.Seq(), payload: &e}, err
	})
}
