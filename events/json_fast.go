package events

// JSONDecoder decodes JSON into v as encoding/json's Unmarshal does. The
// events package itself uses encoding/json only, so that what an auditor
// runs offline (the verifier) depends on the standard library alone; the
// JetStream store passes a faster decoder to DecodeWith and UnmarshalWith.
type JSONDecoder func(data []byte, v any) error
