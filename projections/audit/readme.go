package audit

import (
	"bytes"
	_ "embed"
	"io"
)

// readme is README.txt of every bundle: the format and the hash rules for
// auditors, in Vietnamese and English.
//
//go:embed README.txt
var readme []byte

// Readme returns README.txt as bundles carry it.
func Readme() []byte { return bytes.Clone(readme) }

func readmeReader() io.Reader { return bytes.NewReader(readme) }

func readerOf(b []byte) io.Reader { return bytes.NewReader(b) }
