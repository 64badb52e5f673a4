package projections

import (
	"maps"
	"math"
	"slices"
	"sort"
	"strconv"
	"time"

	"daotao/domain"
	"daotao/events"
)

// Notification is one entry of the in-app inbox: something that happened
// which the users of one audience should know about.
type Notification struct {
	ID   string    `json:"id"`
	Seq  uint64    `json:"seq"`
	Time time.Time `json:"time"`
	// Kind is the type of the event it tells about.
	Kind string `json:"kind"`
	// Text says what happened, in Vietnamese.
	Text string `json:"text"`
	// Link is the page to open, if any.
	Link         string `json:"link,omitempty"`
	NominationID string `json:"nomination_id,omitempty"`
	// Read is whether the user reading it has marked it read.
	Read     bool     `json:"read"`
	audience Audience // who it is for
}

// Audience is who a notification is for: every user of an agency (for an
// agency's requests), or every user of a role.
type Audience struct {
	Role   string
	Agency string
}

// AgencyAudience is the audience of an agency's officers.
func AgencyAudience(code string) Audience {
	return Audience{Role: string(domain.RoleAgency), Agency: code}
}

// RoleAudience is the audience of every user of role r; for the agency
// role use AgencyAudience.
func RoleAudience(r string) Audience { return Audience{Role: r} }

// audienceOf is the audience a user belongs to.
func audienceOf(u *domain.User) Audience {
	if u.Role == domain.RoleAgency {
		return AgencyAudience(u.Agency)
	}
	return RoleAudience(string(u.Role))
}

// note is what a notifier produces: the text (or the parts it is rendered
// from, noteText), for whom, and the link.
type note struct {
	to           []Audience
	text         string
	parts        noteText // used when text is ""
	link         string
	nominationID string
}

// notice is a Notification as the inbox keeps it: the text as the parts
// it is rendered from on read (noteText), the time as Unix nanoseconds,
// the link left out when it is the nomination's page, and the audience as
// an index into the inbox's audiences. A national log has hundreds of
// thousands of notifications (issue 7).
type notice struct {
	id           string
	seq          uint64
	at           int64 // Unix nanoseconds, UTC; noticeOtherTime: in inbox.otherTimes
	text         noteText
	nominationID string
	audience     uint32 // index in inbox.audiences
	kind         uint16 // index in inbox.kinds
	link         uint8  // linkNone, linkNomination or linkOther (inbox.links)
}

// How a notice's link is kept.
const (
	linkNone       = iota // no link
	linkNomination        // nominationLink(nominationID)
	linkOther             // in inbox.links, by id
)

// noticeOtherTime marks a notification time that Unix nanoseconds do not
// give back identical (zero, another location, out of range).
const noticeOtherTime = math.MinInt64

// compactTime returns t as Unix nanoseconds, or false when that would not
// give back t identical.
func compactTime(t time.Time) (int64, bool) {
	if t.IsZero() {
		return 0, false
	}
	ns := t.UnixNano()
	return ns, ns != noticeOtherTime && time.Unix(0, ns).UTC() == t
}

// view returns the notification as readers see it.
func (in *inbox) view(n *notice) Notification {
	kind := in.kinds[n.kind]
	out := Notification{ID: n.id, Seq: n.seq, Kind: kind, Text: n.text.render(kind),
		NominationID: n.nominationID, audience: in.audiences[n.audience]}
	if n.at == noticeOtherTime {
		out.Time = in.otherTimes[n.id]
	} else {
		out.Time = time.Unix(0, n.at).UTC()
	}
	switch n.link {
	case linkNomination:
		out.Link = nominationLink(n.nominationID)
	case linkOther:
		out.Link = in.links[n.id]
	}
	return out
}

// notifier turns one event into notes. Adding a kind of notification is
// one such function and one line in notifiers.
type notifier func(s *State, r events.Recorded, p events.Payload) []note

// readMarks is one user's read state.
type readMarks struct {
	seq  uint64          // last sequence of the user's inbox subject
	upTo uint64          // every notification up to this sequence is read
	ids  map[string]bool // read one by one
}

// mailState is what has been e-mailed to one user.
type mailState struct {
	email  string
	setSeq uint64 // notifications after this sequence are e-mailed
	seq    uint64 // last sequence of the user's mail subject
	upTo   uint64 // notifications up to this sequence were handled
}

