package jetstream

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	natsjs "github.com/nats-io/nats.go/jetstream"

	"daotao/events"
)

// NationalSample returns a sample of the national bench's log: every
// 1600th event of 1.86 million, as stored (testdata/national-sample.jsonl.gz).
// Exported for the package's external tests.
func NationalSample(tb testing.TB) [][]byte {
	tb.Helper()
	f, err := os.Open("testdata/national-sample.jsonl.gz")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		tb.Fatal(err)
	}
	var out [][]byte
	sc := bufio.NewScanner(z)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		out = append(out, bytes.Clone(sc.Bytes()))
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

// genericDecode is what a replay did before FastDecoder, with the
// reflective decoder dec: envelope, then payload, interned.
func genericDecode(b []byte, dec events.JSONDecoder) (events.Envelope, events.Payload, error) {
	e, err := events.DecodeWith(b, dec)
	if err != nil {
		return e, nil, err
	}
	p, err := events.UnmarshalWith(e, dec)
	if err == nil {
		events.Intern(p)
	}
	return e, p, nil
}

// checkFast fails t unless FastDecoder's answer on b agrees with both
// encoding/json and decodeJSON: when it decodes, they decode to the same
// envelope and, when it gives a payload, to the same payload; it returns
// whether the fast decoder took the input.
func checkFast(t *testing.T, fd *events.FastDecoder, b []byte) (took, payload bool) {
	t.Helper()
	e, p, ok := fd.Decode(b)
	for _, ref := range []struct {
		name string
		dec  events.JSONDecoder
	}{{"encoding/json", json.Unmarshal}, {"decodeJSON", decodeJSON}} {
		we, wp, err := genericDecode(b, ref.dec)
		if !ok {
			continue
		}
		if err != nil {
			t.Fatalf("fast decoder took what %s refuses (%v):\n%q", ref.name, err, b)
		}
		if !reflect.DeepEqual(e, we) {
			t.Fatalf("envelope differs from %s:\n%#v\n%#v\n%q", ref.name, e, we, b)
		}
		if p != nil && !reflect.DeepEqual(p, wp) {
			t.Fatalf("payload differs from %s:\n%#v\n%#v\n%q", ref.name, p, wp, b)
		}
	}
	if ok && p != nil && p.EventType() != e.Type {
		t.Fatalf("a %s decoded as %T", e.Type, p)
	}
	return ok, p != nil
}

// TestFastDecoderOnNationalSample: the hand-written decoder takes every
// event of the national sample, and decodes the payload of all but the
// rarest types, exactly as the generic decoders do.
func TestFastDecoderOnNationalSample(t *testing.T) {
	fd := events.NewFastDecoder()
	sample := NationalSample(t)
	payloads := 0
	for _, b := range sample {
		took, payload := checkFast(t, fd, b)
		if !took {
			t.Fatalf("fast decoder declined a stored event:\n%s", b)
		}
		if payload {
			payloads++
		}
	}
	if payloads < len(sample)*99/100 {
		t.Errorf("fast decoder decoded %d payloads of %d events; want 99%%", payloads, len(sample))
	}
}

