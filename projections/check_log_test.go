package projections_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"daotao/events"
	"daotao/events/memstore"
	"daotao/projections"
)

// checkLog is an event log written bypassing the application, for the
// invariant checker's tests: each event lands on its subject after the
// subject's last one, at a time one second after the previous event's.
type checkLog struct {
	t     *testing.T
	store *memstore.Store
	last  map[string]uint64
	n     int
}

func newCheckLog(t *testing.T) *checkLog {
	return &checkLog{t: t, store: memstore.New(), last: map[string]uint64{}}
}

// add appends p on subject as actor and returns its sequence.
func (l *checkLog) add(subject string, actor events.Actor, p events.Payload) uint64 {
	l.t.Helper()
	l.n++
	e, err := events.New(fmt.Sprintf("e-%d", l.n), subject, time.Unix(int64(l.n), 0), actor, p)
	if err != nil {
		l.t.Fatal(err)
	}
	res, err := l.store.Append(context.Background(), e, l.last[subject], e.ID)
	if err != nil {
		l.t.Fatal(err)
	}
	l.last[subject] = res.Seq
	return res.Seq
}

// check runs the invariant checker over the log (no reference document).
func (l *checkLog) check() []projections.Violation {
	l.t.Helper()
	vs, err := projections.Check(context.Background(), l.store, func(string) (int, bool) { return 0, false })
	if err != nil {
		l.t.Fatal(err)
	}
	return vs
}
