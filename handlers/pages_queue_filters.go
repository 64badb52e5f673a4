package handlers

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/labstack/echo/v4"

	"daotao/domain"
	"daotao/projections"
)

// savedFilters is what the queue page shows of the saved filters: the
// role's list and a form to save the filter in use.
type savedFilters struct {
	List    []savedFilterLink
	Current []queryField // the filter in use, to save; none: nothing to save
	Name    string       // the name typed, after a refused save
	Error   string
	CSRF    string
}

type savedFilterLink struct {
	domain.SavedQueueFilter
	Href    string
	Current bool
}

type queryField struct{ Key, Value string }

// savedFilters lists the filters saved for the actor's role, marking the
// one equal to f, the filter in use.
func (s *Server) savedFilters(c echo.Context, f projections.NominationFilter) savedFilters {
	out := savedFilters{Current: filterFields(c, f)}
	if tok, ok := c.Get(ctxToken).(string); ok {
		out.CSRF = csrfToken(tok)
	}
	inUse := fieldsQuery(out.Current)
	set := s.cfg.State.QueueFilters(domain.Role(actorOf(c).Role))
	for _, sf := range set.List() {
		out.List = append(out.List, savedFilterLink{SavedQueueFilter: sf, Href: "/queue?" + sf.Query, Current: sf.Query == inUse})
	}
	return out
}

// filterFields returns the conditions of f that a saved filter keeps, in
// key order; an agency's own agency is implied, not a condition.
func filterFields(c echo.Context, f projections.NominationFilter) []queryField {
	var out []queryField
	if f.Agency != "" && !domain.Is(actorOf(c), domain.RoleAgency) {
		out = append(out, queryField{"agency", f.Agency})
	}
	if f.ContentCode != "" {
		out = append(out, queryField{"content", f.ContentCode})
	}
	if f.Group != 0 {
		out = append(out, queryField{"group", strconv.Itoa(f.Group)})
	}
	if f.Kind != "" {
		out = append(out, queryField{"kind", f.Kind})
	}
	return out
}

func fieldsQuery(fields []queryField) string {
	q := url.Values{}
	for _, f := range fields {
		q.Set(f.Key, f.Value)
	}
	return q.Encode()
}

// queueFilterSave saves the filter posted from the queue page under the
// name typed. A refusal re-renders the queue, with that filter, the name
// and what to fix.
func (s *Server) queueFilterSave(c echo.Context) error {
	q := url.Values{}
	for _, k := range domain.QueueFilterKeys {
		if v := c.FormValue(k); v != "" {
			q.Set(k, v)
		}
	}
	name := c.FormValue("name")
	if _, _, err := s.saveQueueFilterCmd(c, queueFilterRequest{Name: name, Query: q.Encode()}); err != nil {
		return s.formFailed(c, err, func(status int, fields map[string]string, msg string) error {
			// The page shows the queue as it was when the person pressed
			// save: the posted filter stands in for the URL's query.
			c.Request().URL.RawQuery = q.Encode()
			if m := fields["query"]; m != "" {
				msg = m
			}
			return s.renderQueueWith(c, status, msg, func(p *queuePage) { p.Saved.Name, p.Saved.Error = name, fields["name"] })
		})
	}
	q.Set("ok", "filter")
	return c.Redirect(http.StatusSeeOther, "/queue?"+q.Encode())
}

// queueFilterRemove removes a saved filter of the actor's role.
func (s *Server) queueFilterRemove(c echo.Context) error {
	if _, err := s.removeQueueFilterCmd(c, c.Param("id")); err != nil {
		return err
	}
	return redirectWith(c, "/queue", "filterrm")
}
