package projections_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"daotao/domain/programme"
	"daotao/events"
	"daotao/events/jetstream"
	"daotao/events/jetstream/jstest"
	"daotao/projections"
)

// snapshotLog is a log with every kind of projection part: reference data
// and baseline, users (one disabled), sessions (one closed), officials
// with bookings, nominations in every status, a quota's places, a saved
// queue filter, idempotency keys. It is the benchmark's log of n
// officials with those added, in two halves: head and tail.
func snapshotLog(tb testing.TB, n int) (head, tail []events.Recorded) {
	tb.Helper()
	admin := events.Actor{UserID: "u-admin", Username: "admin", Role: "admin"}
	doc, err := programme.Default()
	if err != nil {
		tb.Fatal(err)
	}
	docJSON, err := doc.JSON()
	if err != nil {
		tb.Fatal(err)
	}
	base, err := programme.DefaultBaseline()
	if err != nil {
		tb.Fatal(err)
	}
	baseJSON, err := json.Marshal(base)
	if err != nil {
		tb.Fatal(err)
	}
	extra := []struct {
		subject string
		actor   events.Actor
		key     string
		p       events.Payload
	}{
		{projections.ReferenceSubject, events.System, "", &events.ReferencePublished{Version: 1, EffectiveFrom: doc.EffectiveFrom, Document: docJSON}},
		{projections.BaselineSubject, events.System, "", &events.BaselinePublished{Version: 1, Document: baseJSON}},
		{events.Subject(events.AggregateUser, "hoidong"), admin, "", &events.UserCreated{UserID: "u-council", Username: "hoidong", Role: "council", PasswordHash: "$argon2id$v=19$m=65536,t=1,p=4$c2FsdA$aGFzaA"}},
		{events.Subject(events.AggregateUser, "tc-so_y_te"), admin, "k-user", &events.UserCreated{UserID: "u-so_y_te", Username: "tc-so_y_te", Role: "agency", AgencyCode: "so_y_te"}},
		{events.Subject(events.AggregateSession, "s1"), admin, "", &events.SessionOpened{SessionID: "s1", UserID: "u-council", TokenSHA256: "aa", ExpiresAt: t0.Add(12 * time.Hour)}},
		{events.Subject(events.AggregateSession, "s2"), admin, "", &events.SessionOpened{SessionID: "s2", UserID: "u-so_y_te", TokenSHA256: "bb", ExpiresAt: t0.Add(12 * time.Hour)}},
		{events.Subject(events.AggregateSession, "s1"), admin, "", &events.SessionClosed{}},
		{events.Subject(events.AggregateQuota, "q-1"), admin, "", &events.QuotaPlaceTaken{NominationID: "n-3", OfficialID: "o-3"}},
		{events.Subject(events.AggregateFilter, "council"), admin, "k-filter", &events.QueueFilterSaved{FilterID: "f1", Name: "Sở Y tế", Role: "council", Query: "agency=so_y_te"}},
		{events.Subject(events.AggregateNomination, "n-0"), agency, "", &events.NominationRevised{NominationDetails: created("n-0", "o-0").NominationDetails,
			Changed: []events.FieldChange{{Field: "cost_estimate_vnd", From: 1.0, To: 2.0}, {Field: "title", From: "a", To: map[string]any{"x": []any{true, nil}}}}}},
		{events.Subject(events.AggregateOfficial, "o-1"), agency, "", &events.OfficialUpdated{OfficialProfile: benchProfile(1),
			Changed: []events.FieldChange{{Field: "ratings", From: map[string]any{"2024": "tot"}, To: map[string]any{"2024": "xuat_sac"}}}}},
	}
	log := benchLog(tb, n)
	var all []events.Recorded
	add := func(subject string, actor events.Actor, key string, p events.Payload) {
		seq := uint64(len(all) + 1)
		e, err := events.New(fmt.Sprintf("e-%d", seq), subject, t0.Add(time.Duration(seq)*time.Second), actor, p)
		if err != nil {
			tb.Fatal(err)
		}
		e.IdempotencyKey, e.RequestHash = key, key
		all = append(all, events.Recorded{Envelope: e, Seq: seq})
	}
	for i, x := range extra {
		add(x.subject, x.actor, x.key, x.p)
		if i == 4 { // half of the log between the extras
			for _, r := range log[:len(log)/2] {
				p, err := events.Unmarshal(r.Envelope)
				if err != nil {
					tb.Fatal(err)
				}
				add(r.Subject, r.Actor, "", p)
			}
		}
	}
	for _, r := range log[len(log)/2:] {
		p, err := events.Unmarshal(r.Envelope)
		if err != nil {
			tb.Fatal(err)
		}
		add(r.Subject, r.Actor, "", p)
	}
	add(events.Subject(events.AggregateUser, "tc-so_y_te"), admin, "", &events.UserDisabled{Reason: "nghỉ việc"})
	half := len(all) / 2
	return all[:half], all[half:]
}