// fastSeeds are stored envelopes of every payload type the fast decoder
// decodes, with every field set (and the actor acting for another).
func fastSeeds(tb testing.TB) [][]byte {
	tb.Helper()
	elig := &events.Eligibility{Eligible: true, RuleSet: "nd171", RuleSetVersion: 2, Checks: []events.EligibilityCheck{
		{Code: "in_target_groups", Passed: true, Detail: "Nhóm 3: đạt"}, {Code: "age", Detail: "quá tuổi"}}}
	atts := []events.AttachmentRef{{SHA256: "ab12", Name: "Tờ trình.pdf", ContentType: "application/pdf", Size: 1234, Stage: "council"}}
	changed := []events.FieldChange{{Field: "ratings", From: map[string]any{"2024": "tot", "n": 1.5, "l": []any{true, nil, "x"}}, To: -2e3},
		{Field: "title", From: "cũ", To: false}, {Field: "cost_estimate_vnd", From: 0, To: nil}}
	details := events.NominationDetails{Title: "Bồi dưỡng – quản lý", ContentCode: "Đ.2", StartDate: events.NewDate(2027, 1, 10),
		EndDate: events.NewDate(2028, 2, 29), CostEstimateVND: 11_000_000, QuotaID: "q1", DurationMonths: 24, CommitmentMonths: 48,
		Abroad: true, CourseID: "c1"}
	profile := events.OfficialProfile{FullName: "Đoàn Diệu Thủy", Group: 3, Category: "cbcc", BirthDate: events.NewDate(1968, 7, 12),
		Gender: "nu", ServiceStart: events.NewDate(1994, 11, 29), Qualification: "dai_hoc", Field: "khac",
		OfficialFacts: events.OfficialFacts{Ratings: map[string]string{"2023": "tot", "2024": "xuat_sac"}, ProbationEnd: events.NewDate(1995, 11, 29),
			InPlanningPool: true, Discipline: "none", PriorPostgradNomination: true, EthnicMinority: true, TravelBarred: true}}
	ref := events.DeadlineRef{NominationID: "n1", Stage: "council", EnteredSeq: 575938, EnteredOn: events.NewDate(2026, 5, 24),
		Due: events.NewDate(2026, 6, 5), AgencyCode: "ubnd_thang_binh"}
	var seeds [][]byte
	for _, p := range []events.Payload{
		&events.NominationCreated{NominationID: "n1", OfficialID: "o1", AgencyCode: "so_y_te", Kind: "sau_dai_hoc", NominationDetails: details},
		&events.NominationRevised{NominationDetails: details, Changed: changed},
		&events.NominationSubmitted{Eligibility: elig, ReferenceVersion: 3, Attachments: atts,
			Chain: &events.ChainPin{Version: 2, Group: 3, Stages: []events.StagePin{{Role: "home_affairs", DueWorkingDays: 5, EscalateTo: "province"}, {Role: "council", DueWorkingDays: 10}}}},
		&events.NominationApproved{Reason: "Đủ điều kiện.", Eligibility: elig, ReferenceVersion: 1, Stage: "council", Attachments: atts},
		&events.NominationRejected{Reason: "Không đạt.", Stage: "council", Attachments: atts},
		&events.NominationReturned{Reason: "Bổ sung.", Stage: "home_affairs", Attachments: []events.AttachmentRef{}},
		&events.NominationResubmitted{Note: "Đã bổ sung.", Eligibility: elig, ReferenceVersion: 1, Attachments: atts, Changed: changed,
			AttachmentChanges: []events.AttachmentChange{{Change: "added", Ref: atts[0]}}},
		&events.NominationWithdrawn{Reason: "Trùng lịch."},
		&events.NominationStagePassed{Stage: "home_affairs", Next: "council", Reason: "Đạt.", Attachments: atts, Eligibility: elig, ReferenceVersion: 1},
		&events.OfficialRegistered{OfficialID: "o1", AgencyCode: "so_noi_vu", OfficialProfile: profile},
		&events.OfficialUpdated{OfficialProfile: profile, Changed: changed},
		&events.OfficialBooked{NominationID: "n1", StartDate: events.NewDate(2027, 2, 9), EndDate: events.NewDate(2027, 2, 15)},
		&events.DeadlineReminded{DeadlineRef: ref, Milestone: 75, Role: "council", Calendar: 1},
		&events.DeadlineEscalated{DeadlineRef: ref, Role: "province", Calendar: 1},
		&events.NominationSubmitted{},
	} {
		e, err := events.New("01a21cde-149a-7559-a9c2-5319106fd7fe", "daotao.events.nomination.n1", time.Date(2026, 3, 2, 8, 0, 0, 120_000_000, time.UTC),
			events.Actor{UserID: "u", Username: "tc", Role: "agency", Agency: "so_y_te", OnBehalfOf: &events.Actor{UserID: "b", Username: "boss", Role: "council"}}, p)
		if err != nil {
			tb.Fatal(err)
		}
		e.CorrelationID, e.CausationID, e.IdempotencyKey, e.RequestHash = "c", "d", "k", "h"
		b, err := json.Marshal(e)
		if err != nil {
			tb.Fatal(err)
		}
		seeds = append(seeds, b)
	}
	return seeds
}

// TestFastDecoderOnEveryField: the fast decoder decodes every field of
// the payloads it handles as the generic decoders do.
func TestFastDecoderOnEveryField(t *testing.T) {
	fd := events.NewFastDecoder()
	for _, b := range fastSeeds(t) {
		if took, payload := checkFast(t, fd, b); !took || !payload {
			t.Errorf("fast decoder declined (envelope %v, payload %v):\n%s", took, payload, b)
		}
	}
}

