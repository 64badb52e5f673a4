package audit

import (
	"fmt"
	"time"
)

// Bundle format and hash rules, as named in manifest.json.
const (
	Format    = "daotao-audit-bundle/1"
	HashRules = "daotao-chain/1"
)

// Names of the files of a bundle.
const (
	FileEvents   = "events.jsonl"
	FileSeals    = "seals.json"
	FileManifest = "manifest.json"
	FileReadme   = "README.txt"
)

// Manifest describes a bundle: what it holds and the root of its chain.
type Manifest struct {
	Format    string `json:"format"`
	HashRules string `json:"hash_rules"`
	// Until is the --until point the bundle was exported to, as given.
	Until    string `json:"until,omitempty"`
	FirstSeq uint64 `json:"first_seq"`
	LastSeq  uint64 `json:"last_seq"`
	Count    uint64 `json:"count"`
	Subjects int    `json:"subjects"`
	// RootHash is the chain's root after LastSeq.
	RootHash string `json:"root_hash"`
	Seals    int    `json:"seals"`
	// EventsSHA256 is the SHA-256 of events.jsonl as a whole.
	EventsSHA256 string    `json:"events_sha256"`
	CodeVersion  string    `json:"code_version"`
	CreatedAt    time.Time `json:"created_at"`
}

// newManifest returns the manifest of a bundle whose events sum to s.
func newManifest(s Summary, eventsSHA string, meta ExportMeta) Manifest {
	m := Manifest{Format: Format, HashRules: HashRules, Until: meta.Until, LastSeq: s.LastSeq, Count: s.Events,
		Subjects: s.Subjects, RootHash: s.Root.String(), Seals: len(s.Seals), EventsSHA256: eventsSHA,
		CodeVersion: meta.CodeVersion, CreatedAt: meta.CreatedAt.UTC().Truncate(time.Second)}
	if s.Events > 0 {
		m.FirstSeq = 1
	}
	return m
}

// check compares the manifest m read from a bundle with the one its
// events give, want, and returns a problem for the first field that
// differs. Until, CodeVersion and CreatedAt are descriptive and not
// compared.
func (m Manifest) check(want Manifest) *Problem {
	if m.LastSeq > want.LastSeq {
		return &Problem{File: FileEvents, Line: int(want.LastSeq) + 1, Seq: want.LastSeq + 1,
			What: missingAtEnd(want.LastSeq, m.LastSeq) + " (manifest.json last_seq)"}
	}
	fields := []struct {
		name      string
		got, want any
	}{
		{"format", m.Format, want.Format}, {"hash_rules", m.HashRules, want.HashRules},
		{"first_seq", m.FirstSeq, want.FirstSeq}, {"last_seq", m.LastSeq, want.LastSeq},
		{"count", m.Count, want.Count}, {"subjects", m.Subjects, want.Subjects},
		{"root_hash", m.RootHash, want.RootHash}, {"seals", m.Seals, want.Seals},
		{"events_sha256", m.EventsSHA256, want.EventsSHA256},
	}
	for _, f := range fields {
		if f.got != f.want {
			return &Problem{File: FileManifest, What: fmt.Sprintf("%s is %v but events.jsonl gives %v", f.name, f.got, f.want)}
		}
	}
	return nil
}
