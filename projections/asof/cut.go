package asof

import (
	"context"
	"errors"
	"time"

	"daotao/domain"
	"daotao/events"
)

// Reader reads recorded events in order, as events.Store.Read does.
type Reader func(ctx context.Context, from, to uint64, fn func(events.Recorded) error) error

// Cut is what a read up to a Point included.
type Cut struct {
	// Point is the point asked for.
	Point Point
	// LastSeq is the last stream sequence included (0: none).
	LastSeq uint64
	// Latest is the latest business time among the included events.
	Latest time.Time
}

// Time returns the instant the cut stands for: the point's time, or the
// latest business time included when the point has none.
func (c Cut) Time() time.Time {
	if !c.Point.Time.IsZero() {
		return c.Point.Time
	}
	return c.Latest
}

// Day returns the date of Time in Asia/Ho_Chi_Minh.
func (c Cut) Day() events.Date { return events.DateOf(c.Time(), domain.Zone) }

// errPast ends a read at the first event past the point.
var errPast = errors.New("past the point")

// Read calls fn for every event of read, in order, up to p, and returns
// what it included. It returns fn's or read's first error.
func Read(ctx context.Context, read Reader, p Point, fn func(events.Recorded) error) (Cut, error) {
	cut := Cut{Point: p}
	err := read(ctx, 1, p.Seq, func(r events.Recorded) error {
		if p.Past(r.Seq, r.Time) {
			return errPast
		}
		if err := fn(r); err != nil {
			return err
		}
		cut.LastSeq = r.Seq
		if r.Time.After(cut.Latest) {
			cut.Latest = r.Time
		}
		return nil
	})
	if errors.Is(err, errPast) {
		err = nil
	}
	return cut, err
}
