package projections

import "daotao/domain"

// A replay at national scale spent a third of its applying time looking
// up one id in one map after another (the nominations, the read index's
// rows, the stage clocks, the notifications' nominations; the officials,
// their rows, their ratings): with hundreds of thousands of entries each
// look-up is a cache miss. An event about a nomination or an official now
// finds it once, through the read index (whose row points to it, and for
// a nomination to its stage clock), and apply hands what it found to the
// books that follow through current.

// current is the nomination or official the event being applied is
// about, as apply found it: its id as the event's subject spells it, the
// nomination or the official, and its row in the read index. n and o are
// nil when the event is about neither, or about one not created yet. It
// holds only during one apply (State.apply resets it).
type current struct {
	id  string
	n   *domain.Nomination
	o   *domain.Official
	row int32
}

// nominationRow returns nomination id and its row in the read index:
// the event's own nomination without a look-up, any other through the
// index. The index holds a row for every nomination of State.nominations,
// under the same id and with the same pointer (applyNomination adds both).
func (s *State) nominationRow(id string) (*domain.Nomination, int32, bool) {
	if s.cur.n != nil && s.cur.id == id {
		return s.cur.n, s.cur.row, true
	}
	i, ok := s.index.nominationAt[id]
	if !ok {
		return nil, -1, false
	}
	return s.index.nominations[i].n, i, true
}

// officialOf returns official id, as s.officials[id] does, the event's
// own without a look-up. The index holds a row for every official of
// State.officials, with the same pointer (applyOfficial adds both).
func (s *State) officialOf(id string) (*domain.Official, bool) {
	if s.cur.o != nil && s.cur.id == id {
		return s.cur.o, true
	}
	o, ok := s.officials[id]
	return o, ok
}

// nominationOf returns nomination id, as s.nominations[id] does, the
// event's own without a look-up.
func (s *State) nominationOf(id string) (*domain.Nomination, bool) {
	if s.cur.n != nil && s.cur.id == id {
		return s.cur.n, true
	}
	n, ok := s.nominations[id]
	return n, ok
}
