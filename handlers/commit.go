package handlers

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strconv"

	"github.com/labstack/echo/v4"

	"daotao/domain"
	"daotao/events"
	"daotao/projections"
)

// decision is what a command decided: one event for one subject, appended
// only if the subject is still at expected. A nil payload records nothing.
// also lists further events that must land atomically with it (a decision
// that keeps an invariant across aggregates); the outcome's sequence is the
// main event's.
type decision struct {
	subject  string
	expected uint64
	payload  events.Payload
	also     []domain.Change
}

// command is one request to change state.
type command struct {
	actor  events.Actor
	key    string // Idempotency-Key, may be empty
	hash   string // request fingerprint for key
	decide func() (decision, error)
}

// outcome is what running a command gave.
type outcome struct {
	seq    uint64
	replay *projections.Idempotent // set when answering a repeated key
	noop   bool
}

// attempts is how often a command is decided when its append loses a race:
// once, then once more on state that has caught up with the winner.
const attempts = 2

// execute decides and appends a command. A repeated Idempotency-Key returns
// the original outcome without deciding again; a key reused for a different
// request is refused. A lost race is retried once on fresh state, then
// reported as a conflict. Callers use run (metrics.go), which counts it.
func (s *Server) execute(ctx context.Context, cmd command) (outcome, error) {
	// Nothing can be recorded while the event store is out of reach: say
	// so at once, rather than after waiting for the projections or for an
	// append to time out.
	if err := s.cfg.Health(); err != nil {
		return outcome{}, unavailable(err)
	}
	// Catch up with this process's own writes first: a repeat that comes
	// before its original is applied must still be recognised.
	if err := s.cfg.State.WaitTimeout(ctx, s.highWater.Load(), s.cfg.WaitLimit); err != nil {
		return outcome{}, unavailable(err)
	}
	if out, done, err := s.replay(cmd); done {
		return out, err
	}
	for i := 0; ; i++ {
		d, err := cmd.decide()
		if err != nil || d.payload == nil {
			return outcome{seq: d.expected, noop: true}, err
		}
		out, err := s.append(ctx, cmd, d)
		if !errors.Is(err, domain.ErrConflict) || i+1 == attempts {
			return out, err
		}
		if err := s.catchUpAfterConflict(ctx, d); err != nil {
			return outcome{}, err
		}
	}
}

func (s *Server) replay(cmd command) (outcome, bool, error) {
	if cmd.key == "" {
		return outcome{}, false, nil
	}
	rec, ok := s.cfg.State.Idempotency(cmd.actor.UserID, cmd.key)
	if !ok {
		return outcome{}, false, nil
	}
	if rec.RequestHash != cmd.hash {
		return outcome{}, true, &domain.Error{Kind: domain.KindConflict, Code: "idempotency_key_reused",
			Message: "Idempotency-Key này đã được dùng cho một yêu cầu khác; hãy dùng khóa mới."}
	}
	return outcome{seq: rec.Seq, replay: &rec}, true, nil
}

func (s *Server) append(ctx context.Context, cmd command, d decision) (outcome, error) {
	id := s.cfg.NewID()
	env, err := events.New(id, d.subject, s.now(), cmd.actor, d.payload)
	if err != nil {
		return outcome{}, err
	}
	msgID := id
	if cmd.key != "" {
		env.IdempotencyKey, env.RequestHash = cmd.key, cmd.hash
		msgID = keyMsgID(cmd.actor.UserID, cmd.key)
	}
	res, err := s.store(ctx, cmd, d, env, msgID)
	switch {
	case errors.Is(err, events.ErrConflict):
		return outcome{}, domain.ErrConflict
	case errors.Is(err, events.ErrUnavailable):
		return outcome{}, unavailable(err)
	case err != nil:
		return outcome{}, err
	}
	s.raiseHighWater(res[len(res)-1].Seq)
	if res[0].Duplicate && cmd.key != "" {
		return s.duplicate(ctx, cmd, res[0].Seq)
	}
	// The answer carries the sequence of the command's last event, so that a
	// read with min_seq sees all of it.
	return outcome{seq: res[len(res)-1].Seq}, nil
}

// store appends the main event alone, or with the decision's further
// events as one atomic batch whose message ids derive from the main one.
func (s *Server) store(ctx context.Context, cmd command, d decision, env events.Envelope, msgID string) ([]events.AppendResult, error) {
	if len(d.also) == 0 {
		res, err := s.cfg.Store.Append(ctx, env, d.expected, msgID)
		return []events.AppendResult{res}, err
	}
	batch := []events.Pending{{Envelope: env, Expected: d.expected, MsgID: msgID}}
	for i, ch := range d.also {
		e, err := events.New(s.cfg.NewID(), ch.Subject, env.Time, cmd.actor, ch.Payload)
		if err != nil {
			return nil, err
		}
		e.CausationID, e.CorrelationID = env.ID, env.ID
		batch = append(batch, events.Pending{Envelope: e, Expected: ch.Expected, MsgID: msgID + "-" + strconv.Itoa(i+1)})
	}
	return s.cfg.Store.AppendBatch(ctx, batch)
}

