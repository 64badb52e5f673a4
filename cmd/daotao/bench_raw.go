package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	natsjs "github.com/nats-io/nats.go/jetstream"

	"daotao/events/jetstream"
)

// The raw baseline's own stream, created and deleted by the benchmark.
const (
	rawStream    = "BENCH_RAW"
	rawSubjects  = "bench.raw.>"
	rawPayloadSz = 500
	// eventStream is the application's stream (jetstream.Config default).
	eventStream = "DAOTAO"
)

// describe records which NATS the run uses and how the event stream is
// replicated.
func (b *bench) describe(ctx context.Context) {
	n := &b.rep.NATS
	n.Mode, n.Sync = "url", "set by the server"
	if b.be.ns != nil {
		n.Mode, n.Sync = "embedded", "always"
		b.rep.Data.Folder = b.f.data
	} else {
		n.URL = b.be.nc.ConnectedUrlRedacted()
	}
	n.ServerVersion = b.be.nc.ConnectedServerVersion()
	if info, err := b.streamInfo(ctx, eventStream); err == nil {
		n.Replicas = info.Config.Replicas
		if info.Cluster != nil {
			n.Cluster = info.Cluster.Name
			n.ClusterPeers = append(n.ClusterPeers, info.Cluster.Leader)
			for _, p := range info.Cluster.Replicas {
				n.ClusterPeers = append(n.ClusterPeers, p.Name)
			}
		}
	}
}

func (b *bench) streamInfo(ctx context.Context, name string) (*natsjs.StreamInfo, error) {
	js, err := natsjs.New(b.be.nc)
	if err != nil {
		return nil, err
	}
	st, err := js.Stream(ctx, name)
	if err != nil {
		return nil, err
	}
	return st.Info(ctx)
}

// rawConn opens a second connection, like the application's, for the
// plain JetStream client.
func (b *bench) rawConn() (*nats.Conn, error) {
	if b.be.ns != nil {
		return jetstream.ConnectEmbedded(b.be.ns, "daotao-bench-raw")
	}
	opts := []nats.Option{nats.Name("daotao-bench-raw")}
	if b.f.natsCreds != "" {
		opts = append(opts, nats.UserCredentials(b.f.natsCreds))
	}
	return nats.Connect(strings.TrimSpace(b.f.natsURL), opts...)
}

// drainPhase measures plain JetStream reading: an ordered consumer over
// the whole event stream.
func (b *bench) drainPhase(ctx context.Context) error {
	b.progress("raw JetStream: ordered consumer over the event stream")
	return b.withRawJS(func(js natsjs.JetStream) error { return b.rawDrain(ctx, js) })
}

// withRawJS runs fn with a JetStream client on a connection of its own.
func (b *bench) withRawJS(fn func(natsjs.JetStream) error) error {
	nc, err := b.rawConn()
	if err != nil {
		return err
	}
	defer nc.Close()
	js, err := natsjs.New(nc, natsjs.WithDefaultTimeout(10*time.Second))
	if err != nil {
		return err
	}
	return fn(js)
}

// rawAppend runs the publishers for d on a fresh BENCH_RAW stream,
// replicated as the event stream is, and adds what they measured to the
// raw results.
func (b *bench) rawAppend(ctx context.Context, d time.Duration, profile bool) error {
	return b.withRawStream(ctx, func(js natsjs.JetStream) error {
		stop := func() {}
		if profile {
			stop = b.prof.start("raw-append")
		}
		lat, took, err := publishers(ctx, js, b.f.clients, d, rawPayload())
		stop()
		b.raw.add(lat, took)
		b.rep.Raw.setAppend(b.raw)
		return err
	})
}

