package handlers

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"daotao/domain"
	"daotao/events"
)

// Council sittings. Sở Nội vụ (home_affairs), the council's standing body,
// acts as its secretariat: it opens a sitting with an agenda of requests
// awaiting the council. The council records one resolution with a result
// per item; each item is then applied through DecideStage's rules
// (stageDecider) exactly once — see applySittingItem — and a crash in the
// middle is completed on the next start (CompleteSittings) or when the
// same resolution is sent again.

var (
	secretariat    = []domain.Role{domain.RoleHomeAffairs}
	councilOnly    = []domain.Role{domain.RoleCouncil}
	inboxRoles     = domain.Roles
	sittingReaders = []domain.Role{domain.RoleHomeAffairs, domain.RoleCouncil, domain.RoleAuditor, domain.RoleAdmin, domain.RoleStandingCommittee}
)

type openSittingRequest struct {
	Title  string   `json:"title"`
	HeldOn string   `json:"held_on"`
	Agenda []string `json:"agenda"`
}

type resolutionRequest struct {
	Number string                 `json:"number"`
	Items  []events.SittingResult `json:"items"`
}

// sittingLocks serialises the application of one sitting's items within
// this process; other processes are kept apart by expected sequences.
type sittingLocks struct {
	mu    sync.Mutex
	locks map[string]*sync.Mutex
}

func (l *sittingLocks) lock(id string) func() {
	l.mu.Lock()
	if l.locks == nil {
		l.locks = map[string]*sync.Mutex{}
	}
	m, ok := l.locks[id]
	if !ok {
		m = &sync.Mutex{}
		l.locks[id] = m
	}
	l.mu.Unlock()
	m.Lock()
	return m.Unlock
}

func (s *Server) openSitting(c echo.Context) error {
	var req openSittingRequest
	if err := bindJSON(c, &req, false); err != nil {
		return err
	}
	id, seq, err := s.openSittingCmd(c, req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, createdResponse{ID: id, Seq: seq, Status: domain.SittingOpen})
}

// openSittingCmd opens the sitting req describes: shared by the API and
// the page.
func (s *Server) openSittingCmd(c echo.Context, req openSittingRequest) (string, uint64, error) {
	p := domain.Problems{}
	cmd := domain.OpenSitting{Title: text(req.Title), HeldOn: parseDate(p, "held_on", req.HeldOn), Agenda: req.Agenda}
	id := s.cfg.NewID()
	return s.runCreation(c, id, func() (decision, error) {
		e, err := domain.NewSitting(id, cmd, actorOf(c), s.cfg.State.AgendaCandidate)
		if err = withProblems(p, err); err != nil {
			return decision{}, err
		}
		return decision{subject: events.Subject(events.AggregateSitting, id), payload: &e}, nil
	})
}

func (s *Server) listSittings(c echo.Context) error {
	p := domain.Problems{}
	pg := page(c, p)
	if err := p.Err(); err != nil {
		return err
	}
	if err := s.awaitRead(c); err != nil {
		return err
	}
	items, total := s.cfg.State.Sittings(pg)
	return writeList(c, items, total, pg.Offset, limitOf(pg))
}

func (s *Server) getSitting(c echo.Context) error {
	if err := s.awaitRead(c); err != nil {
		return err
	}
	st, ok := s.cfg.State.Sitting(c.Param("id"))
	if !ok {
		return domain.NotFound("phiên họp")
	}
	return c.JSON(http.StatusOK, st.View())
}

// resolveSitting records the council's resolution and applies its items,
// answering with the sitting and a result per item. Sending the same
// resolution again completes what a crash left pending.
func (s *Server) resolveSitting(c echo.Context) error {
	var req resolutionRequest
	if err := bindJSON(c, &req, false); err != nil {
		return err
	}
	id := c.Param("id")
	if err := s.recordResolution(c, id, req); err != nil {
		return err
	}
	if err := s.completeSitting(c.Request().Context(), id); err != nil {
		return err
	}
	if err := s.cfg.State.WaitTimeout(c.Request().Context(), s.highWater.Load(), s.cfg.WaitLimit); err != nil {
		return unavailable(err)
	}
	st, _ := s.cfg.State.Sitting(id)
	return c.JSON(http.StatusOK, st.View())
}

// recordResolution appends the resolution unless exactly this one is
// recorded already.
func (s *Server) recordResolution(c echo.Context, id string, req resolutionRequest) error {
	cmd := domain.ResolveSitting{Number: text(req.Number), Items: req.Items}
	for i := range cmd.Items {
		cmd.Items[i].Reason = text(cmd.Items[i].Reason)
	}
	run, err := s.newCommand(c, func() (decision, error) {
		st, ok := s.cfg.State.Sitting(id)
		if !ok {
			return decision{}, domain.NotFound("phiên họp")
		}
		if st.SameResolution(cmd) && domain.Is(actorOf(c), domain.RoleCouncil) {
			return decision{expected: st.Seq()}, nil
		}
		e, err := st.Resolve(actorOf(c), cmd)
		if err != nil {
			return decision{}, err
		}
		return decision{subject: events.Subject(events.AggregateSitting, id), expected: st.Seq(), payload: e}, nil
	})
	if err != nil {
		return err
	}
	out, err := s.run(c.Request().Context(), run)
	if err != nil {
		return err
	}
	return s.cfg.State.WaitTimeout(c.Request().Context(), out.seq, s.cfg.WaitLimit)
}

