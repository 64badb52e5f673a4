package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// benchReport is what `daotao bench` writes to bench.json. Durations are
// in milliseconds (_ms) or seconds (_s); rates per second (_per_s).
type benchReport struct {
	Scale     string        `json:"scale"`
	Quick     bool          `json:"quick,omitempty"`
	StartedAt time.Time     `json:"started_at"`
	Machine   machineInfo   `json:"machine"`
	NATS      natsInfo      `json:"nats"`
	Data      dataInfo      `json:"data"`
	Raw       rawResult     `json:"raw"`
	App       appResult     `json:"app"`
	Rebuild   rebuildResult `json:"rebuild"`
	Restart   restartResult `json:"restart"`
	Query     queryResult   `json:"query"`
	Memory    memoryResult  `json:"memory"`
	Ratio     ratioResult   `json:"ratio"`
	Targets   []targetCheck `json:"targets"`
}

type natsInfo struct {
	Mode          string `json:"mode"` // embedded or url
	URL           string `json:"url,omitempty"`
	ServerVersion string `json:"server_version"`
	Replicas      int    `json:"replicas"`
	Cluster       string `json:"cluster,omitempty"`
	// ClusterPeers are the servers holding the event stream: the leader
	// first, then its replicas.
	ClusterPeers []string `json:"cluster_peers,omitempty"`
	// Sync is "always" for the embedded server; a server reached by URL
	// keeps its own setting, which a client cannot see.
	Sync string `json:"sync"`
}

type dataInfo struct {
	Events          uint64  `json:"events"`
	Bytes           uint64  `json:"bytes"`
	Subjects        uint64  `json:"subjects"`
	Generated       bool    `json:"generated"`
	GeneratedEvents uint64  `json:"generated_events,omitempty"`
	GenerateS       float64 `json:"generate_s,omitempty"`
	Folder          string  `json:"folder,omitempty"`
}

type rawResult struct {
	Publishers   int `json:"publishers"`
	PayloadBytes int `json:"payload_bytes"`
	Appends      int `json:"appends"`
	// AppendRunsPerS are the rates of the rounds, each followed by a round
	// of commands; AppendPerS is over all of them.
	AppendRunsPerS []float64 `json:"append_runs_per_s"`
	AppendPerS     float64   `json:"append_per_s"`
	AppendP50Ms    float64   `json:"append_p50_ms"`
	AppendP99Ms    float64   `json:"append_p99_ms"`
	// Followed* are the same publishers while an ordered consumer reads
	// every message as it is stored, as the projections follow the event
	// stream: a diagnosis of what following costs, not the baseline.
	FollowedRunsPerS []float64 `json:"followed_runs_per_s,omitempty"`
	FollowedPerS     float64   `json:"followed_per_s,omitempty"`
	FollowedP50Ms    float64   `json:"followed_p50_ms,omitempty"`
	FollowedP99Ms    float64   `json:"followed_p99_ms,omitempty"`
	// HTTP* are the same publishers behind a bare net/http server, with
	// the consumer following: 64 HTTP clients, a handler that appends
	// the posted event and answers its sequence, no application code. A
	// diagnosis: what any HTTP service keeping a read model pays here.
	HTTPRunsPerS []float64 `json:"http_runs_per_s,omitempty"`
	HTTPPerS     float64   `json:"http_per_s,omitempty"`
	HTTPP50Ms    float64   `json:"http_p50_ms,omitempty"`
	HTTPP99Ms    float64   `json:"http_p99_ms,omitempty"`
	DrainEvents  int       `json:"drain_events"`
	DrainPerS    float64   `json:"drain_per_s"`
}

type appResult struct {
	Mix          string                    `json:"mix"`
	Clients      int                       `json:"clients"`
	Commands     int                       `json:"commands"`
	Errors       map[string]int            `json:"errors"`
	CommandsPerS float64                   `json:"commands_per_s"`
	P50Ms        float64                   `json:"p50_ms"`
	P99Ms        float64                   `json:"p99_ms"`
	ByCommand    map[string]latencySummary `json:"by_command"`
	// RoundsPerS are the rates of the rounds, each after a round of raw
	// appends.
	RoundsPerS []float64 `json:"rounds_per_s"`
	// ProjectionLag is how long after a command's answer the projections
	// had applied its event: what the next command or read of the same
	// process waits for before it decides or answers.
	ProjectionLagP50Ms float64 `json:"projection_lag_p50_ms"`
	ProjectionLagP99Ms float64 `json:"projection_lag_p99_ms"`
	// UnderQueriesPerS is the command rate while the queries ran.
	UnderQueriesPerS float64 `json:"under_queries_per_s"`
}

