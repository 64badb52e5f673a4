package audit_test

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"daotao/events"
	"daotao/projections/asof"
	"daotao/projections/audit"
)

var exportedAt = time.Date(2026, 7, 1, 8, 0, 0, 0, time.UTC)

// export writes the bundle of rr up to point and returns its bytes.
func export(t *testing.T, rr events.RawReader, last uint64, point string) ([]byte, audit.Manifest) {
	t.Helper()
	var p asof.Point
	if point != "" {
		var err error
		if p, err = asof.Parse(point); err != nil {
			t.Fatal(err)
		}
	}
	spool, err := os.CreateTemp(t.TempDir(), "events")
	if err != nil {
		t.Fatal(err)
	}
	defer spool.Close()
	var out bytes.Buffer
	m, err := audit.Export(context.Background(), rr, last, p, audit.ExportMeta{Until: point, CodeVersion: "test", CreatedAt: exportedAt}, spool, &out)
	if err != nil {
		t.Fatalf("Export: %v", err)
	}
	return out.Bytes(), m
}

func TestExportThenReadBundle(t *testing.T) {
	st := scripted(t)
	live, err := audit.VerifyLog(context.Background(), st, 6)
	if err != nil {
		t.Fatal(err)
	}
	b, m := export(t, st, 6, "")
	var seqs []uint64
	got, err := audit.ReadBundle(bytes.NewReader(b), func(r events.Raw, e events.Envelope) error {
		seqs = append(seqs, r.Seq)
		return nil
	})
	if err != nil {
		t.Fatalf("ReadBundle: %v", err)
	}
	if got.Summary.Root != live.Root || m.RootHash != live.Root.String() || len(seqs) != 6 || len(got.Summary.Seals) != 1 {
		t.Errorf("bundle root %s manifest %s events %d; want root %s and 6 events", got.Summary.Root, m.RootHash, len(seqs), live.Root)
	}
	if m.FirstSeq != 1 || m.LastSeq != 6 || m.Count != 6 || m.CodeVersion != "test" || !m.CreatedAt.Equal(exportedAt) {
		t.Errorf("manifest %+v", m)
	}
	if again, _ := export(t, st, 6, ""); !bytes.Equal(again, b) {
		t.Error("two exports of the same log differ")
	}
	if readme := files(t, b)[audit.FileReadme]; !strings.Contains(string(readme), "daotao verify --bundle") {
		t.Error("README.txt does not say how to verify")
	}
}

// TestExportUntil checks that the bundle is the prefix of the log up to
// the point, seals included only when their event is.
func TestExportUntil(t *testing.T) {
	st := scripted(t)
	for _, tt := range []struct {
		until     string
		wantLast  uint64
		wantSeals int
	}{{"seq:3", 3, 0}, {"2026-01-07", 3, 0}, {"2026-01-15", 6, 1}, {"seq:99", 6, 1}, {"2025-12-01", 0, 0}} {
		t.Run(tt.until, func(t *testing.T) {
			b, m := export(t, st, 6, tt.until)
			got, err := audit.ReadBundle(bytes.NewReader(b), nil)
			if err != nil {
				t.Fatalf("ReadBundle: %v", err)
			}
			if m.LastSeq != tt.wantLast || got.Summary.LastSeq != tt.wantLast || m.Seals != tt.wantSeals || m.Until != tt.until {
				t.Errorf("last seq %d (read %d), seals %d; want %d, %d", m.LastSeq, got.Summary.LastSeq, m.Seals, tt.wantLast, tt.wantSeals)
			}
		})
	}
}

func TestExportRefusesABadLog(t *testing.T) {
	bad := withData(rawOf(t, scripted(t)), 2, "{}")
	spool, _ := os.CreateTemp(t.TempDir(), "events")
	defer spool.Close()
	_, err := audit.Export(context.Background(), bad, 6, asof.Point{}, audit.ExportMeta{}, spool, io.Discard)
	wantProblem(t, err, "", 0, "not a valid envelope")
}

// files returns the files of bundle b by name.
func files(t *testing.T, b []byte) map[string][]byte {
	t.Helper()
	gz, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	out := map[string][]byte{}
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		out[hdr.Name], _ = io.ReadAll(tr)
	}
}

// rewrite returns bundle b with file name replaced by what edit makes of
// it (nil removes the file), the other files unchanged.
func rewrite(t *testing.T, b []byte, name string, edit func([]byte) []byte) []byte {
	t.Helper()
	fs := files(t, b)
	var out bytes.Buffer
	gz := gzip.NewWriter(&out)
	tw := tar.NewWriter(gz)
	for _, n := range []string{audit.FileReadme, audit.FileManifest, audit.FileSeals, audit.FileEvents} {
		content := fs[n]
		if n == name {
			if content = edit(content); content == nil {
				continue
			}
		}
		_ = tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: n, Mode: 0o644, Size: int64(len(content))})
		_, _ = tw.Write(content)
	}
	_ = tw.Close()
	_ = gz.Close()
	return out.Bytes()
}

// lines edits events.jsonl as a list of lines (without line feeds).
func lines(edit func([]string) []string) func([]byte) []byte {
	return func(b []byte) []byte {
		ls := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
		return []byte(strings.Join(edit(ls), "\n") + "\n")
	}
}
