package jetstream_test

import (
	"context"
	"encoding/json"
	"syscall"
	"testing"
	"time"

	natsjs "github.com/nats-io/nats.go/jetstream"

	"daotao/events"
	"daotao/events/jetstream"
	"daotao/events/jetstream/jstest"
)

// BenchmarkReadNational reads (read) 20,952 events of the national sample
// (testdata/national-sample.jsonl.gz, 18 times over) as a replay does:
// pulled, decoded ahead and delivered in order with their payloads; and
// (drain) merely drains them, as the bench's raw baseline does.
func BenchmarkReadNational(b *testing.B) {
	_, nc := jstest.StartServer(b)
	ctx := context.Background()
	st, err := jetstream.Open(ctx, nc, jetstream.Config{})
	if err != nil {
		b.Fatal(err)
	}
	js, err := natsjs.New(nc)
	if err != nil {
		b.Fatal(err)
	}
	sample := jetstream.NationalSample(b)
	n := 0
	for range 18 {
		for _, data := range sample {
			var e struct{ Subject string }
			if err := json.Unmarshal(data, &e); err != nil {
				b.Fatal(err)
			}
			if _, err := js.PublishAsync(e.Subject, data); err != nil {
				b.Fatal(err)
			}
			n++
		}
		<-js.PublishAsyncComplete()
	}
	b.Run("read", func(b *testing.B) {
		cpu := cpuTime()
		for b.Loop() {
			got := 0
			err := st.Read(ctx, 1, 0, func(r events.Recorded) error {
				if r.Payload == nil {
					b.Fatalf("event %d: no payload", r.Seq)
				}
				got++
				return nil
			})
			if err != nil || got != n {
				b.Fatalf("Read = %d events, %v", got, err)
			}
		}
		reportRate(b, n, cpu)
	})
	// The bench's raw drain: an ordered consumer's messages, untouched.
	b.Run("drain", func(b *testing.B) {
		cpu := cpuTime()
		for b.Loop() {
			cons, err := js.OrderedConsumer(ctx, "DAOTAO", natsjs.OrderedConsumerConfig{DeliverPolicy: natsjs.DeliverAllPolicy})
			if err != nil {
				b.Fatal(err)
			}
			it, err := cons.Messages(natsjs.PullMaxMessages(4096))
			if err != nil {
				b.Fatal(err)
			}
			for range n {
				if _, err := it.Next(natsjs.NextContext(ctx)); err != nil {
					b.Fatal(err)
				}
			}
			it.Stop()
		}
		reportRate(b, n, cpu)
	})
}

// cpuTime is the CPU time the process (client and embedded server) has
// used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportRate reports events per second and, steadier on a shared
// machine, the CPU time per event since cpu.
func reportRate(b *testing.B, n int, cpu time.Duration) {
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(float64(cpuTime()-cpu)/float64(n*b.N)/1e3, "cpu-µs/event")
}