// inbox is the projection of notifications, read marks and e-mail.
type inbox struct {
	byID map[string]*notice
	// byAudience lists each audience's notifications in sequence order.
	byAudience map[Audience][]*notice
	// audiences are the audiences notified so far, indexed by notice.
	audiences  []Audience
	audienceNo map[Audience]uint32
	// otherTimes are the times of the notices whose at is
	// noticeOtherTime, by id; links the links of those whose link is
	// linkOther, by id.
	otherTimes map[string]time.Time
	links      map[string]string
	// kinds are the event types notified so far, indexed by notice.
	kinds  []string
	kindNo map[string]uint16
	read   map[string]*readMarks // by user id
	mail   map[string]*mailState // by user id
	// slab is where new notices are allocated, noticeSlab at a time:
	// notices are kept for good, and allocated one by one they would
	// share the allocator's spans with a replay's garbage and leave them
	// fragmented. Not part of a snapshot (a restored state allocates a
	// new one when it needs it).
	slab []notice `snapshot:"-"`
}

// noticeSlab is how many notices are allocated at once (a large object of
// its own pages).
const noticeSlab = 512

// newNotice returns a zero notice from the slab.
func (in *inbox) newNotice() *notice {
	if len(in.slab) == 0 {
		in.slab = make([]notice, noticeSlab)
	}
	n := &in.slab[0]
	in.slab = in.slab[1:]
	return n
}

func newInbox() *inbox {
	return &inbox{byID: map[string]*notice{}, byAudience: map[Audience][]*notice{}, audienceNo: map[Audience]uint32{},
		read: map[string]*readMarks{}, mail: map[string]*mailState{}}
}

// applyInbox folds one event into the inbox: read marks, e-mail addresses
// and mail sent, and the notifications the event gives rise to. It runs
// after the event's own aggregate has been applied.
func (s *State) applyInbox(r events.Recorded, id string, p events.Payload) {
	in := s.inbox
	switch e := p.(type) {
	case *events.InboxRead:
		m := in.marks(id)
		m.seq = r.Seq
		if e.All && e.UpTo > m.upTo {
			m.upTo = e.UpTo
		}
		for _, nid := range e.IDs {
			m.ids[nid] = true
		}
		return
	case *events.UserEmailSet:
		if u, ok := s.usersByName[id]; ok {
			ms := in.mailOf(u.ID)
			ms.email, ms.setSeq = e.Email, r.Seq
		}
		return
	case *events.MailSent:
		ms := in.mailOf(id)
		ms.seq = r.Seq
		for _, nid := range e.NotificationIDs {
			if n, ok := in.byID[nid]; ok && n.seq > ms.upTo {
				ms.upTo = n.seq
			}
		}
		return
	}
	if f, ok := notifiers[r.Type]; ok {
		for i, nt := range f(s, r, p) {
			in.add(r, i, nt)
		}
	}
}

func (in *inbox) marks(userID string) *readMarks {
	m, ok := in.read[userID]
	if !ok {
		m = &readMarks{ids: map[string]bool{}}
		in.read[userID] = m
	}
	return m
}

func (in *inbox) mailOf(userID string) *mailState {
	m, ok := in.mail[userID]
	if !ok {
		m = &mailState{}
		in.mail[userID] = m
	}
	return m
}

// add records one note of event r, once per audience; ids derive from the
// event's id so that a replay gives the same ones.
func (in *inbox) add(r events.Recorded, i int, nt note) {
	text := nt.parts
	if nt.text != "" || text.form == formText {
		text = noteText{form: formText, a: nt.text}
	}
	at, compact := compactTime(r.Time)
	if !compact {
		at = noticeOtherTime
	}
	kind, ok := in.kindNo[r.Type]
	if !ok {
		if in.kindNo == nil {
			in.kindNo = map[string]uint16{}
		}
		kind = uint16(len(in.kinds))
		in.kinds = append(in.kinds, r.Type)
		in.kindNo[r.Type] = kind
	}
	for j, a := range nt.to {
		k, ok := in.audienceNo[a]
		if !ok {
			k = uint32(len(in.audiences))
			in.audiences = append(in.audiences, a)
			in.audienceNo[a] = k
		}
		n := in.newNotice()
		*n = notice{id: r.ID + "-" + strconv.Itoa(i) + strconv.Itoa(j), seq: r.Seq, at: at, kind: kind,
			text: text, nominationID: nt.nominationID, audience: k}
		switch {
		case nt.link == "":
		case nt.nominationID != "" && isNominationLink(nt.link, nt.nominationID):
			n.link = linkNomination
		default:
			n.link = linkOther
			if in.links == nil {
				in.links = map[string]string{}
			}
			in.links[n.id] = nt.link
		}
		if !compact {
			if in.otherTimes == nil {
				in.otherTimes = map[string]time.Time{}
			}
			in.otherTimes[n.id] = r.Time
		}
		in.byID[n.id] = n
		in.byAudience[a] = append(in.byAudience[a], n)
	}
}