type rebuildResult struct {
	Events     int     `json:"events"`
	Seconds    float64 `json:"seconds"`
	EventsPerS float64 `json:"events_per_s"`
}

type restartResult struct {
	// Method is "process": the real binary started as `daotao serve` and
	// timed from exec to its first 200 on /readyz.
	Method    string  `json:"method"`
	ListenS   float64 `json:"listen_s"`
	ReadyS    float64 `json:"ready_s"`
	LogEvents uint64  `json:"log_events"`
	// RSSMiB is the restarted process's resident memory 3 s after ready.
	RSSMiB float64 `json:"rss_mib"`
	// Snapshot is the snapshot the restart started from; FullReplayS
	// the same restart with --snapshots=false (0: not measured).
	Snapshot    snapshotResult `json:"snapshot"`
	FullReplayS float64        `json:"full_replay_s,omitempty"`
}

// snapshotResult is the projection snapshot the benchmark takes after the
// commands, as serve does periodically and at shutdown.
type snapshotResult struct {
	Seq   uint64  `json:"seq"`
	Bytes int     `json:"bytes"`
	SaveS float64 `json:"save_s"`
	// TailEvents are the events after it that the restart replays.
	TailEvents uint64 `json:"tail_events"`
}

type queryResult struct {
	RatePerS       int            `json:"rate_per_s"`
	QueueP50Ms     float64        `json:"queue_p50_ms"`
	QueueP99Ms     float64        `json:"queue_p99_ms"`
	DashboardP50Ms float64        `json:"dashboard_p50_ms"`
	DashboardP99Ms float64        `json:"dashboard_p99_ms"`
	OfficialP50Ms  float64        `json:"official_p50_ms"`
	OfficialP99Ms  float64        `json:"official_p99_ms"`
	Counts         map[string]int `json:"counts"`
	Errors         map[string]int `json:"errors"`
}

type ratioResult struct {
	CommandsVsRaw float64 `json:"commands_vs_raw"`
	// CommandsVsRawRounds compares each round of commands with the raw
	// round just before it; CommandsVsRawMedian is their median.
	CommandsVsRawRounds []float64 `json:"commands_vs_raw_rounds"`
	CommandsVsRawMedian float64   `json:"commands_vs_raw_median"`
	RebuildVsDrain      float64   `json:"rebuild_vs_drain"`
	// FollowedVsRaw is raw.followed_per_s / raw.append_per_s: the share of
	// the raw append rate left when a consumer follows the stream;
	// CommandsVsFollowed compares the commands with that.
	FollowedVsRaw      float64 `json:"followed_vs_raw,omitempty"`
	CommandsVsFollowed float64 `json:"commands_vs_followed,omitempty"`
	// HTTPVsRaw is raw.http_per_s / raw.append_per_s: the bare HTTP
	// floor; CommandsVsHTTP compares the commands with it, which is
	// what the application's own code costs.
	HTTPVsRaw      float64 `json:"http_vs_raw,omitempty"`
	CommandsVsHTTP float64 `json:"commands_vs_http,omitempty"`
	// P99OverRawMs is app.p99_ms − raw.append_p99_ms.
	P99OverRawMs float64 `json:"p99_over_raw_ms"`
}

// targetCheck is one target of issue 7 and whether this run met it.
type targetCheck struct {
	Name   string  `json:"name"`
	Target string  `json:"target"`
	Value  float64 `json:"value"`
	Met    bool    `json:"met"`
}

func (r *benchReport) start(sc benchScale, f benchFlags) {
	r.Scale, r.Quick, r.StartedAt = sc.name, f.quick, time.Now().UTC().Truncate(time.Second)
	r.Machine = describeMachine()
	r.App.Clients, r.Raw.Publishers = f.clients, f.clients
}

