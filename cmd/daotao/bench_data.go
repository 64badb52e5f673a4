package main

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"

	"daotao/domain/programme"
	"daotao/events"
)

const (
	// genBatch is how many events one atomic batch of the generator holds:
	// on SyncAlways a batch is synced once, so batches of 500 store about
	// ten times as many events per second as single appends.
	genBatch = 500
	// genWorkers is how many batches are in flight at once (JetStream
	// allows 50 open batches per stream).
	genWorkers = 3
	// benchSeed makes the generated roster the same on every run.
	benchSeed = 7328
)

// prepareData makes sure the log holds the scale's data: the bench
// accounts, and officials and nominations unless the stream already has at
// least sc.minEvents events.
func (b *bench) prepareData(ctx context.Context) error {
	doc, err := programme.Default()
	if err != nil {
		return err
	}
	base, err := programme.DefaultBaseline()
	if err != nil {
		return err
	}
	if err := b.ensureUsers(ctx, doc, base); err != nil {
		return err
	}
	last, err := b.be.store.LastSeq(ctx)
	if err != nil {
		return err
	}
	if last < b.sc.minEvents {
		if err := b.generate(ctx, doc, base, last); err != nil {
			return err
		}
	}
	info, err := b.streamInfo(ctx, eventStream)
	if err != nil {
		return err
	}
	b.rep.Data.Events, b.rep.Data.Bytes, b.rep.Data.Subjects = info.State.LastSeq, info.State.Bytes, info.State.NumSubjects
	return nil
}

// generate appends the scale's officials and their nominations straight
// to the store, in atomic batches, with a progress line on stderr.
func (b *bench) generate(ctx context.Context, doc *programme.Document, base programme.Baseline, had uint64) error {
	g := newGenerator(b, doc, base)
	b.progress(fmt.Sprintf("generating %s data: %d officials, about %d events (the log has %d)", b.sc.name, b.sc.officials, g.planned, had))
	stop := b.prof.start("generate")
	defer stop()
	began := time.Now()
	done := make(chan struct{})
	go g.showProgress(b.env, done, began)
	var wg sync.WaitGroup
	errs := make([]error, genWorkers)
	for w := range genWorkers {
		wg.Go(func() { errs[w] = g.work(ctx) })
	}
	wg.Wait()
	close(done)
	g.printProgress(b.env, began, "\n")
	b.rep.Data.Generated, b.rep.Data.GeneratedEvents = true, uint64(g.appended.Load())
	b.rep.Data.GenerateS = round3(time.Since(began).Seconds())
	return errors.Join(errs...)
}

// generator deals chunks of the synthetic roster (one DemoRoster each) to
// its workers.
type generator struct {
	b        *bench
	doc      *programme.Document
	base     programme.Baseline
	contents map[int][]programme.Content // by group: contents that admit it
	chunks   int
	next     atomic.Int64
	appended atomic.Int64
	planned  int
	began    time.Time // business time of the first event
	span     time.Duration
}

func newGenerator(b *bench, doc *programme.Document, base programme.Baseline) *generator {
	first := programme.DemoRoster(benchSeed, doc, base)
	g := &generator{b: b, doc: doc, base: base, contents: map[int][]programme.Content{},
		chunks: (b.sc.officials + len(first) - 1) / len(first), planned: int(float64(b.sc.officials) * eventsPerOfficial(b.sc, first)),
		began: time.Now().AddDate(-1, 0, -10), span: 365 * 24 * time.Hour}
	for group := 1; group <= 4; group++ {
		for _, c := range doc.Contents() {
			if c.Priority.Admits(group) {
				g.contents[group] = append(g.contents[group], c)
			}
		}
	}
	return g
}

// eventsPerOfficial is the mean number of events script makes for an
// official of roster: the registration, an update for those outside the
// planning pool and a share of the others, and the nominations.
func eventsPerOfficial(sc benchScale, roster []programme.DemoOfficial) float64 {
	pool := 0
	for _, o := range roster {
		if o.InPlanningPool {
			pool++
		}
	}
	inPool := float64(pool) / float64(max(len(roster), 1))
	return 1 + (1 - inPool) + inPool*sc.updateShare + sc.nominationsMean*meanPathEvents()
}

// work generates chunks until none is left.
func (g *generator) work(ctx context.Context) error {
	for {
		c := int(g.next.Add(1)) - 1
		if c >= g.chunks {
			return nil
		}
		if err := g.chunk(ctx, c); err != nil {
			return err
		}
	}
}

// chunk appends the events of roster chunk c: each official is a script of
// events; a batch holds the next event of up to genBatch scripts, so no
// batch has two events on one subject.
func (g *generator) chunk(ctx context.Context, c int) error {
	roster := programme.DemoRoster(benchSeed+uint64(c), g.doc, g.base)
	roster = roster[:min(len(roster), g.b.sc.officials-c*len(roster))]
	rng := rand.New(rand.NewPCG(benchSeed, uint64(c)))
	last := map[string]uint64{}
	var active []*genScript
	for i := 0; i < len(roster) || len(active) > 0; {
		for ; len(active) < genBatch && i < len(roster); i++ {
			active = append(active, g.script(roster[i], rng))
		}
		if err := g.appendNext(ctx, active, last); err != nil {
			return err
		}
		active = unfinished(active, last)
	}
	return nil
}

// appendNext appends the next event of every active script as one batch.
func (g *generator) appendNext(ctx context.Context, active []*genScript, last map[string]uint64) error {
	at := g.began.Add(time.Duration(float64(g.span) * min(float64(g.appended.Load())/float64(g.planned), 1)))
	batch := make([]events.Pending, len(active))
	for i, s := range active {
		ev := s.events[s.pos]
		e, err := events.New(uuid.Must(uuid.NewV7()).String(), ev.subject, at, ev.actor, ev.payload)
		if err != nil {
			return err
		}
		if ev.caused {
			e.CausationID, e.CorrelationID = s.prevID, s.prevID
		}
		s.prevID = e.ID
		batch[i] = events.Pending{Envelope: e, Expected: last[ev.subject]}
	}
	res, err := g.b.be.store.AppendBatch(ctx, batch)
	if err != nil {
		return err
	}
	for i, s := range active {
		last[s.events[s.pos].subject] = res[i].Seq
		s.pos++
	}
	g.appended.Add(int64(len(batch)))
	return nil
}

// unfinished drops the scripts that are done, and forgets their subjects.
func unfinished(active []*genScript, last map[string]uint64) []*genScript {
	out := active[:0]
	for _, s := range active {
		if s.pos < len(s.events) {
			out = append(out, s)
			continue
		}
		for _, ev := range s.events {
			delete(last, ev.subject)
		}
	}
	return out
}

func (g *generator) showProgress(env environment, done <-chan struct{}, began time.Time) {
	t := time.NewTicker(250 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-done:
			return
		case <-t.C:
			g.printProgress(env, began, "")
		}
	}
}

// printProgress draws the progress bar on one line of stderr.
func (g *generator) printProgress(env environment, began time.Time, end string) {
	n := g.appended.Load()
	frac := min(float64(n)/float64(max(g.planned, 1)), 1)
	const width = 30
	bar := make([]byte, width)
	for i := range bar {
		bar[i] = map[bool]byte{true: '#', false: '.'}[i < int(frac*width)]
	}
	rate := float64(n) / max(time.Since(began).Seconds(), 0.001)
	fmt.Fprintf(env.stderr, "\r[%s] %3.0f%%  %s / ~%s events  %s/s   %s", bar, frac*100, thousands(float64(n)), thousands(float64(g.planned)),
		thousands(rate), end)
}
