package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"io"
	"strings"
	"testing"
)

// tamperLine returns the bundle b with old replaced by new on line n of
// events.jsonl, everything else as it was.
func tamperLine(t *testing.T, b string, n int, old, new string) []byte {
	t.Helper()
	gz, err := gzip.NewReader(strings.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	var out bytes.Buffer
	zw := gzip.NewWriter(&out)
	tw := tar.NewWriter(zw)
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		content, _ := io.ReadAll(tr)
		if hdr.Name == "events.jsonl" {
			lines := strings.SplitAfter(string(content), "\n")
			if !strings.Contains(lines[n-1], old) {
				t.Fatalf("line %d does not contain %q", n, old)
			}
			lines[n-1] = strings.Replace(lines[n-1], old, new, 1)
			content = []byte(strings.Join(lines, ""))
		}
		hdr.Size = int64(len(content))
		_ = tw.WriteHeader(hdr)
		_, _ = tw.Write(content)
	}
	_ = tw.Close()
	_ = zw.Close()
	return out.Bytes()
}
