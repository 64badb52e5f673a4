package projections

import (
	"time"

	"daotao/domain"
	"daotao/events"
)

// Session is an open or closed login session.
type Session struct {
	ID        string
	UserID    string
	OpenedAt  time.Time
	ExpiresAt time.Time
	Closed    bool
	Seq       uint64
}

func (s *State) applyUser(r events.Recorded, p events.Payload) {
	if c, ok := p.(*events.UserCreated); ok {
		u := &domain.User{}
		u.Apply(r.Seq, p)
		s.users[c.UserID] = u
		s.usersByName[c.Username] = u
		return
	}
	_, name, _ := events.SplitSubject(r.Subject)
	u, ok := s.usersByName[name]
	if !ok {
		return
	}
	u.Apply(r.Seq, p)
	if _, disabled := p.(*events.UserDisabled); disabled {
		s.closeSessionsOf(u.ID)
	}
}

func (s *State) closeSessionsOf(userID string) {
	for _, ses := range s.sessions {
		if ses.UserID == userID {
			ses.Closed = true
		}
	}
}

func (s *State) applySession(r events.Recorded, id string, p events.Payload) {
	switch e := p.(type) {
	case *events.SessionOpened:
		ses := &Session{ID: e.SessionID, UserID: e.UserID, OpenedAt: r.Time, ExpiresAt: e.ExpiresAt, Seq: r.Seq}
		s.sessions[e.TokenSHA256] = ses
		s.sessionByID[e.SessionID] = ses
	case *events.SessionClosed:
		if ses, ok := s.sessionByID[id]; ok {
			ses.Closed, ses.Seq = true, r.Seq
		}
	}
}

// User returns a copy of the user with id.
func (s *State) User(id string) (domain.User, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	u, ok := s.users[id]
	if !ok {
		return domain.User{}, false
	}
	return *u, true
}

// UserByName returns a copy of the user with username.
func (s *State) UserByName(name string) (domain.User, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	u, ok := s.usersByName[name]
	if !ok {
		return domain.User{}, false
	}
	return *u, true
}

// Users returns copies of every user, in no particular order.
func (s *State) Users() []domain.User {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]domain.User, 0, len(s.users))
	for _, u := range s.users {
		out = append(out, *u)
	}
	return out
}

// SessionByToken returns the session whose token hashes to tokenSHA256,
// together with its user.
func (s *State) SessionByToken(tokenSHA256 string) (Session, domain.User, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	ses, ok := s.sessions[tokenSHA256]
	if !ok {
		return Session{}, domain.User{}, false
	}
	u, ok := s.users[ses.UserID]
	if !ok {
		return Session{}, domain.User{}, false
	}
	return *ses, *u, true
}

// SessionByID returns the session with id.
func (s *State) SessionByID(id string) (Session, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	ses, ok := s.sessionByID[id]
	if !ok {
		return Session{}, false
	}
	return *ses, true
}
