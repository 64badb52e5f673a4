package handlers

import (
	"bytes"
	"context"
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"daotao/domain"
	"daotao/events"
)

// metrics holds what this process counts for /metrics. The Prometheus text
// format is written by hand (exposition below): a counter, a histogram and
// a few gauges do not justify client_golang and its dependencies.
type metrics struct {
	started  time.Time
	mu       sync.Mutex
	commands map[commandKey]uint64
	requests map[requestKey]*histogram
}

// commandKey labels daotao_commands_total: the route that ran the command
// ("" outside a request, such as the reference data published at start),
// the event type it decided ("" when it was refused before deciding one)
// and its outcome.
type commandKey struct{ route, typ, outcome string }

// requestKey labels daotao_http_request_duration_seconds.
type requestKey struct{ method, route, status string }

// latencyBuckets are the upper bounds, in seconds, of the request latency
// histogram: from a projection read (≈1 ms) to a synced cluster append
// that waited for a slow replica.
var latencyBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

// histogram counts observations per bucket (not cumulated; the last
// element is +Inf) with their sum.
type histogram struct {
	counts []uint64
	sum    float64
}

func newMetrics(started time.Time) *metrics {
	return &metrics{started: started, commands: map[commandKey]uint64{}, requests: map[requestKey]*histogram{}}
}

// countCommand adds one command to daotao_commands_total.
func (m *metrics) countCommand(route, typ, outcome string) {
	m.mu.Lock()
	m.commands[commandKey{route, typ, outcome}]++
	m.mu.Unlock()
}

// observeRequest adds one request's duration to the latency histogram.
func (m *metrics) observeRequest(method, route string, status int, d time.Duration) {
	k := requestKey{method, route, strconv.Itoa(status/100) + "xx"}
	secs := d.Seconds()
	i, _ := slices.BinarySearch(latencyBuckets, secs)
	m.mu.Lock()
	h := m.requests[k]
	if h == nil {
		h = &histogram{counts: make([]uint64, len(latencyBuckets)+1)}
		m.requests[k] = h
	}
	h.counts[i]++
	h.sum += secs
	m.mu.Unlock()
}

// write appends the counter and histogram families to x.
func (m *metrics) write(x *exposition) {
	m.mu.Lock()
	defer m.mu.Unlock()
	x.family("daotao_commands_total", "counter", "Commands run, by route, event type decided and outcome.")
	for _, k := range sortedKeys(m.commands, func(k commandKey) string { return k.route + "\x00" + k.typ + "\x00" + k.outcome }) {
		x.sample("daotao_commands_total", float64(m.commands[k]), "route", k.route, "type", k.typ, "outcome", k.outcome)
	}
	const name = "daotao_http_request_duration_seconds"
	x.family(name, "histogram", "HTTP request latency by method, route pattern and status class.")
	for _, k := range sortedKeys(m.requests, func(k requestKey) string { return k.route + "\x00" + k.method + "\x00" + k.status }) {
		m.requests[k].write(x, name, "method", k.method, "route", k.route, "status", k.status)
	}
}

func (h *histogram) write(x *exposition, name string, labels ...string) {
	var cum uint64
	for i, n := range h.counts {
		cum += n
		le := math.Inf(1)
		if i < len(latencyBuckets) {
			le = latencyBuckets[i]
		}
		x.sample(name+"_bucket", float64(cum), append(slices.Clip(labels), "le", formatFloat(le))...)
	}
	x.sample(name+"_sum", h.sum, labels...)
	x.sample(name+"_count", float64(cum), labels...)
}

func sortedKeys[K comparable, V any](m map[K]V, order func(K) string) []K {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b K) int { return strings.Compare(order(a), order(b)) })
	return keys
}

// exposition writes the Prometheus text format, version 0.0.4.
type exposition struct{ b bytes.Buffer }

// contentType is the media type of the text format.
const contentType = "text/plain; version=0.0.4; charset=utf-8"

func (x *exposition) family(name, typ, help string) {
	x.b.WriteString("# HELP " + name + " " + help + "\n# TYPE " + name + " " + typ + "\n")
}

// sample writes one line; labels alternate name and value.
func (x *exposition) sample(name string, value float64, labels ...string) {
	x.b.WriteString(name)
	for i := 0; i+1 < len(labels); i += 2 {
		sep := ","
		if i == 0 {
			sep = "{"
		}
		x.b.WriteString(sep + labels[i] + `="` + labelEscaper.Replace(labels[i+1]) + `"`)
	}
	if len(labels) > 1 {
		x.b.WriteByte('}')
	}
	x.b.WriteString(" " + formatFloat(value) + "\n")
}

var labelEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)

func formatFloat(v float64) string {
	switch {
	case math.IsInf(v, 1):
		return "+Inf"
	case math.IsInf(v, -1):
		return "-Inf"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// run decides and appends cmd (see execute) and counts it in
// daotao_commands_total by route, event type and outcome.
func (s *Server) run(ctx context.Context, cmd command) (outcome, error) {
	var typ string
	decide := cmd.decide
	cmd.decide = func() (decision, error) {
		d, err := decide()
		if d.payload != nil {
			typ = d.payload.EventType()
		}
		return d, err
	}
	out, err := s.execute(ctx, cmd)
	if out.replay != nil {
		typ = out.replay.EventType
	}
	s.metrics.countCommand(requestInfoOf(ctx).route, typ, commandOutcome(out, err))
	return out, err
}

// kindOutcome names the outcome of a command refused with an error kind.
var kindOutcome = map[domain.Kind]string{
	domain.KindInternal:        "internal",
	domain.KindInvalid:         "invalid",
	domain.KindUnauthorized:    "unauthorized",
	domain.KindForbidden:       "forbidden",
	domain.KindNotFound:        "not_found",
	domain.KindConflict:        "conflict",
	domain.KindUnprocessable:   "unprocessable",
	domain.KindTooManyRequests: "too_many_requests",
	domain.KindUnavailable:     "unavailable",
}

// commandOutcome is "ok", "replayed" (a repeated Idempotency-Key), "noop"
// (nothing to record), or the kind of the error that refused it.
func commandOutcome(out outcome, err error) string {
	switch {
	case err == nil && out.replay != nil:
		return "replayed"
	case err == nil && out.noop:
		return "noop"
	case err == nil:
		return "ok"
	case errors.Is(err, events.ErrConflict):
		return "conflict"
	case errors.Is(err, events.ErrUnavailable), errors.Is(err, context.DeadlineExceeded):
		return "unavailable"
	}
	return kindOutcome[domain.KindOf(err)]
}