// finish computes the ratios and checks the targets.
func (r *benchReport) finish() {
	r.Machine.LoadAvgEnd = loadAvg()
	r.Ratio = ratioResult{
		CommandsVsRaw:      round3(ratio(r.App.CommandsPerS, r.Raw.AppendPerS)),
		RebuildVsDrain:     round3(ratio(r.Rebuild.EventsPerS, r.Raw.DrainPerS)),
		P99OverRawMs:       round3(r.App.P99Ms - r.Raw.AppendP99Ms),
		FollowedVsRaw:      round3(ratio(r.Raw.FollowedPerS, r.Raw.AppendPerS)),
		CommandsVsFollowed: round3(ratio(r.App.CommandsPerS, r.Raw.FollowedPerS)),
		HTTPVsRaw:          round3(ratio(r.Raw.HTTPPerS, r.Raw.AppendPerS)),
		CommandsVsHTTP:     round3(ratio(r.App.CommandsPerS, r.Raw.HTTPPerS)),
	}
	for i, rate := range r.App.RoundsPerS {
		if i < len(r.Raw.AppendRunsPerS) {
			r.Ratio.CommandsVsRawRounds = append(r.Ratio.CommandsVsRawRounds, round3(ratio(rate, r.Raw.AppendRunsPerS[i])))
		}
	}
	r.Ratio.CommandsVsRawMedian = median(r.Ratio.CommandsVsRawRounds)
	r.Targets = []targetCheck{
		{"ratio.commands_vs_raw", "≥ 0.8", r.Ratio.CommandsVsRaw, r.Ratio.CommandsVsRaw >= 0.8},
		{"app.p99_ms", fmt.Sprintf("≤ raw.append_p99_ms + 5 = %.1f", r.Raw.AppendP99Ms+5), r.App.P99Ms, r.App.P99Ms <= r.Raw.AppendP99Ms+5},
		{"ratio.rebuild_vs_drain", "≥ 0.5", r.Ratio.RebuildVsDrain, r.Ratio.RebuildVsDrain >= 0.5},
		{"restart.ready_s", "≤ 3 (at 1,000,000 events)", r.Restart.ReadyS, r.Restart.ReadyS <= 3},
		{"query.queue_p99_ms", "≤ 20", r.Query.QueueP99Ms, r.Query.QueueP99Ms <= 20},
		{"query.dashboard_p99_ms", "≤ 50", r.Query.DashboardP99Ms, r.Query.DashboardP99Ms <= 50},
		{"memory.rss_mib", "≤ 1024", r.Memory.RSSMiB, r.Memory.RSSMiB <= 1024},
	}
}

