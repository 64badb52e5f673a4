package programme_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"daotao/domain/programme"
	"daotao/events"
)

// defaultDoc returns the embedded document or stops the test.
func defaultDoc(tb testing.TB) *programme.Document {
	tb.Helper()
	d, err := programme.Default()
	if err != nil {
		tb.Fatalf("Default() error = %v", err)
	}
	return d
}

// defaultBaseline returns the embedded baseline or stops the test.
func defaultBaseline(tb testing.TB) programme.Baseline {
	tb.Helper()
	b, err := programme.DefaultBaseline()
	if err != nil {
		tb.Fatalf("DefaultBaseline() error = %v", err)
	}
	return b
}

// docJSON returns the default document as a generic JSON tree, for tests
// that break one part of it.
func docJSON(tb testing.TB) map[string]any {
	tb.Helper()
	b, err := defaultDoc(tb).JSON()
	if err != nil {
		tb.Fatalf("JSON() error = %v", err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		tb.Fatalf("unmarshal: %v", err)
	}
	return m
}

// mustJSON marshals v or stops the test.
func mustJSON(tb testing.TB, v any) []byte {
	tb.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatalf("marshal: %v", err)
	}
	return b
}

// list returns m[key] as a JSON array.
func list(m map[string]any, key string) []any { return m[key].([]any) }

// item returns element i of the JSON array m[key] as an object.
func item(m map[string]any, key string, i int) map[string]any {
	return list(m, key)[i].(map[string]any)
}

func day(y, m, d int) events.Date { return events.NewDate(y, time.Month(m), d) }

func mustDate(tb testing.TB, s string) events.Date {
	tb.Helper()
	d, err := events.ParseDate(s)
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

// dataFile reads one of the embedded data files from the source tree.
func dataFile(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("data", name))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}
