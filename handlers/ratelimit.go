package handlers

import (
	"strconv"
	"sync"
	"time"
)

// Login throttling: after loginAttempts failures within loginWindow for an
// account or a client address, further attempts wait until the window
// passes.
const (
	loginAttempts = 10
	loginWindow   = 15 * time.Minute
)

type limiter struct {
	mu       sync.Mutex
	max      int
	window   time.Duration
	failures map[string][]time.Time
}

func newLimiter(max int, window time.Duration) *limiter {
	return &limiter{max: max, window: window, failures: map[string][]time.Time{}}
}

// blocked returns how long the caller must wait, 0 if not blocked.
func (l *limiter) blocked(now time.Time, keys ...string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	var wait time.Duration
	for _, k := range keys {
		recent := l.prune(k, now)
		if len(recent) >= l.max {
			wait = max(wait, recent[0].Add(l.window).Sub(now))
		}
	}
	return wait
}

// fail records a failure for each of keys. It returns the keys this
// failure locked: those that have just reached the limit.
func (l *limiter) fail(now time.Time, keys ...string) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.failures) > maxTracked {
		l.sweep(now)
	}
	var locked []string
	for _, k := range keys {
		l.failures[k] = append(l.prune(k, now), now)
		if len(l.failures[k]) == l.max {
			locked = append(locked, k)
		}
	}
	return locked
}

// maxTracked bounds the keys remembered before old ones are swept, so that
// trying many usernames cannot grow memory without end.
const maxTracked = 10000

func (l *limiter) sweep(now time.Time) {
	for k := range l.failures {
		l.prune(k, now)
	}
}

func (l *limiter) reset(key string) {
	l.mu.Lock()
	delete(l.failures, key)
	l.mu.Unlock()
}

func (l *limiter) prune(k string, now time.Time) []time.Time {
	recent := l.failures[k]
	i := 0
	for i < len(recent) && now.Sub(recent[i]) >= l.window {
		i++
	}
	recent = recent[i:]
	if len(recent) == 0 {
		delete(l.failures, k)
	} else {
		l.failures[k] = recent
	}
	return recent
}

func retryAfter(d time.Duration) string {
	return strconv.Itoa(int(d.Seconds()) + 1)
}