// rawAppendFollowed runs the same publishers for d while an ordered
// consumer on a connection of its own reads every message as it is
// stored, as the application's projections follow the event stream. It
// is a diagnosis, not the baseline: it shows what following the stream
// alone takes from the appends.
func (b *bench) rawAppendFollowed(ctx context.Context, d time.Duration) error {
	return b.withRawStream(ctx, func(js natsjs.JetStream) error {
		return b.withRawJS(func(follower natsjs.JetStream) error {
			stopFollow, err := follow(ctx, follower, rawStream)
			if err != nil {
				return err
			}
			lat, took, err := publishers(ctx, js, b.f.clients, d, rawPayload())
			stopFollow()
			b.followed.add(lat, took)
			b.rep.Raw.setFollowed(b.followed)
			return err
		})
	})
}

// followPull is how many messages the follower's pulls ask for, as the
// application's subscription does.
const followPull = 1000

// withRawStream runs fn on a fresh BENCH_RAW stream, replicated as the
// event stream is, and deletes the stream afterwards.
func (b *bench) withRawStream(ctx context.Context, fn func(natsjs.JetStream) error) error {
	return b.withRawJS(func(js natsjs.JetStream) error {
		_ = js.DeleteStream(ctx, rawStream) // left over by an interrupted run
		_, err := js.CreateStream(ctx, natsjs.StreamConfig{Name: rawStream, Subjects: []string{rawSubjects},
			Storage: natsjs.FileStorage, Replicas: max(b.rep.NATS.Replicas, 1)})
		if err != nil {
			return fmt.Errorf("create %s: %w", rawStream, err)
		}
		defer js.DeleteStream(context.WithoutCancel(ctx), rawStream)
		return fn(js)
	})
}

// rawRuns are the runs of the raw publishers so far.
type rawRuns struct {
	lat  samples
	took time.Duration
	runs []float64 // appends per second of each run
}

func (r *rawRuns) add(lat samples, took time.Duration) {
	r.lat, r.took = append(r.lat, lat...), r.took+took
	r.runs = append(r.runs, perSecond(len(lat), took))
}

// figures returns the runs' rates, their rate over all of them, and the
// p50 and p99 of every append, in ms.
func (r rawRuns) figures() (runsPerS []float64, perS, p50, p99 float64) {
	s := r.lat.summary()
	return r.runs, perSecond(s.Count, r.took), s.P50Ms, s.P99Ms
}

func (r *rawResult) setAppend(runs rawRuns) {
	r.PayloadBytes, r.Appends = rawPayloadSz, len(runs.lat)
	r.AppendRunsPerS, r.AppendPerS, r.AppendP50Ms, r.AppendP99Ms = runs.figures()
}

func (r *rawResult) setHTTP(runs rawRuns) {
	r.HTTPRunsPerS, r.HTTPPerS, r.HTTPP50Ms, r.HTTPP99Ms = runs.figures()
}

func (r *rawResult) setFollowed(runs rawRuns) {
	r.FollowedRunsPerS, r.FollowedPerS, r.FollowedP50Ms, r.FollowedP99Ms = runs.figures()
}

// publishers runs n synchronous publishers for d, each appending to its
// own subject with the expected last sequence of that subject, and
// returns every append's latency and the time until the last one ended.
func publishers(ctx context.Context, js natsjs.JetStream, n int, d time.Duration, payload []byte) (samples, time.Duration, error) {
	return concurrently(n, d, func(i int, deadline time.Time) (samples, error) {
		return publishLoop(ctx, js, fmt.Sprintf("bench.raw.%d", i), deadline, payload)
	})
}

// concurrently runs loop(i, deadline) for i in [0, n) at once, with the
// deadline d from now, and returns every latency they measured and the
// time until the last one ended.
func concurrently(n int, d time.Duration, loop func(i int, deadline time.Time) (samples, error)) (samples, time.Duration, error) {
	var mu sync.Mutex
	var all samples
	var errs []error
	began := time.Now()
	deadline := began.Add(d)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			lat, err := loop(i, deadline)
			mu.Lock()
			all, errs = append(all, lat...), append(errs, err)
			mu.Unlock()
		})
	}
	wg.Wait()
	return all, time.Since(began), errors.Join(errs...)
}

