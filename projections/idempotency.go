package projections

import "daotao/events"

// Idempotent is what a command with an Idempotency-Key produced, so that a
// repeat of it can be answered with the original result.
type Idempotent struct {
	Seq         uint64
	AggregateID string
	EventType   string
	RequestHash string
	// Status is the nomination's status right after the event, if any.
	Status string
}

// IdempotencyKey scopes a client's key to the user who sent it.
func IdempotencyKey(userID, key string) string { return userID + "\x00" + key }

func (s *State) rememberKey(r events.Recorded, id string) {
	k := IdempotencyKey(r.Actor.UserID, r.IdempotencyKey)
	if _, seen := s.idem[k]; seen {
		return
	}
	rec := Idempotent{Seq: r.Seq, AggregateID: id, EventType: r.Type, RequestHash: r.RequestHash}
	if n, ok := s.nominations[id]; ok {
		rec.Status = string(n.Status())
	}
	s.idem[k] = rec
}

// Idempotency returns what the command with key sent by userID produced.
func (s *State) Idempotency(userID, key string) (Idempotent, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	rec, ok := s.idem[IdempotencyKey(userID, key)]
	return rec, ok
}