// CompleteSittings applies every item of every recorded resolution that
// is not applied yet: the process manager run on start and on every tick,
// so that a crash in the middle of a resolution loses nothing.
func (s *Server) CompleteSittings(ctx context.Context) error {
	for _, id := range s.cfg.State.UnfinishedSittings() {
		if err := s.completeSitting(ctx, id); err != nil {
			return err
		}
	}
	return nil
}

// completeSitting applies the pending items of sitting id in agenda order,
// in the name of the council member who recorded the resolution.
func (s *Server) completeSitting(ctx context.Context, id string) error {
	defer s.sittingLocks.lock(id)()
	st, ok := s.cfg.State.Sitting(id)
	if !ok {
		return nil
	}
	for _, item := range st.Pending() {
		if err := s.applySittingItem(ctx, st, item); err != nil {
			return err
		}
	}
	return nil
}

// sittingRetries bounds how often one item is tried when its appends keep
// losing races (another process completing the same sitting).
const sittingRetries = 5

// applySittingItem applies one item of a resolution exactly once. The
// request's decision (with whatever a final approval books) and the
// sitting's SittingItemDecided land in one atomic batch, each on the
// sequence its subject was at when decided; a decision the rules refuse
// becomes SittingItemRefused on the sitting alone. The message id derives
// from the sitting and the item, so a repeat within the store's duplicate
// window is recognised by the store, and any later repeat finds the item
// done (or a sequence moved on) and records nothing.
func (s *Server) applySittingItem(ctx context.Context, st domain.Sitting, item events.SittingResult) error {
	actor := st.Resolver()
	cmd := command{actor: actor, key: "sitting:" + st.ID() + ":" + item.NominationID, hash: "sitting-item:" + st.ResolutionID(),
		decide: func() (decision, error) { return s.decideSittingItem(st.ID(), item, actor) }}
	for i := 0; ; i++ {
		_, err := s.run(ctx, cmd)
		if err == nil || !errors.Is(err, domain.ErrConflict) || i+1 == sittingRetries {
			if err != nil && domain.KindOf(err) != domain.KindUnavailable {
				s.log.Error("sitting item not applied", "sitting", st.ID(), "nomination", item.NominationID, "error", err)
			}
			return err
		}
	}
}

// decideSittingItem decides one item on the current state: nothing when
// it is done, else the stage decision batched with SittingItemDecided, or
// SittingItemRefused with the rules' answer.
func (s *Server) decideSittingItem(sittingID string, item events.SittingResult, actor events.Actor) (decision, error) {
	st, ok := s.cfg.State.Sitting(sittingID)
	if !ok || st.Outcome(item.NominationID).Done {
		return decision{}, nil
	}
	subject := events.Subject(events.AggregateSitting, sittingID)
	n, ok := s.cfg.State.Nomination(item.NominationID)
	var p events.Payload
	var also []domain.Change
	err := error(domain.NotFound("hồ sơ"))
	if ok {
		p, also, err = s.stageDecider(actor, domain.SittingAction(item.Result), item.Reason, domain.ReturnToAgency)(&n)
		if err == nil && p != nil {
			also, err = s.seatChanges(&n, p, also) // courses_nominations.go: a rejection frees its seat
		}
	}
	if err != nil {
		if k := domain.KindOf(err); k == domain.KindInternal || k == domain.KindUnavailable {
			return decision{}, err
		}
		_, body := s.describe(err)
		return decision{subject: subject, expected: st.Seq(), payload: &events.SittingItemRefused{
			NominationID: item.NominationID, Result: item.Result, Code: body.Code, Message: body.Message}}, nil
	}
	also = append(also, domain.Change{Subject: subject, Expected: st.Seq(),
		Payload: &events.SittingItemDecided{NominationID: item.NominationID, Result: item.Result, DecisionType: p.EventType()}})
	return decision{subject: events.Subject(events.AggregateNomination, item.NominationID), expected: n.Seq(), payload: p, also: also}, nil
}

// Ready reports whether the server has caught up with the log after start.
func (s *Server) Ready() bool { return s.ready.Load() }

// Tick runs the work that follows time and the log, once: it completes
// the sittings whose resolution has items not applied, records the
// reminders and escalations due at now (Scan), and sends the pending
// e-mail (SendMail, when mail is configured). serve calls it on start and
// every minute; tests call it with chosen times.
func (s *Server) Tick(ctx context.Context, now time.Time, mail MailConfig) error {
	var errs []error
	if err := s.CompleteSittings(ctx); err != nil {
		errs = append(errs, fmt.Errorf("sittings: %w", err))
	}
	if _, err := s.Scan(ctx, now); err != nil {
		errs = append(errs, fmt.Errorf("deadlines: %w", err))
	}
	if _, err := s.SendMail(ctx, mail); err != nil {
		errs = append(errs, fmt.Errorf("mail: %w", err))
	}
	return errors.Join(errs...)
}
