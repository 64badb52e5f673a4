package projections

import "daotao/events"

// canonicalID returns the id of an event's nomination or official as the
// state already holds it (or as its creating payload spells it), instead
// of the part of the event's subject: a map key or a row that kept the
// subject's part would keep the whole subject in memory, once per
// nomination and official and apart from the id the aggregate holds (issue
// 7). Any other id, or one that differs, is returned as it is.
func (s *State) canonicalID(aggregate, id string, p events.Payload) string {
	switch aggregate {
	case events.AggregateNomination:
		// Through the read index, which has the nomination's row too
		// (current.go).
		if i, ok := s.index.nominationAt[id]; ok {
			n := s.index.nominations[i].n
			s.cur = current{id: id, n: n, row: i}
			if n.ID() == id {
				return n.ID()
			}
		} else if e, ok := p.(*events.NominationCreated); ok && e.NominationID == id {
			return e.NominationID
		}
	case events.AggregateOfficial:
		if i, ok := s.index.officialAt[id]; ok {
			o := s.index.officials[i].o
			s.cur = current{id: id, o: o, row: i}
			if o.OfficialID == id {
				return o.OfficialID
			}
		} else if e, ok := p.(*events.OfficialRegistered); ok && e.OfficialID == id {
			return e.OfficialID
		}
	}
	return id
}

// shareIDs makes what an event just added hold the id strings the state
// already holds, rather than the copies decoded with the event: the
// official's id in a new nomination, the nomination's id in a new booking.
func (s *State) shareIDs(id string, p events.Payload) {
	switch e := p.(type) {
	case *events.NominationCreated:
		if n, ok := s.nominationOf(id); ok {
			if o, ok := s.officials[e.OfficialID]; ok {
				n.ShareOfficialID(o.OfficialID)
			}
		}
	case *events.OfficialBooked:
		o, ok := s.officialOf(id)
		n, found := s.nominationOf(e.NominationID)
		if !ok || !found || len(o.Bookings) == 0 {
			return
		}
		// The booking was just appended to a new array (Official.Apply
		// never changes one in place), which no copy shares yet.
		if b := &o.Bookings[len(o.Bookings)-1]; b.NominationID == n.ID() {
			b.NominationID = n.ID()
		}
	}
}
