package projections_test

import (
	"encoding/json"
	"os"
	"runtime"
	"runtime/pprof"
	"testing"

	"daotao/events"
	"daotao/projections"
)

// TestStateMemory reports the heap a State keeps per official of the
// synthetic log (benchLog: an official, a nomination, its decision and
// the agency's notification), with every event decoded from its stored
// JSON and interned as a replay does: run with -v to see the figure. It
// fails above a bound well over the figure, so that a regression shows.
func TestStateMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("allocates")
	}
	const n = 20_000
	profile := os.Getenv("DAOTAO_STATE_HEAP_PROFILE") // where to write the state's heap profile
	if profile != "" {
		runtime.MemProfileRate = 512
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	log := benchLog(t, n)
	for i, r := range log {
		b, err := json.Marshal(r.Envelope)
		if err != nil {
			t.Fatal(err)
		}
		env, err := events.Decode(b)
		if err != nil {
			t.Fatal(err)
		}
		p, err := events.Unmarshal(env)
		if err != nil {
			t.Fatal(err)
		}
		events.Intern(p)
		log[i].Envelope, log[i].Payload = env, p
	}
	s := projections.New()
	for _, r := range log {
		if err := s.Apply(r); err != nil {
			t.Fatal(err)
		}
	}
	events := len(log)
	log = nil
	runtime.GC()
	runtime.ReadMemStats(&after)
	per := (float64(after.HeapAlloc) - float64(before.HeapAlloc)) / n
	t.Logf("%.0f bytes per official with its nomination (%d officials, %d events)", per, n, events)
	if per > 8000 {
		t.Errorf("%.0f bytes per official", per)
	}
	if profile != "" {
		f, err := os.Create(profile)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := pprof.WriteHeapProfile(f); err != nil {
			t.Fatal(err)
		}
	}
	runtime.KeepAlive(s)
}