// duplicate answers an append the store recognised as a repeat of an
// earlier message with the same key: the earlier outcome is the answer.
func (s *Server) duplicate(ctx context.Context, cmd command, seq uint64) (outcome, error) {
	if err := s.cfg.State.WaitTimeout(ctx, seq, s.cfg.WaitLimit); err != nil {
		return outcome{}, unavailable(err)
	}
	out, _, err := s.replay(cmd)
	if out.replay == nil && err == nil {
		out = outcome{seq: seq}
	}
	return out, err
}

// catchUpAfterConflict waits until the projections have applied the write
// that beat ours: the subject's last event, or for a batch (which may have
// lost on any of its subjects) everything in the store.
func (s *Server) catchUpAfterConflict(ctx context.Context, d decision) error {
	var last uint64
	var err error
	if len(d.also) == 0 {
		last, err = s.cfg.Store.LastSubjectSeq(ctx, d.subject)
	} else {
		last, err = s.cfg.Store.LastSeq(ctx)
	}
	if err != nil {
		return unavailable(err)
	}
	if err := s.cfg.State.WaitTimeout(ctx, last, s.cfg.WaitLimit); err != nil {
		return unavailable(err)
	}
	return nil
}

func (s *Server) raiseHighWater(seq uint64) {
	for {
		cur := s.highWater.Load()
		if seq <= cur || s.highWater.CompareAndSwap(cur, seq) {
			return
		}
	}
}

// keyMsgID derives the JetStream message id of a keyed command, so that the
// store itself deduplicates concurrent repeats within its window.
func keyMsgID(userID, key string) string {
	sum := sha256.Sum256([]byte(projections.IdempotencyKey(userID, key)))
	return "k-" + hex.EncodeToString(sum[:16])
}

// newCommand starts a command for the request in c: actor from the session,
// key and fingerprint from the headers and body.
func (s *Server) newCommand(c echo.Context, decide func() (decision, error)) (command, error) {
	key := c.Request().Header.Get("Idempotency-Key")
	if len(key) > 200 {
		return command{}, domain.Invalid("Idempotency-Key", "Tối đa 200 ký tự.")
	}
	return command{actor: actorOf(c), key: key, hash: requestHash(c), decide: decide}, nil
}

// runDecision runs the request's command deciding with decide (its
// actor, Idempotency-Key and fingerprint from c) and returns the sequence
// of what it appended: the usual path of a handler that needs no more of
// the outcome.
func (s *Server) runDecision(c echo.Context, decide func() (decision, error)) (uint64, error) {
	run, err := s.newCommand(c, decide)
	if err != nil {
		return 0, err
	}
	out, err := s.run(c.Request().Context(), run)
	return out.seq, err
}

// runCreation is runDecision for a command creating the aggregate id: it
// also returns the aggregate's id, the original's when the request repeats
// an Idempotency-Key.
func (s *Server) runCreation(c echo.Context, id string, decide func() (decision, error)) (string, uint64, error) {
	run, err := s.newCommand(c, decide)
	if err != nil {
		return "", 0, err
	}
	out, err := s.run(c.Request().Context(), run)
	if err != nil {
		return "", 0, err
	}
	if out.replay != nil {
		id = out.replay.AggregateID
	}
	return id, out.seq, nil
}

// agencyRecord is a record kept by one agency (its pointer has AgencyCode).
type agencyRecord[T any] interface {
	*T
	AgencyCode() string
}

// visible returns v when it exists (ok) and the actor may see its agency's
// records; otherwise a 404 naming what, as for a record that does not
// exist.
func visible[T any, PT agencyRecord[T]](c echo.Context, v T, ok bool, what string) (T, error) {
	if !ok || !domain.SeesAgency(actorOf(c), PT(&v).AgencyCode()) {
		var zero T
		return zero, domain.NotFound(what)
	}
	return v, nil
}

// ifMatch returns the sequence a client required with If-Match, or 0.
func ifMatch(c echo.Context) (uint64, error) {
	v := c.Request().Header.Get("If-Match")
	if v == "" || v == "*" {
		return 0, nil
	}
	n, err := strconv.ParseUint(trimETag(v), 10, 64)
	if err != nil {
		return 0, domain.Invalid("If-Match", "Cần số thứ tự (seq) của hồ sơ.")
	}
	return n, nil
}

func trimETag(v string) string {
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
		return v[1 : len(v)-1]
	}
	return v
}

// precondition refuses a command when the client's If-Match sequence is not
// the aggregate's current one.
func precondition(want, have uint64) error {
	if want != 0 && want != have {
		return &domain.Error{Kind: domain.KindConflict, Code: "precondition_failed",
			Message: "Hồ sơ đã thay đổi từ lần bạn xem (seq " + strconv.FormatUint(want, 10) + ", hiện tại " + strconv.FormatUint(have, 10) + "); hãy tải lại."}
	}
	return nil
}