// TestFastDecoderDeclines: input the fast decoder must leave to the
// generic one, valid or not: payloads it does not decode (the envelope is
// still its own), and envelopes it does not take.
func TestFastDecoderDeclines(t *testing.T) {
	const head = `{"id":"a","type":"nomination.withdrawn","version":1,"subject":"s","time":"2026-03-02T08:00:00Z","actor":{"username":"u","role":"agency"},`
	for _, b := range []string{
		head + `"data":{"reason":"a\"b"}}`,           // escape
		head + `"data":{"Reason":"x"}}`,              // another case
		head + `"data":{"reason":"x","reason":"y"}}`, // twice
		head + `"data":{"reason":"x","other":1}}`,    // unknown field
		head + `"data":{"reason":null}}`,             // null
		head + `"data":{"reason":1}}`,                // another kind
	} {
		fd := events.NewFastDecoder()
		if _, p, ok := fd.Decode([]byte(b)); !ok || p != nil {
			t.Errorf("Decode(%s) = payload %v, %v; want the envelope without payload", b, p, ok)
		}
		checkFast(t, fd, []byte(b))
	}
	for _, b := range []string{
		head + `"data":{"reason":"x"}} x`,        // trailing data
		head + `"data":{"reason":"x"}`,           // truncated
		head + "\"data\":{\"reason\":\"\xff\"}}", // invalid UTF-8
		head + `"data":{"reason":"x",}}`,         // trailing comma
		head + `"data":{"reason":"x"},"ID":"b"}`, // another case
		head + `"data":{"reason":"x"},"id":"b"}`, // twice
		head + `"data":null}`,
		`{"id":"a","type":"session.closed","version":0,"subject":"s","data":{}}`,
		`{"id":"a","type":"session.closed","version":1,"subject":"s","time":"2026-03-02T08:00:00+07:00","data":{}}`,
		`{"id":"a","type":"session.closed","version":1,"subject":"s","time":"2026-02-30T08:00:00Z","data":{}}`,
		`{"id":"a","type":"session.closed","version":1.0,"subject":"s","data":{}}`,
	} {
		if _, _, ok := events.NewFastDecoder().Decode([]byte(b)); ok {
			t.Errorf("fast decoder took %s", b)
		}
	}
}

// TestFastDecoderStringBoundaries puts the bytes that matter in a string
// (the end of it, escapes, control characters, UTF-8 good and bad) at
// every offset of the eight-byte words the decoder scans strings by: it
// decodes them as the generic decoders do, or declines.
func TestFastDecoderStringBoundaries(t *testing.T) {
	const head = `{"id":"a","type":"nomination.withdrawn","version":1,"subject":"s","data":{"reason":"`
	fd := events.NewFastDecoder()
	for _, special := range []string{`\"`, `\\`, `\n`, "\x01", "\x1f", "\x7f", "é", "\xc3", "\xff", "\xed\xa0\x80", "ệ"} {
		for pos := range 20 {
			for tail := range 12 {
				text := strings.Repeat("a", pos) + special + strings.Repeat("b", tail)
				b := []byte(head + text + `"}}`)
				took, payload := checkFast(t, fd, b)
				if valid := utf8.ValidString(text) && !strings.ContainsAny(text, "\\\x01\x1f"); valid && (!took || !payload) {
					t.Errorf("fast decoder declined %q", b)
				}
				checkFast(t, events.NewFastDecoder(), b)
			}
		}
	}
}

// FuzzFastDecoderMatchesGeneric: whatever the fast decoder takes, the
// generic decoders (encoding/json and decodeJSON) take too and decode to
// the same envelope and payload; what they refuse, it never takes.
// Seeds: the corners of decodeSeeds, fastSeeds and a slice of the
// national sample.
func FuzzFastDecoderMatchesGeneric(f *testing.F) {
	for _, s := range append(decodeSeeds(f), fastSeeds(f)...) {
		f.Add(s)
	}
	for i, s := range NationalSample(f) {
		if i%23 == 0 {
			f.Add(s)
		}
	}
	fd := events.NewFastDecoder()
	f.Fuzz(func(t *testing.T, b []byte) {
		checkFast(t, fd, b)
	})
}

