package jetstream

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"daotao/events"
)

// decodeSeeds are envelopes as stored plus the corners where JSON
// decoders differ: key case, duplicate keys, invalid UTF-8, escapes,
// numbers, nulls, trailing data.
func decodeSeeds(tb testing.TB) [][]byte {
	tb.Helper()
	var seeds [][]byte
	for _, p := range []events.Payload{
		&events.NominationCreated{NominationID: "n1", OfficialID: "o1", AgencyCode: "so_y_te", Kind: "boi_duong",
			NominationDetails: events.NominationDetails{Title: "Quản lý \"y tế\"\n", StartDate: events.NewDate(2026, 3, 2), EndDate: events.NewDate(2026, 3, 13), CostEstimateVND: 25_000_000}},
		&events.NominationSubmitted{Eligibility: &events.Eligibility{Eligible: true, RuleSet: "nd171", RuleSetVersion: 1,
			Checks: []events.EligibilityCheck{{Code: "in_target_groups", Passed: true, Detail: "Nhóm 3: đạt"}}}, ReferenceVersion: 1},
		&events.OfficialUpdated{Changed: []events.FieldChange{{Field: "ratings", From: map[string]any{"2024": "tot"}, To: 2.5}}},
		&events.SessionOpened{SessionID: "s", UserID: "u", TokenSHA256: "ab", ExpiresAt: time.Date(2026, 1, 2, 3, 4, 5, 6, time.FixedZone("", 7*3600))},
	} {
		e, err := events.New("id-1", "daotao.events.x.y", time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC),
			events.Actor{UserID: "u", Username: "tc", Role: "agency", OnBehalfOf: &events.Actor{Username: "boss", Role: "council"}}, p)
		if err != nil {
			tb.Fatal(err)
		}
		e.IdempotencyKey = "k"
		b, err := json.Marshal(e)
		if err != nil {
			tb.Fatal(err)
		}
		seeds = append(seeds, b)
	}
	return append(seeds,
		[]byte(`{"ID":"a","TYPE":"session.closed","version":1,"subject":"s","data":{}}`),
		[]byte(`{"id":"a","id":"b","type":"session.closed","version":1,"subject":"s","data":{"x":1},"data":null}`),
		[]byte("{\"id\":\"\xff\xfe\",\"type\":\"session.closed\",\"version\":1,\"subject\":\"s\\u00e9\\ud800\",\"data\":{}}"),
		[]byte(`{"id":"a","type":"session.closed","version":1.0,"subject":"s","data":{}}`),
		[]byte(`{"id":"a","type":"session.closed","version":1e0,"subject":"s","data":{}} `),
		[]byte(`{"id":"a","type":"session.closed","version":1,"subject":"s","data":{}}{}`),
		[]byte(`{"id":null,"type":"session.closed","version":1,"subject":"s","time":"2026-03-02T08:00:00+07:00","data":[1,"x"]}`),
		[]byte(`{"id":"a","type":"session.closed","version":1,"subject":"s","time":"not a time","data":{}}`),
		[]byte(`{"id":"a","type":"nomination.created","version":1,"subject":"s","data":{"cost_estimate_vnd":1.5,"start_date":"2026-02-30"}}`),
		[]byte(`{"id":"a","type":"nomination.created","version":1,"subject":"s","data":{"Title":"hoa","TITLE":"thường","unknown":[{}]}}`),
	)
}

// FuzzDecodeJSONMatchesEncodingJSON: decodeJSON accepts exactly what
// encoding/json accepts and decodes it to the same envelope and payload.
func FuzzDecodeJSONMatchesEncodingJSON(f *testing.F) {
	for _, s := range decodeSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var want, got events.Envelope
		errWant, errGot := json.Unmarshal(b, &want), decodeJSON(b, &got)
		if (errWant == nil) != (errGot == nil) {
			t.Fatalf("encoding/json: %v; decodeJSON: %v\n%q", errWant, errGot, b)
		}
		if errWant != nil {
			return
		}
		if !reflect.DeepEqual(want, got) {
			t.Fatalf("envelopes differ:\n%#v\n%#v", want, got)
		}
		pw, errWant := events.UnmarshalWith(want, json.Unmarshal)
		pg, errGot := events.UnmarshalWith(want, decodeJSON)
		if (errWant == nil) != (errGot == nil) {
			t.Fatalf("payload: encoding/json: %v; decodeJSON: %v\n%s", errWant, errGot, want.Data)
		}
		if errWant == nil && !reflect.DeepEqual(pw, pg) {
			t.Fatalf("payloads differ:\n%#v\n%#v", pw, pg)
		}
	})
}
