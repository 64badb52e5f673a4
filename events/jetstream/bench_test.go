package jetstream_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"daotao/events"
	"daotao/events/jetstream"
	"daotao/events/jetstream/jstest"
)

// fill appends n events to subj.
func fill(b *testing.B, st *jetstream.Store, subj string, n int) {
	b.Helper()
	var last uint64
	for range n {
		last = benchAppend(b, st, subj, last)
	}
}

// benchAppend appends one event to subj expecting last and returns its
// sequence.
func benchAppend(b *testing.B, st *jetstream.Store, subj string, last uint64) uint64 {
	e, err := events.New(uuid.NewString(), subj, time.Now(), events.System, events.NominationSubmitted{})
	if err != nil {
		b.Fatal(err)
	}
	res, err := st.Append(context.Background(), e, last, e.ID)
	if err != nil {
		b.Fatal(err)
	}
	return res.Seq
}

func BenchmarkAppend(b *testing.B) {
	st := jstest.Open(b)
	subj := events.Subject(events.AggregateNomination, "bench")
	var last uint64
	for b.Loop() {
		last = benchAppend(b, st, subj, last)
	}
}

func BenchmarkLoad10(b *testing.B) {
	st := jstest.Open(b)
	subj := events.Subject(events.AggregateNomination, "bench")
	fill(b, st, subj, 10)
	for b.Loop() {
		if got, err := st.Load(context.Background(), subj); err != nil || len(got) != 10 {
			b.Fatalf("Load = %d events, %v", len(got), err)
		}
	}
}

func BenchmarkRead20k(b *testing.B) {
	const n = 20000
	st := jstest.Open(b)
	fill(b, st, events.Subject(events.AggregateNomination, "bench"), n)
	for b.Loop() {
		got := 0
		err := st.Read(context.Background(), 1, 0, func(events.Recorded) error { got++; return nil })
		if err != nil || got != n {
			b.Fatalf("Read = %d events, %v", got, err)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkAppendBatch2 is an atomic batch of two events on two subjects,
// each with its expected sequence: what a final approval appends (the
// nomination's decision and the official's booking).
func BenchmarkAppendBatch2(b *testing.B) {
	st := jstest.Open(b)
	var last [2]uint64
	for b.Loop() {
		batch := make([]events.Pending, 2)
		for i, agg := range []string{events.AggregateNomination, events.AggregateOfficial} {
			e, err := events.New(uuid.NewString(), events.Subject(agg, "bench"), time.Now(), events.System, events.NominationSubmitted{})
			if err != nil {
				b.Fatal(err)
			}
			batch[i] = events.Pending{Envelope: e, Expected: last[i], MsgID: e.ID}
		}
		res, err := st.AppendBatch(context.Background(), batch)
		if err != nil {
			b.Fatal(err)
		}
		last[0], last[1] = res[0].Seq, res[1].Seq
	}
}
