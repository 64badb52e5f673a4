package projections

import (
	"math"
	"time"

	"daotao/domain"
)

// progressIndex keeps what ProgressAt counts as sorted times, so that a
// count at any time t is a rank instead of a scan of every official and
// nomination: for each official of the four groups, when it entered the
// roster (its registration), and whether and since when it holds a
// postgraduate degree, has an approved refresher nomination and has an
// approved postgraduate one (the later of its registration and its first
// such decision). apply moves an official's times when one of its events
// or of its nominations' changes them (move). Times are Unix nanoseconds;
// a time outside their range makes the index inexact and ProgressAt scans.
type progressIndex struct {
	roster    [4]chunkList[int64] // by group 1–4
	degree    chunkList[int64]
	refresher chunkList[int64]
	postgrad  chunkList[int64]
	inexact   bool
}

// contribution is what one official adds to the counts: nothing outside
// the four groups.
type contribution struct {
	group                             int // 1–4, 0 when outside the roster
	registered, refresher, postgrad   int64
	degree, hasRefresher, hasPostgrad bool
}

var (
	minNanos = time.Unix(0, math.MinInt64+1)
	maxNanos = time.Unix(0, math.MaxInt64-1)
)

// key returns t in Unix nanoseconds, marking the index inexact when t is
// out of their range.
func (p *progressIndex) key(t time.Time) int64 {
	if t.Before(minNanos) || t.After(maxNanos) {
		p.inexact = true
		return 0
	}
	return t.UnixNano()
}

// bound returns t in Unix nanoseconds, clamped to their range: every time
// the index holds is strictly inside it.
func bound(t time.Time) int64 {
	switch {
	case t.Before(minNanos):
		return math.MinInt64
	case t.After(maxNanos):
		return math.MaxInt64
	}
	return t.UnixNano()
}

// contribution returns what official row i adds to the counts now.
func (x *readIndex) contribution(i int32) contribution {
	o := &x.officials[i]
	if o.group < 1 || o.group > 4 {
		return contribution{}
	}
	c := contribution{group: o.group, registered: x.progress.key(o.registered), degree: o.degree}
	for j := o.first; j >= 0; j = x.nominations[j].next {
		row := &x.nominations[j]
		if x.queue.statuses[row.status] != domain.StatusApproved || row.decided.IsZero() {
			continue
		}
		d := max(x.progress.key(row.decided), c.registered)
		if row.postgrad {
			if !c.hasPostgrad || d < c.postgrad {
				c.postgrad, c.hasPostgrad = d, true
			}
		} else if !c.hasRefresher || d < c.refresher {
			c.refresher, c.hasRefresher = d, true
		}
	}
	return c
}

func lessThan(v int64) func(int64) bool { return func(e int64) bool { return e < v } }

// move replaces an official's contribution before by after.
func (p *progressIndex) move(before, after contribution) {
	if before == after {
		return
	}
	p.each(before, func(l *chunkList[int64], v int64) { l.remove(v, lessThan(v)) })
	p.each(after, func(l *chunkList[int64], v int64) { l.insert(v, lessThan(v+1)) })
}

// each calls fn with every list c puts a time in, and the time.
func (p *progressIndex) each(c contribution, fn func(*chunkList[int64], int64)) {
	if c.group == 0 {
		return
	}
	fn(&p.roster[c.group-1], c.registered)
	if c.degree {
		fn(&p.degree, c.registered)
	}
	if c.hasRefresher {
		fn(&p.refresher, c.refresher)
	}
	if c.hasPostgrad {
		fn(&p.postgrad, c.postgrad)
	}
}

// progressAt counts Progress at t from the index; ok is false when the
// index is inexact.
func (x *readIndex) progressAt(t time.Time) (p Progress, ok bool) {
	if x.progress.inexact {
		return Progress{}, false
	}
	k := bound(t)
	atMost := func(e int64) bool { return e <= k }
	p.ByGroup = map[int]int{}
	for g := range x.progress.roster {
		if n := x.progress.roster[g].rank(atMost); n > 0 {
			p.Roster += n
			p.ByGroup[g+1] = n
		}
	}
	p.PostgradDegree = x.progress.degree.rank(atMost)
	p.Refresher = x.progress.refresher.rank(atMost)
	p.PostgradSent = x.progress.postgrad.rank(atMost)
	return p, true
}
