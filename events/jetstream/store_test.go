package jetstream_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/nats-io/nats.go"
	natsjs "github.com/nats-io/nats.go/jetstream"

	"daotao/events"
	"daotao/events/jetstream"
	"daotao/events/jetstream/jstest"
)

// newEvent returns an event on a fresh nomination subject.
func newEvent(t *testing.T) events.Envelope {
	t.Helper()
	return eventOn(t, events.Subject(events.AggregateNomination, uuid.NewString()))
}

// eventOn returns an event on subj.
func eventOn(t *testing.T, subj string) events.Envelope {
	t.Helper()
	e, err := events.New(uuid.NewString(), subj, time.Now(), events.System, events.NominationSubmitted{})
	if err != nil {
		t.Fatalf("events.New: %v", err)
	}
	return e
}

// open opens a store with cfg on nc.
func open(t *testing.T, nc *nats.Conn, cfg jetstream.Config) *jetstream.Store {
	t.Helper()
	st, err := jetstream.Open(context.Background(), nc, cfg)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return st
}

// stream returns the event stream as nats.go sees it.
func stream(t *testing.T, nc *nats.Conn) natsjs.Stream {
	t.Helper()
	js, err := natsjs.New(nc)
	if err != nil {
		t.Fatalf("jetstream.New: %v", err)
	}
	st, err := js.Stream(context.Background(), "DAOTAO")
	if err != nil {
		t.Fatalf("Stream: %v", err)
	}
	return st
}

func TestStreamIsAppendOnly(t *testing.T) {
	ns, nc := jstest.StartServer(t)
	st := open(t, nc, jetstream.Config{})
	e := newEvent(t)
	res, err := st.Append(context.Background(), e, 0, e.ID)
	if err != nil {
		t.Fatalf("Append: %v", err)
	}
	if !ns.JetStreamConfig().SyncAlways {
		t.Error("server does not sync every write")
	}
	s := stream(t, nc)
	cfg := s.CachedInfo().Config
	if !cfg.DenyDelete || !cfg.DenyPurge || cfg.AllowRollup || cfg.Storage != natsjs.FileStorage ||
		!cfg.AllowDirect || cfg.Duplicates != time.Minute || cfg.PersistMode != natsjs.DefaultPersistMode {
		t.Errorf("stream config = %+v", cfg)
	}
	ctx := context.Background()
	if err := s.DeleteMsg(ctx, res.Seq); err == nil {
		t.Error("DeleteMsg succeeded; want it denied")
	}
	if err := s.Purge(ctx); err == nil {
		t.Error("Purge succeeded; want it denied")
	}
	if got, _ := st.LastSeq(ctx); got != res.Seq {
		t.Errorf("LastSeq = %d; want %d", got, res.Seq)
	}
}

func TestMessageHeaders(t *testing.T) {
	_, nc := jstest.StartServer(t)
	st := open(t, nc, jetstream.Config{})
	e := newEvent(t)
	if _, err := st.Append(context.Background(), e, 0, "msg-1"); err != nil {
		t.Fatalf("Append: %v", err)
	}
	m, err := stream(t, nc).GetLastMsgForSubject(context.Background(), e.Subject)
	if err != nil {
		t.Fatalf("GetLastMsgForSubject: %v", err)
	}
	if got := m.Header.Get(jetstream.HeaderType); got != e.Type {
		t.Errorf("%s = %q; want %q", jetstream.HeaderType, got, e.Type)
	}
	if got := m.Header.Get(natsjs.MsgIDHeader); got != "msg-1" {
		t.Errorf("%s = %q; want msg-1", natsjs.MsgIDHeader, got)
	}
}

