package asof_test

import (
	"context"
	"testing"
	"time"

	"daotao/domain"
	"daotao/events"
	"daotao/events/memstore"
	"daotao/projections/asof"
)

func TestParse(t *testing.T) {
	endOfJune := time.Date(2026, 6, 30, 23, 59, 59, 999999999, domain.Zone)
	noon := time.Date(2026, 6, 30, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in       string
		wantSeq  uint64
		wantTime time.Time
	}{
		{"2026-06-30", 0, endOfJune},
		{"2026-06-30T12:00:00Z", 0, noon},
		{"seq:42", 42, time.Time{}},
		{"seq:42@2026-06-30", 42, endOfJune},
		{"seq:42@2026-06-30T12:00:00Z", 42, noon},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			p, err := asof.Parse(tt.in)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if p.Seq != tt.wantSeq || !p.Time.Equal(tt.wantTime) {
				t.Errorf("got seq %d time %s; want %d %s", p.Seq, p.Time, tt.wantSeq, tt.wantTime)
			}
			if p.String() != tt.in {
				t.Errorf("String() = %q; want %q", p.String(), tt.in)
			}
		})
	}
	for _, bad := range []string{"", "30/06/2026", "seq:", "seq:0", "seq:-1", "seq:x", "seq:1@seq:2", "seq:1@", "2026-02-30"} {
		if _, err := asof.Parse(bad); err == nil {
			t.Errorf("Parse(%q) accepted", bad)
		}
	}
}

func TestPast(t *testing.T) {
	p, _ := asof.Parse("seq:5@2026-06-30")
	inDay := time.Date(2026, 6, 30, 23, 0, 0, 0, domain.Zone)
	nextDay := time.Date(2026, 7, 1, 0, 0, 0, 0, domain.Zone)
	for _, tt := range []struct {
		seq  uint64
		at   time.Time
		want bool
	}{{5, inDay, false}, {6, inDay, true}, {1, nextDay, true}} {
		if got := p.Past(tt.seq, tt.at); got != tt.want {
			t.Errorf("Past(%d, %s) = %v; want %v", tt.seq, tt.at, got, tt.want)
		}
	}
	if (asof.Point{}).Past(1<<60, nextDay) {
		t.Error("the zero point cut something")
	}
}

// TestReadCutsAPrefix checks that a time bound stops at the first event
// after it, even when a later event has an earlier business time.
func TestReadCutsAPrefix(t *testing.T) {
	st := memstore.New()
	days := []int{1, 2, 5, 3, 6} // event 4 is back-dated
	for i, d := range days {
		at := time.Date(2026, 1, d, 9, 0, 0, 0, domain.Zone)
		e, _ := events.New(string(rune('a'+i)), events.Subject("user", string(rune('a'+i))), at, events.System, events.UserEnabled{})
		if _, err := st.Append(context.Background(), e, 0, ""); err != nil {
			t.Fatal(err)
		}
	}
	for _, tt := range []struct {
		point    string
		wantLast uint64
		wantDay  string
	}{{"2026-01-04", 2, "2026-01-04"}, {"seq:4", 4, "2026-01-05"}, {"2026-01-01", 1, "2026-01-01"}, {"2025-12-31", 0, "2025-12-31"}} {
		p, _ := asof.Parse(tt.point)
		n := 0
		cut, err := asof.Read(context.Background(), st.Read, p, func(events.Recorded) error { n++; return nil })
		if err != nil {
			t.Fatal(err)
		}
		if cut.LastSeq != tt.wantLast || uint64(n) != tt.wantLast || cut.Day().String() != tt.wantDay {
			t.Errorf("%s: last %d (%d read) day %s; want %d, %s", tt.point, cut.LastSeq, n, cut.Day(), tt.wantLast, tt.wantDay)
		}
	}
}
