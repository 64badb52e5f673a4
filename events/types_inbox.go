package events

import "time"

// Event types of the inbox, e-mail addresses and mail sent.
const (
	TypeInboxRead    = "inbox.read"
	TypeUserEmailSet = "user.email_set"
	TypeMailSent     = "mail.sent"
)

// Aggregates of the inbox: a user's read marks (keyed by user id) and the
// e-mail sent to a user (keyed by user id).
const (
	AggregateInbox = "inbox"
	AggregateMail  = "mail"
)

// InboxRead records that a user read notifications of their inbox: the
// ones listed, and with All every notification up to stream sequence
// UpTo.
type InboxRead struct {
	IDs  []string `json:"ids,omitempty"`
	All  bool     `json:"all,omitempty"`
	UpTo uint64   `json:"up_to,omitempty"`
}

// UserEmailSet records the e-mail address notifications are sent to for
// a user (set by an admin); empty removes it.
type UserEmailSet struct {
	Email string `json:"email"`
}

// MailSent records notifications sent by e-mail to a user, so that a
// restart does not send them again.
type MailSent struct {
	UserID          string    `json:"user_id"`
	To              string    `json:"to"`
	NotificationIDs []string  `json:"notification_ids"`
	SentAt          time.Time `json:"sent_at"`
}

// EventType implements Payload.
func (InboxRead) EventType() string { return TypeInboxRead }

// EventType implements Payload.
func (UserEmailSet) EventType() string { return TypeUserEmailSet }

// EventType implements Payload.
func (MailSent) EventType() string { return TypeMailSent }
