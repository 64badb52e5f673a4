package jetstream

import jsonv1 "github.com/go-json-experiment/json/v1"

// decodeJSON is encoding/json's Unmarshal with the same semantics (the v1
// options: case-insensitive names, duplicate names, invalid UTF-8
// replaced, RawMessage and UnmarshalJSON methods honoured) on the engine
// that is becoming encoding/json/v2, which decodes events about twice as
// fast: a replay spends most of its time here. Its errors are only ever
// reported as text, wrapped in events.ErrMalformed. json_test.go checks
// it against encoding/json.
func decodeJSON(data []byte, v any) error { return jsonv1.Unmarshal(data, v) }