// appendAll writes log into store, each event expecting its subject's
// previous sequence.
func appendAll(tb testing.TB, store *jetstream.Store, log []events.Recorded) {
	tb.Helper()
	ctx := context.Background()
	last := map[string]uint64{}
	for i, r := range log {
		exp, ok := last[r.Subject]
		if !ok {
			var err error
			if exp, err = store.LastSubjectSeq(ctx, r.Subject); err != nil {
				tb.Fatal(err)
			}
		}
		res, err := store.Append(ctx, r.Envelope, exp, fmt.Sprintf("%s-%d", r.ID, i))
		if err != nil {
			tb.Fatalf("append %d: %v", i, err)
		}
		last[r.Subject] = res.Seq
	}
}

// replay returns a state built from the whole store.
func replay(tb testing.TB, store events.Store) *projections.State {
	tb.Helper()
	s := projections.New()
	if err := store.Read(context.Background(), 1, 0, s.Apply); err != nil {
		tb.Fatal(err)
	}
	return s
}

func dump(tb testing.TB, s *projections.State) string {
	tb.Helper()
	var b bytes.Buffer
	if err := s.Dump(&b); err != nil {
		tb.Fatal(err)
	}
	return b.String()
}

// firstDiff names the first line where two dumps differ.
func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d:\n  %s\n  %s", i+1, al[i], bl[i])
		}
	}
	return fmt.Sprintf("lengths %d and %d lines", len(al), len(bl))
}

// logBuffer collects what a Snapshotter logs.
func logBuffer() (*slog.Logger, *bytes.Buffer) {
	var b bytes.Buffer
	return slog.New(slog.NewTextHandler(&b, &slog.HandlerOptions{Level: slog.LevelDebug})), &b
}

func snapshotter(store *jetstream.Store, code string) (*projections.Snapshotter, *bytes.Buffer) {
	log, buf := logBuffer()
	return &projections.Snapshotter{Store: store, Log: store, Code: code, Logger: log}, buf
}

// restore is sn.Restore.
func restore(sn *projections.Snapshotter, ctx context.Context) *projections.State {
	return sn.Restore(ctx)
}

