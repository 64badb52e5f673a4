package main

import (
	"bufio"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"time"
)

// latencySummary is the distribution of one kind of request.
type latencySummary struct {
	Count int     `json:"count"`
	P50Ms float64 `json:"p50_ms"`
	P99Ms float64 `json:"p99_ms"`
	MaxMs float64 `json:"max_ms"`
}

// samples are latencies of one kind of request.
type samples []time.Duration

func (s samples) summary() latencySummary {
	sorted := slices.Clone(s)
	slices.Sort(sorted)
	return latencySummary{Count: len(sorted), P50Ms: ms(percentile(sorted, 0.50)), P99Ms: ms(percentile(sorted, 0.99)),
		MaxMs: ms(percentile(sorted, 1))}
}

// percentile returns the nearest-rank percentile p (0 < p <= 1) of sorted.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(math.Ceil(p*float64(len(sorted)))) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

func ms(d time.Duration) float64 { return round3(float64(d) / float64(time.Millisecond)) }

func round3(v float64) float64 { return math.Round(v*1000) / 1000 }

func perSecond(n int, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return math.Round(float64(n) / d.Seconds())
}

type memoryResult struct {
	// RSSMiB is the resident set after a full collection that returned
	// freed memory to the OS: the live projections, the embedded server
	// and the binary.
	RSSMiB float64 `json:"rss_mib"`
	// PeakRSSMiB is the largest resident set the process had so far.
	PeakRSSMiB float64 `json:"peak_rss_mib"`
	// HeapMiB is the Go heap in use after that collection.
	HeapMiB float64 `json:"heap_mib"`
	SysMiB  float64 `json:"sys_mib"`
	// HeapInuseMiB is the heap's spans in use: HeapMiB plus the free
	// slots of partly used spans (fragmentation); StacksMiB and
	// RuntimeMiB the goroutine stacks and the runtime's own structures
	// (spans, collector metadata): with the binary, what the RSS holds
	// beyond the heap.
	HeapInuseMiB float64 `json:"heap_inuse_mib"`
	StacksMiB    float64 `json:"stacks_mib"`
	RuntimeMiB   float64 `json:"runtime_mib"`
}

// measureMemory collects garbage, then reads the process's memory.
func measureMemory() memoryResult {
	runtime.GC()
	debug.FreeOSMemory()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	status := procFields("/proc/self/status")
	mib := func(b uint64) float64 { return round3(float64(b) / (1 << 20)) }
	return memoryResult{RSSMiB: kibToMiB(status["VmRSS"]), PeakRSSMiB: kibToMiB(status["VmHWM"]),
		HeapMiB: mib(ms.HeapAlloc), SysMiB: mib(ms.Sys), HeapInuseMiB: mib(ms.HeapInuse), StacksMiB: mib(ms.StackSys),
		RuntimeMiB: mib(ms.MSpanSys + ms.MCacheSys + ms.BuckHashSys + ms.GCSys + ms.OtherSys)}
}

func kibToMiB(v string) float64 {
	n, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
	return round3(n / 1024)
}

// procFields reads "Key: value" lines of a /proc file; missing: empty.
func procFields(path string) map[string]string {
	out := map[string]string{}
	f, err := os.Open(path)
	if err != nil {
		return out
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok {
			if _, seen := out[strings.TrimSpace(k)]; !seen {
				out[strings.TrimSpace(k)] = strings.TrimSpace(v)
			}
		}
	}
	return out
}

type machineInfo struct {
	Cores      int    `json:"cores"`
	GOMAXPROCS int    `json:"gomaxprocs"`
	CPU        string `json:"cpu"`
	MemoryMiB  int    `json:"memory_mib"`
	OS         string `json:"os"`
	Arch       string `json:"arch"`
	GoVersion  string `json:"go_version"`
	Commit     string `json:"git_commit"`
	Version    string `json:"daotao_version"`
	// LoadAvg are the 1-minute load averages at the start and at the end
	// of the run: other work on the machine skews every figure.
	LoadAvgStart float64 `json:"load_avg_start"`
	LoadAvgEnd   float64 `json:"load_avg_end"`
}

// loadAvg returns the 1-minute load average, 0 where there is none.
func loadAvg() float64 {
	data, _ := os.ReadFile("/proc/loadavg")
	fields := strings.Fields(string(data))
	if len(fields) == 0 {
		return 0
	}
	v, _ := strconv.ParseFloat(fields[0], 64)
	return v
}

func describeMachine() machineInfo {
	return machineInfo{Cores: runtime.NumCPU(), GOMAXPROCS: runtime.GOMAXPROCS(0), CPU: orUnknown(procFields("/proc/cpuinfo")["model name"]),
		MemoryMiB: int(kibToMiB(procFields("/proc/meminfo")["MemTotal"])), OS: runtime.GOOS, Arch: runtime.GOARCH,
		GoVersion: runtime.Version(), Commit: gitCommit(), Version: version, LoadAvgStart: loadAvg()}
}

// gitCommit returns the commit the executable was built from ("-dirty"
// appended for a tree with changes) or, for a build without version
// control information, the commit of the working directory's repository,
// or "unknown".
func gitCommit() string {
	if rev, modified := buildRevision(); rev != "" { // serve_snapshots.go
		if modified {
			rev += "-dirty"
		}
		return rev
	}
	out, err := exec.Command("git", "rev-parse", "HEAD").Output()
	if err != nil {
		return "unknown"
	}
	return orUnknown(strings.TrimSpace(string(out)))
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}

// profiler writes one CPU profile per phase into dir, if dir is set.
type profiler struct{ dir string }

// start begins the profile of phase and returns the function that ends it.
// A profile that cannot be written is skipped: it is an aid, not a result.
func (p profiler) start(phase string) func() {
	if p.dir == "" {
		return func() {}
	}
	if err := os.MkdirAll(p.dir, 0o755); err != nil {
		return func() {}
	}
	f, err := os.Create(filepath.Join(p.dir, phase+".pprof"))
	if err != nil {
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return func() {}
	}
	return func() { pprof.StopCPUProfile(); f.Close() }
}

// heap writes a profile of the live heap as name, if dir is set.
func (p profiler) heap(name string) {
	if p.dir == "" {
		return
	}
	if f, err := os.Create(filepath.Join(p.dir, name+".pprof")); err == nil {
		_ = pprof.WriteHeapProfile(f)
		f.Close()
	}
}
