package audit

import (
	"bufio"
	"errors"
	"io"

	"daotao/events/chain"
)

// events verifies events.jsonl line by line.
func (br *bundleReader) events(r io.Reader) error {
	in := bufio.NewReaderSize(io.TeeReader(r, br.sum), 1<<16)
	for n := 1; ; n++ {
		b, err := readLine(in)
		if errors.Is(err, io.EOF) && len(b) == 0 {
			return nil
		}
		if err != nil {
			return &Problem{File: FileEvents, Line: n, What: err.Error()}
		}
		if err := br.line(n, b); err != nil {
			return err
		}
	}
}

// line verifies line n, its line feed removed.
func (br *bundleReader) line(n int, b []byte) error {
	l, err := decodeLine(b)
	if err != nil {
		return &Problem{File: FileEvents, Line: n, What: err.Error()}
	}
	entry, env, err := br.v.Add(l.raw())
	if p := AsProblem(err); p != nil {
		p.File, p.Line = FileEvents, n
		return p
	} else if err != nil {
		return err
	}
	if p := recorded(l, entry); p != nil {
		p.File, p.Line = FileEvents, n
		return p
	}
	if br.fn != nil {
		return br.fn(l.raw(), env)
	}
	return nil
}

// recorded compares the hashes a line records with the recomputed ones.
func recorded(l Line, e chain.Entry) *Problem {
	switch {
	case l.Hash != e.Event.String():
		return problemf(l.Seq, l.Subject, "the event differs from when it was exported: its hash is %s, the line records %s", e.Event, l.Hash)
	case l.Link != e.Link.String():
		return problemf(l.Seq, l.Subject, "the chain of this subject breaks here: link %s, the line records %s (an earlier event of the subject was changed, removed or moved)", e.Link, l.Link)
	case l.Root != e.Root.String():
		return problemf(l.Seq, l.Subject, "the chain of the log breaks here: root %s, the line records %s (an earlier line was changed, removed or moved)", e.Root, l.Root)
	}
	return nil
}

// readLine returns the next line without its line feed. It returns io.EOF
// with no bytes at the end, and an error for a last line without a line
// feed or a line longer than maxLine.
func readLine(in *bufio.Reader) ([]byte, error) {
	var line []byte
	for {
		chunk, err := in.ReadSlice('\n')
		line = append(line, chunk...)
		switch {
		case len(line) > maxLine:
			return nil, errors.New("line longer than the bundle allows")
		case err == nil:
			if len(line) == 1 {
				return nil, errors.New("empty line")
			}
			return line[:len(line)-1], nil
		case errors.Is(err, io.EOF) && len(line) > 0:
			return nil, errors.New("the last line does not end with a line feed: the file was cut short")
		case !errors.Is(err, bufio.ErrBufferFull):
			return nil, err
		}
	}
}
