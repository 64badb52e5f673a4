package audit

import (
	"context"
	"fmt"

	"daotao/events"
)

// VerifyLog verifies the events of rr from sequence 1 up to last, the
// stream's last sequence as its store reports it, and returns what it
// found. It returns a *Problem naming the first bad event, one for events
// missing at the end, or the reader's error.
func VerifyLog(ctx context.Context, rr events.RawReader, last uint64) (Summary, error) {
	v := NewVerifier()
	if last == 0 { // to = 0 would read whatever is there by then
		return v.Summary(), nil
	}
	err := rr.ReadRaw(ctx, 1, last, func(r events.Raw) error {
		_, _, err := v.Add(r)
		return err
	})
	s := v.Summary()
	if err == nil && s.LastSeq != last {
		err = &Problem{Seq: s.LastSeq + 1, What: missingAtEnd(s.LastSeq, last)}
	}
	return s, err
}

// missingAtEnd says that a log ends at got where it should end at want.
func missingAtEnd(got, want uint64) string {
	return fmt.Sprintf("missing: the log should end at seq %d but the last event read is seq %d", want, got)
}
