package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	natsjs "github.com/nats-io/nats.go/jetstream"
)

// rawAppendHTTP runs the raw publishers behind a bare net/http server on
// loopback, while an ordered consumer follows the stream: each of the
// HTTP clients posts a raw event for its own subject with the sequence it
// expects that subject to end at, and the handler appends it exactly as a
// raw publisher does and answers the sequence in JSON. There is no
// application code in it: no router, session, decision or projection.
// It is a diagnosis, not the baseline: it measures what any HTTP service
// that keeps a read model of this stream pays on this machine before its
// own work, the floor under ratio.commands_vs_raw.
func (b *bench) rawAppendHTTP(ctx context.Context, d time.Duration, profile bool) error {
	return b.withRawStream(ctx, func(js natsjs.JetStream) error {
		return b.withRawJS(func(follower natsjs.JetStream) error {
			stopFollow, err := follow(ctx, follower, rawStream)
			if err != nil {
				return err
			}
			defer stopFollow()
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				return err
			}
			hs := &http.Server{Handler: bareAppend{js}, ReadHeaderTimeout: 10 * time.Second}
			go hs.Serve(ln)
			defer hs.Close()
			// The same client settings as the command load's.
			tr := &http.Transport{MaxIdleConns: 4 * b.f.clients, MaxIdleConnsPerHost: 4 * b.f.clients, DisableCompression: true}
			defer tr.CloseIdleConnections()
			hc := &http.Client{Transport: tr, Timeout: time.Minute}
			stop := func() {}
			if profile {
				stop = b.prof.start("bare-http")
			}
			lat, took, err := httpPublishers(ctx, hc, "http://"+ln.Addr().String(), b.f.clients, d, rawPayload())
			stop()
			b.http.add(lat, took)
			b.rep.Raw.setHTTP(b.http)
			return err
		})
	})
}

// follow reads every message of stream as it is stored, on its own
// goroutine, until the returned function is called.
func follow(ctx context.Context, js natsjs.JetStream, stream string) (func(), error) {
	cons, err := js.OrderedConsumer(ctx, stream, natsjs.OrderedConsumerConfig{DeliverPolicy: natsjs.DeliverAllPolicy})
	if err != nil {
		return nil, err
	}
	it, err := cons.Messages(natsjs.PullMaxMessages(followPull))
	if err != nil {
		return nil, err
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			if _, err := it.Next(); err != nil {
				return
			}
		}
	})
	return func() { it.Stop(); wg.Wait() }, nil
}

// bareAppend is the whole server of the HTTP floor: POST /append/{n}
// with the event as its body and the expected last sequence of subject
// bench.raw.{n} in the Expected-Last header.
type bareAppend struct{ js natsjs.JetStream }

// bareAck is bareAppend's answer.
type bareAck struct {
	Seq uint64 `json:"seq"`
}

func (h bareAppend) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	tail, ok := strings.CutPrefix(r.URL.Path, "/append/")
	n, err := strconv.Atoi(tail)
	if r.Method != http.MethodPost || !ok || err != nil {
		http.Error(w, "POST /append/{n}", http.StatusBadRequest)
		return
	}
	last, err := strconv.ParseUint(r.Header.Get("Expected-Last"), 10, 64)
	if err != nil {
		http.Error(w, "Expected-Last: a sequence", http.StatusBadRequest)
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	ack, err := h.js.PublishMsg(r.Context(), &nats.Msg{Subject: "bench.raw." + strconv.Itoa(n), Data: body},
		natsjs.WithExpectLastSequencePerSubject(last))
	if err != nil {
		status := http.StatusServiceUnavailable
		if isWrongLastSeq(err) {
			status = http.StatusConflict
		}
		http.Error(w, err.Error(), status)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(bareAck{Seq: ack.Sequence})
}

// httpPublishers runs n HTTP clients against a bareAppend server at base
// for d, each on its own subject, and returns every request's latency and
// the time until the last one ended.
func httpPublishers(ctx context.Context, hc *http.Client, base string, n int, d time.Duration, payload []byte) (samples, time.Duration, error) {
	return concurrently(n, d, func(i int, deadline time.Time) (samples, error) {
		return httpPublishLoop(ctx, hc, fmt.Sprintf("%s/append/%d", base, i), deadline, payload)
	})
}

func httpPublishLoop(ctx context.Context, hc *http.Client, url string, deadline time.Time, payload []byte) (samples, error) {
	var lat samples
	var last uint64
	for time.Now().Before(deadline) {
		t := time.Now()
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(payload))
		if err != nil {
			return lat, err
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Expected-Last", strconv.FormatUint(last, 10))
		var ack bareAck
		status, data, err := do(hc, req, &ack)
		if err != nil {
			return lat, err
		}
		if status != http.StatusOK {
			return lat, fmt.Errorf("%s: %d %s", url, status, bytes.TrimSpace(data))
		}
		lat = append(lat, time.Since(t))
		last = ack.Seq
	}
	return lat, nil
}
