package audit_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"daotao/events/chain"
	"daotao/projections/audit"
)

// TestTamperedBundle makes one kind of change to a good bundle at a time
// and checks that verification fails naming the file, the first bad line
// and the reason.
func TestTamperedBundle(t *testing.T) {
	good, _ := export(t, scripted(t), 6, "")
	evs := func(edit func([]string) []string) []byte { return rewrite(t, good, audit.FileEvents, lines(edit)) }
	tests := []struct {
		name   string
		bundle []byte
		file   string
		line   int
		want   string
	}{
		{"field changed", evs(func(l []string) []string {
			l[2] = strings.Replace(l[2], "nghỉ", "nghi", 1)
			return l
		}), audit.FileEvents, 3, "differs from when it was exported"},
		{"line deleted", evs(func(l []string) []string { return append(l[:2], l[3:]...) }), audit.FileEvents, 3, "events 3 to 3 are missing"},
		{"last line deleted", evs(func(l []string) []string { return l[:5] }), audit.FileEvents, 6, "should end at seq 6"},
		{"line duplicated", evs(func(l []string) []string { return append(l[:2], append([]string{l[1]}, l[2:]...)...) }), audit.FileEvents, 3, "repeated or moved back"},
		{"lines swapped", evs(func(l []string) []string {
			l[2], l[3] = l[3], l[2]
			return l
		}), audit.FileEvents, 3, "sequence 4 where 3 was expected"},
		{"line deleted and renumbered", evs(func(l []string) []string { return renumbered(t, append(l[:2], l[3:]...), 3, false) }), audit.FileEvents, 3, "differs from when it was exported"},
		{"blank line", evs(func(l []string) []string { return append(l[:2], append([]string{""}, l[2:]...)...) }), audit.FileEvents, 3, "empty line"},
		{"spacing", evs(func(l []string) []string {
			l[1] = strings.Replace(l[1], `"seq":2`, `"seq": 2`, 1)
			return l
		}), audit.FileEvents, 2, "not laid out"},
		{"cut short", rewrite(t, good, audit.FileEvents, func(b []byte) []byte { return b[:len(b)-10] }), audit.FileEvents, 6, "cut short"},
		{"stored time changed", evs(func(l []string) []string {
			l[0] = strings.Replace(l[0], `"stored_at":"20`, `"stored_at":"19`, 1)
			return l
		}), audit.FileManifest, 0, "events_sha256"},
		{"manifest root", rewrite(t, good, audit.FileManifest, manifestField("root_hash", strings.Repeat("ab", 32))), audit.FileManifest, 0, "root_hash"},
		{"manifest count", rewrite(t, good, audit.FileManifest, manifestField("count", 5)), audit.FileManifest, 0, "count is 5"},
		{"seals.json", rewrite(t, good, audit.FileSeals, func([]byte) []byte { return []byte("[]\n") }), audit.FileSeals, 0, "differs"},
		{"events.jsonl removed", rewrite(t, good, audit.FileEvents, func([]byte) []byte { return nil }), audit.FileEvents, 0, "missing"},
		{"not gzip", []byte("PK not a bundle"), "", 0, "not a gzip"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := audit.ReadBundle(bytes.NewReader(tt.bundle), nil)
			wantProblem(t, err, tt.file, tt.line, tt.want)
		})
	}
}

// TestConsistentForgeryIsCaughtBySeal rewrites an event before a seal's
// cut-off and recomputes every hash, link, root and the manifest, as a
// forger who knows the rules would: the seal, recorded before, no longer
// matches.
func TestConsistentForgeryIsCaughtBySeal(t *testing.T) {
	good, _ := export(t, scripted(t), 6, "")
	forged := rewrite(t, good, audit.FileEvents, lines(func(l []string) []string {
		l[2] = strings.Replace(l[2], "nghỉ", "nghi", 1)
		return renumbered(t, l, 1, true)
	}))
	_, err := audit.ReadBundle(bytes.NewReader(forged), nil)
	wantProblem(t, err, audit.FileEvents, 6, "root_hash")
}

// renumbered gives lines from the from-th on the sequence of their place
// and, with rehash, recomputes every line's hashes, as a forger who knows
// the rules would.
func renumbered(t *testing.T, ls []string, from int, rehash bool) []string {
	t.Helper()
	l := chain.New()
	for i := range ls {
		var line audit.Line
		if err := json.Unmarshal([]byte(ls[i]), &line); err != nil {
			t.Fatal(err)
		}
		if i+1 >= from {
			line.Seq = uint64(i + 1)
		}
		if e, err := l.Append(line.Seq, line.Subject, line.Envelope); rehash && err == nil {
			line.Hash, line.Link, line.Root = e.Event.String(), e.Link.String(), e.Root.String()
		}
		b, _ := json.Marshal(line)
		ls[i] = string(b)
	}
	return ls
}

// manifestField returns an edit setting one field of manifest.json.
func manifestField(name string, value any) func([]byte) []byte {
	return func(b []byte) []byte {
		var m map[string]any
		_ = json.Unmarshal(b, &m)
		m[name] = value
		out, _ := json.MarshalIndent(m, "", "  ")
		return out
	}
}
