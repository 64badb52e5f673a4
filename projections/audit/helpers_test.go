package audit_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"daotao/domain"
	"daotao/events"
	"daotao/events/memstore"
	"daotao/projections/audit"
)

// rawLog is a RawReader over messages given as they are, for logs no store
// would accept.
type rawLog []events.Raw

func (l rawLog) ReadRaw(ctx context.Context, from, to uint64, fn func(events.Raw) error) error {
	for _, r := range l {
		if r.Seq < from || (to != 0 && r.Seq > to) {
			continue
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return nil
}

var (
	admin   = events.Actor{Username: "quantri", Role: "admin"}
	january = time.Date(2026, 1, 5, 9, 0, 0, 0, domain.Zone)
)

// appendEvent appends payload on subject at day d of January 2026.
func appendEvent(t testing.TB, st *memstore.Store, id, subject string, d int, p events.Payload) uint64 {
	t.Helper()
	ctx := context.Background()
	e, err := events.New(id, subject, january.AddDate(0, 0, d), admin, p)
	if err != nil {
		t.Fatal(err)
	}
	last, _ := st.LastSubjectSeq(ctx, subject)
	res, err := st.Append(ctx, e, last, id)
	if err != nil {
		t.Fatalf("append %s: %v", id, err)
	}
	return res.Seq
}

// scripted returns a log of six events whose last is a seal of the first
// five, recorded with their true root.
func scripted(t testing.TB) *memstore.Store {
	t.Helper()
	st := memstore.New()
	for i := range 5 {
		subj := events.Subject(events.AggregateUser, fmt.Sprintf("u%d", i%3))
		appendEvent(t, st, fmt.Sprintf("e%d", i+1), subj, i, events.UserDisabled{Reason: "<nghỉ & hưu>"})
	}
	s, err := audit.VerifyLog(context.Background(), st, 5)
	if err != nil {
		t.Fatal(err)
	}
	appendEvent(t, st, "e6", events.Subject(events.AggregateReview, "so-ket-2026"), 10, events.ReviewSealed{
		ReviewID: "so-ket-2026", Kind: events.ReviewSoKet, CutoffSeq: 5, RootHash: s.Root.String(),
		Reports: map[string]string{"targets": s.Root.String()}, SealedBy: []string{"quantri"}})
	return st
}

// rawOf returns every message of st.
func rawOf(t *testing.T, st *memstore.Store) rawLog {
	t.Helper()
	var out rawLog
	_ = st.ReadRaw(context.Background(), 1, 0, func(r events.Raw) error {
		out = append(out, r)
		return nil
	})
	return out
}

// wantProblem fails unless err is a *Problem at file and line whose text
// contains want.
func wantProblem(t *testing.T, err error, file string, line int, want string) {
	t.Helper()
	p := audit.AsProblem(err)
	if p == nil {
		t.Fatalf("err = %v; want a problem in %s line %d", err, file, line)
	}
	if p.File != file || p.Line != line || !strings.Contains(p.Error(), want) {
		t.Errorf("problem %q (file %q line %d); want file %q line %d containing %q", p.Error(), p.File, p.Line, file, line, want)
	}
}
