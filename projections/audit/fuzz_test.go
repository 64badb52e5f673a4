package audit_test

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"os"
	"reflect"
	"testing"

	"daotao/events"
	"daotao/projections/asof"
	"daotao/projections/audit"
)

// FuzzBundleVerify checks the offline verifier, audit.ReadBundle, on
// arbitrary bytes (as a gzip'd bundle, and gzip'd by the test as a tar)
// and on a valid bundle changed in one place: one byte of a member's
// content, of the tar stream or of the compressed bytes flipped, or the
// tar stream or compressed bytes cut short. It never panics and refuses
// only with a *Problem. A changed bundle is either refused or reads
// exactly as the original: the same events, the same verified manifest
// fields, the same root and seals (flipping bytes of README.txt or of the
// manifest's descriptive fields, or by 0, changes nothing verified).
// Seeds: testdata/fuzz/FuzzBundleVerify.
func FuzzBundleVerify(f *testing.F) {
	valid := validBundle(f)
	members := tarMembers(f, valid)
	want, err := readAll(valid)
	if err != nil {
		f.Fatalf("the valid bundle does not verify: %v", err)
	}
	f.Fuzz(func(t *testing.T, data []byte, where uint8, pos uint32, flip byte) {
		for _, b := range [][]byte{data, gzipped(t, data)} {
			if _, err := readAll(b); err != nil && audit.AsProblem(err) == nil {
				t.Fatalf("refused without a *Problem: %v", err)
			}
		}
		changed, noop := mutate(t, valid, members, int(where), int(pos), flip)
		got, err := readAll(changed)
		switch {
		case err != nil && audit.AsProblem(err) == nil:
			t.Fatalf("changed bundle refused without a *Problem: %v", err)
		case err == nil && !reflect.DeepEqual(got, want):
			t.Fatalf("a changed bundle verified with other content (change %d at %d by %#x):\ngot  %+v\nwant %+v", where, pos, flip, got, want)
		case err != nil && noop:
			t.Fatalf("a bundle changed in nothing (change %d at %d by %#x) was refused: %v", where, pos, flip, err)
		}
	})
}

// verified is what a bundle that verifies vouches for.
type verified struct {
	Events   []events.Raw
	Manifest audit.Manifest
	Root     string
	Seals    []audit.Seal
}

// readAll verifies bundle b and returns what it vouches for. The
// manifest's descriptive fields (until, code_version, created_at) are left
// out: the verifier does not check them.
func readAll(b []byte) (verified, error) {
	var v verified
	bundle, err := audit.ReadBundle(bytes.NewReader(b), func(r events.Raw, _ events.Envelope) error {
		v.Events = append(v.Events, r)
		return nil
	})
	if err != nil {
		return verified{}, err
	}
	v.Manifest = bundle.Manifest
	v.Manifest.Until, v.Manifest.CodeVersion, v.Manifest.CreatedAt = "", "", exportedAt
	v.Root, v.Seals = bundle.Summary.Root.String(), bundle.Summary.Seals
	return v, nil
}

// validBundle exports the scripted log of six events, a seal among them.
func validBundle(tb testing.TB) []byte {
	tb.Helper()
	spool, err := os.CreateTemp(tb.TempDir(), "events")
	if err != nil {
		tb.Fatal(err)
	}
	defer spool.Close()
	var out bytes.Buffer
	meta := audit.ExportMeta{CodeVersion: "fuzz", CreatedAt: exportedAt}
	if _, err := audit.Export(context.Background(), scripted(tb), 6, asof.Point{}, meta, spool, &out); err != nil {
		tb.Fatalf("export: %v", err)
	}
	return out.Bytes()
}

type member struct {
	hdr  tar.Header
	data []byte
}

// tarMembers returns the members of a gzip'd tar.
func tarMembers(tb testing.TB, b []byte) []member {
	tb.Helper()
	gz, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		tb.Fatal(err)
	}
	tr := tar.NewReader(gz)
	var out []member
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			tb.Fatal(err)
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, member{*hdr, data})
	}
}

// mutate returns valid changed in one place, and whether the change is
// none at all (a flip by 0, a cut at the end). where picks the change: a
// member's content (flip one byte), the tar stream (flip a byte, or cut it
// at pos), the compressed bytes (flip a byte, or cut them at pos).
func mutate(tb testing.TB, valid []byte, members []member, where, pos int, flip byte) ([]byte, bool) {
	tb.Helper()
	k := len(members)
	switch w := where % (k + 4); {
	case w < k:
		ms := append([]member(nil), members...)
		ms[w].data = flipAt(ms[w].data, pos, flip)
		return gzipped(tb, tarOf(tb, ms)), flip == 0
	case w == k:
		return gzipped(tb, flipAt(tarOf(tb, members), pos, flip)), flip == 0
	case w == k+1:
		t := tarOf(tb, members)
		return gzipped(tb, cutAt(t, pos)), pos%(len(t)+1) == len(t)
	case w == k+2:
		return flipAt(valid, pos, flip), flip == 0
	default:
		return cutAt(valid, pos), pos%(len(valid)+1) == len(valid)
	}
}

func flipAt(b []byte, pos int, flip byte) []byte {
	out := bytes.Clone(b)
	if len(out) > 0 {
		out[pos%len(out)] ^= flip
	}
	return out
}

func cutAt(b []byte, pos int) []byte {
	if len(b) == 0 {
		return b
	}
	return bytes.Clone(b[:pos%(len(b)+1)])
}

// tarOf writes members as a tar, each header's size set to its content.
func tarOf(tb testing.TB, members []member) []byte {
	tb.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, m := range members {
		hdr := m.hdr
		hdr.Size = int64(len(m.data))
		if err := tw.WriteHeader(&hdr); err != nil {
			tb.Fatal(err)
		}
		if _, err := tw.Write(m.data); err != nil {
			tb.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func gzipped(tb testing.TB, b []byte) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	if _, err := zw.Write(b); err != nil {
		tb.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}