func publishLoop(ctx context.Context, js natsjs.JetStream, subject string, deadline time.Time, payload []byte) (samples, error) {
	var lat samples
	var last uint64
	for time.Now().Before(deadline) {
		t := time.Now()
		ack, err := js.PublishMsg(ctx, &nats.Msg{Subject: subject, Data: payload}, natsjs.WithExpectLastSequencePerSubject(last))
		if isWrongLastSeq(err) {
			// A publish whose answer was lost (a reconnect, a leader
			// change in a cluster) landed after all: carry on from what
			// the stream holds, without counting this one.
			if last, err = lastOfSubject(ctx, js, subject); err == nil {
				continue
			}
		}
		if err != nil {
			return lat, fmt.Errorf("publish to %s: %w", subject, err)
		}
		lat = append(lat, time.Since(t))
		last = ack.Sequence
	}
	return lat, nil
}

// isWrongLastSeq reports whether err is JetStream's answer to an expected
// last subject sequence that did not match (10071 single server, 10164 in
// a cluster).
func isWrongLastSeq(err error) bool {
	var jsErr natsjs.JetStreamError
	if !errors.As(err, &jsErr) || jsErr.APIError() == nil {
		return false
	}
	code := jsErr.APIError().ErrorCode
	return code == 10071 || code == 10164
}

// lastOfSubject returns the sequence of the last message on subject of the
// raw stream.
func lastOfSubject(ctx context.Context, js natsjs.JetStream, subject string) (uint64, error) {
	st, err := js.Stream(ctx, rawStream)
	if err != nil {
		return 0, err
	}
	m, err := st.GetLastMsgForSubject(ctx, subject)
	if err != nil {
		return 0, err
	}
	return m.Sequence, nil
}

// rawPayload is an event-like JSON document of rawPayloadSz bytes.
func rawPayload() []byte {
	doc := map[string]any{"id": "0197a1b2-3c4d-7e5f-8a9b-0c1d2e3f4a5b", "type": "nomination.returned", "version": 1,
		"subject": "bench.raw.0", "time": "2026-03-02T08:00:00Z",
		"actor": map[string]string{"user_id": "0197a1b2-0000-7000-8000-000000000001", "username": "hoidong", "role": "council"}}
	base, _ := json.Marshal(doc)
	pad := max(rawPayloadSz-len(base)-len(`,"data":{"reason":""}`), 0)
	doc["data"] = map[string]string{"reason": strings.Repeat("x", pad)}
	out, _ := json.Marshal(doc)
	return out
}

// rawDrain reads the whole event stream through an ordered consumer,
// touching each message and nothing more, twice, keeping the faster run
// (the first may read from a cold page cache).
func (b *bench) rawDrain(ctx context.Context, js natsjs.JetStream) error {
	stop := b.prof.start("drain")
	defer stop()
	for range 2 {
		n, took, err := drain(ctx, js, eventStream)
		if err != nil {
			return err
		}
		b.rep.Raw.DrainEvents = n
		b.rep.Raw.DrainPerS = max(b.rep.Raw.DrainPerS, perSecond(n, took))
	}
	return nil
}

// drainPull is how many messages each pull asks for: more than the
// application's reads (1000), the fastest setting measured here.
const drainPull = 4096

func drain(ctx context.Context, js natsjs.JetStream, stream string) (int, time.Duration, error) {
	st, err := js.Stream(ctx, stream)
	if err != nil {
		return 0, 0, err
	}
	total := int(st.CachedInfo().State.Msgs)
	began := time.Now()
	cons, err := js.OrderedConsumer(ctx, stream, natsjs.OrderedConsumerConfig{DeliverPolicy: natsjs.DeliverAllPolicy})
	if err != nil {
		return 0, 0, err
	}
	it, err := cons.Messages(natsjs.PullMaxMessages(drainPull))
	if err != nil {
		return 0, 0, err
	}
	defer it.Stop()
	n := 0
	for n < total {
		if _, err := it.Next(natsjs.NextContext(ctx)); err != nil {
			return n, 0, fmt.Errorf("drain %s after %d messages: %w", stream, n, err)
		}
		n++
	}
	return n, time.Since(began), nil
}