func TestReopen(t *testing.T) {
	_, nc := jstest.StartServer(t)
	e := newEvent(t)
	if _, err := open(t, nc, jetstream.Config{}).Append(context.Background(), e, 0, e.ID); err != nil {
		t.Fatalf("Append: %v", err)
	}
	got, err := open(t, nc, jetstream.Config{}).Load(context.Background(), e.Subject)
	if err != nil || len(got) != 1 || got[0].ID != e.ID {
		t.Fatalf("Load after reopening = %v, %v; want %s", got, err, e.ID)
	}
}

func TestOpenRefusesIncompatibleStream(t *testing.T) {
	_, nc := jstest.StartServer(t)
	js, _ := natsjs.New(nc)
	_, err := js.CreateStream(context.Background(), natsjs.StreamConfig{
		Name: "DAOTAO", Subjects: []string{events.SubjectPrefix + ">"}, MaxAge: time.Hour,
	})
	if err != nil {
		t.Fatalf("CreateStream: %v", err)
	}
	if _, err := jetstream.Open(context.Background(), nc, jetstream.Config{}); !errors.Is(err, jetstream.ErrIncompatible) {
		t.Fatalf("Open = %v; want ErrIncompatible", err)
	}
}

func TestRetryAfterTimeoutIsDuplicateNotConflict(t *testing.T) {
	_, nc := jstest.StartServer(t)
	st := open(t, nc, jetstream.Config{})
	e := newEvent(t)
	first, err := st.Append(context.Background(), e, 0, e.ID)
	if err != nil {
		t.Fatalf("Append: %v", err)
	}
	// The server itself answers the retry with a conflict (10071): the
	// sequence check comes before deduplication on a single server.
	js, _ := natsjs.New(nc)
	_, err = js.Publish(context.Background(), e.Subject, []byte("{}"),
		natsjs.WithExpectLastSequencePerSubject(0), natsjs.WithMsgID(e.ID))
	var apiErr *natsjs.APIError
	if !errors.As(err, &apiErr) || apiErr.ErrorCode != natsjs.JSErrCodeStreamWrongLastSequence {
		t.Fatalf("raw retry = %v; want error code 10071", err)
	}
	res, err := st.Append(context.Background(), e, 0, e.ID)
	if err != nil || res != (events.AppendResult{Seq: first.Seq, Duplicate: true}) {
		t.Fatalf("retried Append = %+v, %v; want the original as a duplicate", res, err)
	}
}

func TestUnavailable(t *testing.T) {
	ns, nc := jstest.StartServer(t)
	st := open(t, nc, jetstream.Config{Timeout: 200 * time.Millisecond})
	ns.Shutdown()
	ns.WaitForShutdown()
	ctx := context.Background()
	e := newEvent(t)
	_, err := st.Append(ctx, e, 0, e.ID)
	if !errors.Is(err, events.ErrUnavailable) {
		t.Errorf("Append = %v; want ErrUnavailable", err)
	}
	if _, err := st.LastSeq(ctx); !errors.Is(err, events.ErrUnavailable) {
		t.Errorf("LastSeq = %v; want ErrUnavailable", err)
	}
	if _, err := st.Load(ctx, e.Subject); !errors.Is(err, events.ErrUnavailable) {
		t.Errorf("Load = %v; want ErrUnavailable", err)
	}
}

func TestReadsLeaveNoConsumers(t *testing.T) {
	_, nc := jstest.StartServer(t)
	st := open(t, nc, jetstream.Config{})
	ctx := context.Background()
	e := newEvent(t)
	if _, err := st.Append(ctx, e, 0, e.ID); err != nil {
		t.Fatalf("Append: %v", err)
	}
	if _, err := st.Load(ctx, e.Subject); err != nil {
		t.Fatalf("Load: %v", err)
	}
	if err := st.Read(ctx, 1, 0, func(events.Recorded) error { return nil }); err != nil {
		t.Fatalf("Read: %v", err)
	}
	info, err := stream(t, nc).Info(ctx)
	if err != nil || info.State.Consumers != 0 {
		t.Fatalf("consumers after reads = %d, %v; want 0", info.State.Consumers, err)
	}
}
