package jetstream_test

import (
	"context"
	"errors"
	"testing"
	"time"

	natsjs "github.com/nats-io/nats.go/jetstream"

	"daotao/events"
	"daotao/events/jetstream"
	"daotao/events/jetstream/jstest"
)

// TestMalformedEventIsNotSkipped stores a message that is not an envelope,
// as another tool might, and checks that every reader reports it.
func TestMalformedEventIsNotSkipped(t *testing.T) {
	_, nc := jstest.StartServer(t)
	failed := make(chan error, 1)
	st := open(t, nc, jetstream.Config{OnError: func(err error) { failed <- err }})
	ctx := context.Background()
	e := newEvent(t)
	js, _ := natsjs.New(nc)
	if _, err := js.Publish(ctx, e.Subject, []byte("not json")); err != nil {
		t.Fatalf("Publish: %v", err)
	}
	if _, err := st.Load(ctx, e.Subject); !errors.Is(err, events.ErrMalformed) {
		t.Errorf("Load = %v; want ErrMalformed", err)
	}
	err := st.Read(ctx, 1, 0, func(events.Recorded) error { return nil })
	if !errors.Is(err, events.ErrMalformed) {
		t.Errorf("Read = %v; want ErrMalformed", err)
	}
	subCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	delivered := false
	if err := st.Subscribe(subCtx, 1, func(events.Recorded) error { delivered = true; return nil }); err != nil {
		t.Fatalf("Subscribe: %v", err)
	}
	select {
	case err := <-failed:
		if !errors.Is(err, events.ErrMalformed) || delivered {
			t.Errorf("OnError(%v), delivered %v; want ErrMalformed and nothing delivered", err, delivered)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("OnError not called within 10s")
	}
}
