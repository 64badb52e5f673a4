// Package asof names a point of the event log that a read, a replay or an
// export stops at: a stream sequence, a business time, or both.
//
// The log is always cut as a prefix: reading in stream order, the cut is
// before the first event past the point (a sequence above Seq, or a
// business time after Time). Business time is the envelope's Time, set by
// the application when it decided the event; the server's storage time is
// not used, since a restore into a new stream stamps new storage times.
package asof

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"daotao/domain"
	"daotao/events"
)

// Point is where the log is cut. The zero Point cuts nothing.
type Point struct {
	// Seq is the last stream sequence included; 0 sets no bound.
	Seq uint64
	// Time is the last business time included; zero sets no bound.
	Time time.Time
	// day records that Time is the end of a date given as YYYY-MM-DD.
	day bool
}

// Parse reads "YYYY-MM-DD" (the whole day, in Asia/Ho_Chi_Minh), an RFC
// 3339 time, "seq:N", or "seq:N@" followed by a date or time (both bounds:
// a sealed review's cut-off). It returns an error naming the accepted
// forms for anything else.
func Parse(s string) (Point, error) {
	if rest, ok := strings.CutPrefix(s, "seq:"); ok {
		return parseSeq(s, rest)
	}
	if d, err := events.ParseDate(s); err == nil {
		return EndOf(d), nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return Point{Time: t}, nil
	}
	return Point{}, fmt.Errorf("%q is not YYYY-MM-DD, an RFC 3339 time, seq:N or seq:N@<date or time>", s)
}

func parseSeq(s, rest string) (Point, error) {
	num, when, both := strings.Cut(rest, "@")
	n, err := strconv.ParseUint(num, 10, 64)
	if err != nil || n == 0 {
		return Point{}, fmt.Errorf("%q: the sequence after seq: must be a whole number from 1", s)
	}
	p := Point{}
	if both {
		if p, err = Parse(when); err != nil || p.Seq != 0 {
			return Point{}, fmt.Errorf("%q: after @ comes YYYY-MM-DD or an RFC 3339 time", s)
		}
	}
	p.Seq = n
	return p, nil
}

// EndOf returns the point at the last instant of day d in
// Asia/Ho_Chi_Minh.
func EndOf(d events.Date) Point {
	t := d.Time()
	end := time.Date(t.Year(), t.Month(), t.Day(), 23, 59, 59, 999999999, domain.Zone)
	return Point{Time: end, day: true}
}

// String writes p in the form Parse reads; "" for the zero Point.
func (p Point) String() string {
	var when string
	switch {
	case p.day:
		when = events.DateOf(p.Time, domain.Zone).String()
	case !p.Time.IsZero():
		when = p.Time.Format(time.RFC3339Nano)
	}
	switch {
	case p.Seq == 0:
		return when
	case when == "":
		return "seq:" + strconv.FormatUint(p.Seq, 10)
	}
	return "seq:" + strconv.FormatUint(p.Seq, 10) + "@" + when
}

// IsZero reports whether p sets no bound.
func (p Point) IsZero() bool { return p.Seq == 0 && p.Time.IsZero() }

// Past reports whether an event with stream sequence seq and business time
// t lies beyond p: the log is cut before the first such event.
func (p Point) Past(seq uint64, t time.Time) bool {
	return (p.Seq != 0 && seq > p.Seq) || (!p.Time.IsZero() && t.After(p.Time))
}
