package storetest

import (
	"bytes"
	"context"
	"errors"
	"reflect"
	"slices"
	"testing"

	"daotao/events"
)

func testLoad(t *testing.T, s events.Store) {
	subj, other := subject(), subject()
	var want []events.Envelope
	var last, lastOther uint64
	for range 3 {
		e := envelope(t, subj)
		want = append(want, e)
		last = appendOK(t, s, e, last)
		lastOther = appendOK(t, s, envelope(t, other), lastOther)
	}
	got := load(t, s, subj)
	if len(got) != len(want) {
		t.Fatalf("Load: %d events; want %d", len(got), len(want))
	}
	if !slices.Equal(seqsOf(got), []uint64{1, 3, 5}) {
		t.Errorf("Load seqs = %v; want [1 3 5]", seqsOf(got))
	}
	for i, r := range got {
		if r.StoredAt.IsZero() {
			t.Errorf("event %d: StoredAt is zero", i)
		}
		sameEnvelope(t, r.Envelope, want[i])
	}
}

// sameEnvelope fails the test unless got has every field of want.
func sameEnvelope(t *testing.T, got, want events.Envelope) {
	t.Helper()
	if !got.Time.Equal(want.Time) {
		t.Errorf("%s: Time = %v; want %v", want.ID, got.Time, want.Time)
	}
	if !bytes.Equal(got.Data, want.Data) {
		t.Errorf("%s: Data = %s; want %s", want.ID, got.Data, want.Data)
	}
	got.Time = want.Time
	got.Data, want.Data = nil, nil
	if !reflect.DeepEqual(got, want) {
		t.Errorf("envelope = %+v; want %+v", got, want)
	}
}

func testLoadUnknown(t *testing.T, s events.Store) {
	appendOK(t, s, envelope(t, subject()), 0)
	if got := load(t, s, subject()); len(got) != 0 {
		t.Fatalf("Load of an unknown subject = %v; want none", got)
	}
}

func testLastSeqs(t *testing.T, s events.Store) {
	ctx := context.Background()
	wantLastSeq(t, s, 0)
	subj, other := subject(), subject()
	appendN(t, s, subj, 2)
	appendN(t, s, other, 1)
	wantLastSeq(t, s, 3)
	tests := []struct {
		subject string
		want    uint64
	}{{subj, 2}, {other, 3}, {subject(), 0}}
	for _, tt := range tests {
		got, err := s.LastSubjectSeq(ctx, tt.subject)
		if err != nil || got != tt.want {
			t.Errorf("LastSubjectSeq(%s) = %d, %v; want %d", tt.subject, got, err, tt.want)
		}
	}
}

func testRead(t *testing.T, s events.Store) {
	appendN(t, s, subject(), 3)
	appendN(t, s, subject(), 2)
	tests := []struct {
		from, to uint64
		want     []uint64
	}{
		{0, 0, []uint64{1, 2, 3, 4, 5}},
		{1, 5, []uint64{1, 2, 3, 4, 5}},
		{2, 4, []uint64{2, 3, 4}},
		{3, 0, []uint64{3, 4, 5}},
		{4, 100, []uint64{4, 5}},
		{5, 5, []uint64{5}},
		{6, 0, nil},
		{4, 2, nil},
	}
	for _, tt := range tests {
		var got []uint64
		err := s.Read(context.Background(), tt.from, tt.to, func(r events.Recorded) error {
			got = append(got, r.Seq)
			return nil
		})
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("Read(%d, %d) = %v, %v; want %v", tt.from, tt.to, got, err, tt.want)
		}
	}
}

func testReadError(t *testing.T, s events.Store) {
	appendN(t, s, subject(), 4)
	stop := errors.New("stop")
	var got []uint64
	err := s.Read(context.Background(), 1, 0, func(r events.Recorded) error {
		got = append(got, r.Seq)
		if r.Seq == 2 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || !slices.Equal(got, []uint64{1, 2}) {
		t.Fatalf("Read = %v, %v; want [1 2], stop", got, err)
	}
}