// InboxPage is one page of a user's notifications.
type InboxPage struct {
	Items  []Notification
	Total  int
	Unread int
	// Seq is the sequence of the user's inbox subject (the expected
	// sequence of the next read mark), Latest the newest notification's.
	Seq, Latest uint64
}

// Inbox returns the notifications of user id, newest first, unread only
// when unreadOnly, with the unread count.
func (s *State) Inbox(userID string, unreadOnly bool, pg Page) InboxPage {
	s.mu.RLock()
	defer s.mu.RUnlock()
	u, ok := s.users[userID]
	if !ok {
		return InboxPage{}
	}
	list := s.inbox.byAudience[audienceOf(u)]
	m := s.inbox.read[userID]
	out := InboxPage{Unread: s.unread(list, m)}
	if m != nil {
		out.Seq = m.seq
	}
	if len(list) > 0 {
		out.Latest = list[len(list)-1].seq
	}
	var matched []*notice
	for i := len(list) - 1; i >= 0; i-- {
		if !unreadOnly || !m.isRead(list[i]) {
			matched = append(matched, list[i])
		}
	}
	out.Total = len(matched)
	lo, hi := pg.window(len(matched))
	for _, n := range matched[lo:hi] {
		c := s.inbox.view(n)
		c.Read = m.isRead(n)
		out.Items = append(out.Items, c)
	}
	return out
}

func (m *readMarks) isRead(n *notice) bool {
	return m != nil && (n.seq <= m.upTo || m.ids[n.id])
}

// unread counts the notifications of list m has not read: those after its
// watermark (found by binary search) less those read one by one.
func (s *State) unread(list []*notice, m *readMarks) int {
	var upTo uint64
	if m != nil {
		upTo = m.upTo
	}
	i := sort.Search(len(list), func(i int) bool { return list[i].seq > upTo })
	n := len(list) - i
	if m != nil {
		for id := range m.ids {
			if x, ok := s.inbox.byID[id]; ok && x.seq > upTo && x.audience == list[0].audience {
				n--
			}
		}
	}
	return n
}

// Unread returns how many notifications user id has not read.
func (s *State) Unread(userID string) int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	u, ok := s.users[userID]
	if !ok {
		return 0
	}
	list := s.inbox.byAudience[audienceOf(u)]
	if len(list) == 0 {
		return 0
	}
	return s.unread(list, s.inbox.read[userID])
}

// InboxNotification returns notification id if user id may see it.
func (s *State) InboxNotification(userID, id string) (Notification, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	u, ok := s.users[userID]
	n, found := s.inbox.byID[id]
	if !ok || !found || s.inbox.audiences[n.audience] != audienceOf(u) {
		return Notification{}, false
	}
	return s.inbox.view(n), true
}

// Email returns the e-mail address of user id, "" when none is set.
func (s *State) Email(userID string) string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if m, ok := s.inbox.mail[userID]; ok {
		return m.email
	}
	return ""
}

// Mail is the notifications due to be e-mailed to one user.
type Mail struct {
	UserID, Username, Email string
	// Seq is the sequence of the user's mail subject: the expected
	// sequence of the MailSent event that records this mail.
	Seq   uint64
	Items []Notification
}

// PendingMail returns, for every user with an e-mail address, the
// notifications recorded after the address was set that no MailSent event
// covers yet, oldest first, at most max per user.
func (s *State) PendingMail(max int) []Mail {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []Mail
	for _, uid := range slices.Sorted(maps.Keys(s.inbox.mail)) {
		ms := s.inbox.mail[uid]
		u, ok := s.users[uid]
		if ms.email == "" || !ok || u.Disabled {
			continue
		}
		after := max64(ms.setSeq, ms.upTo)
		list := s.inbox.byAudience[audienceOf(u)]
		i := sort.Search(len(list), func(i int) bool { return list[i].seq > after })
		if i == len(list) {
			continue
		}
		m := Mail{UserID: uid, Username: u.Username, Email: ms.email, Seq: ms.seq}
		for _, n := range list[i:min(len(list), i+max)] {
			m.Items = append(m.Items, s.inbox.view(n))
		}
		out = append(out, m)
	}
	return out
}

func max64(a, b uint64) uint64 {
	if a > b {
		return a
	}
	return b
}