// saveAfterReplay takes a snapshot of the store's log as replayed.
func saveAfterReplay(t *testing.T, store *jetstream.Store, code string) projections.SnapshotInfo {
	t.Helper()
	sn, _ := snapshotter(store, code)
	sn.Attach(replay(t, store))
	info, err := sn.Save(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return info
}

func TestSnapshotRestoreEqualsReplay(t *testing.T) {
	ctx := context.Background()
	store := jstest.Open(t)
	head, tail := snapshotLog(t, 200)
	appendAll(t, store, head)
	live := replay(t, store)
	sn, _ := snapshotter(store, "v1")
	sn.Attach(live)
	info, err := sn.Save(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if info.Seq != uint64(len(head)) || len(info.Root) != 64 || len(info.EventHash) != 64 || info.Strings == 0 || info.Refs == 0 {
		t.Fatalf("snapshot header = %+v", info)
	}

	// Restored at the snapshot: the same as the replayed state.
	sn2, logged := snapshotter(store, "v1")
	restored := restore(sn2, ctx)
	if restored.Applied() != info.Seq {
		t.Fatalf("restored at %d, want %d; log:\n%s", restored.Applied(), info.Seq, logged)
	}
	if a, b := dump(t, live), dump(t, restored); a != b {
		t.Fatalf("restored state differs from the replayed one at %s", firstDiff(a, b))
	}
	// Its first snapshot will size its encoder from the one restored.
	if _, strs, addrs, refs := sn2.EncoderSize(); strs != info.Strings || addrs != info.Strings || refs != info.Refs {
		t.Errorf("encoder sized for %d strings, %d addresses, %d refs; the snapshot numbered %d strings, %d refs",
			strs, addrs, refs, info.Strings, info.Refs)
	}

	// The tail applied on the restored state: the same as a full replay.
	appendAll(t, store, tail)
	if err := store.Read(ctx, restored.Applied()+1, 0, restored.Apply); err != nil {
		t.Fatal(err)
	}
	full := replay(t, store)
	if a, b := dump(t, full), dump(t, restored); a != b {
		t.Fatalf("restored state plus tail differs from a full replay at %s", firstDiff(a, b))
	}
	// The chain root carried forward by the next snapshot is the one a
	// snapshot of the full replay computes.
	next, err := sn2.Save(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if again := saveAfterReplay(t, store, "v1"); again.Root != next.Root || again.EventHash != next.EventHash {
		t.Errorf("root after restore + tail %s, after full replay %s", next.Root, again.Root)
	}
	names, err := store.SnapshotNames(ctx)
	if err != nil || len(names) != 2 {
		t.Errorf("snapshots kept = %v, %v; want the newest 2", names, err)
	}
}

func TestSnapshotCorruptFallsBack(t *testing.T) {
	ctx := context.Background()
	store := jstest.Open(t)
	head, tail := snapshotLog(t, 40)
	appendAll(t, store, head)
	older := saveAfterReplay(t, store, "v1")
	appendAll(t, store, tail)
	newer := saveAfterReplay(t, store, "v1")
	names, err := store.SnapshotNames(ctx)
	if err != nil || len(names) != 2 {
		t.Fatalf("names = %v, %v", names, err)
	}
	oldest, newest := min(names[0], names[1]), max(names[0], names[1])
	data, err := store.GetSnapshot(ctx, newest)
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)/2] ^= 0x40 // one bit in the body
	if err := store.PutSnapshot(ctx, newest, data); err != nil {
		t.Fatal(err)
	}
	sn, logged := snapshotter(store, "v1")
	s := restore(sn, ctx)
	if s.Applied() != older.Seq || !strings.Contains(logged.String(), "corrupt") {
		t.Fatalf("with the newest (%d) corrupt: restored at %d, want the older at %d; log:\n%s", newer.Seq, s.Applied(), older.Seq, logged)
	}

	// Both corrupt (the older one cut short): full replay, logged.
	if data, err = store.GetSnapshot(ctx, oldest); err != nil {
		t.Fatal(err)
	}
	if err := store.PutSnapshot(ctx, oldest, data[:len(data)-10]); err != nil {
		t.Fatal(err)
	}
	sn, logged = snapshotter(store, "v1")
	if s := restore(sn, ctx); s.Applied() != 0 || !strings.Contains(logged.String(), "replaying the whole log") {
		t.Fatalf("with every snapshot corrupt: restored at %d; log:\n%s", s.Applied(), logged)
	}
}

func TestSnapshotOfAnotherLogFallsBack(t *testing.T) {
	ctx := context.Background()
	head, _ := snapshotLog(t, 30)
	a, b := jstest.Open(t), jstest.Open(t)
	appendAll(t, a, head)
	appendAll(t, b, head) // the same events, stored at other times with other message ids
	// Same length, same sequences, but the bytes differ in one event.
	infoA := saveAfterReplay(t, a, "v1")
	names, _ := a.SnapshotNames(ctx)
	data, err := a.GetSnapshot(ctx, names[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := b.PutSnapshot(ctx, names[0], data); err != nil {
		t.Fatal(err)
	}
	// b's log is the same so far: the snapshot is accepted there.
	sn, logged := snapshotter(b, "v1")
	if s := restore(sn, ctx); s.Applied() != infoA.Seq {
		t.Fatalf("snapshot of an identical log refused; log:\n%s", logged)
	}

	c := jstest.Open(t)
	other := slices.Clone(head) // other events (ids) at the same sequences
	for i := range other {
		other[i].ID = "other-" + other[i].ID
	}
	appendAll(t, c, other)
	if err := c.PutSnapshot(ctx, names[0], data); err != nil {
		t.Fatal(err)
	}
	sn, logged = snapshotter(c, "v1")
	if s := restore(sn, ctx); s.Applied() != 0 || !strings.Contains(logged.String(), "does not match the event log") {
		t.Fatalf("snapshot of another log: restored at %d; log:\n%s", s.Applied(), logged)
	}

	d := jstest.Open(t)
	appendAll(t, d, head[:len(head)-5]) // shorter: the snapshot's event is not there
	if err := d.PutSnapshot(ctx, names[0], data); err != nil {
		t.Fatal(err)
	}
	sn, logged = snapshotter(d, "v1")
	if s := restore(sn, ctx); s.Applied() != 0 || !strings.Contains(logged.String(), "no event") {
		t.Fatalf("snapshot beyond the log: restored at %d; log:\n%s", s.Applied(), logged)
	}
}

func TestSnapshotOfAnotherVersionFallsBack(t *testing.T) {
	ctx := context.Background()
	store := jstest.Open(t)
	head, _ := snapshotLog(t, 20)
	appendAll(t, store, head)
	saveAfterReplay(t, store, "v1")
	sn, logged := snapshotter(store, "v2")
	if s := restore(sn, ctx); s.Applied() != 0 || !strings.Contains(logged.String(), "another version") {
		t.Fatalf("snapshot of code v1 used by v2: restored at %d; log:\n%s", s.Applied(), logged)
	}
	sn, _ = snapshotter(store, "v1")
	if s := restore(sn, ctx); s.Applied() != uint64(len(head)) {
		t.Fatalf("snapshot of v1 refused by v1")
	}
}

func TestSnapshotNoneStored(t *testing.T) {
	store := jstest.Open(t)
	sn, logged := snapshotter(store, "v1")
	if s := sn.Restore(context.Background()); s.Applied() != 0 || !strings.Contains(logged.String(), "no snapshot yet") {
		t.Fatalf("empty bucket: restored at %d; log:\n%s", s.Applied(), logged)
	}
	if _, err := sn.Save(context.Background()); err == nil {
		t.Error("snapshot of an empty state succeeded")
	}
}

// cutStore is a real store whose snapshot reads lose their link halfway.
type cutStore struct{ *jetstream.Store }

func (s cutStore) ReadSnapshot(ctx context.Context, name string, alloc func(int) []byte, filled func(off, n int)) error {
	var buf []byte
	err := s.Store.ReadSnapshot(ctx, name, func(n int) []byte { buf = alloc(n); return buf }, func(int, int) {})
	if err != nil {
		return err
	}
	filled(0, len(buf)/2)
	return errors.New("link lost")
}

// TestSnapshotFetchFailingFallsBack: a snapshot whose bytes stop coming
// is not used, and the log says why (not "corrupt").
func TestSnapshotFetchFailingFallsBack(t *testing.T) {
	store := jstest.Open(t)
	head, _ := snapshotLog(t, 40)
	appendAll(t, store, head)
	saveAfterReplay(t, store, "v1")
	log, logged := logBuffer()
	sn := &projections.Snapshotter{Store: cutStore{store}, Log: store, Code: "v1", Logger: log}
	if s := sn.Restore(context.Background()); s.Applied() != 0 || !strings.Contains(logged.String(), "link lost") ||
		strings.Contains(logged.String(), "corrupt") {
		t.Fatalf("snapshot cut by the link: restored at %d; log:\n%s", s.Applied(), logged)
	}
}
