package audit

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"

	"daotao/events"
)

// maxFile bounds manifest.json and seals.json; maxLine one event line.
const (
	maxFile = 64 << 20
	maxLine = 64 << 20
)

// Bundle is what reading a bundle verified.
type Bundle struct {
	Summary  Summary
	Manifest Manifest
}

// bundleReader holds the state of one reading of a bundle.
type bundleReader struct {
	v     *Verifier
	sum   hash.Hash
	files map[string][]byte
	seen  map[string]bool
	fn    func(events.Raw, events.Envelope) error
}

// ReadBundle reads the gzip'd tar bundle from r and verifies it with no
// server and no network: every line of events.jsonl (layout, contiguous
// sequences from 1, the envelope, the recomputed chain against the line's
// hash, link and root), then manifest.json and seals.json against what the
// events give. It calls fn, if not nil, for every event that verified, in
// order, before the manifest is checked: a caller acting on the events
// reads the bundle twice, verifying first. It returns a *Problem for the
// first thing wrong, naming the file and, in events.jsonl, the line, or
// fn's first error.
func ReadBundle(r io.Reader, fn func(events.Raw, events.Envelope) error) (Bundle, error) {
	gz, err := gzip.NewReader(r)
	if err != nil {
		return Bundle{}, &Problem{What: "not a gzip'd bundle: " + err.Error()}
	}
	br := &bundleReader{v: NewVerifier(), sum: sha256.New(), files: map[string][]byte{}, seen: map[string]bool{}, fn: fn}
	if err := br.members(tar.NewReader(gz)); err != nil {
		return Bundle{}, err
	}
	return br.finish()
}

// members reads every file of the tar.
func (br *bundleReader) members(tr *tar.Reader) error {
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return &Problem{What: "not a readable tar: " + err.Error()}
		}
		if err := br.member(hdr, tr); err != nil {
			return err
		}
	}
}

func (br *bundleReader) member(hdr *tar.Header, r io.Reader) error {
	name := hdr.Name
	switch {
	case br.seen[name]:
		return &Problem{File: name, What: "appears twice in the bundle"}
	case name != FileEvents && name != FileManifest && name != FileSeals && name != FileReadme:
		return &Problem{File: name, What: "is not a file of a bundle"}
	case hdr.Typeflag != tar.TypeReg:
		return &Problem{File: name, What: "is not a regular file"}
	}
	br.seen[name] = true
	if name == FileEvents {
		return br.events(r)
	}
	b, err := io.ReadAll(io.LimitReader(r, maxFile+1))
	if err != nil || len(b) > maxFile {
		return &Problem{File: name, What: fmt.Sprintf("unreadable or larger than %d bytes", maxFile)}
	}
	br.files[name] = b
	return nil
}

// finish checks the manifest and seals.json against the events.
func (br *bundleReader) finish() (Bundle, error) {
	for _, name := range []string{FileEvents, FileManifest, FileSeals} {
		if !br.seen[name] {
			return Bundle{}, &Problem{File: name, What: "is missing from the bundle"}
		}
	}
	s := br.v.Summary()
	var m Manifest
	dec := json.NewDecoder(bytes.NewReader(br.files[FileManifest]))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return Bundle{}, &Problem{File: FileManifest, What: "does not decode: " + err.Error()}
	}
	if p := m.check(newManifest(s, hexSum(br.sum), ExportMeta{})); p != nil {
		return Bundle{}, p
	}
	want, err := sealsJSON(s.Seals)
	if err != nil || !bytes.Equal(want, br.files[FileSeals]) {
		return Bundle{}, &Problem{File: FileSeals, What: "differs from the review.sealed events of events.jsonl and their recomputed roots"}
	}
	return Bundle{Summary: s, Manifest: m}, nil
}
