package projections

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"daotao/events"
)

// TestIndexRowsMatchBooks checks what current.go relies on: the read index
// has a row for exactly the nominations and officials the state holds,
// pointing to the same ones, and a nomination's row holds the stage clock
// of the deadline book (nil when it has none), after a replay and after a
// snapshot's round trip followed by more events.
func TestIndexRowsMatchBooks(t *testing.T) {
	at := time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)
	var log []events.Recorded
	add := func(subject string, p events.Payload) {
		seq := uint64(len(log) + 1)
		e, err := events.New(fmt.Sprintf("e-%d", seq), subject, at.Add(time.Duration(seq)*time.Minute),
			events.Actor{UserID: "u-1", Username: "tc", Role: "agency", Agency: "so_y_te"}, p)
		if err != nil {
			t.Fatal(err)
		}
		log = append(log, events.Recorded{Envelope: e, Seq: seq, StoredAt: e.Time})
	}
	steps := func(i int) []events.Payload {
		switch i % 6 {
		case 0:
			return nil
		case 1:
			return []events.Payload{&events.NominationSubmitted{}}
		case 2:
			return []events.Payload{&events.NominationSubmitted{}, &events.NominationApproved{Reason: "Đạt."}}
		case 3:
			return []events.Payload{&events.NominationSubmitted{}, &events.NominationReturned{Reason: "Bổ sung."},
				&events.NominationResubmitted{Note: "Đã bổ sung."}}
		case 4:
			return []events.Payload{&events.NominationWithdrawn{Reason: "Rút."}}
		}
		return []events.Payload{&events.NominationSubmitted{}, &events.NominationRejected{Reason: "Không đạt."}}
	}
	script := func(lo, hi int) {
		for i := lo; i < hi; i++ {
			oid, nid := fmt.Sprintf("o-%d", i), fmt.Sprintf("n-%d", i)
			nsub := events.Subject(events.AggregateNomination, nid)
			if i%5 != 4 { // some nominations come before their official
				add(events.Subject(events.AggregateOfficial, oid), &events.OfficialRegistered{OfficialID: oid, AgencyCode: "so_y_te",
					OfficialProfile: events.OfficialProfile{FullName: "Nguyễn Văn An", Group: 1 + i%4}})
			}
			add(nsub, &events.NominationCreated{NominationID: nid, OfficialID: oid, AgencyCode: "so_y_te", Kind: "boi_duong",
				NominationDetails: events.NominationDetails{Title: "Quản lý y tế", StartDate: events.NewDate(2026, 6, 1), EndDate: events.NewDate(2026, 6, 12)}})
			for _, p := range steps(i) {
				add(nsub, p)
			}
		}
	}
	check := func(s *State, when string) {
		t.Helper()
		x := &s.index
		if len(x.nominationAt) != len(s.nominations) || len(x.officialAt) != len(s.officials) {
			t.Fatalf("%s: index has %d nominations and %d officials, state %d and %d", when,
				len(x.nominationAt), len(x.officialAt), len(s.nominations), len(s.officials))
		}
		clocks := 0
		for id, n := range s.nominations {
			i, ok := x.nominationAt[id]
			if !ok || x.nominations[i].n != n {
				t.Fatalf("%s: nomination %s: no row pointing to it", when, id)
			}
			if c := s.deadlines.clocks[id]; x.nominations[i].clock != c {
				t.Fatalf("%s: nomination %s: row's clock %p, deadline book's %p", when, id, x.nominations[i].clock, c)
			}
			if x.nominations[i].clock != nil {
				clocks++
			}
		}
		if clocks != len(s.deadlines.clocks) || clocks == 0 {
			t.Fatalf("%s: %d rows with a clock, %d clocks", when, clocks, len(s.deadlines.clocks))
		}
		for id, o := range s.officials {
			if i, ok := x.officialAt[id]; !ok || x.officials[i].o != o {
				t.Fatalf("%s: official %s: no row pointing to it", when, id)
			}
		}
	}
	script(0, 60)
	s := New()
	for _, r := range log {
		if err := s.Apply(r); err != nil {
			t.Fatal(err)
		}
	}
	check(s, "replayed")
	restored := roundTrip(t, s)
	check(restored, "restored")
	// More events, some on the nominations and officials restored: the
	// restored rows and clocks are found without a look-up and updated.
	head := len(log)
	script(60, 90)
	for i := range 15 {
		nsub := events.Subject(events.AggregateNomination, fmt.Sprintf("n-%d", 6*i+1))
		add(nsub, &events.NominationApproved{Reason: "Đạt."})
	}
	for _, r := range log[head:] {
		if err := restored.Apply(r); err != nil {
			t.Fatal(err)
		}
		if err := s.Apply(r); err != nil {
			t.Fatal(err)
		}
	}
	check(restored, "restored, then applied")
	check(s, "applied")

	// A state sized ahead for the replay ends up the same.
	reserved := New()
	reserved.Reserve(len(log))
	for _, r := range log {
		if err := reserved.Apply(r); err != nil {
			t.Fatal(err)
		}
	}
	check(reserved, "reserved")
	var want, got bytes.Buffer
	if err := s.Dump(&want); err != nil {
		t.Fatal(err)
	}
	if err := reserved.Dump(&got); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Error("a reserved state dumps unlike one that was not")
	}
	s.Reserve(10) // applied already: nothing changes
	var again bytes.Buffer
	if err := s.Dump(&again); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again.Bytes(), want.Bytes()) {
		t.Error("Reserve changed a state that had applied events")
	}
}
