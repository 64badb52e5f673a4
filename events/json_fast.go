package events

import jsonv1 "github.com/go-json-experiment/json/v1"

// decodeJSON is encoding/json's Unmarshal with the same semantics (the
// v1 options: case-insensitive names, duplicate names, invalid UTF-8
// replaced, RawMessage and UnmarshalJSON methods honoured) on the engine
// that is becoming encoding/json/v2, which decodes events about twice as
// fast: a rebuild spends most of its time here. The errors it returns are
// only ever reported as text, wrapped in ErrMalformed.
func decodeJSON(data []byte, v any) error { return jsonv1.Unmarshal(data, v) }