func median(vs []float64) float64 {
	if len(vs) == 0 {
		return 0
	}
	s := slices.Clone(vs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return round3((s[len(s)/2-1] + s[len(s)/2]) / 2)
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

// printBenchTable writes the results for people: context, then one row
// per measure with its target.
func printBenchTable(w io.Writer, r *benchReport) {
	m := r.Machine
	fmt.Fprintf(w, "\ndaotao bench — scale %s%s, %s NATS %s (R%d, sync %s)\n", r.Scale, quickNote(r.Quick), r.NATS.Mode,
		r.NATS.ServerVersion, r.NATS.Replicas, r.NATS.Sync)
	fmt.Fprintf(w, "machine: %d cores (%s), %d MiB, %s %s/%s, commit %s, load average %.1f → %.1f\n", m.Cores, m.CPU, m.MemoryMiB,
		m.GoVersion, m.OS, m.Arch, short(m.Commit), m.LoadAvgStart, m.LoadAvgEnd)
	fmt.Fprintf(w, "data: %s events, %s MiB%s\n\n", thousands(float64(r.Data.Events)), thousands(float64(r.Data.Bytes)/(1<<20)), generatedNote(r.Data))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "phase\tmeasure\tvalue\ttarget")
	for _, row := range tableRows(r) {
		fmt.Fprintln(tw, strings.Join(row[:], "\t"))
	}
	tw.Flush()
}

func tableRows(r *benchReport) [][4]string {
	t := map[string]string{}
	for _, c := range r.Targets {
		t[c.Name] = c.Target + map[bool]string{true: "  met", false: "  MISSED"}[c.Met]
	}
	ms := func(p50, p99 float64) string { return fmt.Sprintf("%.2f / %.2f", p50, p99) }
	return [][4]string{
		{"raw", fmt.Sprintf("append/s (%d publishers, %d rounds)", r.Raw.Publishers, len(r.Raw.AppendRunsPerS)), thousands(r.Raw.AppendPerS), ""},
		{"", "append p50 / p99 ms", ms(r.Raw.AppendP50Ms, r.Raw.AppendP99Ms), ""},
		{"", "append/s with a consumer following (diagnosis)", thousands(r.Raw.FollowedPerS), ""},
		{"", "same behind bare HTTP, followed (diagnosis): append/s, p50 / p99 ms", fmt.Sprintf("%s, %s", thousands(r.Raw.HTTPPerS), ms(r.Raw.HTTPP50Ms, r.Raw.HTTPP99Ms)), ""},
		{"", "drain/s (ordered consumer)", thousands(r.Raw.DrainPerS), ""},
		{"commands", fmt.Sprintf("commands/s (%d HTTP clients, %s)", r.App.Clients, r.App.Mix), thousands(r.App.CommandsPerS), ""},
		{"", "p50 / p99 ms", ms(r.App.P50Ms, r.App.P99Ms), t["app.p99_ms"]},
		{"", "projection lag after answer p50 / p99 ms", ms(r.App.ProjectionLagP50Ms, r.App.ProjectionLagP99Ms), ""},
		{"", "commands/s with queries", thousands(r.App.UnderQueriesPerS), ""},
		{"rebuild", "events/s", thousands(r.Rebuild.EventsPerS), ""},
		{"", "events / seconds", fmt.Sprintf("%s / %.2f", thousands(float64(r.Rebuild.Events)), r.Rebuild.Seconds), ""},
		{"restart", "exec to /readyz, s (snapshot + tail)", fmt.Sprintf("%.2f", r.Restart.ReadyS), t["restart.ready_s"]},
		{"", "snapshot MiB / save s / tail events", fmt.Sprintf("%.0f / %.2f / %d", float64(r.Restart.Snapshot.Bytes)/(1<<20), r.Restart.Snapshot.SaveS, r.Restart.Snapshot.TailEvents), ""},
		{"", "exec to /readyz, s (full replay)", fmt.Sprintf("%.2f", r.Restart.FullReplayS), ""},
		{"", "RSS after restart MiB", fmt.Sprintf("%.0f", r.Restart.RSSMiB), ""},
		{"queries", "council queue p50 / p99 ms", ms(r.Query.QueueP50Ms, r.Query.QueueP99Ms), t["query.queue_p99_ms"]},
		{"", "dashboard (targets) p50 / p99 ms", ms(r.Query.DashboardP50Ms, r.Query.DashboardP99Ms), t["query.dashboard_p99_ms"]},
		{"", "official's nominations p50 / p99 ms", ms(r.Query.OfficialP50Ms, r.Query.OfficialP99Ms), ""},
		{"memory", "RSS / peak RSS MiB", fmt.Sprintf("%.0f / %.0f", r.Memory.RSSMiB, r.Memory.PeakRSSMiB), t["memory.rss_mib"]},
		{"", "Go heap MiB", fmt.Sprintf("%.0f", r.Memory.HeapMiB), ""},
		{"ratios", "commands vs raw append", fmt.Sprintf("%.2f", r.Ratio.CommandsVsRaw), t["ratio.commands_vs_raw"]},
		{"", "per round (median)", fmt.Sprintf("%s (%.2f)", joinFloats(r.Ratio.CommandsVsRawRounds), r.Ratio.CommandsVsRawMedian), ""},
		{"", "raw followed vs raw; commands vs raw followed", fmt.Sprintf("%.2f; %.2f", r.Ratio.FollowedVsRaw, r.Ratio.CommandsVsFollowed), ""},
		{"", "bare HTTP followed vs raw; commands vs bare HTTP", fmt.Sprintf("%.2f; %.2f", r.Ratio.HTTPVsRaw, r.Ratio.CommandsVsHTTP), ""},
		{"", "rebuild vs drain", fmt.Sprintf("%.2f", r.Ratio.RebuildVsDrain), t["ratio.rebuild_vs_drain"]},
	}
}

func joinFloats(vs []float64) string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = fmt.Sprintf("%.2f", v)
	}
	return strings.Join(out, " ")
}

func quickNote(quick bool) string {
	if quick {
		return " (quick: test sizes, not a measurement)"
	}
	return ""
}

func generatedNote(d dataInfo) string {
	if !d.Generated {
		return " (reused from " + d.Folder + ")"
	}
	return fmt.Sprintf(" (%s generated in %.0f s)", thousands(float64(d.GeneratedEvents)), d.GenerateS)
}

func short(commit string) string {
	if len(commit) > 12 {
		return commit[:12]
	}
	return commit
}

// thousands formats v rounded to an integer with thousands separators.
func thousands(v float64) string {
	s := fmt.Sprintf("%.0f", v)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
