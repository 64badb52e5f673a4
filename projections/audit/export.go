package audit

import (
	"archive/tar"
	"bufio"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"time"

	"daotao/events"
	"daotao/projections/asof"
)

// ExportMeta describes an export; it goes into the manifest as given.
type ExportMeta struct {
	// Until is the point the export was asked for, as the user wrote it.
	Until string
	// CodeVersion is the version of the program that exported.
	CodeVersion string
	// CreatedAt is the time of the export (kept to the second); with the
	// same log, point and CreatedAt, two exports are byte-identical.
	CreatedAt time.Time
}

// Export verifies the log of rr from sequence 1 up to p (cut as a prefix,
// see package asof) and no further than last, the stream's last sequence,
// and writes the bundle to w as a gzip'd tar: README.txt, manifest.json,
// seals.json, events.jsonl. spool holds events.jsonl while it is written,
// since a tar entry's size comes before its content. It returns the
// manifest, a *Problem naming the first bad event (nothing useful is
// written then), or a read or write error.
func Export(ctx context.Context, rr events.RawReader, last uint64, p asof.Point, meta ExportMeta, spool io.ReadWriteSeeker, w io.Writer) (Manifest, error) {
	s, size, sum, err := spoolEvents(ctx, rr, last, p, spool)
	if err != nil {
		return Manifest{}, err
	}
	m := newManifest(s, sum, meta)
	seals, err := sealsJSON(s.Seals)
	if err != nil {
		return Manifest{}, err
	}
	manifest, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return Manifest{}, err
	}
	if _, err := spool.Seek(0, io.SeekStart); err != nil {
		return Manifest{}, err
	}
	return m, writeTar(w, m.CreatedAt, []entry{
		{FileReadme, int64(len(readme)), readmeReader()},
		{FileManifest, int64(len(manifest) + 1), readerOf(append(manifest, '\n'))},
		{FileSeals, int64(len(seals)), readerOf(seals)},
		{FileEvents, size, spool},
	})
}

// errPast ends an export's read at the first event past its point.
var errPast = errors.New("past the export's point")

// spoolEvents verifies the events up to p and writes events.jsonl to out.
// It returns the summary, the file's size and its SHA-256.
func spoolEvents(ctx context.Context, rr events.RawReader, last uint64, p asof.Point, out io.Writer) (Summary, int64, string, error) {
	v, sum := NewVerifier(), sha256.New()
	bw := bufio.NewWriter(io.MultiWriter(out, sum))
	var size int64
	to := last
	if p.Seq != 0 {
		to = min(last, p.Seq)
	}
	if to == 0 { // an empty log: to = 0 would read whatever is there by then
		return v.Summary(), 0, hexSum(sum), nil
	}
	err := rr.ReadRaw(ctx, 1, to, func(r events.Raw) error {
		// Only an event in sequence can end the prefix: a gap before it
		// is reported by Add.
		if e, err := events.Decode(r.Data); err == nil && r.Seq == v.Last()+1 && p.Past(r.Seq, e.Time) {
			return errPast
		}
		entry, _, err := v.Add(r)
		if err != nil {
			return err
		}
		n, err := bw.Write(encodeLine(r, entry))
		size += int64(n)
		return err
	})
	s := v.Summary()
	switch {
	case errors.Is(err, errPast):
		err = nil
	case err == nil && s.LastSeq != to:
		err = &Problem{Seq: s.LastSeq + 1, What: missingAtEnd(s.LastSeq, to)}
	}
	if err == nil {
		err = bw.Flush()
	}
	return s, size, hexSum(sum), err
}

// sealsJSON encodes seals as seals.json: an indented array, [] for none.
func sealsJSON(seals []Seal) ([]byte, error) {
	if seals == nil {
		seals = []Seal{}
	}
	b, err := json.MarshalIndent(seals, "", "  ")
	return append(b, '\n'), err
}

// entry is one file of the bundle.
type entry struct {
	name string
	size int64
	r    io.Reader
}

// writeTar writes entries as a gzip'd tar with fixed owner, mode and time,
// so the same content always gives the same bytes.
func writeTar(w io.Writer, at time.Time, entries []entry) error {
	gz := gzip.NewWriter(w)
	tw := tar.NewWriter(gz)
	for _, e := range entries {
		hdr := &tar.Header{Typeflag: tar.TypeReg, Name: e.name, Mode: 0o644, Size: e.size, ModTime: at}
		if err := tw.WriteHeader(hdr); err != nil {
			return fmt.Errorf("write %s: %w", e.name, err)
		}
		if _, err := io.CopyN(tw, e.r, e.size); err != nil {
			return fmt.Errorf("write %s: %w", e.name, err)
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return gz.Close()
}

func hexSum(h hash.Hash) string { return hex.EncodeToString(h.Sum(nil)) }