// BenchmarkDecodeEvent decodes the national sample's events, one per
// iteration, envelope and payload: generic is the reflective decoder a
// replay used before, fast the hand-written one (which falls back to
// generic for what it declines).
func BenchmarkDecodeEvent(b *testing.B) {
	sample := NationalSample(b)
	var size int
	for _, s := range sample {
		size += len(s)
	}
	b.Run("generic", func(b *testing.B) {
		b.SetBytes(int64(size / len(sample)))
		i := 0
		for b.Loop() {
			if _, _, err := genericDecode(sample[i%len(sample)], decodeJSON); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
	b.Run("fast", func(b *testing.B) {
		b.SetBytes(int64(size / len(sample)))
		fd := events.NewFastDecoder()
		i := 0
		for b.Loop() {
			e, p, ok := fd.Decode(sample[i%len(sample)])
			if !ok {
				b.Fatal(errors.New("declined"))
			}
			if p == nil {
				if _, err := events.UnmarshalWith(e, decodeJSON); err != nil {
					b.Fatal(err)
				}
			}
			i++
		}
	})
}

// TestReadDecodesLikeGeneric reads the national sample, and corner cases
// the fast decoder declines, back from a server with one decoder beside
// the reader and with several decoding ahead: every event arrives once, in
// order, exactly as the generic decoder decodes it.
func TestReadDecodesLikeGeneric(t *testing.T) {
	ns, err := StartEmbedded(ServerConfig{StoreDir: t.TempDir(), ServerName: "decode"})
	if err != nil {
		t.Fatal(err)
	}
	defer ns.Shutdown()
	nc, err := ConnectEmbedded(ns, t.Name())
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	ctx := context.Background()
	st, err := Open(ctx, nc, Config{})
	if err != nil {
		t.Fatal(err)
	}
	js, err := natsjs.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	corners := []string{
		`{"id":"a","type":"nomination.withdrawn","version":1,"subject":"daotao.events.nomination.x","data":{"reason":"a\"b"}}`,
		`{"id":"a","type":"nomination.withdrawn","version":1,"subject":"daotao.events.nomination.x","time":"2026-03-02T08:00:00+07:00","data":{"Reason":"b"}}`,
		`{"ID":"a","type":"user.enabled","version":1,"subject":"daotao.events.user.x","data":{}}`,
	}
	sample := append(NationalSample(t), fastSeeds(t)...)
	for _, c := range corners {
		sample = append(sample, []byte(c))
	}
	for _, data := range sample {
		var e struct{ Subject string }
		if err := json.Unmarshal(data, &e); err != nil {
			t.Fatal(err)
		}
		if _, err := js.PublishAsync(e.Subject, data); err != nil {
			t.Fatal(err)
		}
	}
	<-js.PublishAsyncComplete()
	defer func(f func() int) { aheadDecoders = f }(aheadDecoders)
	for _, decoders := range []int{1, 3} {
		aheadDecoders = func() int { return decoders }
		i := 0
		err := st.Read(ctx, 1, 0, func(r events.Recorded) error {
			e, p, err := genericDecode(sample[i], decodeJSON)
			if err != nil {
				t.Fatalf("event %d: %v", i+1, err)
			}
			if r.Seq != uint64(i+1) || !reflect.DeepEqual(r.Envelope, e) || !reflect.DeepEqual(r.Payload, p) {
				t.Fatalf("%d decoders: event %d (seq %d) differs:\n%#v %#v\n%#v %#v", decoders, i+1, r.Seq, r.Envelope, r.Payload, e, p)
			}
			i++
			return nil
		})
		if err != nil || i != len(sample) {
			t.Fatalf("%d decoders: Read = %d events, %v; want %d", decoders, i, err, len(sample))
		}
	}
}

// TestAckSeqTime: the sequence and time read from a reply subject are
// what Msg.Metadata reads, or ackSeqTime declines.
func TestAckSeqTime(t *testing.T) {
	for _, c := range []struct {
		reply string
		seq   uint64
		at    int64
		ok    bool
	}{
		{"$JS.ACK.DAOTAO.cons_1.1.42.7.1764253063123456789.9", 42, 1764253063123456789, true},
		{"$JS.ACK._.hash.DAOTAO.cons_1.1.42.7.1764253063123456789.9.rnd", 42, 1764253063123456789, true},
		{"$JS.ACK._.hash.DAOTAO.cons_1.1.42.7.1764253063123456789.9", 42, 1764253063123456789, true},
		{"$JS.ACK.DAOTAO.cons_1.1.42.7.1764253063123456789", 0, 0, false},
		{"$JS.ACK.DAOTAO.cons_1.1.4x.7.1764253063123456789.9", 0, 0, false},
		{"$JS.ACK.DAOTAO.cons_1.1..7.1.9", 0, 0, false},
		{"$JS.NAK.DAOTAO.cons_1.1.42.7.1764253063123456789.9", 0, 0, false},
		{"$JS.ACK.DAOTAO.cons_1.1.42.7.99999999999999999999.9", 0, 0, false},
	} {
		seq, at, ok := ackSeqTime(c.reply)
		if ok != c.ok || (ok && (seq != c.seq || !at.Equal(time.Unix(0, c.at)))) {
			t.Errorf("ackSeqTime(%q) = %d, %v, %v; want %d, %v, %v", c.reply, seq, at, ok, c.seq, time.Unix(0, c.at), c.ok)
		}
	}
}
